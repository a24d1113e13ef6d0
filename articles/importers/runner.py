"""Run an import over files and folders: find the files, read them, store each story."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, transaction

from articles.importers import text
from articles.importers.report import ImportReport
from articles.importers.store import StoryOptions, story_upsert
from articles.importers.story import Story, StoryError


@dataclass(frozen=True)
class StoryFormat:
    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Path], list[Story]]


# New formats (WordPress, ninjs, feeds) register here and the command offers them.
FORMATS = {
    story_format.name: story_format
    for story_format in (StoryFormat("text", text.SUFFIXES, text.read_stories),)
}
AUTO = "auto"


def import_paths(
    *,
    paths: Iterable[Path],
    format_name: str = AUTO,
    options: StoryOptions | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import every story under `paths`; each story is all-or-nothing, failures are reported.

    A dry run does all the work in a transaction it then rolls back, so the report shows
    exactly what a real run would do.
    """
    options = options or StoryOptions()
    report = ImportReport()
    with transaction.atomic() if dry_run else nullcontext():
        for path, story_format in _story_files(paths, format_name, report):
            try:
                for story in story_format.read(path):
                    outcome = story_upsert(story=story, options=options)
                    report.add(outcome, path=str(path), title=story.headline)
            except StoryError as error:
                report.fail(error.reason, path=str(path), line=error.line)
            except OSError as error:
                report.fail(f"cannot read the file ({error.strerror})", path=str(path))
            except DatabaseError as error:
                report.fail(f"cannot save the story ({error})", path=str(path))
        if dry_run:
            transaction.set_rollback(True)
    return report


def _story_files(
    paths: Iterable[Path], format_name: str, report: ImportReport
) -> Iterator[tuple[Path, StoryFormat]]:
    """Named files as given; folders searched recursively for files of the format."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                story_format = _format_for(found, format_name)
                if found.is_file() and story_format and not _is_hidden(found, path):
                    yield found, story_format
        elif path.is_file():
            # A file named on purpose is read whatever its suffix; plain text is the fallback.
            named = FORMATS.get(format_name)
            yield path, named or _format_for(path, AUTO) or FORMATS["text"]
        else:
            report.fail("no such file or directory", path=str(path))


def _format_for(path: Path, format_name: str) -> StoryFormat | None:
    if format_name != AUTO:
        story_format = FORMATS[format_name]
        return story_format if path.suffix.lower() in story_format.suffixes else None
    suffix = path.suffix.lower()
    return next((f for f in FORMATS.values() if suffix in f.suffixes), None)


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
