"""What a story read again is compared with: the stored story, and a fingerprint of what an
import would write.

The stored side is read as plain values, a batch in one query: a re-import of an archive
mostly finds it unchanged, and building a model instance for each story would cost more
than everything else it does. A story that is to be written is read whole then.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.utils import timezone

from articles.importers.story import SourceStatus, Story, Unread
from articles.models import Article
from articles.querysets import LIVE_STATUSES


@dataclass(frozen=True)
class StoryOptions:
    publish: bool = False
    section: str = ""


class Stored(NamedTuple):
    """A stored story, as far as telling whether the source changed it goes."""

    pk: int
    import_checksum: str
    import_digest: str
    import_version: int | None
    import_version_at: datetime | None
    status: str
    headline: str
    section_name: str | None

    @classmethod
    def of(cls, article: Article) -> "Stored":
        section = article.section.name if article.section_id else None
        return cls(
            article.pk,
            article.import_checksum,
            article.import_digest,
            article.import_version,
            article.import_version_at,
            article.status,
            article.headline,
            section,
        )


def stored_stories(stories: Iterable[Story | Unread]) -> dict[tuple[str, str], Stored]:
    """The stored versions of a batch of stories, by identity, in one query per source."""
    wanted: dict[str, set[str]] = {}
    for story in stories:
        wanted.setdefault(story.source, set()).add(story.external_id)
    found: dict[tuple[str, str], Stored] = {}
    for source, external_ids in wanted.items():
        rows = (
            Article.objects.filter(import_source=source, external_id__in=external_ids)
            # Repeats the identity index's condition, so the database can use that index;
            # and unordered, or SQLite walks every story in date order to find a thousand.
            .exclude(external_id="")
            .order_by()
            .values_list("external_id", *Stored._fields[:-1], "section__name")
        )
        found.update(((source, external_id), Stored(*row)) for external_id, *row in rows)
    return found


def source_digest(digest: str, options: StoryOptions) -> str:
    """What `Article.import_digest` holds for a story read from bytes of this digest: the
    options change what the same bytes become."""
    return hashlib.sha256(f"{digest} {options!r}".encode()).hexdigest()


def story_checksum(*, story: Story, options: StoryOptions, stored: Stored | None) -> str:
    """A fingerprint of what the import would write, including the options' effect.

    Without a status from the source, the import never unpublishes a live story; nor does
    it clear a section an editor chose. So the fingerprint uses the status and section the
    article would end with.
    """
    status, _ = target_status(story, options, stored.status if stored else None)
    section = options.section or story.section or (stored and stored.section_name) or ""
    # {"section": …, "status": …, "story": …} with sorted keys, as earlier releases wrote
    # it in one json.dumps: the story's part comes ready.
    encoded = (
        f'{{"section": {_json(section.casefold())}, "status": {_json(status)}, '
        f'"story": {story.canonical_json}}}'
    )
    return hashlib.sha256(encoded.encode()).hexdigest()


def older_version_note(story: Story, stored: Stored) -> str:
    """Why the story is older than the stored one, or "" if it is not (or cannot tell)."""
    if None not in (story.version, stored.import_version) and (
        story.version != stored.import_version
    ):
        if story.version < stored.import_version:
            return f"version {story.version} is older than the stored {stored.import_version}"
        return ""
    if None not in (story.version_at, stored.import_version_at) and (
        story.version_at < stored.import_version_at
    ):
        return (
            f"version of {story.version_at.isoformat()} is older than the stored "
            f"{stored.import_version_at.isoformat()}"
        )
    return ""


def target_status(story: Story, options: StoryOptions, current: str | None):
    """The status and publication time the article should end with, given its `current`
    status (None for a new story).

    A source that states a status (WordPress, ninjs) is followed both ways, so a withdrawn
    wire story comes down. A source that does not (plain text, feeds) publishes only with
    --publish, and never unpublishes what an editor put live. A publication time still to
    come (a WordPress "future" post, a ninjs embargo) makes the story scheduled.
    """
    if story.status == SourceStatus.DRAFT:
        return Article.Status.DRAFT, None
    if story.status == SourceStatus.PUBLISHED or options.publish or current in LIVE_STATUSES:
        published_at = story.published_at
        if published_at and published_at > timezone.now():
            return Article.Status.SCHEDULED, published_at
        return Article.Status.PUBLISHED, published_at
    return Article.Status.DRAFT, None


def _json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
