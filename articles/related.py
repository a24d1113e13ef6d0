"""Related stories, scored and kept ready so an article page reads its block in one query.

A candidate shares at least one named person or tag with the story. It scores
NEWSROOM_RELATED_WEIGHTS["person"] per shared person, ["tag"] per shared tag and ["section"]
for the same section, halved for every ["half_life_days"] between the two publications.
The score is symmetric, so when a story is published its own list is computed once and the
same scores decide whether it enters the lists of the stories it shares most with.

Everything works on batches (an import publishes hundreds of stories at once) with a
handful of queries per batch; one story is a batch of one.

Lists may name stories readers cannot see yet (scheduled) or any more: the page joins them
to `Article.objects.published()` when it reads them, so nothing hidden ever shows.
"""

import functools
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import timedelta
from itertools import islice
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Value

from articles.models import (
    Article,
    Mention,
    RelatedArticle,
    RelatedChoice,
    RelatedPending,
    TaggedArticle,
)
from articles.related_window import (
    PublishedSeconds,
    RelatedWindow,
    Shared,
    datetime_of,
    people_and_tags,
    whole_seconds,
)
from newsroom.bulk import (
    IdIn,
    batched,
    collector_paused,
    rows_insert,
    sqlite_cache,
)

PINNED_REASON = "Pinned by an editor"
_SECONDS_PER_DAY = 86400
_REBUILD_BATCH = 500
# The pass's page cache: room for the article-table pages of the stories its window holds
# (about two stories a page, each read for every row that names the story), 16,000 stories.
_PASS_CACHE_KIB = 32_000
# All a story's list is worked out from: rows with these serve in place of whole articles.
_FIELDS = ("pk", "section_id", "published_at")
_NOTHING = Shared()
_COLUMNS = ["article", "related", "score", "reason", "is_pinned", "position"]


class Candidate(NamedTuple):
    """A story that may go in another's list. (A tuple: an import makes hundreds of
    thousands.)"""

    pk: int
    section_id: int | None
    published_at: int | None  # seconds since 1970
    people: list[str]
    tags: int
    score: float

    def reason(self, *, same_section: bool) -> str:
        """Why it was chosen, for editors: "Shares Antony Blinken and 2 tags"."""
        return _reason_text(tuple(sorted(self.people)), self.tags, same_section)


# Most stories share a tag or two and nobody: the same few reasons, a hundred thousand times
# on an import.
@functools.lru_cache(maxsize=4096)
def _reason_text(people: tuple[str, ...], tags: int, same_section: bool) -> str:
    parts = []
    if len(people) > 2:
        parts.append(f"{people[0]}, {people[1]} and {len(people) - 2} more")
    elif people:
        parts.append(" and ".join(people))
    if tags:
        parts.append(f"{tags} tag{'s' if tags != 1 else ''}")
    reason = "Shares " + " and ".join(parts)
    return f"{reason}, same section" if same_section else reason


class Ranking:
    """One story's candidates, best first, made into `Candidate`s as they are read: an
    import ranks hundreds of thousands, and a list keeps the best few."""

    def __init__(self, scores: list[tuple[float, int]], shared: Shared, dates: dict) -> None:
        self.scores, self.shared, self.dates = scores, shared, dates

    def __iter__(self) -> Iterator[Candidate]:
        return (self.candidate(pk, score) for score, pk in self.scores)

    def candidate(self, pk: int, score: float) -> Candidate:
        shared = self.shared
        people, tags = shared.people.get(pk, []), shared.tags.get(pk, 0)
        return Candidate(pk, *self.dates[pk], people, tags, score)

    def reason(self, pk: int, *, section: int | None) -> str:
        """`Candidate.reason` for the story `pk`, for a story in `section`, without making
        the candidate: a list's rows need only this."""
        people = self.shared.people.get(pk)
        same_section = section is not None and section == self.dates[pk][0]
        return _reason_text(
            tuple(sorted(people)) if people else (), self.shared.tags.get(pk, 0), same_section
        )


