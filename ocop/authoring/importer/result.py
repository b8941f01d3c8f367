"""What an import decides and reports: the refusal of a whole file, the values given for the whole list,
the outcome of each row, the producers it creates, and the result of the run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ...domain.problems import BilingualError

Reason = tuple[str, str]  # (Vietnamese, English)


class ImportError_(BilingualError):
    """The file or the options cannot be used at all (not a row problem)."""


@dataclass
class Defaults:
    """Values for the rows whose cell is empty (a decision annex belongs to one decision)."""

    decision: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    group: str | None = None


@dataclass
class Outcome:
    row: int  # spreadsheet row number
    stt: str
    name: str
    status: str  # "written", "person" (needs a person), "skipped"
    reasons: list[Reason] = field(default_factory=list)
    path: Path | None = None
    producer: str | None = None
    commune: str | None = None
    note: str = ""
    remarks: list[Reason] = field(default_factory=list)  # what the importer told by itself (issuer, group…)


@dataclass
class NewProducer:
    id: str
    name: str
    kind: str
    commune: str
    street: str | None
    row: int
    path: Path
    written: bool = False


@dataclass
class ImportResult:
    source: Path
    province: str
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)
    producers: list[NewProducer] = field(default_factory=list)
    other_problems: int = 0  # problems in records this import did not write

    def by_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def written(self) -> list[Outcome]:
        return self.by_status("written")

    @property
    def needs_person(self) -> list[Outcome]:
        return self.by_status("person")

    @property
    def skipped(self) -> list[Outcome]:
        return self.by_status("skipped")

    @property
    def new_producers(self) -> list[NewProducer]:
        return [p for p in self.producers if p.written]
