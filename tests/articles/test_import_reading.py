"""Big batches are read in a worker process while the batch before them is written: the
stories, their errors and their fingerprints come out as if read here."""

import json

import pytest

from articles.importers.reading import Reader
from articles.models import Article
from tests.articles.importing import run

pytestmark = pytest.mark.django_db


def wire(path, count: int):
    items = [
        {
            "uri": f"urn:wire:{n}",
            "headlines": [{"role": "main", "value": f"Harbour story {n}"}],
            "bodies": [
                {"contentType": "text/html", "value": f"<p>Part {n}.</p><script>x</script>"}
            ],
            "people": [{"name": "Rhea Marlow", "rel": "author"}],
        }
        for n in range(count)
    ]
    items[2] = {"uri": "urn:wire:2", "bodies": [{"value": "<p>No headline.</p>"}]}
    path.write_text("".join(json.dumps(item) + "\n" for item in items))
    return path


def test_stories_read_in_a_worker_are_stored_as_if_read_here(tmp_path, monkeypatch):
    monkeypatch.setattr("articles.importers.runner.BATCH_SIZE", 4)  # three batches
    reader = Reader(threshold=1)

    report = run(wire(tmp_path / "wire.jsonl", 10), reader=reader)

    assert reader.in_worker == 10
    assert report.counts()["created"] == 9
    assert [(f.line, f.reason) for f in report.failed] == [(3, "urn:wire:2: no headline")]
    story = Article.objects.get(headline="Harbour story 7")
    assert story.body == "<p>Part 7.</p>"
    assert [byline.contributor.name for byline in story.bylines.all()] == ["Rhea Marlow"]
    again = Reader(threshold=1)
    assert run(tmp_path / "wire.jsonl", reader=again).counts()["unchanged"] == 9
    assert again.in_worker == 1  # only the line that failed is read again
