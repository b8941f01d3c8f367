"""The catalogue model: plain, immutable dataclasses built from validated records.

Derived values (certificate status, URLs, labels) are computed here once, so the
templates only show things and never decide them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .dates import certificate_end, loose_date_start, parse_date
from .english import NO_ENGLISH, English, english, render_english
from .fold import fold
from .links import link_host
from .lots import Document, Lot, document
from .schema import GROUPS, NATIONAL_ISSUERS, PRODUCER_KINDS, SCORE_PARTS, SHOP_KINDS
from .text import NO_HTML, as_markup, markdown
from .units import Commune, Province, units

EXPIRING_DAYS = 90

STATUS_LABELS = {
    "valid": ("Còn hiệu lực", "Valid"),
    "expiring": ("Sắp hết hạn", "Expiring soon"),
    "expired": ("Đã hết hạn", "Expired"),
    "withdrawn": ("Đã thu hồi", "Withdrawn"),
}
# Where each status's list lives (trang-thai/<slug>/): the home page's status chips lead there.
STATUS_SLUGS = {
    "valid": "con-hieu-luc",
    "expiring": "sap-het-han",
    "expired": "da-het-han",
    "withdrawn": "da-thu-hoi",
}
STATUS_LIST_TITLES = {
    "valid": ("Sản phẩm OCOP có giấy chứng nhận còn hiệu lực", "OCOP products with a valid certificate"),
    "expiring": ("Sản phẩm OCOP có giấy chứng nhận sắp hết hạn", "OCOP products whose certificate expires soon"),
    "expired": ("Sản phẩm OCOP có giấy chứng nhận đã hết hạn", "OCOP products whose certificate has expired"),
    "withdrawn": ("Sản phẩm đã bị thu hồi giấy chứng nhận OCOP", "Products whose OCOP certificate was withdrawn"),
}

# What a product page calls each part of a record, by group: one table, so templates never decide.
# A homestay or a boat tour has no ingredients or net weight; the same record fields say what its
# visitors get, for how long and for how many. "" is every group unless the group says otherwise.
FIELD_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "": {
        "info": ("Thông tin sản phẩm", "Product details"),
        "packaging": ("Quy cách", "Packaging"),
        "net_weight": ("Khối lượng tịnh", "Net weight"),
        "shelf_life": ("Hạn sử dụng", "Shelf life"),
        "ingredients": ("Thành phần", "Ingredients"),
        "price": ("Giá tham khảo", "Indicative price"),
        "origin": ("Nguồn gốc", "Origin"),
        "buy": ("Nơi mua", "Where to buy"),
    },
    "tourism": {
        "info": ("Thông tin dịch vụ", "About the service"),
        "packaging": ("Thời lượng", "Duration"),
        "net_weight": ("Sức chứa", "Capacity"),
        "shelf_life": ("Mùa đón khách", "Season"),
        "ingredients": ("Dịch vụ gồm", "Services included"),
        "origin": ("Địa điểm", "Location"),
        "buy": ("Đặt dịch vụ", "Where to book"),
    },
}
DETAIL_FIELDS = ("packaging", "net_weight", "shelf_life", "ingredients")  # shown in this order, then the price


@dataclass(frozen=True, slots=True)
class Group:
    key: str  # schema value: "food"
    slug: str  # URL part: "thuc-pham"
    label: str  # "Thực phẩm"
    label_en: str

    @property
    def url(self) -> str:
        return f"nhom/{self.slug}/"


ALL_GROUPS = tuple(Group(k, *v) for k, v in GROUPS.items())
GROUP_BY_KEY = {g.key: g for g in ALL_GROUPS}
_LABELS = {g.key: {**FIELD_LABELS[""], **FIELD_LABELS.get(g.key, {})} for g in ALL_GROUPS}


def field_labels(group: str) -> dict[str, tuple[str, str]]:
    """(Vietnamese, English) label of each shown part of a record of ``group`` (FIELD_LABELS)."""
    return _LABELS.get(group, FIELD_LABELS[""])


@dataclass(frozen=True, slots=True)
class Criterion:
    part: str  # "a", "b" or "c"
    name: str  # as the assessment sheet names it: the record supplies it, the code invents none
    score: float
    max: float


@dataclass(frozen=True, slots=True)
class Score:
    total: int
    a: int | None = None
    b: int | None = None
    c: int | None = None
    criteria: tuple[Criterion, ...] = ()

    @property
    def parts(self) -> list[tuple[str, int, int, str]]:
        """(part, points, out of, what it measures) for each part given."""
        return [
            (k, v, SCORE_PARTS[k][0], SCORE_PARTS[k][1])
            for k, v in (("a", self.a), ("b", self.b), ("c", self.c))
            if v is not None
        ]


@dataclass(frozen=True, slots=True)
class Certificate:
    decision: str
    date: dt.date
    issuer: str
    valid_until: dt.date
    score: Score | None = None
    document: Document | None = None  # the decision itself

    @property
    def national(self) -> bool:
        """Issued by the Ministry (5-star products), not by a province."""
        return any(name in fold(self.issuer) for name in NATIONAL_ISSUERS)


def _query_quote(text: str) -> str:
    """``text`` percent-encoded (UTF-8) for a URL's query, as urllib.parse.quote does (the domain does
    no I/O, so it imports no urllib)."""
    keep = "-_.~,"
    return "".join(
        c if (c.isascii() and c.isalnum()) or c in keep else "".join(f"%{b:02X}" for b in c.encode()) for c in text
    )


@dataclass(frozen=True, slots=True)
class Origin:
    commune: Commune
    place: str = ""
    coordinates: tuple[float, float] | None = None

    @property
    def geo_uri(self) -> str:
        """A geo: URI (RFC 5870) that a phone opens in its map app, with a pin (Android reads ``q``)."""
        if not self.coordinates:
            return ""
        at = f"{self.coordinates[0]:.5f},{self.coordinates[1]:.5f}"
        return f"geo:{at}?q={at}"

    @property
    def map_url(self) -> str:
        """OpenStreetMap at the coordinates, or searching for the commune when there are none.
        A link only: the page itself loads no map tiles."""
        if self.coordinates:
            lat, lon = (f"{c:.5f}" for c in self.coordinates)
            return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}"
        where = f"{self.commune.name}, {self.commune.province.name}"
        return "https://www.openstreetmap.org/search?query=" + _query_quote(where)


@dataclass(frozen=True, slots=True)
class BuyLink:
    kind: str
    url: str
    label: str

    @property
    def host(self) -> str:
        """The host the link really opens (checked by links.judge_link), shown beside the label."""
        return link_host(self.url)


@dataclass(frozen=True, slots=True)
class Step:
    stage: str
    date: str
    until: str = ""
    place: str = ""
    actor: str = ""
    details: Markup = Markup("")
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Withdrawal:
    date: dt.date
    reason: str


@dataclass(frozen=True, slots=True)
class Contacts:
    phone: str = ""
    zalo: str = ""
    email: str = ""
    website: str = ""

    @property
    def tel(self) -> str:
        """The phone number as a tel: link target."""
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def zalo_url(self) -> str:
        """Zalo's own link form: zalo.me/<number>, with a national 0 rather than +84."""
        digits = "".join(ch for ch in self.zalo if ch.isdigit())
        if digits.startswith("84") and self.zalo.startswith("+"):
            digits = "0" + digits[2:]
        return f"https://zalo.me/{digits}" if digits else ""


