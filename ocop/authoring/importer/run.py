"""The import of one list, row by row (``import_file``), and the check of the whole catalogue after it.

Each row goes through the same steps: is it a product row at all (or a section row such as
"I. NHÓM THỰC PHẨM" that sets the group of the rows under it), is it this province's, its stars and
group, where it was made, who made it, its certificate, is it already in the catalogue or twice in
the list. A row with any reason against it needs a person; a complete row becomes records, written
only when they pass the same checks as ``ocop check``. What the importer told by itself (an issuer
from the decision number, a group from the name, a source link left out) is kept with the row as a
remark, for the report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...build.catalogue import check
from ...build.discover import PRODUCER_DIR, PRODUCT_DIR
from ...build.settings import vietnam_today
from ...domain.schema import GROUPS, HTTPS_PATTERN
from ...domain.units import units
from ..placeholder import placeholder_jpeg
from ..scaffold import IMAGE_DIR, RandomSource, catalogue_ids, fresh_id
from .cells import heading, heading_words, parse_date, parse_decision, parse_group, parse_stars, section_group, text_of
from .gazetteer import gazetteer
from .infer import choose_group, code_host, implied_issuer, ministry, quoted
from .places import Place, commune_name, resolve_address
from .producers import ProducerMatch, existing_records, match_producer, name_key, producer_key
from .read import find_header, map_headers, read_rows
from .records import Certified, create, problems_of, producer_text, product_text
from .result import Defaults, ImportError_, ImportResult, NewProducer, Outcome, Reason


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
    """Turn a list into records under ``products_dir/province``; see the package docstring."""
    if province not in units().provinces:
        raise ImportError_(
            f"'{province}' không phải thư mục tỉnh (34 tỉnh, thành phố 2025), ví dụ vinh-long",
            f"'{province}' is not a province folder (the 34 provinces of 2025), e.g. vinh-long",
        )
    today = today or vietnam_today()
    defaults = _checked(defaults or Defaults())
    mapping = mapping or {}
    rows = read_rows(path, sheet, mapping)
    header_at = _header_row(rows, mapping)
    columns = map_headers(rows[header_at][1], mapping)
    run = _Import(path, province, products_dir, defaults, today, dry_run, rng, set(published))
    for number, cells in rows[header_at + 1 :]:
        run.row(number, cells, columns)
    if not dry_run and run.written:
        _verify(run.result, products_dir, today, run.written)
    return run.result


def _checked(defaults: Defaults) -> Defaults:
    """The list-wide values, with ``--group`` read like a group cell ("Thực phẩm" → food)."""
    if defaults.group is not None and defaults.group not in GROUPS:
        parsed = parse_group(defaults.group)
        if parsed is None:
            raise ImportError_(
                f"--group '{defaults.group}' không phải nhóm sản phẩm ({', '.join(GROUPS)})",
                f"--group '{defaults.group}' is not a product group ({', '.join(GROUPS)})",
            )
        defaults.group = parsed
    return defaults


def _header_row(rows: list[tuple[int, list[Any]]], mapping: dict[str, str]) -> int:
    header_at = find_header(rows, mapping)
    if header_at is None:
        seen = next((cells for _, cells in rows if any(text_of(c) for c in cells)), [])
        first = ", ".join(text_of(c) for c in seen if text_of(c))
        raise ImportError_(
            "không tìm thấy dòng tiêu đề có cột 'Tên sản phẩm' (và ít nhất một cột khác); các cột đầu tiên: "
            f"{first}. Dùng --map 'Tên cột=name,...'",
            "no header row with a product name column (and at least one more) was found; first cells: "
            f"{first}. Use --map 'Column=name,...'",
        )
    return header_at


class _Skip(Exception):
    """A row that is not this import's business, or already done: listed as skipped with its reason."""

    def __init__(self, reason: Reason, path: Path | None = None) -> None:
        super().__init__(reason[1])
        self.reason, self.path = reason, path


@dataclass
class _Certificate:
    number: str | None
    date: dt.date | None
    issuer: str | None
    source_url: str | None


