import pytest

from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    MentionFactory,
    OutletFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_contributor_page_lists_their_published_stories(client):
    rhea = ContributorFactory(name="Rhea Marlow", bio="Covers the harbour.")
    BylineFactory(contributor=rhea, article=ArticleFactory(published=True, headline="Pier repairs"))
    BylineFactory(contributor=rhea, article=ArticleFactory(headline="Unfinished draft"))
    BylineFactory(article=ArticleFactory(published=True, headline="Someone else's story"))

    response = client.get(rhea.get_absolute_url())

    assert [a.headline for a in response.context["articles"]] == ["Pier repairs"]
    assert "Covers the harbour." in response.content.decode()


def test_contributor_page_lists_a_story_once_when_credited_twice(client):
    rhea = ContributorFactory()
    article = ArticleFactory(published=True)
    BylineFactory(contributor=rhea, article=article, role="writer")
    BylineFactory(contributor=rhea, article=article, role="photographer")

    assert len(client.get(rhea.get_absolute_url()).context["articles"]) == 1


def test_person_page_lists_published_stories_that_mention_them(client):
    lena = PersonFactory(name="Lena Dahl", office="Mayor of Port Aldermere")
    MentionFactory(
        person=lena, article=ArticleFactory(published=True, headline="Mayor opens bridge")
    )
    MentionFactory(person=lena, article=ArticleFactory(scheduled=True, headline="Embargoed budget"))

    response = client.get(lena.get_absolute_url())

    assert [a.headline for a in response.context["articles"]] == ["Mayor opens bridge"]
    assert "Mayor of Port Aldermere" in response.content.decode()


def test_outlet_page_lists_stories_by_its_contributors_and_syndicated_from_it(client):
    outlet = OutletFactory(name="Harbour Gazette")
    BylineFactory(
        contributor=ContributorFactory(outlet=outlet),
        article=ArticleFactory(published=True, headline="Staff story"),
    )
    ArticleFactory(published=True, source_outlet=outlet, headline="Syndicated story")
    ArticleFactory(published=True, headline="Other outlet's story")

    response = client.get(outlet.get_absolute_url())

    assert {a.headline for a in response.context["articles"]} == {"Staff story", "Syndicated story"}


@pytest.mark.parametrize("prefix", ["contributors", "people", "outlets"])
def test_unknown_profile_is_not_found(client, prefix):
    assert client.get(f"/{prefix}/nobody/").status_code == 404


def test_profile_pages_query_count_is_constant(client, django_assert_max_num_queries):
    outlet = OutletFactory()
    rhea = ContributorFactory(outlet=outlet)
    lena = PersonFactory()
    for _ in range(10):
        article = ArticleFactory(published=True)
        BylineFactory(article=article, contributor=rhea)
        BylineFactory(article=article)
        MentionFactory(article=article, person=lena)

    for page in [rhea, outlet]:
        # +1 on a cache miss: the next scheduled go-live, which bounds how long the page is cached.
        with django_assert_max_num_queries(6):
            assert client.get(page.get_absolute_url()).status_code == 200
    # A person's page also shows their offices, links, quotes and who they appear with.
    with django_assert_max_num_queries(8):
        assert client.get(lena.get_absolute_url()).status_code == 200
