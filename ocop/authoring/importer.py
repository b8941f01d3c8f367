"""Importing a province's list of certified products: ``ocop import FILE.csv|FILE.xlsx --province …``.

The input is the table a decision annex has (``STT, Tên sản phẩm, Chủ thể, Địa chỉ, Hạng
sao, Nhóm sản phẩm, Số quyết định`` and perhaps ``Ngày quyết định, Cơ quan cấp``), as CSV or
as an Excel workbook. Headers are matched without regard to case, diacritics or punctuation,
in Vietnamese or English ("Tên sản phẩm", "Ten san pham", "Product name", "name"); ``--map``
names the field of any other column.

What the importer decides, and why
----------------------------------
- **It writes a record only when the record is valid.** Every record is built in memory,
  checked with the same rules as ``ocop check`` (schema, text, dates), and written only
  when it passes. After writing, the whole catalogue is checked again; a written file
  with any problem is removed and its row reported (a safety net: the checks before
  writing should make it unnecessary). Nothing invalid is ever left behind.
- **A row it cannot complete needs a person.** It is listed in the report with its row
  number and every reason, in Vietnamese then English: stars other than 3/4/5 (an empty
  or 0 cell often means "not rated"), no or unknown product group, no producer, a
  producer whose kind cannot be told from its name, an address that does not lead to
  exactly one 2025 commune, no decision number, date or issuer. The officer fixes the
  list and runs the same command again.
- **Values for the whole list.** A decision annex belongs to one decision, so its rows
  often have no decision number or date. ``--decision``, ``--decision-date``,
  ``--issuer`` and ``--group`` give a value for rows whose cell is *empty*; a cell that
  has text the importer cannot read is never replaced by the default (the row needs a
  person). Section rows such as "I. NHÓM THỰC PHẨM" set the group of the rows under
  them. A decision cell such as "1114/QĐ-UBND, 06/04/2021 (UBND tỉnh Thanh Hóa)" gives
  the number, the date and the issuer.
- **Addresses → 2025 communes.** "Xã Thông Hòa, huyện Cầu Kè, tỉnh Trà Vinh" is split
  into its units. An address that names a district is from before 1 July 2025 (districts
  were abolished then): its commune is looked up in the pre-2025 list
  (``data/units-legacy.csv``) within that district, and used when it went whole into
  exactly one 2025 commune; when the district itself had been merged away before 2025
  (Nam Đông into Phú Lộc), the commune's name decides if it is unique. A commune that
  was split between several new communes, a name found in several places, a commune
  not in the district named, a bare name that is also a district's ("Thọ Xuân"), or an
  address with only a district needs a person.
  An address without a district is matched by name against the 2025 communes of the
  province first, then against the pre-2025 communes of the provinces merged into it.
  Names compare without regard to case or tone-mark placement ("Hoà"/"Hòa"), then
  without diacritics when that is still unambiguous; unit types may differ (many a
  "xã" became a "phường" before 2025). A row whose province column or address names
  another province (old names count: Trà Vinh is Vĩnh Long now) is skipped and listed.
- **Producers** are matched by name with the producer records of the province
  (abbreviations expanded: HTX, HTXNN, THT, DNTN, Cty, TNHH, HKD, SXKD…; case,
  diacritics placement and punctuation ignored), and with those created earlier in the
  same run. An unknown producer gets a new record when its kind can be told from its
  name (Hợp tác xã/HTX → cooperative, Tổ hợp tác → cooperative-group, Công ty/Doanh
  nghiệp/DNTN → enterprise, Hộ…/Cơ sở → household); its address is the row's address.
  A trailing ", xã …" in the producer cell is an address, not part of the name.
- **Never overwrite.** Files are created with exclusive mode; a row whose product (same
  name, same producer) already has a record is skipped and reported; a second row for
  the same product in the list needs a person (which row is right?). Running the same
  import twice writes nothing new.
- **Photos and descriptions.** The schema requires a description and at least one photo;
  a list has neither, and the importer cannot invent photos. The records are written
  into the province folder anyway, because what a list holds (name, stars, producer,
  certificate, place) is the public, official core of the catalogue. Each gets a
  generated placeholder picture labelled "ẢNH MINH HỌA" (``ocop.placeholder``) and a
  short description saying it was made from the certification list and that details
  and photos are being added, with the list's source link when it has one. A comment
  marked ``CẦN ĐIỀN`` at the image says what to replace. New ids are fresh
  (``ocop.scaffold.fresh_id``), unique against the catalogue and ``--published``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..build.catalogue import check
from ..build.discover import PRODUCER_DIR, PRODUCT_DIR
from ..build.load import parse
from ..build.rules import check_product_rules
from ..build.validate import check_schema, check_text
from ..domain.fold import fold, tone_key_word, words
from ..domain.problems import BilingualError
from ..domain.schema import GROUPS, HTTPS_PATTERN, PRODUCER_KINDS
from ..domain.units import DATA, units
from .placeholder import placeholder_jpeg
from .scaffold import FILL_MARK, IMAGE_DIR, RandomSource, catalogue_ids, fresh_id, yaml_block, yaml_str

Reason = tuple[str, str]  # (Vietnamese, English)

# --- columns --------------------------------------------------------------------------------------

FIELDS = (
    "row",
    "name",
    "producer",
    "address",
    "stars",
    "group",
    "decision",
    "date",
    "issuer",
    "province",
    "commune_code",
    "source",
)

# Folded header text (no diacritics, lower case, words only) → field.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "row": ("stt", "tt", "so tt", "so thu tu", "thu tu", "no", "row", "number"),
    "name": ("ten san pham", "san pham", "ten sp", "ten san pham ocop", "product name", "product", "name"),
    "producer": (
        "chu the",
        "ten chu the",
        "chu the san xuat",
        "chu the ocop",
        "to chuc ca nhan",
        "co so san xuat",
        "ten co so",
        "don vi",
        "producer",
        "producer name",
        "owner",
        "manufacturer",
    ),
    "address": ("dia chi", "dia chi chu the", "dia ban", "noi san xuat", "address", "district or commune", "location"),
    "stars": ("hang sao", "so sao", "xep hang", "ket qua xep hang", "sao", "hang", "stars", "star", "rating"),
    "group": ("nhom san pham", "nhom", "nhom nganh", "nganh hang", "category", "group", "product group"),
    "decision": ("so quyet dinh", "quyet dinh", "so qd", "qd", "decision", "decision number", "decision no"),
    "date": ("ngay quyet dinh", "ngay qd", "ngay cap", "ngay ky", "ngay ban hanh", "decision date", "date"),
    "issuer": ("co quan cap", "co quan ban hanh", "don vi cap", "cap quyet dinh", "issuer", "issued by"),
    "province": ("tinh", "tinh thanh pho", "tinh tp", "province"),
    "commune_code": ("ma xa", "ma xa phuong", "ma don vi hanh chinh", "commune code", "ward code"),
    "source": ("nguon", "link", "source", "source url", "url"),
}


class ImportError_(BilingualError):
    """The file or the options cannot be used at all (not a row problem)."""


def header_key(text: str) -> str:
    return fold(re.sub(r"\([^)]*\)", " ", text))


def parse_mapping(text: str | None) -> dict[str, str]:
    """'Tên sản phẩm=name,Ghi chú=-' → {folded header: field}; '-' ignores a column."""
    out: dict[str, str] = {}
    if not text:
        return out
    for part in re.split(r"[,;\n]", text):
        if not part.strip():
            continue
        if "=" not in part:
            raise ImportError_(
                f"--map: '{part.strip()}' cần dạng 'Tên cột=trường'", f"--map: '{part.strip()}' must be 'Column=field'"
            )
        column, name = (s.strip() for s in part.rsplit("=", 1))
        if name not in FIELDS and name != "-":
            raise ImportError_(
                f"--map: trường '{name}' không có; chọn một trong: {', '.join(FIELDS)} (hoặc - để bỏ qua cột)",
                f"--map: unknown field '{name}'; choose one of: {', '.join(FIELDS)} (or - to ignore the column)",
            )
        out[header_key(column)] = name
    return out


def map_headers(headers: Sequence[Any], mapping: dict[str, str] | None = None) -> dict[int, str]:
    """Column index → field. An explicit mapping wins; then exact aliases; then a header that
    starts with an alias ("Tên sản phẩm OCOP"), the longest alias first. One column per field."""
    mapping = mapping or {}
    keys = [header_key(str(h)) if h is not None else "" for h in headers]
    out: dict[int, str] = {}
    used: set[str] = set()
    for i, k in enumerate(keys):
        if k and k in mapping:
            out[i] = mapping[k]
            used.add(mapping[k])
    for i, k in enumerate(keys):
        if i in out or not k:
            continue
        for f, aliases in HEADER_ALIASES.items():
            if k in aliases and f not in used:
                out[i] = f
                used.add(f)
                break
    candidates = []
    for i, k in enumerate(keys):
        if i in out or not k:
            continue
        for f, aliases in HEADER_ALIASES.items():
            for a in aliases:
                if k.startswith(a + " "):
                    candidates.append((-len(a), i, f))
    for _, i, f in sorted(candidates):
        if i not in out and f not in used:
            out[i] = f
            used.add(f)
    return {i: f for i, f in out.items() if f != "-"}


# --- reading tables -------------------------------------------------------------------------------


def clean(value: Any) -> Any:
    """Text cells: NFC, whitespace (line breaks, no-break spaces) collapsed; other values as they are."""
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    return value


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM. Anything else is refused rather than guessed:
    the legacy Vietnamese encodings (Windows-1258, TCVN3, VNI) decode without error into wrong letters."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise ImportError_(
            f"{name} không phải văn bản UTF-8. Trong Excel chọn Lưu thành › 'CSV UTF-8', hoặc dùng tệp .xlsx",
            f"{name} is not UTF-8 text. In Excel use Save As › 'CSV UTF-8', or give the .xlsx file",
        ) from None


def read_rows(
    path: Path, sheet: str | None = None, mapping: dict[str, str] | None = None
) -> list[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells) for every row of a .csv or .xlsx file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            import openpyxl
        except ImportError:  # pragma: no cover - a declared dependency
            raise ImportError_("cần cài openpyxl để đọc tệp .xlsx", "openpyxl is needed to read .xlsx files") from None
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one message
            raise ImportError_(
                f"không đọc được tệp Excel {path.name}: {exc}", f"cannot read workbook {path.name}: {exc}"
            ) from None
        try:
            if sheet is not None:
                if sheet not in wb.sheetnames:
                    raise ImportError_(
                        f"không có trang tính '{sheet}' (có: {', '.join(wb.sheetnames)})",
                        f"no sheet '{sheet}' (there are: {', '.join(wb.sheetnames)})",
                    )
                sheets = [wb[sheet]]
            else:
                sheets = list(wb.worksheets)
            for ws in sheets:
                rows = [(n, [clean(v) for v in row]) for n, row in enumerate(ws.iter_rows(values_only=True), 1)]
                if find_header(rows, mapping) is not None or ws is sheets[-1]:
                    return rows
            return []  # pragma: no cover
        finally:
            wb.close()
    if suffix in (".csv", ".txt", ".tsv"):
        text = _decode(path.read_bytes(), path.name)
        sample = text[:4096]
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        return [(n, [clean(v) for v in row]) for n, row in enumerate(reader, 1)]
    raise ImportError_(
        f"chỉ đọc được tệp .csv hoặc .xlsx, không đọc được '{path.suffix}'",
        f"only .csv and .xlsx files can be read, not '{path.suffix}'",
    )


def find_header(rows: list[tuple[int, list[Any]]], mapping: dict[str, str] | None = None) -> int | None:
    """Index of the header row: the first of the top 30 rows naming the product column and another."""
    for i, (_, cells) in enumerate(rows[:30]):
        fields = set(map_headers(cells, mapping).values())
        if "name" in fields and len(fields) >= 2:
            return i
    return None


# --- values ---------------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def parse_stars(value: Any) -> int | None:
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


# --- producers ------------------------------------------------------------------------------------

ABBREVIATIONS = {
    "htx": "hợp tác xã",
    "htxnn": "hợp tác xã nông nghiệp",
    "htxdv": "hợp tác xã dịch vụ",
    "tht": "tổ hợp tác",
    "dntn": "doanh nghiệp tư nhân",
    "cty": "công ty",
    "ctcp": "công ty cổ phần",
    "tnhh": "trách nhiệm hữu hạn",
    "hkd": "hộ kinh doanh",
    "sxkd": "sản xuất kinh doanh",
    "sx": "sản xuất",
    "kd": "kinh doanh",
    "tm": "thương mại",
    "dv": "dịch vụ",
    "nn": "nông nghiệp",
    "xnk": "xuất nhập khẩu",
    "xk": "xuất khẩu",
}


def _expanded_words(text: str) -> list[str]:
    out: list[str] = []
    for w in words(text):
        f = fold(w)
        out.extend(words(ABBREVIATIONS[f]) if f in ABBREVIATIONS else [w])
    return out


def producer_key(name: str) -> str:
    """The comparison form of a producer name: abbreviations expanded, tone placement and punctuation ignored."""
    return " ".join(tone_key_word(w) for w in _expanded_words(name))


def name_key(name: str) -> str:
    return " ".join(tone_key_word(w) for w in words(name))


# Kind phrases as folded words; the earliest in the name decides ("Chi nhánh Công ty…" → enterprise).
KIND_PHRASES: list[tuple[str, str]] = [
    ("to hop tac", "cooperative-group"),
    ("hop tac xa", "cooperative"),
    ("cooperative", "cooperative"),
    ("cong ty", "enterprise"),
    ("doanh nghiep", "enterprise"),
    ("company", "enterprise"),
    ("co ltd", "enterprise"),
    ("corporation", "enterprise"),
    ("jsc", "enterprise"),
    ("ho kinh doanh", "household"),
    ("ho san xuat", "household"),
    ("co so", "household"),
    ("household", "household"),
]


def guess_kind(name: str) -> str | None:
    expanded = _expanded_words(name)
    folded = " ".join(fold(w) for w in expanded)
    best: tuple[int, int, str] | None = None
    for phrase, kind in KIND_PHRASES:
        m = re.search(rf"(?:^| ){re.escape(phrase)}(?: |$)", folded)
        if m:
            cand = (m.start(), -len(phrase), kind)
            best = cand if best is None or cand < best else best
    if best is not None:
        return best[2]
    # "Hộ Nguyễn Văn A", "Hộ SXKD …": the word hộ (household) first, with its tone (not "Hồ", a name).
    if expanded and tone_key_word(expanded[0]) == "hô5":
        return "household"
    return None


def split_producer(text: str) -> str:
    """'HTX Tân Qui, xã An Phú Tân' → 'HTX Tân Qui': a trailing address is not part of the name."""
    parts = [p.strip() for p in re.split(r"[,;]", text)]
    kept = [parts[0]]
    for p in parts[1:]:
        if _unit_of(p)[0] is not None or _street_part(p):
            break
        kept.append(p)
    name = ", ".join(p for p in kept if p)
    return name[:1].upper() + name[1:] if name else name


# --- places ---------------------------------------------------------------------------------------

COMMUNE_TYPES = {
    ("xa",): "xa",
    ("phuong",): "phuong",
    ("thi", "tran"): "thi tran",
    ("dac", "khu"): "dac khu",
    ("p",): "phuong",
    ("x",): "xa",
    ("tt",): "thi tran",
}
DISTRICT_TYPES = {
    ("huyen",): "huyen",
    ("quan",): "quan",
    ("thi", "xa"): "thi xa",
    ("tx",): "thi xa",
    ("thanh", "pho"): "thanh pho",
    ("tp",): "thanh pho",
    ("h",): "huyen",
    ("q",): "quan",
}
PROVINCE_TYPES = {("tinh",): "tinh"}
STREET_WORDS = {
    "thon",
    "ap",
    "ban",
    "khu",
    "kp",
    "to",
    "xom",
    "so",
    "duong",
    "khom",
    "lang",
    "buon",
    "plei",
    "cum",
    "doi",
    "tdp",
    "khoi",
    "ngo",
    "hem",
    "kiet",
    "quoc",
    "tinh lo",
}
PROVINCE_ALIASES = {  # folded → 2025 slug, for names people still write
    "thua thien hue": "hue",
    "tt hue": "hue",
    "hcm": "ho-chi-minh",
    "tp hcm": "ho-chi-minh",
    "tphcm": "ho-chi-minh",
    "sai gon": "ho-chi-minh",
    "ba ria vung tau": "ho-chi-minh",
    "brvt": "ho-chi-minh",
}


def _unit_of(part: str) -> tuple[str | None, str | None, list[str]]:
    """('commune'|'district'|'province'|None, unit type, base words) of one address part."""
    ws = words(part)
    fw = [fold(w) for w in ws]
    if fw[:2] == ["tinh", "lo"]:  # "tỉnh lộ 8" is a road
        return None, None, ws
    for level, table in (("district", DISTRICT_TYPES), ("commune", COMMUNE_TYPES), ("province", PROVINCE_TYPES)):
        for n in (2, 1):
            if len(fw) > n and tuple(fw[:n]) in table:
                # "Thị xã" beats "xã"; a two-word type of another level is checked in its own table.
                if level == "commune" and n == 1 and tuple(fw[:2]) in DISTRICT_TYPES:
                    continue
                return level, table[tuple(fw[:n])], ws[n:]
    return None, None, ws


def _street_part(part: str) -> bool:
    fw = [fold(w) for w in words(part)]
    return bool(fw) and (fw[0] in STREET_WORDS or " ".join(fw[:2]) in STREET_WORDS or fw[0].isdigit())


def _keys(base: Sequence[str]) -> tuple[str, str]:
    return " ".join(tone_key_word(w) for w in base), " ".join(fold(w) for w in base)


@dataclass(frozen=True)
class OldCommune:
    code: str
    name: str
    type: str | None
    key: str
    fkey: str
    district: str
    district_key: str
    district_fkey: str
    province: str  # old province name, e.g. "Tỉnh Trà Vinh"
    new_codes: tuple[str, ...]


@dataclass
class Gazetteer:
    """The 2025 communes and the pre-2025 ones, indexed by name for address matching."""

    new: dict[str, dict[str, list[tuple[str, str | None]]]]  # slug → key → [(code, type)] (tone and folded keys)
    old: dict[str, dict[str, list[OldCommune]]]  # old province → key → communes (tone and folded keys)
    old_provinces: dict[str, str]  # old province full name → 2025 slug
    province_keys: dict[str, tuple[str, str | None]]  # key → (2025 slug, old province name or None)
    districts: dict[str, set[str]]  # old province → district keys (tone and folded)

    def district_exists(self, provinces: Iterable[str], base: Sequence[str]) -> bool:
        key, fkey = _keys(base)
        return any(key in self.districts.get(p, ()) or fkey in self.districts.get(p, ()) for p in provinces)

    def old_provinces_of(self, slug: str) -> list[str]:
        return sorted(p for p, s in self.old_provinces.items() if s == slug)

    def province(self, text: str) -> tuple[str | None, str | None]:
        """(2025 slug, old province name) for a province as written; (None, None) when unknown."""
        _, _, base = _unit_of(text)  # drops "Tỉnh", and "Thành phố"/"TP" ("TP Cần Thơ")
        key, fkey = _keys(base)
        if key in self.province_keys:
            return self.province_keys[key]
        if fkey in PROVINCE_ALIASES:
            return PROVINCE_ALIASES[fkey], None
        if fkey in self.province_keys:
            return self.province_keys[fkey]
        return None, None


@cache
def gazetteer() -> Gazetteer:
    u = units()
    new: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
    for c in u.communes.values():
        _, typ, base = _unit_of(c.name)
        for k in set(_keys(base)):
            new.setdefault(c.province.slug, {}).setdefault(k, []).append((c.code, typ))
    old: dict[str, dict[str, list[OldCommune]]] = {}
    old_provinces: dict[str, str] = {}
    districts: dict[str, set[str]] = {}
    with open(DATA / "units-legacy.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            _, typ, base = _unit_of(row["old_commune_name"])
            _, _, dbase = _unit_of(row["old_district_name"])
            key, fkey = _keys(base)
            dkey, dfkey = _keys(dbase)
            codes = tuple(row["new_commune_codes"].split())
            oc = OldCommune(
                row["old_commune_code"],
                row["old_commune_name"],
                typ,
                key,
                fkey,
                row["old_district_name"],
                dkey,
                dfkey,
                row["old_province_name"],
                codes,
            )
            for k in {key, fkey}:
                old.setdefault(oc.province, {}).setdefault(k, []).append(oc)
            districts.setdefault(oc.province, set()).update((dkey, dfkey))
            slugs = {u.communes[c].province.slug for c in codes if c in u.communes}
            if len(slugs) == 1:
                old_provinces.setdefault(oc.province, slugs.pop())
    province_keys: dict[str, tuple[str, str | None]] = {}
    for name, slug in old_provinces.items():
        _, _, base = _unit_of(name)
        if tuple(fold(w) for w in base[:2]) == ("thanh", "pho"):
            base = base[2:]
        for k in _keys(base):
            province_keys.setdefault(k, (slug, name))
    for p in u.provinces.values():
        for k in _keys(words(p.short_name)):
            province_keys[k] = (p.slug, province_keys.get(k, (None, None))[1])
    return Gazetteer(new, old, old_provinces, province_keys, districts)


@dataclass
class Place:
    """Where an address leads: a 2025 commune code, or the reasons it does not."""

    code: str | None = None
    note: str = ""  # how it was found, for the report ("Xã Thông Hòa, Huyện Cầu Kè (trước 2025) → …")
    street: str | None = None
    other_province: str | None = None  # the address names another 2025 province
    reasons: list[Reason] = field(default_factory=list)


def _commune_name(code: str) -> str:
    return units().communes[code].name


def _pick(items: list[Any], typ: str | None, type_of: Any) -> list[Any]:
    if len(items) > 1 and typ:
        same = [i for i in items if type_of(i) == typ]
        if same:
            return same
    return items


def _lookup(index: dict[str, list[Any]], key: str, fkey: str) -> list[Any]:
    found = index.get(key, [])
    return found if found else index.get(fkey, [])


def resolve_address(text: str, province: str, old_province: str | None = None) -> Place:
    """Map an address to a 2025 commune of ``province`` (a slug); see the module docstring."""
    g = gazetteer()
    u = units()
    place = Place()
    parts = [p.strip() for p in re.split(r"[,;]|\s[-–]\s", text) if p.strip()]
    commune: tuple[str | None, list[str], str] | None = None
    district: tuple[str | None, list[str], str] | None = None
    street: list[str] = []
    provinces: list[tuple[str | None, str | None, str]] = []
    loose: list[str] = []
    for part in parts:
        level, typ, base = _unit_of(part)
        if level == "district" and typ == "thanh pho":
            slug, old = g.province(part)
            if slug is not None:
                provinces.append((slug, old, part))
                continue
        if level == "province" or (level is None and g.province(part)[0] is not None and not _street_part(part)):
            slug, old = g.province(part)
            provinces.append((slug, old, part))
            if slug is None:
                place.reasons.append((f"không nhận ra tỉnh '{part}'", f"province '{part}' is not known"))
        elif level == "commune" and commune is None and base:
            commune = (typ, base, part)
        elif level == "district" and district is None and base:
            district = (typ, base, part)
        elif _street_part(part) or level is not None:
            street.append(part)
        else:
            loose.append(part)
    if len(provinces) > 1:  # "thành phố Huế, tỉnh Thừa Thiên Huế": the first city is a district
        for _slug, _old, part in provinces[:-1]:
            level, typ, base = _unit_of(part)
            if district is None and level == "district":
                district = (typ, base, part)
        provinces = provinces[-1:]
    place.street = ", ".join(street)[:200] or None
    allowed = g.old_provinces_of(province)
    for slug, old, _part in provinces:
        if slug is not None and slug != province:
            place.other_province = slug
            return place
        if old is not None and old in allowed:
            allowed = [old]
    if old_province in allowed:
        allowed = [old_province]
    if commune is None and loose and district is None:
        # "Tam Ngãi, Cầu Kè": names without "xã"/"huyện"; the first may be a commune, the next its district.
        _, _, base = _unit_of(loose[0])
        if len(loose) > 1:
            _, _, dbase = _unit_of(loose[1])
            district = (None, dbase, loose[1])
        elif g.district_exists(allowed, base):
            place.reasons.append(
                (
                    f"'{loose[0]}' có thể là tên huyện hoặc tên xã; cần ghi rõ 'xã …' hoặc 'phường …'",
                    f"'{loose[0]}' may be a district or a commune; write 'xã …' or 'phường …'",
                )
            )
            return place
        commune = (None, base, loose[0])
    if commune is None:
        if district is not None:
            place.reasons.append(
                (
                    f"địa chỉ '{text}' chỉ có huyện ({district[2]}), không có xã/phường; cần ghi xã/phường",
                    f"address '{text}' names a district ({district[2]}) but no commune; the commune is needed",
                )
            )
        else:
            place.reasons.append(
                (
                    f"địa chỉ '{text}' không có tên xã/phường" if text else "thiếu địa chỉ (xã/phường)",
                    f"address '{text}' has no commune name" if text else "no address (commune)",
                )
            )
        return place
    ctyp, cbase, cpart = commune
    key, fkey = _keys(cbase)

    def from_old(found: list[OldCommune], how: str) -> Place:
        found = _pick(found, ctyp, lambda o: o.type)
        if len(found) > 1:
            where = "; ".join(f"{o.name}, {o.district}, {o.province}" for o in found[:5])
            place.reasons.append(
                (
                    f"có nhiều xã cũ tên '{cpart}' ({where}); cần ghi rõ huyện hoặc mã xã",
                    f"several old communes are named '{cpart}' ({where}); give the district or the commune code",
                )
            )
            return place
        o = found[0]
        codes = [c for c in o.new_codes if c in u.communes]
        if len(codes) != 1:
            names = ", ".join(f"{_commune_name(c)} ({c})" for c in codes)
            place.reasons.append(
                (
                    f"{o.name}, {o.district} (trước 2025) đã chia vào nhiều xã/phường mới: {names}; cần chọn một",
                    f"{o.name}, {o.district} (before 2025) was split between several 2025 communes: {names}; "
                    "choose one",
                )
            )
            return place
        code = codes[0]
        if u.communes[code].province.slug != province:  # pragma: no cover - allowed provinces prevent it
            place.other_province = u.communes[code].province.slug
            return place
        place.code = code
        place.note = f"{o.name}, {o.district}, {o.province} ({how}) → {_commune_name(code)}"
        return place

    def old_matches(in_district: bool) -> list[OldCommune]:
        found: list[OldCommune] = []
        for p in allowed:
            found += _lookup(g.old.get(p, {}), key, fkey)
        found = list(dict.fromkeys(found))
        if in_district and district is not None:
            dkey, dfkey = _keys(district[1])
            exact = [o for o in found if o.district_key == dkey]
            found = exact or [o for o in found if o.district_fkey == dfkey]
        return found

    if district is not None:
        found = old_matches(True)
        if found:
            return from_old(found, "trước 2025")
        elsewhere = old_matches(False)
        if elsewhere and not g.district_exists(allowed, district[1]):
            # The district was merged away before 2025 (Nam Đông → Phú Lộc): the commune name decides.
            return from_old(elsewhere, f"trước 2025; {district[2]} đã sáp nhập")
        if elsewhere:
            where = "; ".join(f"{o.name}, {o.district}" for o in elsewhere[:5])
            place.reasons.append(
                (
                    f"không có {cpart} thuộc {district[2]} trong danh mục trước 2025 (có: {where}); cần kiểm tra địa chỉ",
                    f"no {cpart} in {district[2]} in the pre-2025 list (found: {where}); check the address",
                )
            )
            return place
        # Not a pre-2025 commune of that district: perhaps a 2025 name with a stray district.
    new = _pick(_lookup(g.new.get(province, {}), key, fkey), ctyp, lambda c: c[1])
    new = list(dict.fromkeys(new))
    if len(new) == 1:
        place.code = new[0][0]
        place.note = _commune_name(place.code)
        return place
    if len(new) > 1:
        names = ", ".join(f"{_commune_name(c)} ({c})" for c, _ in new)
        place.reasons.append(
            (
                f"có nhiều xã/phường 2025 tên '{cpart}': {names}; cần ghi rõ",
                f"several 2025 communes are named '{cpart}': {names}; say which",
            )
        )
        return place
    if district is None:
        found = old_matches(False)
        if found:
            return from_old(found, "tên trước 2025")
    pname = u.provinces[province].name
    place.reasons.append(
        (
            f"không tìm thấy '{cpart}'"
            + (f" thuộc {district[2]}" if district else "")
            + f" trong {pname} (danh mục 2025 và trước 2025)",
            f"'{cpart}'"
            + (f" in {district[2]}" if district else "")
            + f" is not found in {pname} (2025 or older lists)",
        )
    )
    return place


# --- the import -----------------------------------------------------------------------------------


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


def _product_yaml(
    rid: str,
    name: str,
    stars: int,
    group: str,
    producer_id: str,
    producer_name: str,
    decision: str,
    date: dt.date,
    issuer: str,
    commune: str,
    commune_note: str,
    source_url: str | None,
    origin: str,
) -> str:
    def md(text: str) -> str:
        return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)

    description = (
        f"{md(name)} là sản phẩm OCOP {stars} sao của {md(producer_name)}, được công nhận theo Quyết định số "
        f"{md(decision)} ngày {date:%d/%m/%Y} của {md(issuer)}.\n\n"
        "*Thông tin chi tiết và ảnh chụp sản phẩm đang được cập nhật. Hồ sơ này được lập tự động từ danh sách "
        "sản phẩm OCOP được công nhận; ảnh hiện tại là ảnh minh họa.*"
    )
    if source_url:
        host = re.sub(r"^https://", "", source_url).split("/")[0]
        description += f"\n\nNguồn: [{md(host)}]({source_url})"
    return f"""\
