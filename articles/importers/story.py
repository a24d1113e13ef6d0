"""The format-neutral story every importer produces and the store writes."""

import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property
from pathlib import Path


class StoryError(Exception):
    """Input that cannot become a story; `line` points at the culprit in the source file.

    Readers raise it when the rest of a file cannot be read, and yield it (as a value) for
    one bad item in a file whose other items still import.
    """

    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason

    def __reduce__(self):
        # Read in a worker process, it comes back pickled.
        return StoryError, (self.line, self.reason)


class SourceStatus(StrEnum):
    """What the source says about publication; None on a Story means it says nothing."""

    PUBLISHED = "published"
    DRAFT = "draft"


@dataclass(frozen=True)
class StoryImage:
    """A lead photo and its journalism; `file` is a local file to store, when there is one."""

    caption: str
    credit_line: str = ""
    photographer: str = ""
    agency: str = ""
    alt_text: str = ""
    file: Path | None = None


@dataclass(frozen=True)
class Story:
    # `source` and `external_id` are the story's identity, so a re-import updates in place.
    source: str
    external_id: str
    headline: str
    dek: str = ""
    # Plain-text paragraphs (the text format) or HTML (every other format); the body field
    # sanitises the HTML when it is saved.
    paragraphs: tuple[str, ...] = ()
    body_html: str = ""
    writers: tuple[str, ...] = ()
    # Credits after the writers, as (name, byline role): a photographer, an editor.
    credits: tuple[tuple[str, str], ...] = ()
    outlet: str = ""
    image: StoryImage | None = None
    section: str = ""
    tags: tuple[str, ...] = ()
    # Named people the source lists; people the text names are found as well.
    people: tuple[str, ...] = ()
    source_url: str = ""
    status: SourceStatus | None = None
    published_at: datetime | None = None
    # The source's version: a newer one updates the story, an older one is skipped.
    version: int | None = None
    version_at: datetime | None = None
    # A digest of the bytes the story was read from, where the format has them per story.
    digest: str = ""

    @cached_property
    def canonical_json(self) -> str:
        """What the story says, as JSON with sorted keys: the heart of its fingerprint
        (`stored.story_checksum`). Kept once worked out, and pickled with the story, so a
        story read in a worker process arrives with it."""
        return json.dumps(_fields(self), sort_keys=True, ensure_ascii=False, default=str)

    @property
    def dated_at(self) -> datetime | None:
        """When the source last touched the story, for `--since`."""
        return self.version_at or self.published_at


@dataclass(frozen=True)
class Unread:
    """A story known so far by its identity and a digest of its bytes, read in full only
    if the store has not written it from those very bytes: an archive imported again is
    mostly unchanged, and reading a story costs more than anything else that needs."""

    source: str
    external_id: str
    digest: str
    read: Callable[[], "Story | StoryError | Skipped"]


@dataclass(frozen=True)
class Skipped:
    """Something in a file that is not a story (a page, a menu item), counted by kind."""

    kind: str
    count: int = 1


@dataclass(frozen=True)
class Vocabulary:
    """Terms a file defines before its stories: WordPress categories, tags and authors."""

    sections: tuple[tuple[str, str], ...] = ()  # (name, slug)
    tags: tuple[tuple[str, str], ...] = ()  # (name, slug)
    contributors: tuple[str, ...] = ()


def as_utc(moment: datetime) -> datetime:
    """An aware datetime in UTC; a source's naive time is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _fields(story: Story) -> dict:
    """What `dataclasses.asdict` gives for a story, without its deep copy of every value:
    the JSON, and so the fingerprints stored by earlier imports, stay the same."""
    # Where a story was read from is not what it says: the same story from other bytes
    # (keys in another order, say) is still unchanged.
    values = {f.name: getattr(story, f.name) for f in fields(story) if f.name != "digest"}
    if not story.credits:
        del values["credits"]  # stories stored before credits were read keep their prints
    if story.image is not None:
        values["image"] = {
            field.name: getattr(story.image, field.name) for field in fields(story.image)
        }
    return values