class _Import:
    """One run: what it knows of the catalogue, and what it has decided and written so far."""

    def __init__(
        self,
        source: Path,
        province: str,
        products_dir: Path,
        defaults: Defaults,
        today: dt.date,
        dry_run: bool,
        rng: RandomSource | None,
        published: set[str],
    ) -> None:
        self.province, self.products_dir, self.defaults = province, products_dir, defaults
        self.today, self.dry_run, self.rng = today, dry_run, rng
        self.pname = units().provinces[province].name
        self.folder = products_dir / province / PRODUCT_DIR
        self.result = ImportResult(source, province, dry_run)
        self.existing = existing_records(products_dir, province)
        self.taken = catalogue_ids(products_dir) | published
        self.created: dict[str, NewProducer] = {}  # producer key → producer written by this run
        self.seen_rows: dict[tuple[str, str], int] = {}  # (name key, producer key) → row number
        self.section: str | None = None  # the group a section row gave to the rows under it
        self.heading: str | None = None  # a section heading that names no group outright ("II. RƯỢU, BIA")
        self.written: dict[Path, tuple[Outcome, list[Path]]] = {}  # product record → its outcome, files

    def row(self, number: int, cells: list[Any], columns: dict[int, str]) -> None:
        values = {f: (cells[i] if i < len(cells) else None) for i, f in columns.items()}
        texts = {f: text_of(v) for f, v in values.items()}
        if not any(text_of(c) for c in cells):
            return
        if all(re.fullmatch(r"\(?\d{1,2}\)?", text_of(c)) for c in cells if text_of(c)):
            return  # the "(1) (2) (3)…" row that numbers an annex's columns
        name = texts.get("name", "")
        if self._section_row(cells, name, texts):
            return
        out = Outcome(number, texts.get("row", ""), name, "person")
        try:
            self._product_row(out, values, texts)
        except _Skip as skip:
            out.status, out.reasons = "skipped", [skip.reason]
            out.path = skip.path or out.path
        self.result.outcomes.append(out)

    def _section_row(self, cells: list[Any], name: str, texts: dict[str, str]) -> bool:
        """A row with no producer and no stars that names a group ("I. NHÓM THỰC PHẨM"), or a heading
        with nothing else in its row ("II. RƯỢU, BIA", "B. SẢN PHẨM 3 SAO")."""
        if texts.get("producer") or texts.get("stars"):
            return False
        group = section_group([name] if name else cells)
        if group:
            self.section, self.heading = group, None
            return True
        if any(v for f, v in texts.items() if f not in ("row", "name")):
            return False
        text = heading(cells)
        if text is None:
            return False
        # A heading of another kind ends the previous group's section; its words may still suggest one.
        self.section, self.heading = None, text
        return True

    def _product_row(self, out: Outcome, values: dict[str, Any], texts: dict[str, str]) -> None:
        name, reasons = out.name, out.reasons
        if not name and not texts.get("producer") and not texts.get("stars"):
            raise _Skip(
                ("dòng không có tên sản phẩm (không phải dòng sản phẩm)", "no product name (not a product row)")
            )
        row_old_province = self._row_province(texts)
        if not name:
            reasons.append(("thiếu tên sản phẩm", "no product name"))
        stars = parse_stars(values.get("stars"))
        if stars not in (3, 4, 5):
            reasons.append(_stars_reason(texts.get("stars", "")))
        group = self._group(out, texts.get("group", ""))
        place = self._place(texts, row_old_province, reasons)
        out.commune, out.note = place.code, place.note
        producer = match_producer(texts.get("producer", ""), self.existing, self.created)
        reasons.extend(producer.reasons)
        out.producer = producer.id
        certificate = _certificate(values, texts, self.defaults, reasons)
        self._issuer(out, certificate, stars, place.old_province or row_old_province, place.code)
        certificate.source_url = _source(texts.get("source", ""), out)
        self._check_repeats(out, producer, reasons)
        if reasons:
            return
        assert stars is not None and group is not None and place.code is not None
        self._write(out, stars, group, place, producer, certificate)

    def _group(self, out: Outcome, group_text: str) -> str | None:
        """The row's group: its cell; else its section's, or --group; else what its name and its section
        heading suggest (``choose_group``). A name that suggests several groups is left to a person unless
        the heading picks one of them."""
        if group_text:
            group = parse_group(group_text)
            if group is None:
                out.reasons.append(
                    (f"không nhận ra nhóm sản phẩm '{group_text}'", f"product group '{group_text}' is not known")
                )
            return group
        if self.section or self.defaults.group:
            return self.section or self.defaults.group
        choice = choose_group(out.name, heading_words(self.heading) if self.heading else None)
        if choice.several:
            vi = "; ".join(f"{GROUPS[g][1]}: {quoted(choice.several, g)}" for g in choice.several)
            en = "; ".join(f"{g}: {quoted(choice.several, g)}" for g in choice.several)
            out.reasons.append(
                (
                    f"thiếu nhóm sản phẩm; tên gợi ý nhiều nhóm ({vi})",
                    f"no product group; the name suggests several ({en})",
                )
            )
        elif choice.group is None:
            out.reasons.append(("thiếu nhóm sản phẩm", "no product group"))
        else:
            where_vi, where_en = (
                (f"tiêu đề '{self.heading}'", f"the heading '{self.heading}'")
                if choice.heading
                else ("tên sản phẩm", "the product name")
            )
            out.remarks.append(
                (
                    f"nhóm '{GROUPS[choice.group][1]}' đoán từ {choice.words} trong {where_vi}",
                    f"group '{choice.group}' guessed from {choice.words} in {where_en}",
                )
            )
        return choice.group

    def _issuer(
        self, out: Outcome, certificate: _Certificate, stars: int | None, old_province: str | None, code: str | None
    ) -> None:
        """The issuer when the row does not name one: the Ministry for a 5-star product, --issuer, or the body
        the decision number names ("…/QĐ-UBND" in this province's list: its People's Committee)."""
        if certificate.issuer:
            return
        if stars == 5:  # recognised by the Ministry (QĐ 148/QĐ-TTg), under its name on the decision's date
            certificate.issuer = ministry(certificate.date)
            out.remarks.append(
                (f"cơ quan cấp '{certificate.issuer}' (sản phẩm 5 sao)", f"issuer '{certificate.issuer}' (5 stars)")
            )
            return
        if self.defaults.issuer:
            certificate.issuer = self.defaults.issuer
            return
        if code is not None:  # the old province the row's 2025 commune was in, when the address did not say
            old_province = old_province or gazetteer().old_province_of(code)
        implied = implied_issuer(certificate.number, certificate.date, self.province, old_province)
        if implied is None:
            out.reasons.append(
                (
                    "thiếu cơ quan cấp (cột 'Cơ quan cấp' hoặc --issuer)",
                    "no issuing body (an 'Cơ quan cấp' column or --issuer)",
                )
            )
        elif implied.issuer is None:
            out.reasons.append((implied.vi, implied.en))
        else:
            certificate.issuer = implied.issuer
            out.remarks.append(
                (
                    f"cơ quan cấp '{implied.issuer}' suy ra {implied.vi}",
                    f"issuer '{implied.issuer}' inferred {implied.en}",
                )
            )

    def _row_province(self, texts: dict[str, str]) -> str | None:
        """The old province a row's province column names; a row of another province is skipped."""
        if not texts.get("province"):
            return None
        slug, old = gazetteer().province(texts["province"])
        if slug is not None and slug != self.province:
            now = units().provinces[slug].name
            raise _Skip(
                (
                    f"thuộc {texts['province']} (nay là {now}), không thuộc {self.pname}",
                    f"belongs to {texts['province']} (now {now}), not {self.pname}",
                )
            )
        return old

    def _place(self, texts: dict[str, str], row_old_province: str | None, reasons: list[Reason]) -> Place:
        """The row's 2025 commune, from its commune code or else its address."""
        u = units()
        code = texts.get("commune_code")
        if code:
            place = Place()
            c = code.zfill(5)
            if c in u.communes and u.communes[c].province.slug == self.province:
                place.code, place.note = c, u.communes[c].name
            else:
                reasons.append(
                    (
                        f"mã xã/phường '{code}' không thuộc {self.pname} (danh mục 2025)",
                        f"commune code '{code}' is not in {self.pname} (2025 list)",
                    )
                )
            return place
        if "province" in texts and not texts["province"] and not texts.get("address"):
            # A list of several provinces (it has a province column): nothing tells whether the row is ours.
            reasons.append(
                (
                    f"dòng không có tỉnh (ô tỉnh và ô địa chỉ đều trống); chưa biết có thuộc {self.pname} không",
                    f"the row has no province (its province and address cells are empty); "
                    f"it may not be in {self.pname}",
                )
            )
            return Place()
        place = resolve_address(texts.get("address", ""), self.province, row_old_province)
        if place.other_province:
            other = u.provinces[place.other_province].name
            raise _Skip(
                (f"địa chỉ thuộc {other}, không thuộc {self.pname}", f"the address is in {other}, not in {self.pname}")
            )
        reasons.extend(place.reasons)
        return place

    def _check_repeats(self, out: Outcome, producer: ProducerMatch, reasons: list[Reason]) -> None:
        """A product already in the catalogue is skipped; the same product twice in the list needs a person."""
        name = out.name
        key = (name_key(name), producer_key(producer.name))
        existing = self.existing.products.get((name_key(name), producer.id)) if name and producer.id else None
        if existing is not None:
            where = existing.relative_to(self.products_dir)
            raise _Skip(
                (
                    f"đã có hồ sơ {where} (cùng tên sản phẩm và chủ thể); không ghi đè",
                    f"a record already exists: {where} (same product and producer); not overwritten",
                ),
                existing,
            )
        if name and producer.name and key in self.seen_rows:
            reasons.append(
                (
                    f"trùng với dòng {self.seen_rows[key]} (cùng tên sản phẩm và chủ thể); cần chọn dòng đúng",
                    f"same product and producer as row {self.seen_rows[key]}; keep the right row only",
                )
            )
        elif name and producer.name:
            self.seen_rows[key] = out.row

    def _fresh_id(self) -> str:
        rid = fresh_id(self.province, self.taken, self.rng)
        self.taken.add(rid)
        return rid

    def _write(
        self, out: Outcome, stars: int, group: str, place: Place, producer: ProducerMatch, certificate: _Certificate
    ) -> None:
        """The records of a complete row: checked, then written (unless a dry run) and remembered."""
        assert place.code is not None and certificate.number is not None
        assert certificate.date is not None and certificate.issuer is not None
        new = producer.new
        if producer.kind is not None:
            pid = self._fresh_id()
            path = self.products_dir / self.province / PRODUCER_DIR / f"{pid}.yml"
            new = NewProducer(pid, producer.name, producer.kind, place.code, place.street, out.row, path)
            out.producer = pid
        assert out.producer is not None
        rid = self._fresh_id()
        origin = f"{self.result.source.name}, dòng {out.row}"
        shown = new.name if new else self.existing.names.get(out.producer, producer.name)
        record = Certified(
            name=out.name,
            stars=stars,
            group=group,
            producer_id=out.producer,
            producer_name=shown,
            decision=certificate.number,
            date=certificate.date,
            issuer=certificate.issuer,
            commune=place.code,
            commune_note=place.note or commune_name(place.code),
            source_url=certificate.source_url,
        )
        text = product_text(rid, record, origin)
        problems = problems_of(text, "product", self.today)
        new_text = None
        if new is not None and not new.written:
            new_text = producer_text(new, origin)
            problems += problems_of(new_text, "producer", self.today)
        if problems:
            out.reasons.extend(problems)
            return
        product_path = self.folder / f"{rid}.yml"
        out.path, out.status = product_path, "written"
        files: list[Path] = []
        if not self.dry_run:
            if new_text is not None and new is not None:
                create(new.path, new_text.encode("utf-8"))
            image_path = self.folder / IMAGE_DIR / f"{rid}.jpg"
            image_path.parent.mkdir(parents=True, exist_ok=True)
            create(image_path, placeholder_jpeg(rid, out.name, 640, 480))
            create(product_path, text.encode("utf-8"))
            files = [product_path, image_path]
        if new is not None and not new.written:
            new.written = True
            self.created[producer_key(producer.name)] = new
            self.result.producers.append(new)
        self.written[product_path] = (out, files)


