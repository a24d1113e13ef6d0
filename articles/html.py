"""The one place that decides which HTML a story body may hold, and reads its text."""

import re
from collections.abc import Iterable
from html import unescape

import nh3
from django.utils.html import escape

# Exactly what the admin's rich-text editor can edit and save back unchanged: a tag the
# editor does not know would be silently rewritten the first time an editor saves.
ALLOWED_TAGS = {
    "p", "br", "blockquote", "a", "em", "i", "strong", "b",
    "ul", "ol", "li", "h2", "h3", "h4", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Links may go to the web or a mail client, never to javascript: or data: URLs.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# The admin's rich-text editor (django-prose-editor) offers exactly the allow-list above:
# bold, italics, sub/superscript, h2-h4, lists, block quotes, line breaks and web links.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
}

_BLANK_LINE = re.compile(r"\n\s*\n")


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; links leak no referrer."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
    ).strip()


def paragraphs_html(paragraphs: Iterable[str]) -> str:
    """Plain-text paragraphs as escaped `<p>` elements."""
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def plain_text_html(text: str) -> str:
    """Pasted plain text (wire copy, an email) as paragraphs.

    Blank lines separate paragraphs; where there are none, as in much wire copy, each line
    is one. Line breaks inside a paragraph become spaces.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    paragraphs = (" ".join(line.strip() for line in block.split("\n")) for block in blocks)
    return paragraphs_html(p for p in paragraphs if p.strip())


# Blocks of running text; a list item or a table cell holding paragraphs counts once.
_TEXT_BLOCK = re.compile(r"<(p|h[1-6]|li|figcaption|cite|td|th)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def html_text_blocks(html: str) -> list[str]:
    """The text of each paragraph (heading, list item…) of stored HTML, in order."""
    blocks = []
    for match in _TEXT_BLOCK.finditer(html):
        text = match[2]
        if "<" in text:
            text = _TAG.sub("", text)
        if "&" in text:
            text = unescape(text)
        if text := text.strip():
            blocks.append(text)
    if not blocks and html.strip():
        # Text typed without paragraph tags: blank lines separate its paragraphs.
        text = unescape(_TAG.sub("", html))
        blocks = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return blocks
