"""Full-text search over stories: SQLite FTS5 or PostgreSQL full-text, behind one interface.

`search_articles(articles, text)` narrows any article queryset (readers pass
`Article.objects.published()`, the admin its own) to the matches, best first, annotated
with `search_rank` and a `search_snippet` that `highlight()` turns into safe HTML.

- SQLite: an external-content FTS5 table over headline, dek and body, kept current by
  triggers on the article table (`ensure_sqlite_index`).
- PostgreSQL: a weighted tsvector over the same fields, with a GIN index on exactly the
  expression the queries use (`create_postgres_index`).
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Private-use characters mark the matched words in a raw snippet: they cannot collide with
# markup, and everything between them is escaped before the marks become <mark> tags.
MARK_START, MARK_END = "\ue000", "\ue001"
FTS_TABLE = "articles_article_fts"
PG_CONFIG = "english"
PG_INDEX = "articles_article_search"
SNIPPET_WORDS = 30

SQLITE_INDEX_SQL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        headline, dek, body, content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}(rowid, headline, dek, body)
        VALUES (new.id, new.headline, new.dek, new.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, dek, body)
        VALUES ('delete', old.id, old.headline, old.dek, old.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
    AFTER UPDATE OF headline, dek, body ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, dek, body)
        VALUES ('delete', old.id, old.headline, old.dek, old.body);
        INSERT INTO {FTS_TABLE}(rowid, headline, dek, body)
        VALUES (new.id, new.headline, new.dek, new.body);
    END""",
]
SQLITE_TRIGGERS = {f"{FTS_TABLE}_insert", f"{FTS_TABLE}_delete", f"{FTS_TABLE}_update"}


def ensure_sqlite_index(connection) -> bool:
    """Create the FTS5 table and its triggers where missing, and rebuild it if it was.

    Run by the migration and after every `migrate`: Django's SQLite schema editor rebuilds
    a table to alter it, which drops its triggers. Returns whether anything was created.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [f"{FTS_TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        if SQLITE_TRIGGERS | {FTS_TABLE} <= present:
            return False
        for statement in SQLITE_INDEX_SQL:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return True


def drop_sqlite_index(connection) -> None:
    with connection.cursor() as cursor:
        for trigger in sorted(SQLITE_TRIGGERS):
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def search_vector() -> SearchVector:
    """Headline outweighs dek, which outweighs body. The GIN index is built on this."""
    return (
        SearchVector("headline", weight="A", config=PG_CONFIG)
        + SearchVector("dek", weight="B", config=PG_CONFIG)
        + SearchVector("body", weight="C", config=PG_CONFIG)
    )


def create_postgres_index(connection) -> None:
    """A GIN index on the SQL that `search_vector()` compiles to, so the planner uses it."""
    from articles.models import Article

    query = Query(Article)
    compiler = query.get_compiler(connection=connection)
    sql, params = search_vector().resolve_expression(query).as_sql(compiler, connection)
    expression = connection.ops.compose_sql(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON articles_article USING gin (({expression}))"
        )


def drop_postgres_index(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


def _fts5_query(text: str) -> str:
    """Every word the reader typed, each quoted so FTS5 reads none of it as syntax."""
    return " ".join(f'"{word}"' for word in re.findall(r"\w+", text))


def search_articles(articles: QuerySet, text: str) -> QuerySet:
    """`articles` that match `text`, best first, with `search_rank` and `search_snippet`."""
    vendor = connections[articles.db].vendor
    if vendor == "postgresql":
        return _search_postgres(articles, text)
    if vendor == "sqlite":
        return _search_sqlite(articles, text)
    raise NotImplementedError(f"no full-text search for {vendor}")


def _search_sqlite(articles: QuerySet, text: str) -> QuerySet:
    query = _fts5_query(text)
    if not query:
        return articles.none()
    matches = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    this_row = f'{matches} AND rowid = "articles_article"."id"'
    # bm25 is lower for better matches; negate it so every backend ranks high-is-good.
    rank = this_row.replace("rowid FROM", f"-bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM", 1)
    snippet = this_row.replace(
        "rowid FROM",
        f"snippet({FTS_TABLE}, 2, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS}) FROM",
        1,
    )
    return (
        articles.filter(pk__in=RawSQL(matches, [query]))
        .annotate(search_rank=RawSQL(rank, [query]), search_snippet=RawSQL(snippet, [query]))
        .order_by("-search_rank", "-published_at", "-pk")
    )


def _search_postgres(articles: QuerySet, text: str) -> QuerySet:
    if not re.search(r"\w", text):
        return articles.none()
    query = SearchQuery(text, search_type="websearch", config=PG_CONFIG)
    return (
        articles.alias(search_document=search_vector())
        .filter(search_document=query)
        .annotate(
            search_rank=SearchRank(F("search_document"), query),
            search_snippet=SearchHeadline(
                "body",
                query,
                config=PG_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-search_rank", "-published_at", "-pk")
    )


def highlight(snippet: str | None) -> SafeString:
    """A raw snippet as safe HTML: text escaped, only our own <mark> tags left as markup.

    Snippets are cut from the stored HTML body, so they may hold whole or half tags; those
    go, entities are decoded, and what remains is plain text escaped afresh.
    """
    if not snippet:
        return mark_safe("")
    text = re.sub(r"^[^<>]*>", "", snippet)  # the end of a tag cut at the start
    text = re.sub(r"<[^>]*$", "", text)  # the start of a tag cut at the end
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())
    text = re.sub(f"{MARK_START} ", MARK_START, re.sub(f" {MARK_END}", MARK_END, text))
    parts, is_open = [], False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text):
        if piece in (MARK_START, MARK_END):
            # Marks may lose a partner to a stripped tag; emit only balanced pairs.
            if (piece == MARK_START) != is_open:
                parts.append("</mark>" if is_open else "<mark>")
                is_open = not is_open
        else:
            parts.append(escape(piece))
    if is_open:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # every piece of text escaped; only our <mark>s remain
