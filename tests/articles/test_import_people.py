"""Importing our own fixture stories reads them for people and quotes."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from people.models import Person, PersonProposal, Quote

pytestmark = pytest.mark.django_db

STORIES = Path(__file__).resolve().parents[1] / "data" / "people"


def import_stories() -> None:
    call_command("import_stories", str(STORIES), "--publish", stdout=StringIO())


def test_import_registers_titled_people_and_stores_their_quotes():
    import_stories()

    assert set(Person.objects.values_list("name", "office")) == {
        ("Odile Marchetti", "Veltrian Transport Minister"),
        ("Tobias Renner", "Mayor"),
        ("Piet Moreau", "Chairman"),
    }
    quotes = Quote.objects.select_related("person")
    speakers = [quote.person.name if quote.person else None for quote in quotes]
    assert speakers.count("Odile Marchetti") == 4
    assert speakers.count("Tobias Renner") == 5
    assert speakers.count("Piet Moreau") == 2
    assert speakers.count(None) == 5  # Greta Holm's two, the dock worker's, "she", the skipper


def test_import_proposes_the_unregistered_speaker():
    import_stories()

    proposal = PersonProposal.objects.get()
    assert proposal.name == "Greta Holm"
    assert proposal.office == "trust’s longest-serving keeper"


def test_reimport_changes_no_people_or_quotes():
    import_stories()
    before = (Person.objects.count(), Quote.objects.count(), PersonProposal.objects.count())

    import_stories()

    assert (Person.objects.count(), Quote.objects.count(), PersonProposal.objects.count()) == (
        before
    )


def test_published_imports_get_related_blocks_at_the_end_of_the_run(client):
    # Files import in name order: the follow-up comes after the story that registers
    # Odile Marchetti (a story read before someone is registered is read again by
    # `analyse_stories`).
    import_stories()

    talks = Article.objects.get(headline__startswith="Port Ellis agrees")
    related = client.get(talks.get_absolute_url()).context["related"]
    assert [story.headline for story in related] == ["First night ferry runs under the new rota"]
    assert related[0].related_reason == "Shares Odile Marchetti"
