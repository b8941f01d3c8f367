"""Reading the cells of a row: text, stars, product group, section rows, dates and decision cells."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...domain.fold import fold
from ...domain.schema import GROUPS


def text_of(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates day first as the lists write them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def parse_stars(value: Any) -> int | None:
    """The star rating in a cell ("4", "4 sao", 4.0, "★★★★"), else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else None
    text = text_of(value)
    if "★" in text or "⭐" in text:
        return text.count("★") + text.count("⭐")
    m = re.match(r"^\s*(\d+)(?:[.,]0+)?\s*(?:sao|\*|star|stars)?\b", text, re.I)
    return int(m.group(1)) if m else None


GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "food": ("thuc pham", "food", "foods", "an uong"),
    "drinks": ("do uong", "drink", "drinks", "beverage", "beverages"),
    "herbal": ("thao duoc", "duoc lieu", "herbal", "herbs", "herb", "medicinal"),
    "crafts": ("thu cong my nghe", "thu cong", "my nghe", "handicraft", "handicrafts", "craft", "crafts"),
    "ornamental": ("sinh vat canh", "hoa cay canh", "cay canh", "ornamental"),
    "tourism": ("du lich", "tourism", "dich vu du lich"),
}


def _has_phrase(haystack: str, phrase: str) -> bool:
    return f" {phrase} " in f" {haystack} "


def parse_group(value: Any) -> str | None:
    """The one group named in a cell ("Thực phẩm", "food (tea)", "Nhóm 2 - Đồ uống"), else None."""
    k = fold(text_of(value))
    if not k:
        return None
    if k in GROUPS:
        return k
    found = {g for g, phrases in GROUP_WORDS.items() if any(_has_phrase(k, p) for p in phrases)}
    if not found:
        for g, (slug, _, _) in GROUPS.items():
            if _has_phrase(k, slug.replace("-", " ")):
                found.add(g)
    return found.pop() if len(found) == 1 else None


def section_group(cells: Iterable[Any]) -> str | None:
    """A section row of an annex ("I. NHÓM THỰC PHẨM", "Nhóm sản phẩm đồ uống"): its group."""
    text = " ".join(text_of(c) for c in cells if text_of(c))
    k = fold(text)
    k = re.sub(r"^(?:[ivx]+|[a-z]|\d+)\s+", "", k)
    k = re.sub(r"\b(?:nhom|nganh|bo|san pham|group|category|ocop)\b", " ", k)
    k = " ".join(k.split())
    for g, phrases in GROUP_WORDS.items():
        if k in phrases:
            return g
    return None


# A heading's numbering: "II.", "B)", or a cell of its own holding "II" or "B".
_NUMBERED = re.compile(r"^(?:[IVXLC]+|[A-Z])\s*[.):-]\s*\S")
_NUMBER_CELL = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]?$")
_HEADING_WORDS = re.compile(r"^(?:(?:[IVXLC]+|[A-Z]|\d+)\s*[.):-]?\s+)?(?:(?:nhóm|ngành|bộ)\s+)?(?:sản phẩm\s+)?", re.I)


def heading(cells: Iterable[Any]) -> str | None:
    """The text of a row that reads as a section heading ("II. RƯỢU, BIA", "Nhóm sản phẩm từ dừa"), else None.

    The caller checks that the row holds nothing else (no producer, stars, address, decision…).
    """
    parts = [text_of(c) for c in cells if text_of(c)]
    if not parts:
        return None
    text = " ".join(parts)
    numbered = (len(parts) > 1 and _NUMBER_CELL.match(parts[0])) or _NUMBERED.match(text)
    return text if numbered or fold(text).startswith(("nhom ", "nganh ")) else None


def heading_words(text: str) -> str:
    """A heading without its numbering and "Nhóm sản phẩm": the words that may name a group."""
    parts = text.split(None, 1)
    if len(parts) == 2 and _NUMBER_CELL.match(parts[0]):
        text = parts[1]
    return _HEADING_WORDS.sub("", text.strip(), count=1)


_DECISION = re.compile(r"\b\d{1,6}[a-z]?(?:/\d{4})?/(?:QĐ|QD)(?:-[0-9A-ZĐ]+)+", re.I)
_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(value: Any) -> dt.date | None:
    """A decision date: a spreadsheet date, 2021-04-06, 06/04/2021 (day first) or 'ngày 6 tháng 4 năm 2021'."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial day number in a cell not formatted as a date
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        return None
    text = text_of(value)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", text)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DMY.fullmatch(text)
    if m:
        return _date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(r"(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})", fold(text))
    if m:
        return _date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


@dataclass
class DecisionCell:
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None


def parse_decision(value: Any) -> DecisionCell:
    """'1114/QĐ-UBND, 06/04/2021 (UBND tỉnh Thanh Hóa)' → number, date, issuer; parts may be missing."""
    text = text_of(value)
    out = DecisionCell()
    m = _DECISION.search(text)
    if m:
        out.number = m.group(0)
        after = text[m.end() :]
        d = re.match(r"\s*[,;]?\s*(?:ng[àa]y\s*)?" + _DMY.pattern, after, re.I)
        if d:
            out.date = _date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
    elif re.fullmatch(r"\d{1,6}/[\w./-]{2,40}", text) and not _DMY.fullmatch(text):
        out.number = text  # "45/TB-SNN" and other forms: a number, a slash, a code
    issuer = re.search(r"\(((?:UBND|Ủy ban|Uỷ ban|Bộ)\b[^)]*)\)", text)
    if issuer:
        out.issuer = issuer.group(1).strip()
    return out
