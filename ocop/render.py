"""Rendering catalogue pages straight from Jinja templates in ``theme/catalogue/``.

Pages are described first (a path, a template, a context), as pure data over the
model; then rendered, in parallel when there are many. Every link is relative
(``root`` is the way back to the site's top), so the site works at a domain root
and under a sub-path, on any static host.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .cache import content_key
from .images import Derived
from .model import ALL_GROUPS, EXPIRING_DAYS, STATUS_LABELS, Catalogue, Product
from .publish import token_of
from .schema import SHOP_KINDS

ALL_PAGE_FIRST = 60
LIST_PAGE_SIZE = 48
PARALLEL_THRESHOLD = 400  # below this many pages, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Site:
    """Site-wide settings and facts every page needs."""

    name: str
    url: str  # absolute, ends with "/"; "" when not configured
    demo_banner: bool
    build_date: str  # ISO date the statuses were computed for
    assets: dict[str, str]  # logical name ("ocop.css") -> hashed file path under the site root
    nav: tuple[tuple[str, str], ...] = ()  # narrative pages: (title, path under the root)
    # Assets made from the data (the product list, the search index): only pages that are always
    # rendered may refer to them, so a data change does not change every page's key.
    data_assets: tuple[str, ...] = ()
    language: str = "vi"


@dataclass(frozen=True)
class Page:
    path: str  # output file, e.g. "p/hn-001/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # Content hashes of everything the page shows (records, photos), or None to always render.
    # With the site-wide settings they decide whether last build's page can be kept unrendered.
    deps: tuple[str, ...] | None = None

    @property
    def root(self) -> str:
        """Relative way back to the site's top from this page."""
        depth = self.path.count("/")
        return "../" * depth if depth else "./"


def stars_text(n: int) -> str:
    return "★" * n


def vnd(amount: int | None) -> str:
    """150000 → "150.000 ₫", as prices are written in Vietnam."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " ₫"


def vi_date(value: Any) -> str:
    """2024-05-31 → 31/05/2024; also for 2024-05 and 2024."""
    text = str(value)
    parts = text.split("-")
    return "/".join(reversed(parts))


def make_env(template_dirs: Iterable[Path]) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(p) for p in template_dirs]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(stars=stars_text, vnd=vnd, vi_date=vi_date)
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        EXPIRING_DAYS=EXPIRING_DAYS,
        page_suffix=page_suffix,
        SHOP_KINDS=SHOP_KINDS,
        GROUPS=ALL_GROUPS,
    )
    return env


def product_card(p: Product, images: dict[str, Derived]) -> dict[str, Any]:
    """What a list shows of a product; small so long lists stay light."""
    thumb = images.get(str(p.images[0])) if p.images else None
    return {"product": p, "thumb": thumb}


def card_deps(p: Product, images: dict[str, Derived]) -> tuple[str, ...]:
    thumb = images.get(str(p.images[0])) if p.images else None
    return (p.digest, thumb.key if thumb else "")


def list_pages(
    base: str,
    title: str,
    kind: str,
    products: Iterable[Product],
    cards: dict[str, dict[str, Any]],
    shown: dict[str, tuple[str, ...]] | None = None,
) -> Iterator[Page]:
    """A list in pages of LIST_PAGE_SIZE: at national scale a star level has 12,000 products,
    which as one page would be 4 MB of HTML. Best first: stars, then name."""
    ordered = sorted(products, key=lambda p: (-p.stars, p.name, p.id))
    count = max(1, -(-len(ordered) // LIST_PAGE_SIZE))
    for n in range(1, count + 1):
        chunk = ordered[(n - 1) * LIST_PAGE_SIZE : n * LIST_PAGE_SIZE]
        yield Page(
            f"{base}{page_suffix(n)}index.html",
            "list.html",
            {
                "title": title,
                "kind": kind,
                "cards": [cards[p.id] for p in chunk],
                "total": len(ordered),
                "base": base,
                "page_no": n,
                "page_count": count,
                "first_index": (n - 1) * LIST_PAGE_SIZE + 1,
            },
            None if shown is None else (title, str(len(ordered)), *(d for p in chunk for d in shown[p.id])),
        )


def page_suffix(n: int) -> str:
    """Where page ``n`` of a list lives below the list's own folder."""
    return "" if n == 1 else f"trang/{n}/"


