"""What an import did, story by story, in a shape any importer can fill and any caller print."""

from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ImportedItem:
    outcome: Outcome
    path: str
    title: str


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
    items: list[ImportedItem] = field(default_factory=list)
    failed: list[ImportFailure] = field(default_factory=list)

    def add(self, outcome: Outcome, *, path: str, title: str) -> None:
        self.items.append(ImportedItem(outcome, path, title))

    def fail(self, reason: str, *, path: str, line: int | None = None) -> None:
        self.failed.append(ImportFailure(path, line, reason))

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
    def has_failures(self) -> bool:
        return bool(self.failed)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "failed": len(self.failed),
        }
