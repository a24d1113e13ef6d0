"""Find the people a story names, and how each mention refers to them.

Registered names and aliases are found by the matcher in one pass. A surname or a shared
alias is resolved by the people the story names in full; what stays ambiguous is reported
for an editor, never guessed. People the registry does not know are reported too: those
named after an office title ("Israeli Prime Minister Benjamin Netanyahu") and those quoted
by name ("Greta Holm said", "Greta Holm, the harbour master, said").

Everything here is plain computation over text: `people.services` does the writing.
"""

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from people.matcher import Hit, Kind, Matcher, people_matcher
from people.names import (
    TitledName,
    find_titled_names,
    normalise_name,
    spoken_name_after,
    spoken_name_before,
    surname_of,
    titled_name_at,
)

__all__ = [
    "Detection",
    "NewPerson",
    "Reference",
    "TitledName",
    "detect",
    "detect_people",
    "find_titled_names",
    "surname_of",
]

BLOCK_SEPARATOR = "\n\n"
_KINDS = tuple(Kind)
# "Greta Holm, the harbour master, said": the name, then what they are in commas. Before
# "said" the article may go: "Anselm Reyes, professor of coastal ecology, said".
_APPOSITIVE = re.compile(r",\s+(?:the|a|an)\s+(?P<office>[^,.;:“”\"]{3,60}?)\s*,\s*$")
_SPEAKER_APPOSITIVE = re.compile(r",\s+(?:(?:the|a|an)\s+)?(?P<office>[^,.;:“”\"]{3,60}?)\s*,\s*$")
# "…,” said": the verb comes straight after a closing quotation mark.
_QUOTE_CLOSED = re.compile(r"[”\"]\s*$")


class Reference(NamedTuple):
    """Words in the text that name someone; `person` is None while it is ambiguous."""

    start: int
    end: int
    form: str
    person: int | None
    candidates: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class NewPerson:
    """Someone the text names who is not registered. `key` (negative) stands in for an id."""

    key: int
    name: str
    office: str = ""
    evidence: str = ""
    # Named after an office title: the strongest sign that this is a person.
    is_titled: bool = False


