"""Read the plain-text story format: headline, photo caption, dek, byline, body, trailer.

Every part but the headline and the body may be missing; the parser works out which blocks
it has from their shape rather than their position alone.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from articles.importers.story import Story, StoryError, StoryImage
from articles.models import Article
from people.names import PARTICLES

SOURCE = "text"
SUFFIXES = (".txt",)
MAX_HEADLINE = Article._meta.get_field("headline").max_length

# Invisible characters that word processors and CMS exports scatter through copy.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")
# The story ends at a web page's "Related Posts" box; what follows is other stories' titles.
_TRAILER = re.compile(r"^Related Posts?(?:\b|(?=[A-Z]))")
_CREDIT_AT_END = re.compile(r"\((?P<credit>[^()]{1,150})\)$")
_BYLINE = re.compile(r"^by\s+(?P<names>\S.*)$", re.IGNORECASE)
_BYLINE_SEPARATOR = re.compile(r"(,\s*and\s+|\s+and\s+|\s*&\s*|\s*,\s*)")
# "JERUSALEM (AP) — ": a place in capitals, perhaps an agency, then a dash.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.' -]{1,30})?(?:\s*\([^)]{1,30}\))?\s*[—–-]+\s"
)
# Words that describe a writer's job; after a comma in a byline they are not an outlet.
_ROLE = re.compile(r"\b(?:staff|writer|reporter|correspondent|editor|contributor)\b", re.I)
_NAME_WORD = re.compile(r"^(?:[^\W\d_]\.)+$|^[^\W\d_][\w'’.-]*$")

_VIA = re.compile(r"^(?P<main>.+?)\s+via\s+(?P<via>.+)$", re.IGNORECASE)
_CREDIT_PREFIX = re.compile(r"^(?:photo(?:graph)?|picture|image|credit)s?\s*(?::|by\b)\s*", re.I)
_COURTESY = re.compile(r"^courtesy\b", re.IGNORECASE)
_AGENCY_PHOTO = re.compile(r"^(?P<agency>.+?)\s+Photo\s*(?:/\s*(?P<photographer>.+))?$")
_CREDIT_NOTE = re.compile(r",\s*(?:file|pool|handout)$", re.IGNORECASE)
# Agencies that "Photo: X" may name instead of a photographer.
KNOWN_AGENCIES = frozenset(
    name.casefold()
    for name in (
        "AP", "AFP", "Reuters", "Getty Images", "EPA", "GPO", "Flash90", "Xinhua", "dpa",
        "ANSA", "Shutterstock", "Alamy", "Bloomberg", "PA", "AAP", "Anadolu", "TPS", "Pool",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Credit:
    line: str
    photographer: str = ""
    agency: str = ""


@dataclass(frozen=True)
class Byline:
    writers: tuple[str, ...]
    outlet: str = ""


@dataclass(frozen=True)
class _Block:
    """Consecutive non-blank lines; `line` is where the block starts in the file."""

    line: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def read(stream: IO[bytes], **_options) -> Iterator[Story]:
    """One story per file."""
    yield parse_story(decode_story(stream.read()))


def read_stories(path: Path) -> list[Story]:
    with path.open("rb") as stream:
        return list(read(stream))


def decode_story(data: bytes) -> str:
    """UTF-8, with or without a byte-order mark; a bad byte is reported by its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StoryError(line, f"not valid UTF-8 (byte 0x{data[error.start]:02x})") from None


def normalise_space(text: str) -> str:
    """One plain space between words: no-break, thin and tab spaces included."""
    if text.isprintable() and "  " not in text:
        # No space but single plain ones, nothing invisible: the common case, 5x faster.
        return text.strip()
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


def story_key(*, outlet: str, headline: str) -> str:
    """A stable id for the story: the same outlet and headline always give the same key."""
    parts = (_comparable(outlet), _comparable(headline))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def parse_story(text: str) -> Story:
    blocks = _blocks(_story_lines(text))
    if not blocks:
        raise StoryError(1, "file is empty")
    first = blocks[0]
    headline = first.lines[0]
    if len(headline) > MAX_HEADLINE:
        raise StoryError(first.line, f"headline is longer than {MAX_HEADLINE} characters")
    # The headline is one line; anything under it without a blank line is the next block.
    rest = [_Block(first.line + 1, first.lines[1:])] if len(first.lines) > 1 else []
    rest += blocks[1:]

    image = _caption(rest[0]) if rest else None
    dek_blocks, byline, body = _split_header(rest[1:] if image else rest)
    if not body:
        # Everything was headline, caption, dek or byline: point at the last of them.
        raise StoryError(rest[-1].line if rest else first.line, "story has no body")
    return Story(
        source=SOURCE,
        external_id=story_key(outlet=byline.outlet, headline=headline),
        headline=headline,
        dek=" ".join(block.text for block in dek_blocks),
        paragraphs=tuple(block.text for block in body),
        writers=byline.writers,
        outlet=byline.outlet,
        image=image,
    )


