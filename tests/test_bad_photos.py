"""Bad-input class 7: photos. Every photo that passes ``ocop check`` builds, and looks right.

The check and the build share one gate (``ocop.build.photos.gate``): it opens the bytes as the
build does, decodes every pixel, converts the mode, and checks the derivatives can be encoded.
The photos here are real files made with Pillow.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PRODUCT, mkdocs_build, write_catalogue
from PIL import Image, PngImagePlugin
from test_bad_input import PHOTO_FILE, PRODUCT_FILE, Case, run_case, write_bytes

from ocop.build import photos
from ocop.build.photos import MAX_ASPECT, derivative_sizes, gate, source_key


def encoded(img: Image.Image, fmt: str, **save: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return buf.getvalue()


def noise(width: int, height: int) -> Image.Image:
    """A photo-like image: noise does not compress, so a cut file is missing real pixels."""
    rnd = random.Random(width * height)
    return Image.frombytes("RGB", (width, height), rnd.randbytes(width * height * 3))


def truncated(fmt: str) -> Callable[[], bytes]:
    def make() -> bytes:
        data = encoded(noise(640, 480), fmt)
        return data[: len(data) // 2]  # an upload cut off halfway

    return make


def grey16() -> bytes:
    """A 16-bit greyscale PNG at half brightness (32768 of 65535), as scanners and raw converters write."""
    return encoded(Image.new("I;16", (640, 480), 32768), "PNG")


def mpo() -> bytes:
    """A phone's MPO: a JPEG with a second frame (here green) after the first (red)."""
    frames = [Image.new("RGB", (640, 480), (200, 20, 20)), Image.new("RGB", (640, 480), (20, 200, 20))]
    return encoded(frames[0], "MPO", save_all=True, append_images=frames[1:])


def cmyk() -> bytes:
    return encoded(Image.new("CMYK", (640, 480), (0, 255, 255, 0)), "JPEG")  # red, in print colours


def palette_with_transparency() -> bytes:
    img = Image.new("P", (640, 480), 0)
    img.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    img.paste(1, (0, 0, 320, 480))
    return encoded(img, "PNG", transparency=0)  # the right half is transparent: white on the site


