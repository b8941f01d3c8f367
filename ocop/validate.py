"""Checking records: the schema, the text rules, and the rules across records.

Every problem is collected, never just the first, so an officer fixes a whole pull
request in one round. Each message names the field and says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .images import check_image
from .load import Key, Record, dotted
from .problems import Problem
from .schema import DATE_PATTERN, GROUPS, LOOSE_DATE_PATTERN, PRODUCER_KINDS, SCHEMAS, SHOP_KINDS
from .text import html_in, invisible_char, links_in
from .units import units

PRODUCT_DIR = "san-pham"
PRODUCER_DIR = "chu-the"
KIND_OF_DIR = {PRODUCT_DIR: "product", PRODUCER_DIR: "producer"}
TEXT_FIELDS = {"description", "ingredients", "details"}  # where Markdown is allowed
CERTIFICATE_MONTHS = 36
EARLIEST_CERTIFICATE = dt.date(2018, 1, 1)  # the national OCOP programme started in 2018

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


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str
    kind: str  # "product" or "producer"
    province: str  # folder slug


def display_path(path: Path) -> str:
    """Show paths relative to the working directory when they are under it, as git does."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def discover(products_dir: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Find record files: products/<province>/{san-pham,chu-the}/*.yml."""
    files: list[SourceFile] = []
    problems: list[Problem] = []
    known = units().provinces
    prefix = display_path(products_dir)  # once: resolving every file's path is slow at 30,000 files
    found: list[tuple[tuple[str, ...], str]] = []
    # os.walk and string sorting: pathlib's rglob and Path ordering cost seconds at national scale.
    for folder, _dirs, names in os.walk(products_dir):
        rel_folder = os.path.relpath(folder, products_dir)
        parts = () if rel_folder == "." else tuple(rel_folder.split(os.sep))
        found += [((*parts, n), os.path.join(folder, n)) for n in names if n.endswith((".yml", ".yaml"))]
    found.sort()
    for rel, name in found:
        path = Path(name)
        shown = "/".join((prefix, *rel))
        if os.path.islink(name):
            problems.append(
                Problem(shown, 1, 1, "", "hồ sơ không được là liên kết tượng trưng", "a record must not be a symlink")
            )
            continue
        if len(rel) != 3 or rel[1] not in KIND_OF_DIR:
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"hồ sơ phải nằm trong <tỉnh>/{PRODUCT_DIR}/ hoặc <tỉnh>/{PRODUCER_DIR}/",
                    f"a record must be in <province>/{PRODUCT_DIR}/ or <province>/{PRODUCER_DIR}/",
                )
            )
            continue
        if rel[0] not in known:
            hint = difflib.get_close_matches(rel[0], list(known), n=1)
            vi_hint = f"; có phải '{hint[0]}'?" if hint else ""
            en_hint = f"; did you mean '{hint[0]}'?" if hint else ""
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"thư mục tỉnh '{rel[0]}' không có trong danh sách 34 tỉnh, thành phố 2025{vi_hint}",
                    f"province folder '{rel[0]}' is not one of the 34 provinces of 2025{en_hint}",
                )
            )
            continue
        files.append(SourceFile(path, shown, KIND_OF_DIR[rel[1]], rel[0]))
    return files, problems


