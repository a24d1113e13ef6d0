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

import heapq
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    Min,
    Q,
    Value,
)

from articles.models import Article, Mention, RelatedArticle, RelatedChoice, TaggedArticle

PINNED_REASON = "Pinned by an editor"
_SECONDS_PER_DAY = 86400
_REBUILD_BATCH = 250


@dataclass
class Candidate:
    pk: int
    section_id: int | None
    published_at: datetime | None
    people: list[str] = field(default_factory=list)
    tags: int = 0
    score: float = 0.0

    def reason(self, *, same_section: bool) -> str:
        """Why it was chosen, for editors: "Shares Antony Blinken and 2 tags"."""
        parts = []
        people = sorted(self.people)
        if len(people) > 2:
            parts.append(f"{people[0]}, {people[1]} and {len(people) - 2} more")
        elif people:
            parts.append(" and ".join(people))
        if self.tags:
            parts.append(f"{self.tags} tag{'s' if self.tags != 1 else ''}")
        reason = "Shares " + " and ".join(parts)
        return f"{reason}, same section" if same_section else reason


def related_candidates(article: Article, *, limit: int | None = None) -> list[Candidate]:
    """Stories that may be related to `article`, scored, the best `limit` first."""
    return _candidates_for([article], limit=limit)[article.pk]


def related_refresh(*, article: Article) -> None:
    """Bring related lists up to date after `article` is published, changed or taken down:
    its own list, and every list it enters or leaves."""
    related_refresh_many(articles=[article])


# Part of the publish, save or import that calls it: a savepoint would only cost queries.
@transaction.atomic(savepoint=False)
def related_refresh_many(
    *, articles: Sequence[Article], settled: Collection[int] = frozenset()
) -> None:
    """`related_refresh` for a batch of stories, with a handful of queries for all.

    `settled` are stories whose own lists are (re)computed in the same pass, in this batch
    or another: nothing is offered to them.
    """
    ids = {article.pk for article in articles}
    settled = {*settled, *ids}
    held = {
        pk: list_id
        for pk, list_id in RelatedArticle.objects.filter(
            related__in=ids, is_pinned=False
        ).values_list("pk", "article_id")
        if list_id not in settled
    }
    if held:
        RelatedArticle.objects.filter(pk__in=held).delete()
    live_ids = set(
        Article.objects.published_or_scheduled().filter(pk__in=ids).values_list("pk", flat=True)
    )
    if gone := ids - live_ids:
        RelatedArticle.objects.filter(article__in=gone).delete()
    entered: set[int] = set()
    if live := [article for article in articles if article.pk in live_ids]:
        candidates = _candidates_for(live, limit=settings.RELATED_OFFERED)
        choices = list(
            RelatedChoice.objects.filter(Q(article__in=live_ids) | Q(related__in=live_ids))
        )
        _lists_write(live, candidates, choices)
        entered = _offer(live, candidates, choices, settled=settled)
    # Lists a story has dropped out of (taken down, or its people or tags changed) take
    # their next best.
    lost = set(held.values()) - entered
    related_lists_rebuild(articles=Article.objects.filter(pk__in=lost))


def related_lists_rebuild(*, articles: Iterable[Article]) -> int:
    """Compute these stories' own lists from scratch (pins first); returns how many."""
    count = 0
    for batch in _batches(articles, _REBUILD_BATCH):
        with transaction.atomic():
            ids = [article.pk for article in batch]
            choices = list(RelatedChoice.objects.filter(article__in=ids))
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
    articles: Sequence[Article], *, limit: int | None
) -> dict[int, list[Candidate]]:
    """Each story's candidates, scored, best first.

    Looks within RELATED_WINDOW_DAYS of each story's publication first: further away the
    recency decay leaves little score, and a popular tag would bring thousands of stories.
    A story with too few candidates there (or no date yet) looks through all time.
    """
    window = timedelta(days=settings.RELATED_WINDOW_DAYS)
    dated = [article.published_at for article in articles if article.published_at]
    found, result, sparse = {}, {}, []
    if dated:
        found = _shared([a.pk for a in articles], (min(dated) - window, max(dated) + window))
    for article in articles:
        if not article.published_at:
            sparse.append(article)
            continue
        nearby = {
            pk: shared
            for pk, shared in found.get(article.pk, {}).items()
            if shared[1] and abs(shared[1] - article.published_at) <= window
        }
        if len(nearby) < settings.RELATED_STORED:
            sparse.append(article)
        else:
            result[article.pk] = _scored(article, nearby, limit)
    if sparse:
        found = _shared([article.pk for article in sparse], None)
        for article in sparse:
            result[article.pk] = _scored(article, found.get(article.pk, {}), limit)
    return result


