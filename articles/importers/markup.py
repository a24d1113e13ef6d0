"""Turn the markup sources send into what stories store: clean HTML bodies, plain-text lines.

The body field sanitises on every save; this module first removes what sources wrap around
a story (a repeated headline, photo figures, WordPress shortcodes) so that none of it is
left behind as stray text.
"""

import re
from html import unescape

import lxml.html
import nh3

from articles.html import SanitisedHTML, body_cleaner
from articles.importers.text import normalise_space

# Gone with everything inside: a page's head, the headline repeated as <h1>, scripts.
_DROPPED_WITH_CONTENT = {"head", "title", "h1", "script", "style", "template", "noscript"}
_MEDIA = ("img", "video", "audio", "iframe", "picture", "object", "embed")

# WordPress shortcodes: these enclose an embedded photo, audio or video and go whole…
_ENCLOSING_SHORTCODES = re.compile(
    r"\[(caption|wp_caption|embed|audio|video)\b[^\]]*\].*?\[/\1\]", re.DOTALL
)
# …and these stand alone (a gallery, a player) and simply go.
_SHORTCODE = re.compile(r"\[/?(?:caption|wp_caption|gallery|embed|audio|video|playlist)\b[^\]]*\]")
# Block-editor markers (<!-- wp:paragraph -->) and the classic editor's <!--more--> and
# <!--nextpage-->: none is text, and on a line of its own each would become an empty <p>.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A chunk of classic-editor content that already starts with a block needs no <p>.
_STARTS_WITH_BLOCK = re.compile(
    r"^<(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|section|article|aside)\b", re.I
)
_DOCUMENT_BODY = re.compile(r"<body\b[^>]*>(.*?)(?:</body>|$)", re.DOTALL | re.IGNORECASE)
_HAS_BLOCK = re.compile(r"<(?:p|h[2-4]|ul|ol|blockquote|figure)\b")
_BLOCKS = ("p", "h2", "h3", "h4", "ul", "ol", "blockquote", "figure")
# Text, or an inline tag, at the top level beside the blocks: at the start or after a block.
# Two patterns, as one starting with "^|" is tried at every character and is ten times slower.
_LOOSE_START = re.compile(r"\s*(?:[^<\s]|<(?!/?(?:p|h[2-4]|ul|ol|blockquote|figure)\b))")
_LOOSE_AFTER = re.compile(
    r"</(?:p|h[2-4]|ul|ol|blockquote|figure)>\s*(?:[^<\s]|<(?!/?(?:p|h[2-4]|ul|ol|blockquote|figure)\b))"
)
_BLANK_LINES = re.compile(r"\n\s*\n")
# A paragraph with nothing a reader can see: WordPress's spacers (<p>&nbsp;</p>), <p><br></p>.
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>\s*")
_BODY_CLEANER = body_cleaner(dropped_with_content=_DROPPED_WITH_CONTENT)
_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags={"script"})


def body_html(html: str) -> str:
    """A source's HTML body, safe and without its wrappings; photos come separately."""
    if not html:
        return ""
    # A whole HTML document: only its <body> is the story.
    if document_body := _DOCUMENT_BODY.search(html):
        html = document_body[1]
    if "<figure" in html.lower():
        html = _without_media_figures(html)
    html = _BODY_CLEANER.clean(html).strip()
    if "<p>" in html:
        html = _EMPTY_PARAGRAPH.sub("", html).strip()
    # "Some text" with no block around it is still a paragraph.
    if html and not _HAS_BLOCK.search(html):
        return f"<p>{html}</p>"
    if _LOOSE_START.match(html) or _LOOSE_AFTER.search(html):
        return _loose_text_wrapped(html)
    # Cleaned with the body field's own allow-list: the field need not clean it again.
    return SanitisedHTML(html)


def text_body_html(text: str) -> str:
    """Plain text with blank lines (or, failing those, line breaks) between paragraphs."""
    text = text.replace("\r\n", "\n").strip()
    chunks = _BLANK_LINES.split(text) if _BLANK_LINES.search(text) else text.split("\n")
    paragraphs = (normalise_space(chunk) for chunk in chunks)
    return "".join(f"<p>{_escape(p)}</p>" for p in paragraphs if p)


def plain_text(markup: str) -> str:
    """One line of text from something that may hold tags and entities: a dek, a caption."""
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return normalise_space(markup)
    return normalise_space(unescape(_TEXT_CLEANER.clean(markup)))


def wordpress_html(content: str) -> str:
    """A WordPress post's content: block comments and shortcodes out, paragraphs made.

    Classic-editor posts keep paragraphs as blank lines, as WordPress's own wpautop() reads
    them; block-editor posts already wrap every paragraph in <p>.
    """
    content = _COMMENT.sub("", content)
    content = _SHORTCODE.sub("", _ENCLOSING_SHORTCODES.sub("", content))
    chunks = (chunk.strip() for chunk in _BLANK_LINES.split(content.replace("\r\n", "\n")))
    html = "".join(
        chunk if _STARTS_WITH_BLOCK.match(chunk) else f"<p>{chunk.replace(chr(10), '<br>')}</p>"
        for chunk in chunks
        if chunk
    )
    return body_html(html)


def _without_media_figures(html: str) -> str:
    """Drop <figure>s that frame a photo or a player; keep those around quotes or text."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return html
    for figure in list(root.iter("figure")):
        if figure.getparent() is not None and next(figure.iter(*_MEDIA), None) is not None:
            figure.drop_tree()
    inner = (lxml.html.tostring(child, encoding="unicode") for child in root)
    return _escape(root.text or "") + "".join(inner)


def _loose_text_wrapped(html: str) -> str:
    """Put top-level text and inline tags between blocks into paragraphs of their own."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    parts: list[str] = []
    run: list[str] = [_escape(root.text or "")]
    for child in root:
        tail, child.tail = child.tail, None
        if child.tag in _BLOCKS:
            parts.append(_paragraph("".join(run)))
            parts.append(lxml.html.tostring(child, encoding="unicode"))
            run = []
        else:
            run.append(lxml.html.tostring(child, encoding="unicode"))
        run.append(_escape(tail or ""))
    parts.append(_paragraph("".join(run)))
    return "".join(parts)


def _paragraph(html: str) -> str:
    return f"<p>{html.strip()}</p>" if html.strip() else ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
