"""Reading stories for the people they name and the quotes they hold, and storing it.

The admin calls this when a story is saved and the importers for each batch they write,
inside the same transaction. A batch costs a handful of queries whatever its size: the
reading itself (`people.detection`, `people.quotes`) needs no database.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.html import html_text_blocks
from articles.models import Article, Mention, MentionSuppression
from newsroom.bulk import rows_insert
from people.detection import NewPerson, detect
from people.matcher import Matcher, people_matcher
from people.models import (
    Alias,
    AmbiguousMention,
    Person,
    PersonProposal,
    Quote,
    office_held_on,
)
from people.names import normalise_name
from people.quotes import FoundQuote, extract_quotes
from people.services import people_register

_MAX_NAME = PersonProposal._meta.get_field("name").max_length
# What a stored quote holds: its story and words' fingerprint, then what a reading rewrites.
_QUOTE_FIELDS = (
    "article", "fingerprint", "text", "paragraph", "position", "person", "attribution",
    "speaker_text", "speaker_office",
)  # fmt: skip
_QUOTE_COLUMNS = [Quote._meta.get_field(name).attname for name in _QUOTE_FIELDS]
_ATTRIBUTION = 1 + _QUOTE_FIELDS.index("attribution")  # in a stored row, after its id
_DETECTED = Mention.Origin.DETECTED
# A speaker's offices, read along with them in Office's own order: latest start first.
_OFFICE_VALUES = ("offices__title", "offices__started_on", "offices__ended_on")
_OFFICE_ORDER = (F("offices__started_on").desc(nulls_last=True), "offices__pk")


@dataclass
class Analysis:
    """What reading one story found, for the editor who saved it."""

    people: list[int] = field(default_factory=list)
    registered: list[Person] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    quotes: int = 0
    unattributed: int = 0


@dataclass(slots=True)
class _Reading:
    """One story's reading: what detection and quote extraction found in it."""

    # What a batch holds for each story is kept in tuples where it can: a tuple of plain
    # values drops out of the garbage collector's sight, and a batch holds thousands.
    article: Article
    blocks: tuple[str, ...]
    body_start: int
    known: tuple[int, ...]  # people an editor or the source gave the story
    # The story's id, read once: `article.pk` is a property lookup, asked for all the time.
    article_id: int = field(init=False)
    text: str = ""
    new_people: tuple[NewPerson, ...] = ()
    # Who the text names (new people by their negative key), in order of first mention.
    named: tuple[int, ...] = ()
    ambiguous: dict[str, frozenset[int]] = field(default_factory=dict)
    quotes: tuple[FoundQuote, ...] = ()
    # A detected person's id, from a registered id or a new person's (negative) key.
    real: Callable[[int | None], int | None] = lambda pk: pk
    people: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.article_id = self.article.pk

    def read(self, matcher: Matcher, extra: dict[str, int] | None = None) -> None:
        # Only the findings are kept, not the detection's hits and references: kept for a
        # whole batch, they would outlive the garbage collector's young generations and
        # make its full passes, which cost more than the reading, come more often.
        detection = detect(self.blocks, matcher=matcher, known=self.known, extra=extra)
        self.text = detection.text
        self.new_people = tuple(detection.new_people)
        self.named = tuple(detection.people)
        self.ambiguous = detection.ambiguous
        self.quotes = tuple(extract_quotes(detection, first_block=self.body_start))


def article_blocks(article: Article) -> tuple[list[str], int]:
    """The story's text in blocks (headline, dek, caption, paragraphs), and where the body
    starts: quotes are taken from the body only."""
    head = [article.headline, article.dek]
    if article.lead_image_id and article.lead_image.caption:
        head.append(article.lead_image.caption)
    head = [part for part in head if part]
    return head + html_text_blocks(article.body or ""), len(head)


def article_analyse(*, article: Article, matcher: Matcher | None = None) -> Analysis:
    """Find who the story names and quotes, and store it: mentions, quotes, proposals."""
    (analysis,) = articles_analyse(articles=[article], matcher=matcher)
    return analysis


@transaction.atomic
def articles_analyse(
    *, articles: Sequence[Article], matcher: Matcher | None = None
) -> list[Analysis]:
    """Read each story and store what it names and quotes, in order.

    Editors' choices survive: people they added or removed by hand (and people the source
    listed) stay as they are, and so do quotes they attributed.
    """
    if not articles:
        return []
    matcher = matcher or people_matcher()
    mentions = _stored_mentions([article.pk for article in articles])
    kept = {  # people no detection may remove
        article_id: tuple(pk for pk, (_, origin) in by_person.items() if origin != _DETECTED)
        for article_id, by_person in mentions.items()
    }
    readings = []
    for article in articles:
        blocks, body_start = article_blocks(article)
        readings.append(_Reading(article, tuple(blocks), body_start, kept.get(article.pk, ())))
        readings[-1].read(matcher)

    registered = people_register(
        new_people=[new for reading in readings for new in reading.new_people]
    )
    if registered:
        # Someone one story registers may be named (without their title) in another.
        extra = _forms_of(registered.values())
        for reading in readings:
            if any(form in reading.text for form in extra):
                reading.read(matcher, extra)
    for reading in readings:
        if reading.new_people:  # else every id the reading holds is already a person's
            reading.real = _resolver(reading.new_people, registered)
        reading.people = [pk for pk in map(reading.real, reading.named) if pk]

    _mentions_sync(readings, mentions)
    _ambiguous_sync(readings)
    proposed = _proposals_sync(readings, registered)
    quotes = _quotes_sync(readings)
    new_people = Person.objects.in_bulk(registered.values())
    return [
        Analysis(
            people=reading.people,
            registered=[
                new_people[registered[normalise_name(new.name)]]
                for new in reading.new_people
                if normalise_name(new.name) in registered
            ],
            proposed=proposed[reading.article_id],
            ambiguous=sorted(reading.ambiguous),
            quotes=quotes[reading.article_id][0],
            unattributed=quotes[reading.article_id][1],
        )
        for reading in readings
    ]


