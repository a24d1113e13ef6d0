import pytest
from django.urls import reverse

from articles.models import Byline
from people.analysis import article_analyse
from people.models import Person, PersonProposal, Quote
from tests.articles.admin_forms import empty_inlines
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    ImageFactory,
    MentionFactory,
    OutletFactory,
    PersonFactory,
    QuoteFactory,
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
        **empty_inlines("aliases", "offices", "same_as"),
        "aliases-TOTAL_FORMS": "1",
        "aliases-0-name": "Blinkin",
    }

    response = admin_client.post(reverse("admin:people_person_change", args=[person.pk]), data)

    assert response.status_code == 302
    assert [a.name for a in person.aliases.all()] == ["Blinkin"]


# The people graph: merges, proposals, quotes.


def test_merge_action_asks_who_stays_then_merges_and_redirects(admin_client):
    survivor = PersonFactory(name="Antony Blinken", slug="antony-blinken")
    merged = PersonFactory(name="Anthony Blinken", slug="anthony-blinken")
    MentionFactory(person=merged)
    QuoteFactory(person=merged)
    selected = {"action": "merge_people", "_selected_action": [survivor.pk, merged.pk]}

    asked = admin_client.post(changelist("person"), selected)
    assert asked.status_code == 200
    assert "Choose who stays" in asked.content.decode()
    assert Person.objects.filter(pk=merged.pk).exists()  # nothing happens before the choice

    done = admin_client.post(changelist("person"), {**selected, "survivor": survivor.pk})

    assert done.status_code == 302
    assert not Person.objects.filter(pk=merged.pk).exists()
    assert (survivor.mentions.count(), survivor.quotes.count()) == (1, 1)
    assert admin_client.get("/people/anthony-blinken/").status_code == 301


def test_merge_action_needs_exactly_two_people(admin_client):
    people = PersonFactory.create_batch(3)

    response = admin_client.post(
        changelist("person"),
        {"action": "merge_people", "_selected_action": [p.pk for p in people]},
        follow=True,
    )

    assert "Choose exactly two people to merge." in response.content.decode()
    assert Person.objects.count() == 3


def test_person_changelist_links_their_quotes(admin_client):
    person = PersonFactory()
    QuoteFactory.create_batch(2, person=person)

    response = admin_client.get(changelist("person"))
    quotes = admin_client.get(changelist("quote"), {"person__id__exact": person.pk})

    assert response.context["cl"].result_list[0].quote_count == 2
    assert f"?person__id__exact={person.pk}" in response.content.decode()
    assert quotes.context["cl"].result_count == 2


def test_proposals_are_confirmed_or_rejected_from_the_list(admin_client):
    article = ArticleFactory(body="<p>“No,” said Greta Holm. “Yes,” said Piet Moreau.</p>")
    article_analyse(article=article)
    holm = PersonProposal.objects.get(name="Greta Holm")
    moreau = PersonProposal.objects.get(name="Piet Moreau")

    admin_client.post(
        changelist("personproposal"),
        {"action": "confirm_proposals", "_selected_action": [holm.pk]},
    )
    admin_client.post(
        changelist("personproposal"),
        {"action": "reject_proposals", "_selected_action": [moreau.pk]},
    )

    assert list(Person.objects.values_list("name", flat=True)) == ["Greta Holm"]
    assert list(article.people.values_list("name", flat=True)) == ["Greta Holm"]
    assert article.quotes.get(text="No").person.name == "Greta Holm"
    moreau.refresh_from_db()
    assert moreau.status == PersonProposal.Status.REJECTED


def test_quotes_needing_attribution_are_listed_and_attributed_in_place(admin_client):
    article = ArticleFactory(body="<p>“It is a good day for the union,” a dock worker said.</p>")
    article_analyse(article=article)
    QuoteFactory()  # someone else's, already attributed
    quote = article.quotes.get()
    speaker = PersonFactory(name="Mara Quill")

    listed = admin_client.get(changelist("quote"), {"speaker": "unknown"})
    saved = admin_client.post(
        changelist("quote") + "?speaker=unknown",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": quote.pk,
            "form-0-person": speaker.pk,
            "_save": "Save",
        },
    )

    assert list(listed.context["cl"].result_list) == [quote]
    assert saved.status_code == 302
    quote.refresh_from_db()
    assert (quote.person, quote.attribution) == (speaker, Quote.Attribution.EDITOR)
    article_analyse(article=article)
    assert article.quotes.get().person == speaker


def test_ambiguous_names_are_listed_with_who_they_could_be(admin_client):
    for name in ("Ann Lee", "Tom Lee"):
        AliasFactory(person=PersonFactory(name=name), name="Lee")
    article_analyse(article=ArticleFactory(body="<p>Lee declined to comment.</p>"))

    html = admin_client.get(changelist("ambiguousmention")).content.decode()

    assert "Ann Lee, Tom Lee" in html
