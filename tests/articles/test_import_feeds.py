import time
import tracemalloc

import pytest

from articles.importers import feed
from articles.importers.story import Story
from articles.models import Article
from people.models import Contributor
from tests.articles.importing import DATA, row_counts, run, shared

pytestmark = pytest.mark.django_db

FEEDS = DATA / "feeds"
# Not .rss: folder imports, whose counts other tests pin, pass it by; named, it is sniffed.
PIER = FEEDS / "pier.feed"
MALFORMED = DATA / "malformed"


def test_rss_items_become_draft_stories_with_guid_link_byline_and_tags():
    report = run(FEEDS / "harbour.rss")

    assert report.counts()["created"] == 2
    article = Article.objects.get(headline="Dredger arrives for the harbour mouth")
    assert article.external_id == "https://wire.example.org/2024/05/dredger"
    assert article.source_url == "https://wire.example.org/2024/05/dredger"
    assert article.dek == "The dredger will work through June."
    assert article.body == "<p>The dredger arrived on Tuesday.</p><p>It will work through June.</p>"
    assert [b.contributor.name for b in article.bylines.all()] == ["Mara Quill"]
    assert set(article.tags.names()) == {"Harbour", "Shipping"}
    assert article.status == Article.Status.DRAFT


def test_media_rss_photo_keeps_its_caption_and_credit():
    run(FEEDS / "harbour.rss")

    image = Article.objects.get(headline__startswith="Dredger").lead_image
    assert image.caption == "The dredger passes the breakwater."
    assert image.credit_line == "Jonas Ekdahl/Harbour Wire"
    assert (image.photographer.name, image.agency.name) == ("Jonas Ekdahl", "Harbour Wire")


def test_a_bare_guid_is_made_unique_by_its_feed_and_the_author_name_is_kept():
    run(FEEDS / "harbour.rss")

    article = Article.objects.get(headline="Tide tables published")
    assert article.external_id == "https://wire.example.org/#42"
    assert [b.contributor.name for b in article.bylines.all()] == ["Felix Odum"]
    assert article.body == "<p>The new tide tables are out.</p>"


def test_atom_entry_imports_with_authors_categories_and_dates():
    run(FEEDS / "harbour.atom")

    article = Article.objects.get()
    assert article.external_id == "tag:wire.example.org,2024:pilot-boat"
    assert article.dek == "Four pilots join."
    assert [b.contributor.name for b in article.bylines.all()] == ["Ilse Varga", "Tomas Ekberg"]
    assert list(article.tags.names()) == ["Crews"]
    assert article.import_version_at.isoformat() == "2024-05-08T07:00:00+00:00"
    assert article.lead_image.credit_line == "Harbour Wire"


def import_twice(path):
    """Import the feed, then again: the second run must find every story unchanged."""
    first = run(path)
    second = run(path)
    assert second.counts()["unchanged"] == first.counts()["created"]
    assert second.counts()["created"] == second.counts()["updated"] == 0


def test_media_description_is_the_photo_caption_and_the_description_the_body():
    import_twice(PIER)

    article = Article.objects.get(headline="Pier reopens")
    assert article.body == "<p>The pier reopened <b>on Tuesday</b>.</p>"
    assert article.dek == ""
    image = article.lead_image
    assert (image.caption, image.credit_line) == ("The pier", "Ann Lee/Reuters")
    assert (image.photographer.name, image.agency.name) == ("Ann Lee", "Reuters")
    assert [b.contributor.name for b in article.bylines.all()] == ["Jane Roe"]
    assert set(article.tags.names()) == {"Harbour", "Ferries"}


def test_media_before_the_text_leaves_content_encoded_the_body_and_description_the_dek():
    import_twice(PIER)

    article = Article.objects.get(headline="Ferry timetable changes")
    assert article.body == "<p>Two sailings move to the afternoon.</p>"
    assert article.dek == "Two sailings move."
    assert article.lead_image.caption == "The ferry at dawn"


@pytest.mark.parametrize(
    ("headline", "byline"),
    [
        ("Harbour master retires", ["Bob Stone"]),
        ("Crane arrives", ["Ruth Ames"]),
        ("Notice to mariners", []),
    ],
)
def test_rss_author_byline_is_the_name_never_the_email_address(headline, byline):
    import_twice(PIER)

    article = Article.objects.get(headline=headline)
    assert [b.contributor.name for b in article.bylines.all()] == byline
    assert not Contributor.objects.filter(name__contains="@").exists()


