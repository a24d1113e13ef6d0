"""What importers make of a source's markup: clean bodies, and names on one plain line."""

import pytest

from articles.importers.markup import body_html, plain_text


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
