"""Figures for the national OCOP office: ``/thong-ke/``, each province's own figures, and CSV files.

What the office asks of a static site: counts by province, stars, group and certificate status;
the certificates that lapse within 90 and 180 days, per province with their dates, so that a
province renews them in time; and how complete each province's records are (a real photo rather
than the generated placeholder, traceability, shop links, coordinates, the decision document,
lots). Every chart is SVG written here at build time: no script, no font of its own, a ``<title>``
for screen readers and the same numbers in a table beside it. Every table is also a CSV file
(UTF-8 with a byte-order mark, so Excel reads the Vietnamese letters; a header row).

Figures are plain frozen values computed once from the model; pages carry them in their ``ref``
and depend on a hash of them, so a change anywhere in a province changes its page's key.

A placeholder photo is known by the JPEG comment ``ocop.authoring.placeholder`` writes
(``PLACEHOLDER_COMMENT``): a file name says nothing, since an officer replaces a placeholder by a
real photo under the same name.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from ..domain.model import ALL_GROUPS, EXPIRING_DAYS, STATUS_LABELS, Catalogue, Product
from ..domain.units import Province, units
from ..keys import content_key
from ..store import Store
from ..workers import threads_map
from .pages import CONTEXTS, Page, Shown
from .photos import Derived

WINDOW_DAYS = 180  # the longer look-ahead; the shorter is the model's "expiring soon" (90 days)
BASE = "thong-ke/"
PLACEHOLDER_COMMENT = b"OCOP placeholder: ANH MINH HOA"
PLACEHOLDER_NS = "placeholder"
PLACEHOLDER_VERSION = "1"
HEAD_BYTES = 65_536  # a JPEG's comment comes before its image data, near the start


def N_(message: str) -> str:
    """Marks a message for the English edition's catalogue (``pybabel extract`` finds N_ calls)."""
    return message


# What a record may lack, in the order of the data-quality table: key, column heading.
LACKS: tuple[tuple[str, str], ...] = (
    ("photo", N_("Chưa có ảnh thật")),
    ("traceability", N_("Chưa có truy xuất nguồn gốc")),
    ("buy", N_("Chưa có nơi mua")),
    ("coordinates", N_("Chưa có tọa độ")),
    ("document", N_("Chưa có văn bản quyết định")),
    ("lots", N_("Chưa có lô hàng")),
)


@dataclass(frozen=True, slots=True)
class Expiring:
    product_id: str
    name: str
    url: str
    stars: int
    province: str  # slug
    decision: str
    issuer: str
    valid_until: str  # ISO date
    days: int  # from the build date


@dataclass(frozen=True, slots=True)
class Counts:
    total: int
    stars: tuple[tuple[int, int], ...]  # (stars, products), 3 to 5
    groups: tuple[tuple[str, int], ...]  # (group key, products), in the official order
    status: tuple[tuple[str, int], ...]  # (STATUS_LABELS key, products)
    lacking: tuple[tuple[str, int], ...]  # (LACKS key, products)
    expiring: tuple[Expiring, ...]  # certificates ending within WINDOW_DAYS, soonest first

    def within(self, days: int) -> int:
        return sum(1 for e in self.expiring if e.days <= days)


@dataclass(frozen=True, slots=True)
class Figures:
    build_date: str
    national: Counts
    provinces: tuple[tuple[Province, Counts], ...]  # all 34, in the official order

    def province(self, slug: str) -> Counts:
        return next(c for pv, c in self.provinces if pv.slug == slug)


# --- placeholder photos -------------------------------------------------------------------------


def jpeg_comments(data: bytes) -> list[bytes]:
    """The COM segments of a JPEG before its image data (none when ``data`` is not a JPEG)."""
    out: list[bytes] = []
    if not data.startswith(b"\xff\xd8"):
        return out
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xDA, 0xD9):  # start of scan, end of image
            break
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if marker == 0xFE:
            out.append(data[i + 4 : i + 2 + length])
        i += 2 + length
    return out


def is_placeholder(data: bytes) -> bool:
    return any(PLACEHOLDER_COMMENT in c for c in jpeg_comments(data))


