import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image as PillowImage
from taggit.models import Tag

from articles.importers import store
from articles.importers.report import Outcome
from articles.models import Article, Image, Section
from people.models import Contributor
from tests.articles.importing import DATA, row_counts, run, shared
from tests.photos import UTF8, iim_block, jpeg_bytes

pytestmark = pytest.mark.django_db

WXR = DATA / "wxr" / "harbour.xml"
ATTACHMENT_URL = DATA / "wxr" / "attachment-url.wordpress"
QUAY = "Quay wall repaired before the storms"


def story(headline: str) -> Article:
    return Article.objects.get(headline=headline)


def test_posts_become_stories_and_everything_else_is_counted_as_skipped():
    report = run(WXR)

    assert report.counts() == {
        "created": 5,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "failed": 0,
    }
    assert dict(report.not_stories) == {
        "comment": 3,
        "page": 1,
        "menu item": 1,
        "attachment": 1,
        "trash post": 1,
    }
    assert Article.objects.filter(import_source="wxr").count() == 5


def test_statuses_map_and_private_and_pending_posts_are_never_public():
    run(WXR)

    assert story("Night ferry returns to Skarholm").is_published
    for headline in ("Council budget vote delayed", "Pending: harbour dues rise"):
        assert story(headline).status == Article.Status.DRAFT
    assert story("Private: staff rota").status == Article.Status.DRAFT
    future = story("Lighthouse reopens next spring")
    assert (future.status, future.published_at.year) == (Article.Status.SCHEDULED, 2099)
    assert not future.is_published
    assert set(Article.objects.published().values_list("headline", flat=True)) == {
        "Night ferry returns to Skarholm"
    }


def test_post_keeps_gmt_publication_time_excerpt_as_dek_and_permalink():
    run(WXR)

    article = story("Night ferry returns to Skarholm")
    assert article.published_at.isoformat() == "2024-05-06T07:30:00+00:00"
    assert article.dek == "The night boat is back."
    assert article.source_url == "https://gazette.example.org/2024/05/night-ferry-returns/"
    assert article.external_id == "https://gazette.example.org/?p=10"


def test_body_loses_block_comments_shortcodes_photo_figures_and_scripts():
    run(WXR)

    body = story("Night ferry returns to Skarholm").body
    assert body == (
        "<p>The night crossing to Skarholm runs again from Monday, Veltrian Transport "
        "Minister Odile Marchetti said.</p><p>“We kept our promise,” Marchetti said. </p>"
    )


def test_classic_editor_paragraphs_and_line_breaks_become_html():
    run(WXR)

    assert story("Council budget vote delayed").body == (
        "<p>The council met on Tuesday.</p><p>It will vote in June.<br>Or perhaps July.</p>"
    )


def test_authors_become_contributors_by_display_name():
    run(WXR)

    assert set(Contributor.objects.values_list("name", flat=True)) == {
        "Rhea Marlow",
        "Tomas Ekberg",
    }
    bylines = story("Council budget vote delayed").bylines.all()
    assert [b.contributor.name for b in bylines] == ["Tomas Ekberg"]


def test_every_category_becomes_a_section_and_the_primary_one_files_the_story():
    run(WXR)

    assert set(Section.objects.values_list("name", "slug")) == {
        ("Harbour", "harbour"),
        ("Council", "council"),
        # A second "Council" under Harbour keeps its own section, named for its parent.
        ("Council (Harbour)", "council-harbour"),
    }
    # Yoast's primary category wins over the first listed.
    assert story("Night ferry returns to Skarholm").section.name == "Harbour"
    assert story("Council budget vote delayed").section.name == "Council"


def test_tags_stay_tags_and_post_formats_are_not_tags():
    run(WXR)

    assert set(Tag.objects.values_list("name", flat=True)) == {"Ferries", "Night boat", "Budget"}
    assert set(story("Night ferry returns to Skarholm").tags.names()) == {"Ferries", "Night boat"}


