"""The rules that need more than one record's text: dates against today, photos, other records."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from pathlib import Path

from ..domain.dates import CERTIFICATE_MONTHS, EARLIEST_CERTIFICATE, certificate_end, loose_date_start, parse_date
from ..domain.problems import Problem
from ..domain.schema import DATE_PATTERN, LOOSE_DATE_PATTERN
from ..domain.units import units
from .discover import PRODUCER_DIR, SourceFile
from .load import Key, Record, dotted
from .photos import check_image
from .validate import at, check_local


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
        elif issued and until > certificate_end(issued):
            problem(
                ("certificate", "valid_until"),
                f"giấy chứng nhận OCOP có hiệu lực tối đa {CERTIFICATE_MONTHS} tháng (đến {certificate_end(issued)})",
                f"an OCOP certificate is valid for at most {CERTIFICATE_MONTHS} months (until {certificate_end(issued)})",
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
