"""Readers see corrections on the story and on one page listing them all."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CORRECTIONS = reverse("articles:corrections")


def correct(article, text, *, kind=Correction.Kind.CORRECTION, hours_ago=0):
    return Correction.objects.create(
        article=article,
        kind=kind,
        text=text,
        appended_at=timezone.now() - timedelta(hours=hours_ago),
    )


def test_story_shows_its_corrections_oldest_first_with_kind_and_date(client):
    article = ArticleFactory(published=True)
    first = correct(article, "The vote was 7-2, not 6-3.", hours_ago=2)
    correct(article, "Adds the mayor's response.", kind=Correction.Kind.UPDATE)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Corrections and updates" in html
    assert html.index("The vote was 7-2") < html.index("the mayor&#x27;s response")
    stamp = first.appended_at.isoformat(timespec="seconds")
    assert f'<strong>Correction</strong>, <time datetime="{stamp}"' in html
    assert "<strong>Update</strong>" in html


def test_correction_text_is_shown_as_plain_text(client):
    article = ArticleFactory(published=True)
    correct(article, "<script>alert(1)</script> was wrong")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; was wrong" in html


def test_corrections_page_lists_all_newest_first(client):
    old = correct(ArticleFactory(published=True, headline="Ferry"), "Older note", hours_ago=5)
    new = correct(ArticleFactory(published=True, headline="Budget"), "Newer note", hours_ago=1)

    response = client.get(CORRECTIONS)

    assert list(response.context["corrections"]) == [new, old]
    assert '<a href="/stories/' in response.content.decode()


def test_corrections_page_leaves_out_stories_readers_cannot_see(client):
    correct(ArticleFactory(status="unpublished", published_at=timezone.now()), "Pulled story")
    correct(ArticleFactory(), "Draft story")

    html = client.get(CORRECTIONS).content.decode()

    assert "Pulled story" not in html and "Draft story" not in html
    assert "No corrections so far." in html


def test_corrections_page_paginates_in_constant_queries(
    client, settings, django_assert_max_num_queries
):
    for n in range(settings.PAGE_SIZE + 3):
        correct(ArticleFactory(published=True), f"Note {n}", hours_ago=n)
    client.get(CORRECTIONS)  # warm the section menu cache

    with django_assert_max_num_queries(2):
        first = client.get(CORRECTIONS)
    second = client.get(CORRECTIONS, {"page": 2})

    assert len(first.context["corrections"]) == settings.PAGE_SIZE
    assert len(second.context["corrections"]) == 3
