"""Staff preview drafts as readers see them; a signed link shows one story, for a while."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.preview import preview_path
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    article = ArticleFactory(headline="Embargoed: port to close", tags=["port"])
    ArticleFactory(headline="Another secret draft", tags=["port"])
    ArticleFactory(scheduled=True, headline="Tomorrow's scheduled piece", tags=["port"])
    ArticleFactory(published=True, headline="Port traffic doubles", tags=["port"])
    return article


def test_a_signed_link_shows_the_draft_without_a_login(client, draft):
    response = client.get(preview_path(draft))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="headline">Embargoed: port to close</h1>' in html
    assert "Preview: readers cannot see this story yet." in html


def test_a_preview_never_shows_other_drafts_or_scheduled_stories(client, draft):
    response = client.get(preview_path(draft))

    html = response.content.decode()
    assert [story.headline for story in response.context["related"]] == ["Port traffic doubles"]
    assert "Another secret draft" not in html
    assert "scheduled piece" not in html


def test_a_preview_is_not_indexed_or_cached(client, draft):
    response = client.get(preview_path(draft))

    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_link_stops_working_when_it_expires(client, draft, settings):
    settings.PREVIEW_LINK_HOURS = 24
    url = preview_path(draft)

    with time_machine.travel(timezone.now() + timedelta(hours=23, minutes=59)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        assert client.get(url).status_code == 404


def test_an_altered_link_opens_nothing(client, draft):
    other = ArticleFactory(headline="Someone else's draft")
    token = preview_path(draft).rstrip("/").rsplit("/", 1)[1]
    forged = token.replace(f"{draft.pk}:", f"{other.pk}:", 1)

    response = client.get(reverse("articles:preview", args=[forged]))

    assert response.status_code == 404
    assert "Someone else" not in response.content.decode()


def test_a_link_to_a_story_since_published_goes_to_the_story(client, draft):
    url = preview_path(draft)
    draft.status, draft.published_at = "published", timezone.now()
    draft.save()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_staff_preview_of_a_draft_is_not_cached_but_a_live_story_is_not_marked(client, draft):
    client.force_login(UserFactory(is_staff=True))
    live = ArticleFactory(published=True)

    preview = client.get(draft.get_absolute_url())
    story = client.get(live.get_absolute_url())

    assert "no-store" in preview["Cache-Control"]
    assert "X-Robots-Tag" not in story


def test_the_story_form_offers_a_share_link_that_works(client, admin_client, draft):
    html = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content
    link = html.decode().split('id="share-preview-link" class="vURLField" readonly value="')[1]
    link = link.split('"')[0].removeprefix("http://testserver")

    assert client.get(link).status_code == 200
