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
from django.utils import timezone

from articles.html import html_text_blocks
from articles.models import Article, Mention, MentionSuppression
from people.detection import Detection, NewPerson, detect
from people.matcher import Matcher, people_matcher
from people.models import Alias, AmbiguousMention, Office, Person, PersonProposal, Quote
from people.names import normalise_name
from people.quotes import FoundQuote, extract_quotes
from people.services import people_register

_MAX_NAME = PersonProposal._meta.get_field("name").max_length


@dataclass
class Analysis:
    """What reading one story found, for the editor who saved it."""

    people: list[int] = field(default_factory=list)
    registered: list[Person] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    quotes: int = 0
    unattributed: int = 0


@dataclass
class _Reading:
    article: Article
    blocks: list[str]
    detection: Detection
    body_start: int
    # A detected person's id, from a registered id or a new person's (negative) key.
    real: Callable[[int | None], int | None] = lambda pk: pk
    people: list[int] = field(default_factory=list)
    quotes: list[FoundQuote] = field(default_factory=list)


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
    ids = [article.pk for article in articles]
    kept: dict[int, set[int]] = defaultdict(set)  # people no detection may remove
    for article_id, person_id in (
        Mention.objects.filter(article__in=ids)
        .exclude(origin=Mention.Origin.DETECTED)
        .values_list("article_id", "person_id")
    ):
        kept[article_id].add(person_id)
    readings = []
    for article in articles:
        blocks, body_start = article_blocks(article)
        detection = detect(blocks, matcher=matcher, known=kept[article.pk])
        readings.append(_Reading(article, blocks, detection, body_start))

    registered = people_register(
        new_people=[new for reading in readings for new in reading.detection.new_people]
    )
    if registered:
        # Someone one story registers may be named (without their title) in another.
        extra = _forms_of(registered.values())
        for reading in readings:
            if any(form in reading.detection.text for form in extra):
                reading.detection = detect(
                    reading.blocks, matcher=matcher, known=kept[reading.article.pk], extra=extra
                )
    for reading in readings:
        reading.real = _resolver(reading.detection, registered)
        reading.people = [pk for pk in map(reading.real, reading.detection.people) if pk]
        reading.quotes = extract_quotes(reading.detection, first_block=reading.body_start)

    _mentions_sync(readings)
    _ambiguous_sync(readings)
    proposed = _proposals_sync(readings, registered)
    quotes = _quotes_sync(readings)
    new_people = Person.objects.in_bulk(registered.values())
    return [
        Analysis(
            people=reading.people,
            registered=[
                new_people[registered[normalise_name(new.name)]]
                for new in reading.detection.new_people
                if normalise_name(new.name) in registered
            ],
            proposed=proposed[reading.article.pk],
            ambiguous=sorted(reading.detection.ambiguous),
            quotes=len(quotes[reading.article.pk]),
            unattributed=sum(1 for q in quotes[reading.article.pk] if q.person_id is None),
        )
        for reading in readings
    ]


def _forms_of(people: Iterable[int]) -> dict[str, int]:
    """The names and aliases of people just registered, each with their id."""
    forms = dict(Person.objects.filter(pk__in=people).values_list("name", "pk"))
    forms |= dict(Alias.objects.filter(person__in=people).values_list("name", "person_id"))
    return forms


def _resolver(detection: Detection, registered: dict[str, int]):
    names = {new.key: normalise_name(new.name) for new in detection.new_people}

    def real(pk: int | None) -> int | None:
        if pk is None or pk > 0:
            return pk
        return registered.get(names.get(pk, ""))

    return real


