import json
from datetime import UTC, datetime

import pytest
import time_machine

from articles.importers.ninjs import byline_from
from articles.importers.stored import StoryOptions, story_checksum
from articles.importers.story import SourceStatus, Story, StoryImage
from articles.models import Article
from articles.revisions import article_history
from articles.services import article_revision_restore
from people.models import Outlet, Person
from tests.articles.importing import DATA, row_counts, run, shared

pytestmark = pytest.mark.django_db

NINJS = DATA / "ninjs"
MALFORMED = DATA / "malformed"


def test_ninjs_3_item_imports_headline_dek_body_byline_people_subjects_and_picture():
    report = run(NINJS / "ferry-3.json")

    article = Article.objects.get()
    assert report.counts()["created"] == 1
    assert article.headline == "Night ferry returns to Skarholm"
    assert article.dek == "Crews accept the new rota after a week"
    # The HTML body wins over the plain one; the repeated <h1>, the photo figure and the
    # script are gone, and nothing unsafe is left.
    assert article.body == (
        "<p>The night crossing runs again from Monday, Veltrian Transport Minister Odile "
        "Marchetti said.</p><p>“We kept our promise,” Marchetti said.</p>"
    )
    assert [b.contributor.name for b in article.bylines.all()] == ["Rhea Marlow", "Tomas Ekberg"]
    assert article.source_outlet.name == "Coastline Wire"
    assert set(article.tags.names()) == {"Ferries", "Transport"}
    assert set(article.people.values_list("name", flat=True)) == {"Odile Marchetti", "Ilse Varga"}
    image = article.lead_image
    assert image.caption == "Ferries wait at the north pier at dawn."
    assert image.credit_line == "Mara Quill/Coastline Wire"
    assert (image.photographer.name, image.agency.name) == ("Mara Quill", "Coastline Wire")


def test_ninjs_keeps_identity_dates_and_version():
    run(NINJS / "ferry-3.json")

    article = Article.objects.get()
    assert (article.import_source, article.external_id) == (
        "ninjs",
        "urn:newsml:coastline.example:20240506:ferry-returns",
    )
    assert article.published_at.isoformat() == "2024-05-06T07:30:00+00:00"
    assert article.import_version == 2
    assert article.import_version_at.isoformat() == "2024-05-06T06:15:00+00:00"
    assert article.is_published


def test_organisations_that_are_not_sources_do_not_become_outlets():
    run(NINJS / "ferry-3.json")

    assert set(Outlet.objects.values_list("name", flat=True)) == {"Coastline Wire"}


def test_json_lines_of_ninjs_2_import_with_their_pubstatus_and_embargo():
    report = run(NINJS / "wire-2.jsonl")

    assert report.counts()["created"] == 3
    assert dict(report.not_stories) == {"ninjs picture item": 1}
    storm = Article.objects.get(external_id="urn:wire:1")
    assert storm.body == "<p>The airport closed at noon.</p><p>Flights resume tomorrow.</p>"
    assert [b.contributor.name for b in storm.bylines.all()] == ["Ilse Varga"]
    assert storm.source_outlet.name == "nordwire"
    assert storm.is_published
    withheld = Article.objects.get(external_id="urn:wire:2")
    assert withheld.status == Article.Status.DRAFT
    embargoed = Article.objects.get(external_id="urn:wire:3")
    assert embargoed.published_at.year == 2099
    assert embargoed.status == Article.Status.SCHEDULED
    assert not embargoed.is_published
    assert set(Article.objects.published().values_list("external_id", flat=True)) == {"urn:wire:1"}


def test_a_json_array_imports_every_item():
    report = run(NINJS / "wire-array.json")

    assert [item.title for item in report.created] == ["Bridge opens", "Sea wall costs rise"]


def test_second_run_is_unchanged_and_writes_nothing(django_assert_max_num_queries):
    run(NINJS)
    rows = row_counts()

    # One look-up of stored versions per file, one for related lists left pending, and
    # nothing else.
    with django_assert_max_num_queries(4):
        report = run(NINJS)

    assert report.counts()["unchanged"] == 6
    assert row_counts() == rows


def test_fingerprints_stored_by_earlier_releases_still_match():
    # An archive imported before must re-import as "unchanged", not rewrite every story.
    story = Story(
        source="ninjs",
        external_id="urn:wire:1",
        headline="Storm closes airport",
        body_html="<p>The airport closed.</p>",
        writers=("Ilse Varga",),
        outlet="nordwire",
        image=StoryImage(
            caption="The runway", credit_line="Photo: NTB", photographer="Ane Lund", agency="NTB"
        ),
        tags=("Weather",),
        people=("Greta Holm",),
        status=SourceStatus.PUBLISHED,
        published_at=datetime(2024, 5, 1, 10, tzinfo=UTC),
        version=1,
        version_at=datetime(2024, 5, 1, 10, tzinfo=UTC),
    )

    checksum = story_checksum(story=story, options=StoryOptions(), stored=None)

    assert checksum == "17c73ed71d89b75c1ff2c57e260597b42acc649b91d0d0ea4d20978807f4ead7"


