import shutil
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import IntegrityError

from articles.importers import store
from articles.importers.report import Outcome
from articles.importers.runner import import_paths
from articles.importers.store import StoryOptions
from articles.models import Article, Byline, Image, Mention, Section
from people.models import Alias, Contributor, Outlet, Person
from tests.factories import ArticleFactory, ContributorFactory, OutletFactory, SectionFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
STORIES = DATA / "text"
MALFORMED = DATA / "text_malformed"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "seed-story.txt"


def run(*paths: Path, **kwargs):
    return import_paths(paths=list(paths), **kwargs)


def counts(report) -> dict[str, int]:
    return report.counts()


def copy_story(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(STORIES / name, target)
    return target


def row_counts() -> dict[str, int]:
    models = (Article, Byline, Image, Mention, Section, Contributor, Outlet, Person, Alias)
    return {model.__name__: model.objects.count() for model in models}


def test_import_creates_the_article_with_headline_dek_and_html_body():
    report = run(STORIES / "ferry-strike.txt")

    article = Article.objects.get()
    assert counts(report) == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 0}
    assert article.headline == "Veltria ferry strike ends as crews accept new rota"
    assert article.slug == "veltria-ferry-strike-ends-as-crews-accept-new-rota"
    assert article.dek == "The agreement restores the night crossing to Skarholm from next week."
    assert article.body.count("<p>") == 5
    assert "<p>“Nobody wanted another winter without the night boat,” Marchetti said.</p>" in (
        article.body
    )
    assert "Related" not in article.body
    assert (article.import_source, len(article.external_id)) == ("text", 64)


def test_import_stores_markup_in_the_text_as_text(tmp_path):
    path = tmp_path / "markup.txt"
    path.write_text("Harbour <b>news</b>\n\nShips <script>x()</script> & gulls.\n")

    run(path)

    article = Article.objects.get()
    assert article.headline == "Harbour <b>news</b>"
    assert article.body == "<p>Ships &lt;script&gt;x()&lt;/script&gt; &amp; gulls.</p>"


def test_import_makes_writer_bylines_in_order_with_their_outlet():
    run(STORIES / "bridge-opens.txt")

    article = Article.objects.get()
    bylines = list(article.bylines.select_related("contributor__outlet"))
    assert [(b.contributor.name, b.position, b.role) for b in bylines] == [
        ("Priya Nandakumar", 0, Byline.Role.WRITER),
        ("Felix Odum", 1, Byline.Role.WRITER),
    ]
    assert {b.contributor.outlet.name for b in bylines} == {"Riverside Courier"}
    assert article.source_outlet.name == "Riverside Courier"


def test_import_without_outlet_leaves_source_outlet_empty():
    run(STORIES / "sea-wall.txt")

    article = Article.objects.get()
    assert article.source_outlet is None
    assert article.bylines.count() == 3


def test_import_makes_a_lead_image_without_file_from_caption_and_credit():
    run(STORIES / "ferry-strike.txt")

    image = Article.objects.get().lead_image
    assert not image.file
    assert image.caption == "Deckhands leave the Port Ellis terminal after the vote on Tuesday."
    assert image.alt_text == image.caption
    assert image.credit_line == "Mara Quill/Coastline Wire"
    assert image.photographer.name == "Mara Quill"
    assert image.agency.name == "Coastline Wire"
    assert image.photographer.outlet == image.agency


def test_import_links_people_named_with_office_and_not_writers_or_photographers():
    run(STORIES / "ferry-strike.txt")

    article = Article.objects.get()
    people = {p.name: p.office for p in article.people.all()}
    assert people == {"Odile Marchetti": "Veltrian Transport Minister", "Tobias Renner": "Mayor"}


def test_import_is_draft_by_default():
    run(STORIES / "ferry-strike.txt")

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


def test_publish_option_publishes_the_story():
    run(STORIES / "ferry-strike.txt", options=StoryOptions(publish=True))

    article = Article.objects.get()
    assert article.is_published
    assert article.first_published_at == article.published_at


