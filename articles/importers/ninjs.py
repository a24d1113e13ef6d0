"""Read IPTC ninjs news items: 1.x and 2.x (lower-case names) and 3.x (camelCase).

A file holds one item, a JSON array of items, or JSON Lines (one item a line). Arrays and
JSON Lines are read one item at a time, so a file of any size fits in memory. A bad item
is reported by its line (JSON Lines) or its position (arrays), and the rest still import.
"""

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import partial
from typing import IO, Any

import ijson

from articles.importers import markup
from articles.importers.story import (
    Skipped,
    SourceStatus,
    Story,
    StoryError,
    StoryImage,
    Unread,
    as_utc,
)
from articles.importers.text import parse_byline, parse_credit

SOURCE = "ninjs"
SUFFIXES = (".json", ".jsonl", ".ndjson")
MAX_EXTERNAL_ID = 255

# Items that are stories; a lone picture or video item is not.
_STORY_TYPES = {"text", "composite"}
_WITHHELD = {"withheld", "canceled", "cancelled"}
# Roles and relations that make a listed person a credit, or an organisation the source.
_WRITER_RELS = {"author", "creator", "writer", "byline"}
# Other credits: these relations are byline roles as they stand (`Byline.Role`).
_CREDIT_RELS = {"photographer", "editor", "contributor"}
_CREATOR_RELS = _WRITER_RELS | _CREDIT_RELS
_SOURCE_RELS = {"source", "originator", "publisher", "provider", "distributor"}
_DEK_ROLES = {"subhead", "subheadline", "sub", "standfirst", "dek"}
_SUMMARY_ROLES = {"summary", "abstract", "standfirst", "teaser", "lead"}
_SECTION_REL = "section"
# "By" in the languages agencies write bylines in; "Von Christian Hollmann, dpa".
_BY_PREFIX = re.compile(r"^(?:by|von|av|af|par|por|door)\s+", re.IGNORECASE)
_MAX_BYLINE_NAME = 200
_NAME_SEPARATOR = re.compile(r",\s*and\s+|\s+(?:and|und|och|og|et|y|e)\s+|\s*[&,;]\s*")


def read(stream: IO[bytes], **_options) -> Iterator[Story | Unread | StoryError | Skipped]:
    first = _first_character(stream)
    if first == b"[":
        yield from _read_array(stream)
    elif first == b"{":
        yield from _read_object_or_lines(stream)
    else:
        raise StoryError(1, "not ninjs: a JSON object, array or JSON Lines was expected")


def story_from_item(item: Any, *, digest: str = "") -> Story | Skipped:
    """One ninjs item, its keys in lower case, as a story; StoryError (without a line) says
    what is wrong with it. `digest` is that of the bytes it was read from, if known."""
    if not isinstance(item, dict):
        raise StoryError(None, "not a JSON object")
    uri = item.get("uri")
    if not isinstance(uri, str) or not uri.strip():
        raise StoryError(None, "missing uri: every ninjs item needs its identifier")
    kind = str(item.get("type") or "text").lower()
    if kind not in _STORY_TYPES:
        return Skipped(f"ninjs {kind} item")
    headline = _headline(item)
    if not headline:
        raise StoryError(None, f"{uri}: no headline")
    # A headline alone is a story too: a wire flash, a photo post, a WordPress post that
    # was published empty. A body in a form not read here is not an empty one.
    body, body_is_description = _body(item)
    if not body and (unread := _unread_body_types(item)):
        raise StoryError(None, f"{uri}: no body in a form Newsroom reads (only {unread})")
    writers, outlet = _credits(item)
    published_at, version_at = _dates(item)
    withheld = str(item.get("pubstatus") or "usable").lower() in _WITHHELD
    return Story(
        source=SOURCE,
        external_id=_external_id(uri.strip()),
        headline=headline,
        dek=_dek(item, skip_descriptions=body_is_description),
        body_html=body,
        writers=writers,
        credits=_other_credits(item),
        outlet=_source_organisation(item) or outlet,
        image=_picture(item),
        section=next(iter(_subject_names(item, section=True)), ""),
        tags=_subject_names(item, section=False),
        people=tuple(
            name
            for person in _objects(item, "people", "person")
            if str(person.get("rel") or "").lower() not in _CREATOR_RELS
            and (name := markup.plain_text(str(person.get("name") or "")))
        ),
        status=SourceStatus.DRAFT if withheld else SourceStatus.PUBLISHED,
        published_at=published_at,
        version=_version(item.get("version")),
        version_at=version_at,
        digest=digest,
    )


def byline_from(text: str) -> tuple[tuple[str, ...], str]:
    """Writers and outlet from a ninjs `by`: "Von A und B, dpa", "A and B", "NTB"."""
    text = _BY_PREFIX.sub("", markup.plain_text(text))
    if not text:
        return (), ""
    if byline := parse_byline(f"By {text}"):
        return byline.writers, byline.outlet
    names, _, outlet = text.rpartition(",")
    if names and (byline := parse_byline(f"By {names}")):
        return byline.writers, outlet.strip()
    # Names the text format would not take ("Frances d'Emilio") are still names.
    names = (name.strip() for name in _NAME_SEPARATOR.split(text))
    return tuple(dict.fromkeys(name[:_MAX_BYLINE_NAME] for name in names if name)), ""