def _stars_reason(shown: str) -> Reason:
    if not shown:
        return ("thiếu hạng sao (3, 4 hoặc 5)", "no star rating (3, 4 or 5)")
    # An empty or 0 cell often means "not rated".
    unrated_vi = " (có thể chưa được xếp hạng)" if shown == "0" else ""
    unrated_en = " (perhaps not rated yet)" if shown == "0" else ""
    return (f"hạng sao '{shown}' không phải 3, 4 hoặc 5{unrated_vi}", f"stars '{shown}' is not 3, 4 or 5{unrated_en}")


def _certificate(
    values: dict[str, Any], texts: dict[str, str], defaults: Defaults, reasons: list[Reason]
) -> _Certificate:
    """Number and date of the decision, from their cells, the decision cell, or the list-wide values, and the
    issuer the row itself names (``_Import._issuer`` tells the others).

    A list-wide value fills an empty cell only: a cell with text the importer cannot read needs a person.
    """
    decision = parse_decision(values.get("decision"))
    decision_text = texts.get("decision", "")
    number = decision.number or (defaults.decision if not decision_text else None)
    if number is None:
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
    return _Certificate(number, date, texts.get("issuer") or decision.issuer, None)


def _source(source: str, out: Outcome) -> str | None:
    """The list's source link for the description: an https link, but not to a code-hosting site (a data
    file in someone's repository is not where a shopper should check a product)."""
    if not re.match(HTTPS_PATTERN, source) or len(source) > 300:
        return None
    host = code_host(source)
    if host is not None:
        out.remarks.append(
            (
                f"liên kết nguồn {host} không đưa vào mô tả: trang lưu trữ mã nguồn, không phải nơi công bố",
                f"source link to {host} left out of the description: a code-hosting site, not a publisher",
            )
        )
        return None
    return source


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
                _take_back(written, path, reasons)
            else:  # a new producer with a problem: take back its products too
                for product in [
                    prod for prod, (out, _) in written.items() if out.producer and path.stem == out.producer
                ]:
                    _take_back(written, product, reasons)
        used = {o.producer for o, _ in written.values()}
        for p in result.producers:
            if p.written and p.id not in used:
                p.path.unlink(missing_ok=True)
                p.written = False


def _take_back(written: dict[Path, tuple[Outcome, list[Path]]], product: Path, reasons: list[Reason]) -> None:
    out, files = written.pop(product)
    for f in files:
        f.unlink(missing_ok=True)
    out.status, out.path = "person", None
    out.reasons.extend(reasons)