def test_reimport_without_publish_keeps_a_published_story_live_and_unchanged():
    run(STORIES / "ferry-strike.txt", options=StoryOptions(publish=True))

    report = run(STORIES / "ferry-strike.txt")

    assert counts(report)["unchanged"] == 1
    assert Article.objects.get().is_published


def test_publish_option_on_reimport_publishes_a_draft():
    run(STORIES / "ferry-strike.txt")

    report = run(STORIES / "ferry-strike.txt", options=StoryOptions(publish=True))

    assert counts(report)["updated"] == 1
    assert Article.objects.get().is_published


def test_section_option_files_stories_in_one_section_created_once():
    run(STORIES, options=StoryOptions(section="Harbour News"))

    section = Section.objects.get()
    assert section.name == "Harbour News"
    assert section.slug == "harbour-news"
    assert Article.objects.filter(section=section).count() == 5


def test_section_option_matches_an_existing_section_by_name_in_any_case():
    existing = SectionFactory(name="Harbour News", slug="harbour")

    run(STORIES / "ferry-strike.txt", options=StoryOptions(section="harbour news"))

    assert Article.objects.get().section == existing
    assert Section.objects.count() == 1


def test_reimport_of_the_same_file_reports_unchanged_and_writes_nothing(
    django_assert_max_num_queries,
):
    run(STORIES / "ferry-strike.txt")
    before = Article.objects.get().updated_at

    # The story's stored version, and whether related lists wait from a killed run.
    with django_assert_max_num_queries(2):
        report = run(STORIES / "ferry-strike.txt")

    assert counts(report) == {"created": 0, "updated": 0, "unchanged": 1, "skipped": 0, "failed": 0}
    assert Article.objects.get().updated_at == before


def test_reimport_of_a_folder_is_idempotent():
    first = run(STORIES)
    rows = row_counts()

    second = run(STORIES)

    assert counts(first)["created"] == 5
    assert counts(second) == {"created": 0, "updated": 0, "unchanged": 5, "skipped": 0, "failed": 0}
    assert row_counts() == rows


def test_reimport_of_a_changed_file_updates_the_article_in_place(tmp_path):
    path = copy_story(tmp_path, "ferry-strike.txt")
    run(path)
    article = Article.objects.get()
    image_pk = article.lead_image.pk
    path.write_text(
        path.read_text()
        .replace("(Mara Quill/Coastline Wire)", "(AP Photo/Jonas Ekdahl)")
        .replace("By Ilse Varga,", "By Felix Odum,")
        .replace("Renner said the first", "Mayor Tobias Renner said the first")
        .replace("said Mayor Tobias Renner, who chaired the talks.", "said a union official.")
        .replace("Veltrian Transport Minister Odile Marchetti", "The minister")
        .replace("Marchetti said.", "the minister said.")
    )

    report = run(path)

    article.refresh_from_db()
    assert counts(report) == {"created": 0, "updated": 1, "unchanged": 0, "skipped": 0, "failed": 0}
    assert Article.objects.count() == 1
    assert [b.contributor.name for b in article.bylines.all()] == ["Felix Odum"]
    assert article.lead_image.pk == image_pk
    assert article.lead_image.credit_line == "AP Photo/Jonas Ekdahl"
    assert (article.lead_image.photographer.name, article.lead_image.agency.name) == (
        "Jonas Ekdahl",
        "AP",
    )
    assert [p.name for p in article.people.all()] == ["Tobias Renner"]
    assert "said a union official." in article.body


def test_reimport_keeps_the_slug_and_editor_bylines(tmp_path):
    path = copy_story(tmp_path, "ferry-strike.txt")
    run(path)
    article = Article.objects.get()
    editor = ContributorFactory(name="Desk Editor")
    Byline.objects.create(article=article, contributor=editor, role=Byline.Role.EDITOR)
    path.write_text(path.read_text().replace("past midnight", "past two in the morning"))

    run(path)

    article.refresh_from_db()
    assert article.slug == "veltria-ferry-strike-ends-as-crews-accept-new-rota"
    assert article.bylines.filter(role=Byline.Role.EDITOR, contributor=editor).exists()


