"""Find or create the records stories point at: outlets, contributors, sections, tags, people.

Matching is by name in any case, by slug, and for people by alias too, so a re-run or a
second format never duplicates them. (People a story's text names are found when the story
is read: `people.analysis`.) One `Lookups` lives for one import run and holds
these vocabulary tables in memory, loaded once: a million-story archive names the same few
thousand contributors, tags and people over and over, and each look-up is then a dict
access rather than a query (SQLite cannot use an index for a case-insensitive match).
"""

from collections import defaultdict

from django.utils.text import slugify
from taggit.models import Tag

from articles.models import Section
from newsroom.slugs import free_slug, slug_base
from people.models import Alias, Contributor, Outlet, Person
from people.names import surname_of


class _Table:
    """A model's rows by lower-cased name and by slug, and every slug taken."""

    def __init__(self, model, rows) -> None:
        self.model = model
        self.by_name: dict[str, list] = defaultdict(list)
        self.by_slug: dict[str, object] = {}
        self.slugs: set[str] = set()
        for row in rows:
            self.add(row)

    def add(self, row) -> None:
        self.by_name[row.name.casefold()].append(row)
        self.by_slug[row.slug] = row
        self.slugs.add(row.slug)

    def matches(self, name: str, *, slug: str = "") -> list:
        """Rows of this name in any case, oldest first; failing that, of this slug."""
        if found := self.by_name.get(name.casefold()):
            return found
        keys = dict.fromkeys(filter(None, (slugify(slug), slugify(name))))
        return [row for key in keys if (row := self.by_slug.get(key)) is not None][:1]

    def create(self, *, name: str, slug: str = "", **fields):
        max_length = self.model._meta.get_field("slug").max_length
        fallback = self.model._meta.model_name
        base = slug_base(slug or name, fallback=fallback, max_length=max_length)
        row = self.model.objects.create(
            name=name, slug=free_slug(base, taken=self.slugs, max_length=max_length), **fields
        )
        self.add(row)
        return row


class Lookups:
    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        """Drop everything held: after a rollback, rows it remembers may not exist."""
        self._tables: dict[type, _Table] = {}
        # People's aliases in lower case, for people a source lists by name.
        self._aliases: dict[str, list[int]] | None = None

    def outlet(self, name: str) -> Outlet:
        table = self._table(Outlet)
        name = _clipped(Outlet, name)
        return next(iter(table.matches(name)), None) or table.create(name=name)

    def contributor(self, name: str, *, outlet: Outlet | None) -> Contributor:
        """The contributor with this name or slug, preferring one at `outlet`; created if none."""
        table = self._table(Contributor)
        name = _clipped(Contributor, name)
        outlet_id = outlet.pk if outlet else None
        matches = table.matches(name)
        if not matches:
            return table.create(name=name, outlet=outlet)
        contributor = min(matches, key=lambda c: (c.outlet_id != outlet_id, c.pk))
        if outlet and contributor.outlet_id is None:
            # Fill a blank, never overwrite: an editor may have set another outlet on purpose.
            contributor.outlet = outlet
            contributor.save(update_fields=["outlet"])
        return contributor

    def section(self, name: str, *, slug: str = "") -> Section:
        table = self._table(Section)
        name = _clipped(Section, name)
        return next(iter(table.matches(name, slug=slug)), None) or table.create(
            name=name, slug=slug
        )

    def tag_ids(self, names: tuple[str, ...], *, slugs: tuple[str, ...] = ()) -> list[int]:
        """Each tag's id, in order and once each, creating the tags that do not exist yet."""
        table = self._table(Tag)
        ids: dict[int, None] = {}
        for name, slug in zip(names, slugs or ("",) * len(names), strict=True):
            name = _clipped(Tag, name)
            tag = next(iter(table.matches(name, slug=slug)), None)
            ids[(tag or table.create(name=name, slug=slug)).pk] = None
        return list(ids)

    def person_ids(self, names: tuple[str, ...]) -> list[int]:
        """People a source lists by name: matched by name, alias or slug, else created."""
        table = self._table(Person)
        ids: dict[int, None] = {}
        for name in names:
            name = _clipped(Person, name)
            matches = table.matches(name)
            pk = matches[0].pk if matches else self._alias_match(name)
            if pk is None:
                pk = self._person_create(name=name, office="").pk
            ids[pk] = None
        return list(ids)

    def _table(self, model) -> _Table:
        if model not in self._tables:
            fields = ("pk", "name", "slug", "outlet_id") if model is Contributor else None
            rows = model.objects.only(*fields) if fields else model.objects.all()
            self._tables[model] = _Table(model, rows.order_by("pk").iterator(chunk_size=2000))
        return self._tables[model]

    def _known_aliases(self) -> dict[str, list[int]]:
        if self._aliases is None:
            self._aliases = defaultdict(list)
            for name, pk in Alias.objects.values_list("name", "person_id").order_by("person_id"):
                self._aliases[name.casefold()].append(pk)
        return self._aliases

    def _alias_match(self, name: str) -> int | None:
        return next(iter(self._known_aliases().get(name.casefold(), ())), None)

    def _person_create(self, *, name: str, office: str) -> Person:
        max_office = Person._meta.get_field("office").max_length
        person = self._table(Person).create(name=name, office=office[:max_office])
        # The next story, and the rest of this one, may call them by surname alone.
        if surname := surname_of(person.name):
            Alias.objects.create(person=person, name=surname)
            self._known_aliases()[surname.casefold()].append(person.pk)
        return person


def _clipped(model, name: str) -> str:
    return name[: model._meta.get_field("name").max_length].strip()
