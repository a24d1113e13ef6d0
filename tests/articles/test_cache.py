"""Cached pages are fast, and never show a reader a story that changed or was taken down."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.preview import preview_path
from articles.related import related_refresh
from articles.services import article_unpublish, articles_publish
from tests.articles.test_views import story_with_everything
from tests.factories import ArticleFactory, MentionFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = story_with_everything()
    article.neighbour = ArticleFactory(
        published=True, headline="Ferry fares rise", tags=["ferries"]
    )
    # What publishing does: precompute each story's related block.
    related_refresh(article=article)
    return article


def pages_showing(article) -> list[str]:
    """Every page the story appears on: its own, listings, feeds, sitemaps, related blocks."""
    bylines = article.bylines.all()
    return [
        article.get_absolute_url(),
        reverse("articles:home"),
        article.section.get_absolute_url(),
        reverse("articles:tag", args=["ferries"]),
        bylines[0].contributor.get_absolute_url(),
        article.people.first().get_absolute_url(),
        bylines[0].contributor.outlet.get_absolute_url(),
        article.neighbour.get_absolute_url(),  # its related block
        reverse("articles:feed"),
        reverse("articles:tag-feed-atom", args=["ferries"]),
        reverse("people:person-feed", args=[article.people.first().slug]),
        reverse("sitemap", args=["stories", 0]),
        reverse("sitemap-news"),
    ]


def test_a_cached_page_is_served_without_queries(client, story, django_assert_num_queries):
    first = client.get(story.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_takedown_removes_the_story_from_every_cached_page_at_once(client, story):
    link = story.get_absolute_url()
    for url in pages_showing(story):
        assert link in client.get(url).content.decode(), url

    article_unpublish(article=story)

    assert client.get(link).status_code == 404
    for url in pages_showing(story)[1:]:
        assert link not in client.get(url).content.decode(), url


def test_an_edit_shows_on_every_cached_page_at_once(client, story):
    for url in pages_showing(story):
        client.get(url)

    story.headline = "Night ferry saved after a late-night vote"
    story.save()

    # The stories sitemap lists addresses, not headlines.
    for url in [u for u in pages_showing(story) if "stories-0" not in u]:
        assert "after a late-night vote" in client.get(url).content.decode(), url


def test_a_newly_published_story_appears_on_cached_listings(client, story):
    draft = ArticleFactory(headline="Harbour wall repaired", section=story.section)
    draft.tags.add("ferries")
    urls = [reverse("articles:home"), story.section.get_absolute_url(), "/tags/ferries/"]
    for url in urls:
        assert "Harbour wall repaired" not in client.get(url).content.decode()

    articles_publish(articles=[draft])

    for url in urls:
        assert "Harbour wall repaired" in client.get(url).content.decode(), url


def test_a_change_leaves_unrelated_cached_pages_alone(client, story, django_assert_num_queries):
    elsewhere = SectionFactory(name="Sport", slug="sport")
    ArticleFactory(published=True, section=elsewhere, headline="Regatta won")
    client.get(elsewhere.get_absolute_url())

    story.headline = "A new headline"
    story.save()

    with django_assert_num_queries(0):
        assert "Regatta won" in client.get(elsewhere.get_absolute_url()).content.decode()


def test_removing_a_tag_or_moving_section_updates_the_old_listings(client, story):
    old_section = story.section
    client.get("/tags/council/")
    client.get(old_section.get_absolute_url())

    story.tags.remove("council")
    story.section = SectionFactory(slug="elsewhere")
    story.save()

    assert story.headline not in client.get("/tags/council/").content.decode()
    assert story.headline not in client.get(old_section.get_absolute_url()).content.decode()


def test_a_new_mention_shows_on_the_cached_person_page(client, story):
    person = story.people.first()
    other = ArticleFactory(published=True, headline="Mayor opens the bridge")
    client.get(person.get_absolute_url())

    MentionFactory(article=other, person=person)

    assert "Mayor opens the bridge" in client.get(person.get_absolute_url()).content.decode()


def test_a_scheduled_story_appears_on_time_despite_the_cache(client):
    start = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        ArticleFactory(published=True, headline="Already out")
        ArticleFactory(
            status=Article.Status.SCHEDULED,
            published_at=start + timedelta(minutes=2),
            headline="Embargo lifts at 09:02",
        )
        home = client.get("/")
        assert "Embargo lifts" not in home.content.decode()
        assert home["Cache-Control"] == "public, max-age=60"

        clock.move_to(start + timedelta(minutes=1, seconds=30))
        soon = client.get("/")
        assert "Embargo lifts" not in soon.content.decode()
        assert "max-age=30" in soon["Cache-Control"]

        clock.move_to(start + timedelta(minutes=2, seconds=1))
        assert "Embargo lifts" in client.get("/").content.decode()


def test_conditional_get_with_the_etag_answers_304(client, story):
    for url in [story.get_absolute_url(), "/", reverse("articles:feed"), "/sitemap.xml"]:
        first = client.get(url)

        again = client.get(url, headers={"if-none-match": first["ETag"]})

        assert again.status_code == 304, url
        assert again.content == b""


def test_a_changed_page_answers_200_to_an_old_etag(client, story):
    etag = client.get(story.get_absolute_url())["ETag"]

    story.dek = "A new standfirst."
    story.save()
    response = client.get(story.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert "A new standfirst." in response.content.decode()


def test_public_pages_may_be_cached_briefly_by_browsers(client, story):
    response = client.get(story.get_absolute_url())

    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')


def test_staff_pages_are_private_and_never_cached(client, story):
    draft = ArticleFactory(headline="Draft under edit")
    client.force_login(UserFactory(is_staff=True))

    preview = client.get(draft.get_absolute_url())
    home = client.get("/")

    assert preview.status_code == 200
    for response in [preview, home]:
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_staff_visit_does_not_fill_the_cache_readers_get(client, story):
    draft = ArticleFactory(headline="Draft under edit", tags=["ferries"])
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    client.get("/tags/ferries/")
    client.get(draft.get_absolute_url())
    client.logout()

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Draft under edit" not in client.get("/tags/ferries/").content.decode()


def test_preview_links_are_private_and_never_cached(client, story):
    draft = ArticleFactory(headline="Draft shared for review")
    link = preview_path(draft)

    first = client.get(link)
    draft.headline = "Draft shared for review, revised"
    draft.save()
    second = client.get(link)

    assert "no-store" in first["Cache-Control"]
    assert "public" not in first["Cache-Control"]
    assert "revised" in second.content.decode()


def test_listing_page_count_follows_a_takedown(client, settings):
    stories = [ArticleFactory(published=True) for _ in range(settings.PAGE_SIZE + 1)]
    assert "Page 1 of 2" in client.get("/").content.decode()

    article_unpublish(article=stories[0])

    html = client.get("/").content.decode()
    assert "Page 1 of" not in html
    assert client.get("/", {"page": 2}).status_code == 404


def test_a_listing_is_not_recounted_until_it_changes(
    client, settings, story, django_assert_max_num_queries
):
    settings.NEWSROOM_PAGE_CACHE = False
    client.get("/")

    # Only the stories, their bylines and photo renditions: no count, and the section menu
    # is cached.
    with django_assert_max_num_queries(3):
        client.get("/")


def test_an_expiring_story_leaves_cached_pages_on_time(client):
    start = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        story = ArticleFactory(
            published=True, headline="Offer ends at 09:05", expires_at=start + timedelta(minutes=5)
        )
        urls = ["/", story.get_absolute_url(), reverse("articles:feed")]
        for url in urls:
            assert "Offer ends" in client.get(url).content.decode()

        clock.move_to(start + timedelta(minutes=5, seconds=1))

        assert client.get(story.get_absolute_url()).status_code == 404
        for url in urls[::2]:
            assert "Offer ends" not in client.get(url).content.decode(), url


def test_a_correction_shows_on_the_cached_story_and_corrections_pages(client, story):
    corrections = reverse("articles:corrections")
    client.get(story.get_absolute_url())
    client.get(corrections)

    Correction.objects.create(article=story, text="The vote was 7-2, not 6-3.")

    assert "The vote was 7-2" in client.get(story.get_absolute_url()).content.decode()
    assert "The vote was 7-2" in client.get(corrections).content.decode()


def test_next_visibility_change_is_the_sooner_of_a_go_live_and_an_expiry():
    now = timezone.now()
    ArticleFactory(published=True, expires_at=now + timedelta(hours=3))
    ArticleFactory(scheduled=True, published_at=now + timedelta(hours=2))
    ArticleFactory(published_at=now + timedelta(minutes=5))  # a draft: no go-live
    ArticleFactory(published=True, expires_at=now - timedelta(hours=1))  # already gone

    assert Article.objects.next_visibility_change(now=now) == now + timedelta(hours=2)


def test_without_a_shared_cache_pages_are_not_cached(client, settings, story):
    settings.NEWSROOM_SHARED_CACHE = False
    settings.NEWSROOM_PAGE_CACHE = False
    client.get(story.get_absolute_url())

    response = client.get(story.get_absolute_url())

    assert response.context is not None  # rendered again, not served from the cache
    assert response["Cache-Control"] == "public, max-age=60"
