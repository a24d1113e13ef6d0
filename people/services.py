"""Writes about people: registering and merging them, and reading a story for who is in it.

The admin, the importers and the commands all call these.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.html import html_text_blocks
from articles.models import Article, Mention, MentionSuppression
from newsroom.slugs import unique_slug
from people.detection import Detection, NewPerson, detect
from people.matcher import Matcher, matcher_invalidate, people_matcher
from people.models import (
    Alias,
    AmbiguousMention,
    Office,
    Person,
    PersonProposal,
    PersonRedirect,
    Quote,
    SameAs,
)
from people.names import normalise_name, surname_of
from people.quotes import FoundQuote, extract_quotes


@dataclass
class Analysis:
    """What reading one story found, for the editor who saved it."""

    people: list[int] = field(default_factory=list)
    registered: list[Person] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    quotes: int = 0
    unattributed: int = 0


def article_blocks(article: Article) -> tuple[list[str], int]:
    """The story's text in blocks (headline, dek, caption, paragraphs), and where the body
    starts: quotes are taken from the body only."""
    head = [article.headline, article.dek]
    if article.lead_image_id and article.lead_image.caption:
        head.append(article.lead_image.caption)
    head = [part for part in head if part]
    return head + html_text_blocks(article.body or ""), len(head)


@transaction.atomic
def article_analyse(*, article: Article, matcher: Matcher | None = None) -> Analysis:
    """Find who the story names and quotes, and store it: mentions, quotes, proposals.

    Editors' choices survive: people they added or removed by hand, and quotes they
    attributed, stay as they left them.
    """
    blocks, body_start = article_blocks(article)
    manual = set(
        article.mentions.filter(origin=Mention.Origin.MANUAL).values_list("person_id", flat=True)
    )
    detection = detect(blocks, matcher=matcher or people_matcher(), known=manual)
    registered = people_register(new_people=detection.new_people)

    def real(pk: int | None) -> int | None:
        return pk if pk is None or pk > 0 else registered.get(pk)

    people = [pk for pk in map(real, detection.people) if pk]
    _mentions_sync(article, people)
    _ambiguous_sync(article, detection, real)
    proposed = _proposals_sync(
        article, [new for new in detection.new_people if new.key not in registered]
    )
    quotes = _quotes_sync(article, extract_quotes(detection, first_block=body_start), real)
    return Analysis(
        people=people,
        registered=list(Person.objects.filter(pk__in=registered.values())),
        proposed=proposed,
        ambiguous=sorted(detection.ambiguous),
        quotes=len(quotes),
        unattributed=sum(1 for quote in quotes if quote.person_id is None),
    )


def people_register(*, new_people: Iterable[NewPerson]) -> dict[int, int]:
    """Register people named after an office title, unless an editor rejected the name.

    Returns their ids by the keys detection gave them. Off with
    NEWSROOM_REGISTER_TITLED_PEOPLE, when they wait as proposals like everyone else.
    """
    if not settings.NEWSROOM_REGISTER_TITLED_PEOPLE:
        return {}
    titled = {normalise_name(new.name): new for new in new_people if new.is_titled}
    if not titled:
        return {}
    rejected = set(
        PersonProposal.objects.filter(
            normalised_name__in=titled, status=PersonProposal.Status.REJECTED
        ).values_list("normalised_name", flat=True)
    )
    return {
        new.key: person_create(name=new.name, office=new.office).pk
        for normalised, new in titled.items()
        if normalised not in rejected
    }


@transaction.atomic
def person_create(*, name: str, office: str = "") -> Person:
    """A new person with their office, and their surname as an alias for later mentions."""
    max_office = Person._meta.get_field("office").max_length
    person = Person.objects.create(
        name=name, office=office[:max_office], slug=unique_slug(Person, name, fallback="person")
    )
    if office:
        Office.objects.create(person=person, title=office[:max_office])
    if surname := surname_of(name):
        Alias.objects.create(person=person, name=surname)
    return person


def _mentions_sync(article: Article, people: list[int]) -> None:
    """Detected mentions become `people`, less anyone an editor removed; manual ones stay."""
    suppressed = set(
        MentionSuppression.objects.filter(article=article).values_list("person_id", flat=True)
    )
    wanted = [pk for pk in people if pk not in suppressed]
    article.mentions.filter(origin=Mention.Origin.DETECTED).exclude(person__in=wanted).delete()
    linked = set(article.mentions.values_list("person_id", flat=True))
    Mention.objects.bulk_create(
        Mention(article=article, person_id=pk, origin=Mention.Origin.DETECTED)
        for pk in wanted
        if pk not in linked
    )


def _ambiguous_sync(article: Article, detection: Detection, real) -> None:
    article.ambiguous_mentions.all().delete()
    for name, candidates in sorted(detection.ambiguous.items()):
        # Someone only proposed cannot be picked yet; the flag still shows the name.
        registered = {real(pk) for pk in candidates} - {None}
        flagged = AmbiguousMention.objects.create(article=article, name=name[:200])
        flagged.candidates.set(registered)


def _proposals_sync(article: Article, new_people: list[NewPerson]) -> list[str]:
    """Propose the story's unregistered people, except names editors have already decided."""
    by_name = {normalise_name(new.name)[:200]: new for new in new_people}
    existing = {
        p.normalised_name: p for p in PersonProposal.objects.filter(normalised_name__in=by_name)
    }
    # Names edited out of the story are no longer proposed because of it.
    for stale in article.person_proposals.filter(status=PersonProposal.Status.PENDING).exclude(
        normalised_name__in=by_name
    ):
        stale.articles.remove(article)
        if not stale.articles.exists():
            stale.delete()
    proposed = []
    for normalised, new in by_name.items():
        proposal = existing.get(normalised)
        if proposal is None:
            proposal = PersonProposal.objects.create(
                name=new.name[:200],
                normalised_name=normalised,
                office=new.office[:200],
                evidence=new.evidence,
            )
        elif proposal.status != PersonProposal.Status.PENDING:
            continue
        proposal.articles.add(article)
        proposed.append(proposal.name)
    return proposed


