"""Find the people a story names.

Registered people are found by name or alias. New people are only ever created from an
office title before a full name ("Israeli Prime Minister Benjamin Netanyahu"): a bare
capitalised phrase could as well be a country, a party or a newspaper.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from newsroom.slugs import unique_slug
from people.models import Alias, Person

MAX_NAME_WORDS = 6
# Enough for "Mohammed bin Salman Al Saud"; longer runs are a name and whatever follows it.
MAX_TITLED_NAME_WORDS = 5
_LOOKUP_BATCH = 500

# Lower-case words that sit inside names: "Ursula von der Leyen", "Mohammed bin Salman".
PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "della", "der", "di", "du", "el", "ibn", "la", "van", "von"}
)
# "Jr.", or a regnal number: "Charles III" has no surname to fall back on.
_GENERATIONAL = re.compile(r"^(?:Jr|Sr|[IVX]+)\.?$")
# Capitalised words that start a clause or a date, never part of a name. Months are left
# out: "May" and "June" are names too.
_NOT_NAME_WORDS = frozenset(
    {
        "The", "A", "An", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our",
        "In", "On", "At", "And", "But", "Of", "For", "To", "By", "With", "When", "While",
        "After", "Before", "As", "If", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday",
    }
)  # fmt: skip

# Dropped from an office: they describe when, not what, someone is.
_MODIFIERS = ("outgoing", "former", "incoming", "acting", "interim", "late", "then", "ex")
_MODIFIERS += ("newly elected", "newly appointed", "current")
# Who the office belongs to, besides nationalities like "Israeli" that _DEMONYM catches.
_QUALIFIERS = ("US", "U.S.", "UK", "U.K.", "UN", "U.N.", "EU", "NATO", "IDF", "White House")
_QUALIFIERS += ("State Department", "Pentagon", "Kremlin", "Vatican", "Greek", "Swiss", "Thai")
_QUALIFIERS += ("European Commission", "European Council", "World Bank", "IMF", "Federal Reserve")
_DEMONYM = r"[A-Z][a-z]+(?:an|ese|ish|ch|i)"
_DEPARTMENTS = (
    "State", "Defence", "Defense", "Foreign", "Finance", "Interior", "Justice", "Health",
    "Education", "Economy", "Energy", "Environment", "Trade", "Transport", "Agriculture",
    "Culture", "Labour", "Labor", "Home", "National Security", "Homeland Security",
    "Strategic Affairs", "Communications", "Tourism", "Housing", "Immigration", "Treasury",
    "Press", "Foreign Affairs",
)  # fmt: skip
OFFICES = (
    "President", "Vice President", "Prime Minister", "Minister", "Secretary",
    "Secretary-General", "Secretary General", "Chief of Staff", "Chief Justice", "Justice",
    "Attorney General", "Senator", "Sen.", "Governor", "Gov.", "Mayor", "Chancellor",
    "Ambassador", "Envoy", "Special Envoy", "Spokesperson", "Spokesman", "Spokeswoman", "Judge",
    "General", "Gen.", "Lieutenant General", "Major General", "Brigadier General", "Admiral",
    "Colonel", "Col.", "King", "Queen", "Crown Prince", "Prince", "Princess", "Pope", "Emir",
    "Sultan", "Speaker", "Representative", "Rep.", "Congressman", "Congresswoman",
    "Commissioner", "Chairman", "Chairwoman", "Chair", "Chief Executive", "Director",
    "Director General", "Director-General", "Opposition Leader", "Majority Leader",
    "Minority Leader", "National Security Adviser", "National Security Advisor",
)  # fmt: skip
# A name may not run on into another office: "UN General Assembly President Ann Lee".
_OFFICE_WORDS = frozenset(word for office in OFFICES for word in office.split()) - {"of"}


def _alternation(phrases: Iterable[str]) -> str:
    # Longest first, because a regex alternation takes the first branch that fits.
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in ordered)


_TITLED = re.compile(
    rf"""
    (?<![\w.-])
    (?:(?i:{_alternation(_MODIFIERS)})[\s-]+)?
    (?P<office>
        (?:(?:{_alternation(_QUALIFIERS)}|{_DEMONYM})\s+){{0,3}}
        (?:(?:Deputy|Vice)\s+)?
        (?:(?:{_alternation(_DEPARTMENTS)})\s+)?
        (?:{_alternation(OFFICES)})
        (?:\s+of\s+(?:the\s+)?(?:{_alternation(_DEPARTMENTS)}))?
    )
    (?=\s)
    """,
    re.VERBOSE,
)
# Initials ("J.K.") or a word that may hold an apostrophe or hyphen ("O’Brien", "Ben-Gershom").
_WORD = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class TitledName:
    name: str
    office: str


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int
    # A possessive ("Blinken’s") ends any name it belongs to.
    closes_name: bool


def find_titled_names(text: str) -> list[TitledName]:
    """Full names that follow an office title, with the office: no database access."""
    runs = _name_runs(text)
    run_at = {word.start: (run, i) for run in runs for i, word in enumerate(run)}
    found: list[TitledName] = []
    for match in _TITLED.finditer(text):
        next_word = _WORD.search(text, match.end())
        if not next_word or not text[match.end() : next_word.start()].isspace():
            continue
        if next_word.start() not in run_at:
            continue
        run, i = run_at[next_word.start()]
        name = _name_from(run[i : i + MAX_TITLED_NAME_WORDS])
        if name:
            found.append(TitledName(name=name, office=" ".join(match["office"].split())))
    return found


def surname_of(name: str) -> str:
    """The part of a full name a story uses on second mention, or "" for a single name."""
    words = name.split()
    if words and _GENERATIONAL.match(words[-1]):
        words = words[:-1]
    if len(words) < 2:
        return ""
    # "Ursula von der Leyen" is "von der Leyen" on second mention.
    start = next((i for i, word in enumerate(words[1:], 1) if word in PARTICLES), len(words) - 1)
    return " ".join(words[start:])


def detect_people(*, text: str) -> list[Person]:
    """People the text names, in order of first mention, creating those named with an office.

    A name or alias shared by several people links none of them: a wrong link is worse
    than a missing one.
    """
    runs = _name_runs(text)
    known = _registered({name for run in runs for name in _spans(run)})
    for titled in find_titled_names(text):
        ids = known.get(titled.name)
        if not ids:
            person = _person_create(name=titled.name, office=titled.office)
            for name in filter(None, (person.name, surname_of(person.name))):
                known.setdefault(name, set()).add(person.pk)
        elif len(ids) > 1:
            # Two registered people share the name: the office may tell them apart.
            same_office = Person.objects.filter(pk__in=ids, office__iexact=titled.office)
            if len(matches := list(same_office.values_list("pk", flat=True))) == 1:
                known[titled.name] = set(matches)

    first_seen: dict[int, int] = {}
    for position, ids in _mentions(runs, known):
        if len(ids) == 1:
            first_seen.setdefault(next(iter(ids)), position)
    people = Person.objects.in_bulk(first_seen)
    return [people[pk] for pk in sorted(first_seen, key=first_seen.__getitem__)]


@transaction.atomic
def _person_create(*, name: str, office: str) -> Person:
    max_office = Person._meta.get_field("office").max_length
    person = Person.objects.create(
        name=name, office=office[:max_office], slug=unique_slug(Person, name, fallback="person")
    )
    # The next story, and the rest of this one, may call them by surname alone.
    if surname := surname_of(name):
        Alias.objects.create(person=person, name=surname)
    return person


def _registered(names: set[str]) -> dict[str, set[int]]:
    """Which people each of `names` may mean, by their name or an alias."""
    known: dict[str, set[int]] = {}
    ordered = sorted(names)
    for at in range(0, len(ordered), _LOOKUP_BATCH):
        batch = ordered[at : at + _LOOKUP_BATCH]
        pairs = [
            *Person.objects.filter(name__in=batch).values_list("name", "pk"),
            *Alias.objects.filter(name__in=batch).values_list("name", "person_id"),
        ]
        for name, pk in pairs:
            known.setdefault(name, set()).add(pk)
    return known


def _words(text: str) -> Iterator[_Word]:
    for match in _WORD.finditer(text):
        word = match[0]
        bare = _POSSESSIVE.sub("", word)
        yield _Word(bare, match.start(), match.end(), closes_name=bare != word)


def _name_runs(text: str) -> list[list[_Word]]:
    """Stretches of capitalised words (and name particles) with only spaces between them."""
    runs: list[list[_Word]] = []
    run: list[_Word] = []
    for word in _words(text):
        fits = _capitalised(word.text) or word.text in PARTICLES
        if run and fits and not run[-1].closes_name and _only_spaces(text, run[-1].end, word.start):
            run.append(word)
            continue
        if run:
            runs.append(run)
        run = [word] if fits else []
    if run:
        runs.append(run)
    return runs


def _capitalised(word: str) -> bool:
    # "al-Assad" is capitalised where it counts.
    head, _, tail = word.partition("-")
    return word[0].isupper() or (head in PARTICLES and tail[:1].isupper())


def _only_spaces(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return gap.isspace() and "\n" not in gap


def _spans(run: list[_Word]) -> Iterator[str]:
    for i in range(len(run)):
        for j in range(i + 1, min(len(run), i + MAX_NAME_WORDS) + 1):
            yield " ".join(word.text for word in run[i:j])


def _mentions(
    runs: list[list[_Word]], known: dict[str, set[int]]
) -> Iterator[tuple[int, set[int]]]:
    """Each known name in the runs, longest first, so "Ann Lee" wins over her alias "Lee"."""
    for run in runs:
        i = 0
        while i < len(run):
            for j in range(min(len(run), i + MAX_NAME_WORDS), i, -1):
                ids = known.get(" ".join(word.text for word in run[i:j]))
                if ids:
                    yield run[i].start, ids
                    i = j
                    break
            else:
                i += 1


def _name_from(words: list[_Word]) -> str:
    """The full name at the start of `words`, or "" if they do not make one."""
    name: list[_Word] = []
    for word in words:
        if word.text in _NOT_NAME_WORDS or word.text in _OFFICE_WORDS:
            break
        name.append(word)
        if word.closes_name:
            break
    while name and name[-1].text in PARTICLES:
        name.pop()
    capitalised = [word for word in name if _capitalised(word.text)]
    if len(capitalised) < 2 or not _capitalised(name[0].text):
        return ""
    return " ".join(word.text for word in name)
