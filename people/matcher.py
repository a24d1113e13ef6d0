"""Every registered name and alias, office title and speech verb, found in one pass.

The automaton (Aho-Corasick, from ahocorasick-rs) is built once per process and kept until
the registry changes: saving a person or an alias stamps a new version in the shared cache,
and every process rebuilds when it sees a version it did not build.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from enum import IntEnum
from typing import NamedTuple

import ahocorasick_rs
from django.core.cache import cache
from django.db import transaction

from newsroom.bulk import plain_rows
from people.names import OFFICES

VERSION_KEY = "people:matcher-version"

# Words that report speech: "Blinken said", "said Blinken", "He added".
SPEECH_VERBS = (
    "said", "says", "added", "adds", "told", "tells", "explained", "explains", "described",
    "asked", "asks", "continued", "noted", "warned", "insisted", "stressed", "wrote",
    "writes", "replied", "argued", "declared", "stated", "recalled", "acknowledged",
    "admitted", "concluded", "remarked", "observed", "announced", "responded", "cautioned",
    "conceded", "urged", "promised", "vowed", "recalls", "tweeted",
)  # fmt: skip
# Spaces are part of these patterns: "he" inside "the" is not a pronoun.
_PRONOUNS = ("He ", "She ", " he ", " she ")
# What someone is, in lower case after their name: "Greta Holm, the harbour master, …".
ROLES = (
    "minister", "secretary", "president", "mayor", "governor", "ambassador", "envoy",
    "spokesman", "spokeswoman", "spokesperson", "director", "chairman", "chairwoman", "chair",
    "chief", "commissioner", "senator", "judge", "adviser", "advisor", "leader", "keeper",
    "manager", "officer", "founder", "captain", "coach", "executive", "master", "head",
)  # fmt: skip


class Kind(IntEnum):
    NAME = 0
    OFFICE = 1
    VERB = 2
    PRONOUN = 3
    ROLE = 4


class Hit(NamedTuple):
    start: int
    end: int
    kind: Kind
    form: str


class Matcher:
    """Finds registered names (whole words only), office titles, speech verbs and pronouns."""

    def __init__(
        self,
        *,
        forms: Mapping[str, Iterable[int]],
        names: Mapping[int, str],
        offices: Mapping[int, Iterable[str]],
        version: str = "",
    ) -> None:
        self.version = version
        # Which people each name or alias may mean; more than one is an ambiguity.
        self.forms = {form: frozenset(ids) for form, ids in forms.items() if form}
        self.names = dict(names)
        # Every office each person holds or held, lower-cased, for "the minister said".
        self.offices = {pk: tuple(o.casefold() for o in titles) for pk, titles in offices.items()}
        offices_unnamed = [office for office in OFFICES if office not in self.forms]
        self._patterns = [*self.forms, *offices_unnamed, *SPEECH_VERBS, *_PRONOUNS, *ROLES]
        self._kinds = [Kind.NAME] * len(self.forms) + [Kind.OFFICE] * len(offices_unnamed)
        self._kinds += [Kind.VERB] * len(SPEECH_VERBS) + [Kind.PRONOUN] * len(_PRONOUNS)
        self._kinds += [Kind.ROLE] * len(ROLES)
        self._automaton = ahocorasick_rs.AhoCorasick(
            self._patterns, implementation=ahocorasick_rs.Implementation.ContiguousNFA
        )

    def scan(self, text: str) -> list[Hit]:
        """Leftmost-longest matches that start and end at word boundaries, in text order.

        All matches are asked for, boundaries checked, and only then the longest kept, so a
        long name failing its boundary ("Ann Lee" in "Ann Leeds") never hides a short one.
        """
        found = []
        size = len(text)
        kinds, pronoun = self._kinds, Kind.PRONOUN
        for index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            kind = kinds[index]
            if kind is pronoun:
                pattern = self._patterns[index]
                if pattern[0] != " " and start and text[start - 1].isalnum():
                    continue
                # The hit is the word itself, without the spaces that delimit it.
                if pattern[0] == " ":
                    start += 1
                end = start + len(pattern.strip())
            elif (start and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
                continue
            found.append((start, -end, kind))
        found.sort()
        hits = []
        last_end = 0
        for start, negative_end, kind in found:
            if start >= last_end:
                last_end = -negative_end
                hits.append(Hit(start, last_end, kind, text[start:last_end]))
        return hits


_built: Matcher | None = None


def people_matcher() -> Matcher:
    """The matcher for the registry as it is now, rebuilt only when it has changed."""
    global _built
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    if _built is None or _built.version != version:
        _built = matcher_build(version=version)
    return _built


def matcher_build(*, version: str = "") -> Matcher:
    """The matcher for the whole registry, read from the database."""
    from people.models import Alias, Office, Person

    # An import rebuilds this for every batch that adds people: the registry is read as
    # plain, unsorted rows, which costs a fraction of what the ORM's sorted rows do.
    forms: dict[str, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    offices: dict[int, list[str]] = defaultdict(list)
    people = Person.objects.order_by().values_list("pk", "name", "office")
    for pk, name, office in plain_rows(people):
        forms[name].add(pk)
        names[pk] = name
        if office:
            offices[pk].append(office)
    for person_id, name in plain_rows(Alias.objects.order_by().values_list("person_id", "name")):
        forms[name].add(person_id)
    for person_id, title in Office.objects.values_list("person_id", "title"):
        offices[person_id].append(title)
    return Matcher(forms=forms, names=names, offices=offices, version=version)


def matcher_invalidate(**kwargs) -> None:
    """Make every process rebuild: now, and again once the change is committed.

    The second stamp matters: another process may rebuild between the two and miss rows
    that were not committed yet.
    """
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))