def rotated() -> bytes:
    """Stored 400×300 with EXIF orientation 6: shown (and published) 300×400."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return encoded(Image.new("RGB", (400, 300), (10, 10, 200)), "JPEG", exif=exif.tobytes())


def damaged_exif() -> bytes:
    return encoded(Image.new("RGB", (400, 300)), "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff")


def text_bomb() -> bytes:
    """A small PNG whose compressed text chunk inflates to 20 MB."""
    info = PngImagePlugin.PngInfo()
    info.add_text("comment", "a" * (20 * 1024 * 1024), zip=True)
    return encoded(Image.new("L", (400, 400)), "PNG", pnginfo=info)


# Photos that must pass the check and build (test_every_photo_that_passes_builds).
GOOD: dict[str, Callable[[], bytes]] = {
    "grey16.png": grey16,
    "mpo.jpg": mpo,
    "cmyk.jpg": cmyk,
    "palette.png": palette_with_transparency,
    "grey-alpha.png": lambda: encoded(Image.new("LA", (640, 480), (100, 255)), "PNG"),
    "bilevel.png": lambda: encoded(Image.new("1", (640, 480), 1), "PNG"),
    "rotated.jpg": rotated,
    "damaged-exif.jpg": damaged_exif,
    "tall-1-5.png": lambda: encoded(Image.new("L", (300, 1500), 90), "PNG"),
    "animated.webp": lambda: encoded(
        Image.new("RGB", (640, 480)), "WEBP", save_all=True, append_images=[Image.new("RGB", (640, 480), 9)]
    ),
}

DAMAGED = ("không phải là ảnh hoặc bị hỏng", "not an image or is damaged")
ASPECT = (f"cạnh dài tối đa gấp {MAX_ASPECT} lần cạnh ngắn", "too long or too narrow")


def photo(make: Callable[[], bytes]) -> Callable[..., None]:
    return write_bytes(PHOTO_FILE, make)


PHOTOS: list[Case] = [
    Case("truncated-jpeg", photo(truncated("JPEG")), PRODUCT_FILE, 10, "images[1]", *DAMAGED),
    Case("truncated-png", photo(truncated("PNG")), PRODUCT_FILE, 10, "images[1]", *DAMAGED),
    Case("truncated-webp", photo(truncated("WEBP")), PRODUCT_FILE, 10, "images[1]", *DAMAGED),
    Case(
        "taller-than-webp-allows",
        photo(lambda: encoded(Image.new("L", (300, 17000)), "PNG")),
        PRODUCT_FILE,
        10,
        "images[1]",
        "ảnh 'anh/che.jpg' quá dài hoặc quá hẹp (300×17000)",
        ASPECT[1],
    ),
    Case(
        "panorama-strip",
        photo(lambda: encoded(Image.new("RGB", (2000, 300)), "JPEG")),
        PRODUCT_FILE,
        10,
        "images[1]",
        *ASPECT,
    ),
    Case(
        "gif-named-jpg",
        photo(lambda: encoded(Image.new("P", (400, 400)), "GIF")),
        PRODUCT_FILE,
        10,
        "images[1]",
        "phải là JPEG, PNG hoặc WebP",
        "must be JPEG, PNG or WebP",
    ),
    Case(
        "bmp-named-jpg",
        photo(lambda: encoded(Image.new("RGB", (400, 400)), "BMP")),
        PRODUCT_FILE,
        10,
        "images[1]",
        "phải là JPEG, PNG hoặc WebP",
        "must be JPEG, PNG or WebP",
    ),
    Case("png-text-bomb", photo(text_bomb), PRODUCT_FILE, 10, "images[1]", *DAMAGED),
    Case("empty-photo", photo(lambda: b""), PRODUCT_FILE, 10, "images[1]", *DAMAGED),
    *(Case(f"passes-{name}", photo(make), "", 0, "", "", "") for name, make in GOOD.items()),
]


@pytest.mark.parametrize("case", PHOTOS, ids=[c.name for c in PHOTOS])
def test_photos(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


def test_every_photo_that_passes_builds(tmp_path: Path) -> None:
    """The photos the check accepts, built by the real `mkdocs build`; their derivatives look right."""
    names = list(GOOD)
    first, rest = names[:8], names[8:]
    product = PRODUCT.replace("  - anh/che.jpg\n", "".join(f"  - anh/{n}\n" for n in first))
    products = write_catalogue(tmp_path, product=product)
    second = PRODUCT.replace("id: hn-001", "id: hn-002")
    second = second.replace("  - anh/che.jpg\n", "".join(f"  - anh/{n}\n" for n in rest))
    (products / "ha-noi/san-pham/hn-002.yml").write_text(second, encoding="utf-8")
    data = {name: make() for name, make in GOOD.items()}
    for name, blob in data.items():
        (products / "ha-noi/san-pham/anh" / name).write_bytes(blob)
    site = tmp_path / "site"
    result = mkdocs_build(site, products)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    def derived(name: str, ext: str) -> Image.Image:
        width = derivative_sizes(*gate(data[name]).size)[-1][0]
        path = site / "img" / f"{source_key(data[name])}-{width}.{ext}"
        return Image.open(path).convert("RGB")

    for ext in ("webp", "jpg"):
        # 16-bit grey at half brightness is published mid-grey, not white (scaled, not clipped).
        assert 110 < derived("grey16.png", ext).getpixel((100, 100))[0] < 145
        r, g, b = derived("mpo.jpg", ext).getpixel((100, 100))  # the first frame, red
        assert r > 150 and g < 80
        r, g, b = derived("cmyk.jpg", ext).getpixel((100, 100))
        assert r > 200 and g < 60 and b < 60
        assert derived("palette.png", ext).getpixel((600, 100))[1] > 230  # transparent → white
        assert derived("rotated.jpg", ext).size == (300, 400)


def test_the_gate_refuses_what_webp_cannot_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the aspect rule no derivative can exceed WebP's side; without it, the gate still refuses."""
    monkeypatch.setattr(photos, "MAX_ASPECT", 1000)
    with pytest.raises(photos.PhotoRefused, match="quá dài để lưu dạng WebP"):
        gate(encoded(Image.new("L", (300, 17000)), "PNG"))
