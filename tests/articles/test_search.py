"""Readers and editors search stories; drafts never show, and the index follows every edit.

Runs on whichever database the suite runs on: SQLite FTS5 by default, PostgreSQL
full-text search with DATABASE_URL.
"""

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.search import highlight, search_articles
from articles.services import article_unpublish
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    response = client.get(reverse("articles:search"), {"q": q, **params})
    assert response.status_code == 200
    return response


def headlines(response) -> list[str]:
    return [a.headline for a in response.context["articles"]]


def test_search_finds_published_stories_by_words_in_the_body(client):
    ArticleFactory(
        published=True,
        headline="Council meets",
        body="<p>The lighthouse keeper retired after forty years.</p>",
    )
    ArticleFactory(published=True, headline="Budget passes", body="<p>Nothing about it.</p>")

    assert headlines(search(client, "lighthouse keeper")) == ["Council meets"]


def test_search_ranks_a_headline_match_above_a_body_match(client):
    ArticleFactory(published=True, headline="Tram news", body="<p>The harbour tram runs late.</p>")
    ArticleFactory(published=True, headline="Harbour dredging begins", body="<p>Boats wait.</p>")

    assert headlines(search(client, "harbour")) == ["Harbour dredging begins", "Tram news"]


def test_search_understands_word_forms(client):
    ArticleFactory(published=True, headline="Ferries cancelled", body="<p>Storms.</p>")

    assert headlines(search(client, "ferry")) == ["Ferries cancelled"]


def test_search_never_shows_drafts_or_scheduled_stories(client):
    ArticleFactory(headline="Draft about lighthouses")
    ArticleFactory(scheduled=True, headline="Scheduled lighthouse story")
    ArticleFactory(published=True, headline="Lighthouse reopens")

    assert headlines(search(client, "lighthouse")) == ["Lighthouse reopens"]


def test_index_follows_edits_and_takedowns(client):
    article = ArticleFactory(published=True, headline="Ferry timetable", body="<p>Old words.</p>")

    article.body = "<p>The seaplane arrives on Thursdays.</p>"
    article.save()
    assert headlines(search(client, "seaplane")) == ["Ferry timetable"]
    assert headlines(search(client, "old words")) == []

    article_unpublish(article=article)
    assert headlines(search(client, "seaplane")) == []

    Article.objects.filter(pk=article.pk).delete()
    assert search_articles(Article.objects.all(), "seaplane").count() == 0


def test_snippet_highlights_matches_and_escapes_the_rest(client):
    ArticleFactory(
        published=True,
        headline="Cable car",
        body="<p>Engineers say the <em>cable</em> car is safe &amp; sound &lt;script&gt;.</p>",
    )

    html = search(client, "cable").content.decode()

    snippet = html.split('<p class="snippet">')[1].split("</p>")[0]
    assert "<mark>cable</mark>" in snippet.lower()
    assert "safe &amp; sound &lt;script" in snippet
    assert "<em>" not in snippet


def test_highlight_keeps_only_its_own_marks():
    raw = 'ef="x">An \ue000<b>evil</b>\ue001 <script>alert(1)</script> tag <a hr'

    assert str(highlight(raw)) == "An <mark>evil</mark> alert(1) tag"


def test_search_treats_punctuation_and_operators_as_plain_words(client):
    ArticleFactory(published=True, headline="Harbour NEAR the pier", body="<p>Text.</p>")

    for q in ['"harbour', "harbour OR", "harbour*", "pier:(", "-harbour", "NEAR(harbour)"]:
        assert search(client, q).status_code == 200
    assert list(search(client, "?!").context["articles"]) == []


def test_empty_search_shows_the_form_only(client):
    ArticleFactory(published=True)

    response = search(client, "  ")

    assert list(response.context["articles"]) == []
    assert 'type="search"' in response.content.decode()


def test_search_paginates_and_keeps_the_query_in_page_links(client, settings):
    for n in range(settings.PAGE_SIZE + 2):
        ArticleFactory(published=True, headline=f"Regatta day {n}")

    first = search(client, "regatta")
    second = search(client, "regatta", page=2)

    assert len(first.context["articles"]) == settings.PAGE_SIZE
    assert 'href="?q=regatta&amp;page=2"' in first.content.decode()
    assert len(second.context["articles"]) == 2


def test_search_page_query_count_is_constant(client, django_assert_max_num_queries):
    for n in range(8):
        ArticleFactory(published=True, headline=f"Regatta {n}")

    # +1 on a cache miss: the next scheduled go-live, which bounds how long the page is cached.
    with django_assert_max_num_queries(5):
        search(client, "regatta")


def test_editors_search_drafts_by_words_and_by_names_in_the_admin(client):
    client.force_login(UserFactory(superuser=True))
    ArticleFactory(headline="Draft on the seaplane")
    ArticleFactory(published=True, headline="Unrelated", body="<p>Nothing.</p>")

    response = client.get(reverse("admin:articles_article_changelist"), {"q": "seaplanes"})

    assert [a.headline for a in response.context["cl"].result_list] == ["Draft on the seaplane"]


def test_postgres_search_uses_the_gin_index():
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    # Unfiltered, so no other index competes on a nearly empty table.
    query = search_articles(Article.objects.all(), "harbour").values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")

    assert "articles_article_search" in plan
