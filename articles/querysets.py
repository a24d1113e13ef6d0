from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now: datetime | None = None) -> "ArticleQuerySet":
        """The one definition of what a reader may see: published, and not in the future."""
        return self.filter(status="published", published_at__lte=now or timezone.now())

    def published_or_scheduled(self) -> "ArticleQuerySet":
        """Stories readers see now or will see without anyone acting: precomputed lists
        (related stories) include them, and `published()` decides at read time."""
        return self.filter(status="published")

    def related_for(self, article, *, limit: int | None = None) -> "ArticleQuerySet":
        """`article`'s precomputed related stories, pinned first, then best scored.

        One query: chain it after `published()` so a story taken down, scheduled or expired
        never shows, whatever the precomputed list still says. Each story carries
        `related_reason`.
        """
        return (
            self.filter(related_from__article=article)
            .annotate(related_reason=F("related_from__reason"))
            .select_related("section")
            .defer("body")  # the block shows headlines; bodies can be long
            .order_by(
                "-related_from__is_pinned",
                "related_from__position",
                "-related_from__score",
                "-published_at",
            )[: limit or settings.RELATED_LIMIT]
        )

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by("-published_at", "-pk")

    def in_section(self, section) -> "ArticleQuerySet":
        return self.filter(section=section)

    def tagged(self, tag) -> "ArticleQuerySet":
        return self.filter(tags=tag)

    def by_contributor(self, contributor) -> "ArticleQuerySet":
        return self.filter(bylines__contributor=contributor).distinct()

    def mentioning(self, person) -> "ArticleQuerySet":
        return self.filter(mentions__person=person)

    def from_outlet(self, outlet) -> "ArticleQuerySet":
        """Stories syndicated from the outlet, or written by its contributors."""
        return self.filter(
            Q(source_outlet=outlet) | Q(bylines__contributor__outlet=outlet)
        ).distinct()

    def for_listing(self) -> "ArticleQuerySet":
        """Everything a story card shows, in a constant number of queries."""
        return self.select_related(
            "section", "lead_image__photographer", "lead_image__agency"
        ).prefetch_related(_bylines_prefetch())

    def for_detail(self) -> "ArticleQuerySet":
        """Everything the article page shows, in a constant number of queries."""
        return (
            self.for_listing()
            .select_related("source_outlet")
            .prefetch_related(
                "tags", models.Prefetch("people", queryset=_people_model().objects.order_by("name"))
            )
        )


def _bylines_prefetch() -> models.Prefetch:
    from articles.models import Byline

    return models.Prefetch(
        "bylines",
        queryset=Byline.objects.select_related("contributor__outlet").order_by("position", "pk"),
    )


def _people_model():
    from people.models import Person

    return Person
