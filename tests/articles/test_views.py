from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.related import related_lists_rebuild
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    ImageFactory,
    MentionFactory,
    OutletFactory,
    PersonFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def story_with_everything(n: int = 0, **kwargs):
    """A published story with two bylines, a credited photo, tags and two named people.

    `n` tells apart several such stories in one test: only the first gets the fixed slugs.
    """
    suffix = f"-{n}" if n else ""
    outlet = OutletFactory(name="Harbour Gazette", slug="harbour-gazette")
    article = ArticleFactory(
        published=True,
        headline="Night ferry saved after council vote",
        dek="Councillors voted 7-2 to keep the service.",
        body=(
            "<p>The council met on Tuesday.</p>"
            "<blockquote><p>“We listened,” she said.</p></blockquote>"
        ),
        lead_image=ImageFactory(
            caption="The night ferry leaves the north pier.",
            photographer=ContributorFactory(name="Ivo Brandt", slug=f"ivo-brandt{suffix}"),
            agency=OutletFactory(name=f"Coastline Photo Agency{suffix}", slug=f"coastline{suffix}"),
        ),
        tags=["ferries", "council"],
        **kwargs,
    )
    BylineFactory(
        article=article,
        position=0,
        contributor=ContributorFactory(
            name="Rhea Marlow", slug=f"rhea-marlow{suffix}", outlet=outlet
        ),
    )
    BylineFactory(
        article=article,
        position=1,
        contributor=ContributorFactory(
            name="Sam Okafor", slug=f"sam-okafor{suffix}", outlet=outlet
        ),
    )
    MentionFactory(article=article, person=PersonFactory(name="Lena Dahl", office="Mayor"))
    MentionFactory(article=article, person=PersonFactory(name="Piet Moreau"))
    return article


def test_home_lists_published_stories_newest_first(client):
    now = timezone.now()
    older = ArticleFactory(
        published=True, headline="Older story", published_at=now - timedelta(days=2)
    )
    newer = ArticleFactory(
        published=True, headline="Newer story", published_at=now - timedelta(hours=1)
    )

    html = client.get(reverse("articles:home")).content.decode()

    assert html.index(newer.headline) < html.index(older.headline)


def test_home_hides_drafts_and_scheduled_stories(client):
    ArticleFactory(headline="A draft nobody should see")
    ArticleFactory(scheduled=True, headline="Tomorrow's embargoed story")
    ArticleFactory(published=True, headline="Today's story")

    html = client.get(reverse("articles:home")).content.decode()

    assert "Today&#x27;s story" in html or "Today's story" in html
    assert "draft nobody should see" not in html
    assert "embargoed" not in html


def test_home_paginates_with_links_to_older_stories(client, settings):
    for n in range(settings.PAGE_SIZE + 2):
        ArticleFactory(published=True, published_at=timezone.now() - timedelta(minutes=n))

    first = client.get(reverse("articles:home"))
    second = client.get(reverse("articles:home"), {"page": 2})

    assert len(first.context["articles"]) == settings.PAGE_SIZE
    assert 'rel="next"' in first.content.decode()
    assert len(second.context["articles"]) == 2


def test_home_beyond_last_page_is_not_found(client):
    ArticleFactory(published=True)

    assert client.get(reverse("articles:home"), {"page": 9}).status_code == 404


def test_article_page_shows_the_story_as_printed(client):
    article = story_with_everything()

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<h1 class="headline">Night ferry saved after council vote</h1>' in html
    assert "Councillors voted 7-2 to keep the service." in html
    assert f'<time datetime="{article.published_at.isoformat(timespec="seconds")}"' in html
    assert '<a href="/contributors/rhea-marlow/">Rhea Marlow</a> and ' in html
    assert '<a href="/contributors/sam-okafor/">Sam Okafor</a>, ' in html
    assert '<a class="outlet" href="/outlets/harbour-gazette/">Harbour Gazette</a>' in html
    assert "<figure" in html and "The night ferry leaves the north pier." in html
    assert 'Photo: <a href="/contributors/ivo-brandt/">Ivo Brandt</a> / ' in html
    assert '<a href="/outlets/coastline/">Coastline Photo Agency</a>' in html
    assert "<blockquote><p>“We listened,” she said.</p></blockquote>" in html
    assert '<a href="/tags/ferries/" rel="tag">ferries</a>' in html
    assert 'Lena Dahl</a> <span class="chip-note">Mayor</span>' in html