def _fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


def _quotes_sync(article: Article, found: list[FoundQuote], real) -> list[Quote]:
    existing = {quote.fingerprint: quote for quote in article.quotes.all()}
    kept, created, seen = [], [], set()
    offices = _SpeakerOffices(article, {real(f.person) for f in found} - {None})
    for item in found:
        fingerprint = _fingerprint(item.text)
        if fingerprint in seen:
            continue  # the same words twice, say as a pull quote: one record
        seen.add(fingerprint)
        quote = existing.pop(fingerprint, None) or Quote(article=article, fingerprint=fingerprint)
        quote.text = item.text
        quote.paragraph = item.paragraph
        quote.position = len(seen) - 1
        if quote.attribution != Quote.Attribution.EDITOR:
            person = real(item.person)
            quote.person_id = person
            quote.attribution = item.attribution if person else Quote.Attribution.UNCLEAR
            quote.speaker_text = item.speaker_text[:200]
            quote.speaker_office = offices.of(person)
        (kept if quote.pk else created).append(quote)
    if existing:
        Quote.objects.filter(pk__in=[quote.pk for quote in existing.values()]).delete()
    fields = ["text", "paragraph", "position", "person", "attribution"]
    Quote.objects.bulk_update(kept, [*fields, "speaker_text", "speaker_office"])
    Quote.objects.bulk_create(created)
    return kept + created


class _SpeakerOffices:
    """Each speaker's office on the story's date: a dated office held then, else the
    office they are registered with."""

    def __init__(self, article: Article, people: set[int]) -> None:
        self.day = (article.published_at or timezone.now()).date()
        self.offices: dict[int, list[Office]] = {}
        for office in Office.objects.filter(person__in=people):
            self.offices.setdefault(office.person_id, []).append(office)
        self.current = dict(Person.objects.filter(pk__in=people).values_list("pk", "office"))

    def of(self, person: int | None) -> str:
        if person is None:
            return ""
        held = [office for office in self.offices.get(person, []) if office.held_on(self.day)]
        # The most specific: one with a start date beats an undated one.
        held.sort(key=lambda office: office.started_on is None)
        return held[0].title if held else self.current.get(person, "")


# Editors' decisions.


@transaction.atomic
def mentions_edit(
    *, article: Article, added: Iterable[Person] = (), removed: Iterable[Person] = ()
) -> None:
    """An editor's hand: people added stay, people removed are never detected back."""
    for person in removed:
        Mention.objects.filter(article=article, person=person).delete()
        MentionSuppression.objects.get_or_create(article=article, person=person)
    for person in added:
        Mention.objects.update_or_create(
            article=article, person=person, defaults={"origin": Mention.Origin.MANUAL}
        )
        MentionSuppression.objects.filter(article=article, person=person).delete()


@transaction.atomic
def quote_attribute(*, quote: Quote, person: Person | None) -> Quote:
    """An editor names the speaker; later saves of the story keep their choice."""
    quote.person = person
    quote.attribution = Quote.Attribution.EDITOR if person else Quote.Attribution.UNCLEAR
    quote.speaker_office = _SpeakerOffices(quote.article, {person.pk} if person else set()).of(
        person.pk if person else None
    )
    quote.save(update_fields=["person", "attribution", "speaker_office"])
    return quote


@transaction.atomic
def proposal_confirm(*, proposal: PersonProposal) -> Person:
    """Register the proposed person (or link one registered since) and read their stories
    again, so they are mentioned and their quotes attributed."""
    from articles.related import related_refresh

    person = Person.objects.filter(name=proposal.name).first() or person_create(
        name=proposal.name, office=proposal.office
    )
    proposal.status = PersonProposal.Status.CONFIRMED
    proposal.person = person
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "person", "decided_at"])
    matcher_invalidate()
    for article in proposal.articles.select_related("lead_image"):
        article_analyse(article=article)
        if person.pk not in set(article.mentions.values_list("person_id", flat=True)):
            # Named in a way detection cannot see again: the editor's word is enough.
            mentions_edit(article=article, added=[person])
        related_refresh(article=article)
    return person


@transaction.atomic
def proposal_reject(*, proposal: PersonProposal) -> None:
    """Not a person (or not one we track): the name will not be proposed again."""
    proposal.status = PersonProposal.Status.REJECTED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])


@dataclass
class Merge:
    mentions: int
    quotes: int
    aliases: int


@transaction.atomic
def people_merge(*, survivor: Person, merged: Person) -> Merge:
    """Fold `merged` into `survivor`: their mentions, quotes, aliases, offices and links move
    over, their name becomes an alias, and their page redirects for good."""
    from articles.related import related_refresh

    if survivor.pk == merged.pk:
        raise ValueError("A person cannot be merged into themselves.")
    articles = list(Article.objects.filter(mentions__person=merged).select_related("lead_image"))

    # Where both were mentioned one mention stays, and an editor's choice on either wins.
    survivor_articles = Mention.objects.filter(person=survivor).values("article")
    chosen = Mention.objects.filter(person=merged, origin=Mention.Origin.MANUAL).values("article")
    Mention.objects.filter(person=survivor, article__in=chosen).update(origin=Mention.Origin.MANUAL)
    Mention.objects.filter(person=merged, article__in=survivor_articles).delete()
    mentions = Mention.objects.filter(person=merged).update(person=survivor)
    suppressed = MentionSuppression.objects.filter(person=survivor).values("article")
    MentionSuppression.objects.filter(person=merged, article__in=suppressed).delete()
    MentionSuppression.objects.filter(person=merged).update(person=survivor)
    quotes = Quote.objects.filter(person=merged).update(person=survivor)

    names = {survivor.name, *survivor.aliases.values_list("name", flat=True)}
    merged.aliases.filter(name__in=names).delete()
    aliases = merged.aliases.update(person=survivor)
    if merged.name not in names:
        Alias.objects.create(person=survivor, name=merged.name)
        aliases += 1
    for office in merged.offices.all():
        if not survivor.offices.filter(
            title=office.title, started_on=office.started_on, ended_on=office.ended_on
        ).exists():
            Office.objects.filter(pk=office.pk).update(person=survivor)
    urls = survivor.same_as.values("url")
    SameAs.objects.filter(person=merged).exclude(url__in=urls).update(person=survivor)
    for flagged in AmbiguousMention.objects.filter(candidates=merged):
        flagged.candidates.add(survivor)
    PersonProposal.objects.filter(person=merged).update(person=survivor)
    PersonRedirect.objects.filter(person=merged).update(person=survivor)
    PersonRedirect.objects.update_or_create(old_slug=merged.slug, defaults={"person": survivor})

    for name in ("office", "description", "photo", "wikidata_id"):
        if not getattr(survivor, name) and getattr(merged, name):
            setattr(survivor, name, getattr(merged, name))
    merged.delete()
    survivor.save()
    matcher_invalidate()
    for article in articles:
        related_refresh(article=article)
    return Merge(mentions=mentions, quotes=quotes, aliases=aliases)
