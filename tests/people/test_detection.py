import pytest

from people.detection import TitledName, detect, detect_people, find_titled_names, surname_of
from people.models import Alias, Person
from tests.factories import AliasFactory, PersonFactory
from tests.people.matchers import registry

pytestmark = pytest.mark.django_db


def names(people) -> list[str]:
    return [person.name for person in people]


def test_links_a_registered_person_by_full_name():
    person = PersonFactory(name="Odile Marchetti")

    assert detect_people(text="The ferry deal pleased Odile Marchetti.") == [person]


def test_links_a_registered_person_by_alias():
    person = PersonFactory(name="Odile Marchetti")
    AliasFactory(person=person, name="Marchetti")

    assert detect_people(text="Marchetti said the night boat would run.") == [person]


def test_does_not_match_a_name_inside_longer_words():
    person = PersonFactory(name="Ann Lee")
    AliasFactory(person=person, name="Lee")

    assert detect_people(text="Annabel Leeds opened the Leeward gallery.") == []


def test_matches_a_name_followed_by_a_possessive():
    person = PersonFactory(name="Ann Lee")

    assert detect_people(text="It was Ann Lee’s idea.") == [person]


def test_creates_a_person_named_with_an_office_and_keeps_the_office():
    (person,) = detect_people(text="Veltrian Transport Minister Odile Marchetti spoke.")

    assert person.name == "Odile Marchetti"
    assert person.office == "Veltrian Transport Minister"
    assert person.slug == "odile-marchetti"


def test_created_person_gets_a_surname_alias():
    (person,) = detect_people(text="Mayor Tobias Renner spoke.")

    assert list(person.aliases.values_list("name", flat=True)) == ["Renner"]


def test_office_leaves_out_words_like_outgoing_and_former():
    people = detect_people(
        text="Outgoing US Secretary of State Ann Lee met former Veltrian Prime Minister Jon Berg."
    )

    assert [(p.name, p.office) for p in people] == [
        ("Ann Lee", "US Secretary of State"),
        ("Jon Berg", "Veltrian Prime Minister"),
    ]


def test_surname_mention_after_a_titled_one_is_the_same_person():
    people = detect_people(text="Mayor Tobias Renner arrived late.\n\nRenner said sorry.")

    assert names(people) == ["Tobias Renner"]
    assert Person.objects.count() == 1


def test_surname_alias_links_the_person_in_a_later_story():
    (first,) = detect_people(text="Mayor Tobias Renner arrived late.")

    assert detect_people(text="Renner opened the new pier on Friday.") == [first]


def test_titled_mention_of_a_registered_person_links_without_creating():
    person = PersonFactory(name="Tobias Renner", office="Harbour Commissioner")

    assert detect_people(text="Mayor Tobias Renner spoke.") == [person]
    assert Person.objects.count() == 1
    assert Person.objects.get().office == "Harbour Commissioner"


@pytest.mark.parametrize(
    "text",
    [
        "Hamas, Hezbollah, Iran, Israel and Gaza were mentioned by The New York Times.",
        "Greta Holm runs a bakery near the Skarholm bridge.",
        "The outgoing Secretary of State said little.",
        "President Renner said little.",
        "In general Skarholm voted no.",
        "By Ilse Varga, Northgate Ledger",
    ],
)
def test_creates_nobody_without_an_office_title_before_a_full_name(text):
    assert detect_people(text=text) == []
    assert not Person.objects.exists()


def test_a_name_shared_by_two_people_links_neither():
    AliasFactory(person=PersonFactory(name="Ann Lee"), name="Lee")
    AliasFactory(person=PersonFactory(name="Tom Lee"), name="Lee")

    assert detect_people(text="Lee declined to comment.") == []


def test_office_tells_apart_two_registered_people_with_one_name():
    PersonFactory(name="Ann Lee", office="Judge")
    mayor = PersonFactory(name="Ann Lee", office="Mayor")

    assert detect_people(text="Mayor Ann Lee cut the ribbon.") == [mayor]


def test_created_person_slug_gets_a_suffix_when_taken():
    PersonFactory(name="Someone Else", slug="tobias-renner")

    (person,) = detect_people(text="Mayor Tobias Renner spoke.")

    assert person.slug == "tobias-renner-2"


def test_returns_people_in_order_of_first_mention():
    PersonFactory(name="Zora Beck")
    PersonFactory(name="Ann Lee")

    people = detect_people(text="Zora Beck and Ann Lee met. Later Ann Lee left.")

    assert names(people) == ["Zora Beck", "Ann Lee"]


