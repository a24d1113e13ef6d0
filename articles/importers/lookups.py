"""Find or create the records stories point at: outlets, contributors, sections, tags, people.

Matching is by name in any case, by slug, and for people by alias too, so a re-run or a
second format never duplicates them. One `Lookups` lives for one import run and remembers
what it has matched: a million-story archive names the same few thousand contributors,
tags and people over and over, and each is looked up once.
"""

from collections import ChainMap

from django.db.models import Q
from django.utils.text import slugify
from taggit.models import Tag

from articles.models import Section
from newsroom.slugs import unique_slug
from people import detection
from people.models import Contributor, Outlet, Person

# Names the run has looked up and found nobody for; bounded so a vast archive's vocabulary
# of capitalised phrases cannot fill memory.
_MAX_UNKNOWN_NAMES = 200_000


class Lookups:
    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        """Drop everything remembered: after a rollback, remembered rows may not exist."""
        self._outlets: dict[str, Outlet] = {}
        self._contributors: dict[tuple[str, int | None], Contributor] = {}
        self._sections: dict[str, Section] = {}
        self._tags: dict[str, int] = {}
        self._people: dict[str, int] = {}
        # For name detection: a name or alias as written, and the people it may mean.
        self._known_names: dict[str, set[int]] = {}
        self._unknown_names: set[str] = set()

    def outlet(self, name: str) -> Outlet:
        key = name.casefold()
        if key not in self._outlets:
            self._outlets[key] = outlet_for(name)
        return self._outlets[key]

    def contributor(self, name: str, *, outlet: Outlet | None) -> Contributor:
        key = (name.casefold(), outlet.pk if outlet else None)
        if key not in self._contributors:
            self._contributors[key] = contributor_for(name, outlet=outlet)
        return self._contributors[key]

    def section(self, name: str, *, slug: str = "") -> Section:
        key = name.casefold()
        if key not in self._sections:
            self._sections[key] = section_for(name, slug=slug)
        return self._sections[key]

    def tag_ids(self, names: tuple[str, ...], *, slugs: tuple[str, ...] = ()) -> list[int]:
        """Each tag's id, in order and once each, creating the tags that do not exist yet."""
        ids: dict[int, None] = {}
        for name, slug in zip(names, slugs or ("",) * len(names), strict=True):
            key = name.casefold()
            if key not in self._tags:
                self._tags[key] = tag_for(name, slug=slug).pk
            ids[self._tags[key]] = None
        return list(ids)

    def person_ids(self, names: tuple[str, ...]) -> list[int]:
        """People a source lists by name: matched by name, alias or slug, else created."""
        ids: dict[int, None] = {}
        for name in names:
            key = name.casefold()
            if key not in self._people:
                person = person_for(name)
                self._people[key] = person.pk
                self._remember_name(person.name, person.pk)
            ids[self._people[key]] = None
        return list(ids)

    def mentioned_person_ids(self, text: str) -> list[int]:
        """People the text names, in order of first mention; new titled people are created.

        The rules are people.detection's (ambiguous names link nobody; an office before a
        full name creates the person); only the database look-ups are remembered here.
        """
        # merge point: issue 5 (its mention service replaces this once it is fast enough).
        runs = detection._name_runs(text)
        self._learn({name for run in runs for name in detection._spans(run)})
        # Story-local decisions (which of two namesakes is meant) must not leak to the next.
        known = ChainMap({}, self._known_names)
        for titled in detection.find_titled_names(text):
            ids = known.get(titled.name)
            if not ids:
                person = detection._person_create(name=titled.name, office=titled.office)
                for name in filter(None, (person.name, detection.surname_of(person.name))):
                    self._remember_name(name, person.pk)
            elif len(ids) > 1:
                same_office = Person.objects.filter(pk__in=ids, office__iexact=titled.office)
                if len(matches := list(same_office.values_list("pk", flat=True))) == 1:
                    known[titled.name] = set(matches)
        first_seen: dict[int, int] = {}
        for position, ids in detection._mentions(runs, known):
            if len(ids) == 1:
                first_seen.setdefault(next(iter(ids)), position)
        return sorted(first_seen, key=first_seen.__getitem__)

    def _learn(self, names: set[str]) -> None:
        unseen = names - self._known_names.keys() - self._unknown_names
        if not unseen:
            return
        found = detection._registered(unseen)
        for name, ids in found.items():
            self._known_names.setdefault(name, set()).update(ids)
        if len(self._unknown_names) > _MAX_UNKNOWN_NAMES:
            self._unknown_names.clear()
        self._unknown_names |= unseen - found.keys()

    def _remember_name(self, name: str, pk: int) -> None:
        self._unknown_names.discard(name)
        self._known_names.setdefault(name, set()).add(pk)


def _clipped(model, name: str) -> str:
    return name[: model._meta.get_field("name").max_length].strip()


def outlet_for(name: str) -> Outlet:
    """The outlet with this name, in any case, or this slug; created if there is none."""
    name = _clipped(Outlet, name)
    outlet = Outlet.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()
    return outlet or Outlet.objects.create(
        name=name, slug=unique_slug(Outlet, name, fallback="outlet")
    )


def contributor_for(name: str, *, outlet: Outlet | None) -> Contributor:
    """The contributor with this name or slug, preferring one at `outlet`; created if none."""
    name = _clipped(Contributor, name)
    matches = Contributor.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name)))
    contributor = min(
        matches, key=lambda c: (c.outlet_id != getattr(outlet, "pk", None), c.pk), default=None
    )
    if contributor is None:
        return Contributor.objects.create(
            name=name, slug=unique_slug(Contributor, name, fallback="contributor"), outlet=outlet
        )
    if outlet and contributor.outlet_id is None:
        # Fill a blank, never overwrite: an editor may have set a different outlet on purpose.
        contributor.outlet = outlet
        contributor.save(update_fields=["outlet"])
    return contributor


def section_for(name: str, *, slug: str = "") -> Section:
    """The section with this slug, or this name in any case; created if there is none."""
    name = _clipped(Section, name)
    slug = slugify(slug or name)
    section = Section.objects.filter(Q(name__iexact=name) | Q(slug=slug)).order_by("pk").first()
    return section or Section.objects.create(
        name=name, slug=unique_slug(Section, slug, fallback="section")
    )


def tag_for(name: str, *, slug: str = "") -> Tag:
    name = _clipped(Tag, name)
    slug = slugify(slug or name)
    tag = Tag.objects.filter(Q(name__iexact=name) | Q(slug=slug)).order_by("pk").first()
    return tag or Tag.objects.create(name=name, slug=unique_slug(Tag, slug, fallback="tag"))


def person_for(name: str) -> Person:
    """The person with this name, alias or slug; created, without an office, if none."""
    name = _clipped(Person, name)
    person = Person.objects.filter(
        Q(name__iexact=name) | Q(slug=slugify(name)) | Q(aliases__name__iexact=name)
    ).order_by("pk")
    return person.first() or detection._person_create(name=name, office="")
