"""The catalogue's pages, described as data: a path, a template, what the page shows, what it depends on.

A description is small and plain (ids and numbers, never model objects), so pages can be
described, keyed and handed to worker processes a slice at a time; ``context`` turns one into
what its template needs, over the model the worker inherited. Every link is relative (``root``
is the way back to the site's top), so the site works at a domain root and under a sub-path.
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..domain.fold import fold
from ..domain.model import STATUS_LABELS, STATUS_LIST_TITLES, STATUS_SLUGS, Catalogue, Producer, Product
from ..domain.units import units
from ..store import Store
from . import qr
from .photos import Derived, Variant

ALL_PAGE_FIRST = 60
LOTS_SHOWN = 10  # a product page lists its newest lots; every lot keeps its own page
LIST_PAGE_SIZE = 48
HOME_FEATURED = 6  # products with their photos on the home page
NOT_FOUND = "404.html"  # hosts serve it for any missing path, at that path's depth
UNLISTED = frozenset({NOT_FOUND})  # pages the sitemap leaves out (noindex)


@dataclass(frozen=True)
class Page:
    path: str  # output file, e.g. "p/hn-001/index.html"
    template: str
    kind: str  # how ``context`` makes what the template shows: product, producer, list, home, search, all
    ref: tuple[Any, ...] = ()  # plain values naming what the page shows (positions in the model's tuples)
    # Content hashes of everything the page shows (records, photos), or None to always render.
    # With the site-wide settings they decide whether a page already in the store can be used.
    deps: tuple[str, ...] | None = None
    qr_url: str = ""  # the URL the page's QR code carries, if it shows one
    qr_svg: str = ""  # filled in by Shown.prepare just before rendering
    # The site's path from the host's root ("/", "/ocop/"), for a page served at any depth (404.html):
    # its links cannot be relative to where it is stored.
    base: str = ""

    @property
    def root(self) -> str:
        """Way back to the site's top from this page: relative, unless the page has a fixed ``base``."""
        if self.base:
            return self.base
        depth = self.path.count("/")
        return "../" * depth if depth else "./"


@dataclass(frozen=True, slots=True)
class Card:
    """A product as a list shows it: plain values, cheap to hand to a worker process."""

    url: str
    name: str
    stars: int
    place: str  # the province, as people say it
    group: str
    status: str
    status_label: str
    thumb: Variant | None  # the smallest photo derivative


@dataclass
class Shown:
    """What pages show besides the catalogue: photo derivatives and QR codes, plus lookups made once."""

    cat: Catalogue
    images: dict[str, Derived]  # source photo path → derivatives
    site_url: str
    store: Store
    position: dict[str, int] = field(default_factory=dict)  # product id → index in cat.products

    def __post_init__(self) -> None:
        self.position = {p.id: i for i, p in enumerate(self.cat.products)}

    @functools.cached_property
    def rank(self) -> dict[str, int]:
        """Each product's place in the catalogue, best first: lists sort by it. Sorting each list by
        ``best_first`` folded every name once a list (200,000 times at 20,000 products, 2 s a build)."""
        return {p.id: i for i, p in enumerate(sorted(self.cat.products, key=best_first))}

    def prepare(self, pages: Sequence[Page]) -> list[Page]:
        """Pages about to be rendered, with what only they need fetched from the store now, a slice
        at a time (the inline QR codes: 300 MB for 100,000 products if all were held at once)."""
        codes = qr.svgs([p.qr_url for p in pages if p.qr_url], self.store)
        return [dataclasses.replace(p, qr_svg=codes[p.qr_url]) if p.qr_url else p for p in pages]

    def card(self, p: Product) -> Card:
        """What a list shows of a product; small so long lists stay light."""
        thumb = self.images.get(str(p.images[0])) if p.images else None
        return Card(
            p.url,
            p.name,
            p.stars,
            p.province.short_name,
            p.group.label,
            p.status,
            p.status_label,
            thumb.variants[0] if thumb else None,
        )

    def card_deps(self, p: Product) -> tuple[str, ...]:
        thumb = self.images.get(str(p.images[0])) if p.images else None
        return (p.digest, thumb.key if thumb else "")


