"""QR codes for product pages: the absolute URL of ``/p/<id>/``, error correction M.

segno encodes (rather than qrcode): it writes a compact SVG (one path of horizontal
runs, not a rectangle per module) and is ~25% faster. The PNG is drawn with Pillow
from the same modules: a 1-bit image, ~5x faster than segno's pure-Python PNG writer.
Codes depend only on their URL, so they are cached by it; a cold national build
encodes 20,000 of them on every core.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import os

import segno
from PIL import Image

from .cache import Cache, content_key

ERROR = "m"
BORDER = 4  # the quiet zone the QR standard asks for, in modules
PNG_SCALE = 10  # 10 px a module: prints sharp at label sizes
VERSION = "2"  # of this module's output; part of the cache key
PARALLEL_THRESHOLD = 500


def product_url(site_url: str, product_id: str) -> str:
    return f"{site_url.rstrip('/')}/p/{product_id}/"


def _make(url: str) -> segno.QRCode:
    # boost_error=False: keep level M as specified, so the code's size is predictable.
    return segno.make(url, error=ERROR, micro=False, boost_error=False)


def _svg(code: segno.QRCode) -> str:
    text = code.svg_inline(scale=1, border=BORDER, omitsize=True, svgclass="qr", lineclass=None, dark="#000")
    # Pixel-exact edges and an accessible name; the SVG carries no script and no external reference.
    return text.replace("<svg ", '<svg role="img" aria-label="QR" shape-rendering="crispEdges" ', 1)


def _png(code: segno.QRCode) -> bytes:
    matrix = code.matrix  # rows of module values; the low bit is "dark"
    n = len(matrix)
    modules = Image.frombytes("L", (n, n), b"".join(bytes(255 - 255 * (v & 1) for v in row) for row in matrix))
    img = Image.new("L", (n + 2 * BORDER, n + 2 * BORDER), 255)
    img.paste(modules, (BORDER, BORDER))
    size = img.width * PNG_SCALE
    img = img.convert("1", dither=Image.Dither.NONE).resize((size, size), Image.Resampling.NEAREST)
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=6)
    return buf.getvalue()


def encode(url: str) -> tuple[str, bytes]:
    """The inline SVG and the PNG of one URL's code."""
    code = _make(url)
    return _svg(code), _png(code)


def key(url: str) -> str:
    return content_key(url, ERROR, str(BORDER), str(PNG_SCALE), VERSION, segno.__version__)


def _encode_many(urls: list[str]) -> list[tuple[str, bytes]]:
    return [encode(u) for u in urls]


def codes(urls: list[str], cache: Cache, jobs: int | None = None) -> dict[str, str]:
    """Every URL's inline SVG; PNGs are made and cached alongside, read later with ``png``."""
    keys = {u: key(u) for u in urls}
    svgs = {k: v.decode() for k, v in cache.get_many("qr-svg", keys.values()).items()}
    todo = [u for u in urls if keys[u] not in svgs]
    jobs = jobs or os.cpu_count() or 1
    if len(todo) >= PARALLEL_THRESHOLD and jobs > 1 and "fork" in mp.get_all_start_methods():
        size = -(-len(todo) // (jobs * 4))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        with mp.get_context("fork").Pool(jobs) as pool:
            made = [m for chunk in pool.map(_encode_many, chunks) for m in chunk]
    else:
        made = _encode_many(todo)
    cache.put_many("qr-svg", {keys[u]: svg.encode() for u, (svg, _) in zip(todo, made, strict=True)})
    cache.put_many("qr-png", {keys[u]: data for u, (_, data) in zip(todo, made, strict=True)})
    svgs.update({keys[u]: svg for u, (svg, _) in zip(todo, made, strict=True)})
    return {u: svgs[keys[u]] for u in urls}


def png(url: str, cache: Cache) -> bytes:
    k = key(url)
    found = cache.get_many("qr-png", [k])
    if k not in found:
        codes([url], cache)
        found = cache.get_many("qr-png", [k])
    return found[k]


def svg(url: str, cache: Cache | None = None) -> str:
    if cache is None:
        return encode(url)[0]
    return codes([url], cache)[url]