def test_atom_author_with_only_an_email_address_makes_no_byline(tmp_path):
    path = tmp_path / "desk.atom"
    path.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:f</id>'
        "<entry><id>urn:e</id><title>Buoy moved</title><content>Buoy 4 moved.</content>"
        "<author><name>Ilse Varga</name><email>ilse@wire.example</email></author>"
        "<author><email>desk@wire.example</email></author></entry></feed>"
    )

    import_twice(path)

    article = Article.objects.get()
    assert [b.contributor.name for b in article.bylines.all()] == ["Ilse Varga"]


def test_publish_option_publishes_feed_items_at_their_own_date():
    from articles.importers.store import StoryOptions

    run(FEEDS / "harbour.rss", options=StoryOptions(publish=True))

    article = Article.objects.get(headline="Tide tables published")
    assert article.is_published
    assert article.published_at.isoformat() == "2024-04-01T06:00:00+00:00"


def test_feeds_reimport_unchanged():
    run(FEEDS)
    rows = row_counts()

    report = run(FEEDS)

    assert report.counts()["unchanged"] == 3
    assert row_counts() == rows


def test_feed_in_the_wrong_encoding_is_refused_whole_with_its_line():
    path = MALFORMED / "latin1-feed.xml"

    report = run(path)

    assert [str(f) for f in report.failed] == [
        f"{path}:8: not valid UTF-8 as the feed declares (byte 0xe9); re-save it in the "
        "encoding it declares, or declare the one it uses"
    ]
    assert not Article.objects.exists()


def big_feed(items: int, *, filler: str = "") -> bytes:
    """An RSS 2.0 feed of `items` items, each with its own guid and `filler` in its body."""
    entries = "".join(
        f"<item><title>Harbour story {n}</title><guid>urn:big:{n}</guid>"
        f"<description>{filler or 'Text'} {n}.</description></item>\n"
        for n in range(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>Harbour</title><link>https://harbour.example/</link>\n{entries}"
        "</channel></rss>\n"
    ).encode()


DIALECTS = {
    "atom-0.3": (
        '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>'
        "<entry><title>Quay reopens</title><id>tag:o.example,2004:e1</id>"
        '<content type="text/html" mode="escaped">&lt;p&gt;Body.&lt;/p&gt;</content></entry>'
        "</feed>"
    ),
    "rss-2.0-userland": (
        '<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>U</title>'
        "<item><title>Quay reopens</title><guid>https://u.example/1</guid>"
        "<description>Body.</description></item></channel></rss>"
    ),
    "rss-0.90": (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>N</title></channel>'
        "<item><title>Quay reopens</title><link>https://n.example/1</link>"
        "<description>Body.</description></item></rdf:RDF>"
    ),
    "rss-1.0": (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>R</title>'
        '<items><rdf:Seq><rdf:li resource="https://r.example/1"/></rdf:Seq></items></channel>'
        '<item rdf:about="https://r.example/1"><title>Quay reopens</title>'
        "<link>https://r.example/1</link><description>Body.</description></item></rdf:RDF>"
    ),
    "one-atom-entry": (
        '<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:lone</id><title>Quay reopens</title>'
        "<content>Body.</content></entry>"
    ),
    "items-in-a-nested-group": (
        '<rss version="2.0"><channel><title>N</title><group><section><item>'
        "<title>Quay reopens</title><guid>urn:deep:1</guid><description>Body.</description>"
        "</item></section></group></channel></rss>"
    ),
}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_dialect_imports_its_item(tmp_path, dialect):
    path = tmp_path / "feed.xml"
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n{DIALECTS[dialect]}')

    report = run(path, format_name="feed")

    assert (report.counts()["created"], report.failed) == (1, [])
    assert (Article.objects.get().headline, Article.objects.get().body) == (
        "Quay reopens",
        "<p>Body.</p>",
    )


@pytest.mark.parametrize(
    ("author", "byline"),
    [
        ("<dc:creator>Ann Lee (Reuters)</dc:creator>", "Ann Lee (Reuters)"),
        ("<author>Jane Roe, jane@a.example</author>", "Jane Roe"),
        ("<author>Jane Roe &lt;jane@a.example&gt;</author>", "Jane Roe"),
        ("<dc:creator>[Staff]</dc:creator>", "[Staff]"),
    ],
)
def test_author_text_without_an_address_is_kept_whole(tmp_path, author, byline):
    path = tmp_path / "feed.rss"
    path.write_text(
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>A</title>'
        f"<item><title>Wire</title><guid>urn:a:1</guid>{author}<description>x</description>"
        "</item></channel></rss>"
    )

    run(path)

    assert list(Contributor.objects.values_list("name", flat=True)) == [byline]


def test_media_description_without_a_photo_is_still_the_items_text(tmp_path):
    path = tmp_path / "videos.atom"
    path.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">'
        "<id>urn:yt</id><title>Videos</title><entry><id>urn:yt:1</id><title>Video story</title>"
        "<media:group><media:description>The whole text.</media:description></media:group>"
        "</entry></feed>"
    )

    run(path)

    assert Article.objects.get().body == "<p>The whole text.</p>"