def related_candidates(article: Article, *, limit: int | None = None) -> list[Candidate]:
    """Stories that may be related to `article`, scored, the best `limit` first."""
    return list(_candidates_for([article], limit=limit)[article.pk])


def related_refresh(*, article: Article) -> None:
    """Bring related lists up to date after `article` is published, changed or taken down:
    its own list, and every list it enters or leaves."""
    related_refresh_many(articles=[article])


# Part of the publish, save or import that calls it: a savepoint would only cost queries.
@transaction.atomic(savepoint=False)
def related_refresh_many(
    *,
    articles: Sequence[Article],
    settled: Collection[int] = frozenset(),
    stretch: RelatedWindow | None = None,
) -> None:
    """`related_refresh` for a batch of stories, with a handful of queries for all.

    `settled` are stories whose own lists are (re)computed in the same pass, in this batch
    or another: nothing is offered to them. `stretch` is as for `_candidates_for`.
    """
    ids = {article.pk for article in articles}
    settled = {*settled, *ids}
    held = {
        pk: list_id
        for pk, list_id in RelatedArticle.objects.filter(
            IdIn("related", ids), is_pinned=False
        ).values_list("pk", "article_id")
        if list_id not in settled
    }
    if held:
        RelatedArticle.objects.filter(IdIn("pk", held)).delete()
    showing = Article.objects.published_or_scheduled().filter(IdIn("pk", ids))
    live_ids = set(showing.values_list("pk", flat=True))
    if gone := ids - live_ids:
        RelatedArticle.objects.filter(IdIn("article", gone)).delete()
    entered: set[int] = set()
    if live := [article for article in articles if article.pk in live_ids]:
        candidates = _candidates_for(live, limit=settings.RELATED_OFFERED, stretch=stretch)
        choices = list(
            RelatedChoice.objects.filter(IdIn("article", live_ids) | IdIn("related", live_ids))
        )
        _lists_write(live, candidates, choices)
        entered = _offer(live, candidates, choices, settled=settled)
    # Lists a story has dropped out of (taken down, or its people or tags changed) take
    # their next best.
    if lost := set(held.values()) - entered:
        related_lists_rebuild(articles=Article.objects.filter(IdIn("pk", lost)))


def related_refresh_all(*, ids: Collection[int], batch_size: int = _REBUILD_BATCH) -> None:
    """`related_refresh_many` for every story an import wrote, or every story there is
    (thousands, or a million).

    All of them are there when this runs, so each list is computed once, with the others
    among its candidates. They go in publication order, so each batch's candidates lie in
    one stretch of time, which `RelatedWindow` holds in memory as it moves forward.
    """
    settled = set(ids)
    window = timedelta(days=settings.RELATED_WINDOW_DAYS)
    dated, undated = [], []
    for chunk in batched(sorted(settled), _REBUILD_BATCH):
        stories = Article.objects.filter(IdIn("pk", chunk)).values_list(*_FIELDS, named=True)
        for story in stories:
            (dated if story.published_at else undated).append(story)
    dated.sort(key=lambda story: (story.published_at, story.pk))
    stretch = RelatedWindow()
    with collector_paused(), sqlite_cache(_PASS_CACHE_KIB):
        # A transaction per few batches: each commit writes out again the index pages that
        # the one before it touched.
        for group in batched(dated, batch_size * 8):
            with transaction.atomic():
                for batch in batched(group, batch_size):
                    stretch.slide(batch[0].published_at - window, batch[-1].published_at + window)
                    related_refresh_many(articles=batch, settled=settled, stretch=stretch)
        # Not live (a live story has a date): their lists, if any, are cleared.
        for batch in batched(undated, batch_size):
            related_refresh_many(articles=batch, settled=settled)


def related_pending_add(*, ids: Iterable[int]) -> None:
    """Note stories whose related lists an import must bring up to date; called in the
    transaction that writes them."""
    rows_insert(RelatedPending, ["article"], ((pk,) for pk in ids))


def related_pending_refresh() -> int:
    """Bring up to date the related lists of every story waiting for it (this run's, and
    any a killed run left behind); returns how many."""
    last = RelatedPending.objects.aggregate(last=Max("pk"))["last"]
    if last is None:
        return 0
    pending = RelatedPending.objects.filter(pk__lte=last)
    ids = set(pending.values_list("article_id", flat=True))
    related_refresh_all(ids=ids)
    pending.delete()
    return len(ids)


