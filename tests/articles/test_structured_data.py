"""The JSON-LD, Open Graph and canonical links describe exactly what the page shows."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from articles.images.services import renditions_generate
from articles.models import Correction
from tests.articles.test_views import story_with_everything
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    ImageFactory,
    OutletFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def meta(html: str, name: str) -> list[str]:
    pattern = rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">'
    return [unescape(value) for value in re.findall(pattern, html)]


@pytest.fixture
def story_page(client):
    article = story_with_everything()
    article.people.filter(name="Lena Dahl").update(wikidata_id="Q4115189")
    html = client.get(article.get_absolute_url()).content.decode()
    [data] = json_ld(html)
    return article, html, data


def test_news_article_headline_and_description_match_the_page(story_page):
    article, html, data = story_page

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    h1 = re.search(r'<h1 class="headline">(.*?)</h1>', html).group(1)
    assert data["headline"] == unescape(h1) == article.headline
    dek = re.search(r'<p class="dek">(.*?)</p>', html).group(1)
    assert data["description"] == unescape(dek)


def test_news_article_names_every_byline_as_a_person_with_their_page(story_page):
    _, html, data = story_page

    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Rhea Marlow",
            "url": "http://testserver/contributors/rhea-marlow/",
            "worksFor": {"@type": "NewsMediaOrganization", "name": "Harbour Gazette"},
        },
        {
            "@type": "Person",
            "name": "Sam Okafor",
            "url": "http://testserver/contributors/sam-okafor/",
            "worksFor": {"@type": "NewsMediaOrganization", "name": "Harbour Gazette"},
        },
    ]
    for author in data["author"]:
        path = author["url"].removeprefix("http://testserver")
        assert f'<a href="{path}">{author["name"]}</a>' in html


def test_news_article_dates_carry_their_timezone_and_match_the_page(story_page):
    article, html, data = story_page

    shown = re.search(r'<p class="meta">.*?<time datetime="([^"]+)"', html, re.S).group(1)
    assert data["datePublished"] == shown
    assert re.search(r"[+-]\d\d:\d\d$", data["datePublished"])
    assert re.search(r"[+-]\d\d:\d\d$", data["dateModified"])
    assert data["dateModified"] >= data["datePublished"]


def test_news_article_image_comes_in_16_9_4_3_and_1_1_crops(client):
    article = ArticleFactory(published=True, lead_image=ImageFactory(copyright_notice="© Ivo"))
    renditions_generate(image=article.lead_image)

    [data] = json_ld(client.get(article.get_absolute_url()).content.decode())

    shapes = [round(image["width"] / image["height"], 2) for image in data["image"]]
    assert shapes == [round(16 / 9, 2), round(4 / 3, 2), 1.0]
    assert all("/media/renditions/" in image["url"] for image in data["image"])
    assert {image["copyrightNotice"] for image in data["image"]} == {"© Ivo"}


def test_news_article_image_has_caption_credit_and_creator(story_page):
    article, html, data = story_page

    [image] = data["image"]
    # No renditions yet: the public photo address, which the page's <img> also uses.
    src = re.search(r'<figure class="lead-image">.*?<img src="([^"]+)"', html, re.S).group(1)
    assert image["url"] == f"http://testserver{src}"
    assert src == f"/photos/{article.lead_image.pk}/"
    assert image["caption"] == "The night ferry leaves the north pier."
    assert image["creditText"] == "Ivo Brandt / Coastline Photo Agency"
    assert image["creator"]["name"] == "Ivo Brandt"
    assert image["creator"]["url"] == "http://testserver/contributors/ivo-brandt/"
    assert image["copyrightNotice"]
    assert (image["width"], image["height"]) == (64, 36)


def test_news_article_mentions_named_people_with_wikidata(story_page):
    _, html, data = story_page

    assert data["mentions"] == [
        {
            "@type": "Person",
            "name": "Lena Dahl",
            "url": "http://testserver" + re.search(r'href="(/people/[^"]+)">Lena Dahl', html)[1],
            "jobTitle": "Mayor",
            "sameAs": ["https://www.wikidata.org/wiki/Q4115189"],
        },
        {
            "@type": "Person",
            "name": "Piet Moreau",
            "url": "http://testserver" + re.search(r'href="(/people/[^"]+)">Piet Moreau', html)[1],
            "jobTitle": "Harbour Commissioner",
        },
    ]


def test_news_article_has_section_keywords_publisher_and_main_entity(story_page):
    article, _, data = story_page

    assert data["articleSection"] == article.section.name
    assert data["keywords"] == ["ferries", "council"]
    assert data["mainEntityOfPage"]["@id"] == f"http://testserver{article.get_absolute_url()}"
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["logo"]["url"] == "http://testserver/static/img/logo.png"
    assert publisher["logo"]["width"] >= 112
    assert "correction" not in data


def test_news_article_lists_its_corrections_as_correction_comments(client):
    article = ArticleFactory(published=True)
    note = Correction.objects.create(
        article=article, kind=Correction.Kind.CORRECTION, text="The vote was 7-2, not 6-3."
    )

    html = client.get(article.get_absolute_url()).content.decode()
    [data] = json_ld(html)

    assert "The vote was 7-2, not 6-3." in html
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "name": "Correction",
            "text": "The vote was 7-2, not 6-3.",
            "datePublished": note.appended_at.isoformat(timespec="seconds"),
        }
    ]


def test_open_graph_and_twitter_cards_describe_the_story(story_page):
    article, html, data = story_page

    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title") == [article.headline]
    assert meta(html, "article:published_time") == [data["datePublished"]]
    assert meta(html, "article:author") == [a["url"] for a in data["author"]]
    assert meta(html, "article:section") == [article.section.name]
    assert meta(html, "article:tag") == ["ferries", "council"]
    assert meta(html, "og:image") == [data["image"][0]["url"]]
    assert meta(html, "twitter:card") == ["summary_large_image"]


def test_canonical_url_uses_the_configured_base_url(client, settings):
    settings.NEWSROOM_BASE_URL = "https://news.example.org"
    article = story_with_everything()

    html = client.get(article.get_absolute_url()).content.decode()

    canonical = f"https://news.example.org{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert json_ld(html)[0]["mainEntityOfPage"]["@id"] == canonical


def test_listing_pages_have_a_canonical_url_keeping_only_the_page_number(client, settings):
    for _ in range(settings.PAGE_SIZE + 1):
        ArticleFactory(published=True)

    html = client.get("/", {"page": 2, "utm_source": "x"}).content.decode()

    assert '<link rel="canonical" href="http://testserver/?page=2">' in html


def test_syndicated_story_names_its_source_in_the_page_and_the_data(client):
    source = OutletFactory(name="World Harbour News", url="https://whn.example.org/")
    article = ArticleFactory(
        published=True, source_outlet=source, source_url="https://whn.example.org/story"
    )

    html = client.get(article.get_absolute_url()).content.decode()
    [data] = json_ld(html)

    assert "Originally published by" in html
    assert data["isBasedOn"] == "https://whn.example.org/story"
    assert data["sourceOrganization"] == {
        "@type": "NewsMediaOrganization",
        "name": "World Harbour News",
        "url": "https://whn.example.org/",
    }


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client):
    article = ArticleFactory(published=True, headline="</script><script>alert(1)</script>")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["headline"] == article.headline


def test_contributor_page_is_a_profile_page(client):
    contributor = ContributorFactory(name="Rhea Marlow", slug="rhea-marlow", bio="Covers ports.")
    BylineFactory(contributor=contributor, article=ArticleFactory(published=True))

    html = client.get(contributor.get_absolute_url()).content.decode()
    [data] = json_ld(html)

    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"]["@type"] == "Person"
    assert data["mainEntity"]["name"] == "Rhea Marlow"
    assert data["mainEntity"]["description"] == "Covers ports."
    assert data["mainEntity"]["url"] == "http://testserver/contributors/rhea-marlow/"


def test_person_page_is_a_profile_page_with_wikidata(client):
    person = PersonFactory(name="Lena Dahl", office="Mayor", wikidata_id="Q42")

    [data] = json_ld(client.get(person.get_absolute_url()).content.decode())

    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"]["jobTitle"] == "Mayor"
    assert data["mainEntity"]["sameAs"] == ["https://www.wikidata.org/wiki/Q42"]


def test_home_page_describes_the_site_and_its_search(client):
    ArticleFactory(published=True)

    [data] = json_ld(client.get(reverse("articles:home")).content.decode())

    assert data["@type"] == "WebSite"
    assert data["url"] == "http://testserver/"
    target = data["potentialAction"]["target"]["urlTemplate"]
    assert target == "http://testserver/search/?q={search_term_string}"