def peak_memory_reading(path) -> int:
    """The most memory Python held at once while every story of the feed was read."""
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            assert all(isinstance(story, Story) for story in feed.read(stream))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_a_feed_never_holds_it_whole(tmp_path):
    path = tmp_path / "long-stories.rss"
    path.write_bytes(big_feed(400, filler="tide " * 4000))  # 7.7 MB

    # Held whole, it would take three times its size: bytes, tree and parsed items.
    assert peak_memory_reading(path) < path.stat().st_size / 2


def test_a_feed_of_many_items_imports_each_item_once(tmp_path):
    path = tmp_path / "big.rss"
    path.write_bytes(big_feed(300))

    report = run(path)

    assert report.counts()["created"] == 300
    assert Article.objects.filter(headline="Harbour story 299").exists()
    assert run(path).counts()["unchanged"] == 300


def test_a_wrong_byte_past_the_first_megabyte_is_found_on_its_line(tmp_path):
    # 600 lines of about 2 KB: the bad byte sits past the first megabyte, many chunks in.
    data = big_feed(600, filler="x" * 2000).replace(b"Text", b"")
    data = data.replace(b"Harbour story 590<", b"Harbour story 590 caf\xe9<")
    path = tmp_path / "late.rss"
    path.write_bytes(data)

    report = run(path)

    line = data[: data.index(b"\xe9")].count(b"\n") + 1
    assert line > 500
    assert [(f.line, f.reason.split(";")[0]) for f in report.failed] == [
        (line, "not valid UTF-8 as the feed declares (byte 0xe9)")
    ]
    assert not Article.objects.exists()


def test_entity_bomb_is_refused_at_once_without_expansion():
    path = MALFORMED / "entity-bomb.xml"
    started = time.monotonic()

    report = run(path)

    assert time.monotonic() - started < 1
    assert str(report.failed[0]).startswith(f"{path}:3: the document declares XML entities")
    assert not Article.objects.exists()


def test_external_entities_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    path = tmp_path / "xxe.rss"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><item><title>&x;</title><guid>urn:x</guid>'
        "<description>d</description></item></channel></rss>"
    )

    report = run(path)

    assert "declares XML entities" in report.failed[0].reason
    assert not Article.objects.exists()


def test_feed_that_is_not_well_formed_imports_nothing_and_says_where(tmp_path):
    path = tmp_path / "cut.rss"
    path.write_text((FEEDS / "harbour.rss").read_text()[:900])

    report = run(path)

    assert report.failed[0].line is not None
    assert "not well-formed XML" in report.failed[0].reason
    assert not Article.objects.exists()


@pytest.fixture
def shared_feeds():
    return shared("samples", "feeds")


def test_shared_feeds_import(shared_feeds):
    report = run(shared_feeds)

    assert report.counts()["created"] == 2
    assert not report.failed
    tampa = Article.objects.get(headline="The Day Off: Tampa")
    assert tampa.lead_image.caption == "media description"
    assert tampa.lead_image.credit_line == "media credit"
    assert [b.contributor.name for b in tampa.bylines.all()] == ["Some author"]
    bbc = Article.objects.get(headline="Marcus Aurelius")
    assert bbc.external_id == "urn:bbc:podcast:m000sjxt"
    assert bbc.source_url == "http://www.bbc.co.uk/programmes/m000sjxt"
