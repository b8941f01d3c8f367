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

from ..domain.problems import BilingualError
from ..store import Store
from ..workers import Workers, pmap, threads_map
from .discover import Unreadable, read_regular

MAX_BYTES = 15 * 1024 * 1024  # a phone photo is 2–8 MB
MAX_PIXELS = 50_000_000  # 50 MP: above any phone's default; refuses decompression bombs before decoding
MIN_SIDE = 300  # smaller than this looks broken on a product page
# A photo longer than 5 times its width (or the reverse) is a strip on a product page, not a
# picture of a product; every derivative then also stays far inside WebP's limit.
MAX_ASPECT = 5
WEBP_MAX_SIDE = 16383  # the WebP format cannot hold a longer side
FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}  # MPO: a phone's JPEG with a second frame (depth, stereo)
WIDTHS = (320, 640, 960)
WEBP_QUALITY = 70
JPEG_QUALITY = 74
DERIVATIVE_VERSION = "2"  # bump when the encoding settings change: it is part of the cache key
NAME = "{name}"  # where a message names the photo: the same file may be written differently in records

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


class PhotoRefused(Exception):
    """A photo the site cannot publish; the messages hold NAME where the photo's name goes."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi)
        self.vi, self.en = vi, en


def named(messages: list[tuple[str, str]], name: str) -> list[tuple[str, str]]:
    return [(vi.replace(NAME, name), en.replace(NAME, name)) for vi, en in messages]


def derivative_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """The published sizes of a photo: a few widths, never upscaled (a small photo's own width is its largest)."""
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    return [(w, max(1, round(height * w / width))) for w in sorted(set(widths))]


def _header(img: Image.Image) -> None:
    """The checks that need only the header: nothing is decoded before them."""
    w, h = img.size
    if img.format not in FORMATS:
        raise PhotoRefused(f"ảnh '{NAME}' phải là JPEG, PNG hoặc WebP", f"image '{NAME}' must be JPEG, PNG or WebP")
    if w * h > MAX_PIXELS:
        raise Image.DecompressionBombError("too many pixels")
    if min(w, h) < MIN_SIDE:
        raise PhotoRefused(
            f"ảnh '{NAME}' quá nhỏ ({w}×{h}); cạnh ngắn cần ít nhất {MIN_SIDE} điểm ảnh",
            f"image '{NAME}' is too small ({w}×{h}); the short side needs at least {MIN_SIDE} pixels",
        )
    if max(w, h) > MAX_ASPECT * min(w, h):
        raise PhotoRefused(
            f"ảnh '{NAME}' quá dài hoặc quá hẹp ({w}×{h}); cạnh dài tối đa gấp {MAX_ASPECT} lần cạnh ngắn",
            f"image '{NAME}' is too long or too narrow ({w}×{h}); the long side is at most {MAX_ASPECT} times the short",
        )


def _to_rgb(img: Image.Image) -> Image.Image:
    """8-bit RGB on white, whatever the mode: 16-bit and float greyscale scaled (not clipped to white)."""
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")  # 0–65535 onto 0–255
    elif img.mode == "F":
        low, high = img.getextrema()
        scale = 255 if low >= 0 and high <= 1 else 1  # 0–1 floats, or already 0–255
        img = img.point(lambda v: v * scale).convert("L")
    if "A" in img.getbands() or "a" in img.getbands() or "transparency" in img.info:
        img = img.convert("RGBA")
        flat = Image.new("RGB", img.size, (255, 255, 255))
        flat.paste(img, mask=img.getchannel("A"))
        return flat
    return img.convert("RGB")


def _upright(img: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(img)
    except Exception:  # damaged EXIF: publish the photo as stored rather than refuse it
        return img


def gate(data: bytes) -> Image.Image:
    """The photo as the site publishes it, or PhotoRefused: the one gate of ``ocop check`` and the build.

    Opens the bytes the way the build does (the first frame of an MPO; JPEGs decoded at the reduced
    scale the derivatives need), decodes every pixel (a truncated file fails here, not in the
    build), turns it upright and into 8-bit RGB, and checks that every derivative can be encoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Corrupt EXIF data" and the like: noise in an officer's report
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            _header(img)
            if img.format in ("JPEG", "MPO"):
                img.draft("RGB", (max(WIDTHS), max(WIDTHS)))  # decode at reduced scale: much faster on 12 MP photos
            img.load()
            img = _to_rgb(_upright(img))
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(
            f"ảnh '{NAME}' có quá nhiều điểm ảnh (tối đa {MAX_PIXELS // 1_000_000} triệu)",
            f"image '{NAME}' has too many pixels (at most {MAX_PIXELS // 1_000_000} million)",
        ) from None
    except Exception:  # Pillow raises many kinds for a broken file; all mean the same to an officer
        raise PhotoRefused(
            f"tệp '{NAME}' không phải là ảnh hoặc bị hỏng (có thể chưa tải lên hết)",
            f"file '{NAME}' is not an image or is damaged (perhaps not fully uploaded)",
        ) from None
    if any(max(size) > WEBP_MAX_SIDE for size in derivative_sizes(*img.size)):
        raise PhotoRefused(
            f"ảnh '{NAME}' quá dài để lưu dạng WebP (tối đa {WEBP_MAX_SIDE} điểm ảnh mỗi cạnh)",
            f"image '{NAME}' is too long for WebP (at most {WEBP_MAX_SIDE} pixels a side)",
        )
    return img


def check_photo_file(path: Path) -> list[tuple[str, str]]:
    """Problems with one photo file that exists, as messages holding NAME."""
    try:
        data = read_regular(path, MAX_BYTES)
    except Unreadable as exc:
        if exc.why == "large":
            return [
                (
                    f"ảnh '{NAME}' quá lớn ({exc.size / 1e6:.1f} MB); tối đa {MAX_BYTES // 1024 // 1024} MB",
                    f"image '{NAME}' is too large ({exc.size / 1e6:.1f} MB); at most {MAX_BYTES // 1024 // 1024} MB",
                )
            ]
        if exc.why == "missing":
            return [(f"không tìm thấy tệp ảnh '{NAME}'", f"image file '{NAME}' not found")]
        return [(f"ảnh '{NAME}' {exc.vi}", f"image '{NAME}' {exc.en}")]
    try:
        gate(data)
    except PhotoRefused as exc:
        return [(exc.vi, exc.en)]
    return []


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
    return named(check_photo_file(path), name)


def check_document(folder: Path, name: str) -> list[tuple[str, str]]:
    """Problems with a document a record names (a decision, a test report): a real PDF, or a photo that
    passes the photo gate, inside the record's folder."""
    path = image_path(folder, name)
    if path is None:
        return [
            (
                f"tài liệu '{name}' phải nằm trong thư mục tai-lieu/ của tỉnh (không dùng '..' hay liên kết)",
                f"document '{name}' must be in the province's tai-lieu/ folder (no '..' or links)",
            )
        ]
    if not name.lower().endswith(".pdf"):
        return named(check_photo_file(path), name)
    try:
        data = read_regular(path, MAX_BYTES)
    except Unreadable as exc:
        if exc.why == "missing":
            return [(f"không tìm thấy tệp tài liệu '{name}'", f"document file '{name}' not found")]
        if exc.why == "large":
            return [
                (
                    f"tài liệu '{name}' quá lớn ({exc.size / 1e6:.1f} MB); tối đa {MAX_BYTES // 1024 // 1024} MB",
                    f"document '{name}' is too large ({exc.size / 1e6:.1f} MB); at most {MAX_BYTES // 1024 // 1024} MB",
                )
            ]
        return [(f"tài liệu '{name}' {exc.vi}", f"document '{name}' {exc.en}")]
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        return [
            (
                f"tệp '{name}' không phải tệp PDF hoàn chỉnh; hãy quét hoặc lưu lại quyết định thành PDF",
                f"file '{name}' is not a whole PDF file; scan or save the decision as a PDF again",
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
    """``source_key`` of a photo file; None when it cannot be read (gone, no longer a plain file, too large)."""
    try:
        return source_key(read_regular(path, MAX_BYTES))
    except Unreadable:
        return None


def _make(store: Store, path: Path) -> list[tuple[int, int, str, str]] | tuple[str, str]:
    """Encode one photo into store objects, or say why not. Runs in a forked worker: files only, no index."""
    try:
        encoded = _encode(read_regular(path, MAX_BYTES))
    except PhotoRefused as exc:
        return exc.vi.replace(NAME, str(path)), exc.en.replace(NAME, str(path))
    except Unreadable as exc:
        return f"ảnh '{path}' {exc.vi or 'quá lớn'}", f"image '{path}' {exc.en or 'is too large'}"
    return [(w, h, store.put_object(webp), store.put_object(jpeg)) for w, h, webp, jpeg in encoded]


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
        if key is None:  # the check read it a moment ago: it was removed or changed since
            raise BilingualError(f"không đọc được ảnh '{path}'", f"cannot read the photo '{path}'")
        hit = found.get(key) or cached(key, store)
        if hit is not None:
            found[key] = hit
        elif key not in {keys[t] for t in todo}:
            todo.append(path)
    made = pmap(_make, todo, store, jobs=jobs, threshold=4, chunks_per_job=1, workers=workers)
    for path, objects in zip(todo, made, strict=True):
        if isinstance(objects, tuple):  # changed since the check (the check and the build share ``gate``)
            raise BilingualError(*objects)
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
    img = gate(data)
    out = []
    for w, h in derivative_sizes(*img.size):
        small = img.resize((w, h), Image.Resampling.LANCZOS) if w != img.width else img.copy()
        # New images from pixels only: no EXIF, no GPS, no ICC profile or comments.
        webp, jpeg = io.BytesIO(), io.BytesIO()
        small.save(webp, "WEBP", quality=WEBP_QUALITY, method=4)
        small.save(jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        out.append((w, h, webp.getvalue(), jpeg.getvalue()))
    return out