@dataclass(frozen=True, slots=True)
class Producer:
    id: str
    name: str
    kind: str
    commune: Commune
    street: str
    representative: str
    contacts: Contacts
    description: Markup
    source: Path
    digest: str = ""  # of the record file: what the pages showing this producer depend on
    en: English = NO_ENGLISH  # the record's English, if it has some (english.py)

    @property
    def kind_label(self) -> str:
        return PRODUCER_KINDS[self.kind][0]

    @property
    def url(self) -> str:
        return f"chu-the/{self.id}/"

    @property
    def province(self) -> Province:
        return self.commune.province


@dataclass(frozen=True, slots=True)
class Product:
    id: str
    name: str
    stars: int
    group: Group
    producer_id: str
    description: Markup
    images: tuple[Path, ...]
    certificate: Certificate
    origin: Origin
    status: str  # certificate status at build time: valid / expiring / expired / withdrawn
    source: Path
    digest: str = ""  # of the record file, its dates and documents: what the pages showing this product depend on
    packaging: str = ""
    net_weight: str = ""
    shelf_life: str = ""
    ingredients: Markup = Markup("")
    price: int | None = None
    price_unit: str = ""
    buy: tuple[BuyLink, ...] = ()
    traceability: tuple[Step, ...] = ()
    withdrawal: Withdrawal | None = None
    gtin: str = ""
    en: English = NO_ENGLISH  # the record's English, if it has some (english.py)
    # When the record was first published and last changed (git history, else the certificate date):
    # filled by the build's loading stage, which alone may read git.
    created: dt.date | None = None
    updated: dt.date | None = None

    @property
    def url(self) -> str:
        return f"p/{self.id}/"

    @property
    def province(self) -> Province:
        return self.origin.commune.province

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status][0]

    @property
    def labels(self) -> dict[str, tuple[str, str]]:
        """What the page calls the parts of this record (FIELD_LABELS, by group)."""
        return field_labels(self.group.key)

    @property
    def details(self) -> list[tuple[str, str | Markup]]:
        """The details the record gives (packaging, weight…: DETAIL_FIELDS), as (field, value)."""
        return [(f, getattr(self, f)) for f in DETAIL_FIELDS if getattr(self, f)]


