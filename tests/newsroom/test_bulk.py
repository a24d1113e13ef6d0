import gc
from datetime import UTC, datetime

import pytest
from django.db import connection

from articles.models import Article, Correction, Mention, RelatedArticle
from newsroom.bulk import IdIn, collector_paused, instances_insert, rows_insert, sqlite_cache
from people.models import Contributor, Outlet
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_rows_insert_writes_rows_readable_through_the_orm():
    first, second = ArticleFactory(), ArticleFactory()
    person = PersonFactory()

    rows_insert(Mention, ["article", "person"], [(first.pk, person.pk), (second.pk, person.pk)])

    stored = Mention.objects.filter(person=person).order_by("article_id")
    assert [(m.article_id, m.origin) for m in stored] == [
        (first.pk, Mention.Origin.DETECTED),  # the field's default fills the left-out column
        (second.pk, Mention.Origin.DETECTED),
    ]


def test_rows_insert_stores_scores_flags_and_datetimes_as_the_orm_reads_them():
    story, other = ArticleFactory(), ArticleFactory()
    at = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)

    rows_insert(
        RelatedArticle,
        ["article", "related", "score", "reason"],
        [(story.pk, other.pk, 2.5, "Shares a tag")],
    )
    rows_insert(Correction, ["article", "text", "appended_at"], [(story.pk, "Fixed a name.", at)])

    row = RelatedArticle.objects.get(article=story)
    assert (row.related_id, row.score, row.reason, row.is_pinned) == (
        other.pk,
        2.5,
        "Shares a tag",
        False,
    )
    assert Correction.objects.get(article=story).appended_at == at


def test_rows_insert_with_no_rows_writes_nothing():
    rows_insert(Mention, ["article", "person"], [])

    assert not Mention.objects.exists()


def test_instances_insert_gives_ids_fills_foreign_keys_timestamps_and_cleans_bodies():
    outlet = Outlet(name="Harbour Wire", slug="harbour-wire")
    writer = Contributor(name="Rhea Marlow", slug="rhea-marlow", outlet=outlet)
    stories = [
        Article(headline="Ferry rota", slug="ferry-rota", body="<p>Agreed.</p><script>x</script>"),
        Article(headline="Quay fees", slug="quay-fees", body="<p>Up.</p>"),
    ]

    instances_insert([outlet])  # assigned to the writer before it had an id
    instances_insert([writer])
    instances_insert(stories)

    assert Contributor.objects.get(pk=writer.pk).outlet == outlet
    stored = Article.objects.in_bulk([story.pk for story in stories])
    assert [stored[story.pk].headline for story in stories] == ["Ferry rota", "Quay fees"]
    assert stored[stories[0].pk].body == stories[0].body == "<p>Agreed.</p>"
    assert all(stored[story.pk].created_at and stored[story.pk].updated_at for story in stories)
    assert not stories[0]._state.adding  # saving it again updates the row
    stories[0].headline = "Ferry rota agreed"
    stories[0].save()
    assert Article.objects.count() == 2


def test_rows_insert_writes_every_row_of_a_run_longer_than_one_statement():
    stories = [ArticleFactory().pk for _ in range(50)]
    pairs = [(story, other) for story in stories for other in stories if other != story]

    rows_insert(
        RelatedArticle,
        ["article", "related", "score", "reason"],
        [(story, other, 1.0, "Shares a tag") for story, other in pairs],
    )

    assert len(pairs) > 2000  # PostgreSQL takes them a thousand to a statement
    assert sorted(RelatedArticle.objects.values_list("article", "related")) == sorted(pairs)


def test_id_in_finds_the_rows_whose_field_is_one_of_the_ids():
    first, second, third = ArticleFactory(), ArticleFactory(), ArticleFactory()
    person = PersonFactory()
    for article in (first, second, third):
        Mention.objects.create(article=article, person=person)

    found = Mention.objects.filter(IdIn("article", {first.pk, third.pk}))
    either = Mention.objects.filter(IdIn("article", [first.pk]) | IdIn("article", [second.pk]))

    assert sorted(found.values_list("article_id", flat=True)) == [first.pk, third.pk]
    assert sorted(either.values_list("article_id", flat=True)) == [first.pk, second.pk]


def test_id_in_with_no_ids_matches_nothing_and_sends_no_query(django_assert_num_queries):
    ArticleFactory()

    with django_assert_num_queries(0):
        assert list(Mention.objects.filter(IdIn("article", []))) == []


def test_collector_paused_turns_the_collector_back_on_even_after_an_error():
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError

    assert gc.isenabled()


def test_collector_paused_leaves_a_collector_the_caller_turned_off_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_sqlite_cache_grows_the_cache_for_the_pass_and_gives_the_old_size_back():
    before = cache_size()

    with sqlite_cache(50_000):
        assert cache_size() == -50_000

    assert cache_size() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_sqlite_cache_never_shrinks_a_larger_cache():
    with sqlite_cache(80_000), sqlite_cache(50_000):
        assert cache_size() == -80_000
