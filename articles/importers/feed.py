"""Read RSS 2.0 and Atom feeds (and their older dialects) with feedparser.

feedparser understands every dialect's dates, authors and categories, but reads whole
documents: a feed is streamed to it a few hundred items at a time, each batch in a copy of
the feed without its other items. Media RSS captions and credits are read with lxml, and
taken out of an item with a photo before feedparser sees it: it files `media:description`
and `media:title` as the item's own text. A feed is checked whole before any item imports,
in a first streaming pass: a feed that is not well-formed, or not in the encoding it
declares, imports nothing.
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
# Items of every dialect, whatever its namespace (RSS 0.9x to 2.0, RSS 1.0, Atom 0.3 and
# 1.0): an element of one of these names inside the root or its channel.
_ITEM_TAGS = ("{*}item", "{*}entry")
# RSS 1.0 lists its items' addresses in the channel too: one line each, for feedparser to skip.
_RSS1_ITEM_LIST = "{http://purl.org/rss/1.0/}items"
# Items handed to feedparser at a time: as many as fit both, to spread its cost per call
# without holding much of a feed of long items.
_ITEMS_A_DOCUMENT = 200
_BYTES_A_DOCUMENT = 1 << 19
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']""")
_HEADLINE_WORDS = 12
_CHUNK = 1 << 18  # bytes read at a time to check a feed's encoding
# feedparser's own address pattern stops at four-letter top-level domains ("bob@t.exam").
_EMAIL = re.compile(r"(?:mailto:)?[^\s()<>\[\]@]+@[^\s()<>\[\]@]+")
_BRACKETED_EMAIL = re.compile(rf"[(<\[]\s*{_EMAIL.pattern}\s*[)>\]]")


def read(stream: IO[bytes], **_options) -> Iterator[Story | StoryError]:
    _check_encoding(stream)
    stream.seek(0)
    skeleton = _without_items(stream)
    if _is_item(skeleton):  # a document that is one Atom entry
        yield from _stories([skeleton], skeleton, feed_key="", first=1)
        return
    stream.seek(0)
    parsed = feedparser.parse(_for_feedparser(skeleton), sanitize_html=False)
    feed_key = parsed.feed.get("id") or parsed.feed.get("link") or ""
    done = 0
    for placed in _documents(_items(stream), stream):
        items = [item for _, item in placed]
        yield from _stories(items, _with_items(skeleton, placed), feed_key=feed_key, first=done + 1)
        done += len(items)


def _documents(placed: Iterator[tuple], stream: IO[bytes]) -> Iterator[list[tuple]]:
    """The items in runs of up to _ITEMS_A_DOCUMENT, or _BYTES_A_DOCUMENT of the feed."""
    run: list[tuple] = []
    began = stream.tell()
    for item in placed:
        run.append(item)
        if len(run) == _ITEMS_A_DOCUMENT or stream.tell() - began > _BYTES_A_DOCUMENT:
            yield run
            run, began = [], stream.tell()
    if run:
        yield run


def _stories(items: list, document, *, feed_key: str, first: int) -> Iterator[Story | StoryError]:
    """The stories of these items, which `document` holds, numbered from `first`."""
    images = [_media(item) for item in items]
    for item, image in zip(items, images, strict=True):
        if image is not None:
            _drop(item.iter(f"{{{MEDIA}}}description", f"{{{MEDIA}}}title"))
    # Bytes, never a string: feedparser fetches a string that looks like a URL.
    entries = feedparser.parse(_for_feedparser(document), sanitize_html=False).entries
    if len(entries) != len(items):  # feedparser read the items otherwise: no photos, then
        images = [None] * len(entries)
    for index, (entry, image) in enumerate(zip(entries, images, strict=True), start=first):
        try:
            yield _story(entry, image, feed_key=feed_key)
        except StoryError as error:
            yield StoryError(None, f"item {index}: {error.reason}")


def _is_item(element) -> bool:
    return etree.QName(element).localname in ("item", "entry")


def _is_feed_item(element) -> bool:
    """An item of the feed, not an element of that name inside one (nor the root)."""
    if element.getparent() is None:
        return False
    return not any(_is_item(ancestor) for ancestor in element.iterancestors())


def _iterparse(stream: IO[bytes]):
    return etree.iterparse(stream, events=("end",), tag=_ITEM_TAGS, **SAFE_XML)


def _without_items(stream: IO[bytes]):
    """The feed's root element with its title, links and the rest, but none of its items;
    reading it through checks that the whole feed is well-formed."""
    parsing = _iterparse(stream)
    try:
        for _, item in parsing:
            if _is_feed_item(item):
                item.getparent().remove(item)
    except etree.XMLSyntaxError as error:
        raise StoryError(error.lineno, f"not well-formed XML ({error.msg})") from None
    _drop(parsing.root.iter(_RSS1_ITEM_LIST))
    return parsing.root


def _items(stream: IO[bytes]) -> Iterator[tuple[str, object]]:
    """A copy of each item, with the tag of the element that holds it; the parsed tree
    keeps none of them."""
    for _, item in _iterparse(stream):
        if not _is_feed_item(item):
            continue
        yield item.getparent().tag, copy.deepcopy(item)
        item.clear()
        parent = item.getparent()
        while item.getprevious() is not None:
            del parent[0]


def _with_items(skeleton, placed: list[tuple]):
    """A copy of the feed holding these items, each where the feed held it."""
    feed = copy.deepcopy(skeleton)
    for home, item in placed:
        next(feed.iter(home), feed).append(item)
    return feed


def _drop(elements) -> None:
    for element in list(elements):
        element.getparent().remove(element)


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
    """The feed without authors' e-mail addresses, which feedparser cuts up."""
    _drop(root.iter("{*}email"))
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
    """The name in "bob@example.com (Bob Stone)", "Bob Stone <bob@…>" or "Bob Stone,
    bob@…"; an address alone is no name, so it gives "". Text without one stays whole:
    "Ann Lee (Reuters)"."""
    text = markup.plain_text(text)
    if "@" not in text:
        return text
    name = _EMAIL.sub("", _BRACKETED_EMAIL.sub("", text)).strip(" ,;")
    if name.startswith("(") and name.endswith(")"):
        name = name[1:-1].strip()
    return name


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
        held = decoder.getstate()[0]
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            data = held + chunk
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
