"""Writing record text: the one place that decides how a value is spelled in a YAML record.

Records are written as text rather than with ``yaml.dump`` because people read and edit them:
the order of fields, blank lines between sections, comments that say what to fill in, and
quotes only where they are needed all matter to the officer who opens the file next.

The rules, each chosen so that ``ocop.build.load.parse`` reads back exactly the value written:

- **Scalars** (``scalar``) are plain when the text is unmistakably text to any YAML reader
  (it starts with a letter, holds only letters, digits, spaces and common punctuation, and
  is no YAML word such as ``no`` or ``null``), and double-quoted otherwise. Plain is
  stricter than our own loader needs (it keeps ``no`` and ``01`` as text): editors and other
  tools read records with YAML 1.1 rules, where ``no`` is false and ``01`` is a number.
  Double-quoted text uses JSON's escapes (a subset of YAML's), and escapes the characters
  a YAML reader refuses or reads as a line break.
- **Multi-line text** is a literal block (``|``) with the chomping indicator that gives back
  its final line break or its absence, and an indentation indicator when its first line starts
  with a space. Text a literal block cannot hold exactly (several final line breaks, control
  characters, line breaks other than ``\\n``) is double-quoted instead.
- **Nesting** is two spaces a level; a list of mappings puts the first key on the dash line.
  ``Flow`` writes a short list of scalars on one line (``coordinates: [21.03, 105.85]``).
- **Comments**: header lines, lines above a field, and a trailing ``# …`` on a field's line.
- ``None`` leaves a field out, so optional fields can be passed as they are.

Text is written in Unicode NFC, the form the loader gives back.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

INDENT = "  "

_PLAIN = re.compile(r"[^\W\d_][\w .,()/'–&+-]*", re.UNICODE)
# YAML 1.1 reads these as booleans or null in any letter case.
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
# Characters a YAML reader refuses (outside its printable set) or reads as line breaks (NEL, LS, PS);
# JSON leaves them as they are, so they are escaped on top of JSON's escapes.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# What a literal block cannot give back: the unsafe characters, carriage returns (a reader folds CR LF
# into one break) and tabs (at the start of a line a reader takes them for indentation).
_NOT_IN_BLOCK = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# What a double-quoted scalar must escape; text without any is written between quotes as it is.
_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Scalar = str | int | float | bool | dt.date


class Flow(tuple):
    """A list of scalars written on one line: ``[21.03, 105.85]``."""

    __slots__ = ()


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    text = _nfc(text)
    if not _ESCAPE.search(text):
        return f'"{text}"'
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def scalar(value: Scalar) -> str:
    """A value on one line: text plain when it reads back unchanged in any YAML reader, else double-quoted;
    numbers and booleans as YAML writes them; a date as its quoted ISO text (records keep dates as text)."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} in a record")
        return repr(value)
    if isinstance(value, dt.date):
        return quoted(value.isoformat())
    raise TypeError(f"not a scalar: {value!r}")


@lru_cache(maxsize=8192)  # records repeat many values (issuers, stages, units); writing 20,000 of them shows it
def _text(text: str) -> str:
    text = _nfc(text)
    if (
        _PLAIN.fullmatch(text)
        and not text.endswith((" ", "-"))
        and ": " not in text
        and " #" not in text
        and text.lower() not in _YAML_WORDS
    ):
        return text
    return quoted(text)


def block_lines(text: str, indent: str) -> list[str] | None:
    """``text`` as a literal block: the indicator (``|``, ``|-``, ``|2``…) and the indented lines;
    None when a literal block cannot give the text back exactly."""
    text = _nfc(text)
    if "\n" not in text or text.endswith("\n\n") or _NOT_IN_BLOCK.search(text) or not text.strip(" \n"):
        return None
    lines = text.removesuffix("\n").split("\n")
    chomp = "" if text.endswith("\n") else "-"
    # A block's indentation is read from its first non-empty line; one that starts with a space,
    # or a blank line of spaces before it, needs the indentation said.
    first = next(line for line in lines if line.strip(" "))
    lead = lines[: lines.index(first) + 1]
    width = str(len(INDENT)) if any(line.startswith(" ") for line in lead) else ""
    return [f"|{width}{chomp}", *(indent + line if line else "" for line in lines)]


def end_comment(text: str) -> str:
    """A trailing comment for a line: ``  # text`` (always one line)."""
    return "  # " + " ".join(text.splitlines())


class Text:
    """Record text built from top to bottom: header comments, fields, comments, blank lines."""

    def __init__(self, header: Iterable[str] = ()) -> None:
        self.lines: list[str] = []
        for line in header:
            self.comment(line)

    def __str__(self) -> str:
        return "\n".join(self.lines) + "\n"

    def blank(self) -> Text:
        self.lines.append("")
        return self

    def comment(self, text: str, depth: int = 0) -> Text:
        """Comment lines (one per line of ``text``) at the indentation of fields at ``depth``."""
        pad = INDENT * depth
        self.lines.extend(f"{pad}# {line}".rstrip() for line in (text.splitlines() or [""]))
        return self

    def key(self, key: str, *, comment: str | None = None, depth: int = 0) -> Text:
        """A mapping's key alone (``origin:``); its fields follow at ``depth + 1``."""
        self.lines.append(f"{INDENT * depth}{_key(key)}:{end_comment(comment) if comment else ''}")
        return self

    def fields(self, values: Mapping[str, Any], depth: int = 0) -> Text:
        for key, value in values.items():
            self.field(key, value, depth=depth)
        return self

    def field(self, key: str, value: Any, *, comment: str | None = None, depth: int = 0) -> Text:
        """``key: value`` at ``depth``; mappings and lists nest below it. ``None`` writes nothing."""
        if value is None:
            return self
        head = f"{INDENT * depth}{_key(key)}:"
        after = end_comment(comment) if comment else ""
        if isinstance(value, str):
            block = block_lines(value, INDENT * (depth + 1)) if "\n" in value else None
            if block is None:
                self.lines.append(f"{head} {_text(value)}{after}")
                return self
            if comment:
                raise ValueError("a literal block takes no trailing comment")
            self.lines.append(f"{head} {block[0]}")
            self.lines.extend(block[1:])
        elif isinstance(value, Mapping):
            self.lines.append(f"{head}{after}" if value else f"{head} {{}}{after}")
            self.fields(value, depth + 1)
        elif isinstance(value, Flow):
            self.lines.append(f"{head} [{', '.join(scalar(v) for v in value)}]{after}")
        elif isinstance(value, Sequence):
            self.lines.append(f"{head}{after}" if value else f"{head} []{after}")
            for item in value:
                self._item(item, depth + 1)
        else:
            self.lines.append(f"{head} {scalar(value)}{after}")
        return self

    def _item(self, item: Any, depth: int) -> None:
        dash = INDENT * depth + "- "
        if isinstance(item, str):
            self.lines.append(dash + (quoted(item) if "\n" in item else _text(item)))
        elif isinstance(item, Mapping):
            # The mapping is written one level deeper, then its first line moves onto the dash.
            start = len(self.lines)
            self.fields(item, depth + 1)
            if len(self.lines) == start:  # empty, or every value None
                self.lines.append(dash + "{}")
            else:
                self.lines[start] = dash + self.lines[start][len(dash) :]
        elif isinstance(item, Sequence):
            raise ValueError(f"cannot write a list item {item!r}")
        else:
            self.lines.append(dash + scalar(item))


@cache
def _key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError(f"not a record field name: {key!r}")
    return key


def document(values: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """A whole record: header comment lines, then ``values`` in their order."""
    return str(Text(header).fields(values))