def test_article_page_names_the_original_outlet_of_a_syndicated_story(client):
    source = OutletFactory(name="World Harbour News", slug="world-harbour-news")
    article = ArticleFactory(
        published=True, source_outlet=source, source_url="https://example.org/story"
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Originally published by" in html
    assert '<a href="https://example.org/story" rel="noopener">World Harbour News</a>' in html


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_unpublished_story_is_not_found_for_readers(client, trait):
    article = ArticleFactory(**({"scheduled": True} if trait == "scheduled" else {}))

    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft_with_a_banner(client):
    article = ArticleFactory(headline="Still being edited")
    client.force_login(UserFactory(is_staff=True))

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Preview: readers cannot see this story yet." in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_unknown_story_shows_the_friendly_404_page(client):
    response = client.get("/stories/no-such-story/")

    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


def test_related_block_ranks_most_shared_first_then_newest(client):
    article = story_with_everything()
    lena, piet = article.people.order_by("name")
    now = timezone.now()
    one_tag = ArticleFactory(published=True, headline="Shares one tag", tags=["ferries"])
    two_shared = ArticleFactory(
        published=True,
        headline="Shares a person and a tag",
        tags=["council"],
        published_at=now - timedelta(days=3),
    )
    MentionFactory(article=two_shared, person=lena)
    newer_one = ArticleFactory(
        published=True, headline="Newer, shares one person", published_at=now - timedelta(minutes=5)
    )
    MentionFactory(article=newer_one, person=piet)
    ArticleFactory(published=True, headline="Shares nothing at all")
    related_lists_rebuild(articles=Article.objects.all())

    related = client.get(article.get_absolute_url()).context["related"]

    assert [r.headline for r in related] == [
        "Shares a person and a tag",
        "Newer, shares one person",
        "Shares one tag",
    ]
    assert one_tag in related


def test_related_block_never_shows_drafts_or_scheduled_stories(client):
    article = story_with_everything()
    ArticleFactory(headline="Draft on ferries", tags=["ferries"])
    ArticleFactory(scheduled=True, headline="Scheduled on ferries", tags=["ferries"])
    related_lists_rebuild(articles=[article])

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Draft on ferries" not in html
    assert "Scheduled on ferries" not in html


def test_related_block_holds_at_most_five_stories(client, settings):
    article = story_with_everything()
    for _ in range(settings.RELATED_LIMIT + 3):
        ArticleFactory(published=True, tags=["ferries"])
    related_lists_rebuild(articles=[article])

    assert len(client.get(article.get_absolute_url()).context["related"]) == settings.RELATED_LIMIT


def test_article_page_runs_the_same_queries_however_rich_the_story(
    client, django_assert_max_num_queries
):
    plain = ArticleFactory(published=True, tags=["ferries"])
    rich = story_with_everything()
    for n in range(6):
        BylineFactory(article=rich, position=n + 2)
        MentionFactory(article=rich)
    rich.tags.add(*[f"topic {n}" for n in range(8)])
    for _ in range(5):
        ArticleFactory(published=True, tags=["ferries", "council"])

    client.get(plain.get_absolute_url())  # warm the section menu cache
    # Seven: the story, bylines, tags, people, corrections (one prefetch), related stories,
    # and the lead photo's renditions (one query for every photo on the page).
    with django_assert_max_num_queries(7):
        client.get(plain.get_absolute_url())
    with django_assert_max_num_queries(7):
        assert client.get(rich.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_home_page_query_count_does_not_grow_with_stories(
    client, count, django_assert_max_num_queries
):
    for n in range(count):
        story_with_everything(n)

    # One query for every card's photo renditions together, and on a cache miss one for
    # the next scheduled go-live, which bounds how long the page is cached.
    with django_assert_max_num_queries(6):
        client.get(reverse("articles:home"))


def test_section_page_lists_only_its_published_stories(client):
    city = SectionFactory(name="City", slug="city")
    ArticleFactory(published=True, section=city, headline="Tram line reopens")
    ArticleFactory(published=True, headline="Elsewhere entirely")
    ArticleFactory(section=city, headline="City draft")

    response = client.get(reverse("articles:section", args=["city"]))

    assert [a.headline for a in response.context["articles"]] == ["Tram line reopens"]
    assert 'aria-current="page">City</a>' in response.content.decode()


def test_tag_page_lists_published_stories_with_the_tag(client):
    ArticleFactory(published=True, headline="Ferry fares rise", tags=["ferries"])
    ArticleFactory(published=True, headline="Unrelated", tags=["budget"])

    response = client.get(reverse("articles:tag", args=["ferries"]))

    assert [a.headline for a in response.context["articles"]] == ["Ferry fares rise"]


@pytest.mark.parametrize("name", ["articles:section", "articles:tag"])
def test_listing_for_unknown_slug_is_not_found(client, name):
    assert client.get(reverse(name, args=["nothing-here"])).status_code == 404


def test_listing_pages_query_count_is_constant(client, django_assert_max_num_queries):
    city = SectionFactory(slug="city")
    for n in range(10):
        story_with_everything(n, section=city).tags.add("city life")

    for url in [
        reverse("articles:section", args=["city"]),
        reverse("articles:tag", args=["city-life"]),
    ]:
        # One query for every card's photo renditions together, and on a cache miss one
        # for the next scheduled go-live, which bounds how long the page is cached.
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200
