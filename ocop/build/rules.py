"""The rules that need more than one record's text: dates against today, photos, other records."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.dates import CERTIFICATE_MONTHS, EARLIEST_CERTIFICATE, certificate_end, loose_date_start, parse_date
from ..domain.fold import fold
from ..domain.problems import Problem
from ..domain.schema import DATE_PATTERN, LOOSE_DATE_PATTERN, NATIONAL_ISSUERS, SCORE_PARTS, TIME_PATTERN
from ..domain.units import units
from .discover import PRODUCER_DIR, SourceFile
from .load import Key, Record, dotted
from .photos import check_document, check_image
from .validate import at, check_local

ImageChecker = Callable[[Path, str], list[tuple[str, str]]]


def score_band(stars: int) -> tuple[int, int]:
    return {3: (50, 69), 4: (70, 89), 5: (90, 100)}[stars]


class Found:
    """The problems found in one record, each placed at its field's line."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self.problems: list[Problem] = []

    def add(self, key: Key, vi: str, en: str, *, of_key: bool = False) -> None:
        line, col = self.record.where(key, of_key=of_key)
        self.problems.append(Problem(self.record.path, line, col, dotted(key), vi, en))

    def real_date(self, key: Key, text: Any) -> dt.date | None:
        """The date written at ``key``, or None; a well-formed date that does not exist is a problem
        (a malformed one is the schema's to explain)."""
        if not isinstance(text, str):
            return None
        day = parse_date(text)
        if day is None and re.match(DATE_PATTERN, text):
            self.add(key, f"ngày {text} không có thật", f"{text} is not a real date")
        return day


# --- one product's own rules ------------------------------------------------------------------


def _certificate(found: Found, cert: dict[str, Any], stars: Any, today: dt.date) -> dt.date | None:
    """Issue and expiry dates, and the score against the stars; returns the issue date."""
    issued = found.real_date(("certificate", "date"), cert.get("date"))
    if issued and issued > today:
        found.add(
            ("certificate", "date"),
            f"ngày cấp {issued} ở tương lai (hôm nay là {today})",
            f"issue date {issued} is in the future (today is {today})",
        )
    if issued and issued < EARLIEST_CERTIFICATE:
        found.add(
            ("certificate", "date"),
            f"ngày cấp {issued} trước khi Chương trình OCOP bắt đầu (2018)",
            f"issue date {issued} is before the OCOP programme began (2018)",
        )
    until = found.real_date(("certificate", "valid_until"), cert.get("valid_until"))
    if issued and issued.year > dt.MAXYEAR - 4:
        issued = None  # already "in the future"; 36 months later would be past the calendar's end
    if until and issued and until <= issued:
        found.add(
            ("certificate", "valid_until"),
            "ngày hết hạn phải sau ngày cấp",
            "the expiry date must be after the issue date",
        )
    elif until and issued and until > certificate_end(issued):
        found.add(
            ("certificate", "valid_until"),
            f"giấy chứng nhận OCOP có hiệu lực tối đa {CERTIFICATE_MONTHS} tháng (đến {certificate_end(issued)})",
            f"an OCOP certificate is valid for at most {CERTIFICATE_MONTHS} months (until {certificate_end(issued)})",
        )
    score = cert.get("score") if isinstance(cert.get("score"), dict) else None
    if score and isinstance(score.get("total"), int):
        _score(found, score, stars if stars in (3, 4, 5) else None)
    return issued


