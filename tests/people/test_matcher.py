import pytest

from people.matcher import Kind, Matcher, matcher_invalidate, people_matcher
from people.models import Alias, Person
from tests.factories import AliasFactory, PersonFactory


def matcher(**forms: set[int]) -> Matcher:
    names = {pk: form for form, ids in forms.items() for pk in ids if " " in form}
    return Matcher(forms=forms, names=names, offices={})


def names_found(found: Matcher, text: str) -> list[str]:
    return [hit.form for hit in found.scan(text) if hit.kind is Kind.NAME]


def test_finds_every_registered_form_in_one_pass():
    found = matcher(**{"Ann Lee": {1}, "Lee": {1}, "Jon Berg": {2}})

    assert names_found(found, "Ann Lee met Jon Berg; Lee left first.") == [
        "Ann Lee",
        "Jon Berg",
        "Lee",
    ]


@pytest.mark.parametrize(
    "text",
    ["Annabel Leeds opened it.", "The Leeward gallery.", "Stanley Leek", "Flee!", "LeeAnn"],
)
def test_never_matches_a_name_inside_another_word(text):
    assert names_found(matcher(**{"Lee": {1}, "Ann": {1}}), text) == []


def test_a_longer_name_failing_its_word_boundary_does_not_hide_a_shorter_one():
    found = matcher(**{"Ann Lee": {1}, "Ann": {2}})

    assert names_found(found, "Ann Leeds and Ann spoke.") == ["Ann", "Ann"]


def test_prefers_the_longest_name_at_a_position():
    found = matcher(**{"Ann Lee": {1}, "Lee": {2}, "Ann": {3}})

    assert names_found(found, "Yesterday Ann Lee arrived.") == ["Ann Lee"]


def test_names_next_to_punctuation_and_possessives_are_found():
    found = matcher(**{"Blinken": {1}})

    text = "“Blinken’s plan” (Blinken) — Blinken, Blinken."
    assert names_found(found, text) == ["Blinken"] * 4


def test_finds_offices_speech_verbs_and_pronouns_with_their_positions():
    text = "Prime Minister Ann Lee said, “No.” He added nothing; the shepherd said so."
    hits = [(hit.kind, hit.form) for hit in matcher(**{"Ann Lee": {1}}).scan(text)]

    assert hits == [
        (Kind.OFFICE, "Prime Minister"),
        (Kind.NAME, "Ann Lee"),
        (Kind.VERB, "said"),
        (Kind.PRONOUN, "He"),
        (Kind.VERB, "added"),
        (Kind.VERB, "said"),
    ]


@pytest.mark.django_db
def test_the_registry_is_loaded_once_and_reused(django_assert_num_queries):
    PersonFactory(name="Odile Marchetti")
    first = people_matcher()

    with django_assert_num_queries(0):
        assert people_matcher() is first


@pytest.mark.django_db
def test_a_new_alias_rebuilds_the_matcher():
    person = PersonFactory(name="Odile Marchetti")
    assert "Marchetti" not in people_matcher().forms

    AliasFactory(person=person, name="Marchetti")

    assert people_matcher().forms["Marchetti"] == {person.pk}


@pytest.mark.django_db
def test_a_renamed_or_deleted_person_leaves_the_matcher():
    person = PersonFactory(name="Odile Marchetti")
    people_matcher()

    person.name = "Odile Marchetti-Berg"
    person.save()
    assert set(people_matcher().forms) == {"Odile Marchetti-Berg"}

    person.delete()
    assert people_matcher().forms == {}


@pytest.mark.django_db
def test_people_added_in_bulk_share_a_name_with_those_already_known():
    ann = PersonFactory(name="Ann Lee")
    AliasFactory(person=ann, name="Lee")
    people_matcher()

    tom = PersonFactory.build(name="Tom Lee", slug="tom-lee")
    Person.objects.bulk_create([tom])  # as an import does: no signals
    Alias.objects.bulk_create([Alias(person=tom, name="Lee")])
    matcher_invalidate()

    forms = people_matcher().forms
    assert forms["Lee"] == {ann.pk, tom.pk}
    assert (forms["Ann Lee"], forms["Tom Lee"]) == ({ann.pk}, {tom.pk})


@pytest.mark.django_db
def test_an_alias_moved_to_someone_else_in_bulk_leaves_its_first_person():
    ann, tom = PersonFactory(name="Ann Lee"), PersonFactory(name="Tom Lee")
    AliasFactory(person=ann, name="Lee")
    people_matcher()

    Alias.objects.filter(person=ann).update(person=tom)
    matcher_invalidate()

    assert people_matcher().forms["Lee"] == {tom.pk}
