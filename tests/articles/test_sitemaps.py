"""Sitemaps list every published page once, split by id range, and validate against the XSDs."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Article
from tests.articles.test_views import story_with_everything
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

STANDARDS = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "sitemaps"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}
NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def locs(doc) -> list[str]:
    return [
        loc.removeprefix("http://testserver") for loc in doc.xpath("//s:loc/text()", namespaces=NS)
    ]


@pytest.fixture(scope="module")
def schemas():
    if not STANDARDS.exists():
        pytest.skip(f"the sitemap XSDs are not here: {STANDARDS}")
    imports = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{(STANDARDS / name).as_uri()}"/>'
        for ns, name in [
            (NS["s"], "sitemap.xsd"),
            (NS["news"], "sitemap-news.xsd"),
            (NS["image"], "sitemap-image.xsd"),
        ]
    )
    wrapper = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imports}</xsd:schema>'
    return {
        "urlset": etree.XMLSchema(etree.fromstring(wrapper.encode())),
        "sitemapindex": etree.XMLSchema(etree.parse(str(STANDARDS / "siteindex.xsd"))),
    }


def test_every_sitemap_in_the_index_is_valid_against_the_xsds(client, schemas):
    for n in range(3):
        story_with_everything(n)
    ArticleFactory(published=True, lead_image=None)  # a story without a photo

    index = xml(client, reverse("sitemap-index"))
    assert schemas["sitemapindex"].validate(index), schemas["sitemapindex"].error_log
    sitemaps = locs(index)
    assert "/sitemaps/news.xml" in sitemaps
    for kind in ["stories", "sections", "tags", "contributors", "people"]:
        assert f"/sitemaps/{kind}-0.xml" in sitemaps
    for url in sitemaps:
        doc = xml(client, url)
        assert schemas["urlset"].validate(doc), (url, schemas["urlset"].error_log)


def test_empty_news_sitemap_is_still_valid(client, schemas):
    doc = xml(client, reverse("sitemap-news"))

    assert schemas["urlset"].validate(doc), schemas["urlset"].error_log
    assert locs(doc) == ["/"]


def test_story_sitemaps_split_by_id_range_and_hide_unpublished(client, settings):
    settings.NEWSROOM_SITEMAP_SIZE = 3
    stories = [ArticleFactory(published=True) for _ in range(7)]
    draft = ArticleFactory()
    scheduled = ArticleFactory(scheduled=True)

    index = locs(xml(client, reverse("sitemap-index")))
    story_maps = [url for url in index if url.startswith("/sitemaps/stories-")]
    listed = [loc for url in story_maps for loc in locs(xml(client, url))]

    assert sorted(listed) == sorted(a.get_absolute_url() for a in stories)
    assert draft.get_absolute_url() not in listed
    assert scheduled.get_absolute_url() not in listed
    for url in story_maps:
        assert len(locs(xml(client, url))) <= 3


def test_story_sitemap_has_lastmod_and_the_lead_photo(client):
    article = story_with_everything()

    doc = xml(client, reverse("sitemap", args=["stories", 0]))

    [url] = doc.xpath("//s:url", namespaces=NS)
    lastmod = url.xpath("s:lastmod/text()", namespaces=NS)[0]
    assert lastmod == timezone.localtime(article.updated_at).isoformat(timespec="seconds")
    [image] = url.xpath("image:image/image:loc/text()", namespaces=NS)
    assert image == f"http://testserver/photos/{article.lead_image.pk}/"


def test_index_lastmod_follows_the_latest_change_in_each_range(client):
    old = ArticleFactory(published=True)
    Article.objects.filter(pk=old.pk).update(updated_at=NOW - timedelta(days=9))
    newest = ArticleFactory(published=True)

    index = xml(client, reverse("sitemap-index"))
    [lastmod] = index.xpath(
        "//s:sitemap[s:loc[contains(., 'stories-0')]]/s:lastmod/text()", namespaces=NS
    )

    assert lastmod == timezone.localtime(newest.updated_at).isoformat(timespec="seconds")


def test_listing_sitemaps_name_only_pages_with_published_stories(client):
    city = SectionFactory(name="City", slug="city")
    SectionFactory(name="Empty", slug="empty")
    ArticleFactory(published=True, section=city)
    ArticleFactory(section=SectionFactory(slug="drafts-only"))

    assert locs(xml(client, reverse("sitemap", args=["sections", 0]))) == ["/sections/city/"]


def test_unknown_or_empty_sitemap_is_not_found(client):
    assert client.get("/sitemaps/stories-5.xml").status_code == 404
    assert client.get("/sitemaps/nonsense-0.xml").status_code == 404


def bulk_stories(count: int, first_published_at) -> None:
    section = SectionFactory()
    Article.objects.bulk_create(
        Article(
            headline=f"Story {n}",
            slug=f"story-{first_published_at:%Y%m%d%H%M}-{n}",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=first_published_at - timedelta(seconds=n),
            first_published_at=first_published_at - timedelta(seconds=n),
        )
        for n in range(count)
    )


@time_machine.travel(NOW, tick=False)
def test_news_sitemap_holds_only_the_last_two_days(client):
    inside = ArticleFactory(
        published=True, published_at=NOW - timedelta(days=2) + timedelta(minutes=1)
    )
    ArticleFactory(
        published=True, headline="Too old", published_at=NOW - timedelta(days=2, minutes=1)
    )
    republished = ArticleFactory(published=True, published_at=NOW - timedelta(days=5))
    Article.objects.filter(pk=republished.pk).update(published_at=NOW - timedelta(hours=1))
    ArticleFactory(scheduled=True)

    doc = xml(client, reverse("sitemap-news"))

    assert locs(doc) == [inside.get_absolute_url()]
    [news] = doc.xpath("//news:news", namespaces=NS)
    assert news.xpath("news:publication/news:name/text()", namespaces=NS) == ["Newsroom"]
    assert news.xpath("news:publication/news:language/text()", namespaces=NS) == ["en"]
    assert news.xpath("news:title/text()", namespaces=NS) == [inside.headline]
    assert news.xpath("news:publication_date/text()", namespaces=NS) == [
        inside.first_published_at.isoformat(timespec="seconds")
    ]


@time_machine.travel(NOW, tick=False)
def test_news_sitemap_caps_at_a_thousand_newest_stories(client):
    bulk_stories(1001, NOW - timedelta(minutes=1))

    listed = locs(xml(client, reverse("sitemap-news")))

    assert len(listed) == 1000
    assert listed[0] == "/stories/story-202503101159-0/"
    assert "/stories/story-202503101159-1000/" not in listed


def test_robots_txt_names_the_sitemaps(client, settings):
    settings.NEWSROOM_BASE_URL = "https://news.example.org"

    text = client.get("/robots.txt").content.decode()

    assert "Sitemap: https://news.example.org/sitemap.xml" in text
    assert "Sitemap: https://news.example.org/sitemaps/news.xml" in text
    assert "Disallow: /admin/" in text
