import pytest
from django.urls import reverse

from articles.models import Byline
from tests.admin_forms import inline_management_forms
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    ImageFactory,
    MentionFactory,
    OutletFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def changelist(model_name: str) -> str:
    return reverse(f"admin:people_{model_name}_changelist")


# Outlets.


def test_outlet_changelist_counts_contributors(admin_client):
    outlet = OutletFactory()
    ContributorFactory.create_batch(2, outlet=outlet)

    response = admin_client.get(changelist("outlet"))

    row = response.context["cl"].result_list[0]
    assert row.contributor_count == 2
    assert f"?outlet__id__exact={outlet.pk}" in response.content.decode()


def test_outlet_role_filter_finds_photo_agencies(admin_client):
    agency = ImageFactory().agency
    ContributorFactory()  # brings an outlet with a contributor but no photos

    response = admin_client.get(changelist("outlet"), {"role": "photos"})

    assert list(response.context["cl"].result_list) == [agency]


def test_outlet_role_filter_finds_syndication_sources(admin_client):
    source = OutletFactory()
    ArticleFactory(source_outlet=source)
    OutletFactory()

    response = admin_client.get(changelist("outlet"), {"role": "syndication"})

    assert list(response.context["cl"].result_list) == [source]


# Contributors.


def test_contributor_story_count_counts_each_story_once(admin_client):
    contributor = ContributorFactory()
    story = ArticleFactory()
    BylineFactory(article=story, contributor=contributor, role=Byline.Role.WRITER)
    BylineFactory(article=story, contributor=contributor, role=Byline.Role.PHOTOGRAPHER)
    BylineFactory(contributor=contributor)

    response = admin_client.get(changelist("contributor"))

    assert response.context["cl"].result_list[0].story_count == 2
    assert f"?contributor={contributor.pk}" in response.content.decode()


def test_contributor_filter_separates_those_with_accounts(admin_client):
    staffer = ContributorFactory(user=UserFactory())
    freelancer = ContributorFactory()

    with_account = admin_client.get(changelist("contributor"), {"has_account": "yes"})
    without = admin_client.get(changelist("contributor"), {"has_account": "no"})

    assert list(with_account.context["cl"].result_list) == [staffer]
    assert list(without.context["cl"].result_list) == [freelancer]


def test_contributor_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries
):
    for _ in range(10):
        BylineFactory(contributor=ContributorFactory(user=UserFactory()))

    # Session, user, outlet filter, two counts, rows.
    with django_assert_max_num_queries(6):
        admin_client.get(changelist("contributor"))


# People.


def test_person_search_finds_aliases(admin_client):
    person = PersonFactory(name="Antony Blinken")
    AliasFactory(person=person, name="Blinkin")
    PersonFactory(name="Marten Oakes")

    response = admin_client.get(changelist("person"), {"q": "blinkin"})

    assert list(response.context["cl"].result_list) == [person]


def test_person_mention_count_is_not_multiplied_by_alias_search(admin_client):
    person = PersonFactory(name="Antony Blinken")
    AliasFactory(person=person, name="Blinken")
    AliasFactory(person=person, name="A. Blinken")
    MentionFactory.create_batch(3, person=person)

    response = admin_client.get(changelist("person"), {"q": "blinken"})

    assert [p.mention_count for p in response.context["cl"].result_list] == [3]
    assert f"?person={person.pk}" in response.content.decode()


def test_person_changelist_links_wikidata(admin_client):
    PersonFactory(wikidata_id="Q7821")

    response = admin_client.get(changelist("person"))

    assert 'href="https://www.wikidata.org/wiki/Q7821"' in response.content.decode()


def test_person_change_form_saves_aliases(admin_client):
    person = PersonFactory(name="Antony Blinken", slug="antony-blinken")
    data = {
        "name": person.name,
        "slug": person.slug,
        "office": "",
        "description": "",
        "wikidata_id": "",
        **inline_management_forms("aliases", "offices", "same_as"),
        "aliases-TOTAL_FORMS": "1",
        "aliases-0-name": "Blinkin",
    }

    response = admin_client.post(reverse("admin:people_person_change", args=[person.pk]), data)

    assert response.status_code == 302
    assert [a.name for a in person.aliases.all()] == ["Blinkin"]
