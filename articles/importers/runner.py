"""Run an import: find the files, tell their formats, read them, store stories in batches."""

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from django.db import DatabaseError, transaction

from articles.importers import feed, ninjs, text, wxr
from articles.importers.lookups import Lookups
from articles.importers.report import ImportReport, Outcome
from articles.importers.sniff import HEAD_SIZE, refuse_entities, sniff, xml_root
from articles.importers.store import StoryOptions, StoryStore
from articles.importers.story import Skipped, Story, StoryError, Vocabulary

STDIN = Path("-")
AUTO = "auto"
# Stories read before their stored versions are looked up together, in one query.
BATCH_SIZE = 250


@dataclass(frozen=True)
class StoryFormat:
    name: str
    suffixes: tuple[str, ...]
    read: Callable[..., Iterator[Story | StoryError | Skipped | Vocabulary]]
    is_xml: bool = False


FORMATS = {
    story_format.name: story_format
    for story_format in (
        StoryFormat("text", text.SUFFIXES, text.read),
        StoryFormat("wxr", wxr.SUFFIXES, wxr.read, is_xml=True),
        StoryFormat("ninjs", ninjs.SUFFIXES, ninjs.read),
        StoryFormat("feed", feed.SUFFIXES, feed.read, is_xml=True),
    )
}
_SUFFIXES = {suffix for story_format in FORMATS.values() for suffix in story_format.suffixes}


class _Stop(Exception):
    """--strict: the first failure ends the run."""


def import_paths(
    *,
    paths: Iterable[Path],
    format_name: str = AUTO,
    options: StoryOptions | None = None,
    dry_run: bool = False,
    strict: bool = False,
    since: datetime | None = None,
    media_root: Path | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import every story under `paths` ("-" is standard input); failures are reported.

    Each story is written in its own transaction. A dry run does all the work in one
    transaction it then rolls back, so the report shows exactly what a real run would do.
    """
    run = _Run(
        store=StoryStore(options=options or StoryOptions(), lookups=Lookups()),
        report=report or ImportReport(),
        strict=strict,
        since=since,
        media_root=media_root,
    )
    with transaction.atomic() if dry_run else nullcontext():
        try:
            for path, named_format in _story_files(paths, format_name, run):
                run.import_file(path, named_format)
        except _Stop:
            pass
        run.store.related_update()
        if dry_run:
            transaction.set_rollback(True)
    return run.report


@dataclass
class _Run:
    store: StoryStore
    report: ImportReport
    strict: bool
    since: datetime | None
    media_root: Path | None

    def fail(self, reason: str, *, path: str, line: int | None = None) -> None:
        self.report.fail(reason, path=path, line=line)
        if self.strict:
            raise _Stop

    def import_file(self, path: Path, named_format: StoryFormat | None) -> None:
        label = "<stdin>" if path == STDIN else str(path)
        batch: list[Story] = []
        try:
            with _opened(path) as stream:
                story_format = self._format_of(stream, named_format)
                entries = story_format.read(stream, media_root=self.media_root)
                for entry in entries:
                    if isinstance(entry, Story):
                        batch.append(entry)
                        if len(batch) >= BATCH_SIZE:
                            self._store(batch, label)
                            batch = []
                    else:
                        self._store(batch, label)
                        batch = []
                        self._other(entry, label)
        except StoryError as error:
            self._store(batch, label)
            batch = []
            self.fail(error.reason, path=label, line=error.line)
        except OSError as error:
            self.fail(f"cannot read the file ({error.strerror or error})", path=label)
        self._store(batch, label)

    def _format_of(self, stream: IO[bytes], named: StoryFormat | None) -> StoryFormat:
        head = stream.read(HEAD_SIZE)
        stream.seek(0)
        found = named.name if named else sniff(head)
        if found == "xml":
            root = xml_root(head).decode(errors="replace")
            raise StoryError(1, f"XML that is neither a WordPress export nor a feed (<{root}>)")
        story_format = FORMATS[found]
        if story_format.is_xml:
            refuse_entities(head)
        return story_format

    def _other(self, entry: StoryError | Skipped | Vocabulary, label: str) -> None:
        if isinstance(entry, StoryError):
            self.fail(entry.reason, path=label, line=entry.line)
        elif isinstance(entry, Skipped):
            self.report.skip(entry.kind, entry.count)
        else:
            try:
                self.store.vocabulary_apply(entry)
            except DatabaseError as error:
                self.fail(f"cannot save the categories, tags and authors ({error})", path=label)

    def _store(self, batch: list[Story], label: str) -> None:
        if not batch:
            return
        if self.since:
            for story in batch:
                if story.dated_at and story.dated_at < self.since:
                    note = f"dated {story.dated_at:%Y-%m-%d %H:%M}, before --since"
                    self.report.add(Outcome.SKIPPED, path=label, title=story.headline, note=note)
            batch = [s for s in batch if not (s.dated_at and s.dated_at < self.since)]
        for story, result in zip(batch, self.store.upsert_many(batch), strict=True):
            if isinstance(result, Exception):
                self.fail(f"cannot save “{story.headline}” ({result})", path=label)
            else:
                self.report.add(result.outcome, path=label, title=story.headline, note=result.note)


def _story_files(
    paths: Iterable[Path], format_name: str, run: _Run
) -> Iterator[tuple[Path, StoryFormat | None]]:
    """Named files as given; folders searched recursively for files of the format."""
    named = FORMATS.get(format_name)
    suffixes = set(named.suffixes) if named else _SUFFIXES
    for path in paths:
        if path == STDIN:
            yield path, named
        elif path.is_dir():
            for found in sorted(path.rglob("*")):
                wanted = found.suffix.lower() in suffixes and not _is_hidden(found, path)
                if wanted and found.is_file():
                    yield found, named
        elif path.is_file():
            # A file named on purpose is read whatever its suffix.
            yield path, named
        else:
            run.fail("no such file or directory", path=str(path))


@contextmanager
def _opened(path: Path):
    """The file to read, seekable: standard input is first copied to a temporary file."""
    if path != STDIN:
        with path.open("rb") as stream:
            yield stream
        return
    with tempfile.TemporaryFile() as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool)
        spool.seek(0)
        yield spool


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