def related_lists_rebuild(*, articles: Iterable[Article]) -> int:
    """Compute these stories' own lists from scratch (pins first); returns how many."""
    count = 0
    for batch in batched(articles, _REBUILD_BATCH):
        with transaction.atomic():
            ids = [article.pk for article in batch]
            choices = list(RelatedChoice.objects.filter(IdIn("article", ids)))
            _lists_write(batch, _candidates_for(batch, limit=settings.RELATED_STORED * 2), choices)
        count += len(batch)
    return count


def related_preview(article: Article) -> list[Article]:
    """The block a story not live yet would get, worked out now and stored nowhere: for
    previews (staff, signed links), never a reader's page, which reads the stored list."""
    choices = list(RelatedChoice.objects.filter(article=article))
    pinned = [c.related_id for c in choices if c.kind == RelatedChoice.Kind.PIN]
    excluded = {c.related_id for c in choices if c.kind == RelatedChoice.Kind.EXCLUDE}
    scored = [c.pk for c in related_candidates(article, limit=settings.RELATED_STORED)]
    order = {pk: at for at, pk in enumerate(dict.fromkeys([*pinned, *scored]))}
    visible = Article.objects.published().filter(pk__in=set(order) - excluded)
    ranked = sorted(visible.select_related("section").defer("body"), key=lambda a: order[a.pk])
    return ranked[: settings.RELATED_LIMIT]


# Finding and scoring candidates.


def _candidates_for(
    articles: Sequence[Article], *, limit: int | None, stretch: RelatedWindow | None = None
) -> dict[int, Ranking]:
    """Each story's candidates, scored, best first.

    Looks within RELATED_WINDOW_DAYS of each story's publication first: further away the
    recency decay leaves little score, and a popular tag would bring thousands of stories.
    A story with too few candidates there (or no date yet) looks through all time.
    `stretch`, if given, holds the live stories of that window around the whole batch.
    """
    window = settings.RELATED_WINDOW_DAYS * _SECONDS_PER_DAY
    # Read once: each read of a setting goes through a lazy object's __getattribute__.
    stored, weights = settings.RELATED_STORED, settings.NEWSROOM_RELATED_WEIGHTS
    moments = {a.pk: whole_seconds(a.published_at) for a in articles if a.published_at}
    found, dates, result, sparse = {}, {}, {}, []
    if stretch is not None:
        found, dates = stretch.shared(moments), stretch.stories
    elif moments:
        span = (min(moments.values()) - window, max(moments.values()) + window)
        found, dates = _shared([a.pk for a in articles], span)
    for article in articles:
        moment = moments.get(article.pk)
        shared = found.get(article.pk, _NOTHING)
        scores = _scores(article, moment, shared, dates, within=window, weights=weights)
        if moment is None or len(scores) < stored:
            sparse.append(article)
        else:
            result[article.pk] = _best(scores, shared, dates, limit)
    if sparse:
        found, dates = _shared([article.pk for article in sparse], None)
        for article in sparse:
            shared = found.get(article.pk, _NOTHING)
            moment = moments.get(article.pk)
            scores = _scores(article, moment, shared, dates, within=None, weights=weights)
            result[article.pk] = _best(scores, shared, dates, limit)
    return result