def write_item(path, **changes):
    item = json.loads((NINJS / "ferry-3.json").read_text())
    path.write_text(json.dumps(item | changes))
    return path


def test_newer_version_updates_in_place_and_older_version_is_skipped(tmp_path):
    run(NINJS / "ferry-3.json")
    headline = [{"role": "main", "value": "Night ferry is back"}]

    newer = run(write_item(tmp_path / "v3.json", version="3", headlines=headline))
    older = run(write_item(tmp_path / "v1.json", version="1", headlines=[{"value": "Old"}]))

    assert newer.counts()["updated"] == 1
    assert "headline" in newer.updated[0].note
    assert older.counts()["skipped"] == 1
    assert older.skipped[0].note == "version 1 is older than the stored 3"
    assert Article.objects.get().headline == "Night ferry is back"


def test_an_update_from_the_source_keeps_a_revision_the_desk_can_restore(tmp_path):
    run(NINJS / "ferry-3.json")
    original = Article.objects.get().headline
    headline = [{"role": "main", "value": "Night ferry is back"}]

    run(write_item(tmp_path / "v4.json", version="4", headlines=headline))

    article = Article.objects.get()
    newest, before = article_history(article)[:2]  # newest first
    assert newest.revision.comment == "Updated by import."
    assert "Headline" in {change.label for change in newest.changes}
    article_revision_restore(article=article, revision=before.revision)
    assert Article.objects.get().headline == original


def test_a_newer_version_replaces_the_sources_tags_and_keeps_the_desks(tmp_path):
    run(NINJS / "ferry-3.json")  # Ferries, Transport
    Article.objects.get().tags.add("Skarholm", "Strikes")

    run(write_item(tmp_path / "v3.json", version="3", subjects=[{"name": "Ferries"}]))
    assert sorted(Article.objects.get().tags.names()) == ["Ferries", "Skarholm", "Strikes"]

    # The source now gives Strikes and drops Ferries: the desk's Strikes is still theirs.
    run(write_item(tmp_path / "v4.json", version="4", subjects=[{"name": "Strikes"}]))
    assert sorted(Article.objects.get().tags.names()) == ["Skarholm", "Strikes"]
    run(write_item(tmp_path / "v5.json", version="5", subjects=[{"name": "Harbour"}]))
    assert sorted(Article.objects.get().tags.names()) == ["Harbour", "Skarholm", "Strikes"]


def test_a_headline_alone_is_a_story_but_a_body_in_an_unread_form_is_refused(tmp_path):
    path = tmp_path / "wire.jsonl"
    flash = {"uri": "urn:x:flash", "headlines": [{"value": "Ferry aground off Skarholm"}]}
    nitf = {
        "uri": "urn:x:nitf",
        "headlines": [{"value": "Quay story in NITF"}],
        "bodies": [{"contentType": "application/nitf+xml", "value": "<body.content/>"}],
    }
    path.write_text(f"{json.dumps(flash)}\n{json.dumps(nitf)}\n")

    report = run(path)

    assert Article.objects.get().headline == "Ferry aground off Skarholm"
    assert [(f.line, f.reason) for f in report.failed] == [
        (2, "urn:x:nitf: no body in a form Newsroom reads (only application/nitf+xml)")
    ]


def test_photographer_and_editor_credits_become_bylines_once_across_versions(tmp_path):
    credits = [
        {"name": "Rhea Marlow", "rel": "author"},
        {"name": "Ada Quill", "rel": "photographer"},
        {"name": "Bo Lund", "rel": "editor"},
    ]

    run(write_item(tmp_path / "v3.json", version="3", people=credits))
    run(write_item(tmp_path / "v4.json", version="4", people=credits, headlines=[{"value": "New"}]))

    bylines = Article.objects.get().bylines.all()
    assert [(b.contributor.name, b.role) for b in bylines] == [
        ("Rhea Marlow", "writer"),
        ("Ada Quill", "photographer"),
        ("Bo Lund", "editor"),
    ]
    assert not Person.objects.filter(name__in=["Ada Quill", "Bo Lund"]).exists()


def test_a_canceled_newer_version_takes_the_story_down(tmp_path):
    run(NINJS / "ferry-3.json")

    run(write_item(tmp_path / "kill.json", version="3", pubStatus="canceled"))

    assert not Article.objects.published().exists()


