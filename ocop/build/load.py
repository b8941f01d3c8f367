"""Reading record files: safe YAML with a line and column kept for every value.

We build values from PyYAML's event stream (the C parser when present) rather than
``yaml.safe_load`` because:
- every key and value needs its position, so errors can name the line;
- anchors and aliases are refused outright (they are how "billion laughs" bombs work,
  and a hand-written record never needs them);
- duplicate keys are an error here, where PyYAML silently keeps the last one;
- scalars follow YAML 1.2's core schema: ``no`` stays the word "no" and ``01`` stays
  text wherever the schema asks for text (see ``raw``), so codes and phone numbers
  keep their leading zeros.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..domain.problems import Problem
from ..domain.text import bad_char
from .discover import Unreadable, read_regular

try:  # the C parser is ~8x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 64 * 1024
MAX_DEPTH = 12
MAX_NODES = 5000

Key = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# What PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE): found again to name its line.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Line breaks YAML counts and editors may not (or the reverse): positions after them would be wrong.
_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


@dataclass
class Record:
    """One YAML file's data, with where each value came from."""

    path: str
    data: Any
    marks: dict[Key, tuple[int, int]] = field(default_factory=dict)  # value position (1-based line, col)
    key_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)  # position of the key naming it
    raw: dict[Key, str] = field(default_factory=dict)  # source text of plain scalars that were not read as text
    literal: set[Key] = field(default_factory=set)  # block scalars (|): their lines map one to one to the file
    # Set for records that came from the cache without positions: they are found again on
    # demand, which happens only when there is a problem to report.
    source: Path | None = None

    def _positions(self) -> None:
        if self.marks or self.source is None:
            return
        source, self.source = self.source, None  # once: a file gone since leaves positions at (1, 1)
        try:
            again = parse(read_regular(source, MAX_FILE_BYTES).decode("utf-8-sig"), self.path)
        except (Unreadable, UnicodeDecodeError, _Refused):
            return
        self.marks, self.key_marks, self.raw, self.literal = again.marks, again.key_marks, again.raw, again.literal

    def where_in_text(self, key: Key, offset: int, text: str) -> tuple[int, int]:
        """The position of ``text[offset]`` inside a value, for problems inside long descriptions."""
        self._positions()
        line, col = self.where(key)
        if key in self.literal:
            before = text[:offset]
            nl = before.count("\n")
            # Every line of a literal block has the first line's indentation.
            return line + nl, col + len(before) - (before.rfind("\n") + 1)
        return line, col

    def where(self, key: Key, *, of_key: bool = False) -> tuple[int, int]:
        """The nearest known position for ``key``, walking up to its parents."""
        self._positions()
        k = tuple(key)
        while True:
            if of_key and k in self.key_marks:
                return self.key_marks[k]
            if k in self.marks:
                return self.marks[k]
            if not k:
                return (1, 1)
            k = k[:-1]


class _Refused(Exception):
    def __init__(self, line: int, col: int, field_: str, vi: str, en: str) -> None:
        self.args_ = (line, col, field_, vi, en)


def _plain(value: str) -> Any:
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _dotted(key: Key) -> str:
    out = ""
    for part in key:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _block_start(text: str, indicator_line: int) -> tuple[int, int]:
    lines = text.split("\n")
    if indicator_line < len(lines):
        first = lines[indicator_line]
        return indicator_line + 1, len(first) - len(first.lstrip(" ")) + 1
    return indicator_line, 1