def _shared(ids: list[int], span: tuple[datetime, datetime] | None) -> dict[int, dict]:
    """For each story in `ids`, the stories sharing a person or a tag with it, published in
    `span` if given: story -> candidate -> [section, published_at, people's names, tags].

    Three queries whatever the batch: its people, its tags, then one row per candidate and
    shared person or tag. Starting from the people and tags lets the database begin at
    their indexes.
    """
    people: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    for article_id, person_id, name in Mention.objects.filter(article__in=ids).values_list(
        "article_id", "person_id", "person__name"
    ):
        people[person_id].append(article_id)
        names[person_id] = name
    tags: dict[int, list[int]] = defaultdict(list)
    for article_id, tag_id in TaggedArticle.objects.filter(content_object__in=ids).values_list(
        "content_object_id", "tag_id"
    ):
        tags[tag_id].append(article_id)
    shared: dict[int, dict[int, list]] = defaultdict(dict)
    if not people and not tags:
        return shared
    others = Article.objects.published_or_scheduled().order_by()
    if span and connection.vendor == "sqlite":
        # Without table statistics SQLite would start from the publication-date index (a
        # batch's window can be a year of stories); through an expression it starts from the
        # people's and tags' indexes instead, as PostgreSQL's planner does by itself.
        moment = ExpressionWrapper(
            F("published_at") + Value(timedelta(0)), output_field=DateTimeField()
        )
        others = others.alias(moment=moment).filter(moment__range=span)
    elif span:
        others = others.filter(published_at__range=span)
    by_person = (
        others.filter(mentions__person__in=list(people))
        .annotate(is_person=Value(True, output_field=BooleanField()))
        .values_list("pk", "section_id", "published_at", "mentions__person_id", "is_person")
    )
    by_tag = (
        others.filter(tagged_items__tag__in=list(tags))
        .annotate(is_person=Value(False, output_field=BooleanField()))
        .values_list("pk", "section_id", "published_at", "tagged_items__tag_id", "is_person")
    )
    for pk, section_id, published_at, key, is_person in by_person.union(by_tag, all=True):
        for source in people[key] if is_person else tags[key]:
            if pk == source:
                continue
            found = shared[source].get(pk)
            if found is None:
                found = shared[source][pk] = [section_id, published_at, [], 0]
            if is_person:
                found[2].append(names[key])
            else:
                found[3] += 1
    return shared


def _scored(article: Article, shared: dict[int, list], limit: int | None) -> list[Candidate]:
    weights = settings.NEWSROOM_RELATED_WEIGHTS
    per_person, per_tag, same_section = weights["person"], weights["tag"], weights["section"]
    half_life = weights["half_life_days"] * _SECONDS_PER_DAY
    section, published_at = article.section_id, article.published_at
    scores = []
    for pk, (section_id, their_published_at, names, tag_count) in shared.items():
        score = per_person * len(names) + per_tag * tag_count
        if section and section_id == section:
            score += same_section
        if published_at and their_published_at:
            gap = abs((published_at - their_published_at).total_seconds())
            score *= 0.5 ** (gap / half_life)
        scores.append((score, pk))
    best = heapq.nlargest(limit, scores) if limit else sorted(scores, reverse=True)
    return [Candidate(pk, *shared[pk], score) for score, pk in best]


# Writing lists.


def _lists_write(
    articles: Sequence[Article],
    candidates: dict[int, list[Candidate]],
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
    rows = []
    for article in articles:
        rows += [
            RelatedArticle(
                article=article,
                related_id=pk,
                score=0,
                reason=PINNED_REASON,
                is_pinned=True,
                position=position,
            )
            for position, pk in enumerate(pinned[article.pk])
        ]
        unwanted = excluded[article.pk] | set(pinned[article.pk])
        chosen = [c for c in candidates[article.pk] if c.pk not in unwanted]
        rows += [
            RelatedArticle(
                article=article,
                related_id=c.pk,
                score=c.score,
                reason=c.reason(same_section=_same_section(article.section_id, c.section_id)),
            )
            for c in chosen[: settings.RELATED_STORED]
        ]
    RelatedArticle.objects.filter(article__in=[article.pk for article in articles]).delete()
    RelatedArticle.objects.bulk_create(rows)


def _offer(
    articles: Sequence[Article],
    candidates: dict[int, list[Candidate]],
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
        (candidate, article)
        for article in articles
        for candidate in candidates[article.pk]
        # Settled lists are written with every story of the pass there.
        if candidate.pk not in settled and (candidate.pk, article.pk) not in refusing
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
        entering.append(
            RelatedArticle(
                article_id=candidate.pk,
                related=article,
                score=candidate.score,
                reason=candidate.reason(
                    same_section=_same_section(article.section_id, candidate.section_id)
                ),
            )
        )
        if size + 1 > 2 * stored:
            overfull.add(candidate.pk)
    RelatedArticle.objects.bulk_create(entering)
    if overfull:
        _lists_trim(overfull)
    return {row.article_id for row in entering}


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


def _same_section(first: int | None, second: int | None) -> bool:
    return first is not None and first == second


def _batches(items: Iterable, size: int):
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch
