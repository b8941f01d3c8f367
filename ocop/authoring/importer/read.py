"""Reading a list: the rows of a .csv or .xlsx file, and which column holds which field.

Headers are matched without regard to case, diacritics or punctuation, in Vietnamese or English;
``--map`` names the field of any other column.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...domain.fold import fold
from .result import ImportError_

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


def header_key(text: str) -> str:
    """A header as compared: folded, without a note in parentheses ("Hạng sao (3-5)" → "hang sao")."""
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
