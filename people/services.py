"""Writes about people: registering and merging them, and reading a story for who is in it.

The admin, the importers and the commands all call these.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Mention, MentionSuppression
from newsroom.slugs import unique_slug
from people.detection import NewPerson
from people.matcher import matcher_invalidate
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


def people_register(*, new_people: Iterable[NewPerson]) -> dict[str, int]:
    """Register people named after an office title, unless an editor rejected the name.

    Returns their ids by normalised name. Off with NEWSROOM_REGISTER_TITLED_PEOPLE, when
    they wait as proposals like everyone else.
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
        normalised: person_create(name=new.name, office=new.office).pk
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
    from people.analysis import speaker_office

    quote.person = person
    quote.attribution = Quote.Attribution.EDITOR if person else Quote.Attribution.UNCLEAR
    quote.speaker_office = speaker_office(person, article=quote.article)
    quote.save(update_fields=["person", "attribution", "speaker_office"])
    return quote


@transaction.atomic
def proposal_confirm(*, proposal: PersonProposal) -> Person:
    """Register the proposed person (or link one registered since) and read their stories
    again, so they are mentioned and their quotes attributed."""
    from articles.related import related_refresh
    from people.analysis import article_analyse

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