def _read_array(stream: IO[bytes]) -> Iterator[Story | StoryError | Skipped]:
    index = 0
    try:
        for index, item in enumerate(ijson.items(stream, "item", use_float=True), start=1):
            yield _located(_lower_keys(item), line=None, where=f"item {index}")
    except ijson.JSONError as error:
        raise StoryError(None, f"item {index + 1}: not valid JSON ({error})") from None


def _read_object_or_lines(stream: IO[bytes]) -> Iterator[Story | Unread | StoryError | Skipped]:
    """One pretty-printed item, or JSON Lines: told apart by whether line 1 is a whole item."""
    start = stream.tell()
    first_line = stream.readline()
    try:
        json.loads(first_line)
        is_lines = True
    except ValueError:
        second = next((line for line in stream if line.strip()), b"")
        is_lines = second.startswith(b"{")
    stream.seek(start)
    if is_lines:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield _parsed_line(line, number)
        return
    try:
        item = json.loads(_decoded(stream.read()), object_pairs_hook=_lowered)
    except json.JSONDecodeError as error:
        raise StoryError(error.lineno, f"not valid JSON ({error.msg})") from None
    yield _located(item, line=None)


def _parsed_line(line: bytes, number: int) -> Unread | Story | StoryError | Skipped:
    """A line's item, unread but for its identity: JSON Lines is how archives and wires
    arrive in bulk, and come again."""
    try:
        item = json.loads(_decoded(line, line=number))
    except json.JSONDecodeError as error:
        return StoryError(number, f"not valid JSON ({error.msg}, column {error.colno})")
    except StoryError as error:
        return error
    uri = item.get("uri") if isinstance(item, dict) else None
    if not isinstance(uri, str) or not uri.strip():
        # Read now, so whatever is wrong is reported (or the uri found under another case).
        return _located(_lower_keys(item), line=number)
    digest = hashlib.sha256(line.rstrip(b"\r\n")).hexdigest()
    return Unread(SOURCE, _external_id(uri.strip()), digest, partial(_read, item, number, digest))


def _read(item: dict, line: int, digest: str) -> Story | StoryError | Skipped:
    return _located(_lower_keys(item), line=line, digest=digest)


def _located(
    item: Any, *, line: int | None, where: str = "", digest: str = ""
) -> Story | StoryError | Skipped:
    """The item's story, or its error marked with where it is in the file."""
    try:
        return story_from_item(item, digest=digest)
    except StoryError as error:
        return StoryError(line, f"{where}: {error.reason}" if where else error.reason)


def _decoded(data: bytes, *, line: int = 1) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line += data[: error.start].count(b"\n")
        raise StoryError(line, f"not valid UTF-8 (byte 0x{data[error.start]:02x})") from None


def _first_character(stream: IO[bytes]) -> bytes:
    start = stream.tell()
    head = stream.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    stream.seek(start)
    return head[:1]


def _lowered(pairs: Iterable[tuple[str, Any]]) -> dict:
    """ninjs 3 spells `versionCreated` what ninjs 2 spells `versioncreated`: keys are read
    in lower case, as the JSON is parsed."""
    return {key.lower(): value for key, value in pairs}


