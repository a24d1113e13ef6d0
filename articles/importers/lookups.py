"""Find or create the records stories point at: outlets, contributors, sections, tags, people.

Matching is by name in any case, by slug, and for people by alias too, so a re-run or a
second format never duplicates them. (People a story's text names are found when the story
is read: `people.analysis`.) One `Lookups` lives for one import run and holds
these vocabulary tables in memory, loaded once: a million-story archive names the same few
thousand contributors, tags and people over and over, and each look-up is then a dict
access rather than a query (SQLite cannot use an index for a case-insensitive match).

Rows are created together: inside `together()`, each table's new rows are inserted at the
end with one query, and the people matcher is rebuilt once, rather than once per person.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.text import slugify
from taggit.models import Tag

from articles.cache import SITE, mark_changed
from articles.models import Section
from newsroom.bulk import instances_insert, rows_insert
from newsroom.slugs import free_slug, slug_base
from people.matcher import matcher_invalidate
from people.models import Alias, Contributor, Outlet, Person
from people.names import surname_of

# The order new rows are inserted in: a contributor points at its outlet.
_INSERT_ORDER = (Outlet, Contributor, Section, Tag, Person)
_NAME_LENGTH = {model: model._meta.get_field("name").max_length for model in _INSERT_ORDER}


class _Table:
    """A model's rows by lower-cased name and by slug, every slug taken, and rows to insert."""

    def __init__(self, model, rows) -> None:
        self.model = model
        self.by_name: dict[str, list] = defaultdict(list)
        self.by_slug: dict[str, object] = {}
        self.slugs: set[str] = set()
        self.new: list = []
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
        keys = dict.fromkeys(filter(None, (slug and slugify(slug), slugify(name))))
        return [row for key in keys if (row := self.by_slug.get(key)) is not None][:1]

    def build(self, *, name: str, slug: str = "", **fields):
        """A new row with a free slug, matched from now on and inserted by `insert_new`."""
        max_length = self.model._meta.get_field("slug").max_length
        fallback = self.model._meta.model_name
        base = slug_base(slug or name, fallback=fallback, max_length=max_length)
        row = self.model(
            name=name, slug=free_slug(base, taken=self.slugs, max_length=max_length), **fields
        )
        self.add(row)
        self.new.append(row)
        return row

    def insert_new(self) -> None:
        rows, self.new = self.new, []
        instances_insert(rows, key="slug")


class Lookups:
    def __init__(self) -> None:
        self._depth = 0  # how many `together` blocks are open
        self.forget()

    def forget(self) -> None:
        """Drop everything held: after a rollback, rows it remembers may not exist."""
        self._tables: dict[type, _Table] = {}
        # People by their aliases in lower case, for people a source lists by name.
        self._aliases: dict[str, list[Person]] | None = None
        self._new_aliases: list[Alias] = []

    @contextmanager
    def together(self) -> Iterator[None]:
        """Insert the rows the look-ups inside create when the block ends, a query per table.

        Inside, a row created is matched like any other; it gets its id when the block ends.
        """
        self._depth += 1
        try:
            yield
        except BaseException:
            # Rows built but never inserted must not be matched.
            self.forget()
            raise
        finally:
            self._depth -= 1
        self._settled(None)

    def outlet(self, name: str) -> Outlet:
        table = self._table(Outlet)
        name = _clipped(Outlet, name)
        return self._settled(next(iter(table.matches(name)), None) or table.build(name=name))

    def contributor(self, name: str, *, outlet: Outlet | None) -> Contributor:
        """The contributor with this name or slug, preferring one at `outlet`; created if none."""
        table = self._table(Contributor)
        name = _clipped(Contributor, name)
        outlet_id = outlet.pk if outlet else None
        matches = table.matches(name)
        if not matches:
            return self._settled(table.build(name=name, outlet=outlet))
        contributor = min(matches, key=lambda c: (c.outlet_id != outlet_id, c.pk))
        if outlet and contributor.outlet_id is None:
            # Fill a blank, never overwrite: an editor may have set another outlet on
            # purpose. A contributor still to be inserted is inserted with it.
            contributor.outlet = outlet
            if contributor.pk is not None:
                contributor.save(update_fields=["outlet"])
        return contributor

    def section(self, name: str, *, slug: str = "") -> Section:
        table = self._table(Section)
        name = _clipped(Section, name)
        section = next(iter(table.matches(name, slug=slug)), None)
        return self._settled(section or table.build(name=name, slug=slug))

    def tags(self, names: tuple[str, ...], *, slugs: tuple[str, ...] = ()) -> list[Tag]:
        """Each name's tag, in order, creating the tags that do not exist yet."""
        table = self._table(Tag)
        tags = []
        for name, slug in zip(names, slugs or ("",) * len(names), strict=True):
            name = _clipped(Tag, name)
            tag = next(iter(table.matches(name, slug=slug)), None)
            tags.append(tag or table.build(name=name, slug=slug))
        return self._settled(tags)

    def people(self, names: tuple[str, ...]) -> list[Person]:
        """People a source lists by name, in order: matched by name, alias or slug, else
        created."""
        table = self._table(Person)
        people = []
        for name in names:
            name = _clipped(Person, name)
            matches = table.matches(name) or self._known_aliases().get(name.casefold())
            people.append(matches[0] if matches else self._person_build(name=name))
        return self._settled(people)

    def _settled(self, result):
        """`result`, once the rows built for it are inserted: now, unless in `together`."""
        if not self._depth and any(table.new for table in self._tables.values()):
            try:
                self._insert_new()
            except BaseException:
                self.forget()
                raise
        return result

    def _table(self, model) -> _Table:
        if model not in self._tables:
            fields = ("pk", "name", "slug", "outlet_id") if model is Contributor else None
            rows = model.objects.only(*fields) if fields else model.objects.all()
            self._tables[model] = _Table(model, rows.order_by("pk").iterator(chunk_size=2000))
        return self._tables[model]

    def _known_aliases(self) -> dict[str, list[Person]]:
        if self._aliases is None:
            table = self._table(Person)
            people = {row.pk: row for rows in table.by_name.values() for row in rows}
            self._aliases = defaultdict(list)
            for name, pk in Alias.objects.values_list("name", "person_id").order_by("person_id"):
                # Someone registered since the table was read is known by their id alone.
                self._aliases[name.casefold()].append(people.get(pk) or Person(pk=pk))
        return self._aliases

    def _person_build(self, *, name: str) -> Person:
        person = self._table(Person).build(name=name, office="")
        # The next story, and the rest of this one, may call them by surname alone.
        if surname := surname_of(person.name):
            self._new_aliases.append(Alias(person=person, name=surname))
            self._known_aliases()[surname.casefold()].append(person)
        return person

    def _insert_new(self) -> None:
        models = [m for m in _INSERT_ORDER if m in self._tables and self._tables[m].new]
        for model in models:
            self._tables[model].insert_new()
        if self._new_aliases:
            aliases, self._new_aliases = self._new_aliases, []
            rows_insert(Alias, ["person", "name"], [(a.person.pk, a.name) for a in aliases])
        # What saving the rows one by one would have signalled; bulk inserts signal nothing.
        if models:
            mark_changed([SITE])
        if Person in models:
            matcher_invalidate()


def _clipped(model, name: str) -> str:
    return name[: _NAME_LENGTH[model]].strip()
