"""Link rows by the ten thousand: imports and related-story lists write and read that many.

`bulk_create` builds a model instance per row and prepares every value through its field,
which costs more than the write itself for rows of two ids and a flag. `rows_insert` sends
plain tuples, many rows a statement. It is for simple tables whose models have no save()
logic and no signals (bylines, taggings, mentions, related rows): nothing is skipped there.
`instances_insert` does the same for new model instances whose ids are wanted.
"""

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import islice

from django.core.exceptions import EmptyResultSet
from django.db import connection, models


def batched(items: Iterable, size: int) -> Iterator[list]:
    """`items` in lists of `size` (the last may be shorter): Python 3.12's itertools.batched."""
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep Python's cycle collector off for a pass that makes rows by the hundred thousand.

    Each few hundred new tuples or dicts start a collection that walks every young object,
    and the older ones ever more often: an eighth of the related pass. Such rows hold no
    reference cycles, so there is nothing for it to find until the pass ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def sqlite_cache(kib: int) -> Iterator[None]:
    """On SQLite, a page cache of at least `kib` KiB on this connection for a pass that
    reads or checks stories by the ten thousand; the size it had comes back afterwards.

    Every foreign-key check of an inserted row, like every join to a story, reads the
    story's page of the article table, which holds only a story or two: SQLite's default
    cache of 2 MB holds 500 pages, so most of those reads go back to the file.
    """
    if connection.vendor != "sqlite":
        yield
        return
    before = _pragma("cache_size")
    size = -before if before < 0 else before * _pragma("page_size") // 1024  # KiB, or pages
    _pragma(f"cache_size = -{max(int(kib), size)}")
    try:
        yield
    finally:
        _pragma(f"cache_size = {before}")


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]):
    """Insert `rows` (tuples of `fields`' values, in that order) into `model`'s table.

    Values are ids, text, numbers and booleans as the columns store them; datetimes are
    adapted here. Columns left out get their field's default, computed once for the call.
    """
    meta = model._meta
    named = [meta.get_field(name) for name in fields]
    defaulted = [
        field
        for field in meta.concrete_fields
        if field not in named and not field.primary_key and field.has_default()
    ]
    defaults = tuple(field.get_db_prep_save(field.get_default(), connection) for field in defaulted)
    adapt = [
        (at, field)
        for at, field in enumerate(named)
        if isinstance(field, models.DateTimeField | models.DateField)
    ]

    if adapt or defaulted:  # else the rows go as they are: most of the cost is per row
        rows = map(partial(_prepared, adapt=adapt, defaults=defaults), rows)

    quote = connection.ops.quote_name
    width = len(named) + len(defaulted)
    columns = ", ".join(quote(field.column) for field in [*named, *defaulted])
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
    row_marks = f"({', '.join(['%s'] * width)})"
    # Many rows a statement rather than a statement a row: SQLite's full-text index
    # triggers flush their work at the end of each statement, and psycopg's executemany
    # sends (and PostgreSQL plans) a statement per row.
    # SQLite (as Django assumes it built) and PostgreSQL bound the values a statement
    # takes; a thousand rows are past the point where bigger statements gain anything.
    limit = connection.features.max_query_params or 65535
    per_statement = max(1, min(1000, limit // width))
    with connection.cursor() as cursor:
        for chunk in batched(rows, per_statement):
            values = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([row_marks] * len(chunk)), values)


# Fields whose values go to the database as they are (datetimes `rows_insert` adapts).
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.DateTimeField,
    models.DateField,
)


def instances_insert(instances: Sequence[models.Model], *, key: str = "slug") -> None:
    """`bulk_create` for new rows by the thousand, giving each instance its id.

    bulk_create prepares every value through its field, which costs more than the insert;
    here only values that need it are. Fields' `pre_save` runs (timestamps, a sanitised
    body), as in bulk_create; save() and signals do not, as there. The ids are read back by
    `key`, a unique field each instance has a value for.
    """
    if not instances:
        return
    model = type(instances[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    prepared = [at for at, field in enumerate(fields) if not isinstance(field, _PLAIN_FIELDS)]
    rows = []
    for instance in instances:
        # What bulk_create does first: related objects saved since they were assigned
        # give their ids to the foreign keys.
        instance._prepare_related_fields_for_save(operation_name="instances_insert")
        row = [field.pre_save(instance, True) for field in fields]
        for at in prepared:
            row[at] = fields[at].get_db_prep_save(row[at], connection)
        rows.append(row)
    rows_insert(model, [field.name for field in fields], rows)
    ids = {}
    for keys in batched((getattr(instance, key) for instance in instances), 1000):
        # Unordered: a model's default order can lead SQLite to scan the table in it.
        found = model.objects.filter(**{f"{key}__in": keys}).order_by()
        ids.update(found.values_list(key, "pk"))
    for instance in instances:
        instance.pk = ids[getattr(instance, key)]
        instance._state.adding, instance._state.db = False, connection.alias


def plain_rows(queryset) -> list[tuple]:
    """A query's rows straight from the cursor, for plain values (ids, numbers, text) read
    by the ten thousand: the ORM would pass each through its field's conversion, which
    costs more than reading it."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class IdIn(models.Func):
    """`filter(IdIn("article", ids))`: `filter(article__in=ids)` for ids read from the
    database, sent as they are. The `__in` lookup prepares and checks every value through
    its field, which for 500 ids costs several times the query itself."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, field: str, ids: Iterable[int]) -> None:
        super().__init__(models.F(field))
        self.ids = list(ids)

    def as_sql(self, compiler, connection, **extra):
        if not self.ids:
            raise EmptyResultSet  # as `__in` does: nothing can match, and no query is sent
        column, params = compiler.compile(self.source_expressions[0])
        marks = ", ".join(["%s"] * len(self.ids))
        return f"{column} IN ({marks})", (*params, *self.ids)


def _pragma(statement: str):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {statement}")
        row = cursor.fetchone()
    return row[0] if row else None


def _prepared(row: Sequence, *, adapt: list, defaults: tuple) -> tuple:
    if adapt:
        row = list(row)
        for at, field in adapt:
            row[at] = field.get_db_prep_save(row[at], connection)
    return (*row, *defaults)