def test_featured_image_without_media_root_is_a_record_with_alt_caption_and_no_file():
    run(WXR)

    image = story("Night ferry returns to Skarholm").lead_image
    assert not image.file
    assert image.caption == "Ferries wait at the north pier at dawn."
    assert image.alt_text == "Three ferries moored at a concrete pier"


def test_featured_image_file_comes_from_media_root_and_is_stored_once(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2024" / "05").mkdir(parents=True)
    PillowImage.new("RGB", (40, 30), "navy").save(uploads / "2024" / "05" / "pier.png")
    second = tmp_path / "second.xml"
    second.write_text(
        WXR.read_text().replace("?p=10", "?p=99").replace("<wp:post_id>10<", "<wp:post_id>99<")
    )

    run(WXR, second, media_root=uploads)

    first, other = Article.objects.filter(headline="Night ferry returns to Skarholm")
    assert first.lead_image == other.lead_image
    assert Image.objects.count() == 1
    image = first.lead_image
    assert (image.width, image.height) == (40, 30)
    assert image.file.read() == (uploads / "2024" / "05" / "pier.png").read_bytes()
    assert image.content_hash and image.renditions.exists()


def test_a_story_that_fails_leaves_no_photo_files_behind(tmp_path, settings, monkeypatch):
    uploads = tmp_path / "uploads"
    (uploads / "2024" / "05").mkdir(parents=True)
    PillowImage.new("RGB", (40, 30), "navy").save(uploads / "2024" / "05" / "pier.png")
    saved = store._story_saved

    def broken(article, *, created):
        if article.lead_image_id:
            raise RuntimeError("disk full")
        saved(article, created=created)

    # The photo's story fails in its batch, then again on its own; the others import.
    monkeypatch.setattr(store, "_story_saved", broken)
    report = run(WXR, media_root=uploads)

    assert [f.reason for f in report.failed] == [
        "cannot save “Night ferry returns to Skarholm” (disk full)"
    ]
    assert report.counts()["created"] == 4
    assert not Image.objects.exists()
    media, private = settings.MEDIA_ROOT, settings.STORAGES["private"]["OPTIONS"]["location"]
    assert stored_files(media) == stored_files(private) == []


def test_media_root_never_reads_outside_its_folder(tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    secret = tmp_path / "secret.png"
    PillowImage.new("RGB", (4, 4)).save(secret)
    crafted = tmp_path / "crafted.xml"
    crafted.write_text(WXR.read_text().replace("2024/05/pier.png]]", "../secret.png]]"))

    run(crafted, media_root=uploads)

    assert not story("Night ferry returns to Skarholm").lead_image.file


def quay_export(tmp_path: Path, url: str = "", caption: str = "") -> Path:
    """The attachment-url fixture, its attachment at `url` and captioned `caption`."""
    text = ATTACHMENT_URL.read_text()
    if url:
        text = re.sub(
            r"<wp:attachment_url>.*</wp:attachment_url>",
            f"<wp:attachment_url>{url}</wp:attachment_url>",
            text,
        )
    if caption:
        text = text.replace(
            "<excerpt:encoded><![CDATA[]]>", f"<excerpt:encoded><![CDATA[{caption}]]>"
        )
    path = tmp_path / "export.xml"
    path.write_text(text)
    return path


def quay_photo(uploads: Path, data: bytes | None = None) -> Path:
    """A photo where the fixture's attachment_url points, under the uploads folder."""
    path = uploads / "2024" / "06" / "quay wall.jpg"
    path.parent.mkdir(parents=True)
    path.write_bytes(data or jpeg_bytes())
    return path


def stored_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    "url",
    [
        "https://gazette.example.org/wp-content/uploads/2024/06/quay%20wall.jpg",
        "https://gazette.example.org/uploads/2024/06/quay%20wall.jpg",
        # The theme unit test's attachments live on a CDN, with no uploads folder in the URL.
        "https://gazettetest.files.wordpress.com/2024/06/quay%20wall.jpg",
    ],
)
def test_attachment_url_finds_the_file_when_the_export_names_no_attached_file(tmp_path, url):
    uploads = tmp_path / "uploads"
    photo = quay_photo(uploads)

    run(quay_export(tmp_path, url=url), media_root=uploads)

    image = story(QUAY).lead_image
    assert image.file.read() == photo.read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "../secret.jpg",
        "%2e%2e/secret.jpg",
        "{secret}",
        "2024/06/quay%00.jpg",
        # A name longer than the file system allows is no file here, not a failed run.
        "2024/06/" + "q" * 300 + ".jpg",
    ],
)
def test_attachment_url_never_reads_outside_media_root(tmp_path, path):
    uploads = tmp_path / "uploads"
    quay_photo(uploads)
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg_bytes(colour="red"))
    url = "https://gazette.example.org/wp-content/uploads/" + path.format(secret=secret)

    report = run(quay_export(tmp_path, url=url), media_root=uploads)

    assert not report.failed
    assert not story(QUAY).lead_image.file


