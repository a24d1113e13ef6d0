"""Who may do what to a story, through the real admin views, including forged requests."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision

from articles.models import Article, Correction
from tests.articles.admin_forms import article_form_data, change_form_data, change_url
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    BylineFactory,
    MentionFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
CHANGELIST = reverse("admin:articles_article_changelist")


def ready_story(**kwargs) -> Article:
    """A story with everything publication needs."""
    article = ArticleFactory(**kwargs)
    BylineFactory(article=article)
    return article


def own_draft(reporter, **kwargs) -> Article:
    return ready_story(created_by=reporter, **kwargs)


def refreshed(article: Article) -> Article:
    return Article.objects.get(pk=article.pk)


# Reporters.


def test_reporter_creates_a_draft_that_is_theirs(client, reporter):
    client.force_login(reporter)

    response = client.post(ADD, article_form_data(status="published"))

    assert response.status_code == 302
    article = Article.objects.get(slug="night-ferry-saved")
    assert article.created_by == reporter
    assert article.status == Article.Status.DRAFT


def test_reporter_edits_their_own_draft(client, reporter):
    article = own_draft(reporter)
    client.force_login(reporter)

    response = client.post(change_url(article), change_form_data(article, headline="Reworded"))

    assert response.status_code == 302
    assert refreshed(article).headline == "Reworded"


def test_reporter_cannot_change_another_reporters_draft(client, reporter, other_reporter):
    article = own_draft(other_reporter, headline="Sam's story")
    client.force_login(reporter)

    page = client.get(change_url(article))
    posted = client.post(change_url(article), change_form_data(article, headline="Hijacked"))

    assert page.status_code == 200
    assert 'name="headline"' not in page.content.decode()  # shown read-only
    assert posted.status_code == 403
    assert refreshed(article).headline == "Sam's story"


@pytest.mark.parametrize(
    "status", [Article.Status.IN_REVIEW, Article.Status.SCHEDULED, Article.Status.PUBLISHED]
)
def test_reporter_cannot_change_their_story_once_submitted(client, reporter, status):
    when = timezone.now() + timedelta(days=1) if status == Article.Status.SCHEDULED else None
    article = own_draft(reporter, status=status, published_at=when, headline="As submitted")
    client.force_login(reporter)

    response = client.post(change_url(article), change_form_data(article, headline="Sneaky"))

    assert response.status_code == 403
    assert refreshed(article).headline == "As submitted"


def test_reporter_submits_their_draft_for_review(client, reporter):
    article = own_draft(reporter)
    client.force_login(reporter)

    response = client.post(change_url(article), change_form_data(article, _workflow="submit"))

    assert response.status_code == 302
    assert refreshed(article).status == Article.Status.IN_REVIEW


def test_reporter_sees_only_the_submit_button(client, reporter):
    article = own_draft(reporter)
    client.force_login(reporter)

    html = client.get(change_url(article)).content.decode()

    assert 'name="_workflow" value="submit"' in html
    assert 'value="publish"' not in html
    assert 'value="schedule"' not in html


@pytest.mark.parametrize("button", ["publish", "schedule", "unpublish", "draft"])
def test_reporter_posting_an_editors_button_is_refused_and_saves_nothing(client, reporter, button):
    article = own_draft(reporter, headline="Untouched")
    client.force_login(reporter)
    later = timezone.now() + timedelta(hours=2)
    data = change_form_data(
        article,
        headline="Changed",
        _workflow=button,
        published_at_0=f"{later:%Y-%m-%d}",
        published_at_1=f"{later:%H:%M:%S}",
    )

    response = client.post(change_url(article), data)

    assert response.status_code == 403
    article = refreshed(article)
    assert (article.status, article.headline) == (Article.Status.DRAFT, "Untouched")


def test_reporter_cannot_set_status_or_publication_time_by_posting_fields(client, reporter):
    article = own_draft(reporter)
    client.force_login(reporter)
    past = timezone.now() - timedelta(hours=1)
    data = change_form_data(
        article,
        status="published",
        published_at_0=f"{past:%Y-%m-%d}",
        published_at_1=f"{past:%H:%M:%S}",
    )

    client.post(change_url(article), data)

    article = refreshed(article)
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert not Article.objects.published().exists()


@pytest.mark.parametrize("action", ["publish_articles", "unpublish_articles"])
def test_reporter_cannot_run_editors_bulk_actions_even_by_posting_them(client, reporter, action):
    draft = own_draft(reporter)
    live = ready_story(published=True)
    client.force_login(reporter)

    offered = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    client.post(CHANGELIST, {"action": action, "_selected_action": [draft.pk, live.pk]})

    assert action not in [name for name, _ in offered]
    assert refreshed(draft).status == Article.Status.DRAFT
    assert refreshed(live).status == Article.Status.PUBLISHED


def test_reporter_bulk_submits_only_their_own_drafts(client, reporter, other_reporter):
    mine = own_draft(reporter)
    theirs = own_draft(other_reporter)
    client.force_login(reporter)

    response = client.post(
        CHANGELIST,
        {"action": "submit_for_review", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )

    assert refreshed(mine).status == Article.Status.IN_REVIEW
    assert refreshed(theirs).status == Article.Status.DRAFT
    assert f"“{theirs}”: not yours to change." in [str(m) for m in response.context["messages"]]


def test_reporter_cannot_restore_a_revision_of_someone_elses_story(client, reporter, editor):
    article = ready_story(created_by=editor)
    client.force_login(editor)
    client.post(change_url(article), change_form_data(article, headline="Edited"))
    revision = Revision.objects.order_by("pk").first()
    client.force_login(reporter)

    url = reverse("admin:articles_article_restore", args=[article.pk, revision.pk])
    response = client.post(url)

    assert response.status_code == 403


def test_reporter_cannot_add_corrections(client, reporter):
    article = own_draft(reporter, published=True)
    client.force_login(reporter)

    response = client.post(
        reverse("admin:articles_correction_add"), {"article": article.pk, "kind": "correction"}
    )

    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_reporter_does_not_see_the_users_admin(client, reporter):
    client.force_login(reporter)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


# Editors.


def test_editor_publishes_from_the_form_and_sees_the_warnings(client, editor):
    article = ready_story(headline="H" * 120)
    client.force_login(editor)

    response = client.post(
        change_url(article), change_form_data(article, _workflow="publish"), follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert refreshed(article).is_published
    assert "Published: readers can see the story now." in messages
    assert "The headline is 120 characters; aim for at most 110." in messages


def test_editor_publishing_an_incomplete_story_gets_the_list_and_nothing_goes_out(client, editor):
    article = ArticleFactory(body="", section=None)
    client.force_login(editor)

    response = client.post(
        change_url(article),
        change_form_data(article, dek="New dek", _workflow="publish"),
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    expected = (
        "Cannot publish yet. The story still needs a body, at least one byline and a section."
    )
    assert expected in messages
    article = refreshed(article)
    assert article.status == Article.Status.DRAFT
    assert article.dek == "New dek"  # the edit itself is kept


def test_editor_schedules_from_the_form(client, editor):
    article = ready_story()
    client.force_login(editor)
    later = timezone.now().replace(microsecond=0) + timedelta(hours=3)
    data = change_form_data(
        article,
        published_at_0=f"{later:%Y-%m-%d}",
        published_at_1=f"{later:%H:%M:%S}",
        _workflow="schedule",
    )

    client.post(change_url(article), data)

    article = refreshed(article)
    assert (article.status, article.published_at) == (Article.Status.SCHEDULED, later)
    assert not article.is_published


def test_editor_cannot_schedule_into_the_past(client, editor):
    article = ready_story()
    client.force_login(editor)
    past = timezone.now() - timedelta(hours=3)
    data = change_form_data(
        article,
        published_at_0=f"{past:%Y-%m-%d}",
        published_at_1=f"{past:%H:%M:%S}",
        _workflow="schedule",
    )

    response = client.post(change_url(article), data, follow=True)

    assert refreshed(article).status == Article.Status.DRAFT
    assert any("in the future" in str(m) for m in response.context["messages"])


def test_editor_edits_any_story_and_returns_one_in_review_to_draft(client, editor, reporter):
    article = own_draft(reporter, status=Article.Status.IN_REVIEW)
    client.force_login(editor)

    client.post(change_url(article), change_form_data(article, dek="Tightened", _workflow="draft"))

    article = refreshed(article)
    assert (article.status, article.dek) == (Article.Status.DRAFT, "Tightened")


def test_editor_adds_a_correction_to_a_published_story(client, editor):
    article = ready_story(published=True)
    client.force_login(editor)
    data = change_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": Correction.Kind.CORRECTION,
            "corrections-0-text": "An earlier version misspelt the mayor's name.",
            "corrections-0-appended_at_0": f"{timezone.now():%Y-%m-%d}",
            "corrections-0-appended_at_1": f"{timezone.now():%H:%M:%S}",
        },
    )

    response = client.post(change_url(article), data)

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.article, correction.created_by) == (article, editor)


def test_corrections_cannot_be_added_to_a_story_that_never_ran(client, editor):
    article = ready_story()
    client.force_login(editor)
    data = change_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": Correction.Kind.CORRECTION,
            "corrections-0-text": "Nothing to correct yet.",
        },
    )

    client.post(change_url(article), data)

    assert not Correction.objects.exists()


def test_editorial_notes_record_their_author_and_stay_as_written(client, editor, reporter):
    article = own_draft(reporter)
    client.force_login(reporter)
    data = change_form_data(
        article, **{"editorial_notes-TOTAL_FORMS": "1", "editorial_notes-0-text": "Legal read?"}
    )

    client.post(change_url(article), data)

    note = article.editorial_notes.get()
    assert (note.text, note.author) == ("Legal read?", reporter)
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert "Legal read?" in html
    assert 'name="editorial_notes-0-text"' not in html  # posted notes are not editable


def test_editorial_notes_never_reach_readers(client):
    article = ready_story(published=True)
    article.editorial_notes.create(text="Check the quote with legal")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Check the quote with legal" not in html


def test_editor_dashboard_lists_review_scheduled_overdue_and_recent(client, editor):
    now = timezone.now()
    ready_story(status=Article.Status.IN_REVIEW, headline="Awaiting an editor")
    ready_story(scheduled=True, headline="Due tomorrow")
    ready_story(
        status=Article.Status.SCHEDULED,
        published_at=now - timedelta(minutes=5),
        headline="Went out on time, not yet recorded",
    )
    ready_story(published=True, headline="Out this morning")
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_dashboard"))

    panels = {
        heading: [a.headline for a in stories] for heading, stories, _ in response.context["panels"]
    }
    assert panels["In review"] == ["Awaiting an editor"]
    assert panels["Scheduled next"] == ["Due tomorrow"]
    assert panels["Overdue scheduled"] == ["Went out on time, not yet recorded"]
    # Scheduled stories are live from their time, recorded or not.
    assert panels["Recently published"] == [
        "Went out on time, not yet recorded",
        "Out this morning",
    ]


def test_changelist_filters_by_status_and_by_my_stories(client, reporter, other_reporter):
    mine = own_draft(reporter)
    own_draft(other_reporter)
    in_review = own_draft(other_reporter, status=Article.Status.IN_REVIEW)
    client.force_login(reporter)

    by_status = client.get(CHANGELIST, {"status__exact": "in_review"})
    by_me = client.get(CHANGELIST, {"mine": "yes"})

    assert list(by_status.context["cl"].result_list) == [in_review]
    assert list(by_me.context["cl"].result_list) == [mine]


def test_changelist_search_finds_people_by_alias(admin_client):
    person = PersonFactory(name="Benjamin Netanyahu")
    AliasFactory(person=person, name="Bibi")
    mention = MentionFactory(person=person)

    response = admin_client.get(CHANGELIST, {"q": "bibi"})

    assert list(response.context["cl"].result_list) == [mention.article]
