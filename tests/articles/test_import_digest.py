"""A JSON Lines story imported again from the very same bytes is known to be unchanged
before it is read: the desk's later work on it stands, and an archive re-imports fast."""

import json

import pytest

from articles.importers.stored import StoryOptions
from articles.models import Article
from tests.articles.importing import row_counts, run
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db

ITEM = {
    "uri": "urn:wire:quay-fees",
    "version": "1",
    "versionCreated": "2024-05-02T08:00:00Z",
    "headlines": [{"role": "main", "value": "Quay fees rise"}],
    "bodies": [{"contentType": "text/html", "value": "<p>Fees rise in June.</p>"}],
    "subjects": [{"name": "Harbour"}],
}


def lines(path, *items: dict, indent=None):
    path.write_text("".join(json.dumps(item, indent=indent) + "\n" for item in items))
    return path


def test_the_desks_section_and_edits_stand_when_the_same_lines_come_again(tmp_path):
    wire = lines(tmp_path / "wire.jsonl", ITEM)
    run(wire)
    article = Article.objects.get()
    article.section = SectionFactory(name="Business")
    article.body = "<p>Fees rise in June, the port said.</p>"
    article.save()

    report = run(wire)

    assert report.counts()["unchanged"] == 1
    assert [item.title for item in report.unchanged] == ["Quay fees rise"]
    article.refresh_from_db()
    assert article.section.name == "Business"
    assert article.body == "<p>Fees rise in June, the port said.</p>"


def test_the_same_story_in_other_bytes_is_still_unchanged(tmp_path):
    run(lines(tmp_path / "wire.jsonl", ITEM))
    rows = row_counts()
    reordered = dict(reversed(list(ITEM.items())))

    report = run(lines(tmp_path / "again.jsonl", reordered))

    assert report.counts()["unchanged"] == 1
    assert row_counts() == rows


def test_the_same_bytes_read_with_other_options_update_the_story(tmp_path):
    wire = lines(tmp_path / "wire.jsonl", ITEM)
    run(wire)

    report = run(wire, options=StoryOptions(section="Port"))

    assert report.counts()["updated"] == 1
    assert Article.objects.get().section.name == "Port"
    assert run(wire, options=StoryOptions(section="Port")).counts()["unchanged"] == 1


def test_a_changed_line_among_unchanged_ones_is_read_and_updated(tmp_path):
    other = ITEM | {"uri": "urn:wire:tides", "headlines": [{"value": "Tide tables"}]}
    run(lines(tmp_path / "wire.jsonl", ITEM, other))
    edited = other | {"version": "2", "headlines": [{"value": "New tide tables"}]}

    report = run(lines(tmp_path / "wire.jsonl", ITEM, edited))

    assert report.counts() == {
        "created": 0, "updated": 1, "unchanged": 1, "skipped": 0, "failed": 0,
    }  # fmt: skip
    assert set(Article.objects.values_list("headline", flat=True)) == {
        "Quay fees rise",
        "New tide tables",
    }
