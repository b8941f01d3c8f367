"""Generated placeholder photos for demonstration and synthetic records.

Why this exists: the sample catalogue and the synthetic catalogues used for
load tests need product photos, but we must not ship real photographs of real
products (we have no licence for them, and a real photo next to an invented
producer would mislead). So every demo image is drawn here from scratch: a soft
colour background chosen from a hash of a seed, the words "ẢNH MINH HỌA"
(illustrative image) and the product title.

The output is deterministic — the same arguments give the same bytes with the
same Pillow/libjpeg build — so re-running a generator does not produce a diff
in git. The words are drawn in the Noto Sans that the package ships
(``ocop/data/fonts``, every Vietnamese letter, – and …), never a system font,
for the same reason. A character the font lacks (an emoji, a Chinese
character) is drawn without its diacritics if that helps, or left out: never
as an empty box.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ..build.cards import wrap
from ..build.stats import PLACEHOLDER_COMMENT

__all__ = ["drawable", "fold_diacritics", "placeholder_jpeg"]

LABEL = "ẢNH MINH HỌA"
_JPEG_QUALITY = 80
_MAX_TITLE_LINES = 3


def fold_diacritics(text: str) -> str:
    """Return ``text`` with Vietnamese diacritics removed ("Hòa Bình" -> "Hoa Binh")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"
LABEL_FONT = FONT_DIR / "NotoSans-Bold.ttf"
TITLE_FONT = FONT_DIR / "NotoSans-Regular.ttf"


@lru_cache(maxsize=16)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _pixels(path: Path, ch: str) -> bytes:
    image = Image.new("L", (64, 64))
    ImageDraw.Draw(image).text((12, 4), ch, font=_font(path, 32), fill=255)
    return image.tobytes()


@lru_cache(maxsize=4)
def _missing(path: Path) -> bytes:
    # A private-use character: no font has it, so it comes out as the font's missing-glyph box.
    return _pixels(path, "\ue000")


@lru_cache(maxsize=4096)
def _has_glyph(path: Path, ch: str) -> bool:
    return ch.isspace() or _pixels(path, ch) != _missing(path)


def drawable(text: str, path: Path = TITLE_FONT) -> str:
    """``text`` as it will be drawn in the font at ``path``: each character the font has, as it is; one it
    lacks, without its diacritics if the font has that, otherwise left out."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if not _has_glyph(path, ch):
            ch = "".join(c for c in fold_diacritics(ch) if _has_glyph(path, c))
        out.append(ch)
    return " ".join("".join(out).split())


def _colour(hue: float, saturation: float, value: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(hue % 1.0, saturation, value)
    return round(r * 255), round(g * 255), round(b * 255)


def _background(digest: bytes, width: int, height: int) -> Image.Image:
    """Soft diagonal gradient with blurred blobs and hills, drawn small and scaled up (cheap and smooth)."""
    sw, sh = 64, 48
    hue = digest[0] / 255
    top = _colour(hue, 0.30 + digest[1] / 1275, 0.93)
    bottom = _colour(hue + 0.08 + digest[2] / 2550, 0.45 + digest[3] / 1275, 0.70)
    slant = (digest[4] / 255 - 0.5) * 0.8

    mask = bytes(
        round(255 * min(1.0, max(0.0, y / (sh - 1) + slant * (x / (sw - 1) - 0.5))))
        for y in range(sh)
        for x in range(sw)
    )
    small = Image.composite(
        Image.new("RGB", (sw, sh), bottom), Image.new("RGB", (sw, sh), top), Image.frombytes("L", (sw, sh), mask)
    )

    draw = ImageDraw.Draw(small, "RGBA")
    for i in range(4):  # light blobs ("bokeh")
        b = digest[5 + 3 * i : 8 + 3 * i]
        cx, cy, r = b[0] * sw // 255, b[1] * sh // 340, 4 + b[2] % 10
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*_colour(hue + 0.5, 0.15, 1.0), 70))
    for i in range(2):  # two rolling hills across the lower half
        b = digest[17 + 4 * i : 21 + 4 * i]
        base = sh * (0.62 + 0.12 * i)
        points = [(0, sh), (0, base - b[0] % 6)]
        for k in range(1, 5):
            points.append((k * sw / 4, base - (b[k % 4] % 9) + 3))
        points.append((sw, sh))
        draw.polygon(points, fill=(*_colour(hue + 0.25 + 0.05 * i, 0.45, 0.55 - 0.12 * i), 170))
    small = small.filter(ImageFilter.GaussianBlur(1.2))
    return small.resize((width, height), Image.Resampling.BICUBIC)


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """The card module's wrapping, cut to the title's lines with an ellipsis."""
    lines = wrap(text, font, int(max_width))
    if len(lines) > _MAX_TITLE_LINES:
        lines = lines[:_MAX_TITLE_LINES]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return lines


def placeholder_jpeg(seed: str, title: str, width: int = 960, height: int = 720) -> bytes:
    """Return a JPEG placeholder photo for ``title``; colours depend only on ``seed``.

    Same arguments, same bytes. No EXIF or other metadata is written. At the
    default 960×720 a file is about 20–35 KB.
    """
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    image = _background(digest, width, height).convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    unit = min(width, height)

    # Label in the top-left corner, on a dark pill.
    label_size = max(10, unit // 26)
    label_font = _font(LABEL_FONT, label_size)
    label = drawable(LABEL, LABEL_FONT)
    pad = label_size // 2
    lx, ly = unit // 24, unit // 24
    box = draw.textbbox((lx + pad, ly + pad), label, font=label_font)
    draw.rounded_rectangle(
        (lx, ly, box[2] + pad, box[3] + pad), radius=label_size // 2 + pad // 2, fill=(20, 20, 20, 150)
    )
    draw.text((lx + pad, ly + pad), label, font=label_font, fill=(255, 255, 255, 235))

    # Title in a translucent band across the lower third.
    title_size = max(12, unit // 15)
    title_font = _font(TITLE_FONT, title_size)
    lines = _wrap(drawable(title, TITLE_FONT), title_font, width * 0.84) or [" "]
    line_height = round(title_size * 1.3)
    band_h = line_height * len(lines) + title_size
    band_top = round(height * 0.9) - band_h
    draw.rectangle((0, band_top, width, band_top + band_h), fill=(255, 255, 255, 170))
    y = band_top + title_size // 2
    for line in lines:
        x = (width - title_font.getlength(line)) / 2
        draw.text((x, y), line, font=title_font, fill=(30, 30, 30, 255))
        y += line_height

    out = io.BytesIO()
    # The comment says "placeholder" to the build's data-quality figures (a file name cannot: an officer
    # replaces a placeholder with a real photo of the same name).
    Image.alpha_composite(image, overlay).convert("RGB").save(
        out, "JPEG", quality=_JPEG_QUALITY, optimize=True, comment=PLACEHOLDER_COMMENT
    )
    return out.getvalue()
