"""QR codes decode with a real decoder (zxing-cpp), also as a phone sees a printed label."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image, ImageFilter

from ocop.build import qr
from ocop.store import Store

URLS = ["https://ocop-demo.example/p/hn-001/", "https://example.gov.vn/ocop/catalogue/p/tq-tra-shan-123/"]


def decode(img: Image.Image) -> list[zxingcpp.Barcode]:
    return zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)


@pytest.mark.parametrize("url", URLS)
def test_png_decodes_to_the_url_with_level_m(url: str) -> None:
    img = Image.open(io.BytesIO(qr.encode(url)[1]))
    found = decode(img)
    assert [b.text for b in found] == [url]
    assert found[0].ec_level == "M"


@pytest.mark.parametrize("url", URLS)
def test_printed_label_size_blurred_and_compressed_still_decodes(url: str) -> None:
    # 2 cm at 300 dpi is 236 px; a phone camera adds blur and the pipeline adds JPEG.
    img = Image.open(io.BytesIO(qr.encode(url)[1])).convert("L").resize((236, 236), Image.Resampling.BOX)
    img = img.filter(ImageFilter.GaussianBlur(1.0))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=60)
    assert [b.text for b in decode(Image.open(buf))] == [url]


def test_png_has_a_four_module_quiet_zone() -> None:
    url = URLS[0]
    img = Image.open(io.BytesIO(qr.encode(url)[1])).convert("L")
    border = qr.BORDER * qr.PNG_SCALE
    # Every pixel of the 4-module margin is white; the first dark pixel starts right after it.
    assert img.crop((0, 0, img.width, border)).getextrema() == (255, 255)
    assert img.crop((0, 0, border, img.height)).getextrema() == (255, 255)
    assert img.getpixel((border, border)) == 0


def test_svg_is_one_path_and_decodes(tmp_path) -> None:
    url = URLS[0]
    svg = qr.svg(url)
    assert svg.count("<path") == 1 and "<rect" not in svg
    assert "href" not in svg and "<script" not in svg  # nothing fetched, nothing run
    # Rasterise the path ourselves (it is horizontal runs) and decode the result.
    m = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert m
    size = int(m.group(1))
    img = Image.new("L", (size, size), 255)
    x = y = 0.0
    for cmd, num in re.findall(r"([Mmhv])(-?[\d.]+(?:\s-?[\d.]+)?)", re.search(r' d="([^"]+)"', svg).group(1)):
        if cmd == "M":
            x, y = map(float, num.split())
        elif cmd == "m":
            dx, dy = map(float, num.split())
            x, y = x + dx, y + dy
        elif cmd == "h":
            n = float(num)
            for i in range(int(n)):
                img.putpixel((int(x) + i, int(y)), 0)
            x += n
    big = img.resize((size * 8, size * 8), Image.Resampling.NEAREST)
    assert [b.text for b in decode(big)] == [url]


def test_codes_are_cached_by_content(tmp_path, monkeypatch) -> None:
    cache = Store(tmp_path)
    first_png, first_svg = qr.png(URLS[0], cache), qr.svg(URLS[0], cache)
    calls = []
    monkeypatch.setattr(qr, "encode", lambda url: calls.append(url))
    # A warm cache encodes nothing, and gives the same bytes.
    assert qr.png(URLS[0], cache) == first_png
    assert qr.svg(URLS[0], cache) == first_svg
    assert calls == []
