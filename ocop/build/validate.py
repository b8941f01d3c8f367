"""Checking one record on its own: the schema and the text rules.

Every problem is collected, never just the first, so an officer fixes a whole pull
request in one round. Each message names the field and says what to write instead.
What is checked here depends on one file's content only, so it is cached with the file;
the rules that need dates, photos or other records are in ``rules.py``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..domain.english import english_problems
from ..domain.gs1 import gtin_problem, lot_problem
from ..domain.links import judge_link
from ..domain.names import RESERVED_WINDOWS
from ..domain.problems import Problem
from ..domain.schema import (
    GROUP_ALIASES,
    GROUPS,
    LOT_STEPS,
    PRODUCER_KINDS,
    RECIPIENT_KINDS,
    SCHEMAS,
    SHOP_KINDS,
    VIETNAM_BOX,
)
from ..domain.text import FILL_MARK, FILL_PHOTO, MULTILINE_OK, bad_char, blank, html_in, links_in
from .load import Key, Record, dotted

TEXT_FIELDS = {"description", "ingredients", "details"}  # where Markdown is allowed
MULTILINE_FIELDS = {*TEXT_FIELDS, "reason"}  # where a value may span lines (and hold tabs)

_VALIDATORS = {kind: Draft202012Validator(schema) for kind, schema in SCHEMAS.items()}
# fastjsonschema compiles the schema to Python and is ~12x faster on a valid record; it answers
# only "valid or not", so jsonschema explains the (rare) invalid ones. The schema uses no keyword
# whose meaning differs between draft 7 and 2020-12.
_FAST = {
    kind: fastjsonschema.compile({**schema, "$schema": "http://json-schema.org/draft-07/schema#"})
    for kind, schema in SCHEMAS.items()
}

_TYPE_VI = {
    "string": "chữ",
    "integer": "số nguyên",
    "number": "số",
    "object": "một nhóm trường (tên: giá trị)",
    "array": "một danh sách (mỗi mục bắt đầu bằng '- ')",
    "boolean": "true hoặc false",
}
_TYPE_EN = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a group of 'field: value' lines",
    "array": "a list (each item starting with '- ')",
    "boolean": "true or false",
}


# --- schema ---------------------------------------------------------------------------------------


def _coerce_to_schema(record: Record, value: Any, schema: dict[str, Any], key: Key) -> Any:
    """Give back the typed text where the schema wants text: `code: 01` stays "01"."""
    t = schema.get("type")
    if t == "string" and not isinstance(value, str) and key in record.raw:
        return record.raw[key]
    if t == "integer" and isinstance(value, float) and key in record.raw:
        return record.raw[key]  # "180.000" is a Vietnamese thousands separator, not 180: refuse it as text
    if t == "object" and isinstance(value, dict):
        props = schema.get("properties", {})
        return {k: _coerce_to_schema(record, v, props.get(k, {}), (*key, k)) for k, v in value.items()}
    if t == "array" and isinstance(value, list):
        items = schema.get("items", {})
        return [_coerce_to_schema(record, v, items, (*key, i)) for i, v in enumerate(value)]
    return value


def _schema_problem(record: Record, err: ValidationError) -> Problem:
    """One schema error as an officer reads it: the field, what is wrong, what to write."""
    key: Key = tuple(err.absolute_path)
    field = dotted(key)
    v = err.validator
    if v == "required":
        missing = err.message.split("'")[1]
        line, col = record.where(key)
        name = dotted((*key, missing))
        return Problem(
            record.path, line, col, name, f"thiếu trường bắt buộc '{name}'", f"missing required field '{name}'"
        )
    if v == "additionalProperties":
        return _unknown_field(record, err, key)
    line, col = record.where(key)
    if "x-vi" in err.schema and v != "type":
        shown = err.instance if isinstance(err.instance, (str, int, float)) else ""
        got = f" (đang ghi: {shown!r})" if shown != "" else ""
        got_en = f" (found: {shown!r})" if shown != "" else ""
        return Problem(record.path, line, col, field, err.schema["x-vi"] + got, err.schema["x-en"] + got_en)
    vi, en = _MESSAGES.get(v, _generic)(err)
    return Problem(record.path, line, col, field, vi, en)


def _unknown_field(record: Record, err: ValidationError, key: Key) -> Problem:
    allowed = list(err.schema.get("properties", {}))
    extras = [k for k in err.instance if k not in allowed]
    unknown = extras[0] if extras else "?"
    line, col = record.where((*key, unknown), of_key=True)
    hint = difflib.get_close_matches(unknown, allowed, n=1, cutoff=0.6)
    vi_hint = f"; có phải ý bạn là '{hint[0]}'?" if hint else f"; các trường được dùng: {', '.join(allowed)}"
    en_hint = f"; did you mean '{hint[0]}'?" if hint else f"; known fields: {', '.join(allowed)}"
    name = dotted((*key, unknown))
    return Problem(
        record.path,
        line,
        col,
        name,
        f"trường '{unknown}' không có trong mẫu{vi_hint}",
        f"unknown field '{unknown}'{en_hint}",
    )


def _enum(err: ValidationError) -> tuple[str, str]:
    choices = err.validator_value
    labels = {**{k: v[1] for k, v in GROUPS.items()}, **{k: v[0] for k, v in PRODUCER_KINDS.items()}}
    labels.update({k: v[0] for k, v in SHOP_KINDS.items()})
    labels.update({k: v[0] for k, v in LOT_STEPS.items()} | {k: v[0] for k, v in RECIPIENT_KINDS.items()})
    shown = ", ".join(f"{c} ({labels[c]})" if c in labels else str(c) for c in choices)
    hint = [GROUP_ALIASES[err.instance]] if err.instance in GROUP_ALIASES else []
    hint = hint or difflib.get_close_matches(str(err.instance), [str(c) for c in choices], n=1)
    vi_hint = f"; có phải '{hint[0]}'?" if hint else ""
    en_hint = f"; did you mean '{hint[0]}'?" if hint else ""
    return (
        f"giá trị {err.instance!r} không hợp lệ; chọn một trong: {shown}{vi_hint}",
        f"{err.instance!r} is not allowed; choose one of: {', '.join(map(str, choices))}{en_hint}",
    )


def _type(err: ValidationError) -> tuple[str, str]:
    want = err.validator_value if isinstance(err.validator_value, str) else err.validator_value[0]
    vi_hint = en_hint = ""
    if want == "integer" and isinstance(err.instance, str) and re.fullmatch(r"\d{1,3}([.,]\d{3})+", err.instance):
        plain = re.sub(r"\D", "", err.instance)
        vi_hint = f"; viết liền, không dấu chấm hay dấu phẩy: {plain}"
        en_hint = f"; write it without separators: {plain}"
    return f"phải là {_TYPE_VI.get(want, want)}{vi_hint}", f"must be {_TYPE_EN.get(want, want)}{en_hint}"


def _bound(err: ValidationError) -> tuple[str, str]:
    v, n = err.validator, err.validator_value
    most = v.startswith("max")
    word_vi, word_en = ("tối đa", "at most") if most else ("tối thiểu", "at least")
    if v == "minLength" and n == 1:
        return "không được để trống", "must not be empty"
    if v in ("maxLength", "minLength"):
        return (
            f"dài {len(err.instance)} ký tự; {word_vi} {n} ký tự",
            f"is {len(err.instance)} characters long; {word_en} {n}",
        )
    if v in ("minItems", "maxItems"):
        return f"danh sách cần {word_vi} {n} mục", f"the list needs {word_en} {n} items"
    return f"giá trị {err.instance} không hợp lệ; {word_vi} {n}", f"{err.instance} is out of range; {word_en} {n}"


def _generic(err: ValidationError) -> tuple[str, str]:
    return f"giá trị không hợp lệ ({err.message})", f"invalid value ({err.message})"


_MESSAGES = {
    "enum": _enum,
    "type": _type,
    **dict.fromkeys(("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"), _bound),
}


def check_schema(record: Record, kind: str) -> list[Problem]:
    schema = SCHEMAS[kind]
    record.data = _coerce_to_schema(record, record.data, schema, ())
    try:
        _FAST[kind](record.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    errors = sorted(_VALIDATORS[kind].iter_errors(record.data), key=lambda e: list(map(str, e.absolute_path)))
    # One message per field: the field's own plain message (x-vi) says more than a generic one.
    errors.sort(key=lambda e: 0 if "x-vi" in e.schema and e.validator != "type" else 1)
    seen: dict[str, Problem] = {}
    for e in errors:
        p = _schema_problem(record, e)
        seen.setdefault(p.field, p)
    return list(seen.values())


# --- text ---------------------------------------------------------------------------------------


def strings_in(value: Any, key: Key = ()) -> Iterator[tuple[Key, str]]:
    """Every text value inside a record's data, with its key."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(v, (*key, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings_in(v, (*key, i))


