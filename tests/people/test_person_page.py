import re
from datetime import date, timedelta
from html import unescape
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from people.services import people_merge
from tests.factories import (
    ArticleFactory,
    MentionFactory,
    OfficeFactory,
    PersonFactory,
    QuoteFactory,
    SameAsFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def blinken():
    return PersonFactory(
        name="Antony Blinken",
        slug="antony-blinken",
        office="US Secretary of State",
        description="American diplomat who led the State Department.",
        wikidata_id="Q7821",
    )


def story_about(person, headline: str, *, hours_ago: int = 1, **kwargs):
    published_at = timezone.now() - timedelta(hours=hours_ago)
    defaults = {"published": True, "published_at": published_at} if "status" not in kwargs else {}
    article = ArticleFactory(headline=headline, **defaults, **kwargs)
    MentionFactory(article=article, person=person)
    return article


def page(client, person) -> str:
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_shows_office_description_offices_held_and_links(client, blinken):
    OfficeFactory(
        person=blinken,
        title="US Secretary of State",
        started_on=date(2021, 1, 26),
        ended_on=date(2025, 1, 20),
    )
    OfficeFactory(person=blinken, title="US Deputy Secretary of State", started_on=date(2015, 1, 9),
                  ended_on=date(2017, 1, 20))  # fmt: skip
    SameAsFactory(person=blinken, url="https://en.wikipedia.org/wiki/Antony_Blinken")

    html = page(client, blinken)

    assert "American diplomat who led the State Department." in html
    assert "<li>US Secretary of State, 2021 to 2025</li>" in html
    assert html.index("2021 to 2025") < html.index("2015 to 2017")
    assert 'href="https://en.wikipedia.org/wiki/Antony_Blinken"' in html
    assert 'href="https://www.wikidata.org/wiki/Q7821"' in html


def test_lists_stories_mentioning_them_newest_first_and_paginated(client, blinken, settings):
    for n in range(settings.PAGE_SIZE + 1):
        story_about(blinken, f"Story {n}", hours_ago=n + 1)
    story_about(blinken, "Unfinished draft", status="draft")

    first = client.get(blinken.get_absolute_url())
    second = client.get(blinken.get_absolute_url(), {"page": 2})

    assert [a.headline for a in first.context["articles"]][:2] == ["Story 0", "Story 1"]
    assert [a.headline for a in second.context["articles"]] == [f"Story {settings.PAGE_SIZE}"]


def test_shows_their_quotes_from_published_stories_with_links(client, blinken):
    live = story_about(blinken, "Ceasefire talks")
    QuoteFactory(article=live, person=blinken, text="Where is the world?",
                 speaker_office="US Secretary of State")  # fmt: skip
    QuoteFactory(article=story_about(blinken, "Draft", status="draft"), person=blinken,
                 text="Not for readers yet.")  # fmt: skip
    QuoteFactory(article=live, person=PersonFactory(), text="Someone else said this.")

    html = page(client, blinken)

    assert "“Where is the world?”" in html
    assert f'US Secretary of State, in <a href="{live.get_absolute_url()}">Ceasefire talks</a>' in (
        html
    )
    assert "Not for readers yet." not in html
    assert "Someone else said this." not in html


def test_shows_who_they_appear_with_most_often(client, blinken):
    netanyahu = PersonFactory(name="Benjamin Netanyahu")
    guterres = PersonFactory(name="António Guterres")
    for n in range(3):
        MentionFactory(article=story_about(blinken, f"Talks {n}"), person=netanyahu)
    MentionFactory(article=story_about(blinken, "UN vote"), person=guterres)
    MentionFactory(article=story_about(blinken, "Draft", status="draft"), person=guterres)

    alongside = client.get(blinken.get_absolute_url()).context["alongside"]

    assert [(p.name, p.shared) for p in alongside] == [
        ("Benjamin Netanyahu", 3),
        ("António Guterres", 1),
    ]


def test_offers_a_feed_of_their_published_stories(client, blinken):
    story_about(blinken, "Older talks", hours_ago=5)
    story_about(blinken, "Newer talks", hours_ago=1)
    story_about(blinken, "Embargoed", status="published",
                published_at=timezone.now() + timedelta(days=1))  # fmt: skip
    feed_url = reverse("people:person-feed", args=[blinken.slug])

    html = page(client, blinken)
    response = client.get(feed_url)

    assert re.search(
        rf'<link rel="alternate" type="application/rss\+xml"[^>]+href="{feed_url}"', html
    )
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Newsroom: stories mentioning Antony Blinken"
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Newer talks",
        "Older talks",
    ]


def test_a_merged_persons_page_and_feed_redirect_for_good(client, blinken):
    old = PersonFactory(name="Anthony Blinken", slug="anthony-blinken")
    story_about(old, "Old spelling")

    people_merge(survivor=blinken, merged=old)

    response = client.get("/people/anthony-blinken/")
    assert response.status_code == 301
    assert response["Location"] == blinken.get_absolute_url()
    feed = client.get("/people/anthony-blinken/feed/")
    assert (feed.status_code, feed["Location"]) == (301, "/people/antony-blinken/feed/")
    assert [a.headline for a in client.get(response["Location"]).context["articles"]] == [
        "Old spelling"
    ]


def test_an_unknown_person_and_their_feed_are_not_found(client):
    assert client.get("/people/nobody/").status_code == 404
    assert client.get("/people/nobody/feed/").status_code == 404


def test_page_queries_do_not_grow_with_stories_quotes_or_company(
    client, blinken, django_assert_max_num_queries
):
    OfficeFactory(person=blinken)
    SameAsFactory(person=blinken)
    for n in range(15):
        article = story_about(blinken, f"Talks {n}")
        QuoteFactory(article=article, person=blinken)
        MentionFactory(article=article)

    page(client, blinken)  # warm the section menu cache

    # Person, offices, links, count, page, bylines, quotes, company.
    with django_assert_max_num_queries(8):
        page(client, blinken)
