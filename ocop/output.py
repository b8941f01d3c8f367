"""Writing the catalogue into a site folder: pages, QR codes, photos, assets, sitemap.

Everything written is a pure function of the catalogue, the theme and the settings,
so the same input gives the same bytes. Whatever depends only on content (QR codes,
photo derivatives) comes from the content-addressed cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from . import qr
from .cache import Cache
from .images import Derived, derive
from .model import Catalogue
from .render import Site, describe_pages, list_data, render_all
from .schema import SCHEMAS

SITEMAP_LIMIT = 50_000  # URLs per sitemap file, by the sitemaps protocol


@dataclass(frozen=True)
class Settings:
    site_name: str
    site_url: str  # absolute with trailing "/", or "" (then QR codes cannot be made)
    demo_banner: bool
    template_dirs: tuple[Path, ...]
    assets_dir: Path
    cache_dir: Path
    nav: tuple[tuple[str, str], ...] = ()
    jobs: int = 0


def hashed_name(name: str, data: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:10]
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_assets(out: Path, assets_dir: Path, extra: dict[str, bytes]) -> dict[str, str]:
    """Copy theme assets under content-hashed names, so browsers may cache them forever."""
    names: dict[str, str] = {}
    sources = (
        {p.name: p.read_bytes() for p in sorted(assets_dir.iterdir()) if p.is_file()} if assets_dir.is_dir() else {}
    )
    for name, data in {**sources, **extra}.items():
        target = f"assets/{hashed_name(name, data)}"
        _write(out / target, data)
        names[name] = target
    return names


def derive_images(cat: Catalogue, cache: Cache) -> tuple[dict[str, Derived], dict[str, Path]]:
    """Derivatives for every product photo; a photo used by many products is done once."""
    derived: dict[str, Derived] = {}
    files: dict[str, Path] = {}
    seen: set[Path] = set()
    for p in cat.products:
        for src in p.images:
            if src in seen:
                continue
            seen.add(src)
            d, f = derive(src, cache.root / "img")
            derived[str(src)] = d
            files.update(f)
    return derived, files


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


def write_catalogue(out: Path, cat: Catalogue, settings: Settings, extra_pages: Iterable[str] = ()) -> list[str]:
    """Write every catalogue file under ``out``; returns the page paths written."""
    cache = Cache(settings.cache_dir)
    images, image_files = derive_images(cat, cache)
    for name, src in sorted(image_files.items()):
        _write(out / "img" / name, src.read_bytes())

    qr_svgs: dict[str, str] = {}
    for p in cat.products:
        url = qr.product_url(settings.site_url, p.id)
        qr_svgs[p.id] = qr.svg(url, cache)
        _write(out / "p" / p.id / "qr.png", qr.png(url, cache))

    extra = {"products.json": list_data(cat, images)}
    assets = write_assets(out, settings.assets_dir, extra)
    for name, schema in SCHEMAS.items():
        _write(
            out / "schema" / f"{name}.schema.json", (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode()
        )

    site = Site(
        name=settings.site_name,
        url=settings.site_url,
        demo_banner=settings.demo_banner,
        build_date=cat.build_date.isoformat(),
        assets=assets,
        nav=settings.nav,
    )
    pages = list(describe_pages(cat, images, qr_svgs))
    written = []
    for path, html in render_all(pages, list(settings.template_dirs), site, settings.jobs or None):
        _write(out / path, html)
        written.append(path)
    if settings.site_url:
        for name, data in sitemap(settings.site_url, [*written, *extra_pages]).items():
            _write(out / name, data)
    return written


def replace_dir(staging: Path, final: Path) -> None:
    """Put a finished site in place of the old one, never leaving a half-written site.

    Two renames on one file system: the old site stays whole until the new one is
    complete, and the moment between the renames is microseconds.
    """
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)