def describe_pages(
    cat: Catalogue,
    images: dict[str, Derived],
    qr_svgs: dict[str, str],
) -> Iterator[Page]:
    """Every catalogue page, as data. ``images`` maps a source image path to its derivatives."""
    cards = {p.id: product_card(p, images) for p in cat.products}
    shown = {p.id: card_deps(p, images) for p in cat.products}  # what a card of the product depends on
    for p in cat.products:
        producer = cat.producer_by_id[p.producer_id]
        photos = [images[str(i)] for i in p.images if str(i) in images]
        siblings = [o for o in cat.products_by_producer[p.producer_id] if o.id != p.id][:6]
        yield Page(
            f"p/{p.id}/index.html",
            "product.html",
            {
                "product": p,
                "producer": producer,
                "photos": photos,
                "qr_svg": qr_svgs[p.id],
                "siblings": [cards[o.id] for o in siblings],
            },
            (p.digest, producer.digest, *(ph.key for ph in photos), *(d for o in siblings for d in shown[o.id])),
        )
    for pr in cat.producers:
        own = cat.products_by_producer.get(pr.id, ())
        yield Page(
            f"chu-the/{pr.id}/index.html",
            "producer.html",
            {"producer": pr, "cards": [cards[p.id] for p in own]},
            (pr.digest, *(d for p in own for d in shown[p.id])),
        )
    provinces = cat.provinces()
    for province, products in provinces:
        yield from list_pages(f"tinh/{province.slug}/", province.name, "province", products, cards, shown)
    groups = cat.by_group()
    for group, products in groups:
        yield from list_pages(group.url, group.label, "group", products, cards, shown)
    stars = cat.by_stars()
    for n, products in stars:
        yield from list_pages(f"sao/{n}/", f"Sản phẩm OCOP {n} sao", "stars", products, cards, shown)
    status_counts: dict[str, int] = {k: 0 for k in STATUS_LABELS}
    for p in cat.products:
        status_counts[p.status] += 1
    yield Page(
        "index.html",
        "home.html",
        {
            "counts": {
                "products": len(cat.products),
                "producers": len(cat.producers),
                "provinces": len(provinces),
                "status": status_counts,
            },
            "provinces": [(pv, len(ps)) for pv, ps in provinces],
            "groups": [(g, len(ps)) for g, ps in groups],
            "stars": [(n, len(ps)) for n, ps in stars],
        },
    )
    yield Page(
        "tim-kiem/index.html",
        "search.html",
        {
            "provinces": [pv for pv, _ in provinces],
            "total": len(cat.products),
            "example_id": cat.products[0].id if cat.products else "hn-001",
        },
    )
    yield Page(
        "san-pham/index.html",
        "all.html",
        {
            "provinces": [pv for pv, _ in provinces],
            # Without JavaScript the page shows the first products and the browse lists; with it,
            # the filters work over the whole list (list_data), however long it is.
            "cards": [cards[p.id] for p in cat.products[:ALL_PAGE_FIRST]],
            "total": len(cat.products),
        },
    )


def list_data(cat: Catalogue, images: dict[str, Derived]) -> bytes:
    """The compact product list the all-products filters use, as JSON."""
    rows = []
    for p in cat.products:
        thumb = images.get(str(p.images[0])) if p.images else None
        rows.append(
            [
                p.id,
                p.name,
                p.stars,
                p.group.key,
                p.province.slug,
                p.status,
                cat.producer_by_id[p.producer_id].name,
                thumb.variants[0].webp if thumb else "",
            ]
        )
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()


