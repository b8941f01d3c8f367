"""The site's files besides its pages: assets, the product list, sitemaps, ids.json, the JSON Schemas.

Pure functions of the catalogue and the settings: each returns bytes by file name, and the
builder keeps them in the store like every other file, so the same input gives the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..domain.model import Catalogue
from ..domain.schema import SCHEMAS

SITEMAP_LIMIT = 50_000  # URLs per sitemap file, by the sitemaps protocol


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


def sitemap(site_url: str, paths: Iterable[str]) -> dict[str, bytes]:
    """sitemap.xml, or a sitemap index over several files above 50,000 URLs."""
    urls = sorted(site_url + p.removesuffix("index.html") for p in paths)
    chunks = [urls[i : i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)] or [[]]

    def urlset(chunk: list[str]) -> bytes:
        body = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in chunk)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n"
        ).encode()

    if len(chunks) == 1:
        return {"sitemap.xml": urlset(chunks[0])}
    files = {f"sitemap-{i + 1}.xml": urlset(c) for i, c in enumerate(chunks)}
    index = "".join(f"<sitemap><loc>{escape(site_url + name)}</loc></sitemap>\n" for name in files)
    files["sitemap.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + index + "</sitemapindex>\n"
    ).encode()
    return files


def sitemap_files(site_url: str, paths: Iterable[str]) -> dict[str, bytes]:
    """The sitemaps, and ``sitemap.xml.gz`` beside ``sitemap.xml`` (deterministic: no time in the header)."""
    files = sitemap(site_url, paths)
    files["sitemap.xml.gz"] = gzip.compress(files["sitemap.xml"], compresslevel=9, mtime=0)
    return files


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


def ids_json(cat: Catalogue) -> bytes:
    return (json.dumps(ids_document(cat), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
