"""Product photos: checking what provinces upload, and making small, clean derivatives.

Phones give 5 MB photos with GPS coordinates in their EXIF: a privacy leak for a
farmer's home. The site never serves an original. It serves re-encoded WebP and JPEG
derivatives at a few widths, made from the pixels only (no metadata survives), and
cached by the source's content so a rebuild re-encodes nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

MAX_BYTES = 15 * 1024 * 1024  # a phone photo is 2–8 MB
MAX_PIXELS = 50_000_000  # 50 MP: above any phone's default; refuses decompression bombs before decoding
MIN_SIDE = 300  # smaller than this looks broken on a product page
FORMATS = {"JPEG", "PNG", "WEBP"}
WIDTHS = (320, 640, 960)
WEBP_QUALITY = 70
JPEG_QUALITY = 74
DERIVATIVE_VERSION = "1"  # bump when the encoding settings change: it is part of the cache key

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def image_path(folder: Path, name: str) -> Path | None:
    """The image's path if ``name`` stays inside ``folder`` with no symlink on the way."""
    if name.startswith(("/", "\\")) or ".." in Path(name).parts or ":" in name:
        return None
    path = folder
    for part in Path(name).parts:
        path = path / part
        if path.is_symlink():
            return None
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return None
    return path


def check_image(folder: Path, name: str) -> list[tuple[str, str]]:
    """Problems with one image reference, as (Vietnamese, English) messages."""
    path = image_path(folder, name)
    if path is None:
        return [
            (
                f"ảnh '{name}' phải nằm trong thư mục của hồ sơ (không dùng '..', đường dẫn tuyệt đối hay liên kết)",
                f"image '{name}' must be inside the record's folder (no '..', absolute paths or links)",
            )
        ]
    if not path.is_file():
        return [(f"không tìm thấy tệp ảnh '{name}'", f"image file '{name}' not found")]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return [
            (
                f"ảnh '{name}' quá lớn ({size / 1e6:.1f} MB); tối đa {MAX_BYTES // 1024 // 1024} MB",
                f"image '{name}' is too large ({size / 1e6:.1f} MB); at most {MAX_BYTES // 1024 // 1024} MB",
            )
        ]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                fmt, (w, h) = img.format, img.size
                if w * h > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                img.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [
            (
                f"ảnh '{name}' có quá nhiều điểm ảnh (tối đa {MAX_PIXELS // 1_000_000} triệu)",
                f"image '{name}' has too many pixels (at most {MAX_PIXELS // 1_000_000} million)",
            )
        ]
    except Exception:  # Pillow raises many kinds for a broken file; all mean the same to an officer
        return [(f"tệp '{name}' không phải là ảnh hoặc bị hỏng", f"file '{name}' is not an image or is damaged")]
    if fmt not in FORMATS:
        return [(f"ảnh '{name}' phải là JPEG, PNG hoặc WebP", f"image '{name}' must be JPEG, PNG or WebP")]
    if min(w, h) < MIN_SIDE:
        return [
            (
                f"ảnh '{name}' quá nhỏ ({w}×{h}); cạnh ngắn cần ít nhất {MIN_SIDE} điểm ảnh",
                f"image '{name}' is too small ({w}×{h}); the short side needs at least {MIN_SIDE} pixels",
            )
        ]
    return []


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    webp: str  # file name under img/
    jpeg: str


@dataclass(frozen=True)
class Derived:
    key: str
    width: int  # of the largest variant
    height: int
    variants: tuple[Variant, ...]


def source_key(data: bytes) -> str:
    return hashlib.sha256(DERIVATIVE_VERSION.encode() + b"\0" + data).hexdigest()[:20]


def cached(key: str, cache_dir: Path) -> tuple[Derived, dict[str, Path]] | None:
    """The derivatives of the photo with this content key, if they are in the cache."""
    folder = cache_dir / key[:2] / key
    try:
        derived = _read_manifest(key, (folder / "manifest").read_text())
    except FileNotFoundError:
        return None
    return derived, _files(derived, folder)


def _files(derived: Derived, folder: Path) -> dict[str, Path]:
    files = {}
    for v in derived.variants:
        files[v.webp] = folder / v.webp
        files[v.jpeg] = folder / v.jpeg
    return files


def derive(src: Path, cache_dir: Path) -> tuple[Derived, dict[str, Path]]:
    """Make (or take from the cache) the derivatives of one photo.

    Returns their description and a map from output file name to the cached file.
    """
    data = src.read_bytes()
    key = source_key(data)
    found = cached(key, cache_dir)
    if found is not None:
        return found
    folder = cache_dir / key[:2] / key
    derived = _encode(key, data, folder)
    tmp = folder / "manifest.tmp"
    tmp.write_text(_manifest(derived))
    os.replace(tmp, folder / "manifest")  # written last: a half-filled folder is never trusted
    return derived, _files(derived, folder)


def _encode(key: str, data: bytes, folder: Path) -> Derived:
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(io.BytesIO(data)) as img:
        if img.format == "JPEG":
            img.draft("RGB", (max(WIDTHS), max(WIDTHS)))  # decode at reduced scale: much faster on 12 MP photos
        img = ImageOps.exif_transpose(img)
        if img.mode in ("RGBA", "LA", "P"):
            img = img.convert("RGBA")
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A"))
            img = flat
        else:
            img = img.convert("RGB")
        # Never upscale: a small photo's own width is its largest variant.
        widths = [w for w in WIDTHS if w < img.width] + [min(img.width, WIDTHS[-1])]
        variants = []
        for w in sorted(set(widths)):
            h = round(img.height * w / img.width)
            small = img.resize((w, h), Image.Resampling.LANCZOS) if w != img.width else img.copy()
            webp, jpeg = f"{key}-{w}.webp", f"{key}-{w}.jpg"
            # New images from pixels only: no EXIF, no GPS, no ICC profile or comments.
            small.save(folder / webp, "WEBP", quality=WEBP_QUALITY, method=4)
            small.save(folder / jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            variants.append(Variant(w, h, webp, jpeg))
    last = variants[-1]
    return Derived(key, last.width, last.height, tuple(variants))


def _manifest(d: Derived) -> str:
    return "\n".join(f"{v.width} {v.height} {v.webp} {v.jpeg}" for v in d.variants) + "\n"


def _read_manifest(key: str, text: str) -> Derived:
    variants = []
    for line in text.splitlines():
        w, h, webp, jpeg = line.split()
        variants.append(Variant(int(w), int(h), webp, jpeg))
    last = variants[-1]
    return Derived(key, last.width, last.height, tuple(variants))
