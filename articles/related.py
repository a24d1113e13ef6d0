"""Related stories, scored and kept ready so an article page reads its block in one query.

A candidate shares at least one named person or tag with the story. It scores
NEWSROOM_RELATED_WEIGHTS["person"] per shared person, ["tag"] per shared tag and ["section"]
for the same section, halved for every ["half_life_days"] between the two publications.
The score is symmetric, so when a story is published its own list is computed once and the
same scores decide whether it enters each candidate's list.

Lists may name stories readers cannot see yet (scheduled) or any more: the page joins them
to `Article.objects.published()` when it reads them, so nothing hidden ever shows.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min

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
        if self.people:
            if len(self.people) <= 2:
                parts.append(" and ".join(self.people))
            else:
                parts.append(f"{self.people[0]}, {self.people[1]} and {len(self.people) - 2} more")
        if self.tags:
            parts.append(f"{self.tags} tag{'s' if self.tags != 1 else ''}")
        reason = "Shares " + " and ".join(parts)
        return f"{reason}, same section" if same_section else reason


def related_candidates(article: Article) -> list[Candidate]:
    """Every story that may be related to `article`, scored, best first (three queries)."""
    weights = settings.NEWSROOM_RELATED_WEIGHTS
    people = dict(article.mentions.values_list("person_id", "person__name"))
    tags = list(
        TaggedArticle.objects.filter(content_object=article).values_list("tag_id", flat=True)
    )
    candidates: dict[int, Candidate] = {}
    others = Article.objects.published_or_scheduled().exclude(pk=article.pk)
    if people:
        shared = Mention.objects.filter(person__in=people, article__in=others.values("pk"))
        rows = shared.values_list(
            "article_id", "article__section_id", "article__published_at", "person_id"
        )
        for pk, section_id, published_at, person_id in rows.order_by("article_id", "person_id"):
            found = candidates.get(pk) or candidates.setdefault(
                pk, Candidate(pk, section_id, published_at)
            )
            found.people.append(people[person_id])
    if tags:
        shared = TaggedArticle.objects.filter(tag__in=tags, content_object__in=others.values("pk"))
        rows = shared.values_list(
            "content_object_id", "content_object__section_id", "content_object__published_at"
        )
        for pk, section_id, published_at in rows:
            found = candidates.get(pk) or candidates.setdefault(
                pk, Candidate(pk, section_id, published_at)
            )
            found.tags += 1
    half_life = weights["half_life_days"] * _SECONDS_PER_DAY
    for candidate in candidates.values():
        score = weights["person"] * len(candidate.people) + weights["tag"] * candidate.tags
        if article.section_id and candidate.section_id == article.section_id:
            score += weights["section"]
        if article.published_at and candidate.published_at:
            gap = abs((article.published_at - candidate.published_at).total_seconds())
            score *= 0.5 ** (gap / half_life)
        candidate.score = score
    return sorted(candidates.values(), key=lambda c: (-c.score, -c.pk))


@transaction.atomic
def related_refresh(*, article: Article) -> None:
    """Bring related lists up to date after `article` is published, changed or taken down:
    its own list, and every list it enters or leaves."""
    held_by = set(
        RelatedArticle.objects.filter(related=article, is_pinned=False).values_list(
            "article_id", flat=True
        )
    )
    RelatedArticle.objects.filter(related=article, is_pinned=False).delete()
    if not Article.objects.published_or_scheduled().filter(pk=article.pk).exists():
        RelatedArticle.objects.filter(article=article).delete()
        related_lists_rebuild(articles=Article.objects.filter(pk__in=held_by))
        return
    candidates = related_candidates(article)
    _list_write(article, candidates)
    entered = _offer(article, candidates)
    # Lists it has dropped out of (its people or tags changed) take their next best.
    related_lists_rebuild(articles=Article.objects.filter(pk__in=held_by - entered))


def related_lists_rebuild(*, articles: Iterable[Article]) -> int:
    """Compute these stories' own lists from scratch (pins first); returns how many."""
    count = 0
    for article in articles:
        with transaction.atomic():
            _list_write(article, related_candidates(article))
        count += 1
    return count


def _list_write(article: Article, candidates: list[Candidate]) -> None:
    choices = list(RelatedChoice.objects.filter(article=article))
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


def _offer(article: Article, candidates: list[Candidate]) -> set[int]:
    """Put `article` into the lists of candidates it now outscores; returns those lists."""
    if not candidates:
        return set()
    stored = settings.RELATED_STORED
    ids = [c.pk for c in candidates]
    refusing = set(
        RelatedChoice.objects.filter(related=article, article__in=ids).values_list(
            "article_id", flat=True
        )
    )
    lists = {
        row["article"]: (row["n"], row["low"])
        for row in RelatedArticle.objects.filter(article__in=ids, is_pinned=False)
        .values("article")
        .annotate(n=Count("*"), low=Min("score"))
    }
    entering, full = [], []
    for candidate in candidates:
        if candidate.pk in refusing:
            continue  # pinned or excluded there by an editor: their list, their call
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
        if size >= stored:
            full.append(candidate.pk)
    RelatedArticle.objects.bulk_create(entering)
    if full:
        # Each full list drops its weakest entry to make room.
        weakest: dict[int, int] = {}
        rows = RelatedArticle.objects.filter(article__in=full, is_pinned=False).exclude(
            related=article
        )
        for pk, list_id in rows.order_by("score", "-pk").values_list("pk", "article_id"):
            weakest.setdefault(list_id, pk)
        RelatedArticle.objects.filter(pk__in=weakest.values()).delete()
    return {row.article_id for row in entering}


def _same_section(first: int | None, second: int | None) -> bool:
    return first is not None and first == second
