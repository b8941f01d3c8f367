"""Printable labels: the PDF a producer prints and sticks on the pack, one per product and one per lot.

A label holds the QR code (error correction M, a 4-module quiet zone, the symbol itself at least
15 mm wide), the product's name in full Vietnamese, its stars, the producer, the address the code
holds written out, and for a lot its number and dates. Sizes: ``40x30mm`` and ``50x30mm`` (a page
a label, for label printers) and ``a4`` (sheets of 50x30 mm labels with crop marks, for office
printers). The build makes each product's and each lot's 50x30 mm label, cached by content like
the QR codes; ``ocop labels`` makes any size for a selection.

ReportLab rather than fpdf2, measured here on one core (QR encoding left out, ~3 ms either way):
a one-label PDF takes ~1.8 ms with ReportLab and its C accelerator (rl_accel) against ~31 ms with
fpdf2, which parses and subsets the font with fontTools for every document, and a cold national
build makes ~27,000 of them; on an A4 sheet, ~0.6 ms a label against ~3.7 ms. ReportLab embeds a
subset of the glyphs used (~10 KB a label), with a ToUnicode map (text can be searched and copied),
and its invariant mode fixes the dates and the file ID, so the same label is the same bytes.

The QR code is drawn as vector rectangles from segno's module matrix, one filled path, so it is
sharp at any resolution and shows no seams. The text is set in the Noto Sans subset shipped in
``ocop/data/fonts`` (SIL OFL); Noto Sans has no ★, so the stars are drawn as shapes.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import astuple, dataclass, fields
from functools import cache
from pathlib import Path

import segno
from PIL import Image
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ..domain import gs1
from ..domain.lots import Lot
from ..domain.model import Catalogue, Product
from ..domain.problems import BilingualError
from ..domain.units import units
from ..keys import code_key, content_key
from ..store import Store
from ..workers import Workers, pmap
from . import qr

MM = 72 / 25.4  # PDF points in a millimetre
FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"
FONT_FILES = {"OcopSans": "NotoSans-Regular.ttf", "OcopSans-Bold": "NotoSans-Bold.ttf"}
REGULAR, BOLD = FONT_FILES
SIZE_IN_SITE = "50x30mm"  # the label a product or lot page offers
FILE_NAME = "nhan.pdf"
STORE_NS = "label"
PARALLEL_THRESHOLD = 200  # labels; below this, forking costs more than it saves (~3 ms a label)
# Certificates a label may still claim: an expired or withdrawn one must not be printed as OCOP.
PRINTABLE_STATUSES = ("valid", "expiring")

# The label's own geometry, in mm from its top-left corner.
QR_INSET = 0.6  # the quiet zone starts this far from the edges; it is white, so it doubles as margin
STAR = 0.95  # a drawn star's advance, in font sizes
MARGIN = 1.2  # text keeps this far from the edges: a label printer's registration is ±1 mm
QR_SHARE = 0.48  # the code takes at most this share of the label's width, the text the rest
MIN_SYMBOL = 15.2  # mm from the first to the last module: 15 mm as asked, with room for rounding
GUTTER = 0.3  # between the quiet zone and the text
URL_GAP = 0.8  # between the text beside the code and the address below it
LEADING = 1.22  # line height / font size; stacked Vietnamese accents need more than Latin's 1.15
FIRST_BASELINE = 1.0  # the first line's baseline below its top, in font sizes (room for "Ấ")
DESCENT = 0.28  # below the last baseline, in font sizes
BLOCK_GAP = 0.35  # after each block, in font sizes
ELLIPSIS = "…"

# A4 sheets: crop marks extend each label's edges outward, starting clear of the label.
MARK_OFFSET, MARK_LENGTH = 1.0, 1.5  # mm: across a 5 mm gap, a label's mark meets its neighbour's
MARK_WIDTH = 0.5  # pt


@dataclass(frozen=True, slots=True)
class Label:
    """What one label says. Dates are text as printed (dd/mm/yyyy); empty fields are left out."""

    title: str
    stars: int
    producer: str
    url: str  # what the QR code holds: an absolute address
    lot: str = ""  # the lot number on the pack (GS1 AI 10)
    produced: str = ""
    best_before: str = ""
    expiry: str = ""

    @property
    def short_url(self) -> str:
        """The address as written under the code: a reader types it without the scheme."""
        return re.sub(r"^https?://", "", self.url)


@dataclass(frozen=True, slots=True)
class Sheet:
    """A page size and how labels sit on it, in mm."""

    page: tuple[float, float]
    label: tuple[float, float]
    columns: int = 1
    rows: int = 1
    gap: float = 0.0
    marks: bool = False

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, i: int) -> tuple[float, float]:
        """The top-left corner of the ``i``-th label on its page, the grid centred on the page."""
        (pw, ph), (w, h) = self.page, self.label
        x0 = (pw - (self.columns * w + (self.columns - 1) * self.gap)) / 2
        y0 = (ph - (self.rows * h + (self.rows - 1) * self.gap)) / 2
        col, row = i % self.per_page % self.columns, i % self.per_page // self.columns
        return x0 + col * (w + self.gap), y0 + row * (h + self.gap)


SIZES = {
    "40x30mm": Sheet((40, 30), (40, 30)),
    "50x30mm": Sheet((50, 30), (50, 30)),
    # 3 x 8 labels: 25 mm side margins and 11 mm top and bottom, inside any printer's reach.
    "a4": Sheet((210, 297), (50, 30), columns=3, rows=8, gap=5.0, marks=True),
}


# What a label says.
def lot_qr_text(site_url: str, product: Product, lot: Lot) -> str:
    """A lot's QR code: its GS1 Digital Link URI when the product has a GTIN, else its page."""
    return gs1.lot_uri(site_url, product.gtin, lot.code, lot.url)


