"""What importers make of a source's markup: clean bodies, and names on one plain line."""

import pytest

from articles.importers.markup import body_html, plain_text, wordpress_html


@pytest.mark.parametrize(
    ("html", "body"),
    [
        ("Intro <em>text</em><p>Para.</p>", "<p>Intro <em>text</em></p><p>Para.</p>"),
        (
            "<p>One.</p> Between <b>bold</b><p>Two.</p>",
            "<p>One.</p><p>Between <b>bold</b></p><p>Two.</p>",
        ),
        ("<p>One.</p>tail", "<p>One.</p><p>tail</p>"),
        ("<p>One.</p>\n<h2>Head</h2>\n<p>Two.</p>", "<p>One.</p>\n<h2>Head</h2>\n<p>Two.</p>"),
    ],
)
def test_text_beside_the_blocks_becomes_paragraphs_of_its_own(html, body):
    assert body_html(html) == body


@pytest.mark.parametrize(
    ("html", "body"),
    [
        ("<p>One.</p><p>&nbsp;</p><p>Two.</p>", "<p>One.</p><p>Two.</p>"),
        ("<p>One.</p>\n<p> <br> </p>\n<p>Two.</p>", "<p>One.</p>\n<p>Two.</p>"),
        ("<p><!-- a note --></p><p>One.</p>", "<p>One.</p>"),
    ],
)
def test_paragraphs_with_nothing_to_read_are_dropped(html, body):
    assert body_html(html) == body


def test_wordpress_more_and_nextpage_markers_leave_no_empty_paragraph():
    content = "Intro line.\n\n<!--more-->\n\nSecond part.\n\n<!--nextpage-->\n\nThird."
    assert wordpress_html(content) == "<p>Intro line.</p><p>Second part.</p><p>Third.</p>"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Greta Holm ", "Greta Holm"),
        ("  Ada\u00a0 B.\u200b  Holm\t", "Ada B. Holm"),
        ("Anselm\u2009Reyes\u00ad", "Anselm Reyes"),
        ("Line\nbreak", "Line break"),
    ],
)
def test_plain_text_has_one_plain_space_between_words(text, line):
    assert plain_text(text) == line