def _forms_of(people: Iterable[int]) -> dict[str, int]:
    """The names and aliases of people just registered, each with their id."""
    forms = dict(Person.objects.filter(pk__in=people).values_list("name", "pk"))
    forms |= dict(Alias.objects.filter(person__in=people).values_list("name", "person_id"))
    return forms


def _resolver(new_people: Sequence[NewPerson], registered: dict[str, int]):
    names = {new.key: normalise_name(new.name) for new in new_people}

    def real(pk: int | None) -> int | None:
        if pk is None or pk > 0:
            return pk
        return registered.get(names.get(pk, ""))

    return real


def _of_stories(ids: list[int]) -> Q:
    """A filter for the rows of these stories. Django prepares each value of an `IN` list in
    Python, which for 1,000 ids costs more than the query; the stories of an import batch
    were created together, with consecutive ids, and two bounds then say the same."""
    unique = set(ids)
    low, high = min(unique), max(unique)
    if high - low + 1 == len(unique):
        return Q(article__gte=low, article__lte=high)
    return Q(article__in=unique)


def _stored_mentions(ids: list[int]) -> dict[int, dict[int, tuple[int, str]]]:
    """The stories' mentions, whatever their origin: person -> (mention id, origin), by story."""
    stored: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)
    for pk, article_id, person_id, origin in Mention.objects.filter(_of_stories(ids)).values_list(
        "pk", "article_id", "person_id", "origin"
    ):
        stored[article_id][person_id] = (pk, origin)
    return stored


def _mentions_sync(readings: list[_Reading], current: dict[int, dict[int, tuple[int, str]]]):
    """Detected mentions become what was found, less anyone an editor removed. `current` is
    what the stories held before reading them: nothing in between writes mentions."""
    ids = [reading.article_id for reading in readings]
    suppressed: dict[int, set[int]] = defaultdict(set)
    for article_id, person_id in MentionSuppression.objects.filter(_of_stories(ids)).values_list(
        "article_id", "person_id"
    ):
        suppressed[article_id].add(person_id)
    stale, new = [], []
    for reading in readings:
        article_id = reading.article_id
        wanted = [pk for pk in reading.people if pk not in suppressed[article_id]]
        for person_id, (pk, origin) in current[article_id].items():
            if origin == _DETECTED and person_id not in wanted:
                stale.append(pk)
        new += [
            (article_id, pk, _DETECTED)
            for pk in dict.fromkeys(wanted)
            if pk not in current[article_id]
        ]
    if stale:
        Mention.objects.filter(pk__in=stale).delete()
    rows_insert(Mention, ("article", "person", "origin"), new)


def _ambiguous_sync(readings: list[_Reading]) -> None:
    AmbiguousMention.objects.filter(_of_stories([r.article_id for r in readings])).delete()
    flags, candidates = [], []
    for reading in readings:
        for name, ids in sorted(reading.ambiguous.items()):
            flags.append(AmbiguousMention(article=reading.article, name=name[:_MAX_NAME]))
            # Someone only proposed cannot be picked yet; the flag still shows the name.
            candidates.append({reading.real(pk) for pk in ids} - {None})
    AmbiguousMention.objects.bulk_create(flags)
    Through = AmbiguousMention.candidates.through
    Through.objects.bulk_create(
        Through(ambiguousmention_id=flag.pk, person_id=pk)
        for flag, people in zip(flags, candidates, strict=True)
        for pk in people
    )