def product_label(product: Product, producer: str, site_url: str) -> Label:
    return Label(product.name, product.stars, producer, qr.product_url(site_url, product.id))


def lot_label(lot: Lot, product: Product, producer: str, site_url: str) -> Label:
    return Label(
        product.name,
        product.stars,
        producer,
        lot_qr_text(site_url, product, lot),
        lot=lot.code,
        produced=f"{lot.produced:%d/%m/%Y}",
        best_before=f"{lot.best_before:%d/%m/%Y}" if lot.best_before else "",
        expiry=f"{lot.expiry:%d/%m/%Y}" if lot.expiry else "",
    )


def printable(product: Product) -> bool:
    """Whether the product may carry an OCOP label: its certificate is in force."""
    return product.status in PRINTABLE_STATUSES


def printable_lot(cat: Catalogue, lot: Lot) -> bool:
    """A recalled lot gets no new labels, nor does a lot of a product that may not carry one."""
    return not lot.recalled and printable(cat.product_by_id[lot.product_id])


def _producer_name(cat: Catalogue, product: Product) -> str:
    producer = cat.producer_by_id.get(product.producer_id)
    return producer.name if producer else ""


def catalogue_labels(cat: Catalogue, site_url: str) -> dict[str, Label]:
    """Each printable product's and lot's label, by the site path of its PDF."""
    out = {
        f"{p.url}{FILE_NAME}": product_label(p, _producer_name(cat, p), site_url) for p in cat.products if printable(p)
    }
    for lot in cat.lots:
        if printable_lot(cat, lot):
            product = cat.product_by_id[lot.product_id]
            out[f"{lot.url}{FILE_NAME}"] = lot_label(lot, product, _producer_name(cat, product), site_url)
    return out


class LabelError(BilingualError):
    """A request for labels that cannot be met: an unknown id, province, producer or lot number."""


