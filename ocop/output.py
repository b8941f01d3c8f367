"""The catalogue's files: pages, QR codes, photos, assets, search index, sitemap.

Everything here is a pure function of the catalogue, the theme and the settings, so
the same input gives the same bytes. Whatever depends only on content (QR codes,
photo derivatives) comes from the content-addressed cache. Nothing is written to the
site here: ``build_outputs`` describes every file with a token naming its content, and
``publish`` puts them in place (see publish.py).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from . import qr, search
from .cache import Cache
from .ids import ids_json
from .images import Derived, cached, derive
from .model import Catalogue
from .publish import Output, files_in, token_of
from .render import Site, describe_pages, list_data, render_pages
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


def asset_outputs(assets_dir: Path, extra: dict[str, bytes]) -> tuple[dict[str, str], list[Output]]:
    """Theme assets under content-hashed names, so browsers may cache them forever."""
    names: dict[str, str] = {}
    outputs = []
    sources = (
        {p.name: p.read_bytes() for p in sorted(assets_dir.iterdir()) if p.is_file()} if assets_dir.is_dir() else {}
    )
    for name, data in {**sources, **extra}.items():
        target = f"assets/{hashed_name(name, data)}"
        outputs.append(Output(target, target, data=data))  # the name already names the content
        names[name] = target
    return names, outputs


def _derive_one(src: Path) -> tuple[Path, tuple[Derived, dict[str, Path]]]:
    assert _img_cache is not None
    return src, derive(src, _img_cache)


_img_cache: Path | None = None


def derive_images(cat: Catalogue, cache: Cache, jobs: int | None = None) -> tuple[dict[str, Derived], dict[str, Path]]:
    """Derivatives for every product photo; a photo used by many products is done once.

    A photo's content key is remembered with its size and modification time, as git's index
    does: a warm build reads no photo at all (18,000 real photos are ~50 GB). Photos not in
    the cache are encoded on every core."""
    global _img_cache
    img_dir = cache.root / "img"
    sources = sorted({src for p in cat.products for src in p.images})
    stats = {src: src.stat() for src in sources}
    seen = {k: v.decode() for k, v in cache.get_many("img-stat", [str(s) for s in sources]).items()}
    found: dict[Path, tuple[Derived, dict[str, Path]]] = {}
    todo = []
    for src in sources:
        st = stats[src]
        size, mtime, key = (seen.get(str(src)) or "::").split(":")
        hit = cached(key, img_dir) if (size, mtime) == (str(st.st_size), str(st.st_mtime_ns)) else None
        if hit is not None:
            found[src] = hit
        else:
            todo.append(src)
    jobs = jobs or os.cpu_count() or 1
    _img_cache = img_dir
    try:
        if len(todo) > 4 and jobs > 1 and "fork" in mp.get_all_start_methods():
            with mp.get_context("fork").Pool(jobs) as pool:
                found.update(pool.map(_derive_one, todo, chunksize=1))
        else:
            found.update(_derive_one(src) for src in todo)
    finally:
        _img_cache = None
    cache.put_many(
        "img-stat",
        {str(src): f"{stats[src].st_size}:{stats[src].st_mtime_ns}:{found[src][0].key}".encode() for src in todo},
    )
    derived = {str(src): found[src][0] for src in sources}
    files: dict[str, Path] = {}
    for src in sources:
        files.update(found[src][1])
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


def build_outputs(
    staging: Path,
    cat: Catalogue,
    settings: Settings,
    extra_pages: Iterable[str] = (),
    known: dict[str, str] | None = None,
    keys: dict[str, str] | None = None,
) -> tuple[list[Output], dict[str, str]]:
    """Every file of the site. ``staging`` holds what MkDocs wrote (the narrative pages);
    ``known`` is what the site already holds (path → token), so unchanged pages are not kept
    in memory; without it, rendered pages are written straight into ``staging``. ``keys`` are
    the pages' keys from the build that made ``known``; the new keys are returned with the outputs."""
    cache = Cache(settings.cache_dir)
    outputs: list[Output] = []
    images, image_files = derive_images(cat, cache, settings.jobs or None)
    for name, src in sorted(image_files.items()):
        outputs.append(Output(f"img/{name}", name, source=src))  # derivative names are content hashes

    urls = {p.id: qr.product_url(settings.site_url, p.id) for p in cat.products}
    qr_svgs = qr.codes(list(urls.values()), cache, settings.jobs or None)
    pngs: dict[str, bytes] = {}

    def png(url: str) -> bytes:
        if not pngs:  # one query for all of them, only when some PNG must be written
            pngs.update(cache.get_many("qr-png", [qr.key(u) for u in urls.values()]))
        return pngs.get(qr.key(url)) or qr.png(url, cache)

    for pid, url in urls.items():
        outputs.append(Output(f"p/{pid}/qr.png", qr.key(url), make=lambda url=url: png(url)))

    extra = {"products.json": list_data(cat, images)}
    extra_pages = list(extra_pages)
    extra.update(search.index_files(cat, images, search.read_pages(staging, extra_pages), hashed_name))
    assets, asset_files = asset_outputs(settings.assets_dir, extra)
    outputs += asset_files
    search.link_pages(staging, extra_pages, assets)
    data = search.pointer(assets)  # pages find the hashed index through it: a data change touches no page
    outputs.append(Output(search.POINTER, token_of(data), data=data))
    for name, schema in SCHEMAS.items():
        data = (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode()
        outputs.append(Output(f"schema/{name}.schema.json", token_of(data), data=data))
    data = ids_json(cat)
    outputs.append(Output("ids.json", token_of(data), data=data))

    site = Site(
        name=settings.site_name,
        url=settings.site_url,
        demo_banner=settings.demo_banner,
        build_date=cat.build_date.isoformat(),
        assets=assets,
        nav=settings.nav,
        data_assets=tuple(sorted(extra)),
    )
    pages = list(describe_pages(cat, images, {pid: qr_svgs[url] for pid, url in urls.items()}))
    new_keys: dict[str, str] = {}
    rendered = render_pages(pages, list(settings.template_dirs), site, staging, known, keys, settings.jobs or None)
    for path, token, data, key in rendered:
        outputs.append(Output(path, token, data=data, source=None if data is not None else staging / path))
        if key is not None:
            new_keys[path] = key
    if settings.site_url:
        for name, data in sitemap(settings.site_url, [*(p.path for p in pages), *extra_pages]).items():
            outputs.append(Output(name, token_of(data), data=data))
    # What MkDocs wrote (after link_pages changed it), less what we replace (its sitemap).
    ours = {o.path for o in outputs}
    outputs += [o for o in files_in(staging) if o.path not in ours and o.path not in ("sitemap.xml.gz",)]
    return sorted(outputs, key=lambda o: o.path), new_keys
