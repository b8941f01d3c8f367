"""What a shopper's phone pays: page-weight budgets, measured in a real Chromium.

Budgets for the product page and the home page:
- render-blocking bytes (the HTML and its stylesheets) ≤ 35 KB gzip;
- everything except photos ≤ 80 KB gzip;
- the first photo is a derivative of at most about 60 KB;
- no fonts, and the product page does not load Material's JavaScript bundle.
The test server does not compress, so each response is gzipped here as a CDN would.
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import REPO, TODAY

from ocop.build.catalogue import load_catalogue

RENDER_BLOCKING_BUDGET = 35_000
NON_PHOTO_BUDGET = 80_000
FIRST_PHOTO_BUDGET = 60_000


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def heaviest_product(site: Path) -> str:
    cat = load_catalogue(REPO / "products", dt.date.fromisoformat(TODAY))
    return max(cat.products, key=lambda p: (site / "p" / p.id / "index.html").stat().st_size).id


def measure(browser, url: str, site: Path) -> dict[str, object]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    fetched: list[tuple[str, str]] = []
    page.on("requestfinished", lambda r: fetched.append((r.url, r.resource_type)))
    page.goto(url, wait_until="networkidle")
    page.mouse.wheel(0, 20000)  # scroll to the end so lazy images load too, as a reader would
    page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")
    first_photo = page.evaluate(
        "(() => { const i = document.querySelector('main picture img, main img:not([loading=lazy])');"
        " return i ? i.currentSrc : null })()"
    )
    context.close()
    base = urlparse(url)
    sizes = []
    for u, kind in fetched:
        rel = urlparse(u).path.lstrip("/")
        path = site / rel
        if path.is_dir() or rel == "" or rel.endswith("/"):
            path = path / "index.html"
        sizes.append((rel, kind, gz(path.read_bytes()), path.stat().st_size, urlparse(u).netloc == base.netloc))
    return {"sizes": sizes, "first_photo": first_photo}


@pytest.mark.parametrize("which", ["product", "home"])
def test_page_weight_budgets(browser, sample_server, sample_site, which) -> None:
    path = f"p/{heaviest_product(sample_site)}/" if which == "product" else ""
    m = measure(browser, sample_server.url + path, sample_site)
    sizes = m["sizes"]
    assert all(local for *_, local in sizes), "everything comes from the site's own host"
    blocking = sum(g for rel, kind, g, raw, _ in sizes if kind in ("document", "stylesheet"))
    photos = [(rel, raw) for rel, kind, g, raw, _ in sizes if kind == "image" and rel.startswith("img/")]
    non_photo = sum(g for rel, kind, g, raw, _ in sizes if not (kind == "image" and rel.startswith("img/")))
    report = "\n".join(f"{kind:10} {g:7,} gz {raw:8,} raw  {rel}" for rel, kind, g, raw, _ in sizes)
    assert blocking <= RENDER_BLOCKING_BUDGET, report
    assert non_photo <= NON_PHOTO_BUDGET, report
    assert not any(kind == "font" or rel.endswith((".woff", ".woff2", ".ttf")) for rel, kind, *_ in sizes), report
    assert not any("bundle" in rel and rel.endswith(".js") for rel, *_ in sizes), report  # no Material JS
    if which == "product":
        assert photos, report
        first = urlparse(m["first_photo"]).path.lstrip("/")
        assert (sample_site / first).stat().st_size <= FIRST_PHOTO_BUDGET, first
        assert first.endswith(".webp")  # Chromium takes the WebP source


def test_photos_carry_no_metadata(sample_site: Path) -> None:
    from PIL import Image

    for f in (sample_site / "img").iterdir():
        with Image.open(f) as img:
            assert not img.info.get("exif") and not img.getexif(), f
            assert "icc_profile" not in img.info and "xmp" not in img.info, f


def test_gps_in_an_uploaded_photo_never_reaches_the_site(tmp_path: Path) -> None:
    import io

    from conftest import mkdocs_build, write_catalogue
    from PIL import Image

    products = write_catalogue(tmp_path)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}  # GPS IFD: a farmer's home
    exif[0x010F] = "PhoneMaker"
    buf = io.BytesIO()
    Image.new("RGB", (1600, 1200), (90, 140, 60)).save(buf, "JPEG", exif=exif, quality=90)
    photo = products / "ha-noi" / "san-pham" / "anh" / "che.jpg"
    photo.write_bytes(buf.getvalue())
    assert Image.open(photo).getexif().get_ifd(0x8825)
    site = tmp_path / "site"
    assert mkdocs_build(site, products).returncode == 0
    derived = sorted((site / "img").iterdir())
    assert {f.suffix for f in derived} == {".webp", ".jpg"} and len(derived) == 6  # 320, 640, 960 in both
    for f in derived:
        with Image.open(f) as img:
            assert not img.getexif(), f
            assert img.width <= 960
        assert b"PhoneMaker" not in f.read_bytes()
    html = (site / "p" / "hn-001" / "index.html").read_text(encoding="utf-8")
    assert 'width="' in html and 'height="' in html and "srcset=" in html