def test_back_dated_items_after_newer_ones_are_still_imported(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [
        {"uri": f"urn:x:{n}", "versionCreated": f"2024-05-0{n}T00:00:00Z"}
        | {"headlines": [{"value": f"Story {n}"}], "bodies": [{"value": "<p>Text.</p>"}]}
        for n in (1, 2)
    ]
    path.write_text(json.dumps(lines[1]) + "\n")
    run(path)
    path.write_text("\n".join(json.dumps(line) for line in (lines[1], lines[0])) + "\n")

    report = run(path)

    assert report.counts()["created"] == 1
    assert Article.objects.count() == 2


def test_since_skips_items_dated_before_it(tmp_path):
    from datetime import UTC, datetime

    report = run(NINJS / "wire-array.json", since=datetime(2024, 4, 2, tzinfo=UTC))

    assert [i.title for i in report.created] == ["Sea wall costs rise"]
    assert [i.title for i in report.skipped] == ["Bridge opens"]
    assert "before --since" in report.skipped[0].note


def test_json_lines_errors_name_the_line_and_the_rest_imports():
    path = MALFORMED / "missing-uri.jsonl"

    report = run(path)

    assert [i.title for i in report.created] == ["First good item", "Last good item"]
    assert [str(failure) for failure in report.failed] == [
        f"{path}:2: missing uri: every ninjs item needs its identifier",
        f"{path}:3: not valid JSON (Expecting ',' delimiter, column 1)",
    ]
    assert not Article.objects.filter(headline="No identifier").exists()


def test_json_array_errors_name_the_item_and_the_rest_imports():
    path = MALFORMED / "missing-uri-array.json"

    report = run(path)

    assert [i.title for i in report.created] == ["Array item one", "Array item three"]
    assert [str(f) for f in report.failed] == [
        f"{path}: item 2: missing uri: every ninjs item needs its identifier"
    ]


def test_a_broken_array_reports_where_it_breaks(tmp_path):
    path = tmp_path / "broken.json"
    good = {"uri": "urn:a", "headlines": [{"value": "Whole"}], "bodies": [{"value": "<p>x</p>"}]}
    path.write_text(f'[{json.dumps(good)}, {{"uri": ')

    report = run(path)

    assert [i.title for i in report.created] == ["Whole"]
    assert str(report.failed[0]).startswith(f"{path}: item 2: not valid JSON")


def test_item_without_headline_or_body_is_reported(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text('{"uri": "urn:empty"}')

    report = run(path)

    assert str(report.failed[0]) == f"{path}:1: urn:empty: no headline"


def test_people_are_matched_by_alias_not_duplicated(tmp_path):
    person = Person.objects.create(name="Odile Marchetti-Lund", slug="odile")
    person.aliases.create(name="Odile Marchetti")

    run(NINJS / "ferry-3.json")

    assert list(Article.objects.get().people.filter(name__startswith="Odile")) == [person]
    assert Person.objects.filter(name__startswith="Odile").count() == 1


@pytest.mark.parametrize(
    ("by", "writers", "outlet"),
    [
        ("Von Christian Hollmann, dpa", ("Christian Hollmann",), "dpa"),
        ("Paulo Santalucia and Frances d'Emilio", ("Paulo Santalucia", "Frances d'Emilio"), ""),
        ("By Ann Lee, Ben Ode and Cy Pratt", ("Ann Lee", "Ben Ode", "Cy Pratt"), ""),
        ("NTB", ("NTB",), ""),
        ("", (), ""),
    ],
)
def test_byline_from_reads_agency_bylines(by, writers, outlet):
    assert byline_from(by) == (writers, outlet)


@time_machine.travel("2024-06-01T12:00:00Z", tick=False)
def test_item_without_dates_is_published_now():
    run(MALFORMED / "missing-uri-array.json")

    assert Article.objects.first().published_at.isoformat() == "2024-06-01T12:00:00+00:00"


@pytest.fixture
def ninjs_samples():
    return shared("samples", "ninjs")


def test_shared_ninjs_samples_import_intact(ninjs_samples):
    report = run(ninjs_samples)

    assert report.counts()["created"] == 4
    assert not report.failed
    for path in ninjs_samples.glob("*.json"):
        item = {key.lower(): value for key, value in json.loads(path.read_text()).items()}
        article = Article.objects.get(external_id=item["uri"])
        main = next(h["value"] for h in item["headlines"] if h.get("role", "main") == "main")
        assert article.headline == main
        assert article.body.startswith("<p>")
        subjects = {s["name"] for s in item.get("subjects", []) if "name" in s}
        assert set(article.tags.names()) == subjects
        people = {p["name"] for p in item.get("people", [])}
        assert people <= set(article.people.values_list("name", flat=True))
        pictures = [a for a in item.get("associations", []) if a.get("type") == "picture"]
        if pictures:
            assert article.lead_image.credit_line == pictures[0]["by"]
            assert article.lead_image.caption == pictures[0]["descriptions"][0]["value"]
        if item.get("by"):
            assert article.bylines.exists()


def test_shared_ninjs_samples_keep_their_bylines(ninjs_samples):
    run(ninjs_samples)

    def writers(uri_part):
        article = Article.objects.get(external_id__contains=uri_part)
        return [b.contributor.name for b in article.bylines.all()]

    assert writers("dpa.com") == ["Christian Hollmann"]
    assert writers("20130709simp123") == ["Paulo Santalucia", "Frances d'Emilio"]
    assert writers("8d19cf88") == ["NTB"]
