"""The one place that decides which HTML a story body may hold, and reads its text."""

import re
from html import unescape

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "blockquote",
    "q",
    "cite",
    "a",
    "em",
    "i",
    "strong",
    "b",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "figure",
    "figcaption",
    "abbr",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
# Links may go to the web or a mail client, never to javascript: or data: URLs.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


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