@dataclass(slots=True)
class Detection:
    text: str
    block_starts: list[int]
    references: list[Reference]
    verbs: list[Hit]
    pronouns: list[Hit]
    new_people: list[NewPerson]
    # The office the story itself gives someone: "Outgoing US Secretary of State …".
    story_offices: dict[int, str] = field(default_factory=dict)
    # Registered offices of the people mentioned, lower-cased, for "the minister said".
    registry_offices: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # A name or alias that fits several people, with who it might be.
    ambiguous: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def people(self) -> list[int]:
        """Everyone mentioned (new people by their key), in order of first mention."""
        return list(dict.fromkeys(r.person for r in self.references if r.person is not None))

    def block_of(self, position: int) -> int:
        """Which block (0 = the first) the text position falls in."""
        low, high = 0, len(self.block_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.block_starts[middle] <= position:
                low = middle
            else:
                high = middle - 1
        return low


def detect(
    blocks: Sequence[str],
    *,
    matcher: Matcher,
    known: Collection[int] = (),
    extra: Mapping[str, int] | None = None,
) -> Detection:
    """Who `blocks` (headline, dek, paragraphs…) name, and where.

    `known` are people an editor has attached to the story: an ambiguous name that fits
    exactly one of them is theirs. `extra` are names (and surnames) of people registered
    since `matcher` was built, with their ids.
    """
    text = BLOCK_SEPARATOR.join(blocks)
    block_starts, at = [], 0
    for block in blocks:
        block_starts.append(at)
        at += len(block) + len(BLOCK_SEPARATOR)
    by_kind: list[list[Hit]] = [[] for _ in _KINDS]
    for hit in matcher.scan(text):
        by_kind[hit.kind].append(hit)
    names, verbs, pronouns = by_kind[Kind.NAME], by_kind[Kind.VERB], by_kind[Kind.PRONOUN]
    finder = _Finder(text, matcher, names, pronouns)
    for office in by_kind[Kind.OFFICE]:
        finder.add_titled(office)
    for verb in verbs:
        finder.add_spoken(verb)
    for role in by_kind[Kind.ROLE]:
        finder.add_described(role)
    references = finder.resolve(anchors=set(known), extra=extra or {})
    return Detection(
        text=text,
        block_starts=block_starts,
        references=references,
        verbs=verbs,
        pronouns=pronouns,
        new_people=list(finder.new_people.values()),
        story_offices=finder.story_offices,
        registry_offices={
            pk: matcher.offices.get(pk, ())
            for pk in {r.person for r in references if r.person and r.person > 0}
        },
        ambiguous=finder.ambiguous,
    )


class _Finder:
    """The working state of one detection: spans already claimed, people named in full."""

    def __init__(self, text: str, matcher: Matcher, names: list[Hit], pronouns: list[Hit]) -> None:
        self.text = text
        self.matcher = matcher
        self.names = names
        self.name_ends = {hit.end for hit in names}
        self.name_starts = {hit.start for hit in names}
        self.pronoun_ends = {hit.end for hit in pronouns}
        # Spans whose person is already known from their title or speech: start -> (end, id).
        self.claimed: dict[int, tuple[int, int]] = {}
        self.new_people: dict[str, NewPerson] = {}
        self.story_offices: dict[int, str] = {}
        self.full_names: dict[int, str] = {}
        self.ambiguous: dict[str, frozenset[int]] = {}

    def add_titled(self, office: Hit) -> None:
        titled = titled_name_at(self.text, office.start, office.end)
        if titled is None:
            return
        ids = self.matcher.forms.get(titled.name, frozenset())
        if len(ids) > 1:
            # Two registered people share the name: the office may tell them apart.
            office = titled.office.casefold()
            same = [pk for pk in ids if office in self.matcher.offices.get(pk, ())]
            ids = frozenset(same) if len(same) == 1 else ids
        if len(ids) > 1:
            return
        pk = (
            next(iter(ids))
            if ids
            else self._new(titled.name, titled.office, at=titled.start, is_titled=True)
        )
        self.story_offices.setdefault(pk, titled.office)
        self.claimed[titled.start] = (titled.end, pk)
        self.full_names[pk] = titled.name

    def add_spoken(self, verb: Hit) -> None:
        """Someone unregistered quoted by name: "Greta Holm said", "Greta Holm, the …, said",
        "“…,” said Greta Holm"."""
        text = self.text
        office = ""
        gap = 0
        while gap < verb.start and text[verb.start - gap - 1] == " ":
            gap += 1
        if verb.start - gap in self.name_ends or verb.start - gap in self.pronoun_ends:
            return  # "Blinken said", "He added": nobody new
        before = text[verb.start - gap - 1] if verb.start > gap else ""
        window = max(0, verb.start - 80)
        appositive = before == "," and _SPEAKER_APPOSITIVE.search(text, window, verb.start)
        if appositive:
            office = " ".join(appositive["office"].split())
            found = spoken_name_before(text, appositive.start())
        elif gap and before.isalpha():
            found = spoken_name_before(text, verb.start - gap)
        else:
            found = None
        if (
            found is None
            and verb.end + 1 not in self.name_starts
            and _QUOTE_CLOSED.search(text, max(0, verb.start - 4), verb.start)
        ):
            found = spoken_name_after(text, verb.end)
        if found is None:
            return
        self._claim_new(*found, office=office)

    def add_described(self, role: Hit) -> None:
        """Someone unregistered described by what they are: "Greta Holm, the … keeper,"."""
        comma = self.text.find(",", role.end, role.end + 40)
        if comma < 0:
            return
        appositive = _APPOSITIVE.search(self.text, max(0, role.end - 80), comma + 1)
        if appositive is None or appositive.start("office") > role.start:
            return
        found = spoken_name_before(self.text, appositive.start())
        if found is not None:
            office = " ".join(appositive["office"].split())
            self._claim_new(*found, office=office)

    def _claim_new(self, name: str, start: int, *, office: str) -> None:
        end = start + len(name)
        if any(h.start < end and start < h.end for h in self.names):
            return  # registered after all
        if any(s < end and start < e for s, (e, _) in self.claimed.items()):
            return
        pk = self._new(name, office, at=start)
        self.claimed[start] = (end, pk)
        self.full_names[pk] = name

    def _new(self, name: str, office: str, *, at: int, is_titled: bool = False) -> int:
        key = normalise_name(name)
        found = self.new_people.get(key)
        if found is None:
            sentence = _sentence_around(self.text, at)
            found = NewPerson(
                key=-(len(self.new_people) + 1),
                name=name,
                office=office,
                evidence=sentence,
                is_titled=is_titled,
            )
            self.new_people[key] = found
        return found.key

    def resolve(self, *, anchors: set[int], extra: Mapping[str, int]) -> list[Reference]:
        matcher = self.matcher
        for hit in self.names:
            ids = matcher.forms[hit.form]
            if len(ids) == 1 and " " in hit.form and hit.start not in self.claimed:
                (pk,) = ids
                self.full_names.setdefault(pk, hit.form)
        anchors |= set(self.full_names)
        # Second mentions: the surname of anyone named in full stands for them in this story,
        # whatever else it may mean in the registry.
        local: dict[str, set[int]] = {}
        for pk, name in self.full_names.items():
            if surname := surname_of(matcher.names.get(pk, name)):
                local.setdefault(surname, set()).add(pk)
        for new in self.new_people.values():
            local.setdefault(new.name, set()).add(new.key)
        for form, pk in extra.items():
            local.setdefault(form, {pk})
        references = [self._reference(hit, local, anchors) for hit in self.names]
        if more := self._local_only(local, references):
            references += more
            references.sort(key=lambda r: r.start)  # the names' own are in text order
        return references

    def _reference(self, hit: Hit, local: dict[str, set[int]], anchors: set[int]) -> Reference:
        claimed = self.claimed.get(hit.start)
        if claimed and claimed[0] >= hit.end:
            return Reference(hit.start, hit.end, hit.form, claimed[1], frozenset({claimed[1]}))
        ids = frozenset(local.get(hit.form) or self.matcher.forms[hit.form])
        if len(ids) > 1:
            narrowed = ids & anchors
            if len(narrowed) != 1:
                self.ambiguous[hit.form] = ids
                return Reference(hit.start, hit.end, hit.form, None, ids)
            ids = narrowed
        (pk,) = ids
        return Reference(hit.start, hit.end, hit.form, pk, ids)

    def _local_only(self, local: dict[str, set[int]], found: list[Reference]) -> list[Reference]:
        """Mentions by forms the registry does not hold: new people, unregistered surnames."""
        forms = [form for form in local if form not in self.matcher.forms]
        if not forms:
            return []
        taken = [(r.start, r.end) for r in found]
        taken += [(start, end) for start, (end, _) in self.claimed.items()]
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        extra = []
        for match in re.finditer(rf"(?<!\w)(?:{alternatives})(?!\w)", self.text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                if match.start() in self.claimed:
                    end, pk = self.claimed[match.start()]
                    extra.append(Reference(match.start(), end, match[0], pk, frozenset({pk})))
                continue
            ids = local[match[0]]
            person = next(iter(ids)) if len(ids) == 1 else None
            if person is None:
                self.ambiguous[match[0]] = frozenset(ids)
            extra.append(Reference(match.start(), match.end(), match[0], person, frozenset(ids)))
        return extra


def _sentence_around(text: str, position: int) -> str:
    full_stop, line = text.rfind(". ", 0, position), text.rfind("\n", 0, position)
    start = max(full_stop + 2 if full_stop >= 0 else 0, line + 1)
    ends = [i for i in (text.find(". ", position), text.find("\n", position)) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()[:500]


def detect_people(*, text: str):
    """People the text names, in order of first mention, registering those named with an office.

    The importers' original contract; a name or alias shared by several people links none.
    """
    from people.models import Person
    from people.services import people_register

    detection = detect([text], matcher=people_matcher())
    registered = people_register(new_people=detection.new_people)
    keys = {new.key: registered.get(normalise_name(new.name)) for new in detection.new_people}
    ids = [keys.get(pk) or pk for pk in detection.people]
    people = Person.objects.in_bulk([pk for pk in ids if pk > 0])
    return [people[pk] for pk in ids if pk in people]