def _score(found: Found, score: dict[str, Any], stars: int | None) -> None:
    total = score["total"]
    if stars is not None:
        low, high = score_band(stars)
        if not low <= total <= high:
            found.add(
                ("certificate", "score", "total"),
                f"{total} điểm không khớp hạng {stars} sao (hạng {stars} sao: {low}–{high} điểm)",
                f"a score of {total} does not match {stars} stars ({stars} stars: {low}–{high} points)",
            )
    missing = [p for p in "abc" if p not in score]
    if len(missing) in (1, 2):
        # Two parts of three say nothing checkable: the total cannot be compared with their sum.
        found.add(
            ("certificate", "score"),
            f"điểm đã ghi phần {', '.join(p for p in 'abc' if p in score)} thì phải ghi đủ cả ba phần a, b, c "
            f"(thiếu: {', '.join(missing)})",
            f"a score with part {', '.join(p for p in 'abc' if p in score)} needs all three parts a, b and c "
            f"(missing: {', '.join(missing)})",
            of_key=True,
        )
    parts = [score.get(p) for p in "abc"]
    if all(isinstance(p, int) for p in parts) and sum(parts) != total:  # type: ignore[arg-type]
        found.add(
            ("certificate", "score", "total"),
            f"tổng điểm {total} khác tổng các phần A+B+C = {sum(parts)}",  # type: ignore[arg-type]
            f"total {total} differs from the sum of parts A+B+C = {sum(parts)}",  # type: ignore[arg-type]
        )
    if isinstance(score.get("criteria"), list):
        _criteria(found, score)


def _criteria(found: Found, score: dict[str, Any]) -> None:
    """Per-criterion scores: each within its maximum, and each part's criteria adding up to the part."""
    sums: dict[str, float] = {}
    for i, c in enumerate(score["criteria"]):
        if not (
            isinstance(c, dict) and isinstance(c.get("score"), (int, float)) and isinstance(c.get("max"), (int, float))
        ):
            continue
        if c["score"] > c["max"]:
            found.add(
                ("certificate", "score", "criteria", i, "score"),
                f"điểm {c['score']:g} lớn hơn điểm tối đa {c['max']:g} của tiêu chí",
                f"a score of {c['score']:g} is above the criterion's maximum of {c['max']:g}",
            )
        if c.get("part") in SCORE_PARTS:
            sums[c["part"]] = sums.get(c["part"], 0) + c["score"]
    for part, total in sums.items():
        given = score.get(part)
        if isinstance(given, int) and abs(total - given) > 1e-9:
            found.add(
                ("certificate", "score", part),
                f"các tiêu chí phần {part.upper()} cộng lại được {total:g} điểm, khác điểm phần {part.upper()} = {given}",
                f"the criteria of part {part.upper()} add up to {total:g}, not the part's {given}",
            )


def _issuer(found: Found, cert: dict[str, Any], stars: Any) -> None:
    """A 5-star certificate is the Ministry's (QĐ 148/QĐ-TTg: the central council assesses, the Ministry recognises)."""
    issuer = cert.get("issuer")
    if stars == 5 and isinstance(issuer, str) and not any(n in fold(issuer) for n in NATIONAL_ISSUERS):
        found.add(
            ("certificate", "issuer"),
            f"sản phẩm 5 sao do Bộ công nhận (Bộ Nông nghiệp và Môi trường; trước 3/2025: Bộ Nông nghiệp và Phát "
            f"triển nông thôn), không phải '{issuer}'; kiểm tra lại hạng sao hoặc cơ quan cấp",
            f"a 5-star product is recognised by the Ministry (Bộ Nông nghiệp và Môi trường; before March 2025: "
            f"Bộ Nông nghiệp và Phát triển nông thôn), not '{issuer}'; check the stars or the issuer",
        )


def _withdrawal(found: Found, d: dict[str, Any], issued: dt.date | None, today: dt.date) -> None:
    status = d.get("status", "active")
    withdrawn = d.get("withdrawn")
    if status == "withdrawn" and not isinstance(withdrawn, dict):
        found.add(
            ("status",),
            "sản phẩm đã thu hồi cần mục 'withdrawn' với ngày (date) và lý do (reason)",
            "a withdrawn product needs 'withdrawn' with a date and a reason",
        )
    if status != "withdrawn" and withdrawn is not None:
        found.add(
            ("withdrawn",),
            "có mục 'withdrawn' nhưng 'status' chưa là withdrawn",
            "'withdrawn' is given but 'status' is not withdrawn",
        )
    if not isinstance(withdrawn, dict):
        return
    wd = found.real_date(("withdrawn", "date"), withdrawn.get("date"))
    if wd and wd > today:
        found.add(("withdrawn", "date"), "ngày thu hồi ở tương lai", "the withdrawal date is in the future")
    elif wd and issued and wd < issued:
        found.add(("withdrawn", "date"), "ngày thu hồi trước ngày cấp", "withdrawn before the certificate was issued")


