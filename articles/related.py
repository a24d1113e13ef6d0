"""Related stories, scored and kept ready so an article page reads its block in one query.

A candidate shares at least one named person or tag with the story. It scores
NEWSROOM_RELATED_WEIGHTS["person"] per shared person, ["tag"] per shared tag and ["section"]
for the same section, halved for every ["half_life_days"] between the two publications.
The score is symmetric, so when a story is published its own list is computed once and the
same scores decide whether it enters each candidate's list.

Lists may name stories readers cannot see yet (scheduled) or any more: the page joins them
to `Article.objects.published()` when it reads them, so nothing hidden ever shows.
"""

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Count, Min, Q, Value

from articles.models import Article, Mention, RelatedArticle, RelatedChoice, TaggedArticle

PINNED_REASON = "Pinned by an editor"
_SECONDS_PER_DAY = 86400


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
    """Stories that may be related to `article`, scored, the best `limit` first.

    Looks within RELATED_WINDOW_DAYS of its publication first: further away the recency
    decay leaves little score, and a popular tag would bring thousands of stories. A story
    with too few candidates there looks through all time.
    """
    others = Article.objects.published_or_scheduled().exclude(pk=article.pk)
    if article.published_at:
        window = timedelta(days=settings.RELATED_WINDOW_DAYS)
        nearby = others.filter(
            published_at__range=(article.published_at - window, article.published_at + window)
        )
        found = _scored(article, nearby, limit)
        if len(found) >= settings.RELATED_STORED:
            return found
    return _scored(article, others, limit)


def _scored(article: Article, others, limit: int | None) -> list[Candidate]:
    """One query for every shared person and tag: a row per person (with their name, for
    the reason) and a row per tag (no name)."""
    people = Mention.objects.filter(article=article).values("person")
    tags = TaggedArticle.objects.filter(content_object=article).values("tag")
    others = others.order_by()
    by_person = others.filter(mentions__person__in=people).values_list(
        "pk", "section_id", "published_at", "mentions__person__name"
    )
    by_tag = (
        others.filter(tagged_items__tag__in=tags)
        .annotate(no_name=Value(None, output_field=CharField()))
        .values_list("pk", "section_id", "published_at", "no_name")
    )
    # Plain lists while counting: a popular tag brings thousands of rows, and only the best
    # few become Candidates.
    shared: dict[int, list] = {}  # pk -> [section, published_at, people's names, tags]
    for pk, section_id, published_at, name in by_person.union(by_tag, all=True):
        found = shared.get(pk)
        if found is None:
            found = shared[pk] = [section_id, published_at, [], 0]
        if name is None:
            found[3] += 1
        else:
            found[2].append(name)
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
    return [
        Candidate(pk, shared[pk][0], shared[pk][1], shared[pk][2], shared[pk][3], score)
        for score, pk in best
    ]


# Part of the publish or save that calls it: a savepoint would only cost two more queries.
@transaction.atomic(savepoint=False)
def related_refresh(*, article: Article) -> None:
    """Bring related lists up to date after `article` is published, changed or taken down:
    its own list, and every list it enters or leaves."""
    held = dict(
        RelatedArticle.objects.filter(related=article, is_pinned=False).values_list(
            "pk", "article_id"
        )
    )
    if held:
        RelatedArticle.objects.filter(pk__in=held).delete()
    held_by = set(held.values())
    if not Article.objects.published_or_scheduled().filter(pk=article.pk).exists():
        RelatedArticle.objects.filter(article=article).delete()
        related_lists_rebuild(articles=Article.objects.filter(pk__in=held_by))
        return
    candidates = related_candidates(article, limit=settings.RELATED_OFFERED)
    choices = list(RelatedChoice.objects.filter(Q(article=article) | Q(related=article)))
    _list_write(article, candidates, [c for c in choices if c.article_id == article.pk])
    entered = _offer(
        article, candidates, {c.article_id for c in choices if c.article_id != article.pk}
    )
    # Lists it has dropped out of (its people or tags changed) take their next best.
    related_lists_rebuild(articles=Article.objects.filter(pk__in=held_by - entered))


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


def related_lists_rebuild(*, articles: Iterable[Article]) -> int:
    """Compute these stories' own lists from scratch (pins first); returns how many."""
    count = 0
    for article in articles:
        with transaction.atomic():
            choices = list(RelatedChoice.objects.filter(article=article))
            candidates = related_candidates(article, limit=settings.RELATED_STORED * 2)
            _list_write(article, candidates, choices)
        count += 1
    return count


def _list_write(article: Article, candidates: list[Candidate], choices: list[RelatedChoice]):
    """Replace the story's list: its pinned stories, then its best candidates."""
    pinned = [c.related_id for c in choices if c.kind == RelatedChoice.Kind.PIN]
    excluded = {c.related_id for c in choices if c.kind == RelatedChoice.Kind.EXCLUDE}
    rows = [
        RelatedArticle(
            article=article,
            related_id=pk,
            score=0,
            reason=PINNED_REASON,
            is_pinned=True,
            position=position,
        )
        for position, pk in enumerate(pinned)
    ]
    chosen = [c for c in candidates if c.pk not in excluded and c.pk not in pinned]
    rows += [
        RelatedArticle(
            article=article,
            related_id=c.pk,
            score=c.score,
            reason=c.reason(same_section=_same_section(article.section_id, c.section_id)),
        )
        for c in chosen[: settings.RELATED_STORED]
    ]
    RelatedArticle.objects.filter(article=article).delete()
    RelatedArticle.objects.bulk_create(rows)


def _offer(article: Article, candidates: list[Candidate], refusing: set[int]) -> set[int]:
    """Put `article` into the lists of the stories it is most related to (the best
    RELATED_OFFERED candidates) where it outscores their weakest entry; returns those lists.

    `refusing` are lists where an editor pinned or excluded it: their list, their call.
    Lists may grow to twice RELATED_STORED before their weakest entries are dropped, which
    saves two queries on most publishes; pages read only the best of them.
    """
    stored = settings.RELATED_STORED
    offered = [c for c in candidates if c.pk not in refusing]
    if not offered:
        return set()
    lists = {
        row["article"]: (row["n"], row["low"])
        for row in RelatedArticle.objects.filter(article__in=[c.pk for c in offered])
        .filter(is_pinned=False)
        .values("article")
        .annotate(n=Count("*"), low=Min("score"))
    }
    entering, overfull = [], []
    for candidate in offered:
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
            overfull.append(candidate.pk)
    RelatedArticle.objects.bulk_create(entering)
    if overfull:
        _lists_trim(overfull)
    return {row.article_id for row in entering}


def _lists_trim(article_ids: list[int]) -> None:
    """Keep the best RELATED_STORED scored entries of each list."""
    kept: dict[int, int] = {}
    dropped = []
    rows = RelatedArticle.objects.filter(article__in=article_ids, is_pinned=False)
    for pk, list_id in rows.order_by("-score", "pk").values_list("pk", "article_id"):
        kept[list_id] = kept.get(list_id, 0) + 1
        if kept[list_id] > settings.RELATED_STORED:
            dropped.append(pk)
    RelatedArticle.objects.filter(pk__in=dropped).delete()


def _same_section(first: int | None, second: int | None) -> bool:
    return first is not None and first == second