def _file_is_placeholder(path: str) -> bool | None:
    try:
        with open(path, "rb") as f:
            return is_placeholder(f.read(HEAD_BYTES))
    except OSError:
        return None  # gone since the check: not known, so not cached


def placeholder_products(cat: Catalogue, images: Mapping[str, Derived], store: Store) -> frozenset[str]:
    """Ids of products with no real photo: every photo is a generated placeholder (or there is none).

    Each photo is judged once by its content (its derivatives' key) and the answer kept in the store."""
    paths = sorted({str(ph) for p in cat.products for ph in p.images})
    keys = {path: content_key(PLACEHOLDER_VERSION, images[path].key) for path in paths if path in images}
    known = {k: v == b"1" for k, v in store.get_many(PLACEHOLDER_NS, keys.values()).items()}
    todo = list({keys[p]: p for p in paths if p in keys and keys[p] not in known}.items())
    answers = threads_map(_file_is_placeholder, [path for _, path in todo])
    new = {key: flag for (key, _), flag in zip(todo, answers, strict=True) if flag is not None}
    store.put_many(PLACEHOLDER_NS, {k: b"1" if v else b"0" for k, v in new.items()})
    known.update(new)
    fake = {path for path, key in keys.items() if known.get(key)}
    return frozenset(p.id for p in cat.products if all(str(ph) in fake for ph in p.images))


# --- figures ------------------------------------------------------------------------------------


def lacks(cat: Catalogue, p: Product, placeholders: frozenset[str]) -> dict[str, bool]:
    """What the product's record lacks, by LACKS key."""
    return {
        "photo": p.id in placeholders,
        "traceability": not p.traceability,
        "buy": not p.buy,
        "coordinates": p.origin.coordinates is None,
        "document": p.certificate.document is None,
        "lots": not cat.lots_by_product.get(p.id),
    }


def expiring(products: Iterable[Product], today: dt.date) -> tuple[Expiring, ...]:
    """Certificates still in force that end within WINDOW_DAYS of ``today``, soonest first."""
    out = []
    for p in products:
        days = (p.certificate.valid_until - today).days
        if p.status != "withdrawn" and 0 <= days <= WINDOW_DAYS:
            c = p.certificate
            out.append(
                Expiring(
                    p.id, p.name, p.url, p.stars, p.province.slug, c.decision, c.issuer, c.valid_until.isoformat(), days
                )
            )
    return tuple(sorted(out, key=lambda e: (e.valid_until, e.name, e.product_id)))


def counts(cat: Catalogue, products: tuple[Product, ...], placeholders: frozenset[str]) -> Counts:
    stars = {n: 0 for n in (3, 4, 5)}
    groups = {g.key: 0 for g in ALL_GROUPS}
    status = {k: 0 for k in STATUS_LABELS}
    lacking = {k: 0 for k, _ in LACKS}
    for p in products:
        stars[p.stars] += 1
        groups[p.group.key] += 1
        status[p.status] += 1
        for key, missing in lacks(cat, p, placeholders).items():
            lacking[key] += missing
    return Counts(
        len(products),
        tuple(stars.items()),
        tuple(groups.items()),
        tuple(status.items()),
        tuple(lacking.items()),
        expiring(products, cat.build_date),
    )


def figures(cat: Catalogue, placeholders: frozenset[str]) -> Figures:
    by: dict[str, list[Product]] = {slug: [] for slug in units().provinces}
    for p in cat.products:
        by[p.province.slug].append(p)
    provinces = sorted(units().provinces.values(), key=lambda pv: pv.code)
    return Figures(
        cat.build_date.isoformat(),
        counts(cat, cat.products, placeholders),
        tuple((pv, counts(cat, tuple(by[pv.slug]), placeholders)) for pv in provinces),
    )


