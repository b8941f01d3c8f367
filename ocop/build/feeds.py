"""What changed, as Atom feeds, and the open-data page that lists every download.

Feeds (RFC 4287): ``nguon-tin/atom.xml`` for the nation and ``nguon-tin/<province>.xml`` for each
province with products, linked from every page's ``<head>`` (``<link rel="alternate">``). Their
entries are the catalogue's events: a new product (its first commit, else its certificate date), a
changed product (its last commit, when later than the first), a withdrawn certificate, a recalled
lot, and a certificate that expired before the build date. Newest first, at most ``LIMIT`` a feed.

Entry ids are ``tag:`` URIs (RFC 4151) minted from the site's host and the event, never from the
build: a reader that has seen an entry never sees it again as new. An event that can happen again
(a change, a recall, an expiry) carries its date in its id; a product is new only once. A feed's
``updated`` is its newest entry's date, not the clock, so the same records give the same bytes.

The page ``du-lieu/`` lists the open-data files (exports.py) and these feeds, each with its licence,
size and date; it is described here because only here are both known.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..domain.model import Catalogue, Product
from ..domain.units import units
from ..keys import content_key
from . import exports
from .pages import Page, Shown

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE = "nguon-tin/"
NATIONAL = BASE + "atom.xml"
LIMIT = 200  # entries a feed: readers keep what they have seen, so a feed needs only the recent past
# The date in every tag: URI. RFC 4151 asks for a day the site's owner held the host name; it must
# never change afterwards, or every id would change with it.
TAG_DATE = "2026"
KINDS = {  # event → (category label, title prefix)
    "new": ("Sản phẩm mới", "Sản phẩm mới"),
    "changed": ("Cập nhật hồ sơ", "Cập nhật"),
    "withdrawn": ("Thu hồi giấy chứng nhận", "Thu hồi giấy chứng nhận"),
    "recalled": ("Thu hồi lô hàng", "Thu hồi lô hàng"),
    "expired": ("Giấy chứng nhận hết hạn", "Hết hạn giấy chứng nhận"),
}


@dataclass(frozen=True, slots=True)
class Event:
    day: dt.date
    kind: str  # a key of KINDS
    key: str  # what the id names after the tagging entity: "p/hn-001/changed/2026-12-01"
    title: str
    summary: str
    path: str  # the page, under the site
    province: str  # slug


def _vi(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _product_events(p: Product, today: dt.date) -> Iterator[Event]:
    about = f"{p.name}: OCOP {p.stars} sao, {p.group.label}, {p.province.name}."
    slug = p.province.slug

    def event(kind: str, day: dt.date, summary: str, named: dt.date | None) -> Event:
        key = f"p/{p.id}/{kind}" + (f"/{named.isoformat()}" if named else "")
        return Event(day, kind, key, f"{KINDS[kind][1]}: {p.name}", summary, p.url, slug)

    if p.created is not None:
        yield event("new", p.created, about, None)
    if p.updated is not None and p.created is not None and p.updated > p.created:
        yield event("changed", p.updated, f"Hồ sơ được cập nhật ngày {_vi(p.updated)}. {about}", p.updated)
    if p.withdrawal is not None:
        w = p.withdrawal
        yield event("withdrawn", w.date, f"Ngày {_vi(w.date)}. Lý do: {w.reason} {about}", w.date)
    elif p.certificate.valid_until < today:
        c = p.certificate
        # Named by the certificate's last day, so a renewed certificate that lapses again is a new entry;
        # dated the day after, the first day it is no longer valid.
        summary = f"Giấy chứng nhận {c.decision} hết hiệu lực sau ngày {_vi(c.valid_until)}. {about}"
        yield event("expired", c.valid_until + dt.timedelta(days=1), summary, c.valid_until)


def events(cat: Catalogue) -> list[Event]:
    """Every event of the catalogue, newest first (ties by id, so the order never depends on chance)."""
    found: list[Event] = []
    for p in cat.products:
        found += _product_events(p, cat.build_date)
    for lot in cat.lots:
        if lot.recall is None:
            continue
        p, r = cat.product_by_id[lot.product_id], lot.recall
        title = f"{KINDS['recalled'][1]} {lot.code}: {p.name}"
        summary = f"Ngày {_vi(r.date)}. Lý do: {r.reason} Việc cần làm: {r.action}"
        key = f"lo/{lot.id}/recalled/{r.date.isoformat()}"
        found.append(Event(r.date, "recalled", key, title, summary, lot.url, p.province.slug))
    found.sort(key=lambda e: e.key)
    found.sort(key=lambda e: e.day, reverse=True)  # stable: the id order stays within a day
    return found


def _tag(site_url: str) -> str:
    """``tag:<host>,<date>:`` plus the site's path, so two catalogues on one host never share an id."""
    parts = urlsplit(site_url)
    path = parts.path.strip("/")
    return f"tag:{parts.hostname},{TAG_DATE}:" + (path + "/" if path else "")


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+07:00"  # Vietnam has kept UTC+7 all year since 1975


def _add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, name, attrs)
    element.text = text
    return element


