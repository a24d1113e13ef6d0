"""The shape of names and titles in English news copy: no database, no registry.

Detection and quote extraction both use these to read "Israeli Prime Minister Benjamin
Netanyahu", "Blinken’s" or "Ursula von der Leyen" the way a reader does.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

# Enough for "Mohammed bin Salman Al Saud"; longer runs are a name and whatever follows it.
MAX_TITLED_NAME_WORDS = 5

# Lower-case words that sit inside names: "Ursula von der Leyen", "Mohammed bin Salman".
PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "della", "der", "di", "du", "el", "ibn", "la", "van", "von"}
)
# "Jr.", or a regnal number: "Charles III" has no surname to fall back on.
_GENERATIONAL = re.compile(r"^(?:Jr|Sr|[IVX]+)\.?$")
# Capitalised words that start a clause or a date, never part of a name. Months are left
# out: "May" and "June" are names too.
NOT_NAME_WORDS = frozenset(
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
_MODIFIER_WORDS = frozenset(word for modifier in _MODIFIERS for word in modifier.split())
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
OFFICE_WORDS = frozenset(word for office in OFFICES for word in office.split()) - {"of"}


def _alternation(phrases: Iterable[str]) -> str:
    # Longest first, because a regex alternation takes the first branch that fits.
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in ordered)


TITLED = re.compile(
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
WORD = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_]+(?:['’-][^\W\d_]+)*")
POSSESSIVE = re.compile(r"['’]s$")
_POSSESSIVE_ENDINGS = ("’s", "'s")


# Words that make a capitalised run an organisation, not a person: "Israel Defense Forces said".
_INSTITUTION_WORDS = frozenset(
    {
        "Agency", "Army", "Association", "Authority", "Bank", "Board", "Bureau", "Church",
        "Club", "Command", "Commission", "Committee", "Company", "Council", "Court", "Department",
        "Forces", "Foundation", "Government", "Group", "Institute", "League", "Ministry", "News",
        "Office", "Organization", "Organisation", "Parliament", "Party", "Police", "Post",
        "Press", "Service", "Times", "Union", "United", "University",
    }
)  # fmt: skip
MAX_SPOKEN_NAME_WORDS = 4
# Reading back from "said", these end a name: "… Secretary of State Antony Blinken said".
_BEFORE_NAME_WORDS = (
    NOT_NAME_WORDS
    | OFFICE_WORDS
    | {word for phrase in _DEPARTMENTS + _QUALIFIERS for word in phrase.split()}
)


@dataclass(frozen=True)
class TitledName:
    name: str
    office: str
    # Where the name (not the title) stands in the text.
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


class _Word(NamedTuple):
    text: str
    start: int
    end: int
    # A possessive ("Blinken’s") ends any name it belongs to.
    closes_name: bool


def find_titled_names(text: str) -> list[TitledName]:
    """Full names that follow an office title, with the office, anywhere in `text`."""
    found = (_titled_from(text, match) for match in TITLED.finditer(text))
    return [titled for titled in found if titled]


def titled_name_at(text: str, start: int, end: int) -> TitledName | None:
    """The titled name whose office contains text[start:end], an office word found earlier.

    Looks only at a window around it: running the title pattern over a whole story is slow.
    """
    window_start = _title_start(text, start, max(0, start - 80))
    for match in TITLED.finditer(text, window_start, min(len(text), end + 40)):
        if match.start("office") <= start < match.end("office"):
            return _titled_from(text, match)
    return None


def _title_start(text: str, start: int, floor: int) -> int:
    """Where a title ending in the office word at `start` may begin, not before `floor`.

    Every word of a title before its office is capitalised ("Israeli", "Foreign", "US") or
    a modifier ("outgoing", "newly elected"), so the run of such words before `start` holds
    its beginning. The title pattern, tried at each character of a window, costs far more
    than this walk back over words.
    """
    at = start
    while True:
        gap = at
        while gap > floor and (text[gap - 1].isspace() or text[gap - 1] == "-"):
            gap -= 1
        word = gap
        while word > floor and (text[word - 1].isalpha() or text[word - 1] in ".’'"):
            word -= 1
        if gap == at or word == gap:
            return at
        if not (text[word].isupper() or text[word:gap].lower() in _MODIFIER_WORDS):
            return at
        at = word


def spoken_name_before(text: str, end: int) -> tuple[str, int] | None:
    """A full name ending exactly at `end` (before "said"), and where the name starts.

    Organisations ("The New York Times said", "Israel Defense Forces said") are not names.
    """
    # Most verbs follow "who", "Officials" or a registered name: a full name needs two
    # words, the last capitalised, before anything is tokenised.
    first = _word_start(text, end)
    if first == end or not text[first].isupper() or first < 2 or text[first - 1] != " ":
        return None
    before = _word_start(text, first - 1)
    if before == first - 1 or not (text[before].isupper() or text[before : first - 1] in PARTICLES):
        return None
    window_start = max(0, end - 60)
    words = list(_words(text, window_start, end))
    if not words or words[-1].end != end or words[-1].closes_name:
        return None
    run: list[_Word] = []
    for word in reversed(words):
        fits = _capitalised(word.text) or word.text in PARTICLES
        if not fits or len(run) == MAX_SPOKEN_NAME_WORDS or word.closes_name:
            break
        if word.text in _BEFORE_NAME_WORDS:
            break
        if run and not _only_spaces(text, word.end, run[-1].start):
            break
        run.append(word)
    run.reverse()
    if not run or (run[0].start == window_start and window_start > 0):
        return None
    return _spoken(run)


def _word_start(text: str, end: int) -> int:
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "’'-."):
        start -= 1
    return start


def spoken_name_after(text: str, start: int) -> tuple[str, int] | None:
    """A full name starting just after `start` (after "said"), and where it starts."""
    run = _run_after(text, start, MAX_SPOKEN_NAME_WORDS)
    found = _spoken(run) if run else None
    return (found[0], run[0].start) if found else None


def _spoken(run: list[_Word]) -> tuple[str, int] | None:
    if not run or any(word.text in _INSTITUTION_WORDS for word in run):
        return None
    name = _name_from(run)
    # The whole run must be the name: "The New York Times" is not "New York".
    if not name or len(name.split()) != len(run):
        return None
    return name, run[0].start


# Detection asks this for everyone a story names in full, and the same people come back
# story after story.
@lru_cache(maxsize=2**16)
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


def normalise_name(name: str) -> str:
    """A name reduced to compare spellings: "Zoë  O’Neil" and "ZOE O'NEIL" are the same."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", bare.casefold()).split())