def _shared(ids: list[int], span: tuple[int, int] | None) -> tuple[dict[int, Shared], dict]:
    """What each story in `ids` shares with the live stories published in `span` (seconds
    since 1970) if given, and those stories' sections and dates: story -> (section,
    published in seconds).

    Three queries whatever the batch: its people and tags, then one row of plain integers
    per candidate and shared person or tag, which need no conversion on the way out: a
    batch reads thousands. Starting from the people and tags lets the database begin at
    their indexes.
    """
    mentions, taggings = people_and_tags(ids)
    people: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    for article_id, person_id, name in mentions:
        people[person_id].append(article_id)
        names[person_id] = name
    tags: dict[int, list[int]] = defaultdict(list)
    for article_id, tag_id in taggings:
        tags[tag_id].append(article_id)
    shared: dict[int, Shared] = defaultdict(Shared)
    dates: dict[int, tuple[int | None, int | None]] = {}
    if not people and not tags:
        return shared, dates
    others = Article.objects.published_or_scheduled().annotate(seconds=PublishedSeconds())
    if span and connection.vendor == "sqlite":
        others = others.filter(seconds__range=span)  # through no index: see PublishedSeconds
    elif span:
        first, last = span
        others = others.filter(
            published_at__gte=datetime_of(first), published_at__lt=datetime_of(last + 1)
        )
    stories = others.order_by().values_list("pk", "section_id", "seconds")
    links = _links(people=list(people), tags=list(tags))
    for pk, section_id, seconds, key, is_person in _joined(stories, links):
        dates[pk] = (section_id, seconds)
        for source in people[key] if is_person else tags[key]:
            if is_person:
                shared[source].people.setdefault(pk, []).append(names[key])
            else:
                shared[source].tags[pk] += 1
    for source, found in shared.items():
        found.drop(source)
    return shared, dates


def _links(*, people: list[int], tags: list[int]):
    """(story, person or tag, 1 if a person else 0) for every story that names one of
    `people` or is tagged with one of `tags`."""
    by_person = Mention.objects.filter(person__in=people).annotate(
        story=F("article_id"), linked=F("person_id"), is_person=Value(1)
    )
    by_tag = TaggedArticle.objects.filter(tag__in=tags).annotate(
        story=F("content_object_id"), linked=F("tag_id"), is_person=Value(0)
    )
    columns = ("story", "linked", "is_person")
    return by_person.values_list(*columns).union(by_tag.values_list(*columns), all=True)


def _joined(stories, links) -> list[tuple]:
    """Each row of `stories` (whose first column is "pk") followed by each row of `links`
    that names the story, as plain rows.

    A join to a union, which the ORM does not write. PostgreSQL reads the stories of the
    window once, where a union of two joins (one per kind of link) read them twice: a
    third of a publish's candidate query. SQLite still starts from the links' indexes.
    """
    stories_sql, stories_params = stories.query.sql_with_params()
    links_sql, links_params = links.query.sql_with_params()
    sql = (
        f"SELECT story.*, link.linked, link.is_person FROM ({stories_sql}) story"
        f" INNER JOIN ({links_sql}) link ON link.story = story.pk"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*stories_params, *links_params))
        return cursor.fetchall()


def _scores(
    article: Article,
    moment: int | None,
    shared: Shared,
    dates: dict,
    *,
    within: int | None,
    weights: dict[str, float],
) -> list[tuple[float, int]]:
    """(score, candidate) for each candidate published `within` seconds of the story (all
    of them if None)."""
    half_life = weights["half_life_days"] * _SECONDS_PER_DAY
    section, same_section = article.section_id, weights["section"]
    scores = []
    # An import scores hundreds of thousands of candidates: this loop is kept to the work
    # each one needs.
    for pk, score in _shared_weight(shared, weights["person"], weights["tag"]).items():
        section_id, their_moment = dates[pk]
        if moment is None or their_moment is None:
            if within is not None:
                continue
            gap = None
        else:
            gap = abs(moment - their_moment)
            if within is not None and gap > within:
                continue
        if section and section_id == section:
            score += same_section
        if gap is not None:
            score *= 0.5 ** (gap / half_life)
        scores.append((score, pk))
    return scores


def _shared_weight(shared: Shared, per_person: float, per_tag: float) -> dict[int, float]:
    """Each candidate's score before its section and date count: per shared tag, plus per
    shared person. (Adding the people last gives the same float as adding them first.)"""
    weight = {pk: per_tag * count for pk, count in shared.tags.items()}
    for pk, names in shared.people.items():
        weight[pk] = weight.get(pk, 0) + per_person * len(names)
    return weight


def _best(
    scores: list[tuple[float, int]], shared: Shared, dates: dict, limit: int | None
) -> Ranking:
    scores.sort(reverse=True)
    return Ranking(scores[:limit], shared, dates)


