"""The format-neutral story every importer produces and the store writes."""

from dataclasses import dataclass


class StoryError(Exception):
    """Input that cannot become a story; `line` points at the culprit in the source file."""

    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class StoryImage:
    """A lead photo known only by its words: the file, if any, arrives later."""

    caption: str
    credit_line: str = ""
    photographer: str = ""
    agency: str = ""


@dataclass(frozen=True)
class Story:
    # `source` and `external_id` are the story's identity, so a re-import updates in place.
    source: str
    external_id: str
    headline: str
    dek: str = ""
    paragraphs: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    outlet: str = ""
    image: StoryImage | None = None