def parse_byline(text: str) -> Byline | None:
    """ "By A, Outlet", "By A and B, Outlet", "By A, B and C"; None if it is not a byline."""
    match = _BYLINE.match(text)
    if not match:
        return None
    pieces = _BYLINE_SEPARATOR.split(match["names"])
    names = [piece.strip() for piece in pieces[::2]]
    separators = [sep.strip() for sep in pieces[1::2]]
    outlet = ""
    # A final comma (not ", and") sets off the outlet: "By A and B, Outlet".
    if separators and separators[-1] == ",":
        outlet = names.pop()
        if _ROLE.search(outlet):
            outlet = ""
    if not names or not all(_looks_like_name(name) for name in names):
        return None
    if outlet and (not outlet[0].isalnum() or outlet[0].islower() or len(outlet.split()) > 8):
        return None
    return Byline(writers=tuple(dict.fromkeys(names)), outlet=outlet)


def parse_credit(text: str) -> Credit:
    """Split a printed credit into photographer and agency, keeping the credit as printed."""
    line = normalise_space(text)
    rest = _CREDIT_NOTE.sub("", line)
    distributor = ""
    if via := _VIA.match(rest):
        rest, distributor = via["main"], via["via"]
    if _COURTESY.match(rest):
        return Credit(line=line)

    prefixed = _CREDIT_PREFIX.match(rest)
    if prefixed:
        rest = rest[prefixed.end() :]
    photographer = agency = ""
    if agency_photo := _AGENCY_PHOTO.match(rest):
        # "AP Photo/Jane Roe": the agency comes first.
        agency, photographer = agency_photo["agency"], agency_photo["photographer"] or ""
    elif "/" in rest:
        # "Jane Roe/GPO", and "Jane Roe/Pool/AFP" where the last part is the agency.
        parts = [part.strip() for part in rest.split("/") if part.strip()]
        photographer, agency = parts[0], parts[-1] if len(parts) > 1 else ""
    elif (prefixed or distributor) and rest.casefold() not in KNOWN_AGENCIES:
        # "Photo: Jane Roe", "Jane Roe via Getty Images": a lone name here is a person.
        photographer = rest
    else:
        agency = rest
    return Credit(
        line=line,
        photographer=photographer.strip(),
        agency=(agency or distributor).strip(),
    )


def _story_lines(text: str) -> list[str]:
    """Normalised lines, cut at the "Related Posts" trailer, keeping file line numbers."""
    lines = [normalise_space(line) for line in text.replace("\r\n", "\n").split("\n")]
    for number, line in enumerate(lines):
        if _TRAILER.match(line):
            return lines[:number]
    return lines


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        if line:
            start = start or number
            current.append(line)
        elif current:
            blocks.append(_Block(start, tuple(current)))
            current, start = [], 0
    # A file with no blank lines at all puts one paragraph on each line.
    if len(blocks) == 1 and len(blocks[0].lines) > 2:
        only = blocks[0]
        return [_Block(only.line + i, (line,)) for i, line in enumerate(only.lines)]
    return blocks


def _split_header(blocks: list[_Block]) -> tuple[list[_Block], Byline, list[_Block]]:
    """Dek, byline and body: the byline, when there is one, sits within the first three."""
    for at, block in enumerate(blocks[:3]):
        if byline := parse_byline(block.text):
            return blocks[:at], byline, blocks[at + 1 :]
    # Without a byline, only a dateline shows where a dek stops and the body starts.
    body_at = next((at for at, b in enumerate(blocks[:3]) if _DATELINE.match(b.text)), 0)
    return blocks[:body_at], Byline(writers=()), blocks[body_at:]


def _caption(block: _Block) -> StoryImage | None:
    """The block under the headline is a caption when it ends in a photo credit."""
    match = _CREDIT_AT_END.search(block.text)
    if not match or not _looks_like_credit(match["credit"]):
        return None
    credit = parse_credit(match["credit"])
    return StoryImage(
        caption=block.text[: match.start()].strip(),
        credit_line=credit.line,
        photographer=credit.photographer,
        agency=credit.agency,
    )


def _looks_like_credit(text: str) -> bool:
    text = text.strip()
    if "/" in text or _CREDIT_PREFIX.match(text) or _COURTESY.match(text):
        return True
    words = text.split()
    # A bare agency: "(Reuters)", "(Getty Images)", never a lower-case aside like "(file)".
    return 0 < len(words) <= 4 and all(word[0].isupper() for word in words)


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5 or any(not _NAME_WORD.match(word) for word in words):
        return False
    return words[0][0].isupper() and all(w[0].isupper() or w in PARTICLES for w in words)


def _comparable(text: str) -> str:
    """Case, spacing and typographic quotes do not change a story's identity."""
    text = unicodedata.normalize("NFKC", normalise_space(text)).casefold()
    return text.translate(str.maketrans("‘’“”", "''\"\""))