def feed_bytes(site_url: str, path: str, title: str, page: str, found: list[Event], today: dt.date) -> bytes:
    """One Atom feed at ``path`` over ``found`` (already newest first), alternate to the page ``page``."""
    base, tag = site_url.rstrip("/") + "/", _tag(site_url)
    shown = found[:LIMIT]
    # Atom is the default namespace, written as a plain xmlns attribute: ElementTree's default_namespace
    # refuses unqualified attributes (rel, href), and register_namespace would change every caller's output.
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "vi"})
    _add(root, "id", tag + path)
    _add(root, "title", title)
    _add(root, "subtitle", "Sản phẩm mới, hồ sơ cập nhật, thu hồi giấy chứng nhận, thu hồi lô hàng, hết hạn.")
    _add(root, "updated", _stamp(shown[0].day if shown else today))
    _add(root, "link", rel="self", type="application/atom+xml", href=base + path)
    _add(root, "link", rel="alternate", type="text/html", href=base + page)
    _add(root, "link", rel="license", href=exports.LICENSE["path"])  # RFC 4946
    _add(root, "rights", exports.ATTRIBUTION.format(url=base + exports.BASE))
    author = _add(root, "author")
    _add(author, "name", "Danh mục mở sản phẩm OCOP")
    _add(author, "uri", base)
    for e in shown:
        entry = _add(root, "entry")
        _add(entry, "id", tag + e.key)
        _add(entry, "title", e.title)
        _add(entry, "updated", _stamp(e.day))
        _add(entry, "link", rel="alternate", type="text/html", href=base + e.path)
        _add(entry, "category", term=e.kind, label=KINDS[e.kind][0])
        _add(entry, "summary", e.summary)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_files(cat: Catalogue, site_url: str) -> dict[str, bytes]:
    """The national feed and one per province with products; none without the site's address (an
    Atom id and its links must be absolute)."""
    if not site_url:
        return {}
    found = events(cat)
    today = cat.build_date
    files = {NATIONAL: feed_bytes(site_url, NATIONAL, "Sản phẩm OCOP: thay đổi mới nhất", "", found, today)}
    for province, _ in cat.provinces():
        own = [e for e in found if e.province == province.slug]
        title = f"Sản phẩm OCOP {province.name}: thay đổi mới nhất"
        path = f"{BASE}{province.slug}.xml"
        files[path] = feed_bytes(site_url, path, title, f"tinh/{province.slug}/", own, today)
    return files


# -- the open-data page

PAGE = exports.BASE + "index.html"
ABOUT_PACKAGE = ("Mô tả dữ liệu (Frictionless Data Package)", "Data package (Frictionless)", "json")


def describe_data_pages(shown: Shown, sizes: Mapping[str, int]) -> Iterator[Page]:
    """``du-lieu/``: every download with its licence, size and date. ``sizes``: bytes by site path of
    every file the build made (only the open-data files and the feeds are listed)."""
    listed = tuple(sorted((path, n) for path, n in sizes.items() if path.startswith((exports.BASE, BASE))))
    ref = (shown.cat.build_date.isoformat(), listed)
    yield Page(PAGE, "data.html", "data", ref, (content_key(json.dumps(ref)),))


def human_size(n: int) -> str:
    """12345 → "12,3 kB", with a decimal comma as Vietnamese is written (kB = 1,000 bytes)."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= scale:
            return f"{n / scale:.1f}".replace(".", ",") + f" {unit}"
    return f"{n} B"


def _file(path: str, n: int) -> dict[str, Any]:
    name = path.rsplit("/", 1)[-1]
    vi, en, fmt = exports.FILES[name][:3] if name in exports.FILES else ABOUT_PACKAGE
    return {"href": path, "name": name, "vi": vi, "en": en, "format": fmt, "size": human_size(n), "bytes": n}


def _data(shown: Shown, page: Page) -> dict[str, Any]:
    day, listed = page.ref
    national, feeds, by_province = [], [], {}
    for path, n in listed:
        parts = path.split("/")
        if path.startswith(BASE):
            slug = parts[1].removesuffix(".xml")
            name = units().provinces[slug].name if slug in units().provinces else "Cả nước / Whole country"
            code = units().provinces[slug].code if slug in units().provinces else ""
            feeds.append({"href": path, "name": name, "size": human_size(n), "bytes": n, "order": code})
        elif len(parts) == 2:
            national.append(_file(path, n))
        else:
            by_province.setdefault(parts[2], []).append(_file(path, n))
    order = sorted(by_province, key=lambda s: units().provinces[s].code)
    tables = [
        (name, exports.FILES[name][0], exports.FILES[name][1], [c[:4] for c in columns])
        for name, columns in (
            ("san-pham.csv", exports.PRODUCT_COLUMNS),
            ("chu-the.csv", exports.PRODUCER_COLUMNS),
            ("lo-hang.csv", exports.LOT_COLUMNS),
        )
    ]
    return {
        "day": day,
        "license": exports.LICENSE,
        "attribution": exports.ATTRIBUTION.format(url=shown.site_url + exports.BASE),
        "national": national,
        "provinces": [(units().provinces[s], by_province[s]) for s in order],
        "feeds": sorted(feeds, key=lambda f: f["order"]),  # the nation first, then the official order
        "tables": tables,
        "counts": {"products": len(shown.cat.products), "producers": len(shown.cat.producers)},
    }


DATA_CONTEXTS: dict[str, Callable[[Shown, Page], dict[str, Any]]] = {"data": _data}