EMBEDDED = iim_block(
    {(1, 90): UTF8, (2, 120): "Masons reset the quay stones.", (2, 110): "Harbour Trust"}
)


def test_photo_keeps_its_embedded_caption_and_credit_when_the_export_gives_none(tmp_path):
    uploads = tmp_path / "uploads"
    quay_photo(uploads, jpeg_bytes(iim=EMBEDDED))

    run(ATTACHMENT_URL, media_root=uploads)

    image = story(QUAY).lead_image
    assert image.file
    assert (image.caption, image.credit_line) == ("Masons reset the quay stones.", "Harbour Trust")
    assert image.alt_text == "Masons reset the quay stones."


def test_export_caption_wins_over_the_photos_embedded_one(tmp_path):
    uploads = tmp_path / "uploads"
    quay_photo(uploads, jpeg_bytes(iim=EMBEDDED))

    run(quay_export(tmp_path, caption="The repaired quay at low tide."), media_root=uploads)

    image = story(QUAY).lead_image
    assert (image.caption, image.credit_line) == ("The repaired quay at low tide.", "Harbour Trust")


def test_dry_run_leaves_storage_untouched_and_a_real_run_after_it_stores_the_photo(
    tmp_path, settings, capsys
):
    uploads = tmp_path / "uploads"
    photo = quay_photo(uploads)
    media, private = settings.MEDIA_ROOT, settings.STORAGES["private"]["OPTIONS"]["location"]
    command = ["import_stories", str(ATTACHMENT_URL), "--media-root", str(uploads)]

    call_command(*command, "--dry-run")

    assert f"would be created: {QUAY}" in capsys.readouterr().out
    assert stored_files(media) == stored_files(private) == []
    assert not Image.objects.exists()

    call_command(*command)

    image = story(QUAY).lead_image
    assert image.file.read() == photo.read_bytes()
    assert [Path(image.file.path)] == stored_files(private)
    assert len(stored_files(media)) == image.renditions.count() > 0


def test_named_people_are_found_in_posts():
    run(WXR)

    people = story("Night ferry returns to Skarholm").people.all()
    assert [(p.name, p.office) for p in people] == [
        ("Odile Marchetti", "Veltrian Transport Minister")
    ]


def test_second_run_is_all_unchanged_and_writes_nothing():
    run(WXR)
    rows = row_counts()

    report = run(WXR)

    assert report.counts()["unchanged"] == 5
    assert report.counts()["created"] == report.counts()["updated"] == 0
    assert row_counts() == rows


def test_a_newer_modification_updates_and_an_older_one_is_skipped(tmp_path):
    run(WXR)
    newer = tmp_path / "newer.xml"
    newer.write_text(
        WXR.read_text()
        .replace(
            "2024-05-06 08:00:00</wp:post_modified_gmt>",
            "2024-05-09 08:00:00</wp:post_modified_gmt>",
        )
        .replace("runs again from Monday", "runs again from Tuesday")
    )
    older = tmp_path / "older.xml"
    older.write_text(
        WXR.read_text()
        .replace(
            "2024-05-06 08:00:00</wp:post_modified_gmt>",
            "2024-05-01 08:00:00</wp:post_modified_gmt>",
        )
        .replace("runs again from Monday", "runs again from Sunday")
    )

    updated = run(newer)
    skipped = run(older)

    assert [i.title for i in updated.updated] == ["Night ferry returns to Skarholm"]
    assert [(i.outcome, i.title) for i in skipped.skipped] == [
        (Outcome.SKIPPED, "Night ferry returns to Skarholm")
    ]
    assert "older than the stored" in skipped.skipped[0].note
    assert "from Tuesday" in story("Night ferry returns to Skarholm").body