def _proposals_sync(readings: list[_Reading], registered: dict[str, int]) -> dict[int, list]:
    """Propose each story's unregistered people, except names editors have already decided;
    returns the names proposed, by story."""
    wanted: dict[int, dict[str, NewPerson]] = {}
    for reading in readings:
        wanted[reading.article_id] = {
            normalise_name(new.name)[:_MAX_NAME]: new
            for new in reading.new_people
            if normalise_name(new.name) not in registered
        }
    names = {name for by_name in wanted.values() for name in by_name}
    stored = PersonProposal.objects.filter(normalised_name__in=names)
    proposals = {proposal.normalised_name: proposal for proposal in stored}
    fresh = []
    for by_name in wanted.values():
        for name, new in by_name.items():
            if name not in proposals:
                proposals[name] = PersonProposal(
                    name=new.name[:_MAX_NAME],
                    normalised_name=name,
                    office=new.office[:_MAX_NAME],
                    evidence=new.evidence,
                )
                fresh.append(proposals[name])
    PersonProposal.objects.bulk_create(fresh)

    # Names edited out of a story are no longer proposed because of it.
    Through = PersonProposal.articles.through
    pending = PersonProposal.Status.PENDING
    links = Through.objects.filter(
        _of_stories(list(wanted)), personproposal__status=pending
    ).values_list("pk", "article_id", "personproposal__normalised_name")
    stale = [pk for pk, article_id, name in links if name not in wanted[article_id]]
    if stale:
        Through.objects.filter(pk__in=stale).delete()
        PersonProposal.objects.filter(status=pending, articles=None).delete()

    proposed: dict[int, list[str]] = {}
    new_links = []
    for article_id, by_name in wanted.items():
        live = [proposals[name] for name in by_name if proposals[name].status == pending]
        proposed[article_id] = [proposal.name for proposal in live]
        new_links += [Through(personproposal_id=p.pk, article_id=article_id) for p in live]
    Through.objects.bulk_create(new_links, ignore_conflicts=True)
    return proposed


def _fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


def _quotes_sync(readings: list[_Reading]) -> dict[int, tuple[int, int]]:
    """Quotes as found, matched to the stored ones by their words: an editor's
    attribution stays. Returns each story's count of quotes, and of those with no speaker.

    Quotes are handled as rows of `_QUOTE_FIELDS`' values, not model instances: a batch
    holds thousands, and only those that changed are written.
    """
    ids = [reading.article_id for reading in readings]
    existing: dict[int, dict[str, tuple]] = defaultdict(dict)  # fingerprint -> (pk, *row)
    for pk, *row in Quote.objects.filter(_of_stories(ids)).values_list("pk", *_QUOTE_COLUMNS):
        existing[row[0]][row[1]] = (pk, *row)
    speakers = {r.real(q.person) for r in readings for q in r.quotes} - {None}
    offices = _SpeakerOffices(speakers)
    changed, created, counts = [], [], {}
    for reading in readings:
        article, article_id = reading.article, reading.article_id
        stored, seen, unattributed = existing[article_id], set(), 0
        day = (article.published_at or timezone.now()).date()
        for item in reading.quotes:
            fingerprint = _fingerprint(item.text)
            if fingerprint in seen:
                continue  # the same words twice, say as a pull quote: one record
            seen.add(fingerprint)
            before = stored.pop(fingerprint, None)
            if before is not None and before[_ATTRIBUTION] == Quote.Attribution.EDITOR:
                person, attribution, speaker_text, office = before[_ATTRIBUTION - 1 :]
            else:
                person = reading.real(item.person)
                attribution = item.attribution if person else Quote.Attribution.UNCLEAR
                speaker_text = item.speaker_text[:_MAX_NAME]
                office = offices.of(person, day=day)
            row = (article_id, fingerprint, item.text, item.paragraph, len(seen) - 1, person)
            row += (attribution, speaker_text, office)
            if before is None:
                created.append(row)
            elif before[1:] != row:
                changed.append(Quote(pk=before[0], **dict(zip(_QUOTE_COLUMNS, row, strict=True))))
            unattributed += person is None
        counts[article_id] = (len(seen), unattributed)
    gone = [quote[0] for stored in existing.values() for quote in stored.values()]
    if gone:
        Quote.objects.filter(pk__in=gone).delete()
    Quote.objects.bulk_update(changed, _QUOTE_FIELDS[2:])
    if created:
        rows_insert(Quote, _QUOTE_FIELDS, created)
    return counts


class _SpeakerOffices:
    """Each speaker's office on a story's date: a dated office held then, else the office
    they are registered with."""

    def __init__(self, people: set[int]) -> None:
        self.current: dict[int, str] = {}
        self.offices: dict[int, list[tuple]] = defaultdict(list)  # (title, started, ended)
        # One query for both: each person, once per office, in the offices' own order.
        rows = Person.objects.filter(pk__in=people).order_by(*_OFFICE_ORDER)
        for pk, current, *office in rows.values_list("pk", "office", *_OFFICE_VALUES):
            self.current[pk] = current
            if office[0] is not None:
                self.offices[pk].append(office)

    def of(self, person: int | None, *, day) -> str:
        if person is None:
            return ""
        held = [office for office in self.offices[person] if office_held_on(*office[1:], day)]
        # The most specific: one with a start date beats an undated one.
        held.sort(key=lambda office: office[1] is None)
        return held[0][0] if held else self.current.get(person, "")


def speaker_office(person: Person | None, *, article: Article) -> str:
    """`person`'s office when `article` ran, as a quote records it."""
    if person is None:
        return ""
    day = (article.published_at or timezone.now()).date()
    return _SpeakerOffices({person.pk}).of(person.pk, day=day)