def test_reimport_without_caption_removes_the_imported_image(tmp_path):
    path = copy_story(tmp_path, "ferry-strike.txt")
    run(path)
    text = path.read_text()
    caption = next(line for line in text.splitlines() if line.endswith("Coastline Wire)"))
    path.write_text(text.replace(caption + "\n", ""))

    run(path)

    assert Article.objects.get().lead_image is None
    assert not Image.objects.exists()


def test_stories_share_contributors_outlets_and_people():
    run(STORIES)
    run(STORIES)

    assert Contributor.objects.filter(name="Ilse Varga").count() == 1
    assert Contributor.objects.filter(name="Mara Quill").count() == 1
    assert Outlet.objects.filter(name="Northgate Ledger").count() == 1
    assert Person.objects.filter(name="Odile Marchetti").count() == 1
    assert Article.objects.mentioning(Person.objects.get(name="Odile Marchetti")).count() == 2


def test_import_creates_no_people_for_places_organisations_or_bare_names():
    run(STORIES)

    assert set(Person.objects.values_list("name", flat=True)) == {
        "Odile Marchetti",
        "Tobias Renner",
    }


def test_import_matches_an_existing_outlet_by_name_in_any_case():
    outlet = OutletFactory(name="NORTHGATE LEDGER", slug="ledger")

    run(STORIES / "airport-storm.txt")

    assert Article.objects.get().source_outlet == outlet
    assert Outlet.objects.count() == 1


def test_import_matches_an_existing_contributor_by_slug():
    writer = ContributorFactory(name="Ilse M. Varga", slug="ilse-varga", outlet=None)

    run(STORIES / "airport-storm.txt")

    assert list(Article.objects.get().bylines.values_list("contributor", flat=True)) == [writer.pk]
    writer.refresh_from_db()
    assert writer.outlet.name == "Northgate Ledger"


def test_article_slug_gets_a_suffix_when_taken():
    ArticleFactory(slug="storm-closes-skarholm-airport-for-a-second-day")

    run(STORIES / "airport-storm.txt")

    assert Article.objects.filter(import_source="text").get().slug.endswith("-day-2")


def test_failure_mid_story_leaves_no_partial_rows(monkeypatch):
    def fail(**kwargs):
        raise IntegrityError("disk full")

    # Publishing fails after the photo and the outlets are written, inside the transaction.
    monkeypatch.setattr(store, "articles_publish", fail)

    report = run(STORIES / "ferry-strike.txt", options=StoryOptions(publish=True))

    assert counts(report)["failed"] == 1
    assert "disk full" in report.failed[0].reason
    assert set(row_counts().values()) == {0}


def test_dry_run_reports_what_would_be_created_and_writes_nothing():
    report = run(STORIES, dry_run=True, options=StoryOptions(section="Harbour"))

    assert counts(report)["created"] == 5
    assert set(row_counts().values()) == {0}


def test_dry_run_reports_a_changed_file_as_updated_without_saving_it(tmp_path):
    path = copy_story(tmp_path, "ferry-strike.txt")
    run(path)
    path.write_text(path.read_text().replace("past midnight", "past two in the morning"))

    report = run(path, dry_run=True)

    assert counts(report)["updated"] == 1
    assert "past midnight" in Article.objects.get().body


def test_bad_files_are_reported_and_good_ones_still_import(tmp_path):
    shutil.copytree(MALFORMED, tmp_path, dirs_exist_ok=True)
    copy_story(tmp_path, "sea-wall.txt")

    report = run(tmp_path)

    assert counts(report) == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 3}
    assert sorted(str(failure) for failure in report.failed) == [
        f"{tmp_path / 'empty.txt'}:1: file is empty",
        f"{tmp_path / 'no-body.txt'}:5: story has no body",
        f"{tmp_path / 'not-utf8.txt'}:3: not valid UTF-8 (byte 0xff)",
    ]
    assert Article.objects.count() == 1


def test_missing_path_is_reported():
    report = run(Path("/nonexistent/story.txt"))

    assert str(report.failed[0]) == "/nonexistent/story.txt: no such file or directory"