def _chosen_products(cat: Catalogue, ids: list[str], province: str | None, producer: str | None) -> list[Product]:
    if province is not None and province not in units().provinces:
        raise LabelError(
            f"không có tỉnh '{province}' (viết như tên thư mục, ví dụ ha-noi)",
            f"no province '{province}' (write it as its folder, e.g. ha-noi)",
        )
    if producer is not None and producer not in cat.producer_by_id:
        raise LabelError(f"không có chủ thể mã '{producer}'", f"no producer has the id '{producer}'")
    products = [cat.product_by_id[i] for i in ids if i in cat.product_by_id]
    if province is not None or producer is not None:
        products += [
            p
            for p in cat.products
            if (province is None or p.province.slug == province) and (producer is None or p.producer_id == producer)
        ]
    return products


def select(
    cat: Catalogue,
    site_url: str,
    ids: list[str],
    province: str | None = None,
    producer: str | None = None,
    lot_codes: list[str] | None = None,
) -> tuple[list[Label], list[str]]:
    """The labels ``ocop labels`` prints, and what it leaves out and why (a bilingual line each): products
    and lots by id, a province's and/or a producer's products, or with lot numbers those lots of the chosen
    products (of any when none is chosen). Lapsed certificates and recalled lots get no label."""
    unknown = [i for i in ids if i not in cat.product_by_id and i not in cat.lot_by_id]
    if unknown:
        raise LabelError(f"không có sản phẩm hay lô mã '{unknown[0]}'", f"no product or lot has the id '{unknown[0]}'")
    if not ids and province is None and producer is None and not lot_codes:
        raise LabelError(
            "hãy chọn nhãn cần in: mã sản phẩm hoặc lô, --province, --producer hoặc --lot",
            "choose what to print: product or lot ids, --province, --producer or --lot",
        )
    products = _chosen_products(cat, ids, province, producer)
    lots = [cat.lot_by_id[i] for i in ids if i in cat.lot_by_id]
    if lot_codes:
        among = {p.id for p in products} if products or province or producer else None
        for code in lot_codes:
            found = [lot for lot in cat.lots if lot.code == code and (among is None or lot.product_id in among)]
            if not found:
                where = ("", "") if among is None else (" của các sản phẩm đã chọn", " among the chosen products")
                raise LabelError(f"không có lô số '{code}'{where[0]}", f"no lot numbered '{code}'{where[1]}")
            lots += found
        products = []  # with lot numbers, the lots' labels only
    out, skipped = [], []
    for p in dict.fromkeys(products):
        if printable(p):
            out.append(product_label(p, _producer_name(cat, p), site_url))
        else:
            skipped.append((f"{p.id}: chứng nhận {p.status_label.lower()}", f"{p.id}: certificate {p.status}"))
    for lot in dict.fromkeys(lots):
        product = cat.product_by_id[lot.product_id]
        if printable_lot(cat, lot):
            out.append(lot_label(lot, product, _producer_name(cat, product), site_url))
        elif lot.recalled:
            skipped.append((f"{lot.id}: lô đã bị thu hồi", f"{lot.id}: the lot is recalled"))
        else:
            skipped.append((f"{lot.id}: chứng nhận của sản phẩm hết hiệu lực", f"{lot.id}: the certificate lapsed"))
    if not out:
        vi, en = ("; ".join(parts) for parts in zip(*skipped, strict=True)) if skipped else ("", "")
        raise LabelError(f"không có nhãn nào để in ({vi})", f"there is no label to print ({en})")
    return out, [f"{vi} / {en}" for vi, en in skipped]


