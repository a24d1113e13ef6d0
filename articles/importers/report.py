"""What an import did, story by story, in a shape any importer can fill and any caller print."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    # An older version than the one stored, or dated before `--since`: nothing written.
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ImportedItem:
    outcome: Outcome
    path: str
    title: str
    note: str = ""

    def __str__(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"{self.path}: {self.outcome}: {self.title}{note}"


@dataclass(frozen=True)
class ImportFailure:
    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        # PATH:LINE: reason, the form editors and compilers print, so tools can jump to it.
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """Counts always; each story's item only while `keep_items`, so huge runs stay small.

    `on_item` and `on_failure` see every story as it happens, for progress and log lines.
    """

    keep_items: bool = True
    on_item: Callable[[ImportedItem], None] | None = None
    on_failure: Callable[[ImportFailure], None] | None = None
    items: list[ImportedItem] = field(default_factory=list)
    failed: list[ImportFailure] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    # Things that are not stories, by kind: "page", "menu item", "comment"…
    not_stories: Counter = field(default_factory=Counter)
    # What the stories brought with them, by kind: "sections", "tags", "photos"…
    new_records: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome, *, path: str, title: str, note: str = "") -> None:
        item = ImportedItem(outcome, path, title, note)
        self.outcomes[outcome] += 1
        if self.keep_items:
            self.items.append(item)
        if self.on_item:
            self.on_item(item)

    def fail(self, reason: str, *, path: str, line: int | None = None) -> None:
        failure = ImportFailure(path, line, reason)
        self.failed.append(failure)
        if self.on_failure:
            self.on_failure(failure)

    def skip(self, kind: str, count: int = 1) -> None:
        self.not_stories[kind] += count

    def _with(self, outcome: Outcome) -> list[ImportedItem]:
        return [item for item in self.items if item.outcome == outcome]

    @property
    def created(self) -> list[ImportedItem]:
        return self._with(Outcome.CREATED)

    @property
    def updated(self) -> list[ImportedItem]:
        return self._with(Outcome.UPDATED)

    @property
    def unchanged(self) -> list[ImportedItem]:
        return self._with(Outcome.UNCHANGED)

    @property
    def skipped(self) -> list[ImportedItem]:
        return self._with(Outcome.SKIPPED)

    @property
    def has_failures(self) -> bool:
        return bool(self.failed)

    @property
    def stories(self) -> int:
        """Stories seen, whatever became of them."""
        return sum(self.outcomes.values()) + len(self.failed)

    def counts(self) -> dict[str, int]:
        counts = {outcome.value: self.outcomes[outcome] for outcome in Outcome}
        return {**counts, "failed": len(self.failed)}