def _traceability(found: Found, steps: list[Any], today: dt.date) -> None:
    """Steps in time order, each time real and not in the future."""
    previous: dt.date | None = None
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        for part in ("date", "until"):
            text = step.get(part)
            if not isinstance(text, str) or not re.match(LOOSE_DATE_PATTERN, text):
                continue  # the schema already explained the format
            start = loose_date_start(text)
            if start is None:
                found.add(("traceability", i, part), f"thời gian {text} không có thật", f"{text} is not a real date")
                continue
            if start > today:
                found.add(("traceability", i, part), f"thời gian {text} ở tương lai", f"{text} is in the future")
            if part == "date":
                if previous and start < previous:
                    found.add(
                        ("traceability", i, "date"),
                        "các công đoạn phải xếp theo thứ tự thời gian",
                        "traceability steps must be in time order",
                    )
                previous = start
            elif previous and start < previous:
                found.add(("traceability", i, "until"), "'until' phải sau 'date'", "'until' must be after 'date'")


def check_product_rules(record: Record, today: dt.date) -> list[Problem]:
    """One product's rules that need today's date: the certificate, a withdrawal, the traceability steps."""
    d = record.data
    found = Found(record)
    cert = d.get("certificate") if isinstance(d.get("certificate"), dict) else {}
    issued = _certificate(found, cert, d.get("stars"), today)
    _issuer(found, cert, d.get("stars"))
    _withdrawal(found, d, issued, today)
    _traceability(found, d.get("traceability") if isinstance(d.get("traceability"), list) else [], today)
    return found.problems


def _lot_time(found: Found, key: Key, text: Any, today: dt.date) -> dt.datetime | None:
    if not isinstance(text, str) or not re.match(TIME_PATTERN, text):
        return None  # the schema explained the form
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        found.add(key, f"thời điểm {text} không có thật", f"{text} is not a real time")
        return None
    if when.date() > today:
        found.add(
            key, f"thời điểm {text} ở tương lai (hôm nay là {today})", f"{text} is in the future (today is {today})"
        )
    return when


def check_lot_rules(record: Record, today: dt.date) -> list[Problem]:
    """One lot's dates: made before today, best-before and expiry after it, events and a recall in time."""
    d, found = record.data, Found(record)
    produced = found.real_date(("produced",), d.get("produced"))
    if produced and produced > today:
        found.add(
            ("produced",), f"ngày sản xuất {produced} ở tương lai", f"production date {produced} is in the future"
        )
    for name, vi in (("best_before", "sử dụng tốt nhất trước"), ("expiry", "hạn sử dụng")):
        day = found.real_date((name,), d.get(name))
        if day and produced and day <= produced:
            found.add(
                (name,), f"ngày {vi} phải sau ngày sản xuất {produced}", f"{name} must be after production ({produced})"
            )
    for i, event in enumerate(d.get("events") if isinstance(d.get("events"), list) else []):
        if isinstance(event, dict):
            _lot_time(found, ("events", i, "time"), event.get("time"), today)
    events = d.get("events") if isinstance(d.get("events"), list) else []
    if isinstance(d.get("recipient"), dict) and not any(
        isinstance(e, dict) and e.get("step") == "shipping" for e in events
    ):
        found.add(
            ("recipient",),
            "có nơi nhận nhưng chưa có công đoạn xuất hàng (step: shipping) cho biết lô rời đi khi nào, từ đâu",
            "a recipient is given but no shipping event (step: shipping) says when and where the lot left",
            of_key=True,
        )
    recall = d.get("recall")
    if isinstance(recall, dict):
        day = found.real_date(("recall", "date"), recall.get("date"))
        if day and day > today:
            found.add(("recall", "date"), "ngày thu hồi lô ở tương lai", "the recall date is in the future")
        elif day and produced and day < produced:
            found.add(("recall", "date"), "ngày thu hồi trước ngày sản xuất", "recalled before it was produced")
    return found.problems