def _lines(label: Label) -> list[Block]:
    """The text beside the code, in reading order, each with its largest and smallest size (pt)."""
    # Composed letters: the PDF sets one glyph per character, and a lone combining mark would sit astray.
    label = Label(*(unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in astuple(label)))
    blocks = [
        Block(label.title, BOLD, 8.0, 5.0, 3),
        Block(f"OCOP {label.stars} sao", BOLD, 6.0, 4.5, 1, stars=label.stars),
    ]
    if label.producer:
        blocks.append(Block(label.producer, REGULAR, 6.0, 4.5, 2))
    if label.lot:
        blocks.append(Block(f"Lô {label.lot}", BOLD, 6.0, 4.5, 2))
    if label.produced:
        blocks.append(Block(f"NSX {label.produced}", REGULAR, 6.0, 4.5, 1))
    if label.expiry:
        blocks.append(Block(f"HSD {label.expiry}", REGULAR, 6.0, 4.5, 1))
    if label.best_before:
        blocks.append(Block(f"Dùng tốt nhất trước {label.best_before}", REGULAR, 6.0, 4.5, 2))
    return blocks


# Setting text.
@dataclass(frozen=True, slots=True)
class Block:
    text: str
    font: str
    size: float  # pt, the largest
    least: float  # pt, the smallest
    lines: int  # at most
    stars: int = 0  # drawn before the text
    breaks: str = "-"  # a line may also break after these (a date's slashes must not break)


@dataclass(frozen=True, slots=True)
class Set:  # a block as set: its size and its lines
    block: Block
    size: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:  # in pt, with the gap after it
        return self.size * (LEADING * len(self.lines) + BLOCK_GAP)


@cache
def fonts() -> None:
    """Register the shipped fonts with ReportLab, once a process. Each PDF embeds only the glyphs it
    uses (asciiReadable would add all of ASCII to every font: 21 KB a label instead of ~10 KB), and
    its streams are not ASCII85-encoded (a quarter larger, for 7-bit channels nobody uses now)."""
    rl_config.useA85 = 0  # ReportLab's own setting; nothing else here makes PDFs
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file), asciiReadable=False))


@cache
def fonts_digest() -> str:
    """The font files' content: part of a label's key (code_key reads only data/'s own files)."""
    return hashlib.sha256(b"".join((FONT_DIR / f).read_bytes() for f in FONT_FILES.values())).hexdigest()


_width = pdfmetrics.stringWidth


def _pieces(text: str, breaks: str) -> list[tuple[str, str]]:
    """(glue, piece): a line may break at a space (glue " ", dropped at the break) or after ``breaks``."""
    out: list[tuple[str, str]] = []
    after = re.escape(breaks)
    for word in text.split():
        parts = re.findall(rf"[^{after}]*[{after}]+|[^{after}]+", word)
        out += [(" " if i == 0 and out else "", part) for i, part in enumerate(parts)]
    return out


