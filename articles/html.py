"""The one place that decides which HTML a story body may hold."""

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
