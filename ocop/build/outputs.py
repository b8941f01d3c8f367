"""The site's files besides its pages: assets, the product list, sitemaps, ids.json, the JSON Schemas.

Pure functions of the catalogue and the settings: each returns bytes by file name, and the
builder keeps them in the store like every other file, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..domain.model import Catalogue
from ..domain.schema import SCHEMAS

SITEMAP_LIMIT = 50_000  # URLs per sitemap file, by the sitemaps protocol
SITEMAP_BYTES = 50 * 1024 * 1024  # and bytes per file, uncompressed


def hashed_name(name: str, data: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:10]
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def asset_files(assets_dir: Path, extra: dict[str, bytes]) -> tuple[dict[str, str], dict[str, bytes]]:
    """Theme assets and data-made assets under content-hashed names, so browsers may cache them forever.

    Returns logical name → site path, and site path → bytes."""
    names: dict[str, str] = {}
    files: dict[str, bytes] = {}
    sources = (
        {p.name: p.read_bytes() for p in sorted(assets_dir.iterdir()) if p.is_file()} if assets_dir.is_dir() else {}
    )
    for name, data in {**sources, **extra}.items():
        target = f"assets/{hashed_name(name, data)}"
        files[target] = data
        names[name] = target
    return names, files


def page_dates(cat: Catalogue) -> dict[str, dt.date]:
    """The sitemap's ``lastmod`` for the pages that have one: a product's or a lot's page, by the day
    its record last changed (history.py). Other pages have none: a build date there would claim that
    every page changes every night, and search engines learn to ignore a lastmod that always moves."""
    dates = {f"{p.url}index.html": p.updated for p in cat.products if p.updated}
    dates.update({f"{lot.url}index.html": lot.updated for lot in cat.lots if lot.updated})
    return dates


_URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
# With hreflang alternates (Google's form for a page's other languages): the xhtml namespace too.
_URLSET_ALT = _URLSET.replace('0.9">', '0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">')
_INDEX = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def _runs(sizes: list[int], max_urls: int, max_bytes: int) -> list[range]:
    """Consecutive runs of ``<url>`` lines (given by their sizes) within both limits of one sitemap file."""
    budget = max_bytes - len(_URLSET_ALT) - len("</urlset>\n")
    runs: list[range] = []
    start = used = 0
    for i, size in enumerate(sizes):
        if i > start and (i - start >= max_urls or used + size > budget):
            runs.append(range(start, i))
            start, used = i, 0
        used += size
    runs.append(range(start, len(sizes)))
    return runs


def sitemap(
    site_url: str,
    paths: Iterable[str],
    lastmod: Mapping[str, dt.date] | None = None,
    max_urls: int = SITEMAP_LIMIT,
    max_bytes: int = SITEMAP_BYTES,
    alternates: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
) -> dict[str, list[bytes]]:
    """sitemap.xml, or a sitemap index over several files when one file would hold more than 50,000
    URLs or 50 MB (both limits of the sitemaps protocol). ``lastmod``: a day by page path, where known;
    ``alternates``: a page's editions, (hreflang, path), by page path (editions.alternates).

    Each line is encoded once, and each file is the pieces it is made of: at 20,000 products (128,205
    URLs) lines kept as text, joined, then encoded grew the build by 118 MB."""
    dates, other = lastmod or {}, alternates or {}

    def address(path: str) -> str:
        return escape(site_url + path.removesuffix("index.html"))

    def url_line(path: str) -> bytes:
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{h}" href="{address(a)}"/>' for h, a in other.get(path, ())
        )
        day = dates.get(path)
        line = f"<url><loc>{address(path)}</loc>" + (f"<lastmod>{day}</lastmod>" if day else "") + links + "</url>\n"
        return line.encode()

    ordered = sorted(paths, key=lambda p: site_url + p.removesuffix("index.html"))
    lines = [url_line(p) for p in ordered]
    head = (_URLSET_ALT if other else _URLSET).encode()
    runs = _runs([len(line) for line in lines], max_urls, max_bytes)
    if len(runs) == 1:
        return {"sitemap.xml": [head, *lines, b"</urlset>\n"]}
    if len(runs) > max_urls:
        raise ValueError(f"{len(runs)} sitemap files: more than one index can list")
    files = {f"sitemap-{i + 1}.xml": [head, *lines[r.start : r.stop], b"</urlset>\n"] for i, r in enumerate(runs)}
    index = []
    for name, run in zip(files, runs, strict=True):
        days = [dates[ordered[i]] for i in run if ordered[i] in dates]
        mod = f"<lastmod>{max(days)}</lastmod>" if days else ""
        index.append(f"<sitemap><loc>{escape(site_url + name)}</loc>{mod}</sitemap>\n")
    files["sitemap.xml"] = [(_INDEX + "".join(index) + "</sitemapindex>\n").encode()]
    return files


def sitemap_files(
    site_url: str,
    paths: Iterable[str],
    lastmod: Mapping[str, dt.date] | None = None,
    alternates: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
) -> dict[str, bytes]:
    """The sitemaps, and ``sitemap.xml.gz`` beside ``sitemap.xml`` (deterministic: no time in the header)."""
    return {name: b"".join(pieces) for name, pieces in sitemap_pieces(site_url, paths, lastmod, alternates).items()}


def sitemap_pieces(
    site_url: str,
    paths: Iterable[str],
    lastmod: Mapping[str, dt.date] | None = None,
    alternates: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
) -> dict[str, list[bytes]]:
    """``sitemap_files`` as the pieces each file is made of, never joined: at 20,000 products
    (128,205 addresses, 50 MB of lines) joining them and compressing the whole cost 94 MB."""
    files = sitemap(site_url, paths, lastmod, alternates=alternates)
    files["sitemap.xml.gz"] = gzip_pieces(files["sitemap.xml"])
    return files


def gzip_pieces(pieces: Iterable[bytes]) -> list[bytes]:
    """``gzip.compress(b"".join(pieces), 9, mtime=0)``, a piece at a time (that call is zlib's gzip
    form, whose header holds no time): deflate's output does not depend on how its input is cut."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [deflate.compress(piece) for piece in pieces]
    return [piece for piece in [*out, deflate.flush()] if piece]