@dataclass(frozen=True, slots=True)
class Catalogue:
    products: tuple[Product, ...]  # sorted by id
    producers: tuple[Producer, ...]  # sorted by id
    build_date: dt.date
    products_by_producer: dict[str, tuple[Product, ...]] = field(default_factory=dict)
    producer_by_id: dict[str, Producer] = field(default_factory=dict)
    lots: tuple[Lot, ...] = ()  # sorted by id
    lots_by_product: dict[str, tuple[Lot, ...]] = field(default_factory=dict)  # newest first
    lot_by_id: dict[str, Lot] = field(default_factory=dict)
    product_by_id: dict[str, Product] = field(default_factory=dict)

    def provinces(self) -> list[tuple[Province, tuple[Product, ...]]]:
        """Provinces that have products, in the official order, with their products."""
        by: dict[str, list[Product]] = {}
        for p in self.products:
            by.setdefault(p.province.slug, []).append(p)
        ordered = sorted(by, key=lambda slug: units().provinces[slug].code)
        return [(units().provinces[s], tuple(by[s])) for s in ordered]

    def by_group(self) -> list[tuple[Group, tuple[Product, ...]]]:
        return [(g, tuple(p for p in self.products if p.group is g)) for g in ALL_GROUPS]

    def by_stars(self) -> list[tuple[int, tuple[Product, ...]]]:
        return [(s, tuple(p for p in self.products if p.stars == s)) for s in (5, 4, 3)]


def certificate_status(cert: Certificate, withdrawn: bool, today: dt.date) -> str:
    """valid / expiring (within 90 days) / expired / withdrawn, as of ``today``."""
    if withdrawn:
        return "withdrawn"
    if today > cert.valid_until:
        return "expired"
    if (cert.valid_until - today).days <= EXPIRING_DAYS:
        return "expiring"
    return "valid"