# --- rendering -------------------------------------------------------------------------------

# Pages to render, handed to forked workers by inheritance rather than by pickling: a page's
# context holds model objects, and pickling 20,000 of them costs more than rendering them.
_job: tuple[list[Page], list[Path], Site, Path, dict[str, str] | None, dict[str, str], str] | None = None

_envs: dict[tuple[Path, ...], Environment] = {}

# path, token, the bytes when the caller needs them, the page's key (None: always rendered)
Rendered = tuple[str, str, bytes | None, str | None]


def site_key(template_dirs: list[Path], site: Site) -> str:
    """Everything besides a page's own inputs that shapes it: templates, settings, the code."""
    fields = dataclasses.asdict(site)
    fields["assets"] = {k: v for k, v in site.assets.items() if k not in site.data_assets}
    parts: list[str | bytes] = [json.dumps(fields, sort_keys=True)]
    for folder in template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.name, path.read_bytes()]
    here = Path(__file__).parent
    parts += [(here / name).read_bytes() for name in ("render.py", "model.py", "text.py", "schema.py")]
    parts.append((here / "data" / "units-2025.csv").read_bytes())
    return content_key(*parts)


def render_page(env: Environment, site: Site, page: Page) -> bytes:
    template = env.get_template(page.template)
    return template.render(site=site, root=page.root, page_path=page.path, **page.context).encode()


def _render_range(bounds: tuple[int, int]) -> list[Rendered]:
    """Pages start..end. Contiguous ranges keep a forked worker's reads (and so the pages of
    memory its reference counting copies) to its own part of the model."""
    assert _job is not None
    pages, template_dirs, site, staging, known, keys, site_key = _job
    env = _envs.get(tuple(template_dirs))
    if env is None:  # once per process; Jinja reloads a template whose file changed
        env = _envs[tuple(template_dirs)] = make_env(template_dirs)
    out: list[Rendered] = []
    for page in pages[bounds[0] : bounds[1]]:
        key = content_key(site_key, page.path, page.template, *page.deps) if page.deps is not None else None
        if known is not None and key is not None and keys.get(page.path) == key and page.path in known:
            out.append((page.path, known[page.path], None, key))  # nothing it shows has changed
            continue
        html = render_page(env, site, page)
        token = token_of(html)
        if known is None:  # the site is being replaced whole: write straight into the staging folder
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html)
            out.append((page.path, token, None, key))
        else:  # an update: only changed pages travel back
            out.append((page.path, token, None if known.get(page.path) == token else html, key))
    return out


def render_pages(
    pages: list[Page],
    template_dirs: list[Path],
    site: Site,
    staging: Path,
    known: dict[str, str] | None,
    keys: dict[str, str] | None = None,
    jobs: int | None = None,
) -> list[Rendered]:
    """Render every page, in forked worker processes when there are enough of them.

    ``known`` is what the site holds (path → token) and ``keys`` the pages' keys when they
    were made: a page whose key is unchanged is not rendered again."""
    global _job
    jobs = jobs or os.cpu_count() or 1
    _job = (pages, template_dirs, site, staging, known, keys or {}, site_key(template_dirs, site))
    try:
        if jobs == 1 or len(pages) < PARALLEL_THRESHOLD or "fork" not in mp.get_all_start_methods():
            return _render_range((0, len(pages)))
        # Many small ranges handed out as workers free up: lists are paged, so no range is much
        # heavier than another, and the last ones even out the finish.
        size = -(-len(pages) // (jobs * 16))
        ranges = [(i, min(i + size, len(pages))) for i in range(0, len(pages), size)]
        with mp.get_context("fork").Pool(jobs) as pool:
            return [r for chunk in pool.imap(_render_range, ranges) for r in chunk]
    finally:
        _job = None
