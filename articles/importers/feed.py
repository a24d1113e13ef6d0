"""Read RSS 2.0 and Atom feeds (and their older dialects) with feedparser.

feedparser understands every dialect's dates, authors and categories; it reads a whole
document, so a feed is streamed to it one item at a time, each in a copy of the feed
without its items. Media RSS captions and credits are read with lxml, and taken out before
feedparser sees an item: it files `media:description` and `media:title` as the item's own
text. A feed is checked whole before any item imports, in a first streaming pass: a feed
that is not well-formed, or not in the encoding it declares, imports nothing.
"""

import codecs
import copy
import hashlib
import re
from calendar import timegm
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO

import feedparser
from django.utils.text import Truncator
from lxml import etree

from articles.importers import markup
from articles.importers.ninjs import MAX_EXTERNAL_ID
from articles.importers.sniff import SAFE_XML
from articles.importers.story import Story, StoryError, StoryImage
from articles.importers.text import parse_credit

SOURCE = "feed"
SUFFIXES = (".rss", ".atom", ".xml")

MEDIA = "http://search.yahoo.com/mrss/"
_ITEM_TAGS = ("item", "{http://www.w3.org/2005/Atom}entry", "{http://purl.org/rss/1.0/}item")
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']""")
_HEADLINE_WORDS = 12
_CHUNK = 1 << 20  # bytes read at a time to check a feed's encoding
# feedparser's own address pattern stops at four-letter top-level domains ("bob@t.exam").
_EMAIL = re.compile(r"(?:mailto:)?[^\s()<>\[\]@]+@[^\s()<>\[\]@]+")


def read(stream: IO[bytes], **_options) -> Iterator[Story | StoryError]:
    _check_encoding(stream)
    stream.seek(0)
    skeleton = _without_items(stream)
    stream.seek(0)
    parsed = feedparser.parse(_for_feedparser(copy.deepcopy(skeleton)), sanitize_html=False)
    feed_key = parsed.feed.get("id") or parsed.feed.get("link") or ""
    for index, item in enumerate(_items(stream), start=1):
        image = _media(item)
        # Bytes, never a string: feedparser fetches a string that looks like a URL.
        parsed = feedparser.parse(_for_feedparser(_alone(skeleton, item)), sanitize_html=False)
        try:
            if not parsed.entries:
                raise StoryError(None, "not an item feedparser can read")
            yield _story(parsed.entries[0], image, feed_key=feed_key)
        except StoryError as error:
            yield StoryError(None, f"item {index}: {error.reason}")


def _without_items(stream: IO[bytes]):
    """The feed's root element with its title, links and the rest, but none of its items;
    reading it through checks that the whole feed is well-formed."""
    parsing = etree.iterparse(stream, events=("end",), tag=_ITEM_TAGS, **SAFE_XML)
    try:
        for _, item in parsing:
            item.getparent().remove(item)
    except etree.XMLSyntaxError as error:
        raise StoryError(error.lineno, f"not well-formed XML ({error.msg})") from None
    return parsing.root


def _items(stream: IO[bytes]):
    """Each item element, dropped from memory once the next one is read."""
    for _, item in etree.iterparse(stream, events=("end",), tag=_ITEM_TAGS, **SAFE_XML):
        yield item
        item.clear()
        parent = item.getparent()
        while item.getprevious() is not None:
            del parent[0]


def _alone(skeleton, item):
    """A copy of the feed holding this one item, where the feed holds its items."""
    feed = copy.deepcopy(skeleton)
    parent = item.getparent()
    home = feed if parent is None or parent.tag == feed.tag else feed.find(parent.tag)
    (feed if home is None else home).append(copy.deepcopy(item))
    return feed


def _story(entry, image: StoryImage | None, *, feed_key: str) -> Story:
    body_html, body_text = _body(entry)
    summary = _summary(entry)
    headline = markup.plain_text(entry.get("title", ""))
    headline = headline or Truncator(markup.plain_text(body_html)).words(_HEADLINE_WORDS)
    if not headline:
        raise StoryError(None, "no title and no text")
    return Story(
        source=SOURCE,
        external_id=_external_id(entry, feed_key=feed_key),
        headline=headline,
        dek=summary if body_text and summary != body_text else "",
        body_html=body_html,
        writers=_writers(entry),
        image=image,
        tags=tuple(
            dict.fromkeys(
                name
                for tag in entry.get("tags", [])
                if (name := markup.plain_text(tag.get("label") or tag.get("term") or ""))
            )
        ),
        source_url=entry.get("link", ""),
        published_at=_when(entry, "published_parsed") or _when(entry, "updated_parsed"),
        version_at=_when(entry, "updated_parsed"),
    )


