"""Share cards: 1200×630 JPEG, at most 100 KB, the same bytes for the same product, every Vietnamese
letter drawn from the bundled font (never a missing-glyph box), cached by content."""

from __future__ import annotations

import datetime as dt
import io
import random
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw

from ocop.build import cards
from ocop.build.catalogue import load_catalogue
from ocop.build.photos import derive_all
from ocop.domain.model import STATUS_LABELS
from ocop.domain.units import units
from ocop.store import Store
from ocop.workers import Workers

PRODUCTS = REPO / "products"
SITE_URL = "https://ocop-demo.example/"
PHOTO = PRODUCTS / "ha-noi" / "san-pham" / "anh" / "hn-001.jpg"
# The longest name the schema allows (150 characters), with stacked marks on capitals.
LONG = (
    "NƯỚC MẮM CỐT NHĨ CÁ CƠM THAN TRUYỀN THỐNG ẶỖỆỸ Phú Quốc thượng hạng đặc biệt ủ chượp mười hai tháng "
    "trong thùng gỗ bời lời ở xã Dương Tơ tỉnh An Giang"
)[:150]


def vietnamese_letters() -> str:
    """Every letter of Vietnamese: the 12 vowels with each of the 6 tones, đ, and the consonants, both cases."""
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | set("bcdđghklmnpqrstvx")
    return "".join(sorted(letters | {ch.upper() for ch in letters}))


def card_words() -> str:
    """Every character a card can show: names, places, statuses, and the fixed words."""
    names = [yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in sorted(PRODUCTS.glob("*/san-pham/*.yml"))]
    places = [pv.short_name for pv in units().provinces.values()]
    fixed = [
        "SẢN PHẨM OCOP",
        "DANH MỤC MỞ",
        "Danh mục sản phẩm OCOP Việt Nam",
        "Mỗi xã một sản phẩm",
        "OCOP 5 sao",
        "…·",
    ]
    return "".join(sorted(set("".join([*names, *places, *fixed, *(v for v, _ in STATUS_LABELS.values()), LONG]))))


@pytest.mark.parametrize("which", [0, 1])
def test_the_font_has_every_character_a_card_shows(which: int) -> None:
    path = cards.font_files()[which]
    assert path.parent == cards.FONT_DIR  # the bundled font, never a system one
    cmap = TTFont(path).getBestCmap()
    missing = [ch for ch in vietnamese_letters() + card_words() if not ch.isspace() and ord(ch) not in cmap]
    assert missing == []


def drawn(ch: str, bold: bool) -> bytes:
    img = Image.new("L", (120, 120))
    ImageDraw.Draw(img).text((20, 20), ch, font=cards._font(48, bold), fill=255)
    return img.tobytes()


@pytest.mark.parametrize("bold", [False, True])
def test_drawn_letters_are_real_glyphs(bold: bool) -> None:
    """Drawn, each letter differs from the font's missing-glyph box (.notdef)."""
    box = drawn("\ue000", bold)  # a private-use code point: not in the font
    assert drawn("A", bold) != box
    wrong = [ch for ch in vietnamese_letters() + card_words() if not ch.isspace() and drawn(ch, bold) == box]
    assert wrong == []


def open_card(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def test_a_card_is_light_sized_and_deterministic() -> None:
    text = cards.CardText(LONG, 4, "expiring", "An Giang", "ocop-demo.example")
    first = cards.card_jpeg(PHOTO.read_bytes(), text)
    assert first == cards.card_jpeg(PHOTO.read_bytes(), text)
    img = open_card(first)
    assert img.format == "JPEG" and img.size == (1200, 630)
    assert len(first) <= cards.MAX_BYTES
    assert not img.info.get("exif") and "comment" not in img.info
    font, lines = cards.fit_name(LONG, 1200 - 630 - 2 * cards.MARGIN)
    assert "".join(lines).replace(" ", "") == LONG.replace(" ", "")  # the whole name, not cut short


def test_a_busy_photo_still_fits_in_100_kb() -> None:
    rng = random.Random(7)
    noise = Image.frombytes("RGB", (960, 720), bytes(rng.randrange(256) for _ in range(960 * 720 * 3)))
    buf = io.BytesIO()
    noise.save(buf, "JPEG", quality=95)
    data = cards.card_jpeg(buf.getvalue(), cards.CardText("Nón lá", 3, "valid", "Huế", "ocop-demo.example"))
    assert len(data) <= cards.MAX_BYTES and open_card(data).size == (1200, 630)


def test_cards_are_made_once_and_kept_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cat = load_catalogue(PRODUCTS, dt.date.fromisoformat(TODAY))
    store = Store(tmp_path / "store")
    images, img_files = derive_all(sorted({s for p in cat.products for s in p.images}), store, 1)
    site_files = {f"img/{name}": obj for name, obj in img_files.items()}
    made = cards.card_objects(cat, images, site_files, SITE_URL, store)
    assert set(made) == {p.url + cards.CARD_NAME for p in cat.products} | {cards.CARD_NAME}
    for path, obj in made.items():
        data = store.read_object(obj)
        assert data is not None and len(data) <= cards.MAX_BYTES, path
        assert open_card(data).size == (1200, 630)
    drawn: list[object] = []
    monkeypatch.setattr(cards, "card_jpeg", lambda *a: drawn.append(a) or b"")
    here = Workers(1)  # in this process, where the stand-in above counts
    again = cards.card_objects(cat, images, site_files, SITE_URL, Store(tmp_path / "store"), here)
    assert again == made and drawn == []  # from the store: nothing drawn again
    cards.card_objects(cat, images, site_files, "https://other.example/", Store(tmp_path / "store"), here)
    assert len(drawn) == len(made)  # the host is on the card: every card is drawn again


def test_sample_site_has_a_card_for_every_product(sample_site: Path) -> None:
    cat = load_catalogue(PRODUCTS, dt.date.fromisoformat(TODAY))
    for p in cat.products:
        data = (sample_site / p.url / cards.CARD_NAME).read_bytes()
        assert len(data) <= cards.MAX_BYTES and open_card(data).size == (1200, 630), p.id
    assert open_card((sample_site / cards.CARD_NAME).read_bytes()).size == (1200, 630)