class _Reader:
    """Builds a Record from PyYAML's events, one event at a time."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.record = Record(path=path, data=None)
        # Containers being built: [container, its key, the mapping key waiting for a value or None]
        self.stack: list[list[Any]] = []
        self.nodes = 0

    def where(self) -> str:
        return _dotted(self.stack[-1][1]) if self.stack else ""

    def place(self, value: Any, line: int, col: int) -> Key | None:
        """Put a value where the parse is; returns its key, or None when it was a mapping key."""
        record = self.record
        if not self.stack:
            record.data = value
            record.marks[()] = (line, col)
            return ()
        top = self.stack[-1]
        container, ckey = top[0], top[1]
        if isinstance(container, list):
            key = (*ckey, len(container))
            container.append(value)
            record.marks[key] = (line, col)
            return key
        if top[2] is None:  # this value is a mapping key
            if not isinstance(value, str):
                if isinstance(value, (dict, list)):
                    raise _Refused(line, col, _dotted(ckey), "khóa phải là chữ", "a key must be plain text")
                value = str(value) if value is not None else "null"
            if value in container:
                raise _Refused(
                    line,
                    col,
                    _dotted((*ckey, value)),
                    f"khóa '{value}' bị lặp lại trong cùng một mục",
                    f"key '{value}' appears twice in the same mapping",
                )
            top[2] = value
            record.key_marks[(*ckey, value)] = (line, col)
            return None
        key = (*ckey, top[2])
        container[top[2]] = value
        record.marks[key] = (line, col)
        top[2] = None
        return key

    def node(self, ev: Any, line: int, col: int) -> None:
        """Refusals common to every value: aliases, anchors, tags, too many values."""
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            raise _Refused(
                line,
                col,
                self.where(),
                "không dùng neo/bí danh YAML (& và *); hãy viết đầy đủ giá trị",
                "YAML anchors and aliases (& and *) are not allowed; write the value out in full",
            )
        if isinstance(ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _Refused(line, col, "", "tệp có quá nhiều giá trị", "the file has too many values")
            tag = getattr(ev, "tag", None)
            if tag and tag not in ("!", "tag:yaml.org,2002:str"):
                raise _Refused(
                    line, col, self.where(), f"không dùng thẻ YAML ({tag})", f"YAML tags ({tag}) are not allowed"
                )

    def pending(self) -> str:
        """The field the next value is for."""
        if not self.stack:
            return ""
        container, ckey, waiting = self.stack[-1]
        if isinstance(container, list):
            return _dotted((*ckey, len(container)))
        return _dotted((*ckey, waiting)) if waiting is not None else _dotted(ckey)

    def scalar(self, ev: yaml.ScalarEvent, line: int, col: int) -> None:
        plain = ev.implicit[0] and not ev.style
        try:
            value = _plain(ev.value) if plain else ev.value
        except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits())
            raise _Refused(
                line,
                col,
                self.pending(),
                f"số quá dài ({len(ev.value)} chữ số, tối đa {sys.get_int_max_str_digits()}); "
                "nếu là mã hay số hiệu, đặt trong ngoặc kép",
                f"number too long ({len(ev.value)} digits, at most {sys.get_int_max_str_digits()}); "
                "if it is a code, put it in quotes",
            ) from None
        if isinstance(value, str):
            # Vietnamese typed on different keyboards arrives composed or decomposed.
            value = unicodedata.normalize("NFC", value)
        if ev.style in ("|", ">"):
            # A block scalar's text starts on the line after its indicator.
            line, col = _block_start(self.text, line)
        key = self.place(value, line, col)
        if key is not None and not isinstance(value, str):
            self.record.raw[key] = ev.value
        if key is not None and ev.style == "|":
            self.record.literal.add(key)

    def start(self, ev: Any, line: int, col: int) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(line, col, "", "dữ liệu lồng nhau quá sâu", "the data is nested too deeply")
        container: Any = {} if isinstance(ev, yaml.MappingStartEvent) else []
        if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None:
            raise _Refused(line, col, self.where(), "khóa phải là chữ", "a key must be plain text")
        key = self.place(container, line, col)
        self.stack.append([container, key, None])

    def event(self, ev: Any) -> None:
        mark = ev.start_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.node(ev, line, col)
        if isinstance(ev, yaml.ScalarEvent):
            self.scalar(ev, line, col)
        elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.start(ev, line, col)
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()
        elif isinstance(ev, yaml.DocumentStartEvent) and self.record.data is not None:
            raise _Refused(
                line,
                col,
                "",
                "mỗi tệp chỉ chứa một hồ sơ (một tài liệu YAML)",
                "a file holds one record (one YAML document)",
            )


def parse(text: str, path: str) -> Record:
    """Parse YAML text into a Record. Raises _Refused for structural refusals."""
    reader = _Reader(text, path)
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            reader.event(ev)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = exc.problem or "invalid YAML"
        raise _Refused(
            line,
            col,
            "",
            f"YAML sai cú pháp ({detail}); kiểm tra thụt lề và dấu hai chấm",
            f"YAML syntax error ({detail}); check the indentation and colons",
        ) from None
    except (yaml.YAMLError, UnicodeError):
        # The reader's refusals (a control character, a lone surrogate) carry an offset that the C
        # and Python readers count differently: find the character again to name its line.
        raise _reader_fault(text) from None
    return reader.record


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _reader_fault(text: str) -> _Refused:
    m = _NON_PRINTABLE.search(text)
    if m is None:  # not a character after all: say so without pretending to know where
        return _Refused(1, 1, "", "YAML sai cú pháp; tệp không đọc được", "YAML syntax error; the file cannot be read")
    bad = bad_char(m.group())
    code, vi, en = bad[1:] if bad else (f"U+{ord(m.group()):04X}", "", "")
    line, col = _position(text, m.start())
    return _Refused(
        line,
        col,
        "",
        f"tệp có ký tự không được phép ({code}{', ' + vi if vi else ''}); xóa ký tự đó hoặc gõ lại dòng này",
        f"the file contains a character that is not allowed ({code}{', ' + en if en else ''}); "
        "delete it or retype the line",
    )


def _odd_break(text: str) -> _Refused | None:
    m = _ODD_BREAK.search(text)
    if m is None:
        return None
    line, col = _position(text, m.start())
    code = f"U+{ord(m.group()):04X}"
    return _Refused(
        line,
        col,
        "",
        f"dòng này có ký tự xuống dòng lạ ({code}); xóa ký tự đó, chỉ xuống dòng bằng phím Enter",
        f"this line has an unusual line break character ({code}); delete it and break lines with Enter only",
    )


def decode(data: bytes) -> tuple[str | None, tuple[int, int] | None]:
    """Decode UTF-8 strictly; on failure return the position of the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM from Windows editors is harmless
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, (line, col)


