"""Tell a file's format from its first bytes, and refuse XML that declares entities."""

import re

from articles.importers.story import StoryError

HEAD_SIZE = 64 * 1024

_XML_PROLOGUE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)", re.S)
_ROOT = re.compile(rb"\s*<(?:[\w.-]+:)?([\w.-]+)")
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_WORDPRESS_NAMESPACE = b"wordpress.org/export/"
_FEED_ROOTS = {b"rss", b"feed", b"RDF"}


def sniff(head: bytes) -> str:
    """The format name for a file that starts with `head`: wxr, feed, ninjs or text."""
    head = _as_utf8(head)
    start = head.lstrip(b" \t\r\n")
    if start.startswith(b"<"):
        root = xml_root(head)
        if root == b"rss" and _WORDPRESS_NAMESPACE in head:
            return "wxr"
        if root in _FEED_ROOTS:
            return "feed"
        return "xml"
    if start[:1] in (b"{", b"["):
        return "ninjs"
    return "text"


def xml_root(head: bytes) -> bytes:
    """The root element's local name, once the declaration, comments and DOCTYPE are past."""
    at = 0
    while match := _XML_PROLOGUE.match(head, at):
        at = match.end()
    root = _ROOT.match(head, at)
    return root[1] if root else b""


def refuse_entities(head: bytes) -> None:
    """Refuse a document whose DOCTYPE declares entities, before any parser sees it.

    Entities are how a billion-laughs bomb expands and how XXE reads local files; no
    WordPress export or news feed needs them.
    """
    whole = len(head) < HEAD_SIZE  # the head is the whole file
    head = _as_utf8(head)
    at = 0
    while match := _XML_PROLOGUE.match(head, at):
        at = match.end()
    has_root = _ROOT.match(head, at) is not None
    if not has_root and not whole:
        # Entities could be declared beyond what was read; no export or feed needs that much.
        limit = f"{HEAD_SIZE // 1024} KiB"
        raise StoryError(1, f"the XML declaration, comments and DOCTYPE run past the first {limit}")
    prologue = head[:at] if has_root else head
    if entity := _ENTITY.search(prologue):
        line = prologue[: entity.start()].count(b"\n") + 1
        raise StoryError(
            line,
            "the document declares XML entities (<!ENTITY>), which are refused: "
            "they are how entity bombs and external-entity (XXE) attacks work",
        )


def _as_utf8(head: bytes) -> bytes:
    """UTF-16 documents sniffed as UTF-8, so the byte patterns above still match."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").encode()
    return head.removeprefix(b"\xef\xbb\xbf")


# lxml settings for every XML an import reads: no entity expansion, no DTD loading, no
# network, and libxml2's default limits on text and depth left on.
SAFE_XML = {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}
