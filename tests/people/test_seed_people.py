"""The issue's acceptance check on the shared seed story: who it names and who said what."""

from datetime import date
from pathlib import Path

import pytest

from articles.importers.runner import import_paths
from articles.importers.store import StoryOptions
from articles.models import Article
from people.analysis import article_analyse
from people.models import Person, Quote
from tests.factories import AliasFactory, OfficeFactory, PersonFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "seed-story.txt"


@pytest.fixture
def import_seed():
    if not SEED.exists():
        pytest.skip(f"the shared seed story is not here: {SEED}")

    def run() -> Article:
        report = import_paths(paths=[SEED], options=StoryOptions(publish=True))
        assert report.counts()["failed"] == 0
        return Article.objects.get()

    return run


def test_seed_links_blinken_as_secretary_of_state_and_netanyahu(import_seed):
    article = import_seed()

    people = {person.name: person.office for person in article.people.all()}
    assert people == {
        "Antony Blinken": "US Secretary of State",
        "Benjamin Netanyahu": "Israeli Prime Minister",
    }


def test_every_full_quotation_in_the_seed_is_blinkens(import_seed):
    article = import_seed()

    quotes = list(article.quotes.select_related("person"))
    blinken = Person.objects.get(name="Antony Blinken")
    assert len(quotes) == 5
    assert {quote.person for quote in quotes} == {blinken}
    assert {quote.speaker_office for quote in quotes} == {"US Secretary of State"}
    how = {quote.text.split()[0]: quote.attribution for quote in quotes}
    assert how["Hamas,"] == Quote.Attribution.NAMED  # Blinken said, “…”
    assert how["Why"] == Quote.Attribution.PRONOUN  # He added, “…”
    assert how["Whenever"] == Quote.Attribution.CONTINUED  # after "Blinken described how…"
    # The outgoing Secretary of State said it was “astounding”: a word, not a quotation.
    assert all(len(quote.text.split()) > 1 for quote in quotes)


def test_seed_links_a_registered_blinken_with_his_office_then(import_seed):
    blinken = PersonFactory(name="Antony Blinken", office="Former US Secretary of State")
    AliasFactory(person=blinken, name="Blinken")
    OfficeFactory(
        person=blinken,
        title="US Secretary of State",
        started_on=date(2021, 1, 26),
        ended_on=date(2025, 1, 20),
    )

    import_seed()
    # The import has no date of its own: give it the one the seed story ran on.
    article = Article.objects.get()
    article.published_at = article.published_at.replace(year=2025, month=1, day=17)
    article.save()
    article_analyse(article=article)

    assert Person.objects.filter(name="Antony Blinken").count() == 1
    assert set(article.quotes.values_list("person", flat=True)) == {blinken.pk}
    assert set(article.quotes.values_list("speaker_office", flat=True)) == {"US Secretary of State"}


def test_seed_imported_twice_keeps_one_set_of_quotes(import_seed):
    import_seed()
    import_seed()

    assert Quote.objects.count() == 5
    assert Person.objects.count() == 2