def schema_files() -> dict[str, bytes]:
    return {
        f"schema/{name}.schema.json": (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode()
        for name, schema in SCHEMAS.items()
    }


def ids_document(cat: Catalogue) -> dict[str, Any]:
    """``ids.json``: every id on the site, with what it names and its status."""
    entries: list[dict[str, Any]] = [
        {
            "id": p.id,
            "kind": "product",
            "name": p.name,
            "producer": p.producer_id,
            "status": "withdrawn" if p.withdrawal else "active",
            "certificate": p.status,
            "url": p.url,
        }
        for p in cat.products
    ]
    entries += [
        {"id": pr.id, "kind": "producer", "name": pr.name, "status": "active", "url": pr.url} for pr in cat.producers
    ]
    entries += [
        {
            "id": lot.id,
            "kind": "lot",
            "product": lot.product_id,
            "code": lot.code,
            "status": "recalled" if lot.recalled else "active",
            "url": lot.url,
        }
        for lot in cat.lots
    ]
    entries.sort(key=lambda e: e["id"])
    return {"version": 1, "build_date": cat.build_date.isoformat(), "ids": entries}


def ids_pieces(cat: Catalogue) -> list[bytes]:
    """``ids.json``: ``json.dumps(ids_document(cat), indent=1, sort_keys=True)``, made an entry at a
    time: at 20,000 products (49,973 ids) the document's dictionaries and its one text took 87 MB."""
    doc = ids_document(cat)
    if not doc["ids"]:
        return [(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()]
    entries = doc.pop("ids")[::-1]
    before, after = json.dumps({**doc, "ids": None}, ensure_ascii=False, indent=1, sort_keys=True).split('"ids": null')
    pieces = [(before + '"ids": [\n').encode()]
    while entries:  # each entry goes as it is written
        text = json.dumps(entries.pop(), ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")
        pieces.append(("  " if len(pieces) == 1 else ",\n  ").encode() + text.encode())
    pieces.append(("\n ]" + after + "\n").encode())
    return pieces