def _body(entry) -> tuple[str, str]:
    """The item's body as HTML and as plain text: its full content, else its summary."""
    contents = entry.get("content") or []
    content = next((c for c in contents if "html" in c.get("type", "")), None)
    content = content or next(iter(contents), None) or entry.get("summary_detail")
    if not content or not content.get("value", "").strip():
        return "", ""
    value = content["value"]
    if "html" in content.get("type", ""):
        return markup.body_html(value), markup.plain_text(value)
    return markup.text_body_html(value), markup.plain_text(value)


def _summary(entry) -> str:
    return markup.plain_text(entry.get("summary", "")) if entry.get("content") else ""


def _writers(entry) -> tuple[str, ...]:
    names = (_author_name(author.get("name", "")) for author in entry.get("authors", []))
    return tuple(dict.fromkeys(name for name in names if name))


def _for_feedparser(root) -> bytes:
    """The feed without what feedparser misreads: photo captions and titles, which it takes
    for the item's body or summary, and authors' email addresses, which it cuts up."""
    misread = root.iter(f"{{{MEDIA}}}description", f"{{{MEDIA}}}title", "{*}email")
    for element in list(misread):
        element.getparent().remove(element)
    # RSS <author>, dc:creator and itunes:author are plain text: keep only the name.
    for element in list(root.iter("{*}author", "{*}creator")):
        if len(element):
            continue
        if name := _author_name(element.text or ""):
            element.text = name
        else:
            element.getparent().remove(element)
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)


def _author_name(text: str) -> str:
    """The name in "bob@example.com (Bob Stone)" or "Bob Stone <bob@...>"; an address alone
    is no name, so it gives ""."""
    return _EMAIL.sub("", markup.plain_text(text)).strip(" ()<>[]\"'")


def _when(entry, key: str) -> datetime | None:
    # Read the entry as a plain dict: feedparser would quietly put the publication date in
    # for a missing update date, and an update date is a version.
    moment = dict.get(entry, key)
    return datetime.fromtimestamp(timegm(moment), tz=UTC) if moment else None


def _external_id(entry, *, feed_key: str) -> str:
    """The item's guid; a bare one ("1234") is only unique within its feed, so it gets the
    feed's id too. Without a guid, the link; without either, a hash of the title and date."""
    guid = entry.get("id") or entry.get("link")
    if not guid:
        raw = f"{entry.get('title', '')}\n{entry.get('published', '')}"
        guid = "sha256:" + hashlib.sha256(raw.encode()).hexdigest()
    elif ":" not in guid and feed_key:
        guid = f"{feed_key}#{guid}"
    if len(guid) > MAX_EXTERNAL_ID:
        guid = "sha256:" + hashlib.sha256(guid.encode()).hexdigest()
    return guid


def _media(item) -> StoryImage | None:
    """The item's Media RSS photo: media:content (or a group's), else media:thumbnail."""
    contents = [*item.iterfind(f"{{{MEDIA}}}content"), *item.iterfind(f"{{{MEDIA}}}group/*")]
    photo = next((c for c in contents if _is_image(c)), None)
    if photo is None and (photo := item.find(f"{{{MEDIA}}}thumbnail")) is None:
        return None
    scopes = [photo, photo.getparent(), item]
    caption = _first_text(scopes, "description") or _first_text(scopes, "title")
    credit = parse_credit(_first_text(scopes, "credit"))
    return StoryImage(
        caption=caption,
        credit_line=credit.line,
        photographer=credit.photographer,
        agency=credit.agency,
        alt_text=_first_text(scopes, "text"),
    )


def _is_image(element) -> bool:
    if element.tag != f"{{{MEDIA}}}content":
        return False
    return element.get("medium") == "image" or element.get("type", "").startswith("image/")


def _first_text(scopes, name: str) -> str:
    for scope in scopes:
        found = scope.find(f"{{{MEDIA}}}{name}")
        if found is not None and (text := markup.plain_text("".join(found.itertext()))):
            return text
    return ""


def _check_encoding(stream: IO[bytes]) -> None:
    """A feed must be in the encoding it declares; guessing would store garbled text.
    Read through in chunks, so a big feed is never held whole."""
    head = stream.read(_CHUNK)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        declared = _DECLARED_ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
        encoding = declared[1].decode() if declared else "utf-8"
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise StoryError(1, f"unknown character encoding {encoding!r}") from None
    lines, chunk = 1, head
    while chunk:
        # The decoder may hold the last bytes of the chunk before: an unfinished character.
        data = decoder.getstate()[0] + chunk
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            raise StoryError(
                lines + data[: error.start].count(b"\n"),
                f"not valid {encoding} as the feed declares (byte 0x{data[error.start]:02x}); "
                "re-save it in the encoding it declares, or declare the one it uses",
            ) from None
        lines += chunk.count(b"\n")
        chunk = stream.read(_CHUNK)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise StoryError(lines, f"not valid {encoding}: the feed ends inside a character") from None