# --- charts -------------------------------------------------------------------------------------


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]], colour: str = "#2e7d32") -> Markup:
    """A horizontal bar chart as inline SVG: ``role="img"``, named by its ``<title>``, no script,
    and text in the page's own font. Sized by its viewBox, so it scales to any screen."""
    label_w, bar_w, row_h = 160, 300, 22
    most = max((n for _, n in rows), default=0) or 1
    height = row_h * len(rows) + 8
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" viewBox="0 0 {label_w + bar_w + 60} {height}"'
        f' xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(title)}</title>'
    ]
    for i, (label, n) in enumerate(rows):
        y = 4 + i * row_h
        w = round(bar_w * n / most, 1)
        short = label if len(label) <= 24 else label[:23] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" fill="{colour}"/>'
            f'<text x="{label_w + w + 5}" y="{y + 15}">{n}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def group_rows(c: Counts) -> list[tuple[str, int]]:
    labels = {g.key: g.label for g in ALL_GROUPS}
    return [(labels[k], n) for k, n in c.groups]


def status_rows(c: Counts) -> list[tuple[str, int]]:
    return [(STATUS_LABELS[k][0], n) for k, n in c.status]


# --- pages --------------------------------------------------------------------------------------


def _digest(value: Any) -> str:
    return content_key(repr(value))


def describe_stats_pages(shown: Shown, placeholders: frozenset[str]) -> Iterator[Page]:
    """``thong-ke/``: the national figures page. It depends on the figures themselves."""
    fig = figures(shown.cat, placeholders)
    yield Page(f"{BASE}index.html", "stats.html", "stats", (fig,), (_digest(fig),))


def with_province_figures(pages: Iterable[Page], shown: Shown, placeholders: frozenset[str]) -> Iterator[Page]:
    """The pages as described, the first page of each province's list given that province's figures
    and expiring certificates (and keyed by them: they cover products the page does not list).

    A list page's ref is pages.list_pages's (title, kind, base, total, page number, pages, positions)."""
    fig: Figures | None = None
    for page in pages:
        if page.kind == "list" and page.ref[1] == "province" and page.ref[4] == 1:
            fig = fig or figures(shown.cat, placeholders)
            slug = page.ref[2].split("/")[1]
            mine = fig.province(slug)
            deps = (*(page.deps or ()), _digest(mine))
            page = dataclasses.replace(page, kind="province-list", ref=(*page.ref, slug, mine), deps=deps)
        yield page


def _stats(shown: Shown, page: Page) -> dict[str, Any]:
    """The figures; the template labels the tables and draws the charts (bar_chart) in its edition's words."""
    fig: Figures = page.ref[0]
    return {
        "fig": fig,
        "lacks": LACKS,
        "groups_by_key": {g.key: g for g in ALL_GROUPS},
        "expiring_days": (EXPIRING_DAYS, WINDOW_DAYS),
        "provinces": fig.provinces,
        "province_rows": [(pv.short_name, c.total) for pv, c in fig.provinces],
    }


def _province_list(shown: Shown, page: Page) -> dict[str, Any]:
    """A province's first list page: the list as usual, and the province's figures."""
    context = CONTEXTS["list"](shown, dataclasses.replace(page, ref=page.ref[:7]))
    slug, mine = page.ref[7], page.ref[8]
    context["province_figures"] = {
        "slug": slug,
        "counts": mine,
        "lacks": LACKS,
        "groups_by_key": {g.key: g for g in ALL_GROUPS},
        "expiring_days": (EXPIRING_DAYS, WINDOW_DAYS),
        "csv": f"{BASE}tinh/{slug}/",
    }
    return context


STATS_CONTEXTS: dict[str, Callable[[Shown, Page], dict[str, Any]]] = {
    "stats": _stats,
    "province-list": _province_list,
}


# --- CSV files ----------------------------------------------------------------------------------


def csv_bytes(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads Vietnamese letters right), CRLF, a header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


EXPIRING_HEADER = [
    "Mã tỉnh",
    "Tỉnh, thành phố",
    "Mã sản phẩm",
    "Tên sản phẩm",
    "Hạng sao",
    "Số quyết định",
    "Cơ quan cấp",
    "Hiệu lực đến",
    "Số ngày còn lại",
    f"Trong {EXPIRING_DAYS} ngày",
    "Địa chỉ trang",
]