# yaml-language-server: $schema=../../../schema/product.schema.json
# NHẬP TỪ DANH SÁCH bằng `ocop import`: {origin}.
# Cần bổ sung mô tả chi tiết, ảnh chụp thật và các trường không bắt buộc (quy cách, giá, nơi mua, truy xuất).
# Imported from a certification list: add a real description and photos.
id: {rid}
name: {yaml_str(name)}
stars: {stars}
group: {group}
producer: {producer_id}

description: {yaml_block(description)}

# {FILL_MARK}: ảnh dưới đây là ẢNH MINH HỌA do máy tạo; thay bằng ảnh chụp thật của sản phẩm.
images:
  - {IMAGE_DIR}/{rid}.jpg

certificate:
  decision: {yaml_str(decision)}
  date: "{date.isoformat()}"
  issuer: {yaml_str(issuer)}

origin:
  commune: "{commune}"  # {commune_note}
"""


def _producer_yaml(p: NewProducer, origin: str) -> str:
    street = f"\n  street: {yaml_str(p.street)}" if p.street else ""
    return f"""\
# yaml-language-server: $schema=../../../schema/producer.schema.json
# NHẬP TỪ DANH SÁCH bằng `ocop import`: {origin}. Địa chỉ lấy từ danh sách.
# Cần bổ sung người đại diện, liên hệ và giới thiệu.
# Created by an import: add the representative, contacts and description.
id: {p.id}
name: {yaml_str(p.name)}
kind: {p.kind}
address:
  commune: "{p.commune}"  # {_commune_name(p.commune)}{street}