def test_wordpress_1_2_https_namespace_is_read_from_the_document(tmp_path):
    path = tmp_path / "wxr12.xml"
    path.write_text(
        WXR.read_text().replace(
            "http://wordpress.org/export/1.1/", "https://wordpress.org/export/1.2/"
        )
    )

    report = run(path)

    assert report.counts()["created"] == 5


def test_truncated_export_keeps_the_posts_before_the_break_and_reports_the_line():
    path = DATA / "malformed" / "truncated.xml"

    report = run(path)

    assert [i.title for i in report.created] == ["Night ferry returns to Skarholm"]
    (failure,) = report.failed
    assert failure.path == str(path)
    assert failure.line == len(path.read_text().splitlines())
    assert "not well-formed XML" in failure.reason
    assert Article.objects.count() == 1


def test_a_folder_of_exports_is_found_by_content(tmp_path):
    shutil.copy(WXR, tmp_path / "export.xml")

    report = run(tmp_path)

    assert report.counts()["created"] == 5


def test_unknown_xml_is_reported_not_guessed(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url/></urlset>')

    report = run(path)

    assert str(report.failed[0]) == (
        f"{path}:1: XML that is neither a WordPress export nor a feed (<urlset>)"
    )


def wxr_counts(path: Path) -> dict[str, int]:
    """What the file holds, read with lxml directly rather than with the importer."""
    from lxml import etree

    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    namespaces = tree.getroot().nsmap.values()
    wp = next(uri for uri in namespaces if re.search(r"wordpress\.org/export/[\d.]+/$", uri))
    posts = [i for i in tree.iter("item") if i.findtext(f"{{{wp}}}post_type") == "post"]
    statuses = [p.findtext(f"{{{wp}}}status") for p in posts]
    channel = tree.find("channel")
    tag_names = {t.findtext(f"{{{wp}}}tag_name").casefold() for t in channel.iter(f"{{{wp}}}tag")}
    tag_names |= {
        c.text.casefold() for p in posts for c in p.iterfind("category[@domain='post_tag']")
    }
    return {
        "posts": sum(s in {"publish", "future", "draft", "pending", "private"} for s in statuses),
        "drafts": sum(s in {"draft", "pending", "private"} for s in statuses),
        "categories": len(channel.findall(f"{{{wp}}}category")),
        "tags": len(tag_names),
        "authors": len(channel.findall(f"{{{wp}}}author")),
    }


def imported_counts() -> dict[str, int]:
    return {
        "posts": Article.objects.count(),
        "drafts": Article.objects.filter(status=Article.Status.DRAFT).count(),
        "categories": Section.objects.count(),
        "tags": Tag.objects.count(),
        "authors": Contributor.objects.count(),
    }


def test_our_own_export_imports_with_the_counts_it_holds():
    run(WXR)

    assert imported_counts() == wxr_counts(WXR)


@pytest.fixture
def theme_unit_test():
    return shared("samples", "wordpress", "theme-unit-test.xml")


def test_theme_unit_test_imports_with_the_counts_the_file_holds(theme_unit_test):
    report = run(theme_unit_test)

    assert not report.failed
    assert imported_counts() == wxr_counts(theme_unit_test)


def test_theme_unit_test_second_run_is_all_unchanged(theme_unit_test):
    first = run(theme_unit_test)
    rows = row_counts()

    second = run(theme_unit_test)

    assert second.counts() == {
        **first.counts(),
        "created": 0,
        "unchanged": first.counts()["created"],
    }
    assert row_counts() == rows