def _titled_from(text: str, match: re.Match) -> TitledName | None:
    run = _run_after(text, match.end(), MAX_TITLED_NAME_WORDS)
    name = _name_from(run) if run else ""
    if not name:
        return None
    start = run[0].start
    office = " ".join(match["office"].split())
    return TitledName(name=name, office=office, start=start, end=start + _span_length(run, name))


def _run_after(text: str, start: int, limit: int) -> list[_Word]:
    """The capitalised words (and particles) that follow `start` after a space, up to `limit`."""
    run: list[_Word] = []
    for word in _words(text, start, min(len(text), start + 120)):
        if not run:
            if not _only_spaces(text, start, word.start):
                return []
        else:
            fits = _capitalised(word.text) or word.text in PARTICLES
            if not fits or run[-1].closes_name or not _only_spaces(text, run[-1].end, word.start):
                break
        run.append(word)
        if len(run) == limit:
            break
    return run


def _span_length(run: list[_Word], name: str) -> int:
    used = run[: len(name.split())]
    return used[-1].end - used[0].start


def _words(text: str, start: int, end: int) -> Iterator[_Word]:
    for match in WORD.finditer(text, start, end):
        word, at = match[0], match.start()
        if word.endswith(_POSSESSIVE_ENDINGS):
            yield _Word(word[:-2], at, at + len(word) - 2, closes_name=True)
        else:
            yield _Word(word, at, match.end(), closes_name=False)


def _capitalised(word: str) -> bool:
    # "al-Assad" is capitalised where it counts.
    head, _, tail = word.partition("-")
    return word[0].isupper() or (head in PARTICLES and tail[:1].isupper())


def _only_spaces(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return gap.isspace() and "\n" not in gap


def _name_from(words: list[_Word]) -> str:
    """The full name at the start of `words`, or "" if they do not make one."""
    name: list[_Word] = []
    for word in words:
        if word.text in NOT_NAME_WORDS or word.text in OFFICE_WORDS:
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