# --- rules across records --------------------------------------------------------------------
# A catalogue is checked a province at a time (catalogue.py): each record's own rules run as its
# province is read, and what needs other records runs at the end on ``Ref``s, each record's ids
# and references alone. At 20,000 products every record's data held at once took ~300 MB.

REF_FIELDS = ("id", "gtin", "code", "product", "producer", "inputs")


@dataclass(frozen=True, slots=True)
class Ref:
    """What the rules across records read of one record: its file, and its ids and references."""

    source: SourceFile
    data: dict[str, Any]

    @property
    def record(self) -> Record:
        """The record, for a problem's position: found again from the file, only when there is one."""
        return Record(path=self.source.display, data=self.data, source=self.source.path)


def _lot_places(record: Record) -> list[Problem]:
    """The communes a lot's events and recipient name are in the 2025 list."""
    d = record.data
    places: list[tuple[Key, Any]] = [
        (("events", i, "place", "commune"), e["place"].get("commune"))
        for i, e in enumerate(d.get("events") if isinstance(d.get("events"), list) else [])
        if isinstance(e, dict) and isinstance(e.get("place"), dict)
    ]
    if isinstance(d.get("recipient"), dict):
        places.append((("recipient", "commune"), d["recipient"].get("commune")))
    return [
        at(
            record,
            key,
            dotted(key),
            f"mã xã/phường '{code}' không có trong danh mục 2025 (34 tỉnh, 3.321 xã)",
            f"commune code '{code}' is not in the 2025 list",
        )
        for key, code in places
        if isinstance(code, str) and re.fullmatch(r"\d{5}", code) and code not in units().communes
    ]


def _lot_refs(ref: Ref, by_id: dict[str, Ref]) -> list[Problem]:
    """A lot's product exists, is a product of the same province; its inputs name real products and lots."""
    out, d = [], ref.data
    pid = d.get("product")
    target = by_id.get(pid) if isinstance(pid, str) else None
    if isinstance(pid, str) and (target is None or target.source.kind != "product"):
        out.append(
            at(
                ref.record,
                ("product",),
                "product",
                f"không có sản phẩm mã '{pid}'",
                f"there is no product with id '{pid}'",
            )
        )
    elif target is not None and target.source.province != ref.source.province:
        province = target.source.province
        out.append(
            at(
                ref.record,
                ("product",),
                "product",
                f"lô phải nằm trong thư mục của tỉnh có sản phẩm ({province}/san-pham/lo/)",
                f"a lot belongs in its product's province folder ({province}/san-pham/lo/)",
            )
        )
    for i, item in enumerate(d.get("inputs") if isinstance(d.get("inputs"), list) else []):
        if not isinstance(item, dict):
            continue
        for field, kind in (("product", "product"), ("lot", "lot")):
            named = item.get(field)
            if isinstance(named, str) and (named not in by_id or by_id[named].source.kind != kind):
                out.append(
                    at(
                        ref.record,
                        ("inputs", i, field),
                        f"inputs[{i + 1}].{field}",
                        f"không có {'sản phẩm' if kind == 'product' else 'lô'} mã '{named}' trong danh mục",
                        f"there is no {kind} with id '{named}' in the catalogue",
                    )
                )
        lot, product = item.get("lot"), item.get("product")
        if (
            isinstance(lot, str)
            and isinstance(product, str)
            and lot in by_id
            and by_id[lot].data.get("product") != product
        ):
            out.append(
                at(
                    ref.record,
                    ("inputs", i, "lot"),
                    f"inputs[{i + 1}].lot",
                    f"lô '{lot}' không thuộc sản phẩm '{product}'",
                    f"lot '{lot}' is not a lot of product '{product}'",
                )
            )
    return out


