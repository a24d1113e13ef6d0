"""A scheduled story goes live by the clock alone: no command, no worker, on every page."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, Correction
from articles.related import related_lists_rebuild
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    MentionFactory,
    OutletFactory,
    PersonFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

AT = datetime(2025, 6, 1, 6, 0, tzinfo=UTC)
HEADLINE = "Embargoed harbour budget revealed"


@pytest.fixture
def scheduled():
    """A scheduled story, and a live one that shares its tag and person (for related)."""
    with time_machine.travel(AT - timedelta(hours=1), tick=False):
        outlet = OutletFactory(slug="gazette")
        section = SectionFactory(slug="harbour")
        person = PersonFactory(slug="lena-dahl")
        article = ArticleFactory(
            headline=HEADLINE,
            slug="embargoed",
            section=section,
            status=Article.Status.SCHEDULED,
            published_at=AT,
            tags=["budget"],
        )
        BylineFactory(article=article, contributor=ContributorFactory(slug="rhea", outlet=outlet))
        MentionFactory(article=article, person=person)
        Correction.objects.create(article=article, text="An earlier schedule was wrong.")
        live = ArticleFactory(published=True, slug="live", tags=["budget"])
        MentionFactory(article=live, person=person)
        # What publishing and scheduling through the services keep up to date.
        related_lists_rebuild(articles=[live])
    return article


SURFACES = {
    "home": reverse("articles:home"),
    "article": "/stories/embargoed/",
    "section": reverse("articles:section", args=["harbour"]),
    "tag": reverse("articles:tag", args=["budget"]),
    "contributor": reverse("people:contributor", args=["rhea"]),
    "person": reverse("people:person", args=["lena-dahl"]),
    "outlet": reverse("people:outlet", args=["gazette"]),
    "related block": "/stories/live/",
    "corrections": reverse("articles:corrections"),
}


def shows_story(client, url: str) -> bool:
    response = client.get(url)
    if url == SURFACES["article"] and response.status_code == 404:
        return False
    assert response.status_code == 200
    return HEADLINE in response.content.decode()


@pytest.mark.parametrize("surface", SURFACES)
def test_scheduled_story_is_hidden_a_second_before_and_shown_a_second_after(
    client, scheduled, surface
):
    url = SURFACES[surface]

    with time_machine.travel(AT - timedelta(seconds=1), tick=False):
        before = shows_story(client, url)
    with time_machine.travel(AT + timedelta(seconds=1), tick=False):
        after = shows_story(client, url)

    assert (before, after) == (False, True)
    assert Article.objects.get(pk=scheduled.pk).status == Article.Status.SCHEDULED  # no job ran
