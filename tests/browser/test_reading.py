"""A reader finds a story on the home page, reads it, and follows it to a person's page."""

import pytest

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
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    gazette = OutletFactory(name="Harbour Gazette")
    article = ArticleFactory(
        published=True,
        headline="Night ferry saved after council vote",
        dek="Councillors voted 7-2 to keep the service running through winter.",
        body="<p>The council met on Tuesday.</p><p>“We listened,” the mayor said.</p>",
        lead_image=ImageFactory(
            caption="The night ferry leaves the north pier.",
            photographer=ContributorFactory(name="Ivo Brandt"),
            agency=OutletFactory(name="Coastline Photo Agency"),
        ),
        tags=["ferries"],
    )
    BylineFactory(
        article=article, contributor=ContributorFactory(name="Rhea Marlow", outlet=gazette)
    )
    MentionFactory(article=article, person=PersonFactory(name="Lena Dahl", office="Mayor"))
    ArticleFactory(published=True, headline="Ferry fares to rise in spring", tags=["ferries"])
    ArticleFactory(headline="Unpublished draft about ferries", tags=["ferries"])
    related_lists_rebuild(articles=Article.objects.all())
    return article


def test_reader_opens_a_story_from_the_home_page_and_follows_a_person(page, story):
    page.goto("/")
    page.get_by_role("link", name=story.headline).click()

    assert page.get_by_role("heading", level=1).inner_text() == story.headline
    assert "By Rhea Marlow, Harbour Gazette" in page.locator(".story-header .meta").inner_text()
    caption = page.locator("figure figcaption").inner_text()
    assert "The night ferry leaves the north pier." in caption
    assert "Photo: Ivo Brandt / Coastline Photo Agency" in caption
    related = page.get_by_role("complementary", name="Related")
    assert related.get_by_role("link", name="Ferry fares to rise in spring").is_visible()
    assert "Unpublished draft" not in page.content()

    page.get_by_role("link", name="Lena Dahl").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Lena Dahl"
    assert page.get_by_role("link", name=story.headline).is_visible()


def test_story_fits_a_phone_screen_without_sideways_scrolling(phone_page, story):
    phone_page.goto(story.get_absolute_url())

    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= 375
    assert phone_page.get_by_role("heading", level=1).is_visible()
