"""Share cards: the 1200×630 picture Zalo and Facebook show when a shopper shares a product.

A card holds the product's first photo (its largest JPEG derivative, cropped to a square), its whole
Vietnamese name, its stars and its certificate status, drawn with Pillow in the Noto Sans subset the
package ships (``data/fonts/``): a font with every Vietnamese letter, so no name ever shows
missing-glyph boxes, and the same font on every machine, so the same product gives the same bytes
everywhere. Stars are drawn as shapes: the font has no "★". A lot's page shares its product's card;
every other page shares the site's own card (``the-chia-se.jpg`` at the top).

Cards are cached by content (the photo's content key, the words on the card, the font, this code)
in the store's ``card`` namespace, and made on every core: a worker writes only the card object.
Each is a baseline JPEG, its quality lowered in steps until it is at most ``MAX_BYTES``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from ..domain.model import STATUS_LABELS, Catalogue, Product
from ..keys import code_key, content_key
from ..store import Store
from ..workers import Workers, pmap
from .photos import Derived

WIDTH, HEIGHT = 1200, 630
CARD_NAME = "the-chia-se.jpg"  # beside each product page; the site's own card is at the top
MAX_BYTES = 100_000
QUALITIES = (80, 74, 68, 62, 56, 50)  # 80: sharp words; 20,000 cards are ~1 GB at 84
NAMESPACE = "card"
PARALLEL_THRESHOLD = 16
FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"

GREEN = (27, 94, 32)
INK = (33, 33, 33)
MUTED = (90, 90, 90)
PAPER = (255, 253, 247)
GOLD = (245, 179, 1)
EMPTY_STAR = (214, 214, 214)
# Chip colours follow the site's badges: the status must read at a glance in a chat thumbnail.
STATUS_COLOURS = {
    "valid": (46, 125, 50),
    "expiring": (183, 110, 0),
    "expired": (97, 97, 97),
    "withdrawn": (183, 28, 28),
}
PANEL_X = HEIGHT  # the photo is a square on the left; text on the right
MARGIN = 48
NAME_SIZES = (60, 54, 48, 44, 40, 36, 32, 29)
NAME_HEIGHT = 290  # what the name may take; stars, status and the footer fit below it


def font_files() -> tuple[Path, Path]:
    """(regular, bold) font files shipped in ``data/fonts``; bold falls back to regular."""
    files = sorted(p for p in FONT_DIR.glob("*.[ot]tf")) if FONT_DIR.is_dir() else []
    if not files:
        raise FileNotFoundError(f"no font in {FONT_DIR}: share cards need the bundled Noto Sans subset")
    regular = next((p for p in files if "bold" not in p.name.lower()), files[0])
    bold = next((p for p in files if "bold" in p.name.lower() and "italic" not in p.name.lower()), regular)
    return regular, bold


@cache
def font_key() -> str:
    regular, bold = font_files()
    return content_key(regular.read_bytes(), bold.read_bytes())


@cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_files()[1 if bold else 0]), size)


@dataclass(frozen=True, slots=True)
class CardText:
    """Everything a card shows besides its photo: plain values, cheap to send to a worker."""

    name: str
    stars: int  # 0 for the site's own card
    status: str  # a STATUS_LABELS key, or "" for the site's card
    place: str  # the province, as people say it
    host: str  # the site's host, so a shared picture says where it comes from
    label: str = "SẢN PHẨM OCOP"


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words into lines no wider than ``width``; a word wider than a line is cut between letters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while font.getlength(word) > width:  # a very long word: as much as fits, then the rest
            cut = max(1, next(i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width))
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def fit_name(name: str, width: int, height: int = NAME_HEIGHT) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the whole name fits the box; a name too long even at the smallest
    size (the schema allows 150 characters, which fit) ends in "…"."""
    for size in NAME_SIZES:
        font = _font(size, True)
        lines = wrap(name, font, width)
        if len(lines) * line_height(size) <= height:
            return font, lines
    lines = lines[: height // line_height(font.size)]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip(" ,.;:-") + "…"
    return font, lines


def line_height(size: int) -> int:
    return round(size * 1.28)  # room for Vietnamese stacked marks (Ặ, Ỗ) above and below


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: tuple[int, int, int]) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.42
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=fill)


def _emblem(size: int) -> Image.Image:
    """Where there is no photo (the site's own card): five stars and the programme's name on green."""
    img = Image.new("RGB", (size, size), GREEN)
    draw = ImageDraw.Draw(img)
    for i in range(5):
        _star(draw, size / 2 + (i - 2) * 92, size * 0.4, 40, GOLD)
    font = _font(96, True)
    draw.text(((size - font.getlength("OCOP")) / 2, size * 0.52), "OCOP", font=font, fill=(255, 255, 255))
    return img


def _photo(data: bytes | None, size: int) -> Image.Image:
    """The photo cropped to a centred square; the emblem when there is none."""
    if not data:
        return _emblem(size)
    with Image.open(io.BytesIO(data)) as img:
        # Bicubic: from the 960 px derivative the square shrinks by an eighth at most; Lanczos looked no
        # better there and cost 50% more (11 against 7 ms a card).
        return ImageOps.fit(img.convert("RGB"), (size, size), Image.Resampling.BICUBIC)


