from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

# A story in one of these is live once its publication time has come and until it expires.
LIVE_STATUSES = ("scheduled", "published")
# Cards are cropped to one shape so a listing lines up; the lead photo keeps its framing.
CARD_CROP = "16:9"
LEAD_CROP = "original"


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now: datetime | None = None) -> "ArticleQuerySet":
        """The one definition of what a reader may see.

        Published or scheduled, once its time has come and until it expires: a scheduled
        story goes live by time alone, so a missed cron run cannot delay it.
        """
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            status__in=LIVE_STATUSES,
            published_at__lte=now,
        )

    # The editors' dashboard.

    def in_review(self) -> "ArticleQuerySet":
        return self.filter(status="in_review").order_by("updated_at", "pk")

    def scheduled_next(self, *, now: datetime | None = None) -> "ArticleQuerySet":
        """Scheduled stories not yet live, soonest first."""
        now = now or timezone.now()
        return self.filter(status="scheduled", published_at__gt=now).order_by("published_at", "pk")

    def overdue_scheduled(self, *, now: datetime | None = None) -> "ArticleQuerySet":
        """Scheduled stories already live whose bookkeeping `publish_scheduled` has not done."""
        now = now or timezone.now()
        return self.filter(status="scheduled", published_at__lte=now).order_by("published_at", "pk")

    def recently_published(self, *, now: datetime | None = None) -> "ArticleQuerySet":
        return self.published(now=now).newest_first()

    def changed_since(self, moment: datetime | None) -> "ArticleQuerySet":
        """Stories created or edited at or after `moment`; all of them without one."""
        return self.filter(updated_at__gte=moment) if moment else self

    def next_visibility_change(self, *, now: datetime | None = None) -> datetime | None:
        """When what readers see next changes by the clock alone: a story going live at its
        publication time, or one expiring. Caches must not outlive it."""
        now = now or timezone.now()
        live = self.filter(status__in=LIVE_STATUSES)
        # One query of two index range scans: only future publication and expiry times.
        going_live = live.filter(published_at__gt=now).order_by().values_list("published_at")
        expiring = live.filter(expires_at__gt=now).order_by().values_list("expires_at")
        soonest = going_live.union(expiring, all=True).order_by("published_at")[:1]
        return next((at for (at,) in soonest), None)

    def published_or_scheduled(self, *, now: datetime | None = None) -> "ArticleQuerySet":
        """Stories readers see now or will see without anyone acting (scheduled ones, whose
        time has not come): precomputed lists (related stories) hold them, and `published()`
        decides at read time."""
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now), status__in=LIVE_STATUSES
        )

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
        return self._with_credits().prefetch_related(_renditions_prefetch(CARD_CROP))

    def for_detail(self) -> "ArticleQuerySet":
        """Everything the article page shows, in a constant number of queries."""
        return (
            self._with_credits()
            # Every crop: the page shows its own framing, structured data offers the others.
            .prefetch_related(_renditions_prefetch(None))
            .select_related("source_outlet", "lead_image__photographer__outlet")
            .prefetch_related(
                "tags",
                "corrections",
                models.Prefetch("people", queryset=_people_model().objects.order_by("name")),
            )
        )

    def _with_credits(self) -> "ArticleQuerySet":
        return self.select_related(
            "section", "lead_image__photographer", "lead_image__agency"
        ).prefetch_related(_bylines_prefetch())


class CorrectionQuerySet(models.QuerySet):
    def public(self, *, now: datetime | None = None) -> "CorrectionQuerySet":
        """Notes on stories readers can see, newest first, with their story for a listing."""
        from articles.models import Article

        return (
            self.filter(article__in=Article.objects.published(now=now))
            .select_related("article__section")
            .order_by("-appended_at", "-pk")
        )


def _bylines_prefetch() -> models.Prefetch:
    from articles.models import Byline

    return models.Prefetch(
        "bylines",
        queryset=Byline.objects.select_related("contributor__outlet").order_by("position", "pk"),
    )


def _renditions_prefetch(crop: str | None) -> models.Prefetch:
    """The lead photo's renditions in one crop (None: all), so templates never query."""
    from articles.models import Rendition

    renditions = Rendition.objects.order_by("width")
    if crop is not None:
        renditions = renditions.filter(crop=crop)
    return models.Prefetch("lead_image__renditions", queryset=renditions)


def _people_model():
    from people.models import Person

    return Person
