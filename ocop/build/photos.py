"""Product photos: checking what provinces upload, and making small, clean derivatives.

Phones give 5 MB photos with GPS coordinates in their EXIF: a privacy leak for a
farmer's home. The site never serves an original. It serves re-encoded WebP and JPEG
derivatives at a few widths, made from the pixels only (no metadata survives), and
cached by the source's content so a rebuild re-encodes nothing.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from ..store import Store, Workers, pmap, threads_map

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


@dataclass(frozen=True, slots=True)
class Variant:
    width: int
    height: int
    webp: str  # file name under img/
    jpeg: str


@dataclass(frozen=True, slots=True)
class Derived:
    key: str
    width: int  # of the largest variant
    height: int
    variants: tuple[Variant, ...]


def source_key(data: bytes) -> str:
    """The photo's name in the site (``img/<key>-<width>.webp``): its content and the encoding settings."""
    return hashlib.sha256(DERIVATIVE_VERSION.encode() + b"\0" + data).hexdigest()[:20]


# A photo's derivatives in the store: one line per width, "width height webp-object jpeg-object".
NAMESPACE = "photo"


def _describe(key: str, objects: list[tuple[int, int, str, str]]) -> tuple[Derived, dict[str, str]]:
    variants = tuple(Variant(w, h, f"{key}-{w}.webp", f"{key}-{w}.jpg") for w, h, _, _ in objects)
    files = {}
    for v, (_, _, webp, jpeg) in zip(variants, objects, strict=True):
        files[v.webp], files[v.jpeg] = webp, jpeg
    last = variants[-1]
    return Derived(key, last.width, last.height, variants), files


def photo_key(path: Path) -> str | None:
    """``source_key`` of a photo file, read in blocks; None when it cannot be read."""
    h = hashlib.sha256(DERIVATIVE_VERSION.encode() + b"\0")
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()[:20]


def _make(store: Store, path: Path) -> list[tuple[int, int, str, str]]:
    """Encode one photo into store objects. Runs in a forked worker: files only, no index."""
    return [(w, h, store.put_object(webp), store.put_object(jpeg)) for w, h, webp, jpeg in _encode(path.read_bytes())]


def derive_all(
    paths: list[Path], store: Store, jobs: int | None = None, workers: Workers | None = None
) -> tuple[dict[str, Derived], dict[str, str]]:
    """Derivatives of every photo, by source path, and the site's ``img/`` files (name → object).

    Photos are known by their content (a photo replaced by another of the same size and time is
    seen), so each is read once to hash it; only photos the store lacks are decoded, on every core."""
    keys = dict(zip(paths, threads_map(photo_key, paths), strict=True))
    found: dict[str, tuple[Derived, dict[str, str]]] = {}
    todo: list[Path] = []
    for path in sorted(set(paths)):
        key = keys[path]
        assert key is not None, path  # the check read it a moment ago
        hit = found.get(key) or cached(key, store)
        if hit is not None:
            found[key] = hit
        elif key not in {keys[t] for t in todo}:
            todo.append(path)
    made = pmap(_make, todo, store, jobs=jobs, threshold=4, chunks_per_job=1, workers=workers)
    for path, objects in zip(todo, made, strict=True):
        key = keys[path]
        store.mark(n for o in objects for n in o[2:])
        store.put(NAMESPACE, key, "\n".join(" ".join(map(str, o)) for o in objects).encode())
        found[key] = _describe(key, objects)
    derived = {str(p): found[keys[p]][0] for p in paths}
    files: dict[str, str] = {}
    for _derived, names in found.values():
        files.update(names)
    return derived, files


def cached(key: str, store: Store) -> tuple[Derived, dict[str, str]] | None:
    """The derivatives of the photo with this key, if the store has all of them intact."""
    value = store.get(NAMESPACE, key)
    if value is None:
        return None
    try:
        objects = [
            (int(w), int(h), webp, jpeg) for w, h, webp, jpeg in (line.split() for line in value.decode().splitlines())
        ]
    except ValueError:
        return None
    if not objects or len(store.verify(n for o in objects for n in o[2:])) != 2 * len(objects):
        return None
    return _describe(key, objects)


def _encode(data: bytes) -> list[tuple[int, int, bytes, bytes]]:
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
        out = []
        for w in sorted(set(widths)):
            h = round(img.height * w / img.width)
            small = img.resize((w, h), Image.Resampling.LANCZOS) if w != img.width else img.copy()
            # New images from pixels only: no EXIF, no GPS, no ICC profile or comments.
            webp, jpeg = io.BytesIO(), io.BytesIO()
            small.save(webp, "WEBP", quality=WEBP_QUALITY, method=4)
            small.save(jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            out.append((w, h, webp.getvalue(), jpeg.getvalue()))
    return out