"""


def _problems_of(text: str, kind: str, today: dt.date) -> list[Reason]:
    record = parse(text, "new")
    found = check_schema(record, kind) + check_text(record)
    if kind == "product":
        found += check_product_rules(record, today)
    return [(f"{p.field}: {p.vi}", f"{p.field}: {p.en}") for p in found]


def _existing(
    products_dir: Path, province: str
) -> tuple[dict[str, list[str]], dict[str, str], dict[tuple[str, str], Path]]:
    """In the province folder: producer key → ids, producer id → name, (product name key, producer id) → path."""
    from ..build.load import load_file

    producers: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    products: dict[tuple[str, str], Path] = {}
    base = products_dir / province
    for path in sorted((base / PRODUCER_DIR).glob("*.y*ml")):
        record, _ = load_file(path)
        if record is None:
            continue
        d = record.data
        if isinstance(d.get("name"), str) and isinstance(d.get("id"), str):
            producers.setdefault(producer_key(d["name"]), []).append(d["id"])
            names[d["id"]] = d["name"]
    for path in sorted((base / PRODUCT_DIR).glob("*.y*ml")):
        record, _ = load_file(path)
        if record is None:
            continue
        d = record.data
        if isinstance(d.get("name"), str) and isinstance(d.get("producer"), str):
            products.setdefault((name_key(d["name"]), d["producer"]), path)
    return producers, names, products


def import_file(
    path: Path,
    province: str,
    products_dir: Path,
    *,
    mapping: dict[str, str] | None = None,
    defaults: Defaults | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    published: Iterable[str] = (),
    rng: RandomSource | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Turn a list into records under ``products_dir/province``; see the module docstring."""
    u = units()
    if province not in u.provinces:
        raise ImportError_(
            f"'{province}' không phải thư mục tỉnh (34 tỉnh, thành phố 2025), ví dụ vinh-long",
            f"'{province}' is not a province folder (the 34 provinces of 2025), e.g. vinh-long",
        )
    today = today or dt.date.today()
    defaults = defaults or Defaults()
    if defaults.group is not None and defaults.group not in GROUPS:
        parsed = parse_group(defaults.group)
        if parsed is None:
            raise ImportError_(
                f"--group '{defaults.group}' không phải nhóm sản phẩm ({', '.join(GROUPS)})",
                f"--group '{defaults.group}' is not a product group ({', '.join(GROUPS)})",
            )
        defaults.group = parsed
    mapping = mapping or {}
    rows = read_rows(path, sheet, mapping)
    header_at = find_header(rows, mapping)
    if header_at is None:
        seen = next((cells for _, cells in rows if any(text_of(c) for c in cells)), [])
        raise ImportError_(
            "không tìm thấy dòng tiêu đề có cột 'Tên sản phẩm' (và ít nhất một cột khác); các cột đầu tiên: "
            f"{', '.join(text_of(c) for c in seen if text_of(c))}. Dùng --map 'Tên cột=name,...'",
            "no header row with a product name column (and at least one more) was found; first cells: "
            f"{', '.join(text_of(c) for c in seen if text_of(c))}. Use --map 'Column=name,...'",
        )
    columns = map_headers(rows[header_at][1], mapping)
    result = ImportResult(path, province, dry_run)
    origin_label = path.name
    producers_by_key, producer_names, products_by_key = _existing(products_dir, province)
    taken = catalogue_ids(products_dir) | set(published)
    new_by_key: dict[str, NewProducer] = {}
    seen_rows: dict[tuple[str, str], int] = {}
    section: str | None = None
    pname = u.provinces[province].name
    folder = products_dir / province / PRODUCT_DIR
    written_files: dict[Path, tuple[Outcome, list[Path]]] = {}

    for number, cells in rows[header_at + 1 :]:
        values = {f: (cells[i] if i < len(cells) else None) for i, f in columns.items()}
        texts = {f: text_of(v) for f, v in values.items()}
        if not any(text_of(c) for c in cells):
            continue
        if all(re.fullmatch(r"\(?\d{1,2}\)?", text_of(c)) for c in cells if text_of(c)):
            continue  # the "(1) (2) (3)…" row that numbers an annex's columns
        name = texts.get("name", "")
        out = Outcome(number, texts.get("row", ""), name, "person")
        if not name and not texts.get("producer") and not texts.get("stars"):
            group = section_group(cells)
            if group:
                section = group
                continue
            out.status = "skipped"
            out.reasons.append(
                ("dòng không có tên sản phẩm (không phải dòng sản phẩm)", "no product name (not a product row)")
            )
            result.outcomes.append(out)
            continue
        if not texts.get("producer") and not texts.get("stars"):
            group = section_group([name])
            if group:
                section = group
                continue
        reasons = out.reasons

        # Province of the row: a row of another province is not this import's business.
        row_old_province = None
        if texts.get("province"):
            slug, row_old_province = gazetteer().province(texts["province"])
            if slug is not None and slug != province:
                out.status = "skipped"
                reasons.append(
                    (
                        f"thuộc {texts['province']} (nay là {u.provinces[slug].name}), không thuộc {pname}",
                        f"belongs to {texts['province']} (now {u.provinces[slug].name}), not {pname}",
                    )
                )
                result.outcomes.append(out)
                continue

        if not name:
            reasons.append(("thiếu tên sản phẩm", "no product name"))
        stars = parse_stars(values.get("stars"))
        if stars not in (3, 4, 5):
            shown = texts.get("stars", "")
            if not shown:
                reasons.append(("thiếu hạng sao (3, 4 hoặc 5)", "no star rating (3, 4 or 5)"))
            else:
                unrated_vi = " (có thể chưa được xếp hạng)" if shown == "0" else ""
                unrated_en = " (perhaps not rated yet)" if shown == "0" else ""
                reasons.append(
                    (
                        f"hạng sao '{shown}' không phải 3, 4 hoặc 5{unrated_vi}",
                        f"stars '{shown}' is not 3, 4 or 5{unrated_en}",
                    )
                )
        group_text = texts.get("group", "")
        group = parse_group(group_text) if group_text else (section or defaults.group)
        if group is None:
            reasons.append(
                (
                    f"không nhận ra nhóm sản phẩm '{group_text}'" if group_text else "thiếu nhóm sản phẩm",
                    f"product group '{group_text}' is not known" if group_text else "no product group",
                )
            )

        # Where.
        code = None
        place = Place()
        if texts.get("commune_code"):
            c = texts["commune_code"].zfill(5)
            if c in u.communes and u.communes[c].province.slug == province:
                code = c
                place.note = u.communes[c].name
            else:
                reasons.append(
                    (
                        f"mã xã/phường '{texts['commune_code']}' không thuộc {pname} (danh mục 2025)",
                        f"commune code '{texts['commune_code']}' is not in {pname} (2025 list)",
                    )
                )
        if code is None and not texts.get("commune_code"):
            place = resolve_address(texts.get("address", ""), province, row_old_province)
            if place.other_province:
                out.status = "skipped"
                other = u.provinces[place.other_province].name
                out.reasons = [
                    (f"địa chỉ thuộc {other}, không thuộc {pname}", f"the address is in {other}, not in {pname}")
                ]
                result.outcomes.append(out)
                continue
            code = place.code
            reasons.extend(place.reasons)
        out.commune = code
        out.note = place.note

        # Who.
        producer_text = texts.get("producer", "")
        producer_name = split_producer(producer_text) if producer_text else ""
        producer_id: str | None = None
        new_producer: NewProducer | None = None
        new_kind: str | None = None  # a producer to create, once the row is complete
        if not producer_name:
            reasons.append(("thiếu tên chủ thể", "no producer name"))
        else:
            pkey = producer_key(producer_name)
            ids = producers_by_key.get(pkey, [])
            if len(ids) > 1:
                reasons.append(
                    (
                        f"có {len(ids)} hồ sơ chủ thể cùng tên '{producer_name}' ({', '.join(ids)}); cần chọn một",
                        f"{len(ids)} producer records share the name '{producer_name}' ({', '.join(ids)}); choose one",
                    )
                )
            elif ids:
                producer_id = ids[0]
            elif pkey in new_by_key:
                new_producer = new_by_key[pkey]
                producer_id = new_producer.id
            else:
                kind = guess_kind(producer_name)
                if kind is None:
                    reasons.append(
                        (
                            f"không đoán được loại hình của chủ thể '{producer_name}' "
                            f"(hợp tác xã, doanh nghiệp, hộ kinh doanh, tổ hợp tác); cần tạo hồ sơ chủ thể",
                            f"cannot tell the kind of producer '{producer_name}' "
                            f"({', '.join(PRODUCER_KINDS)}); create its record first",
                        )
                    )
                new_kind = kind
        out.producer = producer_id

        # Certificate.
        decision = parse_decision(values.get("decision"))
        decision_text = texts.get("decision", "")
        number_ = decision.number or (defaults.decision if not decision_text else None)
        if number_ is None:
            reasons.append(
                (
                    f"không đọc được số quyết định trong '{decision_text}'" if decision_text else "thiếu số quyết định",
                    f"no decision number in '{decision_text}'" if decision_text else "no decision number",
                )
            )
        date_text = texts.get("date", "")
        date = parse_date(values.get("date")) if date_text else (decision.date or defaults.date)
        if date is None:
            reasons.append(
                (
                    f"không đọc được ngày quyết định '{date_text}' (viết 06/04/2021 hoặc 2021-04-06)"
                    if date_text
                    else "thiếu ngày quyết định (cột 'Ngày quyết định' hoặc --decision-date)",
                    f"cannot read the decision date '{date_text}' (write 06/04/2021 or 2021-04-06)"
                    if date_text
                    else "no decision date (a 'Ngày quyết định' column or --decision-date)",
                )
            )
        issuer = texts.get("issuer") or decision.issuer or defaults.issuer
        if not issuer:
            reasons.append(
                (
                    "thiếu cơ quan cấp (cột 'Cơ quan cấp' hoặc --issuer)",
                    "no issuing body (an 'Cơ quan cấp' column or --issuer)",
                )
            )
        source = texts.get("source", "")
        source_url = source if re.match(HTTPS_PATTERN, source) and len(source) <= 300 else None

        # The same product twice?
        key = (name_key(name), producer_key(producer_name))
        if name and producer_id and (name_key(name), producer_id) in products_by_key:
            existing = products_by_key[(name_key(name), producer_id)]
            out.status = "skipped"
            out.path = existing
            out.reasons = [
                (
                    f"đã có hồ sơ {existing.relative_to(products_dir)} (cùng tên sản phẩm và chủ thể); không ghi đè",
                    f"a record already exists: {existing.relative_to(products_dir)} (same product and producer); "
                    "not overwritten",
                )
            ]
            result.outcomes.append(out)
            continue
        if name and producer_name and key in seen_rows:
            reasons.append(
                (
                    f"trùng với dòng {seen_rows[key]} (cùng tên sản phẩm và chủ thể); cần chọn dòng đúng",
                    f"same product and producer as row {seen_rows[key]}; keep the right row only",
                )
            )
        elif name and producer_name:
            seen_rows[key] = number

        if reasons:
            result.outcomes.append(out)
            continue

        assert stars is not None and group is not None and code is not None
        assert number_ is not None and date is not None and issuer is not None
        if new_kind is not None:
            pid = fresh_id(province, taken, rng)
            taken.add(pid)
            new_producer = NewProducer(
                pid,
                producer_name,
                new_kind,
                code,
                place.street,
                number,
                products_dir / province / PRODUCER_DIR / f"{pid}.yml",
            )
            producer_id = out.producer = pid
        assert producer_id is not None
        rid = fresh_id(province, taken, rng)
        taken.add(rid)
        text = _product_yaml(
            rid,
            name,
            stars,
            group,
            producer_id,
            new_producer.name if new_producer else producer_names.get(producer_id, producer_name),
            number_,
            date,
            issuer,
            code,
            place.note or _commune_name(code),
            source_url,
            f"{origin_label}, dòng {number}",
        )
        problems = _problems_of(text, "product", today)
        producer_text_yaml = None
        if new_producer is not None and not new_producer.written:
            producer_text_yaml = _producer_yaml(new_producer, f"{origin_label}, dòng {number}")
            problems += _problems_of(producer_text_yaml, "producer", today)
        if problems:
            reasons.extend(problems)
            result.outcomes.append(out)
            continue
        product_path = folder / f"{rid}.yml"
        image_path = folder / IMAGE_DIR / f"{rid}.jpg"
        out.path = product_path
        out.status = "written"
        created: list[Path] = []
        if not dry_run:
            if producer_text_yaml is not None and new_producer is not None:
                _create(new_producer.path, producer_text_yaml.encode("utf-8"))
            image_path.parent.mkdir(parents=True, exist_ok=True)
            _create(image_path, placeholder_jpeg(rid, name, 640, 480))
            _create(product_path, text.encode("utf-8"))
            created = [product_path, image_path]
        if new_producer is not None and not new_producer.written:
            new_producer.written = True
            new_by_key[producer_key(producer_name)] = new_producer
            result.producers.append(new_producer)
        written_files[product_path] = (out, created)
        result.outcomes.append(out)

    if not dry_run and written_files:
        _verify(result, products_dir, today, written_files)
    return result


