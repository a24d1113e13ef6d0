"""Writes that change what readers see. Admin buttons and actions, imports, commands and
tests all call these, so every path meets the same rules.

Each status change keeps a revision of the story (who, when, what), and a user passed as
`by` must hold the right permission: reporters submit, only editors publish.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from articles.models import Article
from articles.related import related_refresh
from articles.roles import PUBLISH_PERMISSION
from articles.workflow import PublishRefused, WorkflowError, publish_problems, publish_warnings

Status = Article.Status
# Fields a restore leaves alone: going back to old words must not publish or hide a story.
WORKFLOW_FIELDS = ["status", "published_at", "expires_at", "first_published_at", "created_by"]


@transaction.atomic
def articles_publish(*, articles: Iterable[Article], at: datetime | None = None) -> int:
    """Publish each story, keeping an existing publication time; returns how many changed.

    The importer's path, run by an operator: no desk checks, since wire copy may arrive
    without a section. The desk publishes through `article_publish`.
    """
    changed = 0
    for article in articles:
        if article.status == Status.PUBLISHED:
            continue
        article.status = Status.PUBLISHED
        article.published_at = article.published_at or at or timezone.now()
        _save(article, by=None, comment="Published on import.")
        changed += 1
    return changed


@transaction.atomic
def article_submit(*, article: Article, by: AbstractBaseUser | None = None) -> list[str]:
    """Send a draft to the editors; returns what it still lacks for publication."""
    if article.status != Status.DRAFT:
        raise WorkflowError(
            f"Only drafts can be submitted for review; this story is {_status(article)}."
        )
    article.status = Status.IN_REVIEW
    _save(article, by=by, comment="Submitted for review.")
    return publish_problems(article)


@transaction.atomic
def article_publish(
    *, article: Article, by: AbstractBaseUser | None = None, now: datetime | None = None
) -> list[str]:
    """Put the story live now; returns warnings worth a look. Refuses an incomplete story."""
    _require_publisher(by)
    now = now or timezone.now()
    if article.status == Status.PUBLISHED and article.is_published:
        raise WorkflowError("This story is already published.")
    _require_ready(article)
    article.status = Status.PUBLISHED
    # A backdated time stands; a future one would hide the story, so "now" wins.
    if article.published_at is None or article.published_at > now:
        article.published_at = now
    _save(article, by=by, comment="Published.")
    return publish_warnings(article)


@transaction.atomic
def article_schedule(
    *,
    article: Article,
    at: datetime,
    by: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Set the story to go live at `at`, by time alone; returns warnings worth a look."""
    _require_publisher(by)
    if at is None or at <= (now or timezone.now()):
        raise WorkflowError(
            "Choose a publication time in the future to schedule; to publish now, use Publish."
        )
    _require_ready(article)
    article.status = Status.SCHEDULED
    article.published_at = at
    _save(article, by=by, comment=f"Scheduled for {timezone.localtime(at):%Y-%m-%d %H:%M %Z}.")
    return publish_warnings(article)


@transaction.atomic
def article_unpublish(*, article: Article, by: AbstractBaseUser | None = None) -> None:
    """Take a published or scheduled story down; readers stop seeing it at once."""
    _require_publisher(by)
    if article.status not in (Status.PUBLISHED, Status.SCHEDULED):
        raise WorkflowError(
            f"Only live or scheduled stories can be unpublished, not {_status(article)}."
        )
    article.status = Status.UNPUBLISHED
    _save(article, by=by, comment="Unpublished.")


@transaction.atomic
def article_return_to_draft(*, article: Article, by: AbstractBaseUser | None = None) -> None:
    """Send a story back to its reporter as a draft: out of review, off the schedule, or
    after it was unpublished. A live story must be unpublished first."""
    _require_publisher(by)
    if article.status not in (Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED):
        raise WorkflowError(f"This story is {_status(article)}; it cannot go back to draft.")
    if article.is_published:
        raise WorkflowError("This story is live; unpublish it first.")
    article.status = Status.DRAFT
    _save(article, by=by, comment="Returned to draft.")


@dataclass
class ScheduledReport:
    """What `publish_scheduled` did: the stories it finalised, each with when it went live."""

    finalised: list[Article] = field(default_factory=list)


@transaction.atomic
def articles_publish_scheduled(*, now: datetime | None = None) -> ScheduledReport:
    """Mark scheduled stories whose time has passed as published. Bookkeeping only: readers
    have seen them since their time came. Safe to run again: a second run finds none."""
    now = now or timezone.now()
    report = ScheduledReport()
    for article in Article.objects.overdue_scheduled(now=now).select_for_update():
        # A plain update: no content changed, so an editor's open form stays valid.
        Article.objects.filter(pk=article.pk).update(
            status=Status.PUBLISHED,
            first_published_at=article.first_published_at or article.published_at,
        )
        report.finalised.append(article)
    return report


@transaction.atomic
def article_revision_restore(
    *, article: Article, revision: Revision, by: AbstractBaseUser | None = None
) -> Article:
    """Bring back the story's words, bylines, mentions and tags as they were in `revision`.

    Its status and times stay as they are now. The restore is itself a new revision.
    """
    current = Article.objects.get(pk=article.pk)
    with reversion.create_revision():
        revision.revert(delete=True)
        restored = Article.objects.get(pk=article.pk)
        for name in WORKFLOW_FIELDS:
            setattr(restored, name, getattr(current, name))
        # Go on from the live counter, so forms opened before the restore see a change.
        restored.version = current.version
        restored.save()
        reversion.add_to_revision(restored)
        reversion.set_user(by)
        when = timezone.localtime(revision.date_created)
        reversion.set_comment(f"Restored the version of {when:%Y-%m-%d %H:%M}.")
    # The old version may name other people or carry other tags.
    related_refresh(article=restored)
    return restored


def _save(article: Article, *, by: AbstractBaseUser | None, comment: str) -> None:
    with reversion.create_revision():
        article.save()
        if by is not None:
            reversion.set_user(by)
        earlier = reversion.get_comment()
        reversion.set_comment(f"{earlier} {comment}".strip())
    # In or out of every related block now: a story taken down leaves them in this request.
    related_refresh(article=article)


def _require_publisher(by: AbstractBaseUser | None) -> None:
    if by is not None and not by.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only editors can publish, schedule or unpublish stories.")


def _require_ready(article: Article) -> None:
    if missing := publish_problems(article):
        raise PublishRefused(missing)


def _status(article: Article) -> str:
    return article.get_status_display().lower()
