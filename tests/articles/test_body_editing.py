"""The body: a rich-text editor limited to the allow-list, sanitised whatever was posted,
and a plain-text path for wire copy."""

import pytest
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from articles.html import ALLOWED_TAGS, BODY_EDITOR_EXTENSIONS, plain_text_html
from articles.models import Article
from tests.articles.admin_forms import article_form_data, change_form_data, change_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
HOSTILE = [
    ("<p>Hi</p><script>alert(1)</script>", "<p>Hi</p>"),
    ('<p><img src="x" onerror="alert(1)">Hi</p>', "<p>Hi</p>"),
    ('<p onclick="alert(1)">Hi</p>', "<p>Hi</p>"),
    (
        '<p><a href="javascript:alert(1)">link</a></p>',
        '<p><a rel="noopener noreferrer">link</a></p>',
    ),
    ('<p>Hi</p><iframe src="https://evil.example/"></iframe>', "<p>Hi</p>"),
]


@pytest.mark.parametrize(("dirty", "clean"), HOSTILE)
def test_admin_add_form_stores_the_body_sanitised(admin_client, dirty, clean):
    admin_client.post(ADD, article_form_data(body=dirty))

    assert Article.objects.get(slug="night-ferry-saved").body == clean


@pytest.mark.parametrize(("dirty", "clean"), HOSTILE)
def test_raw_post_to_the_change_view_stores_the_body_sanitised(client, editor, dirty, clean):
    article = ArticleFactory()
    client.force_login(editor)

    # What a script posting straight to the URL sends, no editor in between.
    client.post(change_url(article), change_form_data(article, body=dirty))

    assert Article.objects.get(pk=article.pk).body == clean


def test_writes_outside_forms_are_sanitised_too():
    article = ArticleFactory(body='<p>Ok</p><iframe src="x"></iframe>')
    Article.objects.filter(pk=article.pk).update(body="<p>Up</p><script>x</script>")

    assert Article.objects.get(pk=article.pk).body == "<p>Up</p>"


def test_a_body_changed_after_sanitising_is_sanitised_again():
    article = ArticleFactory(body="<p>Ok</p>")
    article.body += "<script>x</script>"
    article.save()

    assert Article.objects.get(pk=article.pk).body == "<p>Ok</p>"


def test_body_uses_the_rich_text_editor_configured_for_the_allow_list(admin_client):
    html = admin_client.get(ADD).content.decode()

    assert "data-django-prose-editor-configurable" in html
    assert "django_prose_editor/editor.js" in html
    assert '"Heading":{"levels":[2,3,4]}' in html.replace("&quot;", '"')


def test_editor_offers_no_tag_the_sanitiser_would_strip():
    offered = allowlist_from_extensions(BODY_EDITOR_EXTENSIONS)["tags"]

    assert offered <= ALLOWED_TAGS
    assert {"p", "strong", "em", "a", "h2", "blockquote", "ul", "ol", "li"} <= offered


def test_pasted_plain_text_replaces_the_body_as_escaped_paragraphs(admin_client):
    wire = (
        "HARBOUR CITY (Wire) - The night ferry will run\nthrough the winter.\n\n"
        "Fares stay at <3 euros>, officials said.\r\n\r\nMore follows."
    )

    admin_client.post(ADD, article_form_data(body="<p>Old</p>", plain_text=wire))

    assert Article.objects.get(slug="night-ferry-saved").body == (
        "<p>HARBOUR CITY (Wire) - The night ferry will run through the winter.</p>"
        "<p>Fares stay at &lt;3 euros&gt;, officials said.</p>"
        "<p>More follows.</p>"
    )


def test_plain_text_without_blank_lines_makes_a_paragraph_of_each_line():
    assert plain_text_html("One.\nTwo.\n\n") == "<p>One.</p><p>Two.</p>"
    assert plain_text_html("  \n ") == ""


def test_markup_the_editor_cannot_edit_is_never_stored():
    """Anything kept would be rewritten silently the first time an editor saves the story."""
    article = ArticleFactory(
        body='<p><q cite="x">Quoted</q> <abbr title="y">UN</abbr></p>'
        "<figure><figcaption>Cap</figcaption></figure>"
        '<blockquote cite="https://example.org/"><p>Said.</p><cite>Someone</cite></blockquote>'
    )

    assert article.body == ("<p>Quoted UN</p>Cap<blockquote><p>Said.</p>Someone</blockquote>")
