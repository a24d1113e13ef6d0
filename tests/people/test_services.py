from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Mention, MentionSuppression
from people.analysis import article_analyse, articles_analyse
from people.models import Alias, AmbiguousMention, Person, PersonProposal, PersonRedirect, Quote
from people.services import (
    mentions_edit,
    people_merge,
    proposal_confirm,
    proposal_reject,
    quote_attribute,
)
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    MentionFactory,
    OfficeFactory,
    PersonFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


def story(*paragraphs: str, **kwargs):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return ArticleFactory(headline="Ferry talks end", dek="", body=body, **kwargs)


def marchetti(**kwargs) -> Person:
    person = PersonFactory(name="Odile Marchetti", slug="odile-marchetti", **kwargs)
    AliasFactory(person=person, name="Marchetti")
    return person


def mentioned(article) -> list[tuple[str, str]]:
    return sorted(article.mentions.values_list("person__name", "origin"))


# Reading a story.


def test_analysis_links_registered_people_and_stores_their_quotes():
    person = marchetti(office="Veltrian Transport Minister")
    article = story("“The night boat stays,” Marchetti said.")

    found = article_analyse(article=article)

    assert mentioned(article) == [("Odile Marchetti", "detected")]
    (quote,) = article.quotes.all()
    assert (quote.text, quote.person, quote.paragraph) == ("The night boat stays", person, 1)
    assert quote.speaker_office == "Veltrian Transport Minister"
    assert (found.quotes, found.unattributed) == (1, 0)


def test_analysis_registers_someone_named_after_an_office_with_that_office():
    article = story("Veltrian Transport Minister Odile Marchetti opened the pier.")

    found = article_analyse(article=article)

    person = Person.objects.get()
    assert found.registered == [person]
    assert (person.name, person.office) == ("Odile Marchetti", "Veltrian Transport Minister")
    assert [str(office) for office in person.offices.all()] == ["Veltrian Transport Minister"]
    assert list(person.aliases.values_list("name", flat=True)) == ["Marchetti"]
    assert mentioned(article) == [("Odile Marchetti", "detected")]


def test_titled_people_wait_as_proposals_when_registration_is_off(settings):
    settings.NEWSROOM_REGISTER_TITLED_PEOPLE = False
    article = story("Veltrian Transport Minister Odile Marchetti opened the pier.")

    article_analyse(article=article)

    assert not Person.objects.exists()
    proposal = PersonProposal.objects.get()
    assert (proposal.name, proposal.office) == ("Odile Marchetti", "Veltrian Transport Minister")


def test_analysis_proposes_someone_quoted_by_name_and_leaves_their_quote_for_later():
    article = story("“I never missed a lighting,” said Greta Holm, the keeper.")

    found = article_analyse(article=article)

    proposal = PersonProposal.objects.get()
    assert (proposal.name, proposal.status) == ("Greta Holm", PersonProposal.Status.PENDING)
    assert list(proposal.articles.all()) == [article]
    assert "said Greta Holm" in proposal.evidence
    assert found.proposed == ["Greta Holm"]
    quote = article.quotes.get()
    assert (quote.person, quote.attribution) == (None, Quote.Attribution.UNCLEAR)
    assert quote.speaker_text == "Greta Holm"


@pytest.fixture
def two_lees() -> tuple[Person, Person]:
    """Two registered people who are both "Lee" for short."""
    ann, tom = PersonFactory(name="Ann Lee"), PersonFactory(name="Tom Lee")
    AliasFactory(person=ann, name="Lee")
    AliasFactory(person=tom, name="Lee")
    return ann, tom


def test_analysis_flags_an_alias_shared_by_two_people(two_lees):
    ann, tom = two_lees
    article = story("“The boat stays,” Lee said.")

    article_analyse(article=article)

    flagged = AmbiguousMention.objects.get()
    assert (flagged.article, flagged.name) == (article, "Lee")
    assert set(flagged.candidates.all()) == {ann, tom}
    assert not article.mentions.exists()
    assert article.quotes.get().person is None


def test_an_editor_naming_one_of_them_resolves_the_shared_alias(two_lees):
    _, tom = two_lees
    article = story("“The boat stays,” Lee said.")
    article_analyse(article=article)

    mentions_edit(article=article, added=[tom])
    article_analyse(article=article)

    assert not AmbiguousMention.objects.exists()
    assert article.quotes.get().person == tom


def test_analysing_twice_changes_nothing():
    marchetti()
    article = story("Veltrian Transport Minister Odile Marchetti spoke.", "“Yes,” Holm Berg said.")
    article_analyse(article=article)
    before = (Mention.objects.count(), Quote.objects.count(), PersonProposal.objects.count())

    article_analyse(article=article)

    assert (Mention.objects.count(), Quote.objects.count(), PersonProposal.objects.count()) == (
        before
    )


def test_a_name_edited_out_of_the_story_loses_its_detected_mention_and_proposal():
    marchetti()
    article = story("“The boat stays,” Marchetti said. “Yes,” said Greta Holm.")
    article_analyse(article=article)

    article.body = "<p>The council met.</p>"
    article.save()
    article_analyse(article=article)

    assert not article.mentions.exists()
    assert not article.quotes.exists()
    assert not PersonProposal.objects.exists()


