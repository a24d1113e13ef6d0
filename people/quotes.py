"""Direct quotations in a story's paragraphs, and who said each one.

Reads the forms English news copy uses:

- `Blinken said, “…”` and `He added: “…”` (the speaker before the quote);
- `“…,” Blinken said`, `“…,” said Blinken`, `“…,” the minister said` (after it);
- `Blinken said the plan was “…”` (a partial quote in the speaker's sentence);
- a quote running over paragraphs: a paragraph that opens a quote without closing it
  continues when the next one opens with a quotation mark;
- a paragraph that is only a quotation continues the previous paragraph's speaker.

"He" and "she" mean the last named speaker; "the minister" means the one person in the
story holding that office. Anything else leaves the speaker unknown for an editor: a quote
is never given to someone on a guess. Plain computation over a `Detection`: no database.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import NamedTuple

from people.detection import Detection, Reference
from people.matcher import Hit
from people.models import Quote

Attribution = Quote.Attribution

# A quotation this short, with no speaker beside it, is a scare quote or a title:
# it was “astounding”, the film “Jaws”.
MIN_LOOSE_QUOTE_WORDS = 4
MAX_SPEAKER_WORDS = 8
# How far from a quotation its "said" may stand.
_REACH = 120

_OPENING = '“"'
# After "said": at most a few words ("told reporters", "said on Tuesday") before , or :
_LEAD_IN = re.compile(r"(?:\s+[\w’'-]+){0,4}?\s*[,:]\s*$")
_CLAUSE_BREAKS = '.!?;:,“”"\n'
# The stop after an initial ("Ada B. Holm", "J.K. Rowling") ends no clause. The pattern
# opens with the stop itself so the regex engine can jump from one "." to the next: a
# lookbehind first would be tried at every character of the story.
_INITIAL_STOP = re.compile(r"\.(?<=(?<!\w)[A-Z]\.)(?=\s?[A-Z])")
# Punctuation between a quotation and its "said" that puts the verb in another clause.
_CLAUSE_END = re.compile('[.!?;:“”"]')
_ARTICLES = {"the", "a", "an"}  # how a title phrase starts: "the minister", "a spokesman"
_TITLE_PHRASE = re.compile(
    r"(?:the|a|an)\s+(?:(?:outgoing|former|incoming|acting|interim|then|current)[\s-]+)?"
    r"(?P<title>[^\W\d_][\w’' .-]*)",
    re.IGNORECASE,
)


class FoundQuote(NamedTuple):
    text: str
    paragraph: int  # from 1, counting the body's paragraphs only
    position: int  # from 0, in story order
    person: int | None  # an id, a new person's (negative) key, or None when unclear
    attribution: str
    speaker_text: str = ""


@dataclass(slots=True)
class _Span:
    """One quotation, possibly over several paragraphs: (open, close) marks per paragraph."""

    paragraph: int
    parts: list[tuple[int, int | None]]
    # The speaker of the paragraph before this one began.
    previous_speaker: int | None = None
    start: int = 0  # where its first paragraph starts
    segment: int = 0  # where words before it may attribute it: after any earlier quotation
    end: int = 0  # where its last paragraph ends

    @property
    def open(self) -> int:
        return self.parts[0][0]

    @property
    def close(self) -> int | None:
        return self.parts[-1][1]


class _Speaker(NamedTuple):
    """Who said a quote, and how the text says so. A tuple: a story makes dozens."""

    person: int | None
    attribution: str
    text: str


def extract_quotes(detection: Detection, *, first_block: int = 0) -> list[FoundQuote]:
    """Quotations in the blocks from `first_block` on (the body), with their speakers."""
    return _Extractor(detection, first_block).run()


class _Extractor:
    def __init__(self, detection: Detection, first_block: int) -> None:
        self.d = detection
        self.text = detection.text
        # The text with initials' stops masked (same length), where clause breaks are looked for.
        self.breaks = _INITIAL_STOP.sub("·", detection.text)
        self.first_block = first_block
        self.ref_starts = [r.start for r in detection.references]
        # Where clauses and sentences break, found once: "said" looks back to the last one.
        text = detection.text
        # str.find is many times faster than a regex character class over a whole story.
        self.marks = sorted(
            _occurrences(text, "“") + _occurrences(text, "”") + _occurrences(text, '"')
        )
        self.mark_starts = [position for position, _ in self.marks]
        self.verb_starts = [v.start for v in detection.verbs]
        self.pronoun_starts = [p.start for p in detection.pronouns]
        self.last_speaker: int | None = None
        self.last_speaker_at = 0
        # Where quotations stand: people named inside one are not the story's speakers.
        self.quoted: list[tuple[int, int]] = []
        self.found: list[FoundQuote] = []
        self.holders: dict[str, list[tuple[int, int]]] = {}
        # Each "said" is read once: by the quotation it attributes, or as speech on its own.
        self.subjects: dict[tuple[int, int], _Speaker | None] = {}
        self.attributed: dict[int, _Speaker] = {}

    @cached_property
    def offices(self) -> dict[int, tuple[int, list[str]]]:
        """Each person's first mention and offices, for "the minister said" (which most
        stories never write)."""
        offices: dict[int, tuple[int, list[str]]] = {}
        for reference in reversed(self.d.references):
            if reference.person is not None:
                offices[reference.person] = (reference.start, [])
        for pk, (_, titles) in offices.items():
            story_office = self.d.story_offices.get(pk, "").casefold()
            titles += [story_office] if story_office else []
            titles += self.d.registry_offices.get(pk, ())
        return offices

    def run(self) -> list[FoundQuote]:
        text, starts = self.text, self.d.block_starts
        # The clear speaker of the paragraph before: a paragraph that is only a quotation
        # continues them.
        previous: int | None = None
        pending: _Span | None = None  # a quotation still open at the end of a paragraph
        for block in range(self.first_block, len(starts)):
            start = starts[block]
            end = starts[block + 1] - 2 if block + 1 < len(starts) else len(text)
            spans = self._spans(start, end)
            quotes: list[_Span] = []
            if pending is not None:
                opens_with_quote = spans and not text[start : spans[0][0]].strip()
                if opens_with_quote:
                    pending.parts.append(spans.pop(0))
                    pending.end = end
                    if pending.close is None:
                        self.quoted.append((start, end))
                        continue  # the quotation runs on through this paragraph too
                    quotes.append(pending)
                else:
                    previous = self._record(pending) or previous
                pending = None
            paragraph = block - self.first_block + 1
            segment = quotes[0].close if quotes else start
            for span in spans:
                quotes.append(_Span(paragraph, [span], previous, start, segment, end))
                segment = span[1] or end
            if quotes and quotes[-1].close is None:
                pending = quotes.pop()
            covered = [(q.open, q.close) for q in quotes]
            if pending is not None:
                covered.append((pending.open, end))
            self.quoted += covered
            previous = self._paragraph(start, end, quotes, covered)
        if pending is not None:
            self._record(pending)
        return self.found

    def _paragraph(
        self, start: int, end: int, quotes: list["_Span"], covered: list[tuple[int, int]]
    ) -> int | None:
        """Quotations and speech ("Blinken said he would…") in text order; returns the
        paragraph's last clear speaker."""
        at = bisect_left(self.verb_starts, start)
        if not quotes and (at == len(self.verb_starts) or self.verb_starts[at] >= end):
            return None  # narrative only: nobody speaks
        events: list[tuple[int, _Span | Hit]] = [(q.open, q) for q in quotes]
        verbs, verb_starts = self.d.verbs, self.verb_starts
        while at < len(verb_starts) and verb_starts[at] < end:
            verb = verbs[at]
            if not covered or not any(q_start <= verb.start < q_end for q_start, q_end in covered):
                events.append((verb.start, verb))
            at += 1
        if quotes:
            events.sort(key=itemgetter(0))
        speaker = None
        # “A,” Holm said. “B.”: B is Holm's too, unless someone else is named between.
        carried: tuple[int, int] | None = None
        for _, event in events:
            if isinstance(event, _Span):
                quoted_by = self._record(event, carried=carried)
                if quoted_by is not None:
                    speaker, carried = quoted_by, (quoted_by, event.close or end)
                continue
            found = self.attributed.get(event.start) or self._subject(event.start, start)
            if found is not None:
                # Someone we cannot name spoke: "he" no longer clearly means the last speaker.
                speaker = found.person
                self._spoke(found.person, event.start)
        return speaker

    def _spoke(self, person: int | None, at: int) -> None:
        self.last_speaker, self.last_speaker_at = person, at

    def _nobody_else(self, person: int, start: int, end: int) -> bool:
        """No one but `person` is named in text[start:end], quotations aside."""
        return all(
            reference.person == person or self._in_quote(reference.start)
            for reference in self._references(start, end)
        )

    def _references(self, start: int, end: int) -> list[Reference]:
        low = bisect_left(self.ref_starts, start)
        return self.d.references[low : bisect_left(self.ref_starts, end)]

    def _in_quote(self, position: int) -> bool:
        return any(q_start <= position < q_end for q_start, q_end in self.quoted)

    # Finding quotations.

    def _spans(self, start: int, end: int) -> list[tuple[int, int | None]]:
        """Paired marks in one paragraph; an unclosed quotation runs to its end."""
        spans: list[tuple[int, int | None]] = []
        opened: int | None = None
        low = bisect_left(self.mark_starts, start)
        high = bisect_left(self.mark_starts, end, low)
        for at in range(low, high):
            position, char = self.marks[at]
            if opened is None and char in _OPENING:
                opened = position
            elif opened is not None and char != "“":
                spans.append((opened, position + 1))
                opened = None
        if opened is not None:
            spans.append((opened, None))
        return spans

    def _quote_text(self, span: _Span) -> str:
        parts = []
        for open_at, close_at in span.parts:
            inner = self.text[open_at + 1 : close_at - 1 if close_at else None]
            if close_at is None:
                inner = inner.split("\n\n", 1)[0]
            parts.append(inner.strip())
        return " ".join(parts).strip().rstrip(",").strip()

    # Attributing them.

    def _record(self, span: _Span, *, carried: tuple[int, int] | None = None) -> int | None:
        """Store the quotation if it is one; returns its speaker when known.

        `carried` is the speaker of an earlier quotation in the paragraph, and where it ended.
        """
        text = self._quote_text(span)
        words = len(text.split())
        if not words:
            return None
        speaker = self._after(span, text) or self._before(span)
        loose = speaker is None
        if speaker is None:
            speaker = self._in_sentence(span)
        if speaker is None and span.previous_speaker is not None and self._stands_alone(span):
            speaker = _Speaker(span.previous_speaker, Attribution.CONTINUED, "")
        if speaker is None and carried and self._nobody_else(carried[0], carried[1], span.open):
            speaker = _Speaker(carried[0], Attribution.CONTINUED, "")
        if loose and words < MIN_LOOSE_QUOTE_WORDS:
            return None
        speaker = speaker or _Speaker(None, Attribution.UNCLEAR, "")
        self.found.append(
            FoundQuote(
                text=text,
                paragraph=span.paragraph,
                position=len(self.found),
                person=speaker.person,
                attribution=speaker.attribution,
                speaker_text=speaker.text,
            )
        )
        if speaker.person is not None:
            self._spoke(speaker.person, span.open)
        return speaker.person

    def _after(self, span: _Span, quote: str) -> _Speaker | None:
        """`“…,” Blinken said` or `“…,” said Blinken`."""
        close = span.close
        if close is None:
            return None
        inner_end = self.text[close - 2 : close - 1]
        if inner_end not in {",", "?", "!", "—", "–", "…"} and self.text[close : close + 1] != ",":
            return None
        limit = span.end
        verb = self._verb_in(close, min(limit, close + _REACH), first=True)
        if verb is None:
            return None
        if _CLAUSE_END.search(self.breaks, close, verb.start):
            return None
        if self.breaks[close : verb.start].strip(" ,"):
            speaker = self._speaker(close, verb.start)
        else:
            # "said Blinken": the speaker runs from the verb to the next break.
            after_end = verb.end
            while after_end < limit and self.breaks[after_end] not in _CLAUSE_BREAKS:
                after_end += 1
            speaker = self._speaker(verb.end, after_end)
        if speaker is not None:
            self.attributed[verb.start] = speaker
        return speaker

    def _before(self, span: _Span) -> _Speaker | None:
        """`Blinken said, “…”` and `He added: “…”`."""
        start = span.segment
        verb = self._verb_in(start, span.open, first=False)
        if verb is None or not _LEAD_IN.match(self.text, verb.end, span.open):
            return None
        return self._subject(verb.start, start)

    def _in_sentence(self, span: _Span) -> _Speaker | None:
        """`Blinken said the plan was “…”`: the speaker of the sentence the quote sits in."""
        start = span.segment
        sentence = _sentence_start(self.breaks, span.open, start)
        verb = self._verb_in(sentence, span.open, first=True)
        if verb is None:
            return None
        return self._subject(verb.start, sentence)

    def _stands_alone(self, span: _Span) -> bool:
        """The quotation is the whole paragraph (give or take its full stop)."""
        if self.text[span.start : span.open].strip():
            return False
        close = span.close
        return close is None or not self.text[close : span.end].strip(" .")

    # Reading the speaker.

    def _subject(self, verb: int, floor: int) -> _Speaker | None:
        """Who "said" at `verb`: the words before it in its clause (not before `floor`)."""
        key = (verb, floor)
        if key not in self.subjects:
            self.subjects[key] = self._read_subject(verb, floor)
        return self.subjects[key]

    def _read_subject(self, verb: int, floor: int) -> _Speaker | None:
        start = self._clause_start(verb, floor)
        text = self.text
        if not text[start:verb].strip() and start - 1 > floor and text[start - 1] == ",":
            # "Edda Lindqvist, Saltline’s chief executive, said": the name before the aside.
            aside = text.rfind(",", floor, start - 1)
            if aside > floor and len(text[aside + 1 : start - 1].split()) <= MAX_SPEAKER_WORDS:
                return self._speaker(self._clause_start(aside, floor), aside)
        return self._speaker(start, verb)

    def _speaker(self, start: int, end: int) -> _Speaker | None:
        """Who the words text[start:end] ("Blinken", "He", "the minister") name."""
        phrase = self.text[start:end].strip(" ,\n")
        if not phrase:
            return None
        if phrase.count(" ") >= MAX_SPEAKER_WORDS:
            return self._leading_subject(start, end, phrase)
        reference = self._last_reference(start, end)
        if reference is not None:
            if self.text[reference.end : reference.end + 2] in {"’s", "'s"}:
                return _Speaker(None, Attribution.UNCLEAR, phrase)  # "Blinken’s spokesman"
            if reference.person is None:
                return _Speaker(None, Attribution.UNCLEAR, phrase)
            return _Speaker(reference.person, Attribution.NAMED, phrase)
        if self._has_pronoun(start, end):
            meant = self._pronoun_target(start)
            if meant is None:
                return _Speaker(None, Attribution.UNCLEAR, phrase)
            return _Speaker(meant, Attribution.PRONOUN, phrase)
        first_word = phrase[: phrase.find(" ")].lower()
        title = first_word in _ARTICLES and _TITLE_PHRASE.fullmatch(phrase)
        if title:
            holder = self._office_holder(title["title"], before=start)
            if holder is not None:
                return _Speaker(holder, Attribution.TITLE, phrase)
        return _Speaker(None, Attribution.UNCLEAR, phrase)

    def _leading_subject(self, start: int, end: int, phrase: str) -> _Speaker | None:
        """A long clause whose subject opens it: "Mayor Celia Ashgrove visited the quay and
        said …". Only when no one else is named before the verb."""
        at = bisect_left(self.ref_starts, start)
        if at == len(self.ref_starts) or self.ref_starts[at] >= end:
            return None
        reference = self.d.references[at]
        if len(self.text[start : reference.start].split()) > MAX_SPEAKER_WORDS - 2:
            return None
        if reference.person is None or not self._nobody_else(reference.person, start, end):
            return None
        if self.text[reference.end : reference.end + 2] in {"’s", "'s"}:
            return None
        return _Speaker(reference.person, Attribution.NAMED, phrase)

    def _pronoun_target(self, position: int) -> int | None:
        """The last named speaker, if they spoke in this paragraph or the one before and
        nobody else has been named since; failing that, the one person this paragraph names
        before the pronoun."""
        speaker = self.last_speaker
        block = self.d.block_of(position)
        if (
            speaker is not None
            and block - self.d.block_of(self.last_speaker_at) <= 1
            and self._nobody_else(speaker, self.last_speaker_at, position)
        ):
            return speaker
        named = {
            reference.person
            for reference in self._references(self.d.block_starts[block], position)
            if not self._in_quote(reference.start)
        }
        return named.pop() if len(named) == 1 and None not in named else None

    def _office_holder(self, title: str, *, before: int) -> int | None:
        """The one person named so far whose office ends with `title` ("secretary of state")."""
        wanted = " ".join(title.casefold().split())
        if wanted not in self.holders:
            self.holders[wanted] = [
                (first, pk)
                for pk, (first, offices) in self.offices.items()
                if any(office.endswith(wanted) for office in offices)
            ]
        holders = [pk for first, pk in self.holders[wanted] if first < before]
        return holders[0] if len(holders) == 1 else None

    def _last_reference(self, start: int, end: int) -> Reference | None:
        at = bisect_left(self.ref_starts, end) - 1
        while at >= 0 and self.ref_starts[at] >= start:
            reference = self.d.references[at]
            if reference.end <= end:
                return reference
            at -= 1
        return None

    def _has_pronoun(self, start: int, end: int) -> bool:
        at = bisect_left(self.pronoun_starts, start)
        return at < len(self.pronoun_starts) and self.pronoun_starts[at] < end

    # Positions.

    def _verb_in(self, start: int, end: int, *, first: bool):
        low = bisect_left(self.verb_starts, start)
        high = bisect_left(self.verb_starts, end)
        if low >= high:
            return None
        return self.d.verbs[low if first else high - 1]

    def _clause_start(self, position: int, floor: int) -> int:
        """Just after the last punctuation before `position` that ends a clause."""
        find = self.breaks.rfind
        last = max(
            find(".", floor, position),
            find(",", floor, position),
            find("”", floor, position),
            find("“", floor, position),
            find('"', floor, position),
            find(":", floor, position),
            find(";", floor, position),
            find("!", floor, position),
            find("?", floor, position),
            find("\n", floor, position),
        )
        return last + 1 if last >= 0 else floor


def _sentence_start(text: str, position: int, floor: int) -> int:
    last = max(
        text.rfind(".", floor, position),
        text.rfind("!", floor, position),
        text.rfind("?", floor, position),
        text.rfind("\n", floor, position),
    )
    return last + 1 if last >= 0 else floor


def _occurrences(text: str, mark: str) -> list[tuple[int, str]]:
    found = []
    at = text.find(mark)
    while at >= 0:
        found.append((at, mark))
        at = text.find(mark, at + 1)
    return found
