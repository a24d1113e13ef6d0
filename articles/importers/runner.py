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

from articles.images.services import files_delete
from articles.importers import feed, ninjs, text, wxr
from articles.importers.lookups import Lookups
from articles.importers.reading import Reader
from articles.importers.report import ImportReport, Outcome
from articles.importers.sniff import HEAD_SIZE, refuse_entities, sniff, xml_root
from articles.importers.store import StoryOptions, StoryStore
from articles.importers.story import Skipped, Story, StoryError, Unread, Vocabulary
from newsroom.bulk import collector_paused

STDIN = Path("-")
AUTO = "auto"
# Stories read before their stored versions are looked up together, in one query; a
# batch's new stories are then written in one transaction. Each batch costs a rebuild of
# the people matcher and a flush of SQLite's full-text index, so bigger batches are
# faster; this size holds the write lock for about a second (other writers wait).
BATCH_SIZE = 1000


@dataclass(frozen=True)
class StoryFormat:
    name: str
    suffixes: tuple[str, ...]
    read: Callable[..., Iterator[Story | Unread | StoryError | Skipped | Vocabulary]]
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


@dataclass
class _Batch:
    entries: list[Story | Unread]
    label: str
    keys: set[tuple[str, str]]  # the stories' identities
    same: dict[Unread, str]  # unchanged stories, with their stored headlines
    reading: Callable[[], list[Story | StoryError | Skipped]]  # what the others became


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
    reader: Reader | None = None,
) -> ImportReport:
    """Import every story under `paths` ("-" is standard input); failures are reported.

    Each story is written in its own transaction. A dry run does all the work in one
    transaction it then rolls back, and deletes the photo files it stored, so the report
    shows exactly what a real run would do and nothing is left changed.
    """
    run = _Run(
        store=StoryStore(options=options or StoryOptions(), lookups=Lookups(), dry_run=dry_run),
        report=report or ImportReport(),
        strict=strict,
        since=since,
        media_root=media_root,
        reader=reader or Reader(),
    )
    try:
        with transaction.atomic() if dry_run else nullcontext():
            try:
                for path, named_format in _story_files(paths, format_name, run):
                    run.import_file(path, named_format)
            except _Stop:
                pass
            finally:
                run.reader.close()
            run.store.related_update()
            run.report.new_records.update(run.store.records_added())
            if dry_run:
                transaction.set_rollback(True)
    finally:
        if dry_run:
            # The rollback takes back the photos' rows but not their files; after it,
            # however the run ended, so no row is left pointing at a deleted file.
            files_delete(files=run.store.stored_files)
    return run.report


@dataclass
class _Run:
    store: StoryStore
    report: ImportReport
    strict: bool
    since: datetime | None
    media_root: Path | None
    reader: Reader
    # A batch being read, written once the batch after it is under way.
    pending: _Batch | None = None

    def fail(self, reason: str, *, path: str, line: int | None = None) -> None:
        self.report.fail(reason, path=path, line=line)
        if self.strict:
            raise _Stop

    def import_file(self, path: Path, named_format: StoryFormat | None) -> None:
        label = "<stdin>" if path == STDIN else str(path)
        batch: list[Story | Unread] = []
        try:
            with _opened(path) as stream:
                story_format = self._format_of(stream, named_format)
                entries = story_format.read(stream, media_root=self.media_root)
                for entry in entries:
                    if isinstance(entry, Story | Unread):
                        batch.append(entry)
                        if len(batch) >= BATCH_SIZE:
                            self._queue(batch, label)
                            batch = []
                    else:
                        self._queue(batch, label)
                        self._settle()
                        batch = []
                        self._other(entry, label)
        except StoryError as error:
            self._queue(batch, label)
            self._settle()
            batch = []
            self.fail(error.reason, path=label, line=error.line)
        except OSError as error:
            self.fail(f"cannot read the file ({error.strerror or error})", path=label)
        self._queue(batch, label)
        self._settle()

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

    def _queue(self, batch: list[Story | Unread], label: str) -> None:
        """Start on a batch: tell its unchanged stories, and start reading the others
        while the batch before it is written."""
        if not batch:
            return
        keys = {(entry.source, entry.external_id) for entry in batch}
        if self.pending and not keys.isdisjoint(self.pending.keys):
            self._settle()  # a story read twice is compared with what the first wrote
        unread = [entry for entry in batch if isinstance(entry, Unread)]
        # --since decides by a story's dates, which only reading it gives.
        same = self.store.unchanged(unread) if unread and not self.since else {}
        reading = self.reader.submit([entry for entry in unread if entry not in same])
        queued = _Batch(batch, label, keys, same, reading)
        self._settle()
        self.pending = queued

    def _settle(self) -> None:
        """Write the batch waiting to be written, if any."""
        batch, self.pending = self.pending, None
        if batch is not None:
            with collector_paused():
                self._settle_batch(batch)

    def _settle_batch(self, batch: "_Batch") -> None:
        read = iter(batch.reading())
        stories: list[Story] = []
        for entry in batch.entries:
            if isinstance(entry, Unread):
                if entry in batch.same:
                    self.report.add(Outcome.UNCHANGED, path=batch.label, title=batch.same[entry])
                    continue
                entry = next(read)
            if isinstance(entry, Story):
                stories.append(entry)
            else:
                self._write(stories, batch.label)
                stories = []
                self._other(entry, batch.label)
        self._write(stories, batch.label)

    def _write(self, batch: list[Story], label: str) -> None:
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
