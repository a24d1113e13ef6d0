"""Find or create the records stories point at: outlets, contributors, sections, tags, people.

Matching is by name in any case, by slug, and for people by alias too, so a re-run or a
second format never duplicates them. One `Lookups` lives for one import run and holds
these vocabulary tables in memory, loaded once: a million-story archive names the same few
thousand contributors, tags and people over and over, and each look-up is then a dict
access rather than a query (SQLite cannot use an index for a case-insensitive match).
"""

import re
from collections import defaultdict

from django.utils.text import slugify
from taggit.models import Tag

from articles.models import Section
from newsroom.slugs import free_slug, slug_base
from people import detection
from people.models import Alias, Contributor, Outlet, Person

# A word, as names are split into words.
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
# A word that may start a name: not lower-case, or a particle ("de Gaulle", "al-Assad").
_PARTICLES = "|".join(sorted(detection.PARTICLES, key=len, reverse=True))
_NAME_START = re.compile(rf"(?<![\w'’-])(?:[^\W\d_a-z]|(?:{_PARTICLES})(?=[\s'’-]))[\w'’-]*")
_WORD_CHARACTER = re.compile(r"\w")
# Every titled name holds an office word as written; a text without one needs no search.
_OFFICE_FIRST_WORDS = frozenset(office.split()[0] for office in detection.OFFICES)


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
        # For name detection: each name or alias as written, and who it may mean.
        self._known_names: dict[str, set[int]] | None = None
        self._aliases: dict[str, list[int]] = defaultdict(list)
        self._names_by_first_word: dict[str, list[str]] = {}

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

    def mentioned_person_ids(self, text: str) -> list[int]:
        """People the text names, in order of first mention; new titled people are created.

        The rules are people.detection's: a name or alias shared by several people links
        none of them, and an office before a full name creates the person. The registered
        names are matched against the text from memory instead of queried story by story.
        """
        # merge point: issue 5 (its Aho-Corasick detection replaces this matcher).
        known = self._known()
        local: dict[str, set[int]] = {}
        if any(word in text for word in _OFFICE_FIRST_WORDS) and detection._TITLED.search(text):
            for titled in detection.find_titled_names(text):
                ids = known.get(titled.name)
                if not ids:
                    self._person_create(name=titled.name, office=titled.office)
                elif len(ids) > 1:
                    same_office = Person.objects.filter(pk__in=ids, office__iexact=titled.office)
                    if len(matches := list(same_office.values_list("pk", flat=True))) == 1:
                        local[titled.name] = set(matches)
        found: dict[int, None] = {}
        covered = 0
        for token in _NAME_START.finditer(text):
            if token.start() < covered:
                continue
            for name in self._names_by_first_word.get(token[0], ()):
                end = token.start() + len(name)
                if text.startswith(name, token.start()) and not _WORD_CHARACTER.match(text, end):
                    ids = local.get(name) or known[name]
                    if len(ids) == 1:
                        found.setdefault(next(iter(ids)), None)
                    covered = end
                    break
        return list(found)

    def _table(self, model) -> _Table:
        if model not in self._tables:
            fields = ("pk", "name", "slug", "outlet_id") if model is Contributor else None
            rows = model.objects.only(*fields) if fields else model.objects.all()
            self._tables[model] = _Table(model, rows.order_by("pk").iterator(chunk_size=2000))
        return self._tables[model]

    def _known(self) -> dict[str, set[int]]:
        if self._known_names is None:
            self._known_names = {}
            aliases = list(Alias.objects.values_list("name", "person_id").order_by("person_id"))
            for name, pk in [*Person.objects.values_list("name", "pk"), *aliases]:
                self._remember_name(name, pk)
            for name, pk in aliases:
                self._aliases[name.casefold()].append(pk)
        return self._known_names

    def _remember_name(self, name: str, pk: int) -> None:
        if not (first := _TOKEN.match(name)):
            return
        if name not in self._known_names:
            names = self._names_by_first_word.setdefault(first[0], [])
            names.append(name)
            # Longest first, so "Ann Lee" wins over her alias "Ann".
            names.sort(key=len, reverse=True)
        self._known_names.setdefault(name, set()).add(pk)

    def _alias_match(self, name: str) -> int | None:
        self._known()
        return next(iter(self._aliases.get(name.casefold(), ())), None)

    def _person_create(self, *, name: str, office: str) -> Person:
        max_office = Person._meta.get_field("office").max_length
        person = self._table(Person).create(name=name, office=office[:max_office])
        self._known()
        self._remember_name(person.name, person.pk)
        # The next story, and the rest of this one, may call them by surname alone.
        if surname := detection.surname_of(person.name):
            Alias.objects.create(person=person, name=surname)
            self._remember_name(surname, person.pk)
            self._aliases[surname.casefold()].append(person.pk)
        return person


def _clipped(model, name: str) -> str:
    return name[: model._meta.get_field("name").max_length].strip()
