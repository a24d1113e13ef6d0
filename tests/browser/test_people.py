"""A reader follows a person from a story to what they said; an editor confirms a proposal."""

import pytest
from playwright.sync_api import expect

from articles.services import articles_publish
from people.analysis import article_analyse
from people.models import Person
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BODY = (
    "<p>Veltrian Transport Minister Odile Marchetti opened the pier on Tuesday.</p>"
    "<p>“The night boat is how nurses get to their shifts,” Marchetti said.</p>"
    "<p>“We set our clocks by it,” said Greta Holm, the lighthouse keeper.</p>"
)


@pytest.fixture
def story():
    article = ArticleFactory(headline="Night ferry saved", body=BODY)
    article_analyse(article=article)
    articles_publish(articles=[article])
    return article


def test_reader_follows_a_minister_to_what_she_said(page, story):
    page.goto(story.get_absolute_url())
    page.get_by_role("link", name="Odile Marchetti").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Odile Marchetti"
    quotes = page.get_by_role("region", name="What Odile Marchetti said")
    assert "The night boat is how nurses get to their shifts" in quotes.inner_text()
    assert "Veltrian Transport Minister, in" in quotes.inner_text()
    quotes.get_by_role("link", name="Night ferry saved").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Night ferry saved"


def test_editor_registers_a_proposed_person_and_their_quote_is_credited(page, story):
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()

    page.goto("/admin/people/personproposal/")
    page.get_by_role("row", name="Greta Holm").get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(label="Register the selected people")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".messagelist")).to_contain_text("1 person registered.")
    holm = Person.objects.get(name="Greta Holm")
    assert story.quotes.get(text="We set our clocks by it").person == holm
    page.goto(story.get_absolute_url())
    assert page.get_by_role("link", name="Greta Holm").is_visible()
