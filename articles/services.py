"""Writes that change what readers see. Admin actions, imports and commands all call these."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from articles.related import related_refresh


@transaction.atomic
def articles_publish(*, articles: Iterable[Article], at: datetime | None = None) -> int:
    """Publish each story, keeping an existing publication time; returns how many changed."""
    changed = 0
    for article in articles:
        if article.status == Article.Status.PUBLISHED:
            continue
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or at or timezone.now()
        article.save()
        related_refresh(article=article)
        changed += 1
    return changed


@transaction.atomic
def articles_unpublish(*, articles: Iterable[Article]) -> int:
    """Return stories to draft; readers stop seeing them at once. Returns how many changed."""
    changed = 0
    for article in articles:
        if article.status == Article.Status.DRAFT:
            continue
        article.status = Article.Status.DRAFT
        article.save()
        # Out of every related block now, not at the next rebuild.
        related_refresh(article=article)
        changed += 1
    return changed