def _text_panel(draw: ImageDraw.ImageDraw, text: CardText) -> None:
    x, width = PANEL_X + MARGIN, WIDTH - PANEL_X - 2 * MARGIN
    draw.text((x, MARGIN), text.label, font=_font(26, True), fill=GREEN)
    font, lines = fit_name(text.name, width)
    line_h = line_height(font.size)
    y = MARGIN + 58
    for line in lines:
        draw.text((x, y), line, font=font, fill=INK)
        y += line_h
    y += 18
    if text.stars:
        for i in range(5):
            _star(draw, x + 22 + i * 50, y + 22, 22, GOLD if i < text.stars else EMPTY_STAR)
        draw.text((x + 262, y + 2), f"OCOP {text.stars} sao", font=_font(32, True), fill=INK)
        y += 66
    if text.status:
        label = STATUS_LABELS[text.status][0]
        chip = _font(30, True)
        w = chip.getlength(label)
        draw.rounded_rectangle((x, y, x + w + 36, y + 50), radius=25, fill=STATUS_COLOURS[text.status])
        draw.text((x + 18, y + 6), label, font=chip, fill=(255, 255, 255))
    foot = " · ".join(part for part in (text.place, text.host) if part)
    size = next((s for s in (26, 22, 18) if _font(s, False).getlength(foot) <= width), 18)
    while _font(size, False).getlength(foot) > width:  # a very long host: cut, never drawn past the edge
        foot = foot[:-2] + "…"
    draw.text((x, HEIGHT - MARGIN - 30), foot, font=_font(size, False), fill=MUTED)


def draw_card(photo: bytes | None, text: CardText) -> Image.Image:
    card = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    card.paste(_photo(photo, HEIGHT), (0, 0))
    draw = ImageDraw.Draw(card)
    draw.rectangle((PANEL_X, 0, PANEL_X + 8, HEIGHT), fill=GREEN)  # a band between photo and words
    _text_panel(draw, text)
    return card


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def encode(img: Image.Image) -> bytes:
    """Baseline JPEG at the highest quality that stays within MAX_BYTES; no metadata is written.

    A photo busy enough to stay too large (grain, foliage) is softened, never the words."""
    for blur in (0, 2, 6):
        if blur:
            square = (0, 0, PANEL_X, HEIGHT)
            img = img.copy()
            img.paste(img.crop(square).filter(ImageFilter.GaussianBlur(blur)), square)
        for quality in QUALITIES:
            data = _jpeg(img, quality)
            if len(data) <= MAX_BYTES:
                return data
    return data


def card_jpeg(photo: bytes | None, text: CardText) -> bytes:
    return encode(draw_card(photo, text))


def _make_one(store: Store, item: tuple[str, CardText]) -> str:
    """One card into the store; returns its object. Runs in a forked worker: it writes files only."""
    photo_object, text = item
    photo = store.read_object(photo_object) if photo_object else None
    return store.put_object(card_jpeg(photo, text))


def card_key(photo_key: str, text: CardText) -> str:
    return content_key(
        photo_key, text.name, str(text.stars), text.status, text.place, text.host, text.label, font_key(), _code()
    )


@cache
def _code() -> str:
    return code_key("ocop.build.cards")


def host(site_url: str) -> str:
    return site_url.split("://", 1)[-1].split("/", 1)[0]


def _source(p: Product, images: Mapping[str, Derived], site_files: Mapping[str, str]) -> tuple[str, str]:
    """(photo content key, store object) of the first photo's largest JPEG; ("", "") without one."""
    derived = images.get(str(p.images[0])) if p.images else None
    photo_object = site_files.get("img/" + derived.variants[-1].jpeg, "") if derived else ""
    return (derived.key, photo_object) if derived and photo_object else ("", "")


def card_objects(
    cat: Catalogue,
    images: Mapping[str, Derived],
    site_files: Mapping[str, str],
    site_url: str,
    store: Store,
    workers: Workers | None = None,
) -> dict[str, str]:
    """Every product's card and the site's own: site path → store object.

    ``images`` are the photos' derivatives by source path and ``site_files`` the site's files made so
    far (``img/…`` → object), from which each card takes the largest JPEG of the product's first photo."""
    site_host = host(site_url)
    items: dict[str, tuple[str, tuple[str, CardText]]] = {}  # site path → (key, work)
    for p in cat.products:
        photo_key, photo_object = _source(p, images, site_files)
        text = CardText(p.name, p.stars, p.status, p.province.short_name, site_host)
        items[p.url + CARD_NAME] = (card_key(photo_key, text), (photo_object, text))
    site_text = CardText("Danh mục sản phẩm OCOP Việt Nam", 0, "", "Mỗi xã một sản phẩm", site_host, "DANH MỤC MỞ")
    items[CARD_NAME] = (card_key("", site_text), ("", site_text))
    keys = [key for key, _ in items.values()]
    found = {k: v.decode() for k, v in store.get_many(NAMESPACE, keys).items()}
    good = store.verify(found.values())
    todo = list({key: work for key, work in items.values() if found.get(key) not in good}.items())
    made = pmap(_make_one, [work for _, work in todo], store, threshold=PARALLEL_THRESHOLD, workers=workers)
    store.mark(made)
    store.put_many(NAMESPACE, {key: name.encode() for (key, _), name in zip(todo, made, strict=True)})
    found.update({key: name for (key, _), name in zip(todo, made, strict=True)})
    return {path: found[key] for path, (key, _) in items.items()}
