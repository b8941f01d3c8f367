"""Problems found in records, and how they are printed.

Every problem names a file, a line and column, and a field, with the message in
Vietnamese first and English after, because the people who read them are
province data officers.

Everything printed passes through ``escaped``: a key, a value or a file name can hold a line
break followed by ``::error::`` (a GitHub Actions workflow command), a terminal escape or a bidi
override. Printed, each is a visible %XX, on the one line it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .text import escaped


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as given to the checker, relative to the working directory when possible
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based
    field: str  # dotted path inside the record ("certificate.date"), or "" for the whole file
    vi: str
    en: str

    def format(self) -> str:
        where = f"{escaped(self.path)}:{self.line}:{self.col}" if self.line else f"{escaped(self.path)}:1:1"
        field = escaped(self.field) or "(tệp/file)"
        return f"{where}: {field}: {escaped(self.vi)} / {escaped(self.en)}"

    def annotation(self) -> str:
        """A GitHub Actions workflow command that puts the problem on the changed line."""
        # Workflow commands need %, CR and LF escaped in the message, and "," and ":" too in a property.
        message = f"{escaped(self.field) or 'file'}: {escaped(self.vi)} / {escaped(self.en)}"
        path = escaped(self.path).replace(",", "%2C").replace(":", "%3A")
        return f"::error file={path},line={max(self.line, 1)},col={max(self.col, 1)}::{message}"


class BilingualError(Exception):
    """A refusal of a request (not of a record), said in Vietnamese and in English."""

    def __init__(self, vi: str, en: str) -> None:
        self.vi, self.en = vi, en
        super().__init__(escaped(f"{vi} / {en}"))


class ProblemsFound(Exception):
    """Raised when records cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(format_report(self.problems))


def format_report(problems: Iterable[Problem]) -> str:
    problems = list(problems)
    lines = [p.format() for p in problems]
    n = len(problems)
    lines.append(f"{n} lỗi / {n} error{'s' if n != 1 else ''}")
    return "\n".join(lines)