def _expiring_rows(rows: Iterable[Expiring], site_url: str) -> Iterator[list[Any]]:
    provinces = units().provinces
    for e in rows:
        pv = provinces[e.province]
        yield [
            pv.code,
            pv.name,
            e.product_id,
            e.name,
            e.stars,
            e.decision,
            e.issuer,
            e.valid_until,
            e.days,
            "có" if e.days <= EXPIRING_DAYS else "không",
            site_url + e.url,
        ]


def _quality_rows(cat: Catalogue, products: Iterable[Product], placeholders: frozenset[str]) -> Iterator[list[Any]]:
    """One row per product that lacks something, with a mark in each column it lacks."""
    for p in products:
        flags = lacks(cat, p, placeholders)
        if any(flags.values()):
            yield [p.province.code, p.province.name, p.id, p.name, *("x" if flags[k] else "" for k, _ in LACKS)]


def _tally(c: Counts) -> list[Any]:
    return [c.total, *(n for _, n in c.stars), *(n for _, n in c.status), *(n for _, n in c.groups)]


def stats_files(cat: Catalogue, placeholders: frozenset[str], site_url: str = "") -> dict[str, bytes]:
    """Every table of the figures pages as CSV, under ``thong-ke/`` (each province's under ``tinh/<slug>/``)."""
    fig = figures(cat, placeholders)
    n = fig.national
    tally_header = [
        "Tổng số",
        *(f"{k} sao" for k, _ in n.stars),
        *(STATUS_LABELS[k][0] for k, _ in n.status),
        *(g.label for g in ALL_GROUPS),
    ]
    lack_header = [label for _, label in LACKS]
    files = {
        f"{BASE}tinh.csv": csv_bytes(
            ["Mã tỉnh", "Tỉnh, thành phố", *tally_header], ([pv.code, pv.name, *_tally(c)] for pv, c in fig.provinces)
        ),
        f"{BASE}sao.csv": csv_bytes(["Hạng sao", "Số sản phẩm"], n.stars),
        f"{BASE}nhom.csv": csv_bytes(["Nhóm sản phẩm", "Số sản phẩm"], group_rows(n)),
        f"{BASE}trang-thai.csv": csv_bytes(["Tình trạng giấy chứng nhận", "Số sản phẩm"], status_rows(n)),
        f"{BASE}sap-het-han-theo-tinh.csv": csv_bytes(
            ["Mã tỉnh", "Tỉnh, thành phố", f"Trong {EXPIRING_DAYS} ngày", f"Trong {WINDOW_DAYS} ngày"],
            ([pv.code, pv.name, c.within(EXPIRING_DAYS), c.within(WINDOW_DAYS)] for pv, c in fig.provinces),
        ),
        f"{BASE}sap-het-han.csv": csv_bytes(
            EXPIRING_HEADER, _expiring_rows((e for _, c in fig.provinces for e in c.expiring), site_url)
        ),
        f"{BASE}chat-luong-du-lieu.csv": csv_bytes(
            ["Mã tỉnh", "Tỉnh, thành phố", "Tổng số", *lack_header],
            ([pv.code, pv.name, c.total, *(k for _, k in c.lacking)] for pv, c in fig.provinces),
        ),
        f"{BASE}chat-luong-du-lieu-san-pham.csv": csv_bytes(
            ["Mã tỉnh", "Tỉnh, thành phố", "Mã sản phẩm", "Tên sản phẩm", *lack_header],
            _quality_rows(cat, cat.products, placeholders),
        ),
    }
    for province, products in cat.provinces():
        c = fig.province(province.slug)
        folder = f"{BASE}tinh/{province.slug}/"
        files[f"{folder}so-lieu.csv"] = csv_bytes(
            ["Chỉ tiêu", "Số sản phẩm"], zip(tally_header, _tally(c), strict=True)
        )
        files[f"{folder}sap-het-han.csv"] = csv_bytes(EXPIRING_HEADER, _expiring_rows(c.expiring, site_url))
        files[f"{folder}chat-luong-du-lieu.csv"] = csv_bytes(
            ["Mã tỉnh", "Tỉnh, thành phố", "Mã sản phẩm", "Tên sản phẩm", *lack_header],
            _quality_rows(cat, products, placeholders),
        )
    return files
