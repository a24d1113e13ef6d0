from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from articles.models import Article
from articles.services import article_unpublish, articles_publish
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    ImageFactory,
    MentionFactory,
    OutletFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_stories():
    live = ArticleFactory(published=True)
    ArticleFactory()
    ArticleFactory(scheduled=True)

    assert list(Article.objects.published()) == [live]


def test_published_includes_a_scheduled_story_once_its_time_comes():
    article = ArticleFactory(scheduled=True)

    later = article.published_at + timedelta(seconds=1)

    assert article not in Article.objects.published()
    assert article in Article.objects.published(now=later)


def test_is_published_follows_the_same_rule_as_the_queryset():
    assert ArticleFactory(published=True).is_published
    assert not ArticleFactory(scheduled=True).is_published
    assert not ArticleFactory().is_published


def test_publishing_stamps_first_published_at_once():
    article = ArticleFactory()
    articles_publish(articles=[article])
    first = article.first_published_at

    article_unpublish(article=article)
    article.published_at = timezone.now() + timedelta(minutes=5)
    articles_publish(articles=[article])

    assert first is not None
    assert article.first_published_at == first


def test_unpublish_hides_a_story_from_readers_at_once():
    article = ArticleFactory(published=True)

    article_unpublish(article=article)

    assert article.status == Article.Status.UNPUBLISHED
    assert not Article.objects.published().exists()


@pytest.mark.parametrize(
    "dirty",
    [
        '<p>Hi</p><script>alert("x")</script>',
        '<p>Hi<img src="x" onerror="alert(1)"></p>',
        '<p>Hi<iframe src="https://evil.example"></iframe></p>',
    ],
)
def test_body_is_sanitised_on_save(dirty):
    article = ArticleFactory(body=dirty)
    article.refresh_from_db()

    assert article.body == "<p>Hi</p>"


def test_body_is_sanitised_on_queryset_update():
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(body='<p><a href="javascript:alert(1)">x</a></p>')
    article.refresh_from_db()

    assert "javascript" not in article.body


def test_body_keeps_paragraphs_quotes_links_and_emphasis():
    html = (
        "<p><em>Yes</em>, <strong>no</strong>.</p><blockquote><p>“Quote.”</p></blockquote>"
        '<p><a href="https://example.org/" rel="noopener noreferrer">link</a></p>'
    )

    assert ArticleFactory(body=html).body == html


def test_by_contributor_lists_a_story_once_per_contributor():
    writer = ContributorFactory()
    article = ArticleFactory(published=True)
    BylineFactory(article=article, contributor=writer, role="writer")
    BylineFactory(article=article, contributor=writer, role="photographer")

    assert list(Article.objects.by_contributor(writer)) == [article]


def test_mentioning_finds_stories_naming_the_person():
    person = PersonFactory()
    article = MentionFactory(person=person).article
    ArticleFactory()

    assert list(Article.objects.mentioning(person)) == [article]


def test_image_credit_reads_photographer_then_agency():
    image = ImageFactory(
        photographer=ContributorFactory(name="Amira Haddad"),
        agency=OutletFactory(name="Coastline Photo Agency"),
    )

    assert image.credit == "Amira Haddad / Coastline Photo Agency"


def test_image_credit_falls_back_to_the_printed_line():
    image = ImageFactory(photographer=None, agency=None, credit_line="Handout", file=None)

    assert image.credit == "Handout"
    assert not image.file


def render_byline(article) -> str:
    article = Article.objects.for_detail().get(pk=article.pk)
    return Template("{% load bylines %}{% byline article %}").render(Context({"article": article}))


def test_byline_reads_a_b_and_c_when_three_share_no_outlet():
    article = ArticleFactory()
    for n, name in enumerate(["Ada Ek", "Bo Lund", "Cy Moss"]):
        BylineFactory(
            article=article, position=n, contributor=ContributorFactory(name=name, outlet=None)
        )

    text = render_byline(article)

    assert ">Ada Ek</a>, <a" in text
    assert ">Bo Lund</a> and <a" in text
    assert text.startswith('<span class="credit">By ')


def test_byline_puts_writers_before_photographers_and_names_outlets_once():
    gazette = OutletFactory(name="Harbour Gazette")
    article = ArticleFactory()
    BylineFactory(
        article=article,
        position=0,
        role="photographer",
        contributor=ContributorFactory(name="Ivo Brandt", outlet=gazette),
    )
    BylineFactory(
        article=article,
        position=1,
        contributor=ContributorFactory(name="Rhea Marlow", outlet=gazette),
    )
    BylineFactory(
        article=article,
        position=2,
        contributor=ContributorFactory(name="Sam Okafor", outlet=gazette),
    )

    text = render_byline(article)

    assert text.index("By ") < text.index("Photos by ")
    assert ">Rhea Marlow</a> and <a" in text
    assert text.count("Harbour Gazette") == 2  # once per credit line, not once per name