# --- schema -----------------------------------------------------------------------------------


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
    line, col = record.where(key)
    if "x-vi" in err.schema and v != "type":
        shown = err.instance if isinstance(err.instance, (str, int, float)) else ""
        got = f" (đang ghi: {shown!r})" if shown != "" else ""
        got_en = f" (found: {shown!r})" if shown != "" else ""
        return Problem(record.path, line, col, field, err.schema["x-vi"] + got, err.schema["x-en"] + got_en)
    if v == "enum":
        choices = err.validator_value
        labels = {**{k: v[1] for k, v in GROUPS.items()}, **{k: v[0] for k, v in PRODUCER_KINDS.items()}}
        labels.update({k: v[0] for k, v in SHOP_KINDS.items()})
        shown = ", ".join(f"{c} ({labels[c]})" if c in labels else str(c) for c in choices)
        hint = difflib.get_close_matches(str(err.instance), [str(c) for c in choices], n=1)
        vi_hint = f"; có phải '{hint[0]}'?" if hint else ""
        en_hint = f"; did you mean '{hint[0]}'?" if hint else ""
        return Problem(
            record.path,
            line,
            col,
            field,
            f"giá trị {err.instance!r} không hợp lệ; chọn một trong: {shown}{vi_hint}",
            f"{err.instance!r} is not allowed; choose one of: {', '.join(map(str, choices))}{en_hint}",
        )
    if v == "type":
        want = err.validator_value if isinstance(err.validator_value, str) else err.validator_value[0]
        vi_hint = en_hint = ""
        if want == "integer" and isinstance(err.instance, str) and re.fullmatch(r"\d{1,3}([.,]\d{3})+", err.instance):
            plain = re.sub(r"\D", "", err.instance)
            vi_hint = f"; viết liền, không dấu chấm hay dấu phẩy: {plain}"
            en_hint = f"; write it without separators: {plain}"
        return Problem(
            record.path,
            line,
            col,
            field,
            f"phải là {_TYPE_VI.get(want, want)}{vi_hint}",
            f"must be {_TYPE_EN.get(want, want)}{en_hint}",
        )
    if v in ("minLength",) and err.validator_value == 1:
        return Problem(record.path, line, col, field, "không được để trống", "must not be empty")
    if v in ("maxLength", "minLength"):
        n = err.validator_value
        word_vi, word_en = ("tối đa", "at most") if v == "maxLength" else ("tối thiểu", "at least")
        return Problem(
            record.path,
            line,
            col,
            field,
            f"dài {len(err.instance)} ký tự; {word_vi} {n} ký tự",
            f"is {len(err.instance)} characters long; {word_en} {n}",
        )
    if v in ("minItems", "maxItems"):
        n = err.validator_value
        word_vi, word_en = ("tối đa", "at most") if v == "maxItems" else ("tối thiểu", "at least")
        return Problem(
            record.path, line, col, field, f"danh sách cần {word_vi} {n} mục", f"the list needs {word_en} {n} items"
        )
    if v in ("minimum", "maximum"):
        n = err.validator_value
        word_vi, word_en = ("tối đa", "at most") if v == "maximum" else ("tối thiểu", "at least")
        return Problem(
            record.path,
            line,
            col,
            field,
            f"giá trị {err.instance} không hợp lệ; {word_vi} {n}",
            f"{err.instance} is out of range; {word_en} {n}",
        )
    return Problem(
        record.path, line, col, field, f"giá trị không hợp lệ ({err.message})", f"invalid value ({err.message})"
    )


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


