from django.db import models
from django.db.models import Count


def _published_articles():
    from articles.models import Article

    return Article.objects.published()


class PersonQuerySet(models.QuerySet):
    def mentioned_alongside(self, person) -> "PersonQuerySet":
        """Others named in the person's published stories, most shared stories first.

        Each person carries `shared`, the number of those stories that name them both.
        """
        stories = _published_articles().mentioning(person).values("pk")
        return (
            self.filter(mentions__article__in=stories)
            .exclude(pk=person.pk)
            .annotate(shared=Count("mentions"))
            .order_by("-shared", "name")
        )


class QuoteQuerySet(models.QuerySet):
    def published(self) -> "QuoteQuerySet":
        """Quotes readers may see: those in stories `Article.objects.published()` shows."""
        return self.filter(article__in=_published_articles().values("pk"))

    def by(self, person) -> "QuoteQuerySet":
        return self.filter(person=person)

    def needing_attribution(self) -> "QuoteQuerySet":
        return self.filter(person__isnull=True)

    def newest_first(self) -> "QuoteQuerySet":
        return self.order_by("-article__published_at", "-article__pk", "position")
