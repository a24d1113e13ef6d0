"""Every feed reads cleanly in feedparser, the library most feed readers are built on."""

import feedparser
import pytest
from django.urls import reverse
from lxml import etree

from articles.models import Article
from tests.articles.test_views import story_with_everything
from tests.factories import ArticleFactory, MentionFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def story():
    article = story_with_everything()
    ArticleFactory(headline="A draft nobody should see", tags=["ferries"], section=article.section)
    ArticleFactory(scheduled=True, headline="Embargoed until tomorrow", tags=["ferries"])
    return article


def feed_urls(article) -> list[str]:
    section, contributor = article.section, article.bylines.first().contributor
    person = article.people.first()
    urls = []
    for name, args in [
        ("articles:feed", []),
        ("articles:section-feed", [section.slug]),
        ("articles:tag-feed", ["ferries"]),
        ("people:contributor-feed", [contributor.slug]),
        ("people:person-feed", [person.slug]),
    ]:
        urls += [reverse(name, args=args), reverse(f"{name}-atom", args=args)]
    return urls


def test_every_feed_parses_and_carries_the_story(client, story):
    for url in feed_urls(story):
        response, feed = parse(client, url)

        expected = "atom10" if url.endswith("/atom/") else "rss20"
        assert feed.version == expected, url
        assert [entry.title for entry in feed.entries] == [story.headline], url
        assert feed.feed.link.startswith("http://testserver/"), url


@pytest.mark.parametrize("atom", [False, True])
def test_feed_item_has_guid_link_dates_authors_tags_body_and_photo(client, story, atom):
    url = reverse("articles:feed-atom" if atom else "articles:feed")

    response, feed = parse(client, url)
    [entry] = feed.entries

    assert entry.link == f"http://testserver{story.get_absolute_url()}"
    assert entry.id == f"tag:testserver,{story.first_published_at:%Y-%m-%d}:story:{story.pk}"
    assert entry.published_parsed[:6] == story.published_at.utctimetuple()[:6]
    assert [a.name for a in entry.authors] == ["Rhea Marlow", "Sam Okafor"]
    assert [t.term for t in entry.tags] == ["ferries", "council"]
    assert entry.summary == story.dek
    assert "<blockquote><p>“We listened,” she said.</p></blockquote>" in entry.content[0].value
    [media] = entry.media_content
    # The original is private: before renditions exist, the public photo address stands in.
    assert media["url"] == f"http://testserver/photos/{story.lead_image.pk}/"
    assert media["medium"] == "image"
    assert entry.media_credit[0]["content"] == "Ivo Brandt / Coastline Photo Agency"
    # feedparser keeps no caption of its own, so read it from the XML.
    media_ns = {"media": "http://search.yahoo.com/mrss/"}
    xml = etree.fromstring(response.content)
    assert xml.xpath("//media:content/media:description/text()", namespaces=media_ns) == [
        "The night ferry leaves the north pier."
    ]


def test_rss_names_every_byline_with_dc_creator(client, story):
    response, _ = parse(client, reverse("articles:feed"))
    xml = response.content.decode()

    assert 'xmlns:dc="http://purl.org/dc/elements/1.1/"' in xml
    assert "<dc:creator>Rhea Marlow</dc:creator><dc:creator>Sam Okafor</dc:creator>" in xml


def test_feeds_never_carry_drafts_or_scheduled_stories(client, story):
    for url in feed_urls(story):
        xml = client.get(url).content.decode()

        assert "draft nobody should see" not in xml, url
        assert "Embargoed" not in xml, url


def test_person_feed_lists_only_stories_mentioning_them(client, story):
    person = story.people.first()
    MentionFactory(person=person, article=ArticleFactory(published=True, headline="Second"))
    ArticleFactory(published=True, headline="Not about them")

    _, feed = parse(client, reverse("people:person-feed", args=[person.slug]))

    assert {e.title for e in feed.entries} == {story.headline, "Second"}


def test_feed_for_an_unknown_subject_is_not_found(client):
    assert client.get(reverse("articles:tag-feed", args=["no-such-tag"])).status_code == 404


def test_feed_query_count_does_not_grow_with_stories(client, django_assert_max_num_queries):
    for n in range(8):
        story_with_everything(n)

    # Includes one query for every story's photo renditions together.
    with django_assert_max_num_queries(5):
        parse(client, reverse("articles:feed"))


def test_pages_advertise_their_feeds(client, story):
    tag_html = client.get(reverse("articles:tag", args=["ferries"])).content.decode()
    story_html = client.get(story.get_absolute_url()).content.decode()

    for html in [tag_html, story_html]:
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert 'href="/feed/atom/"' in html
    assert 'href="/tags/ferries/feed/"' in tag_html
    assert 'href="/tags/ferries/feed/atom/"' in tag_html


def test_a_scheduled_story_live_by_time_has_a_stable_guid(client):
    article = ArticleFactory(scheduled=True, headline="Went live by the clock")
    Article.objects.filter(pk=article.pk).update(published_at=article.created_at)

    _, feed = parse(client, reverse("articles:feed"))

    [entry] = feed.entries
    assert entry.id == f"tag:testserver,{article.created_at:%Y-%m-%d}:story:{article.pk}"