# Editors' choices win on every later save.


def test_a_person_an_editor_added_stays_though_the_text_never_names_them():
    person = PersonFactory(name="Piet Moreau")
    article = story("The council met.")
    mentions_edit(article=article, added=[person])

    article_analyse(article=article)
    article_analyse(article=article)

    assert mentioned(article) == [("Piet Moreau", "manual")]


def test_a_person_an_editor_removed_is_never_detected_back():
    person = marchetti()
    article = story("“The boat stays,” Marchetti said.")
    article_analyse(article=article)

    mentions_edit(article=article, removed=[person])
    article_analyse(article=article)
    article_analyse(article=article)

    assert mentioned(article) == []
    assert MentionSuppression.objects.filter(article=article, person=person).exists()


def test_adding_back_a_removed_person_lifts_the_removal():
    person = marchetti()
    article = story("“The boat stays,” Marchetti said.")
    mentions_edit(article=article, removed=[person])

    mentions_edit(article=article, added=[person])
    article_analyse(article=article)

    assert mentioned(article) == [("Odile Marchetti", "manual")]
    assert not MentionSuppression.objects.exists()


def test_an_editors_attribution_survives_the_next_save():
    renner = PersonFactory(name="Tobias Renner")
    article = story("“It is a good day for the union,” a dock worker said.")
    article_analyse(article=article)
    quote = article.quotes.get()

    quote_attribute(quote=quote, person=renner)
    article_analyse(article=article)

    quote = article.quotes.get()
    assert (quote.person, quote.attribution) == (renner, Quote.Attribution.EDITOR)


def test_a_quote_moved_by_an_edit_keeps_its_record_and_its_editors_speaker():
    renner = PersonFactory(name="Tobias Renner")
    article = story("“It is a good day for the union,” a dock worker said.")
    article_analyse(article=article)
    quote = quote_attribute(quote=article.quotes.get(), person=renner)

    article.body = "<p>The council met.</p>" + article.body
    article_analyse(article=article)

    moved = article.quotes.get()
    assert (moved.pk, moved.paragraph) == (quote.pk, 2)
    assert (moved.person, moved.attribution) == (renner, Quote.Attribution.EDITOR)