def best_first(p: Product) -> tuple[int, str, str, str]:
    """The order of every list, in the pages and in the browser (search.js): stars, then the name as
    people read it (without marks, so "Đ" sorts with "D", not after "Z"), then the name, then the id."""
    return (-p.stars, fold(p.name), p.name, p.id)


def page_suffix(n: int) -> str:
    """Where page ``n`` of a list lives below the list's own folder."""
    return "" if n == 1 else f"trang/{n}/"


def list_pages(base: str, title: str, kind: str, products: Iterable[Product], shown: Shown) -> Iterator[Page]:
    """A list in pages of LIST_PAGE_SIZE: at national scale a star level has 12,000 products,
    which as one page would be 4 MB of HTML. Best first: stars, then name."""
    ordered = sorted(products, key=lambda p: shown.rank[p.id])
    count = max(1, -(-len(ordered) // LIST_PAGE_SIZE))
    for n in range(1, count + 1):
        chunk = ordered[(n - 1) * LIST_PAGE_SIZE : n * LIST_PAGE_SIZE]
        yield Page(
            f"{base}{page_suffix(n)}index.html",
            "list.html",
            "list",
            (title, kind, base, len(ordered), n, count, tuple(shown.position[p.id] for p in chunk)),
            (title, str(len(ordered)), *(d for p in chunk for d in shown.card_deps(p))),
        )


def describe_pages(shown: Shown) -> Iterator[Page]:
    """Every catalogue page, as data, one at a time."""
    cat = shown.cat
    for i, p in enumerate(cat.products):
        producer = cat.producer_by_id[p.producer_id]
        photos = [shown.images[str(ph)] for ph in p.images if str(ph) in shown.images]
        siblings = [o for o in cat.products_by_producer[p.producer_id] if o.id != p.id][:6]
        yield Page(
            f"{p.url}index.html",
            "product.html",
            "product",
            (i,),
            (
                p.digest,
                producer.digest,
                *(ph.key for ph in photos),
                *(d for o in siblings for d in shown.card_deps(o)),
                *(lot.digest for lot in cat.lots_by_product.get(p.id, ())),
            ),
            qr_url=qr.product_url(shown.site_url, p.id),
        )
    for i, pr in enumerate(cat.producers):
        own = cat.products_by_producer.get(pr.id, ())
        yield Page(
            f"{pr.url}index.html",
            "producer.html",
            "producer",
            (i,),
            (pr.digest, *(d for p in own for d in shown.card_deps(p))),
        )
    for province, products in cat.provinces():
        yield from list_pages(f"tinh/{province.slug}/", province.name, "province", products, shown)
    for group, products in cat.by_group():
        yield from list_pages(group.url, group.label, "group", products, shown)
    for n, products in cat.by_stars():
        yield from list_pages(f"sao/{n}/", f"Sản phẩm OCOP {n} sao", "stars", products, shown)
    for status, slug in STATUS_SLUGS.items():
        chosen = [p for p in cat.products if p.status == status]
        yield from list_pages(f"trang-thai/{slug}/", STATUS_LIST_TITLES[status][0], "status", chosen, shown)
    yield Page("index.html", "home.html", "home")
    yield Page("tim-kiem/index.html", "search.html", "search")
    yield Page("san-pham/index.html", "all.html", "all")
    yield Page(
        "chu-the/index.html",
        "producers.html",
        "producers",
        deps=tuple(f"{pr.digest}:{len(cat.products_by_producer.get(pr.id, ()))}" for pr in cat.producers),
    )
    yield Page(NOT_FOUND, "notfound.html", "notfound", base=urlsplit(shown.site_url).path or "/")


def _product(shown: Shown, page: Page) -> dict[str, Any]:
    cat = shown.cat
    p = cat.products[page.ref[0]]
    siblings = [o for o in cat.products_by_producer[p.producer_id] if o.id != p.id][:6]
    lots = cat.lots_by_product.get(p.id, ())
    return {
        "product": p,
        "producer": cat.producer_by_id[p.producer_id],
        "photos": [shown.images[str(ph)] for ph in p.images if str(ph) in shown.images],
        "qr_svg": page.qr_svg,
        "siblings": [shown.card(o) for o in siblings],
        # Recalled lots first, whatever their age: a shopper holding one must see it.
        "recalled": [lot for lot in lots if lot.recalled],
        "lots": [lot for lot in lots if not lot.recalled][:LOTS_SHOWN],
        "lot_count": len(lots),
    }


def _producer(shown: Shown, page: Page) -> dict[str, Any]:
    pr = shown.cat.producers[page.ref[0]]
    return {"producer": pr, "cards": [shown.card(p) for p in shown.cat.products_by_producer.get(pr.id, ())]}


def _list(shown: Shown, page: Page) -> dict[str, Any]:
    title, kind, base, total, n, count, positions = page.ref
    return {
        "title": title,
        "kind": kind,
        "cards": [shown.card(shown.cat.products[i]) for i in positions],
        "total": total,
        "base": base,
        "page_no": n,
        "page_count": count,
        "first_index": (n - 1) * LIST_PAGE_SIZE + 1,
    }


def featured(cat: Catalogue, n: int = HOME_FEATURED) -> list[Product]:
    """What the home page shows with photos: the most stars, then the newest certificates (in force,
    with a photo), then the id: the same products for the same data."""
    shown = [p for p in cat.products if p.images and p.status in ("valid", "expiring")]
    return heapq.nsmallest(n, shown, key=lambda p: (-p.stars, -p.certificate.date.toordinal(), p.id))


def _home(shown: Shown, page: Page) -> dict[str, Any]:
    cat = shown.cat
    provinces = cat.provinces()
    status_counts: dict[str, int] = {k: 0 for k in STATUS_LABELS}
    for p in cat.products:
        status_counts[p.status] += 1
    return {
        "counts": {
            "products": len(cat.products),
            "producers": len(cat.producers),
            "provinces": len(provinces),
            "status": status_counts,
        },
        "status_slugs": STATUS_SLUGS,
        "featured": [shown.card(p) for p in featured(cat)],
        "provinces": [(pv, len(ps)) for pv, ps in provinces],
        "groups": [(g, len(ps)) for g, ps in cat.by_group()],
        "stars": [(n, len(ps)) for n, ps in cat.by_stars()],
    }


def _producers(shown: Shown, page: Page) -> dict[str, Any]:
    """Every producer, by province in the official order, by name within one (as people read it)."""
    cat = shown.cat
    by: dict[str, list[Producer]] = {}
    for pr in cat.producers:
        by.setdefault(pr.province.slug, []).append(pr)
    ordered = sorted(by, key=lambda slug: units().provinces[slug].code)
    return {
        "groups": [
            (
                units().provinces[slug],
                [
                    (pr, len(cat.products_by_producer.get(pr.id, ())))
                    for pr in sorted(by[slug], key=lambda pr: (fold(pr.name), pr.name, pr.id))
                ],
            )
            for slug in ordered
        ],
        "total": len(cat.producers),
    }


def _notfound(shown: Shown, page: Page) -> dict[str, Any]:
    cat = shown.cat
    return {"example_id": cat.products[0].id if cat.products else "hn-001", "total": len(cat.products)}


def _search(shown: Shown, page: Page) -> dict[str, Any]:
    cat = shown.cat
    return {
        "provinces": [pv for pv, _ in cat.provinces()],
        "total": len(cat.products),
        "example_id": cat.products[0].id if cat.products else "hn-001",
    }


def _all(shown: Shown, page: Page) -> dict[str, Any]:
    cat = shown.cat
    return {
        "provinces": [pv for pv, _ in cat.provinces()],
        # Without JavaScript the page shows the first products and the browse lists; with it,
        # the filters work over the whole list, however long it is.
        "cards": [shown.card(p) for p in heapq.nsmallest(ALL_PAGE_FIRST, cat.products, key=best_first)],
        "total": len(cat.products),
    }


CONTEXTS: dict[str, Callable[[Shown, Page], dict[str, Any]]] = {
    "product": _product,
    "producer": _producer,
    "list": _list,
    "home": _home,
    "search": _search,
    "all": _all,
    "producers": _producers,
    "notfound": _notfound,
}