def _create(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as f:  # never overwrite
        f.write(data)


def _verify(
    result: ImportResult, products_dir: Path, today: dt.date, written: dict[Path, tuple[Outcome, list[Path]]]
) -> None:
    """Check the whole catalogue; take back anything this import wrote that has a problem."""
    for _ in range(3):
        problems = check(products_dir, today)
        ours: dict[Path, list[Reason]] = {}
        mine = {p.resolve(): p for p in written} | {p.path.resolve(): p.path for p in result.new_producers}
        other = 0
        for p in problems:
            resolved = Path(p.path).resolve()
            if resolved in mine:
                ours.setdefault(mine[resolved], []).append((f"{p.field}: {p.vi}", f"{p.field}: {p.en}"))
            else:
                other += 1
        result.other_problems = other
        if not ours:
            return
        for path, reasons in ours.items():
            if path in written:
                out, files = written.pop(path)
                for f in files:
                    f.unlink(missing_ok=True)
                out.status, out.path = "person", None
                out.reasons.extend(reasons)
            else:  # a new producer with a problem: take back its products too
                for prod, (out, files) in list(written.items()):
                    if out.producer and path.stem == out.producer:
                        written.pop(prod)
                        for f in files:
                            f.unlink(missing_ok=True)
                        out.status, out.path = "person", None
                        out.reasons.extend(reasons)
        used = {o.producer for o, _ in written.values()}
        for p in result.producers:
            if p.written and p.id not in used:
                p.path.unlink(missing_ok=True)
                p.written = False


# --- the report -----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rel(path: Path | None, base: Path) -> str:
    if path is None:
        return ""
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def report_markdown(result: ImportResult, products_dir: Path) -> str:
    u = units()
    p = u.provinces[result.province]
    lines = [
        "# Báo cáo nhập danh sách OCOP / OCOP list import report",
        "",
        f"- Tệp / file: `{result.source.name}`",
        f"- Tỉnh / province: {p.name} (`{result.province}`)",
    ]
    if result.dry_run:
        lines.append("- **Chạy thử: chưa ghi tệp nào** / **dry run: nothing was written**")
    lines += [
        "",
        "| Kết quả / result | Số dòng / rows |",
        "|---|---|",
        f"| {'Sẽ ghi' if result.dry_run else 'Đã ghi'} hồ sơ / records {'to write' if result.dry_run else 'written'} "
        f"| {len(result.written)} |",
        f"| Cần người xử lý / need a person | {len(result.needs_person)} |",
        f"| Bỏ qua / skipped | {len(result.skipped)} |",
        f"| Chủ thể mới / new producers | {len(result.new_producers)} |",
        "",
    ]
    if result.needs_person:
        lines += [
            "## Cần người xử lý / Rows that need a person",
            "",
            "Sửa các ô trong tệp danh sách (hoặc tạo hồ sơ bằng `ocop new product`) rồi chạy lại lệnh: các dòng "
            "đã ghi sẽ được bỏ qua, không bị ghi đè.",
            "Fix the cells in the list (or write the record with `ocop new product`) and run the command again: "
            "rows already written are skipped, never overwritten.",
            "",
        ]
        counts: dict[Reason, int] = {}
        for o in result.needs_person:
            for r in dict.fromkeys(o.reasons):
                counts[r] = counts.get(r, 0) + 1
        common = [(r, n) for r, n in counts.items() if n > 1]
        if common:
            lines += ["| Lý do thường gặp / common reason | Số dòng / rows |", "|---|---|"]
            for (vi, en), n in sorted(common, key=lambda item: -item[1]):
                lines.append(f"| {_cell(vi)} / {_cell(en)} | {n} |")
            lines.append("")
        lines += ["| Dòng / row | STT | Tên sản phẩm / product | Lý do / reasons |", "|---|---|---|---|"]
        for o in result.needs_person:
            why = "<br>".join(f"{_cell(vi)} / {_cell(en)}" for vi, en in o.reasons)
            lines.append(f"| {o.row} | {_cell(o.stt)} | {_cell(o.name)} | {why} |")
        lines.append("")
    if result.skipped:
        lines += ["## Bỏ qua / Skipped", "", "| Lý do / reason | Dòng / rows |", "|---|---|"]
        grouped: dict[tuple[Reason, ...], list[Outcome]] = {}
        for o in result.skipped:
            grouped.setdefault(tuple(o.reasons), []).append(o)
        for reasons, outs in grouped.items():
            why = "<br>".join(f"{_cell(vi)} / {_cell(en)}" for vi, en in reasons)
            rows = ", ".join(f"{o.row} ({_cell(o.name)})" if o.name else str(o.row) for o in outs)
            lines.append(f"| {why} | {rows} |")
        lines.append("")
    if result.written:
        lines += [
            f"## {'Sẽ ghi' if result.dry_run else 'Đã ghi'} / {'To write' if result.dry_run else 'Written'}",
            "",
            "Mỗi hồ sơ có ảnh minh họa và mô tả tự động: cần thay bằng ảnh chụp thật và mô tả chi tiết. "
            "Hãy kiểm tra xã/phường 2025 ở cột cuối, nhất là khi địa chỉ cũ đã được chuyển sang đơn vị mới.",
            "Each record has a placeholder picture and an automatic description: replace them with real photos and "
            "a real description. Check the 2025 commune in the last column, above all where an old address was "
            "mapped to a new unit.",
            "",
            "| Dòng / row | Tên sản phẩm / product | Hồ sơ / record | Chủ thể / producer | Xã, phường 2025 / commune |",
            "|---|---|---|---|---|",
        ]
        for o in result.written:
            lines.append(
                f"| {o.row} | {_cell(o.name)} | `{_rel(o.path, products_dir)}` | `{o.producer}` | "
                f"{_cell(o.note)} ({o.commune}) |"
            )
        lines.append("")
    if result.new_producers:
        lines += [
            "## Chủ thể mới / New producers",
            "",
            "| Mã / id | Tên / name | Loại hình / kind | Hồ sơ / record |",
            "|---|---|---|---|",
        ]
        for np_ in result.new_producers:
            lines.append(f"| `{np_.id}` | {_cell(np_.name)} | {np_.kind} | `{_rel(np_.path, products_dir)}` |")
        lines.append("")
    if result.other_problems:
        lines += [
            f"Lưu ý: danh mục đã có {result.other_problems} lỗi ở các hồ sơ khác (không do lệnh này); chạy `ocop check`.",
            f"Note: the catalogue has {result.other_problems} problems in other records (not from this import); "
            "run `ocop check`.",
            "",
        ]
    return "\n".join(lines)


def report_csv(result: ImportResult, products_dir: Path) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["dong_row", "stt", "ten_san_pham_name", "ket_qua_status", "ly_do", "reason", "ho_so_record", "xa_commune"]
    )
    for o in result.outcomes:
        w.writerow(
            [
                o.row,
                o.stt,
                o.name,
                o.status,
                "; ".join(vi for vi, _ in o.reasons),
                "; ".join(en for _, en in o.reasons),
                _rel(o.path, products_dir),
                o.commune or "",
            ]
        )
    return buf.getvalue()


def summary(result: ImportResult) -> str:
    verb_vi = "sẽ ghi" if result.dry_run else "đã ghi"
    verb_en = "to write" if result.dry_run else "written"
    return (
        f"{verb_vi} {len(result.written)} hồ sơ, {len(result.new_producers)} chủ thể mới; "
        f"{len(result.needs_person)} dòng cần người xử lý; {len(result.skipped)} dòng bỏ qua / "
        f"{len(result.written)} records {verb_en}, {len(result.new_producers)} new producers; "
        f"{len(result.needs_person)} rows need a person; {len(result.skipped)} rows skipped"
    )
