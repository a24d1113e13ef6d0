"""After `migrate`, SQLite keeps its search triggers and has statistics to plan archives well."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from articles.search import search_articles
from tests.factories import ArticleFactory, MentionFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own triggers and statistics")


def test_migrate_restores_search_triggers_a_table_rebuild_dropped():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER articles_article_fts_insert")
    call_command("migrate", verbosity=0, stdout=StringIO())

    ArticleFactory(published=True, headline="Seaplane service returns")

    assert search_articles(Article.objects.all(), "seaplane").count() == 1


def test_person_archive_starts_from_their_mentions_once_migrate_has_run():
    person = PersonFactory()
    for n in range(60):
        article = ArticleFactory(published=True)
        if n % 20 == 0:
            MentionFactory(article=article, person=person)
    call_command("migrate", verbosity=0, stdout=StringIO())

    query = Article.objects.published().mentioning(person).newest_first()[:12]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        first_step = cursor.fetchall()[0][3]

    assert "articles_mention" in first_step
