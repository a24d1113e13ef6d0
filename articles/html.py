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


def body_cleaner(*, dropped_with_content: set[str]) -> nh3.Cleaner:
    """A cleaner with the body's allow-lists, dropping these elements with their content.
    Whatever it returns is safe to mark `SanitisedHTML`. Build it once: setting one up
    costs more than cleaning most bodies."""
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        clean_content_tags=dropped_with_content,
    )


_SANITISER = body_cleaner(dropped_with_content={"script", "style"})


class SanitisedHTML(str):
    """HTML as `sanitise_html` returned it. Sanitising it again would change nothing, so it
    is not done again: a body field otherwise cleans every body twice when it is saved.
    Any change to the text (a slice, a join) gives a plain string, sanitised anew."""


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; links leak no referrer."""
    if not html:
        return ""
    if isinstance(html, SanitisedHTML):
        return html
    return SanitisedHTML(_SANITISER.clean(html).strip())


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


# Blocks of running text; a list item or a table cell holding paragraphs counts once. The
# content runs up to the first matching end tag; spelled as runs of "not <" rather than a
# lazy ".*?", it is matched in long strides instead of trying the end tag at every character.
_TEXT_BLOCK = re.compile(
    r"<(p|h[1-6]|li|figcaption|cite|td|th)\b[^>]*>([^<]*(?:<(?!/\1\s*>)[^<]*)*)</\1\s*>", re.I
)
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