# Writing lists.


def _lists_write(
    articles: Sequence[Article],
    candidates: dict[int, Ranking],
    choices: list[RelatedChoice],
) -> None:
    """Replace each story's list: its pinned stories, then its best candidates."""
    pinned: dict[int, list[int]] = defaultdict(list)
    excluded: dict[int, set[int]] = defaultdict(set)
    for choice in choices:
        if choice.kind == RelatedChoice.Kind.PIN:
            pinned[choice.article_id].append(choice.related_id)
        else:
            excluded[choice.article_id].add(choice.related_id)
    rows, stored = [], settings.RELATED_STORED
    for article in articles:
        rows += [
            (article.pk, pk, 0.0, PINNED_REASON, True, position)
            for position, pk in enumerate(pinned[article.pk])
        ]
        unwanted = excluded[article.pk] | set(pinned[article.pk])
        ranking, section = candidates[article.pk], article.section_id
        chosen = ((score, pk) for score, pk in ranking.scores if pk not in unwanted)
        rows += [
            (article.pk, pk, score, ranking.reason(pk, section=section), False, 0)
            for score, pk in islice(chosen, stored)
        ]
    RelatedArticle.objects.filter(IdIn("article", [article.pk for article in articles])).delete()
    # In the unique index's order: each insert then finds its index page, and the page of
    # the story whose list it is (foreign-key check), where the previous one left them.
    rows.sort()
    rows_insert(RelatedArticle, _COLUMNS, rows)


def _offer(
    articles: Sequence[Article],
    candidates: dict[int, Ranking],
    choices: list[RelatedChoice],
    *,
    settled: Collection[int],
) -> set[int]:
    """Put each story into the lists of the stories it is most related to (its best
    RELATED_OFFERED candidates) where it outscores their weakest entry; returns those lists.

    A list where an editor pinned or excluded the story is theirs, and left alone. Lists may
    grow to twice RELATED_STORED before their weakest entries are dropped, which saves two
    queries on most publishes; pages read only the best of them.
    """
    refusing = {(choice.article_id, choice.related_id) for choice in choices}
    offers = [
        (candidates[article.pk].candidate(pk, score), article)
        for article in articles
        for score, pk in candidates[article.pk].scores
        # Settled lists are written with every story of the pass there.
        if pk not in settled and (pk, article.pk) not in refusing
    ]
    if not offers:
        return set()
    stored = settings.RELATED_STORED
    lists = {
        row["article"]: (row["n"], row["low"])
        for row in RelatedArticle.objects.filter(
            article__in={candidate.pk for candidate, _ in offers}, is_pinned=False
        )
        .values("article")
        .annotate(n=Count("*"), low=Min("score"))
    }
    entering, overfull = [], set()
    for candidate, article in offers:
        size, low = lists.get(candidate.pk, (0, None))
        if size >= stored and candidate.score <= low:
            continue
        entering.append((candidate.pk, article.pk, candidate.score, _reason(article, candidate)))
        if size + 1 > 2 * stored:
            overfull.add(candidate.pk)
    rows_insert(RelatedArticle, ["article", "related", "score", "reason"], entering)
    if overfull:
        _lists_trim(overfull)
    return {list_id for list_id, *_ in entering}


def _lists_trim(article_ids: set[int]) -> None:
    """Keep the best RELATED_STORED scored entries of each list."""
    kept: dict[int, int] = defaultdict(int)
    dropped = []
    rows = RelatedArticle.objects.filter(article__in=article_ids, is_pinned=False)
    for pk, list_id in rows.order_by("-score", "pk").values_list("pk", "article_id"):
        kept[list_id] += 1
        if kept[list_id] > settings.RELATED_STORED:
            dropped.append(pk)
    RelatedArticle.objects.filter(pk__in=dropped).delete()


def _reason(article: Article, candidate: Candidate) -> str:
    """Why they go together; the score is symmetric, and so is the reason."""
    section = article.section_id
    return candidate.reason(same_section=section is not None and section == candidate.section_id)