def _mentions_sync(readings: list[_Reading]) -> None:
    """Detected mentions become what was found, less anyone an editor removed."""
    ids = [reading.article.pk for reading in readings]
    suppressed: dict[int, set[int]] = defaultdict(set)
    for article_id, person_id in MentionSuppression.objects.filter(article__in=ids).values_list(
        "article_id", "person_id"
    ):
        suppressed[article_id].add(person_id)
    current: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)
    for pk, article_id, person_id, origin in Mention.objects.filter(article__in=ids).values_list(
        "pk", "article_id", "person_id", "origin"
    ):
        current[article_id][person_id] = (pk, origin)
    stale, new = [], []
    for reading in readings:
        article_id = reading.article.pk
        wanted = [pk for pk in reading.people if pk not in suppressed[article_id]]
        for person_id, (pk, origin) in current[article_id].items():
            if origin == Mention.Origin.DETECTED and person_id not in wanted:
                stale.append(pk)
        new += [
            Mention(article_id=article_id, person_id=pk, origin=Mention.Origin.DETECTED)
            for pk in dict.fromkeys(wanted)
            if pk not in current[article_id]
        ]
    if stale:
        Mention.objects.filter(pk__in=stale).delete()
    Mention.objects.bulk_create(new)


def _ambiguous_sync(readings: list[_Reading]) -> None:
    AmbiguousMention.objects.filter(article__in=[r.article.pk for r in readings]).delete()
    flags, candidates = [], []
    for reading in readings:
        for name, ids in sorted(reading.detection.ambiguous.items()):
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
        wanted[reading.article.pk] = {
            normalise_name(new.name)[:_MAX_NAME]: new
            for new in reading.detection.new_people
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
        article__in=list(wanted), personproposal__status=pending
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


def _quotes_sync(readings: list[_Reading]) -> dict[int, list[Quote]]:
    """Quotes as found, matched to the stored ones by their words: an editor's
    attribution stays. Returns each story's quotes."""
    existing: dict[int, dict[str, Quote]] = defaultdict(dict)
    for quote in Quote.objects.filter(article__in=[r.article.pk for r in readings]):
        existing[quote.article_id][quote.fingerprint] = quote
    speakers = {r.real(q.person) for r in readings for q in r.quotes} - {None}
    offices = _SpeakerOffices(speakers)
    kept, created, by_article = [], [], {}
    for reading in readings:
        article = reading.article
        stored, seen, quotes = existing[article.pk], set(), []
        day = (article.published_at or timezone.now()).date()
        for item in reading.quotes:
            fingerprint = _fingerprint(item.text)
            if fingerprint in seen:
                continue  # the same words twice, say as a pull quote: one record
            seen.add(fingerprint)
            quote = stored.pop(fingerprint, None) or Quote(article=article, fingerprint=fingerprint)
            quote.text = item.text
            quote.paragraph = item.paragraph
            quote.position = len(seen) - 1
            if quote.attribution != Quote.Attribution.EDITOR:
                person = reading.real(item.person)
                quote.person_id = person
                quote.attribution = item.attribution if person else Quote.Attribution.UNCLEAR
                quote.speaker_text = item.speaker_text[:_MAX_NAME]
                quote.speaker_office = offices.of(person, day=day)
            (kept if quote.pk else created).append(quote)
            quotes.append(quote)
        by_article[article.pk] = quotes
    gone = [quote.pk for stored in existing.values() for quote in stored.values()]
    if gone:
        Quote.objects.filter(pk__in=gone).delete()
    fields = ["text", "paragraph", "position", "person", "attribution"]
    Quote.objects.bulk_update(kept, [*fields, "speaker_text", "speaker_office"])
    Quote.objects.bulk_create(created)
    return by_article


class _SpeakerOffices:
    """Each speaker's office on a story's date: a dated office held then, else the office
    they are registered with."""

    def __init__(self, people: set[int]) -> None:
        self.offices: dict[int, list[Office]] = defaultdict(list)
        for office in Office.objects.filter(person__in=people):
            self.offices[office.person_id].append(office)
        self.current = dict(Person.objects.filter(pk__in=people).values_list("pk", "office"))

    def of(self, person: int | None, *, day) -> str:
        if person is None:
            return ""
        held = [office for office in self.offices[person] if office.held_on(day)]
        # The most specific: one with a start date beats an undated one.
        held.sort(key=lambda office: office.started_on is None)
        return held[0].title if held else self.current.get(person, "")


def speaker_office(person: Person | None, *, article: Article) -> str:
    """`person`'s office when `article` ran, as a quote records it."""
    if person is None:
        return ""
    day = (article.published_at or timezone.now()).date()
    return _SpeakerOffices({person.pk}).of(person.pk, day=day)