def test_detection_of_registered_people_takes_one_query_once_the_registry_is_loaded(
    django_assert_max_num_queries,
):
    for name in ("Ann Lee", "Zora Beck", "Jon Berg"):
        AliasFactory(person=PersonFactory(name=name), name=name.split()[-1])
    detect_people(text="Nobody here.")  # loads the registry into the matcher

    with django_assert_max_num_queries(1):
        people = detect_people(text="Ann Lee, Zora Beck and Berg met. Lee and Beck left.")

    assert len(people) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israeli Prime Minister Ann Lee said", [TitledName("Ann Lee", "Israeli Prime Minister")]),
        ("then-Secretary of State Ann Lee’s plan", [TitledName("Ann Lee", "Secretary of State")]),
        ("UN Secretary-General Jon Berg spoke", [TitledName("Jon Berg", "UN Secretary-General")]),
        (
            "Syrian President Karim al-Masri fled",
            [TitledName("Karim al-Masri", "Syrian President")],
        ),
        ("Defense Minister Jon Berg, who", [TitledName("Jon Berg", "Defense Minister")]),
        ("General Assembly President Ann Lee", [TitledName("Ann Lee", "President")]),
        ("King Harald V waved", [TitledName("Harald V", "King")]),
        ("Prime Minister Ada May said", [TitledName("Ada May", "Prime Minister")]),
        ("Governor Ann Lee on Monday", [TitledName("Ann Lee", "Governor")]),
        ("the prime minister Ann Lee said", []),
        ("Mayor Renner said", []),
    ],
)
def test_find_titled_names_reads_office_and_full_name(text, expected):
    assert find_titled_names(text) == expected


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("Tobias Renner", "Renner"),
        ("Ursula von der Berg", "von der Berg"),
        ("Martin Ek Jr.", "Ek"),
        ("Harald V", ""),
        ("Charles III", ""),
        ("Cher", ""),
    ],
)
def test_surname_of_names_the_second_mention_form(name, surname):
    assert surname_of(name) == surname


def test_alias_is_not_created_twice_for_the_same_person():
    detect_people(text="Mayor Tobias Renner spoke.")
    detect_people(text="Mayor Tobias Renner spoke again.")

    assert Alias.objects.filter(name="Renner").count() == 1


# Reading a whole story: coreference, ambiguity and people not yet registered.


def test_a_surname_alone_means_the_person_named_in_full_in_the_story():
    # Registered without a surname alias: the story itself says who "Marchetti" is.
    found = detect(
        ["Odile Marchetti opened the pier.", "Marchetti cut the ribbon."],
        matcher=registry(Odile_Marchetti=()),
    )

    assert [(r.form, r.person) for r in found.references] == [
        ("Odile Marchetti", 1),
        ("Marchetti", 1),
    ]


def test_a_surname_shared_in_the_registry_means_whoever_the_story_names_in_full():
    lees = registry(Ann_Lee=("Lee",), Tom_Lee=("Lee",))

    found = detect(["Judge Tom Lee sat late.", "Lee adjourned at six."], matcher=lees)

    assert found.people == [2]
    assert [r.person for r in found.references] == [2, 2]
    assert found.ambiguous == {}


def test_an_alias_shared_by_two_people_is_flagged_not_guessed():
    lees = registry(Ann_Lee=("Lee",), Tom_Lee=("Lee",))

    found = detect(["Lee declined to comment on the ferry."], matcher=lees)

    assert found.people == []
    assert found.ambiguous == {"Lee": frozenset({1, 2})}


def test_an_alias_shared_by_two_people_is_theirs_when_an_editor_named_one():
    lees = registry(Ann_Lee=("Lee",), Tom_Lee=("Lee",))

    found = detect(["Lee declined to comment."], matcher=lees, known={1})

    assert found.people == [1]
    assert found.ambiguous == {}


def test_two_people_named_in_full_leave_their_shared_surname_ambiguous():
    lees = registry(Ann_Lee=("Lee",), Tom_Lee=("Lee",))

    found = detect(["Ann Lee and Tom Lee met.", "Lee spoke first."], matcher=lees)

    assert found.people == [1, 2]
    assert found.ambiguous == {"Lee": frozenset({1, 2})}


def test_names_inside_other_words_are_not_mentions():
    found = detect(
        ["Annabel Leeds runs the Leeward café near Bergen."],
        matcher=registry(Ann_Lee=("Lee", "Ann"), Jon_Berg=("Berg",)),
    )

    assert found.references == []


@pytest.mark.parametrize(
    ("text", "name", "office"),
    [
        ("Harbour Trust Chairman Piet Moreau spoke.", "Piet Moreau", "Chairman"),
        ("“No,” said Greta Holm, who keeps the light.", "Greta Holm", ""),
        ("Greta Holm said the light would stay.", "Greta Holm", ""),
        ("Greta Holm, the harbour master, said little.", "Greta Holm", "harbour master"),
        ("Greta Holm, the keeper of the light, retired.", "Greta Holm", "keeper of the light"),
        ("Anselm Reyes, professor of ecology, said so.", "Anselm Reyes", "professor of ecology"),
    ],
)
def test_unregistered_people_are_found_from_titles_speech_and_descriptions(text, name, office):
    (new,) = detect([text], matcher=registry()).new_people

    assert (new.name, new.office) == (name, office)
    assert new.evidence == text


@pytest.mark.parametrize(
    "text",
    [
        "The New York Times said the talks had failed.",
        "Israel Defense Forces said the strike hit a depot.",
        "Saltline Ferries Group said it would keep the crew.",
        "In Port Ellis, the harbour town, the mood was calm.",
        "Outgoing US Secretary of State said little.",
    ],
)
def test_organisations_and_places_are_not_proposed_as_people(text):
    assert detect([text], matcher=registry()).new_people == []


def test_a_new_person_named_with_a_title_is_found_again_by_surname():
    found = detect(["Mayor Tobias Renner spoke.", "Renner left early."], matcher=registry())

    (renner,) = found.new_people
    assert [r.person for r in found.references] == [renner.key, renner.key]
