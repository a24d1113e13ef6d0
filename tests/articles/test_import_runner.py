import io
import json
import shutil
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from tests.articles.importing import DATA, row_counts, run

pytestmark = pytest.mark.django_db

ALL = [DATA / "wxr", DATA / "ninjs", DATA / "feeds", DATA / "text"]


def test_auto_detects_every_format_by_content_whatever_the_suffix(tmp_path):
    for number, source in enumerate(
        [
            DATA / "wxr" / "harbour.xml",
            DATA / "ninjs" / "wire-2.jsonl",
            DATA / "feeds" / "harbour.rss",
        ]
    ):
        shutil.copy(source, tmp_path / f"upload-{number}.dat")

    report = run(*sorted(tmp_path.iterdir()))

    assert set(Article.objects.values_list("import_source", flat=True)) == {"wxr", "ninjs", "feed"}
    assert report.counts()["created"] == 5 + 3 + 2


def test_folders_are_searched_recursively_for_every_format(tmp_path):
    for folder in ALL:
        shutil.copytree(folder, tmp_path / "deep" / folder.name)

    report = run(tmp_path)

    assert report.counts()["created"] == 5 + 6 + 3 + 5
    assert not report.failed


def test_a_named_format_only_reads_that_format_in_folders(tmp_path):
    report = run(DATA, format_name="ninjs")

    assert set(Article.objects.values_list("import_source", flat=True)) == {"ninjs"}
    assert report.counts()["created"] >= 6


def test_standard_input_is_read_and_sniffed(monkeypatch):
    data = (DATA / "ninjs" / "wire-array.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    call_command("import_stories", "-", stdout=io.StringIO())

    assert Article.objects.count() == 2


def test_dry_run_lists_what_would_change_and_saves_nothing():
    out = io.StringIO()

    call_command("import_stories", *map(str, ALL), "--dry-run", stdout=out)

    assert "would be created: Night ferry returns to Skarholm" in out.getvalue()
    assert "nothing was saved" in out.getvalue()
    assert set(row_counts().values()) == {0}


def test_dry_run_of_an_update_names_the_fields_it_would_change(tmp_path):
    path = tmp_path / "item.json"
    item = json.loads((DATA / "ninjs" / "ferry-3.json").read_text())
    path.write_text(json.dumps(item))
    run(path)
    path.write_text(json.dumps(item | {"version": "3", "headlines": [{"value": "New"}]}))
    out = io.StringIO()

    call_command("import_stories", str(path), "--dry-run", stdout=out)

    assert "would be updated: New (changed: headline, dek)" in out.getvalue()
    assert Article.objects.get().headline == "Night ferry returns to Skarholm"


def test_summary_counts_the_records_a_run_adds_and_a_dry_run_would_add():
    dry = io.StringIO()
    call_command("import_stories", str(DATA / "wxr"), "--dry-run", stdout=dry)
    real = io.StringIO()
    call_command("import_stories", str(DATA / "wxr"), stdout=real)
    again = io.StringIO()
    call_command("import_stories", str(DATA / "wxr"), stdout=again)

    added = [line for line in real.getvalue().splitlines() if line.startswith("new ")]
    assert added == [
        "new sections                   3",
        "new tags                       3",
        "new contributors               2",
        "new people                     1",
        "new photos                     1",
    ]
    assert [line for line in dry.getvalue().splitlines() if line.startswith("new ")] == added
    assert not [line for line in again.getvalue().splitlines() if line.startswith("new ")]


def test_command_prints_a_summary_table_with_what_was_not_a_story():
    out = io.StringIO()

    call_command("import_stories", str(DATA / "wxr"), stdout=out)

    lines = out.getvalue().splitlines()
    assert "created                        5" in lines
    assert "not a story: menu item         1" in lines
    assert lines[-1] == "5 created, 0 updated, 0 unchanged, 0 skipped, 0 failed"


def test_command_without_a_terminal_logs_plain_lines_and_failures(capsys):
    with pytest.raises(CommandError, match="6 story or file"):
        call_command("import_stories", str(DATA / "malformed"), "-v", "2")

    captured = capsys.readouterr()
    assert "\r" not in captured.out
    assert "missing-uri.jsonl: created: First good item" in captured.out
    assert "entity-bomb.xml:3: the document declares XML entities" in captured.err


def test_malformed_files_are_reported_and_the_rest_of_the_run_completes():
    report = run(DATA / "malformed", DATA / "ninjs")

    # The bomb, the wrong encoding, the truncation, two bad lines and a bad array item.
    assert len(report.failed) == 6
    # Four good ninjs items among the malformed, the post before the truncation, six ninjs.
    assert report.counts()["created"] == 4 + 1 + 6
    assert Article.objects.filter(import_source="ninjs").count() == 4 + 6


def test_strict_stops_at_the_first_failure(capsys):
    with pytest.raises(CommandError):
        call_command(
            "import_stories",
            str(DATA / "malformed" / "missing-uri.jsonl"),
            str(DATA / "ninjs"),
            "--strict",
        )

    assert list(Article.objects.values_list("headline", flat=True)) == ["First good item"]


def test_since_option_is_parsed_as_a_utc_date(capsys):
    call_command("import_stories", str(DATA / "ninjs" / "wire-array.json"), "--since", "2024-04-02")

    assert list(Article.objects.values_list("headline", flat=True)) == ["Sea wall costs rise"]


def test_since_option_rejects_a_non_date():
    with pytest.raises(CommandError, match="not a date"):
        call_command("import_stories", str(DATA), "--since", "last tuesday")


def test_a_story_that_cannot_be_saved_is_reported_and_leaves_nothing_behind(monkeypatch):
    from django.db import IntegrityError

    from articles.importers import store

    def broken(article, *, created):
        if article.headline == "Bridge opens":
            raise IntegrityError("disk full")

    monkeypatch.setattr(store, "_story_saved", broken)

    report = run(DATA / "ninjs" / "wire-array.json")

    assert [str(f) for f in report.failed] == [
        f"{DATA / 'ninjs' / 'wire-array.json'}: cannot save “Bridge opens” (disk full)"
    ]
    assert list(Article.objects.values_list("headline", flat=True)) == ["Sea wall costs rise"]
    assert not Article.objects.filter(headline="Bridge opens").exists()


def test_entities_hidden_past_a_padded_prologue_are_refused_with_the_format_forced(tmp_path):
    # A comment long enough to push the DOCTYPE past the bytes read to tell the format.
    padding = "<!--" + " " * 70_000 + "-->"
    bomb = '<!DOCTYPE rss [<!ENTITY lol "lol">]>'
    path = tmp_path / "padded.xml"
    path.write_text(f'<?xml version="1.0"?>{padding}\n{bomb}\n<rss><channel/></rss>')

    report = run(path, format_name="wxr")

    assert [(f.line, f.reason) for f in report.failed] == [
        (1, "the XML declaration, comments and DOCTYPE run past the first 64 KiB")
    ]
    assert not Article.objects.exists()