def _s(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    return value if isinstance(value, str) else ""


MARKDOWN_FIELDS = ("description", "ingredients")


def render_texts(data: dict[str, Any]) -> dict[str, str]:
    """The HTML of a record's Markdown fields, by field path: it depends on the record only, so it is cached."""
    out = {k: str(markdown(data[k])) for k in MARKDOWN_FIELDS if isinstance(data.get(k), str)}
    for i, step in enumerate(data.get("traceability") or ()):
        if isinstance(step, dict) and isinstance(step.get("details"), str):
            out[f"traceability.{i}.details"] = str(markdown(step["details"]))
    return out | render_english(data)


def _html(html: dict[str, str] | None, key: str, text: str) -> Markup:
    if html is not None and key in html:
        return as_markup(html[key])
    return markdown(text) if text else NO_HTML


def build_producer(
    data: dict[str, Any], source: Path, html: dict[str, str] | None = None, digest: str = ""
) -> Producer:
    c = data.get("contacts") or {}
    return Producer(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        commune=units().communes[data["address"]["commune"]],
        street=_s(data["address"], "street"),
        representative=_s(data, "representative"),
        contacts=Contacts(_s(c, "phone"), _s(c, "zalo"), _s(c, "email"), _s(c, "website")),
        description=_html(html, "description", _s(data, "description")),
        source=source,
        digest=digest,
        en=english(data, html),
    )


def _certificate(cd: dict[str, Any], documents: dict[str, str], folder: Path) -> Certificate:
    """A checked record's certificate; its end is 36 months after issue unless the record says."""
    issued = parse_date(cd["date"])
    assert issued is not None  # validated
    until = parse_date(cd["valid_until"]) if "valid_until" in cd else certificate_end(issued)
    assert until is not None
    sd = cd.get("score")
    return Certificate(
        decision=cd["decision"],
        date=issued,
        issuer=cd["issuer"],
        valid_until=until,
        score=Score(
            sd["total"],
            sd.get("a"),
            sd.get("b"),
            sd.get("c"),
            tuple(Criterion(c["part"], c["name"], c["score"], c["max"]) for c in sd.get("criteria", ())),
        )
        if sd
        else None,
        document=document(cd["document"], documents, folder) if "document" in cd else None,
    )


def build_product(
    data: dict[str, Any],
    source: Path,
    today: dt.date,
    html: dict[str, str] | None = None,
    digest: str = "",
    documents: dict[str, str] | None = None,
) -> Product:
    """The model of one checked product record; ``documents`` has the SHA-256 of files it names."""
    cert = _certificate(data["certificate"], documents or {}, source.parent)
    od = data["origin"]
    coords = od.get("coordinates")
    wd = data.get("withdrawn")
    withdrawal = Withdrawal(parse_date(wd["date"]), wd["reason"]) if wd else None  # type: ignore[arg-type]
    price = data.get("price") or {}
    steps = tuple(
        Step(
            stage=s["stage"],
            date=s["date"],
            until=_s(s, "until"),
            place=_s(s, "place"),
            actor=_s(s, "actor"),
            details=_html(html, f"traceability.{i}.details", _s(s, "details")),
            evidence=_s(s, "evidence"),
        )
        for i, s in sorted(
            enumerate(data.get("traceability", ())), key=lambda e: loose_date_start(e[1]["date"]) or dt.date.min
        )
    )
    return Product(
        id=data["id"],
        name=data["name"],
        stars=data["stars"],
        group=GROUP_BY_KEY[data["group"]],
        producer_id=data["producer"],
        description=_html(html, "description", data["description"]),
        images=tuple(source.parent / name for name in data["images"]),
        certificate=cert,
        origin=Origin(
            units().communes[od["commune"]],
            _s(od, "place"),
            (float(coords[0]), float(coords[1])) if coords else None,
        ),
        status=certificate_status(cert, data.get("status") == "withdrawn", today),
        source=source,
        digest=digest,
        packaging=_s(data, "packaging"),
        net_weight=_s(data, "net_weight"),
        shelf_life=_s(data, "shelf_life"),
        ingredients=_html(html, "ingredients", _s(data, "ingredients")),
        price=price.get("amount"),
        price_unit=_s(price, "unit"),
        buy=tuple(
            BuyLink(b["kind"], b["url"], b.get("label") or SHOP_KINDS[b["kind"]][0]) for b in data.get("buy", ())
        ),
        traceability=steps,
        withdrawal=withdrawal,
        gtin=_s(data, "gtin"),
        en=english(data, html),
    )


def build_catalogue(
    products: list[Product], producers: list[Producer], build_date: dt.date, lots: list[Lot] | None = None
) -> Catalogue:
    products_sorted = tuple(sorted(products, key=lambda p: p.id))
    by_producer: dict[str, list[Product]] = {}
    for p in products_sorted:
        by_producer.setdefault(p.producer_id, []).append(p)
    lots_sorted = tuple(sorted(lots or (), key=lambda lot: lot.id))
    by_product: dict[str, list[Lot]] = {}
    for lot in sorted(lots_sorted, key=lambda lot: (lot.produced, lot.id), reverse=True):
        by_product.setdefault(lot.product_id, []).append(lot)
    return Catalogue(
        products=products_sorted,
        producers=tuple(sorted(producers, key=lambda p: p.id)),
        build_date=build_date,
        products_by_producer={k: tuple(v) for k, v in by_producer.items()},
        producer_by_id={p.id: p for p in producers},
        lots=lots_sorted,
        lots_by_product={k: tuple(v) for k, v in by_product.items()},
        lot_by_id={lot.id: lot for lot in lots_sorted},
        product_by_id={p.id: p for p in products_sorted},
    )