def _same_identifiers(refs: list[Ref]) -> list[Problem]:
    """A GTIN names one product; a lot number is used once per product (each is a Digital Link address)."""
    out: list[Problem] = []
    seen: dict[tuple[str, ...], Ref] = {}
    for ref in refs:
        d = ref.data
        if ref.source.kind == "product" and isinstance(d.get("gtin"), str):
            key: tuple[str, ...] = ("gtin", d["gtin"].zfill(14))
            field: Key = ("gtin",)
        elif ref.source.kind == "lot" and isinstance(d.get("code"), str) and isinstance(d.get("product"), str):
            key, field = ("lot", d["product"], d["code"]), ("code",)
        else:
            continue
        if key in seen:
            first = seen[key]
            fline, _ = first.record.where(field)
            what_vi, what_en = ("GTIN", "GTIN") if key[0] == "gtin" else ("số lô", "lot number")
            out.append(
                at(
                    ref.record,
                    field,
                    dotted(field),
                    f"{what_vi} '{key[-1]}' đã dùng ở {first.source.display}:{fline}",
                    f"the {what_en} '{key[-1]}' is already used in {first.source.display}:{fline}",
                )
            )
        seen.setdefault(key, ref)
    return out


def _documents(
    source: SourceFile, record: Record, checks: dict[tuple[Path, str], list[tuple[str, str]]]
) -> list[Problem]:
    """Files a record names as evidence or as its decision, in the province's san-pham/tai-lieu/."""
    d, out = record.data, []
    folder = source.path.parent.parent if source.kind == "lot" else source.path.parent
    named: list[tuple[Key, Any]] = []
    cert = d.get("certificate")
    if isinstance(cert, dict):
        named.append((("certificate", "document"), cert.get("document")))
    for i, event in enumerate(d.get("events") if isinstance(d.get("events"), list) else []):
        if isinstance(event, dict):
            named.append((("events", i, "evidence"), event.get("evidence")))
    for key, name in named:
        if isinstance(name, str) and name.startswith("tai-lieu/"):
            if (folder, name) not in checks:
                checks[(folder, name)] = check_document(folder, name)
            out += [at(record, key, dotted(key), vi, en) for vi, en in checks[(folder, name)]]
    return out


def _images(
    source: SourceFile, record: Record, checker: ImageChecker, checks: dict[tuple[Path, str], list[tuple[str, str]]]
) -> list[Problem]:
    """The photos a product names: each a real photo in its folder (many products share one)."""
    out: list[Problem] = []
    images = record.data.get("images")
    folder = source.path.parent
    for i, name in enumerate(images if isinstance(images, list) else []):
        if not isinstance(name, str):
            continue
        found = checks.get((folder, name))
        if found is None:
            found = checks[(folder, name)] = checker(folder, name)
        out += [at(record, ("images", i), f"images[{i + 1}]", vi, en) for vi, en in found]
    return out


def _unique_ids(refs: list[Ref]) -> tuple[dict[str, Ref], list[Problem]]:
    by_id: dict[str, Ref] = {}
    out = []
    for ref in refs:
        rid = ref.data.get("id")
        if not isinstance(rid, str):
            continue
        if rid not in by_id:
            by_id[rid] = ref
            continue
        first = by_id[rid]
        fline, _ = first.record.where(("id",))
        out.append(
            at(
                ref.record,
                ("id",),
                "id",
                f"mã '{rid}' đã được dùng ở {first.source.display}:{fline}; mỗi mã chỉ dùng một lần, mãi mãi",
                f"id '{rid}' is already used in {first.source.display}:{fline}; an id is used once, forever",
            )
        )
    return by_id, out


def _place(source: SourceFile, record: Record) -> list[Problem]:
    """The commune is in the 2025 list, and in the province whose folder holds the record."""
    key: Key = ("origin", "commune") if source.kind == "product" else ("address", "commune")
    container = record.data.get(key[0])
    code = container.get("commune") if isinstance(container, dict) else None
    if not (isinstance(code, str) and len(code) == 5 and code.isdigit()):
        return []
    commune = units().communes.get(code)
    if commune is None:
        return [
            at(
                record,
                key,
                dotted(key),
                f"mã xã/phường '{code}' không có trong danh mục 2025 (34 tỉnh, 3.321 xã); xã cũ đã sáp nhập có mã mới",
                f"commune code '{code}' is not in the 2025 list; communes merged in 2025 have new codes",
            )
        ]
    if commune.province.slug != source.province:
        return [
            at(
                record,
                key,
                dotted(key),
                f"{commune.name} thuộc {commune.province.name}, không thuộc thư mục '{source.province}'",
                f"{commune.name} is in {commune.province.name}, not in folder '{source.province}'",
            )
        ]
    return []