def test_folder_import_skips_other_suffixes_and_hidden_files(tmp_path):
    copy_story(tmp_path, "sea-wall.txt")
    (tmp_path / "notes.md").write_text("Not a story\n\nAt all.\n")
    (tmp_path / ".draft.txt").write_text("Hidden\n\nStory.\n")

    report = run(tmp_path)

    assert [item.title for item in report.items] == [
        "Port Ellis council delays budget vote over sea wall costs"
    ]
    assert report.items[0].outcome == Outcome.CREATED


def test_command_prints_the_counts(capsys):
    call_command("import_stories", str(STORIES / "ferry-strike.txt"))

    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed" in capsys.readouterr().out


def test_command_dry_run_lists_each_story_and_saves_nothing(capsys):
    call_command("import_stories", str(STORIES / "ferry-strike.txt"), "--dry-run")

    out = capsys.readouterr().out
    assert "would be created: Veltria ferry strike ends as crews accept new rota" in out
    assert "nothing was saved" in out
    assert not Article.objects.exists()


def test_command_options_publish_into_a_section():
    call_command(
        "import_stories", str(STORIES / "sea-wall.txt"), "--publish", "--section", "Harbour"
    )

    article = Article.objects.get()
    assert article.is_published
    assert article.section.name == "Harbour"


def test_command_accepts_the_text_format():
    call_command("import_stories", str(STORIES / "sea-wall.txt"), "--format", "text")

    assert Article.objects.count() == 1


def test_command_rejects_an_unknown_format():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import_stories", str(STORIES), "--format", "docx")


def test_command_raises_when_a_story_fails(capsys):
    with pytest.raises(CommandError, match="1 story or file"):
        call_command("import_stories", str(MALFORMED / "empty.txt"))

    assert f"{MALFORMED / 'empty.txt'}:1: file is empty" in capsys.readouterr().err


def test_command_exits_non_zero_with_path_and_line_of_the_failure(capsys):
    path = MALFORMED / "not-utf8.txt"

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_stories", str(path)])

    assert exit_info.value.code == 1
    assert f"{path}:3: not valid UTF-8" in capsys.readouterr().err


def seed_body_paragraphs(path: Path) -> list[str]:
    """The seed's paragraphs between the byline and the trailer, read without the parser."""
    blocks = [" ".join(block.split()) for block in path.read_text().split("\n\n")]
    byline = next(i for i, block in enumerate(blocks) if block.startswith("By "))
    trailer = next(i for i, block in enumerate(blocks) if block.startswith("Related Post"))
    return blocks[byline + 1 : trailer]


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"the shared seed story is not here: {SEED}")
    return SEED


def test_seed_story_imports_with_its_credit_byline_body_and_people(seed_path):
    report = run(seed_path)

    article = Article.objects.get()
    image = article.lead_image
    writer = article.bylines.get().contributor
    people = {p.name: p.office for p in article.people.all()}
    assert counts(report)["created"] == 1
    assert article.headline == (
        "Blinken: US and world pressure on Israel caused Hamas to reject hostage deals"
    )
    assert image.caption == (
        "Antony Blinken meets Benjamin Netanyahu in Tel Aviv, November 3rd, 2023."
    )
    assert (image.photographer.name, image.agency.name) == ("Amos Ben-Gershom", "GPO")
    assert article.dek.startswith("Blinken said he believed Hamas wanted to forestall")
    assert article.dek.endswith("terror proxy groups.")
    assert (writer.name, writer.outlet.name) == ("Vered Weiss", "World Israel News")
    assert article.source_outlet.name == "World Israel News"
    assert article.body.count("<p>") == len(seed_body_paragraphs(seed_path))
    for paragraph in seed_body_paragraphs(seed_path):
        assert f"<p>{paragraph}</p>" in article.body
    assert "Related Post" not in article.body
    assert set(people) == {"Antony Blinken", "Benjamin Netanyahu"}
    assert "US Secretary of State" in people["Antony Blinken"]


def test_seed_story_second_import_is_unchanged(seed_path):
    run(seed_path)

    report = run(seed_path)

    assert counts(report) == {"created": 0, "updated": 0, "unchanged": 1, "skipped": 0, "failed": 0}