def contents(data: Any) -> tuple[list[Key], list[tuple[Key, str]]]:
    """Every mapping key (as the path ending in it) and every text value of a record, in one pass."""
    keys: list[Key] = []
    texts: list[tuple[Key, str]] = []
    stack: list[tuple[Key, Any]] = [((), data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, str):
            texts.append((key, value))
        elif isinstance(value, dict):
            keys += [(*key, k) for k in value]
            stack += [((*key, k), v) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [((*key, i), v) for i, v in reversed(list(enumerate(value)))]
    return keys, texts


def check_keys(record: Record, keys: list[Key]) -> list[Problem]:
    """Field names are text too: an invisible character makes 'name' a field nobody can see is wrong."""
    problems = []
    for key in keys:
        bad = bad_char(str(key[-1]))
        if bad:
            _, code, vi, en = bad
            line, col = record.where(key, of_key=True)
            problems.append(
                Problem(
                    record.path,
                    line,
                    col,
                    dotted(key),
                    f"tên trường có ký tự ẩn hoặc ký tự điều khiển ({code}, {vi}); hãy gõ lại tên trường",
                    f"the field name contains an invisible or control character ({code}, {en}); retype it",
                )
            )
    return problems


def check_text(record: Record, texts: list[tuple[Key, str]] | None = None) -> list[Problem]:
    """Refused characters, blank values and HTML in every text value (``texts``: from ``contents``)."""
    problems = []
    for key, text in contents(record.data)[1] if texts is None else texts:
        field = dotted(key)
        bad = bad_char(text, MULTILINE_OK if key and key[-1] in MULTILINE_FIELDS else "")
        if bad:
            offset, code, vi, en = bad
            line, col = record.where_in_text(key, offset, text)
            problems.append(
                Problem(
                    record.path,
                    line,
                    col,
                    field,
                    f"có ký tự ẩn hoặc ký tự điều khiển ({code}, {vi}); hãy gõ lại đoạn chữ này",
                    f"contains an invisible or control character ({code}, {en}); retype this text",
                )
            )
        elif text and blank(text):
            problems.append(
                at(record, key, field, "không được để trống (chỉ có khoảng trắng)", "must not be empty (only spaces)")
            )
        found = html_in(text)
        if found:
            offset, tag = found
            tline, tcol = record.where_in_text(key, offset, text)
            problems.append(
                Problem(
                    record.path,
                    tline,
                    tcol,
                    field,
                    f"không dùng mã HTML ({tag}); chỉ dùng chữ và Markdown đơn giản",
                    f"HTML is not allowed ({tag}); use plain text and simple Markdown",
                )
            )
    return problems


def _link_paths(schema: dict[str, Any], key: tuple[str | None, ...] = ()) -> set[tuple[str | None, ...]]:
    """The fields the schema marks as links (``x-link``), list positions as None: ("buy", None, "url")."""
    found = {key} if schema.get("x-link") else set()
    for name, sub in schema.get("properties", {}).items():
        found |= _link_paths(sub, (*key, name))
    if isinstance(schema.get("items"), dict):
        found |= _link_paths(schema["items"], (*key, None))
    return found


_LINKS = {kind: _link_paths(schema) for kind, schema in SCHEMAS.items()}
_LINK_NAMES = {path[-1] for paths in _LINKS.values() for path in paths}


def check_links(record: Record, kind: str, texts: list[tuple[Key, str]]) -> list[Problem]:
    """Every link in a record, judged by one rule (``judge_link``): link fields, and links in Markdown text."""
    problems = []
    for key, text in texts:
        if key and key[-1] in TEXT_FIELDS:
            for offset, url in links_in(text):
                found = judge_link(url)
                if found:
                    line, col = record.where_in_text(key, offset, text)
                    problems.append(Problem(record.path, line, col, dotted(key), *found))
        elif key and key[-1] in _LINK_NAMES and tuple(None if isinstance(p, int) else p for p in key) in _LINKS[kind]:
            parent = record.data
            for part in key[:-1]:
                parent = parent[part]
            # A buy link's kind names the marketplace it must lead to.
            found = judge_link(text, parent.get("kind") if key[0] == "buy" else None)
            if found:
                problems.append(at(record, key, dotted(key), *found))
    return problems


def check_values(record: Record, kind: str) -> list[Problem]:
    """Values that pass the schema but cannot be right: a reserved id, coordinates outside Vietnam."""
    problems = []
    rid = record.data.get("id")
    if isinstance(rid, str) and rid.casefold() in RESERVED_WINDOWS:
        problems.append(
            at(
                record,
                ("id",),
                "id",
                f"mã '{rid}' là tên dành riêng của Windows (con, prn, aux, nul, com1–9, lpt1–9): trang /p/{rid}/ "
                "không lưu được trên máy Windows; chọn mã khác",
                f"the id '{rid}' is a name Windows reserves (con, prn, aux, nul, com1–9, lpt1–9): the page "
                f"/p/{rid}/ cannot be saved on Windows; choose another id",
            )
        )
    problems += _identifiers(record)
    origin = record.data.get("origin")
    point = origin.get("coordinates") if kind == "product" and isinstance(origin, dict) else None
    if isinstance(point, list) and len(point) == 2 and all(_number(v) for v in point):
        found = _coordinates(float(point[0]), float(point[1]))
        if found:
            problems.append(at(record, ("origin", "coordinates"), "origin.coordinates", *found))
    return problems


def _identifiers(record: Record) -> list[Problem]:
    """GS1 identifiers (a product's GTIN, a lot's number) and links to documents."""
    d, problems = record.data, []
    if isinstance(d.get("gtin"), str) and re.fullmatch(r"\d{8,14}", d["gtin"]):
        found = gtin_problem(d["gtin"])
        if found:
            problems.append(at(record, ("gtin",), "gtin", *found))
    if isinstance(d.get("code"), str) and "product" in d:  # a lot
        found = lot_problem(d["code"])
        if found:
            problems.append(at(record, ("code",), "code", *found))
    cert = d.get("certificate")
    document = cert.get("document") if isinstance(cert, dict) else None
    if isinstance(document, str) and document.startswith("https://"):
        found = judge_link(document)
        host = document.split("/")[2].lower()
        if not found and host != "gov.vn" and not host.endswith(".gov.vn"):
            found = (
                f"quyết định phải ở trang web của cơ quan nhà nước (tên miền .gov.vn), không phải {host}; hoặc đặt "
                "tệp vào thư mục tai-lieu/",
                f"the decision must be on a government site (a .gov.vn host), not {host}; or put the file in tai-lieu/",
            )
        if found:
            problems.append(at(record, ("certificate", "document"), "certificate.document", *found))
    for i, event in enumerate(d.get("events") or ()):
        evidence = event.get("evidence") if isinstance(event, dict) else None
        if isinstance(evidence, str) and evidence.startswith("https://"):
            found = judge_link(evidence)
            if found:
                problems.append(at(record, ("events", i, "evidence"), f"events[{i + 1}].evidence", *found))
    return problems


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _coordinates(lat: float, lon: float) -> tuple[str, str] | None:
    (lat_min, lat_max), (lon_min, lon_max) = VIETNAM_BOX
    box_vi = f"vĩ độ {lat_min}–{lat_max}, kinh độ {lon_min}–{lon_max}"
    box_en = f"latitude {lat_min}–{lat_max}, longitude {lon_min}–{lon_max}"
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return (
            "tọa độ phải là số thực hữu hạn, ví dụ [21.03, 105.85]",
            "coordinates must be finite numbers, e.g. [21.03, 105.85]",
        )
    if lat_min <= lat <= lat_max and lon_min <= lon <= lon_max:
        return None
    if lat_min <= lon <= lat_max and lon_min <= lat <= lon_max:
        return (
            f"tọa độ bị viết ngược: vĩ độ trước, kinh độ sau; viết [{lon:g}, {lat:g}]",
            f"the coordinates are swapped: latitude first, then longitude; write [{lon:g}, {lat:g}]",
        )
    return (
        f"tọa độ [{lat:g}, {lon:g}] nằm ngoài Việt Nam ({box_vi}); viết [vĩ độ, kinh độ]",
        f"the coordinates [{lat:g}, {lon:g}] are outside Vietnam ({box_en}); write [latitude, longitude]",
    )


# Top-level fields only one kind of record has: a file with the other kind's fields is in the wrong folder.
_ONLY = {
    "product": {"stars", "group", "producer", "images", "certificate", "origin", "price", "buy", "traceability"},
    "producer": {"kind", "address", "contacts", "representative"},
}
_FOLDER = {"product": ("san-pham", "sản phẩm", "product"), "producer": ("chu-the", "chủ thể", "producer")}


def _other_kind(record: Record, kind: str) -> Problem | None:
    """A product record in chu-the/ (or the reverse): one message, not a pile of schema errors."""
    if kind == "lot":
        return None
    other = "producer" if kind == "product" else "product"
    keys = set(record.data)
    theirs = sorted(keys & _ONLY[other])
    if len(theirs) < 2 or keys & _ONLY[kind]:
        return None
    folder, vi, en = _FOLDER[other]
    return Problem(
        record.path,
        1,
        1,
        "",
        f"đây là hồ sơ {vi} (có {', '.join(theirs)}) nhưng nằm trong {_FOLDER[kind][0]}/; chuyển tệp sang thư mục "
        f"{folder}/ của tỉnh",
        f"this is a {en} record (it has {', '.join(theirs)}) but it is in {_FOLDER[kind][0]}/; move it to the "
        f"province's {folder}/ folder",
    )


def check_unfilled(record: Record, texts: list[tuple[Key, str]]) -> list[Problem]:
    """Values a new record still holds in place of real information (``ocop new`` marks them all)."""
    problems = []
    for key, text in texts:
        if FILL_MARK in text:
            problems.append(
                at(
                    record,
                    key,
                    dotted(key),
                    f"còn chỗ '{FILL_MARK}' chưa thay bằng thông tin thật ({text[:60]})",
                    f"a '{FILL_MARK}' (to fill in) placeholder is still here ({text[:60]})",
                )
            )
        elif key[:1] == ("images",) and text.rsplit("/", 1)[-1].lower().startswith(FILL_PHOTO):
            problems.append(
                at(
                    record,
                    key,
                    dotted(key),
                    f"'{text}' là ảnh minh họa tạm của hồ sơ mới; thay bằng ảnh chụp thật và sửa tên ảnh ở đây",
                    f"'{text}' is a new record's stand-in picture; put a real photo in its place and its name here",
                )
            )
    return problems


def check_english(record: Record, kind: str) -> list[Problem]:
    """A record's ``en:`` mapping: English that translates no Vietnamese field, or copies it."""
    return [at(record, key, dotted(key), vi, en) for key, vi, en in english_problems(record.data, kind)]


def at(record: Record, key: Key, field: str, vi: str, en: str) -> Problem:
    """A problem at ``key``'s position; positions are looked up only when there is a problem."""
    line, col = record.where(key)
    return Problem(record.path, line, col, field, vi, en)


def check_local(record: Record, kind: str) -> list[Problem]:
    """The checks that depend on one file's content only (so their result can be cached).

    Field names come first: an unknown field with a hidden character is explained by the character."""
    misplaced = _other_kind(record, kind)
    if misplaced:
        return [misplaced]
    schema = check_schema(record, kind)  # first: it gives back typed text ("01") that the text rules read
    keys, texts = contents(record.data)
    return (
        check_keys(record, keys)
        + check_unfilled(record, texts)  # before the schema: "to fill in" says more than "must be a number"
        + schema
        + check_text(record, texts)
        + check_links(record, kind, texts)
        + check_values(record, kind)
        + check_english(record, kind)
    )