def test_reading_an_unchanged_story_again_writes_no_quotes():
    marchetti()
    article = story("“The boat stays,” Marchetti said. “Yes,” said Greta Holm.")
    article_analyse(article=article)

    with CaptureQueriesContext(connection) as queries:
        article_analyse(article=article)

    table = Quote._meta.db_table
    writes = [q["sql"] for q in queries if table in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == []
    assert article.quotes.count() == 2


# Offices at the time.


def test_a_quote_keeps_the_office_its_speaker_held_when_the_story_ran():
    person = marchetti(office="Veltrian Foreign Minister")
    OfficeFactory(
        person=person,
        title="Veltrian Transport Minister",
        started_on=date(2019, 1, 1),
        ended_on=date(2023, 6, 30),
    )
    OfficeFactory(person=person, title="Veltrian Foreign Minister", started_on=date(2023, 7, 1))
    then = story(
        "“The boat stays,” Marchetti said.",
        status="published",
        published_at=datetime(2022, 3, 1, tzinfo=UTC),
    )
    now = story("“The boat stays,” Marchetti said.")

    article_analyse(article=then)
    article_analyse(article=now)

    assert then.quotes.get().speaker_office == "Veltrian Transport Minister"
    assert now.quotes.get().speaker_office == "Veltrian Foreign Minister"


# Proposals.


def test_confirming_a_proposal_registers_the_person_links_the_story_and_credits_the_quote():
    article = story("“I never missed a lighting,” said Greta Holm, the keeper.")
    article_analyse(article=article)

    person = proposal_confirm(proposal=PersonProposal.objects.get())

    assert person.name == "Greta Holm"
    assert list(person.aliases.values_list("name", flat=True)) == ["Holm"]
    assert mentioned(article) == [("Greta Holm", "detected")]
    assert article.quotes.get().person == person
    assert PersonProposal.objects.get().status == PersonProposal.Status.CONFIRMED


def test_a_rejected_name_is_never_proposed_again():
    first = story("“No,” said Greta Holm.")
    article_analyse(article=first)
    proposal_reject(proposal=PersonProposal.objects.get())

    article_analyse(article=story("“Yes,” said GRETA HOLM."))
    article_analyse(article=first)

    proposal = PersonProposal.objects.get()
    assert proposal.status == PersonProposal.Status.REJECTED
    assert not Person.objects.exists()


def test_a_rejected_name_is_not_registered_from_a_title_either():
    article_analyse(article=story("Mayor Greta Holm opened the pier."))
    Person.objects.all().delete()
    PersonProposal.objects.create(
        name="Greta Holm", normalised_name="greta holm", status=PersonProposal.Status.REJECTED
    )

    article_analyse(article=story("Mayor Greta Holm opened the pier."))

    assert not Person.objects.exists()


# Merging.


def test_merge_moves_mentions_and_quotes_and_keeps_the_old_name_as_an_alias():
    survivor = PersonFactory(name="Antony Blinken", slug="antony-blinken")
    merged = PersonFactory(name="Anthony Blinken", slug="anthony-blinken")
    AliasFactory(person=merged, name="Tony Blinken")
    detected = Mention.Origin.DETECTED
    both = MentionFactory(person=survivor, origin=detected).article
    MentionFactory(article=both, person=merged, origin=Mention.Origin.MANUAL)
    only_merged = MentionFactory(person=merged, origin=detected).article
    quotes = QuoteFactory.create_batch(2, person=merged)
    QuoteFactory(person=survivor)
    OfficeFactory(person=merged, title="US Secretary of State")

    result = people_merge(survivor=survivor, merged=merged)

    assert not Person.objects.filter(pk=merged.pk).exists()
    assert sorted(survivor.mentions.values_list("article", "origin")) == sorted(
        [(both.pk, "manual"), (only_merged.pk, "detected")]
    )
    assert set(survivor.quotes.all()) >= set(quotes)
    assert survivor.quotes.count() == 3
    assert set(Alias.objects.filter(person=survivor).values_list("name", flat=True)) == {
        "Anthony Blinken",
        "Tony Blinken",
    }
    assert list(survivor.offices.values_list("title", flat=True)) == ["US Secretary of State"]
    assert PersonRedirect.objects.get(old_slug="anthony-blinken").person == survivor
    assert (result.mentions, result.quotes) == (1, 2)


def test_merge_fills_the_survivors_blanks_but_keeps_what_they_have():
    survivor = PersonFactory(name="Antony Blinken", office="US Secretary of State")
    merged = PersonFactory(name="A. Blinken", office="Diplomat", wikidata_id="Q7821")

    people_merge(survivor=survivor, merged=merged)

    survivor.refresh_from_db()
    assert (survivor.office, survivor.wikidata_id) == ("US Secretary of State", "Q7821")


def test_a_second_merge_keeps_the_first_redirect_pointing_at_the_final_person():
    first = PersonFactory(slug="a-blinken")
    second = PersonFactory(slug="anthony-blinken")
    final = PersonFactory(slug="antony-blinken")

    people_merge(survivor=second, merged=first)
    people_merge(survivor=final, merged=second)

    assert {r.old_slug: r.person for r in PersonRedirect.objects.all()} == {
        "a-blinken": final,
        "anthony-blinken": final,
    }


def test_a_person_cannot_be_merged_into_themselves():
    person = PersonFactory()

    with pytest.raises(ValueError):
        people_merge(survivor=person, merged=person)


def test_analyse_command_reads_every_story_again():
    article = story("“The boat stays,” Marchetti said.")
    marchetti()
    out = StringIO()

    call_command("analyse_stories", stdout=out)

    assert mentioned(article) == [("Odile Marchetti", "detected")]
    assert "Read 1 story; 1 quotes on record." in out.getvalue()


# Batches, as imports read them.


def test_a_batch_registers_someone_two_stories_name_once():
    stories = [story("Mayor Tobias Renner opened the pier."), story("Mayor Tobias Renner left.")]

    articles_analyse(articles=stories)

    renner = Person.objects.get()
    assert [mentioned(article) for article in stories] == [[("Tobias Renner", "detected")]] * 2
    assert renner.aliases.count() == 1


@pytest.mark.parametrize("count", [1, 20])
def test_reading_a_batch_takes_the_same_queries_however_many_stories(
    count, django_assert_max_num_queries
):
    marchetti(office="Veltrian Transport Minister")
    stories = [
        story(f"“The boat stays,” Marchetti said. “Yes,” said Greta Holm {n}.")
        for n in range(count)
    ]
    articles_analyse(articles=stories[:1])  # loads the registry into the matcher

    with django_assert_max_num_queries(20):
        articles_analyse(articles=stories)

    assert Quote.objects.filter(person__name="Odile Marchetti").count() == count


def test_reading_a_batch_leaves_the_stories_between_its_stories_alone():
    marchetti()
    first, between, last = (story("“The boat stays,” Marchetti said.") for _ in range(3))
    article_analyse(article=between)
    between.body = "<p>The council met.</p>"  # edited, not read again yet

    articles_analyse(articles=[first, last])

    assert [mentioned(article) for article in (first, between, last)] == [
        [("Odile Marchetti", "detected")]
    ] * 3
    assert [article.quotes.count() for article in (first, between, last)] == [1, 1, 1]


def test_someone_one_story_of_a_batch_registers_is_found_in_the_others():
    later = story("Tobias Renner walked the pier. “It holds,” Renner said.")
    titled = story("Mayor Tobias Renner opened the pier.")

    articles_analyse(articles=[later, titled])

    assert mentioned(later) == [("Tobias Renner", "detected")]
    assert later.quotes.get().person.name == "Tobias Renner"