def read_record(path: Path | str, shown: str) -> tuple[bytes | None, list[Problem]]:
    """A record file's bytes, or why it was not read (never opening a FIFO, never reading a huge file)."""
    try:
        return read_regular(path, MAX_FILE_BYTES), []
    except Unreadable as exc:
        if exc.why == "large":
            vi = f"tệp quá lớn ({exc.size // 1024} KB); một hồ sơ tối đa {MAX_FILE_BYTES // 1024} KB"
            en = f"file too large ({exc.size // 1024} KB); a record is at most {MAX_FILE_BYTES // 1024} KB"
        else:
            vi, en = exc.vi, exc.en
        return None, [Problem(shown, 1, 1, "", vi, en)]


def load_file(path: Path, display: str | None = None) -> tuple[Record | None, list[Problem]]:
    """Read one record file. Returns the record, or None and the reasons it was refused."""
    shown = display or str(path)
    data, problems = read_record(path, shown)
    return load_bytes(data, shown) if data is not None else (None, problems)


def load_bytes(data: bytes, shown: str) -> tuple[Record | None, list[Problem]]:
    """One record file's bytes as a Record, or None and the reasons it was refused."""
    text, bad = decode(data)
    if text is None:
        assert bad is not None
        return None, [
            Problem(
                shown,
                bad[0],
                bad[1],
                "",
                "tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8",
                "the file is not UTF-8 text; save it again as UTF-8",
            )
        ]
    try:
        odd = _odd_break(text)
        if odd:
            raise odd
        record = parse(text, shown)
    except _Refused as exc:
        line, col, field_, vi, en = exc.args_
        return None, [Problem(shown, line, col, field_, vi, en)]
    if not isinstance(record.data, dict):
        return None, [
            Problem(
                shown,
                1,
                1,
                "",
                "hồ sơ phải là một danh sách các trường dạng 'tên: giá trị'",
                "a record must be a mapping of 'field: value' lines",
            )
        ]
    return record, []


def dotted(key: Key) -> str:
    """A field path as officers read it: ``traceability[2].date``."""
    return _dotted(key)
