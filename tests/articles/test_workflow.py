"""Status changes and the rules they enforce, whoever calls them."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from articles.services import (
    article_publish,
    article_return_to_draft,
    article_schedule,
    article_submit,
    article_unpublish,
    articles_publish_scheduled,
)
from articles.workflow import PublishRefused, WorkflowError, publish_warnings
from tests.factories import ArticleFactory, BylineFactory, ImageFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


def ready_story(**kwargs) -> Article:
    article = ArticleFactory(**kwargs)
    BylineFactory(article=article)
    return article


# The one rule of visibility.


@pytest.mark.parametrize(
    ("status", "published_offset", "expires_offset", "visible"),
    [
        (Article.Status.PUBLISHED, -60, None, True),
        (Article.Status.SCHEDULED, -60, None, True),
        (Article.Status.SCHEDULED, 60, None, False),
        (Article.Status.PUBLISHED, 60, None, False),
        (Article.Status.PUBLISHED, -60, 60, True),
        (Article.Status.PUBLISHED, -60, -1, False),
        (Article.Status.PUBLISHED, -60, 0, False),
        (Article.Status.DRAFT, -60, None, False),
        (Article.Status.IN_REVIEW, -60, None, False),
        (Article.Status.UNPUBLISHED, -60, None, False),
    ],
)
def test_queryset_and_is_published_agree(status, published_offset, expires_offset, visible):
    with time_machine.travel(NOON, tick=False):
        article = ArticleFactory(
            status=status,
            published_at=NOON + timedelta(seconds=published_offset),
            expires_at=None if expires_offset is None else NOON + timedelta(seconds=expires_offset),
        )

        assert article.is_published is visible
        assert (article in Article.objects.published()) is visible


def test_an_expired_story_leaves_every_listing_by_itself(client):
    with time_machine.travel(NOON, tick=False):
        ArticleFactory(
            published=True,
            headline="Flash sale at the market",
            expires_at=NOON + timedelta(hours=1),
        )
        assert "Flash sale" in client.get("/").content.decode()
    with time_machine.travel(NOON + timedelta(hours=1, seconds=1), tick=False):
        assert "Flash sale" not in client.get("/").content.decode()


# Services.


def test_submit_moves_a_draft_to_review_and_lists_what_is_missing():
    article = ArticleFactory(section=None)

    missing = article_submit(article=article)

    assert article.status == Article.Status.IN_REVIEW
    assert missing == ["at least one byline", "a section"]


def test_submit_refuses_a_story_that_is_not_a_draft():
    with pytest.raises(WorkflowError, match="Only drafts"):
        article_submit(article=ready_story(published=True))


def test_publish_refuses_with_the_full_list_of_what_is_missing():
    article = ArticleFactory(headline=" ", body="<p> </p>", section=None)

    with pytest.raises(PublishRefused) as refused:
        article_publish(article=article)

    assert refused.value.missing == ["a headline", "a body", "at least one byline", "a section"]
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_publish_puts_a_future_time_back_to_now_but_keeps_a_backdated_one():
    with time_machine.travel(NOON, tick=False):
        future = ready_story(published_at=NOON + timedelta(days=1))
        backdated = ready_story(published_at=NOON - timedelta(days=1))

        article_publish(article=future)
        article_publish(article=backdated)

    assert future.published_at == NOON
    assert backdated.published_at == NOON - timedelta(days=1)
    assert future.first_published_at == NOON


def test_only_editors_may_publish_schedule_unpublish_or_return_to_draft(reporter):
    article = ready_story(created_by=reporter, status=Article.Status.IN_REVIEW)
    later = timezone.now() + timedelta(hours=1)

    for attempt in [
        lambda: article_publish(article=article, by=reporter),
        lambda: article_schedule(article=article, at=later, by=reporter),
        lambda: article_unpublish(article=article, by=reporter),
        lambda: article_return_to_draft(article=article, by=reporter),
    ]:
        with pytest.raises(PermissionDenied):
            attempt()
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW


def test_editor_schedules_and_the_story_stays_hidden_until_its_time(editor):
    article = ready_story()
    with time_machine.travel(NOON, tick=False):
        article_schedule(article=article, at=NOON + timedelta(hours=2), by=editor)
        assert not Article.objects.published().exists()
    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        assert list(Article.objects.published()) == [article]


def test_schedule_needs_a_future_time():
    with time_machine.travel(NOON, tick=False), pytest.raises(WorkflowError, match="future"):
        article_schedule(article=ready_story(), at=NOON)


def test_unpublish_then_return_to_draft():
    article = ready_story(published=True)

    with pytest.raises(WorkflowError, match="unpublish it first"):
        article_return_to_draft(article=ArticleFactory(status="scheduled", published_at=NOON))
    article_unpublish(article=article)
    article_return_to_draft(article=article)

    assert article.status == Article.Status.DRAFT
    assert article.first_published_at is not None


def test_warnings_name_photo_alt_text_credit_and_long_dek():
    image = ImageFactory(alt_text="", photographer=None, agency=None, credit_line="")
    article = ready_story(lead_image=image, dek="d" * 301)

    assert publish_warnings(article) == [
        "The lead photo has no alt text, so readers using screen readers miss it.",
        "The lead photo has no credit.",
        "The dek is 301 characters; aim for at most 300.",
    ]
    assert publish_warnings(ready_story()) == []


# publish_scheduled: bookkeeping only.


def test_publish_scheduled_records_overdue_stories_once():
    with time_machine.travel(NOON, tick=False):
        due = ready_story(status="scheduled", published_at=NOON - timedelta(minutes=1))
        later = ready_story(status="scheduled", published_at=NOON + timedelta(minutes=1))
        version = Article.objects.get(pk=due.pk).version

        first = articles_publish_scheduled()
        second = articles_publish_scheduled()

    due = Article.objects.get(pk=due.pk)
    assert [a.pk for a in first.finalised] == [due.pk]
    assert second.finalised == []
    assert (due.status, due.first_published_at) == (Article.Status.PUBLISHED, due.published_at)
    assert due.version == version  # an editor's open form is not made stale
    assert Article.objects.get(pk=later.pk).status == Article.Status.SCHEDULED


def test_publish_scheduled_command_reports_what_it_recorded():
    with time_machine.travel(NOON, tick=False):
        ready_story(
            status="scheduled", published_at=NOON - timedelta(minutes=30), headline="Tide tables"
        )
        out = StringIO()
        call_command("publish_scheduled", stdout=out)
        again = StringIO()
        call_command("publish_scheduled", stdout=again)

    assert "Published: “Tide tables” (live since 2025-03-04 11:30 UTC, recorded 30 min late)" in (
        out.getvalue()
    )
    assert "1 overdue scheduled stories recorded." in out.getvalue()
    assert "0 overdue scheduled stories recorded." in again.getvalue()


def test_sync_roles_command_is_safe_to_run_again():
    call_command("sync_roles", stdout=StringIO())
    once = {g.name: g.permissions.count() for g in Group.objects.all()}
    call_command("sync_roles", stdout=StringIO())

    assert {g.name: g.permissions.count() for g in Group.objects.all()} == once
    assert set(once) == {"Reporter", "Editor", "Admin"}
    editor = Group.objects.get(name="Editor")
    assert editor.permissions.filter(codename="publish_article").exists()
    assert (
        not Group.objects.get(name="Reporter")
        .permissions.filter(codename="publish_article")
        .exists()
    )
