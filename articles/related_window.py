"""A stretch of the archive held in memory, for working out thousands of related lists.

An import or a rebuild goes through its stories in publication order. Every candidate of a
story lies within RELATED_WINDOW_DAYS of it (further away, the story falls back to a search
of all time), so the live stories of the window around the current batch, with their
people and tags, are all it needs. The window slides forward with the batches: each story
is read once, by ranges of dates and ids, instead of once per story it could join, through
a join per shared person or tag. At 10,000 stories that is the difference between seconds
and a tenth of one.
"""

import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain

from django.db.models import F, Func, IntegerField

from articles.models import Article, Mention, TaggedArticle
from newsroom.bulk import IdIn, batched, plain_rows

_LOAD_BATCH = 500


@dataclass
class Shared:
    """What one story has in common with each story that may be related to it."""

    tags: Counter = field(default_factory=Counter)  # story -> how many tags
    people: dict[int, list[str]] = field(default_factory=dict)  # story -> people's names

    def drop(self, story: int) -> None:
        self.tags.pop(story, None)
        self.people.pop(story, None)


def whole_seconds(moment: datetime) -> int:
    """A publication time as the database gives it to scoring: whole seconds since 1970."""
    return math.floor(moment.timestamp())


def people_and_tags(ids: list[int]) -> tuple[list[tuple], list[tuple]]:
    """The people these stories name, as (story, person, name), and their tags, as (story,
    tag): two queries."""
    mentions = Mention.objects.filter(IdIn("article", ids))
    taggings = TaggedArticle.objects.filter(IdIn("content_object", ids))
    return (
        plain_rows(mentions.values_list("article_id", "person_id", "person__name")),
        plain_rows(taggings.values_list("content_object_id", "tag_id")),
    )


def datetime_of(seconds: int) -> datetime:
    """The inverse of `whole_seconds`."""
    return datetime.fromtimestamp(seconds, tz=UTC)


class PublishedSeconds(Func):
    """A story's publication as whole seconds since 1970, worked out by the database: a
    plain integer costs nothing to read, where a datetime is parsed row by row.

    On SQLite, filtering on it rather than on the column makes the planner start from the
    people's and tags' indexes rather than the publication date's (without statistics it
    would pick the date, and a batch's window can be a year of stories). PostgreSQL's
    planner makes that choice by itself, and needs the column to use the date's index.
    """

    output_field = IntegerField()

    def __init__(self) -> None:
        super().__init__(F("published_at"))

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(strftime(%s, {sql}) AS INTEGER)", ("%s", *params)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM {sql})) AS BIGINT)", params


class RelatedWindow:
    def __init__(self) -> None:
        # Live stories loaded: id -> (section id, publication in whole seconds).
        self.stories: dict[int, tuple[int | None, int]] = {}
        self.people: dict[int, list[int]] = {}  # story -> its people
        self.tags: dict[int, list[int]] = {}  # story -> its tags
        self.names: dict[int, str] = {}  # person -> name, for the reasons editors read
        self._naming: dict[int, set[int]] = defaultdict(set)  # person -> stories
        self._tagged: dict[int, set[int]] = defaultdict(set)  # tag -> stories
        self._order: deque[tuple[int, int]] = deque()  # (seconds, story), oldest first
        self._until: int | None = None  # the last second held

    def slide(self, start: datetime, end: datetime) -> None:
        """Hold the live stories published from `start` to `end`, to the second (as scores
        count time); both only ever move on."""
        first, last = whole_seconds(start), whole_seconds(end)
        while self._order and self._order[0][0] < first:
            self._forget(self._order.popleft()[1])
        if self._until is not None and last <= self._until:
            return
        # From where the stories held end, unless the window jumped past them.
        lower = first if self._until is None or self._until < first else self._until + 1
        stories = Article.objects.published_or_scheduled().filter(
            published_at__gte=datetime_of(lower), published_at__lt=datetime_of(last + 1)
        )
        self._until = last
        rows = stories.order_by("published_at", "pk").annotate(seconds=PublishedSeconds())
        for batch in batched(
            plain_rows(rows.values_list("pk", "section_id", "seconds")), _LOAD_BATCH
        ):
            self._load(batch)

    def shared(self, ids: Iterable[int]) -> dict[int, "Shared"]:
        """What each of these stories held here shares with the other stories here."""
        result = {}
        for story in ids:
            if story not in self.stories:
                continue
            # One count over all its tags' stories: a Counter.update per tag costs more in
            # the call than in the counting.
            tagged = chain.from_iterable(self._tagged[tag] for tag in self.tags[story])
            found = result[story] = Shared(tags=Counter(tagged))
            for person in self.people[story]:
                name = self.names[person]
                for other in self._naming[person]:
                    found.people.setdefault(other, []).append(name)
            found.drop(story)
        return result

    def _load(self, rows: list[tuple]) -> None:
        ids = []
        for pk, section_id, seconds in rows:
            self.stories[pk] = (section_id, seconds)
            self.people[pk], self.tags[pk] = [], []
            self._order.append((seconds, pk))
            ids.append(pk)
        mentions, taggings = people_and_tags(ids)
        for story, person, name in mentions:
            self.people[story].append(person)
            self._naming[person].add(story)
            self.names[person] = name
        for story, tag in taggings:
            self.tags[story].append(tag)
            self._tagged[tag].add(story)

    def _forget(self, story: int) -> None:
        del self.stories[story]
        for person in self.people.pop(story):
            self._naming[person].discard(story)
        for tag in self.tags.pop(story):
            self._tagged[tag].discard(story)