def check_text(record: Record) -> list[Problem]:
    problems = []
    for key, text in strings_in(record.data):
        field = dotted(key)
        bad = invisible_char(text)
        if bad:
            problems.append(
                at(
                    record,
                    key,
                    field,
                    f"có ký tự ẩn hoặc ký tự điều khiển ({bad}); hãy gõ lại đoạn chữ này",
                    f"contains an invisible or control character ({bad}); retype this text",
                )
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
        if key and key[-1] in TEXT_FIELDS:
            for offset, url in links_in(text):
                if not url.lower().startswith("https://"):
                    lline, lcol = record.where_in_text(key, offset, text)
                    problems.append(
                        Problem(
                            record.path,
                            lline,
                            lcol,
                            field,
                            f"liên kết '{url[:60]}' không an toàn; chỉ dùng địa chỉ bắt đầu bằng https://",
                            f"link '{url[:60]}' is not safe; only https:// addresses are allowed",
                        )
                    )
    return problems


# --- one record's own rules ------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def loose_date_start(text: str) -> dt.date | None:
    """2024 → 2024-01-01, 2024-05 → 2024-05-01, 2024-05-31 → itself; None when not a real date."""
    parts = text.split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the 31st becomes the month's last day when needed."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def score_band(stars: int) -> tuple[int, int]:
    return {3: (50, 69), 4: (70, 89), 5: (90, 100)}[stars]


def check_product_rules(record: Record, today: dt.date) -> list[Problem]:
    d = record.data
    out: list[Problem] = []

    def problem(key: Key, vi: str, en: str) -> None:
        line, col = record.where(key)
        out.append(Problem(record.path, line, col, dotted(key), vi, en))

    cert = d.get("certificate") if isinstance(d.get("certificate"), dict) else {}
    issued = parse_date(cert.get("date", "")) if isinstance(cert.get("date"), str) else None
    if isinstance(cert.get("date"), str) and issued is None and re.match(DATE_PATTERN, cert["date"]):
        problem(("certificate", "date"), f"ngày {cert['date']} không có thật", f"{cert['date']} is not a real date")
    if issued:
        if issued > today:
            problem(
                ("certificate", "date"),
                f"ngày cấp {issued} ở tương lai (hôm nay là {today})",
                f"issue date {issued} is in the future (today is {today})",
            )
        if issued < EARLIEST_CERTIFICATE:
            problem(
                ("certificate", "date"),
                f"ngày cấp {issued} trước khi Chương trình OCOP bắt đầu (2018)",
                f"issue date {issued} is before the OCOP programme began (2018)",
            )
    until_text = cert.get("valid_until")
    if isinstance(until_text, str) and re.match(DATE_PATTERN, until_text):
        until = parse_date(until_text)
        if until is None:
            problem(
                ("certificate", "valid_until"), f"ngày {until_text} không có thật", f"{until_text} is not a real date"
            )
        elif issued and until <= issued:
            problem(
                ("certificate", "valid_until"),
                "ngày hết hạn phải sau ngày cấp",
                "the expiry date must be after the issue date",
            )
        elif issued and until > add_months(issued, CERTIFICATE_MONTHS):
            problem(
                ("certificate", "valid_until"),
                f"giấy chứng nhận OCOP có hiệu lực tối đa {CERTIFICATE_MONTHS} tháng (đến {add_months(issued, 36)})",
                f"an OCOP certificate is valid for at most {CERTIFICATE_MONTHS} months (until {add_months(issued, 36)})",
            )
    score = cert.get("score") if isinstance(cert.get("score"), dict) else None
    stars = d.get("stars")
    if score and isinstance(score.get("total"), int) and stars in (3, 4, 5):
        low, high = score_band(stars)
        total = score["total"]
        if not low <= total <= high:
            problem(
                ("certificate", "score", "total"),
                f"{total} điểm không khớp hạng {stars} sao (hạng {stars} sao: {low}–{high} điểm)",
                f"a score of {total} does not match {stars} stars ({stars} stars: {low}–{high} points)",
            )
        parts = [score.get(p) for p in "abc"]
        if all(isinstance(p, int) for p in parts) and sum(parts) != total:  # type: ignore[arg-type]
            problem(
                ("certificate", "score", "total"),
                f"tổng điểm {total} khác tổng các phần A+B+C = {sum(parts)}",  # type: ignore[arg-type]
                f"total {total} differs from the sum of parts A+B+C = {sum(parts)}",  # type: ignore[arg-type]
            )
    status = d.get("status", "active")
    withdrawn = d.get("withdrawn")
    if status == "withdrawn" and not isinstance(withdrawn, dict):
        problem(
            ("status",),
            "sản phẩm đã thu hồi cần mục 'withdrawn' với ngày (date) và lý do (reason)",
            "a withdrawn product needs 'withdrawn' with a date and a reason",
        )
    if status != "withdrawn" and withdrawn is not None:
        problem(
            ("withdrawn",),
            "có mục 'withdrawn' nhưng 'status' chưa là withdrawn",
            "'withdrawn' is given but 'status' is not withdrawn",
        )
    if isinstance(withdrawn, dict) and isinstance(withdrawn.get("date"), str):
        wd = parse_date(withdrawn["date"])
        if wd is None and re.match(DATE_PATTERN, withdrawn["date"]):
            problem(
                ("withdrawn", "date"),
                f"ngày {withdrawn['date']} không có thật",
                f"{withdrawn['date']} is not a real date",
            )
        elif wd is None:
            pass
        elif wd > today:
            problem(("withdrawn", "date"), "ngày thu hồi ở tương lai", "the withdrawal date is in the future")
        elif issued and wd < issued:
            problem(("withdrawn", "date"), "ngày thu hồi trước ngày cấp", "withdrawn before the certificate was issued")
    steps = d.get("traceability") if isinstance(d.get("traceability"), list) else []
    previous: dt.date | None = None
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        for part in ("date", "until"):
            text = step.get(part)
            if not isinstance(text, str):
                continue
            if not re.match(LOOSE_DATE_PATTERN, text):
                continue  # the schema already explained the format
            start = loose_date_start(text)
            if start is None:
                problem(("traceability", i, part), f"thời gian {text} không có thật", f"{text} is not a real date")
                continue
            if start > today:
                problem(("traceability", i, part), f"thời gian {text} ở tương lai", f"{text} is in the future")
            if part == "date":
                if previous and start < previous:
                    problem(
                        ("traceability", i, "date"),
                        "các công đoạn phải xếp theo thứ tự thời gian",
                        "traceability steps must be in time order",
                    )
                previous = start
            elif previous and start < previous:
                problem(("traceability", i, "until"), "'until' phải sau 'date'", "'until' must be after 'date'")
    return out


# --- rules across records --------------------------------------------------------------------


def at(record: Record, key: Key, field: str, vi: str, en: str) -> Problem:
    """A problem at ``key``'s position; positions are looked up only when there is a problem."""
    line, col = record.where(key)
    return Problem(record.path, line, col, field, vi, en)


ImageChecker = Callable[[Path, str], list[tuple[str, str]]]


def check_catalogue(
    records: list[tuple[SourceFile, Record]], image_checker: ImageChecker = check_image
) -> list[Problem]:
    """Rules that need more than one record: unique ids, references, places, images."""
    out: list[Problem] = []
    image_checks: dict[tuple[Path, str], list[tuple[str, str]]] = {}  # many products share a photo
    by_id: dict[str, tuple[SourceFile, Record]] = {}
    communes = units().communes
    for source, record in records:
        rid = record.data.get("id")
        if not isinstance(rid, str):
            continue
        if rid in by_id:
            first = by_id[rid][1]
            line, col = record.where(("id",))
            fline, _ = first.where(("id",))
            out.append(
                Problem(
                    record.path,
                    line,
                    col,
                    "id",
                    f"mã '{rid}' đã được dùng ở {first.path}:{fline}; mỗi mã chỉ dùng một lần, mãi mãi",
                    f"id '{rid}' is already used in {first.path}:{fline}; an id is used once, forever",
                )
            )
        else:
            by_id[rid] = (source, record)
    for source, record in records:
        d = record.data
        key: Key = ("origin", "commune") if source.kind == "product" else ("address", "commune")
        container = d.get(key[0])
        code = container.get("commune") if isinstance(container, dict) else None
        if isinstance(code, str) and len(code) == 5 and code.isdigit():
            commune = communes.get(code)
            if commune is None:
                out.append(
                    at(
                        record,
                        key,
                        dotted(key),
                        f"mã xã/phường '{code}' không có trong danh mục 2025 (34 tỉnh, 3.321 xã); xã cũ đã sáp nhập có mã mới",
                        f"commune code '{code}' is not in the 2025 list; communes merged in 2025 have new codes",
                    )
                )
            elif commune.province.slug != source.province:
                out.append(
                    at(
                        record,
                        key,
                        dotted(key),
                        f"{commune.name} thuộc {commune.province.name}, không thuộc thư mục '{source.province}'",
                        f"{commune.name} is in {commune.province.name}, not in folder '{source.province}'",
                    )
                )
        if source.kind != "product":
            continue
        ref = d.get("producer")
        if isinstance(ref, str):
            target = by_id.get(ref)
            if target is None:
                known = [i for i, (s, _) in by_id.items() if s.kind == "producer"]
                hint = difflib.get_close_matches(ref, known, n=1)
                vi_hint = f"; có phải '{hint[0]}'?" if hint else ""
                en_hint = f"; did you mean '{hint[0]}'?" if hint else ""
                out.append(
                    at(
                        record,
                        ("producer",),
                        "producer",
                        f"không có chủ thể mã '{ref}' trong thư mục {PRODUCER_DIR}/{vi_hint}",
                        f"no producer with id '{ref}' in a {PRODUCER_DIR}/ folder{en_hint}",
                    )
                )
            elif target[0].kind != "producer":
                out.append(
                    at(
                        record,
                        ("producer",),
                        "producer",
                        f"'{ref}' là một sản phẩm, không phải chủ thể",
                        f"'{ref}' is a product, not a producer",
                    )
                )
        images = d.get("images")
        if isinstance(images, list):
            folder = source.path.parent
            for i, name in enumerate(images):
                if not isinstance(name, str):
                    continue
                found = image_checks.get((folder, name))
                if found is None:
                    found = image_checks[(folder, name)] = image_checker(folder, name)
                for vi, en in found:
                    out.append(at(record, ("images", i), f"images[{i + 1}]", vi, en))
    return out


def check_local(record: Record, kind: str) -> list[Problem]:
    """The checks that depend on one file's content only (so their result can be cached)."""
    return check_schema(record, kind) + check_text(record)


def check_records(
    files: list[SourceFile],
    loaded: list[Record],
    today: dt.date,
    local: list[list[Problem]] | None = None,
    image_checker: ImageChecker = check_image,
) -> list[Problem]:
    """All per-record and cross-record checks over records that parsed.

    ``local`` holds check_local's results when the caller already has them (from the cache).
    """
    problems: list[Problem] = []
    pairs = []
    for i, (source, record) in enumerate(zip(files, loaded, strict=True)):
        problems += local[i] if local is not None else check_local(record, source.kind)
        if source.kind == "product":
            problems += check_product_rules(record, today)
        pairs.append((source, record))
    problems += check_catalogue(pairs, image_checker)
    # One message per field and line: when the form is wrong, the later rules about the same
    # value would only repeat it in other words.
    kept: dict[tuple[str, int, str], Problem] = {}
    for p in problems:
        kept.setdefault((p.path, p.line, p.field), p)
    return list(kept.values())