def clusters(text: str) -> list[str]:
    """Letters with their marks: a break or a cut never separates a diacritic from its letter."""
    out: list[str] = []
    for ch in text:
        if out and (unicodedata.combining(ch) or ch in "\u200d\ufe0f"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than a line, cut between letters (the last resort)."""
    parts, part = [], ""
    for c in clusters(word):
        if part and _width(part + c, font, size) > width:
            parts.append(part)
            part = ""
        part += c
    return [*parts, part]


def wrap(text: str, font: str, size: float, width: float, hard: bool = False, breaks: str = "-") -> list[str] | None:
    """Lines of at most ``width`` pt, broken at spaces and after ``breaks``; None when a word does
    not fit, unless ``hard``, which breaks it between letters."""
    lines: list[str] = []
    line = ""
    for glue, piece in _pieces(text, breaks):
        joined = f"{line}{glue}{piece}" if line else piece
        if _width(joined, font, size) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        line = piece
        if _width(piece, font, size) > width:
            if not hard:
                return None
            *done, line = _break_word(piece, font, size, width)
            lines += done
    return [*lines, line] if line else lines


def ellipsize(line: str, font: str, size: float, width: float) -> str:
    """The line cut so that it and an ellipsis fit: after a whole word when one fits, else between letters."""
    words = line.split()
    while len(words) > 1:
        words.pop()
        if _width(" ".join(words) + ELLIPSIS, font, size) <= width:
            return " ".join(words) + ELLIPSIS
    parts = clusters(line.rstrip())
    while parts and _width("".join(parts).rstrip() + ELLIPSIS, font, size) > width:
        parts.pop()
    return "".join(parts).rstrip() + ELLIPSIS


def _set(block: Block, size: float, width: float, hard: bool = False) -> Set | None:
    room = width - STAR * size * block.stars
    lines = wrap(block.text, block.font, size, room, hard, block.breaks)
    if lines is None or (len(lines) > block.lines and not hard):
        return None
    if len(lines) > block.lines:  # the last resort: an ellipsis on the last line that fits
        lines = [*lines[: block.lines - 1], ellipsize(lines[block.lines - 1], block.font, size, room)]
    return Set(block, size, tuple(lines))


def fit(blocks: list[Block], width: float, height: float) -> list[Set]:
    """The blocks at the largest common scale at which each keeps whole words within its lines and all
    fit the height; else at their smallest, words broken and an ellipsis ending what still does not fit."""
    floor = max(b.least / b.size for b in blocks)
    scale = 1.0
    while True:
        sizes = [max(b.least, round(b.size * scale, 2)) for b in blocks]
        done = [_set(b, z, width) for b, z in zip(blocks, sizes, strict=True)]
        if all(done) and sum(s.height for s in done if s) <= height:
            return [s for s in done if s]
        if scale <= floor:
            break
        scale = max(floor, scale - 0.05)
    return [s for b in blocks if (s := _set(b, b.least, width, hard=True))]


def fit_url(text: str, width: float) -> Set:
    """The written address: on one line when it fits at 4.5 pt or more (it is easier to type
    whole), else on two lines, broken after a slash, at 4 pt or more."""
    for lines, least in ((1, 45), (2, 40)):
        for tenth in range(50, least - 1, -5):
            done = _set(Block(text, REGULAR, tenth / 10, least / 10, lines, breaks="/-"), tenth / 10, width)
            if done:
                return done
    last = _set(Block(text, REGULAR, 4.0, 4.0, 2, breaks="/-"), 4.0, width, hard=True)
    assert last is not None
    return last


# Drawing.
Matrix = tuple[tuple[int, ...], ...]  # rows of modules; the low bit is "dark", as segno gives them


def modules(url: str) -> Matrix:
    """The QR code of ``url``, as the site's own code: level M, no boost, no Micro QR."""
    return segno.make(url, error=qr.ERROR, micro=False, boost_error=False).matrix


def matrix_from_png(data: bytes | None) -> Matrix | None:
    """The modules of a code qr.py drew (``PNG_SCALE`` px a module inside ``BORDER`` white ones), read
    back from its pixels (~0.25 ms; encoding the URL again costs ~3 ms); None if it is not such a code."""
    if data is None:
        return None
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (OSError, ValueError):
        return None
    side, border = img.width // qr.PNG_SCALE, qr.BORDER
    n = side - 2 * border
    if img.size != (side * qr.PNG_SCALE,) * 2 or n < 21 or (n - 21) % 4:
        return None
    # Each module's centre pixel: the image is drawn with NEAREST scaling, so it is the module's value.
    px = img.convert("L").resize((side, side), Image.Resampling.NEAREST).tobytes()
    m = tuple(tuple(int(px[(y + border) * side + border + x] < 128) for x in range(n)) for y in range(n))
    # The three finder patterns where they belong (dark but for the ring 2 modules from the centre):
    # a PNG drawn some other way is refused, never misread.
    finders = [(ox, oy, x, y) for ox, oy in ((0, 0), (n - 7, 0), (0, n - 7)) for y in range(7) for x in range(7)]
    return m if all(m[oy + y][ox + x] == (max(abs(x - 3), abs(y - 3)) != 2) for ox, oy, x, y in finders) else None


class Page:
    """Drawing on one label with top-down millimetres, as the layout is written."""

    def __init__(self, c: canvas.Canvas, page_height: float, origin: tuple[float, float]) -> None:
        self.c, self.ph, (self.ox, self.oy) = c, page_height, origin

    def pt(self, x: float, y: float) -> tuple[float, float]:
        return (self.ox + x) * MM, (self.ph - self.oy - y) * MM

    def qr(self, matrix: Matrix, x: float, y: float, module: float) -> None:
        """The dark modules as one filled path, a rectangle per horizontal run, in module units."""
        ops = []
        for row, values in enumerate(matrix):
            bits = "".join("1" if v & 1 else "0" for v in values)
            ops += [f"{m.start()} {row} {m.end() - m.start()} 1 re" for m in re.finditer("1+", bits)]
        c = self.c
        c.saveState()
        c.setFillGray(0)
        c.translate(*self.pt(x, y))
        c.scale(module * MM, -module * MM)  # y down: row r is r modules below the top
        c.addLiteral("\n".join([*ops, "f"]))
        c.restoreState()

    def stars(self, count: int, x: float, baseline: float, size: float) -> None:
        """Five-pointed stars sitting on the baseline, each about a capital letter high."""
        c = self.c
        path = c.beginPath()
        outer, inner = size * 0.40, size * 0.40 * 0.42
        for i in range(count):
            cx, cy = self.pt(x, baseline)
            cx += STAR * size * i + outer
            cy += outer * 0.85
            points = [(outer if k % 2 == 0 else inner, 90 + 36 * k) for k in range(10)]
            for k, (r, angle) in enumerate(points):
                px, py = cx + r * math.cos(math.radians(angle)), cy + r * math.sin(math.radians(angle))
                path.lineTo(px, py) if k else path.moveTo(px, py)
            path.close()
        c.drawPath(path, stroke=0, fill=1)

    def text(self, done: Set, x: float, top: float) -> float:
        """The block's lines from ``top`` (mm); returns where the next block starts."""
        c, size = self.c, done.size
        c.setFont(done.block.font, size)
        baseline = top + size * FIRST_BASELINE / MM
        for line in done.lines:
            left = x
            if done.block.stars:
                self.stars(done.block.stars, x, baseline, size)
                left += STAR * size * done.block.stars / MM + 0.3
            c.drawString(*self.pt(left, baseline), line)
            baseline += size * LEADING / MM
        return top + done.height / MM

    def marks(self, w: float, h: float) -> None:
        """Crop marks: each corner's two edges extended outward, clear of the label."""
        c, o, n = self.c, MARK_OFFSET, MARK_OFFSET + MARK_LENGTH
        c.setLineWidth(MARK_WIDTH)
        segments = []
        for cx, sx in ((0, -1), (w, 1)):
            for cy, sy in ((0, -1), (h, 1)):
                segments.append((*self.pt(cx + sx * o, cy), *self.pt(cx + sx * n, cy)))
                segments.append((*self.pt(cx, cy + sy * o), *self.pt(cx, cy + sy * n)))
        c.lines(segments)


def draw_label(page: Page, label: Label, w: float, h: float, matrix: Matrix) -> None:
    """One label: the code top left, the text beside it, the address along the bottom."""
    n = len(matrix)
    url = fit_url(label.short_url, (w - 2 * MARGIN) * MM)
    url_top = h - MARGIN - url.size * (LEADING * (len(url.lines) - 1) + FIRST_BASELINE + DESCENT) / MM
    least = MIN_SYMBOL * (n + 2 * qr.BORDER) / n  # the box, quiet zone included, for a 15 mm symbol
    box = max(least, min(w * QR_SHARE, url_top - GUTTER - QR_INSET))
    module = box / (n + 2 * qr.BORDER)
    page.qr(matrix, QR_INSET + qr.BORDER * module, QR_INSET + qr.BORDER * module, module)
    left = QR_INSET + box + GUTTER
    column = fit(_lines(label), (w - MARGIN - left) * MM, (url_top - URL_GAP - MARGIN) * MM)
    top = MARGIN
    for done in column:
        top = page.text(done, left, top)
    page.text(url, MARGIN, url_top)


def label_pdf(labels: list[Label], size: str, matrices: Mapping[str, Matrix] | None = None) -> bytes:
    """A print-ready PDF of ``labels`` at ``size`` (a key of SIZES): the same labels, the same bytes.

    ``matrices`` may give the QR modules of some URLs (already encoded); the others are encoded here."""
    sheet = SIZES[size]
    (pw, ph), (w, h) = sheet.page, sheet.label
    fonts()
    buf = io.BytesIO()
    # invariant: a fixed date and file ID, so a label's bytes depend on its content only.
    c = canvas.Canvas(buf, pagesize=(pw * MM, ph * MM), invariant=1, pageCompression=1, initialFontName=REGULAR)
    c.setTitle(f"Nhãn OCOP – {labels[0].title}" if len(labels) == 1 else f"Nhãn OCOP ({len(labels)})")
    c.setAuthor("Danh mục sản phẩm OCOP")
    c.setCreator("ocop-catalogue")
    for i, label in enumerate(labels):
        if i and i % sheet.per_page == 0:
            c.showPage()
        page = Page(c, ph, sheet.origin(i))
        if sheet.marks:
            page.marks(w, h)
        matrix = (matrices or {}).get(label.url) or modules(label.url)
        draw_label(page, label, w, h, matrix)
    c.showPage()
    c.save()
    return buf.getvalue()


# In the build.
def key(label: Label, size: str) -> str:
    # A label's fields one by one: dataclasses.astuple copies deeply, 1.5 s for 25,720 labels.
    parts = (str(getattr(label, name)) for name in LABEL_FIELDS)
    return content_key(*parts, size, code_key("ocop.build.labels"), fonts_digest())


LABEL_FIELDS = tuple(f.name for f in fields(Label))


def _make_one(store: Store, item: tuple[Label, str]) -> str:
    """One label's PDF as a store object, its QR modules read from the code's PNG (``item``'s
    object) when it is intact. Runs in a forked worker: files only, never the index."""
    label, png = item
    matrix = matrix_from_png(store.read_object(png))
    return store.put_object(label_pdf([label], SIZE_IN_SITE, {label.url: matrix} if matrix else None))


def label_objects(
    cat: Catalogue, site_url: str, store: Store, workers: Workers | None = None, jobs: int | None = None
) -> dict[str, str]:
    """Every printable product's and lot's 50x30 mm label, made once and kept in the store:
    site path (``p/<id>/nhan.pdf``, ``lo/<id>/nhan.pdf``) → store object."""
    if not site_url:  # a code must hold an absolute address (the build refuses to run without one)
        return {}
    items = catalogue_labels(cat, site_url)
    keys = {path: key(label, SIZE_IN_SITE) for path, label in items.items()}
    found = {k: v.decode() for k, v in store.get_many(STORE_NS, keys.values()).items()}
    good = store.verify(found.values())
    todo = list({keys[p]: label for p, label in items.items() if found.get(keys[p]) not in good}.items())
    # A label reads its modules back from the page's QR PNG (made now if missing): encoding is half its cost.
    pngs = qr.codes([label.url for _, label in todo], store, jobs, workers) if todo else {}
    work = [(label, pngs[label.url]) for _, label in todo]
    made = pmap(_make_one, work, store, jobs=jobs, threshold=PARALLEL_THRESHOLD, workers=workers)
    store.mark(made)
    store.put_many(STORE_NS, {k: name.encode() for (k, _), name in zip(todo, made, strict=True)})
    found.update({k: name for (k, _), name in zip(todo, made, strict=True)})
    return {path: found[keys[path]] for path in items}