def _producer_ref(of: Ref, by_id: dict[str, Ref]) -> list[Problem]:
    record, ref = of.record, of.data.get("producer")
    if not isinstance(ref, str):
        return []
    target = by_id.get(ref)
    if target is None:
        known = [i for i, r in by_id.items() if r.source.kind == "producer"]
        hint = difflib.get_close_matches(ref, known, n=1)
        vi_hint = f"; có phải '{hint[0]}'?" if hint else ""
        en_hint = f"; did you mean '{hint[0]}'?" if hint else ""
        return [
            at(
                record,
                ("producer",),
                "producer",
                f"không có chủ thể mã '{ref}' trong thư mục {PRODUCER_DIR}/{vi_hint}",
                f"no producer with id '{ref}' in a {PRODUCER_DIR}/ folder{en_hint}",
            )
        ]
    if target.source.kind != "producer":
        return [
            at(
                record,
                ("producer",),
                "producer",
                f"'{ref}' là một sản phẩm, không phải chủ thể",
                f"'{ref}' is a product, not a producer",
            )
        ]
    return []


class Rules:
    """Every rule over a catalogue read a province at a time: ``each`` as each record is read, and
    ``across`` once, at the end, on the small index ``each`` kept."""

    def __init__(self, today: dt.date, image_checker: ImageChecker = check_image) -> None:
        self.today = today
        self.image_checker = image_checker
        self.refs: list[Ref] = []
        self._images: dict[tuple[Path, str], list[tuple[str, str]]] = {}  # many products share a photo
        self._documents: dict[tuple[Path, str], list[tuple[str, str]]] = {}

    def each(self, source: SourceFile, record: Record, local: list[Problem] | None = None) -> list[Problem]:
        """One record's problems that need no other record. ``local`` holds check_local's result
        when the caller already has it (from the cache)."""
        d = record.data
        self.refs.append(Ref(source, {k: d[k] for k in REF_FIELDS if k in d}))
        out = local if local is not None else check_local(record, source.kind)
        if source.kind == "product":
            out = out + check_product_rules(record, self.today)
        elif source.kind == "lot":
            out = out + check_lot_rules(record, self.today) + _lot_places(record)
        out = out + _place(source, record) + _documents(source, record, self._documents)
        if source.kind == "product":
            out += _images(source, record, self.image_checker, self._images)
        return out

    def across(self) -> list[Problem]:
        """The rules that need other records: unique ids and identifiers, and references."""
        by_id, out = _unique_ids(self.refs)
        out += _same_identifiers(self.refs)
        for ref in self.refs:
            if ref.source.kind == "lot":
                out += _lot_refs(ref, by_id)
            elif ref.source.kind == "product":
                out += _producer_ref(ref, by_id)
        return out


def one_per_field(problems: list[Problem]) -> list[Problem]:
    """One message per field and line: when the form is wrong, the later rules about the same value
    would only repeat it in other words."""
    kept: dict[tuple[str, int, str], Problem] = {}
    for p in problems:
        kept.setdefault((p.path, p.line, p.field), p)
    return list(kept.values())


def check_records(
    files: list[SourceFile],
    loaded: list[Record],
    today: dt.date,
    local: list[list[Problem]] | None = None,
    image_checker: ImageChecker = check_image,
) -> list[Problem]:
    """All per-record and cross-record checks over records that parsed, all at once."""
    rules = Rules(today, image_checker)
    problems = [
        p
        for i, (source, record) in enumerate(zip(files, loaded, strict=True))
        for p in rules.each(source, record, local[i] if local is not None else None)
    ]
    return one_per_field(problems + rules.across())
