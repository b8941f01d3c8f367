"""QR codes for product pages: the absolute URL of ``/p/<id>/``, error correction M.

segno encodes (rather than qrcode): it writes a compact SVG (one path of horizontal
runs, not a rectangle per module) and is ~25% faster. The PNG is drawn with Pillow
from the same modules: a 1-bit image, ~5x faster than segno's pure-Python PNG writer.
Codes depend only on their URL, so they are cached by it; a cold national build
encodes 20,000 of them on every core.
"""

from __future__ import annotations

import io
import re

import segno
from PIL import Image

from ..keys import content_key
from ..store import Store
from ..workers import Workers, pmap

ERROR = "m"
BORDER = 4  # the quiet zone the QR standard asks for, in modules
PNG_SCALE = 10  # 10 px a module: prints sharp at label sizes
VERSION = "2"  # of this module's output; part of the cache key
PARALLEL_THRESHOLD = 500
SLICE = 4000  # codes made at a time


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


# What _svg makes, and nothing else: a stored value goes into pages unescaped only if it has this shape.
SVG_SHAPE = re.compile(
    r'<svg role="img" aria-label="QR" shape-rendering="crispEdges" viewBox="0 0 \d+ \d+" class="qr">'
    r'<path stroke="#000" d="[Mmhv0-9. -]+"/></svg>'
)


def _encode_one(store: Store, url: str) -> tuple[str, str]:
    """One URL's inline SVG and its PNG as a store object. Runs in a forked worker: files only."""
    svg, png_bytes = encode(url)
    return svg, store.put_object(png_bytes)


def codes(urls: list[str], store: Store, jobs: int | None = None, workers: Workers | None = None) -> dict[str, str]:
    """Make sure every URL's code is in the store; returns each URL's PNG (a store object).

    The inline SVGs are not kept in memory (300 MB at 100,000 products): ``svgs`` fetches a slice."""
    keys = {u: key(u) for u in urls}
    store.keep("qr-svg", keys.values())  # read, and checked, only for the pages rendered again
    pngs = {k: v.decode() for k, v in store.get_many("qr-png", keys.values()).items()}
    good = store.verify(pngs.values())
    todo = [u for u in dict.fromkeys(urls) if pngs.get(keys[u]) not in good]
    for start in range(0, len(todo), SLICE):  # a slice of SVGs alive at a time (+100 MB at 20,000 if all)
        part = todo[start : start + SLICE]
        made = pmap(
            _encode_one, part, store, jobs=jobs, threshold=PARALLEL_THRESHOLD, chunks_per_job=4, workers=workers
        )
        store.mark(name for _, name in made)
        store.put_many("qr-svg", {keys[u]: svg.encode() for u, (svg, _) in zip(part, made, strict=True)})
        store.put_many("qr-png", {keys[u]: name.encode() for u, (_, name) in zip(part, made, strict=True)})
        pngs.update({keys[u]: name for u, (_, name) in zip(part, made, strict=True)})
    return {u: pngs[keys[u]] for u in urls}


def svgs(urls: list[str], store: Store) -> dict[str, str]:
    """The inline SVG of each URL, from the store when its bytes and its shape are intact, else made again.

    Only a value with exactly the shape ``_svg`` makes goes into a page unescaped."""
    keys = {u: key(u) for u in urls}
    found = {k: v.decode("utf-8", "replace") for k, v in store.get_many("qr-svg", keys.values()).items()}
    out, again = {}, {}
    for u in urls:
        svg = found.get(keys[u], "")
        if not SVG_SHAPE.fullmatch(svg):
            svg = encode(u)[0]
            again[keys[u]] = svg.encode()
        out[u] = svg
    store.put_many("qr-svg", again)
    return out


def svg(url: str, store: Store | None = None) -> str:
    """One URL's inline SVG (from the store when given)."""
    return encode(url)[0] if store is None else svgs([url], store)[url]


def png(url: str, store: Store) -> bytes:
    """One URL's PNG, made once and kept in the store."""
    data = store.read_object(codes([url], store)[url])
    assert data is not None
    return data