def _lower_keys(value: Any) -> Any:
    """An item parsed without `_lowered`, with its keys in lower case."""
    if isinstance(value, dict):
        return _lowered((key, _lower_keys(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_lower_keys(item) for item in value]
    return value


def _objects(item: dict, *names: str) -> list[dict]:
    """The list under the first of `names` present, keeping only objects."""
    for name in names:
        if isinstance(value := item.get(name), list):
            return [entry for entry in value if isinstance(entry, dict)]
        if isinstance(value, dict):
            # ninjs 1.x keyed associations by name.
            return [entry for entry in value.values() if isinstance(entry, dict)]
    return []


def _role(entry: dict) -> str:
    return str(entry.get("role") or "").lower()


def _headline(item: dict) -> str:
    headlines = _objects(item, "headlines")
    main = next((h for h in headlines if _role(h) in {"main", ""}), None) or next(
        iter(headlines), {}
    )
    return markup.plain_text(str(main.get("value") or item.get("headline") or ""))


def _dek(item: dict, *, skip_descriptions: bool) -> str:
    for headline in _objects(item, "headlines"):
        if _role(headline) in _DEK_ROLES:
            return markup.plain_text(str(headline.get("value") or ""))
    if not skip_descriptions:
        for description in _objects(item, "descriptions"):
            if _role(description) in _SUMMARY_ROLES:
                return markup.plain_text(str(description.get("value") or ""))
    return ""


def _body(item: dict) -> tuple[str, bool]:
    """The body as HTML, and whether it had to come from the item's description."""
    bodies = [b for b in _objects(item, "bodies") if isinstance(b.get("value"), str)]
    html = next((b["value"] for b in bodies if _is_html(b)), item.get("body_html"))
    if isinstance(html, str) and html.strip():
        return markup.body_html(html), False
    text = next((b["value"] for b in bodies if _is_plain(b)), item.get("body_text"))
    if isinstance(text, str) and text.strip():
        return markup.text_body_html(text), False
    # A short wire item may only have a description: it is all the story there is.
    for description in _objects(item, "descriptions"):
        value = description.get("value")
        if isinstance(value, str) and value.strip():
            if _is_html(description):
                return markup.body_html(value), True
            return markup.text_body_html(value), True
    text = item.get("description_text") or ""
    return (markup.text_body_html(text), True) if isinstance(text, str) else ("", True)


def _unread_body_types(item: dict) -> str:
    """The content types of the item's non-empty bodies, when none was read: NITF, XML…"""
    types = (
        str(body.get("contenttype") or "unknown")
        for body in _objects(item, "bodies")
        if isinstance(body.get("value"), str) and body["value"].strip()
    )
    return ", ".join(dict.fromkeys(types))


def _is_html(entry: dict) -> bool:
    return "html" in str(entry.get("contenttype") or "").lower()


def _is_plain(entry: dict) -> bool:
    return str(entry.get("contenttype") or "text/plain").lower() == "text/plain"


def _credits(item: dict) -> tuple[tuple[str, ...], str]:
    """Writers, from people listed as authors or else from `by`, and the byline's outlet."""
    authors = tuple(
        name
        for person in _objects(item, "people", "person")
        if str(person.get("rel") or "").lower() in _WRITER_RELS
        and (name := markup.plain_text(str(person.get("name") or "")))
    )
    writers, outlet = byline_from(str(item.get("by") or ""))
    return (authors or writers), outlet


def _other_credits(item: dict) -> tuple[tuple[str, str], ...]:
    """People credited as other than writers (photographer, editor…), with their roles."""
    credits = (
        (name, rel)
        for person in _objects(item, "people", "person")
        if (rel := str(person.get("rel") or "").lower()) in _CREDIT_RELS
        and (name := markup.plain_text(str(person.get("name") or "")))
    )
    return tuple(dict.fromkeys(credits))


def _source_organisation(item: dict) -> str:
    sources = [
        *(o for o in _objects(item, "organisations", "organisation") if _rel(o) in _SOURCE_RELS),
        *(s for s in _objects(item, "infosources") if _role(s) in _SOURCE_RELS),
    ]
    names = (markup.plain_text(str(source.get("name") or "")) for source in sources)
    return next((name for name in names if name), "")


def _rel(entry: dict) -> str:
    # A relation may be a bare word or a URI ending in one.
    return str(entry.get("rel") or "").lower().rstrip("/").rsplit("/", 1)[-1]


def _subject_names(item: dict, *, section: bool) -> tuple[str, ...]:
    names = (
        markup.plain_text(str(subject.get("name") or ""))
        for subject in _objects(item, "subjects", "subject")
        if (_rel(subject) == _SECTION_REL) == section
    )
    return tuple(dict.fromkeys(name for name in names if name))


def _picture(item: dict) -> StoryImage | None:
    for association in _objects(item, "associations"):
        if str(association.get("type") or "").lower() not in {"picture", "graphic"}:
            continue
        descriptions = _objects(association, "descriptions")
        caption = next(
            (d.get("value") for d in descriptions if _role(d) not in {"alt", "alternative"}),
            association.get("description_text") or association.get("body_text") or "",
        )
        alt = next((d.get("value") for d in descriptions if _role(d) in {"alt", "alternative"}), "")
        credit = parse_credit(markup.plain_text(str(association.get("by") or "")))
        photographer = next(
            (
                str(p.get("name"))
                for p in _objects(association, "people", "person")
                if str(p.get("rel") or "").lower() in _CREATOR_RELS and p.get("name")
            ),
            credit.photographer,
        )
        return StoryImage(
            caption=markup.plain_text(str(caption or "")),
            credit_line=credit.line,
            photographer=markup.plain_text(photographer),
            agency=_source_organisation(association) or credit.agency,
            alt_text=markup.plain_text(str(alt or "")),
        )
    return None


def _dates(item: dict) -> tuple[datetime | None, datetime | None]:
    """When readers may see the story, and when this version was made.

    An embargo holds publication back until it lifts.
    """
    first = _date(item, "firstcreated") or _date(item, "contentcreated")
    version_at = _date(item, "versioncreated")
    embargo = _date(item, "embargoeduntil") or _date(item, "embargoed")
    published_at = first or version_at
    if embargo and (published_at is None or embargo > published_at):
        published_at = embargo
    return published_at, version_at


def _date(item: dict, name: str) -> datetime | None:
    value = item.get(name)
    if not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(str(value)))
    except ValueError:
        raise StoryError(None, f"{name} is not a date and time: {value!r}") from None


def _version(value: Any) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def _external_id(uri: str) -> str:
    if len(uri) <= MAX_EXTERNAL_ID:
        return uri
    # Too long to store: its hash is as stable an identity.
    return "sha256:" + hashlib.sha256(uri.encode()).hexdigest()
