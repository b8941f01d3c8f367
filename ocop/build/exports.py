"""Open data at ``du-lieu/``: the catalogue as files anyone may take, and the page that lists them.

Every product and producer as JSON and JSON Lines (every public field, each record's address, its
certificate status on the build date, its lots), as CSV (UTF-8 with a byte-order mark, so Excel
shows the Vietnamese letters; a header row), lots as CSV, the origins with coordinates as GeoJSON,
and a Frictionless ``datapackage.json`` that describes every file with a Table Schema. The same set
again per province under ``du-lieu/tinh/<slug>/``, so one province can take its own.

Built from the model, never from pages, and deterministic: records in id order, no clock. Each
record is serialised once; the national and provincial files are cut from the same lines. A lot's
events are not repeated here: its EPCIS document (``epcis``) has them. Records and photos are
published under CC BY 4.0 (``products/LICENSE``): JSON and GeoJSON say so in a top-level
``licenses`` member, JSON Lines and CSV through the data package and the page.

``iter_files`` gives the bytes by path; ``store_files`` puts them into the store as pieces (never
joined) under a key over everything they show: a build whose records did not change makes none.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from ..domain.lots import Lot
from ..domain.model import ALL_GROUPS, STATUS_LABELS, Catalogue, Producer, Product
from ..domain.schema import PRODUCER_KINDS, RECIPIENT_KINDS, SHOP_KINDS
from ..domain.units import Province, units
from ..keys import code_key, content_key, pieces_digest
from ..store import Spill, Store
from .epcis import FILE as EPCIS_FILE
from .photos import Derived

BASE = "du-lieu/"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
ATTRIBUTION = "Nguồn / Source: Danh mục mở sản phẩm OCOP / OCOP open catalogue, {url} — CC BY 4.0"
NAMESPACE = "exports"  # key over what the files show → {path: [object, size]}
PACKAGE = "datapackage.json"

# Each file of a set: Vietnamese title, English title, format, media type, and what the data package says.
_CSV_NOTE = "UTF-8 with a BOM (for Excel), commas, a header row, CRLF; lists become counts or URLs. CC BY 4.0."
_JSON_NOTE = "UTF-8 JSON: the records are the array named by the dialect; the licence is in 'licenses'."
_JSONL_NOTE = "UTF-8 JSON Lines: one record a line, the same objects as the JSON file. Licence: CC BY 4.0."
_GEO_NOTE = "RFC 7946 FeatureCollection of the origins that have coordinates; the licence is in 'licenses'."
FILES: dict[str, tuple[str, str, str, str, str]] = {
    "san-pham.json": ("Sản phẩm", "Products", "json", "application/json", _JSON_NOTE),
    "san-pham.jsonl": ("Sản phẩm, mỗi dòng một", "Products, one a line", "jsonl", "application/jsonl", _JSONL_NOTE),
    "san-pham.csv": ("Sản phẩm (bảng)", "Products (table)", "csv", "text/csv", _CSV_NOTE),
    "chu-the.json": ("Chủ thể", "Producers", "json", "application/json", _JSON_NOTE),
    "chu-the.jsonl": ("Chủ thể, mỗi dòng một", "Producers, one a line", "jsonl", "application/jsonl", _JSONL_NOTE),
    "chu-the.csv": ("Chủ thể (bảng)", "Producers (table)", "csv", "text/csv", _CSV_NOTE),
    "lo-hang.csv": ("Lô hàng (bảng)", "Lots (table)", "csv", "text/csv", _CSV_NOTE),
    "nguon-goc.geojson": ("Nơi sản xuất có tọa độ", "Origins", "geojson", "application/geo+json", _GEO_NOTE),
}
ALL_KEYS = [g.key for g in ALL_GROUPS]
_ROWS_IN = {"san-pham.json": "products", "chu-the.json": "producers", "nguon-goc.geojson": "features"}

# A field: name, Table Schema type, Vietnamese title, English title.
Field = tuple[str, str, str, str]

PRODUCT_FIELDS: tuple[Field, ...] = (
    ("id", "string", "Mã sản phẩm", "product id"),
    ("url", "string", "Địa chỉ trang sản phẩm", "the product's page"),
    ("name", "string", "Tên sản phẩm", "name"),
    ("stars", "integer", "Hạng sao OCOP", "OCOP stars"),
    ("group", "string", "Mã nhóm sản phẩm", "product group key"),
    ("group_label", "string", "Nhóm sản phẩm", "product group"),
    ("producer_id", "string", "Mã chủ thể", "producer id"),
    ("producer_name", "string", "Tên chủ thể", "producer name"),
    ("province", "string", "Tỉnh, thành phố (tên thư mục)", "province (folder slug)"),
    ("province_name", "string", "Tỉnh, thành phố", "province"),
    ("commune", "string", "Mã xã, phường nơi sản xuất (2025)", "origin commune code (2025)"),
    ("commune_name", "string", "Xã, phường nơi sản xuất", "origin commune"),
    ("place", "string", "Nơi sản xuất", "origin place"),
    ("latitude", "number", "Vĩ độ (WGS 84)", "latitude (WGS 84)"),
    ("longitude", "number", "Kinh độ (WGS 84)", "longitude (WGS 84)"),
    ("status", "string", "Tình trạng giấy chứng nhận vào ngày status_date", "certificate status on status_date"),
    ("status_label", "string", "Tình trạng giấy chứng nhận", "certificate status, in Vietnamese"),
    ("status_date", "date", "Ngày tính tình trạng (ngày dựng trang)", "the day the status is for (build date)"),
    ("certificate", "object", "Giấy chứng nhận OCOP", "OCOP certificate"),
    ("withdrawn", "object", "Thu hồi giấy chứng nhận", "certificate withdrawal"),
    ("gtin", "string", "Mã vạch GTIN", "GTIN"),
    ("packaging", "string", "Quy cách", "packaging"),
    ("net_weight", "string", "Khối lượng tịnh", "net weight"),
    ("shelf_life", "string", "Hạn sử dụng", "shelf life"),
    ("ingredients", "string", "Thành phần", "ingredients"),
    ("price", "integer", "Giá tham khảo (đồng)", "reference price (VND)"),
    ("price_unit", "string", "Đơn vị tính giá", "price unit"),
    ("description", "string", "Giới thiệu", "description (plain text)"),
    ("buy", "array", "Nơi mua", "where to buy"),
    ("traceability", "array", "Nhật ký truy xuất nguồn gốc", "traceability steps"),
    ("photos", "array", "Ảnh (bản JPEG lớn nhất)", "photos (largest JPEG)"),
    ("qr_code", "string", "Mã QR (PNG)", "QR code (PNG)"),
    ("lots", "array", "Các lô hàng, mới nhất trước", "lots, newest first"),
    ("created", "date", "Ngày đăng lần đầu", "first published"),
    ("updated", "date", "Cập nhật lần cuối", "last updated"),
)
PRODUCER_FIELDS: tuple[Field, ...] = (
    ("id", "string", "Mã chủ thể", "producer id"),
    ("url", "string", "Địa chỉ trang chủ thể", "the producer's page"),
    ("name", "string", "Tên chủ thể", "name"),
    ("kind", "string", "Mã loại hình", "kind key"),
    ("kind_label", "string", "Loại hình", "kind"),
    ("province", "string", "Tỉnh, thành phố (tên thư mục)", "province (folder slug)"),
    ("province_name", "string", "Tỉnh, thành phố", "province"),
    ("commune", "string", "Mã xã, phường (2025)", "commune code (2025)"),
    ("commune_name", "string", "Xã, phường", "commune"),
    ("street", "string", "Địa chỉ", "street address"),
    ("representative", "string", "Người đại diện", "representative"),
    ("phone", "string", "Điện thoại", "phone"),
    ("zalo", "string", "Zalo", "Zalo"),
    ("email", "string", "Email", "e-mail"),
    ("website", "string", "Trang web", "website"),
    ("description", "string", "Giới thiệu", "description (plain text)"),
    ("products", "array", "Mã các sản phẩm", "product ids"),
)
GEO_FIELDS: tuple[Field, ...] = (
    ("type", "string", "Luôn là Feature", "always Feature"),
    ("id", "string", "Mã sản phẩm", "product id"),
    ("geometry", "geojson", "Nơi sản xuất (một điểm)", "the origin, a point"),
    ("properties", "object", "Tên, hạng sao, nhóm, tình trạng, địa chỉ trang", "name, stars, group, status, URL"),
)

# A CSV column: a field, and how to read its value from the record's JSON form.
Column = tuple[str, str, str, str, Callable[[dict[str, Any]], Any]]


def _same(fields: Sequence[Field], names: str) -> list[Column]:
    """JSON fields as CSV columns of the same name, type and value."""
    by_name = {f[0]: f for f in fields}
    return [(*by_name[n], itemgetter(n)) for n in names.split()]  # type: ignore[misc]


def _at(*path: str) -> Callable[[dict[str, Any]], Any]:
    """The value at ``path`` in nested objects, or None where one of them is null."""
    if len(path) == 1:
        return itemgetter(path[0])  # most columns: a C call, not a Python one

    def get(r: dict[str, Any]) -> Any:
        for key in path:
            r = r[key] if r is not None else None  # type: ignore[assignment]
        return r

    return get


PRODUCT_COLUMNS: tuple[Column, ...] = (
    *_same(PRODUCT_FIELDS, " ".join(f[0] for f in PRODUCT_FIELDS[:18])),
    ("certificate_decision", "string", "Số quyết định", "decision number", _at("certificate", "decision")),
    ("certificate_date", "date", "Ngày cấp", "issued", _at("certificate", "date")),
    ("certificate_issuer", "string", "Cơ quan cấp", "issuer", _at("certificate", "issuer")),
    ("certificate_valid_until", "date", "Hiệu lực đến", "valid until", _at("certificate", "valid_until")),
    ("certificate_document", "string", "Văn bản quyết định", "decision", _at("certificate", "document", "url")),
    ("score_total", "integer", "Tổng điểm", "total score", _at("certificate", "score", "total")),
    ("score_a", "integer", "Điểm phần A", "part A score", _at("certificate", "score", "a")),
    ("score_b", "integer", "Điểm phần B", "part B score", _at("certificate", "score", "b")),
    ("score_c", "integer", "Điểm phần C", "part C score", _at("certificate", "score", "c")),
    ("withdrawn_date", "date", "Ngày thu hồi", "withdrawn on", _at("withdrawn", "date")),
    ("withdrawn_reason", "string", "Lý do thu hồi", "why withdrawn", _at("withdrawn", "reason")),
    *_same(PRODUCT_FIELDS, "gtin packaging net_weight shelf_life ingredients price price_unit description"),
    ("buy", "string", "Nơi mua", "where to buy (space-separated URLs)", lambda r: " ".join(b["url"] for b in r["buy"])),
    ("photos", "string", "Ảnh", "photos (space-separated URLs)", lambda r: " ".join(r["photos"])),
    ("qr_code", "string", "Mã QR (PNG)", "QR code (PNG)", _at("qr_code")),
    ("lots", "integer", "Số lô hàng", "number of lots", lambda r: len(r["lots"])),
    *_same(PRODUCT_FIELDS, "created updated"),
)
PRODUCER_COLUMNS: tuple[Column, ...] = (
    *_same(PRODUCER_FIELDS, " ".join(f[0] for f in PRODUCER_FIELDS[:-1])),
    ("products", "integer", "Số sản phẩm", "number of products", lambda r: len(r["products"])),
)
LOT_COLUMNS: tuple[Column, ...] = (
    ("id", "string", "Mã lô", "lot id", _at("id")),
    ("url", "string", "Địa chỉ trang lô", "the lot's page", _at("url")),
    ("product_id", "string", "Mã sản phẩm", "product id", _at("product_id")),
    ("code", "string", "Số lô in trên bao bì", "lot number on the pack", _at("code")),
    ("produced", "date", "Ngày sản xuất", "produced", _at("produced")),
    ("best_before", "date", "Sử dụng tốt nhất trước", "best before", _at("best_before")),
    ("expiry", "date", "Hạn sử dụng", "use by", _at("expiry")),
    ("quantity", "number", "Số lượng", "quantity", _at("quantity", "amount")),
    ("quantity_unit", "string", "Đơn vị", "unit", _at("quantity", "unit")),
    ("recalled", "boolean", "Đã thu hồi", "recalled", lambda r: "true" if r["recalled"] else "false"),
    ("recall_date", "date", "Ngày thu hồi", "recalled on", _at("recall", "date")),
    ("recall_reason", "string", "Lý do thu hồi", "why recalled", _at("recall", "reason")),
    ("recall_action", "string", "Việc cần làm", "what to do", _at("recall", "action")),
    ("recipient", "string", "Nơi nhận đầu tiên", "first recipient", _at("recipient", "name")),
    ("recipient_kind", "string", "Loại nơi nhận", "recipient kind", _at("recipient", "kind")),
    ("epcis", "string", "Các công đoạn (EPCIS 2.0)", "events (EPCIS 2.0)", _at("epcis")),
    ("created", "date", "Ngày đăng lần đầu", "first published", _at("created")),
    ("updated", "date", "Cập nhật lần cuối", "last updated", _at("updated")),
)


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


_TAG = re.compile(r"<[^>]*>")


def _text(markup: Any) -> str:
    """Plain text of a rendered Markdown field: tags gone, entities read back, spaces collapsed
    (what markupsafe's striptags does, in a third of the time: this runs 100,000 times at 20,000 products)."""
    if not markup:
        return ""
    text = _TAG.sub(" ", str(markup))
    return " ".join((html.unescape(text) if "&" in text else text).split())


def _document(doc: Any, base: str) -> dict[str, Any] | None:
    if doc is None:
        return None
    return {"url": base + doc.href if doc.is_file else doc.href, "sha256": doc.sha256 or None, "name": doc.name}


def _quantity(q: Any) -> dict[str, Any] | None:
    return {"amount": q.amount, "unit": q.unit} if q else None


def lot_record(lot: Lot, base: str) -> dict[str, Any]:
    """A lot as the exports give it; its events are in its EPCIS document (``epcis``)."""
    r, c = lot.recipient, lot.recall
    recipient = None
    if r:
        commune = r.commune
        recipient = {"name": r.name, "kind": r.kind, "kind_label": RECIPIENT_KINDS[r.kind][0], "url": r.url or None}
        recipient |= {"commune": commune.code if commune else None, "commune_name": commune.name if commune else None}
    return {
        "id": lot.id,
        "url": base + lot.url,
        "product_id": lot.product_id,
        "code": lot.code,
        "produced": _day(lot.produced),
        "best_before": _day(lot.best_before),
        "expiry": _day(lot.expiry),
        "quantity": _quantity(lot.quantity),
        "recalled": lot.recalled,
        "recall": {"date": _day(c.date), "reason": c.reason, "action": c.action} if c else None,
        "recipient": recipient,
        "inputs": [
            {"what": i.what, "supplier": i.supplier, "product_id": i.product_id or None, "lot_id": i.lot_id or None}
            | {"quantity": _quantity(i.quantity)}
            for i in lot.inputs
        ],
        "epcis": base + lot.url + EPCIS_FILE,
        "created": _day(lot.created),
        "updated": _day(lot.updated),
    }


_NATIONAL: dict[str, bool] = {}  # by issuer: folding the issuer's name is a third of a product's cost


def _certificate(p: Product, base: str) -> dict[str, Any]:
    c, s = p.certificate, p.certificate.score
    national = _NATIONAL.get(c.issuer)
    if national is None:
        national = _NATIONAL[c.issuer] = c.national
    score = None
    if s:
        criteria = [{"part": k.part, "name": k.name, "score": k.score, "max": k.max} for k in s.criteria]
        score = {"total": s.total, "a": s.a, "b": s.b, "c": s.c, "criteria": criteria}
    return {
        "decision": c.decision,
        "date": _day(c.date),
        "issuer": c.issuer,
        "valid_until": _day(c.valid_until),
        "national": national,
        "score": score,
        "document": _document(c.document, base),
    }


def product_record(
    cat: Catalogue, p: Product, base: str, photos: Mapping[str, Derived], lots: Mapping[str, dict[str, Any]]
) -> dict[str, Any]:
    """A product as the exports give it: every public field, its status on the build date, its lots."""
    coords = p.origin.coordinates
    shown = [photos[str(ph)] for ph in p.images if str(ph) in photos]
    return {
        "id": p.id,
        "url": base + p.url,
        "name": p.name,
        "stars": p.stars,
        "group": p.group.key,
        "group_label": p.group.label,
        "producer_id": p.producer_id,
        "producer_name": cat.producer_by_id[p.producer_id].name,
        "province": p.province.slug,
        "province_name": p.province.name,
        "commune": p.origin.commune.code,
        "commune_name": p.origin.commune.name,
        "place": p.origin.place,
        "latitude": coords[0] if coords else None,
        "longitude": coords[1] if coords else None,
        "status": p.status,
        "status_label": STATUS_LABELS[p.status][0],
        "status_date": _day(cat.build_date),
        "certificate": _certificate(p, base),
        "withdrawn": {"date": _day(p.withdrawal.date), "reason": p.withdrawal.reason} if p.withdrawal else None,
        "gtin": p.gtin,
        "packaging": p.packaging,
        "net_weight": p.net_weight,
        "shelf_life": p.shelf_life,
        "ingredients": _text(p.ingredients),
        "price": p.price,
        "price_unit": p.price_unit,
        "description": _text(p.description),
        "buy": [{"kind": b.kind, "kind_label": SHOP_KINDS[b.kind][0], "url": b.url, "label": b.label} for b in p.buy],
        "traceability": [
            {"stage": s.stage, "date": s.date, "until": s.until, "place": s.place, "actor": s.actor}
            | {"details": _text(s.details), "evidence": s.evidence}
            for s in p.traceability
        ],
        "photos": [base + "img/" + d.variants[-1].jpeg for d in shown if d.variants],
        "qr_code": base + p.url + "qr.png",
        "lots": [lots[lot.id] for lot in cat.lots_by_product.get(p.id, ())],
        "created": _day(p.created),
        "updated": _day(p.updated),
    }


def producer_record(cat: Catalogue, pr: Producer, base: str) -> dict[str, Any]:
    c = pr.contacts
    return {
        "id": pr.id,
        "url": base + pr.url,
        "name": pr.name,
        "kind": pr.kind,
        "kind_label": PRODUCER_KINDS[pr.kind][0],
        "province": pr.province.slug,
        "province_name": pr.province.name,
        "commune": pr.commune.code,
        "commune_name": pr.commune.name,
        "street": pr.street,
        "representative": pr.representative,
        "phone": c.phone,
        "zalo": c.zalo,
        "email": c.email,
        "website": c.website,
        "description": _text(pr.description),
        "products": [p.id for p in cat.products_by_producer.get(pr.id, ())],
    }


def _feature(r: dict[str, Any]) -> dict[str, Any]:
    """An origin as a GeoJSON point (RFC 7946: longitude first)."""
    keys = ("id", "name", "stars", "group", "group_label", "status", "status_label", "province", "url")
    return {
        "type": "Feature",
        "id": r["id"],
        "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
        "properties": {k: r[k] for k in keys},
    }


def _json(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()


class _Echo:
    """csv.writer writes each row with one call to ``write``, and returns what it returns: the line."""

    def write(self, line: str) -> str:
        return line


_RISKY = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-][\d .()-]*")  # "+84 912 345 678", "-5": Excel reads a number, runs nothing
_ROW = csv.writer(_Echo(), lineterminator="\r\n")


def _safe(value: Any) -> Any:
    """Text that Excel would run as a formula (starting with =, @, + or -, unless it is only a number
    or a phone number) gets a leading apostrophe, as OWASP advises; the JSON files keep every value."""
    if value.__class__ is str and value[:1] in _RISKY and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _row(columns: Sequence[Column], record: dict[str, Any]) -> bytes:
    cells = [c[4](record) for c in columns]
    if any(v[:1] in _RISKY for v in cells if v.__class__ is str):  # rare: look closer only then
        cells = [_safe(v) for v in cells]
    return _ROW.writerow(cells).encode()  # type: ignore[func-returns-value]


@dataclass
class Made:
    """Every record serialised once, in id order; each set's files are cut from these lines (bytes, or the spill's)."""

    products: list[Any]  # JSON
    product_rows: list[Any]  # CSV
    features: list[Any]  # GeoJSON, b"" when the product has no coordinates
    producers: list[Any]
    producer_rows: list[Any]
    lot_rows: list[Any]  # CSV, in cat.lots order
    spill: Spill | None = None


def make_records(cat: Catalogue, base: str, photos: Mapping[str, Derived], spill: Spill | None = None) -> Made:
    """Each record's JSON object is made, written out and let go at once (a lot's twice, for its row and its
    product): 20,000 live dictionaries of nested values would cost far more memory than their text."""
    keep: Callable[[bytes], Any] = spill.add if spill is not None else bytes
    made = Made([], [], [], [], [], [keep(_row(LOT_COLUMNS, lot_record(lot, base))) for lot in cat.lots], spill)
    for p in cat.products:
        lots = {lot.id: lot_record(lot, base) for lot in cat.lots_by_product.get(p.id, ())}
        r = product_record(cat, p, base, photos, lots)
        made.products.append(keep(_json(r)))
        made.product_rows.append(keep(_row(PRODUCT_COLUMNS, r)))
        made.features.append(keep(_json(_feature(r))) if r["latitude"] is not None else b"")
    for pr in cat.producers:
        r = producer_record(cat, pr, base)
        made.producers.append(keep(_json(r)))
        made.producer_rows.append(keep(_row(PRODUCER_COLUMNS, r)))
    return made


def _json_document(head: dict[str, Any], key: str, lines: Sequence[bytes]) -> list[bytes]:
    """A JSON document: ``head``'s members, then ``key`` holding the records one a line, so it diffs by record."""
    start = json.dumps({**head, "count": len(lines)}, ensure_ascii=False)[:-1].encode()
    body = [b"[\n", *(x for i, line in enumerate(lines) for x in ((b",\n", line) if i else (line,))), b"\n]"]
    return [start, b', "' + key.encode() + b'": ', *(body if lines else [b"[]"]), b"}\n"]


def _csv(columns: Sequence[Column], rows: Sequence[bytes]) -> list[bytes]:
    """UTF-8 with a byte-order mark (Excel takes a file for UTF-8 only then), a header row, CRLF (RFC 4180)."""
    return ["\ufeff".encode() + _ROW.writerow([c[0] for c in columns]).encode(), *rows]  # type: ignore[func-returns-value]


def _schema(fields: Sequence[Sequence[Any]], keys: Sequence[tuple[str, str, str]] = ()) -> dict[str, Any]:
    """A Table Schema: titles in Vietnamese, descriptions in English, the rules every value keeps.
    ``keys``: (field, resource, field) foreign keys."""
    enums = {"stars": [3, 4, 5], "status": list(STATUS_LABELS), "kind": list(PRODUCER_KINDS), "group": ALL_KEYS}
    out = []
    for name, kind, vi, en, *_ in fields:
        field: dict[str, Any] = {"name": name, "type": kind, "title": vi, "description": en}
        if name in ("url", "qr_code", "epcis", "website"):
            field["format"] = "uri"
        constraints: dict[str, Any] = {"required": True, "unique": True} if name == "id" else {}
        if name in enums:
            constraints["enum"] = enums[name]
        if constraints:
            field["constraints"] = constraints
        out.append(field)
    schema: dict[str, Any] = {"fields": out, "primaryKey": ["id"], "missingValues": [""]}
    if keys:
        schema["foreignKeys"] = [{"fields": [f], "reference": {"resource": r, "fields": [t]}} for f, r, t in keys]
    return schema


def _resource(name: str, size: int, sha256: str, national: bool) -> dict[str, Any]:
    vi, en, fmt, media, note = FILES[name]
    resource: dict[str, Any] = {
        "name": name.replace(".", "-"),
        "path": name,
        "profile": "tabular-data-resource",
        "type": "table",
        "title": f"{vi} / {en}",
        "description": note,
        "format": "json" if fmt == "geojson" else fmt,
        "mediatype": media,
        "encoding": "utf-8",
        "licenses": [LICENSE],
    }
    if name in _ROWS_IN:
        # frictionless reads a JSON table as a stream of values and never counts its bytes, so it would
        # call any declared size or hash wrong: the page gives the size of these.
        resource["dialect"] = {"json": {"property": _ROWS_IN[name], "keyed": True}}
    else:
        resource |= {"bytes": size, "hash": "sha256:" + sha256}
    # A province's products may name a producer registered in another province: that key is national only.
    producer_key = [("producer_id", "chu-the-csv", "id")] if national else []
    resource["schema"] = {
        "san-pham": lambda: _schema(PRODUCT_COLUMNS, producer_key) if fmt == "csv" else _schema(PRODUCT_FIELDS),
        "chu-the": lambda: _schema(PRODUCER_COLUMNS if fmt == "csv" else PRODUCER_FIELDS),
        "lo-hang": lambda: _schema(LOT_COLUMNS, [("product_id", "san-pham-csv", "id")]),
        "nguon-goc": lambda: _schema(GEO_FIELDS),
    }[name.split(".")[0]]()
    return resource


def _package(files: Mapping[str, tuple[int, str]], head: Mapping[str, Any]) -> bytes:
    """``datapackage.json``: a Frictionless Tabular Data Package over the files of one set."""
    scope, day = head.get("province"), head["build_date"]
    package = {
        "profile": "tabular-data-package",
        "name": "ocop-" + (scope["slug"] if scope else "viet-nam"),
        "title": head["title"],
        "description": f"Sản phẩm OCOP, chủ thể, lô hàng và nơi sản xuất theo dữ liệu ngày {day}. / OCOP "
        f"products, producers, lots and origins as of {day}. {head['attribution']}",
        "homepage": head["source"] + BASE,
        "created": f"{day}T00:00:00+07:00",
        "licenses": [LICENSE],
        "sources": [{"title": "Danh mục mở sản phẩm OCOP / OCOP open catalogue", "path": head["source"]}],
        "resources": [_resource(name, *about, scope is None) for name, about in files.items()],
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode()


def _head(cat: Catalogue, base: str, province: Province | None = None) -> dict[str, Any]:
    title = "Danh mục mở sản phẩm OCOP / OCOP open catalogue"
    head: dict[str, Any] = {
        "title": f"{title} — {province.name}" if province else title,
        "licenses": [LICENSE],
        "attribution": ATTRIBUTION.format(url=base + BASE),
        "source": base,
        "build_date": cat.build_date.isoformat(),
    }
    if province is not None:
        head["province"] = {"slug": province.slug, "code": province.code, "name": province.name}
    return head


def _set(
    made: Made, head: dict[str, Any], products: list[int], producers: list[int], lots: list[int]
) -> Iterator[tuple[str, Sequence[bytes]]]:
    """The files of one set (the nation, or one province), as pieces of the records' bytes: no file
    is ever one object in memory (the national JSON is 50 MB at 20,000 products, and joining it
    cost three copies); the data package, which describes them, last."""
    geo, features = (
        {"type": "FeatureCollection", **head},
        [made.features[i] for i in products if made.features[i] != b""],
    )
    makers: dict[str, Callable[[], list[bytes]]] = {
        "san-pham.json": lambda: _json_document(head, "products", [made.products[i] for i in products]),
        "san-pham.jsonl": lambda: [x for i in products for x in (made.products[i], b"\n")],
        "san-pham.csv": lambda: _csv(PRODUCT_COLUMNS, [made.product_rows[i] for i in products]),
        "chu-the.json": lambda: _json_document(head, "producers", [made.producers[i] for i in producers]),
        "chu-the.jsonl": lambda: [x for i in producers for x in (made.producers[i], b"\n")],
        "chu-the.csv": lambda: _csv(PRODUCER_COLUMNS, [made.producer_rows[i] for i in producers]),
        "lo-hang.csv": lambda: _csv(LOT_COLUMNS, [made.lot_rows[i] for i in lots]),
        "nguon-goc.geojson": lambda: _json_document(geo, "features", features),
    }
    seen: dict[str, tuple[int, str]] = {}
    for name, make in makers.items():
        pieces = made.spill.pieces(make()) if made.spill is not None else make()
        seen[name] = (sum(map(len, pieces)), pieces_digest(pieces))
        yield name, pieces
    yield PACKAGE, [_package(seen, head)]


def _pieces(
    cat: Catalogue, site_url: str, photos: Mapping[str, Derived] | None, spill: Spill | None = None
) -> Iterator[tuple[str, Sequence[bytes]]]:
    base = site_url.rstrip("/") + "/" if site_url else ""
    made = make_records(cat, base, photos or {}, spill)
    every = [list(range(len(records))) for records in (cat.products, cat.producers, cat.lots)]
    yield from ((BASE + name, pieces) for name, pieces in _set(made, _head(cat, base), *every))
    sets: dict[str, tuple[list[int], list[int], list[int]]] = {}
    for i, p in enumerate(cat.products):
        sets.setdefault(p.province.slug, ([], [], []))[0].append(i)
    for i, pr in enumerate(cat.producers):
        sets.setdefault(pr.province.slug, ([], [], []))[1].append(i)
    for i, lot in enumerate(cat.lots):
        sets[cat.product_by_id[lot.product_id].province.slug][2].append(i)
    for slug in sorted(sets, key=lambda s: units().provinces[s].code):
        one = _set(made, _head(cat, base, units().provinces[slug]), *sets[slug])
        yield from ((f"{BASE}tinh/{slug}/{name}", pieces) for name, pieces in one)


def iter_files(
    cat: Catalogue, site_url: str, photos: Mapping[str, Derived] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Every open-data file by site path, one at a time: the national set under ``du-lieu/``, then one
    per province under ``du-lieu/tinh/<slug>/`` in the official order. ``photos`` (the derivatives by
    source photo) gives each product's photo addresses. Pure: ``dict(iter_files(...))`` in tests."""
    return ((path, b"".join(pieces)) for path, pieces in _pieces(cat, site_url, photos))


def exports_key(cat: Catalogue, site_url: str, photos: Mapping[str, Derived] | None = None) -> str:
    """Everything the files show: the code, the address, the build date, every record's content and
    dates, the documents' and photos' content."""
    photos = photos or {}
    parts: list[str] = [code_key("ocop.build.exports"), site_url, cat.build_date.isoformat()]
    for p in cat.products:
        doc = p.certificate.document
        parts += [p.digest, str(p.created), str(p.updated), doc.sha256 if doc else ""]
        parts += [photos[str(ph)].key for ph in p.images if str(ph) in photos]
    parts += [pr.digest for pr in cat.producers]
    parts += [f"{lot.digest} {lot.created} {lot.updated}" for lot in cat.lots]
    return content_key(*parts)


def store_files(
    cat: Catalogue, site_url: str, store: Store, photos: Mapping[str, Derived] | None = None
) -> dict[str, tuple[str, int]]:
    """Every open-data file put into the store: site path → (object, size). When nothing they show
    changed since a build the store remembers, and its objects are intact, none is made again."""
    with store.spill() as spill:
        return store.files(NAMESPACE, exports_key(cat, site_url, photos), lambda: _pieces(cat, site_url, photos, spill))
