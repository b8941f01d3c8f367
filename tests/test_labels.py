"""Printable labels (issue 11, part 4): rendered at 300 dpi with poppler and read back as a phone and a
printer would: every QR code decodes (also blurred and JPEG-compressed), is at least 15 mm with its
quiet zone, the text keeps its diacritics, the font is embedded, A4 sheets have crop marks, and the
same labels are the same bytes. Also the build's cache and the command's refusals."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import zxingcpp
from conftest import PRODUCT, REPO, TODAY, jpeg_bytes, write_catalogue
from PIL import Image, ImageFilter

from ocop.build import labels, qr, trace
from ocop.build.catalogue import load_catalogue
from ocop.cli import main
from ocop.domain import gs1
from ocop.store import Store

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (scripts/test installs it)")

SITE = "https://ocop.example.vn/"
DPI = 300
PX_PER_MM = DPI / 25.4
GTIN = "893000000001" + str(gs1.check_digit("893000000001"))
HARD_NAME = "Nước mắm Phú Quốc cá cơm đặc biệt"
FISH_SAUCE = (
    PRODUCT.replace("id: hn-001", "id: hn-002")
    .replace("name: Chè thử nghiệm", f"name: {HARD_NAME}")
    .replace("group: drinks", "group: food")
    .replace("producer: hn-htx-test\n", f'producer: hn-htx-test\ngtin: "{GTIN}"\n')
    .replace("anh/che.jpg", "anh/nuoc-mam.jpg")
)
LOT = """\
id: {id}
product: {product}
code: {code}
produced: "2026-08-08"
{date}: "2027-08-08"
events:
  - stage: Chế biến
    step: commissioning
    time: "2026-08-08T07:30"
    place:
      commune: "00004"
    actor: Hợp tác xã Thử Nghiệm
"""
IDS = ["hn-001", "hn-002", "hn-002-l1", "hn-001-l1"]
# What each label's code holds, in the order asked: product pages, then a lot with a GTIN (its GS1
# Digital Link URI) and a lot without one (its page).
EXPECTED = [
    f"{SITE}p/hn-001/",
    f"{SITE}p/hn-002/",
    gs1.digital_link(SITE, GTIN, "NM-2605"),
    f"{SITE}lo/hn-001-l1/",
]
TEXTS = [
    "Chè thử nghiệm",
    HARD_NAME,
    "OCOP 4 sao",
    "Hợp tác xã Thử Nghiệm",
    "Lô NM-2605",
    "NSX 08/08/2026",
    "HSD 08/08/2027",
    "Lô CHE-01",
    "Dùng tốt nhất trước 08/08/2027",
]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue of two products of one producer, one with a GTIN, and a lot of each."""
    root = tmp_path_factory.mktemp("labels")
    products = write_catalogue(root)
    folder = products / "ha-noi" / "san-pham"
    (folder / "hn-002.yml").write_text(FISH_SAUCE, encoding="utf-8")
    (folder / "anh" / "nuoc-mam.jpg").write_bytes(jpeg_bytes(color=(90, 60, 30)))
    (folder / "lo").mkdir()
    lots = {"hn-002-l1": ("hn-002", "NM-2605", "expiry"), "hn-001-l1": ("hn-001", "CHE-01", "best_before")}
    for lot_id, (product, code, date) in lots.items():
        text = LOT.format(id=lot_id, product=product, code=code, date=date)
        (folder / "lo" / f"{lot_id}.yml").write_text(text, encoding="utf-8")
    return root


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`ocop labels` as a user runs it, in the catalogue's folder."""
    env = {k: v for k, v in os.environ.items() if k != "OCOP_SITE_URL"}
    env["PYTHONPATH"] = str(REPO)
    command = [sys.executable, "-m", "ocop.cli", "labels", "--today", TODAY, *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def pdfs(root: Path) -> dict[str, Path]:
    out = {}
    for size in labels.SIZES:
        result = run_cli(root, *IDS, "--size", size, "--out", f"{size}.pdf", "--site-url", SITE)
        assert result.returncode == 0, result.stderr
        assert f"wrote 4 {size} labels" in result.stdout
        assert f"QR codes point at {SITE} (--site-url)" in result.stderr
        out[size] = root / f"{size}.pdf"
    return out


def render(pdf: Path) -> list[Image.Image]:
    prefix = pdf.with_suffix("")
    for old in prefix.parent.glob(f"{prefix.name}-*.png"):  # pages of an earlier file of that name
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(prefix)], check=True, timeout=120)
    pages = sorted(prefix.parent.glob(f"{prefix.name}-*.png"))
    return [Image.open(p).convert("L") for p in pages]


def decode(img: Image.Image) -> list[zxingcpp.Barcode]:
    return zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)


def where(pages: list[Image.Image], sheet: labels.Sheet) -> list[list[str]]:
    """The codes found on each label, in order: a label is a page, or a place on a sheet."""
    out: list[list[str]] = [[] for _ in range(len(pages) * sheet.per_page)]
    (w, h), places = sheet.label, range(sheet.per_page)
    for number, page in enumerate(pages):
        for code in decode(page):
            p = code.position
            x = (p.top_left.x + p.bottom_right.x) / 2 / PX_PER_MM  # the symbol's centre, in mm
            y = (p.top_left.y + p.bottom_right.y) / 2 / PX_PER_MM
            [i] = [i for i in places if 0 < x - sheet.origin(i)[0] < w and 0 < y - sheet.origin(i)[1] < h]
            out[number * sheet.per_page + i].append(code.text)
    return out


def as_a_phone_sees_it(img: Image.Image) -> Image.Image:
    """Gaussian blur of σ ≈ 1 px at 300 dpi, then JPEG at quality 40."""
    buf = io.BytesIO()
    img.filter(ImageFilter.GaussianBlur(1.0)).save(buf, "JPEG", quality=40)
    return Image.open(io.BytesIO(buf.getvalue()))


def symbol_box(img: Image.Image, code: zxingcpp.Barcode) -> tuple[int, int, int, int]:
    """The dark pixels' bounding box around a decoded symbol: its extent, read from the pixels."""
    p = code.position
    xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
    ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
    margin = 12  # px; well inside the 4-module quiet zone (~25 px here), so only the symbol is seen
    left, top = min(xs) - margin, min(ys) - margin
    window = img.crop((left, top, max(xs) + margin, max(ys) + margin)).point(lambda v: 255 if v < 128 else 0)
    box = window.getbbox()
    assert box is not None
    return left + box[0], top + box[1], left + box[2], top + box[3]


def text_of(pdf: Path, crop: tuple[float, float, float, float] | None = None) -> str:
    """pdftotext -layout, whitespace folded (a name may wrap); ``crop`` (mm) reads one label of a sheet."""
    args = ["pdftotext", "-layout", "-enc", "UTF-8"]
    if crop:
        x, y, w, h = (round(v / 25.4 * 72) for v in crop)
        args += ["-r", "72", "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True, timeout=60).stdout.decode()
    return " ".join(unicodedata.normalize("NFC", out).split())


@pytest.mark.parametrize("size", list(labels.SIZES))
def test_every_code_decodes_also_blurred_and_compressed(pdfs: dict[str, Path], size: str) -> None:
    pages = render(pdfs[size])
    sheet = labels.SIZES[size]
    assert len(pages) == (1 if sheet.marks else len(IDS))
    w, h = (round(v * PX_PER_MM) for v in sheet.page)
    assert all(abs(p.width - w) <= 1 and abs(p.height - h) <= 1 for p in pages)
    found = where(pages, sheet)
    assert found[: len(EXPECTED)] == [[url] for url in EXPECTED] and not any(found[len(EXPECTED) :])
    for page in pages:
        assert all(c.ec_level == "M" for c in decode(page))
    phone = [c.text for p in pages for c in decode(as_a_phone_sees_it(p))]
    assert sorted(phone) == sorted(EXPECTED)


@pytest.mark.parametrize("size", list(labels.SIZES))
def test_codes_are_at_least_15_mm_with_a_4_module_quiet_zone(pdfs: dict[str, Path], size: str) -> None:
    for page in render(pdfs[size]):
        for code in decode(page):
            left, top, right, bottom = symbol_box(page, code)
            assert min(right - left, bottom - top) / PX_PER_MM >= 15.0, (code.text, right - left, bottom - top)
            n = len(labels.modules(code.text))
            module = (right - left) / n
            quiet = round(qr.BORDER * module) - 2  # px, less a pixel of anti-aliasing each way
            ring = page.crop((left - quiet, top - quiet, right + quiet, bottom + quiet)).point(
                lambda v: 255 if v < 128 else 0
            )
            assert ring.getbbox() == (quiet, quiet, quiet + right - left, quiet + bottom - top)


@pytest.mark.parametrize("size", list(labels.SIZES))
def test_text_keeps_its_diacritics_and_the_font_is_embedded(pdfs: dict[str, Path], size: str) -> None:
    pdf = pdfs[size]
    sheet = labels.SIZES[size]
    if sheet.marks:  # one label at a time, or -layout would set the columns of the sheet side by side
        per_label = [text_of(pdf, (*sheet.origin(i), *sheet.label)) for i in range(len(IDS))]
    else:
        per_label = [text_of(pdf)]
    text = " | ".join(per_label)
    for expected in TEXTS:
        assert expected in text, (expected, text)
    for url in EXPECTED:  # written out, maybe over two lines broken after a slash
        assert url.removeprefix("https://") in text.replace("/ ", "/"), (url, text)
    if sheet.marks:
        assert HARD_NAME in per_label[1] and "Lô NM-2605" in per_label[2] and "Lô CHE-01" in per_label[3]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes yes " in row for row in rows), fonts  # embedded, subset, ToUnicode
    assert all("NotoSans" in row for row in rows), fonts


def test_a4_sheet_has_crop_marks_at_every_labels_corners(pdfs: dict[str, Path]) -> None:
    (page,) = render(pdfs["a4"])
    sheet = labels.SIZES["a4"]
    w, h = sheet.label
    middle = labels.MARK_OFFSET + labels.MARK_LENGTH / 2  # mm out from the corner, along each edge

    def dark(x_mm: float, y_mm: float) -> bool:
        x, y = round(x_mm * PX_PER_MM), round(y_mm * PX_PER_MM)
        return page.crop((x - 2, y - 2, x + 3, y + 3)).getextrema()[0] < 128

    for i in range(len(IDS)):
        x0, y0 = sheet.origin(i)
        for cx, sx in ((x0, -1), (x0 + w, 1)):
            for cy, sy in ((y0, -1), (y0 + h, 1)):
                assert dark(cx + sx * middle, cy), (i, cx, cy)  # the horizontal mark
                assert dark(cx, cy + sy * middle), (i, cx, cy)  # the vertical mark
                assert not dark(cx + sx * middle, cy + sy * middle)  # nothing in the corner between
    for i in range(len(IDS), sheet.per_page):  # the sheet's empty places get no marks
        x0, y0 = sheet.origin(i)
        assert not dark(x0 - middle, y0)


def test_the_same_labels_are_the_same_bytes(root: Path, pdfs: dict[str, Path]) -> None:
    again = run_cli(root, *IDS, "--size", "a4", "--out", "again.pdf", "--site-url", SITE)
    assert again.returncode == 0, again.stderr
    assert (root / "again.pdf").read_bytes() == pdfs["a4"].read_bytes()
    label = labels.Label(HARD_NAME, 5, "Hợp tác xã Thử Nghiệm", EXPECTED[2], lot="NM-2605", produced="08/08/2026")
    assert labels.label_pdf([label], "50x30mm") == labels.label_pdf([label], "50x30mm")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["khong-co", "--size", "a4"], ("không có sản phẩm hay lô mã 'khong-co'", "no product or lot has the id")),
        (["hn-001", "--size", "a5"], ("--size 'a5': chọn 40x30mm, 50x30mm, a4", "choose 40x30mm, 50x30mm, a4")),
        (["hn-001", "--size", "a4", "--lot", "X-1"], ("không có lô số 'X-1'", "no lot numbered 'X-1'")),
        (["--province", "ha-giang", "--size", "a4"], ("không có tỉnh 'ha-giang'", "no province 'ha-giang'")),
        (["--size", "a4"], ("hãy chọn nhãn cần in", "choose what to print")),
        (["hn-001", "--size", "a4", "--site-url", "ocop.gov.vn"], ("phải là địa chỉ đầy đủ", "must be a full")),
    ],
)
def test_bad_requests_get_one_bilingual_line_and_exit_2(root: Path, args: list[str], words: tuple[str, str]) -> None:
    result = run_cli(root, *args, "--out", "bad.pdf")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
    assert words[0] in result.stderr and words[1] in result.stderr and " / " in result.stderr
    assert not (root / "bad.pdf").exists()


def test_selection_by_province_producer_and_lot_number(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(root)
    monkeypatch.delenv("OCOP_SITE_URL", raising=False)
    base = ["labels", "--today", TODAY, "--size", "50x30mm", "--out", "sel.pdf"]
    assert main([*base, "--province", "ha-noi", "--producer", "hn-htx-test"]) == 0
    out, err = capsys.readouterr()
    assert "wrote 2 50x30mm labels" in out
    # No --site-url and no OCOP_SITE_URL: the demonstration address, and it says so.
    assert "https://ocop-demo.example/ (mặc định của mkdocs.yml / mkdocs.yml's default)" in err
    assert "printed codes lead nowhere" in err
    [code] = decode(render(root / "sel.pdf")[1])
    assert code.text == "https://ocop-demo.example/p/hn-002/"
    monkeypatch.setenv("OCOP_SITE_URL", "https://ocop.example.vn")
    assert main([*base, "hn-002", "--lot", "NM-2605"]) == 0  # a product's lot by its number: the lot's label
    out, err = capsys.readouterr()
    assert "wrote 1 50x30mm labels" in out and f"QR codes point at {SITE} (OCOP_SITE_URL)" in err
    assert "nowhere" not in err
    assert [c.text for c in decode(render(root / "sel.pdf")[0])] == [EXPECTED[2]]


def test_a_lapsed_certificate_gets_no_label(root: Path) -> None:
    """A label claims OCOP stars: none is printed once the certificate has ended (2025-03-10 + 36 months)."""
    late = run_cli(root, "hn-001", "hn-001-l1", "--size", "a4", "--out", "late.pdf", "--today", "2028-06-01")
    assert late.returncode == 2 and len(late.stderr.splitlines()) == 1, late.stderr
    assert "không có nhãn nào để in (hn-001: chứng nhận đã hết hạn; hn-001-l1: chứng nhận" in late.stderr
    assert "there is no label to print (hn-001: certificate expired; hn-001-l1: the certificate lapsed)" in late.stderr
    assert not (root / "late.pdf").exists()
    cat = load_catalogue(root / "products", dt.date(2028, 6, 1))
    assert labels.catalogue_labels(cat, SITE) == {}  # nor does the site offer one


@pytest.fixture(scope="module")
def cat(root: Path):
    return load_catalogue(root / "products", dt.date.fromisoformat(TODAY))


def test_lot_codes_hold_what_the_lot_pages_codes_hold(cat) -> None:
    for lot in cat.lots:
        assert labels.lot_qr_text(SITE, cat.product_by_id[lot.product_id], lot) == trace.lot_url(SITE, cat, lot)


def test_the_build_keeps_labels_in_the_store(root: Path, cat, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(root / "build-store")
    monkeypatch.setattr(labels, "PARALLEL_THRESHOLD", 2)  # in forked workers, as at national scale
    files = labels.label_objects(cat, SITE, store, jobs=2)
    assert sorted(files) == ["lo/hn-001-l1/nhan.pdf", "lo/hn-002-l1/nhan.pdf", "p/hn-001/nhan.pdf", "p/hn-002/nhan.pdf"]
    for name in files.values():
        data = store.read_object(name)
        assert data is not None and data.startswith(b"%PDF-")
    pdf = root / "one.pdf"
    pdf.write_bytes(store.read_object(files["lo/hn-002-l1/nhan.pdf"]) or b"")
    assert [c.text for c in decode(render(pdf)[0])] == [EXPECTED[2]]
    # The PNG the page shows gave the modules: the same bytes as encoding the URL afresh.
    label = labels.catalogue_labels(cat, SITE)["lo/hn-002-l1/nhan.pdf"]
    assert pdf.read_bytes() == labels.label_pdf([label], "50x30mm")

    def boom(*_args: object, **_kw: object) -> bytes:
        raise AssertionError("made again")

    monkeypatch.setattr(labels, "label_pdf", boom)  # warm: every label from the store
    assert labels.label_objects(cat, SITE, Store(root / "build-store")) == files
    damaged = Store(root / "build-store")
    damaged.object_path(files["p/hn-001/nhan.pdf"]).write_bytes(b"%PDF-1.4 broken")
    monkeypatch.undo()
    assert labels.label_objects(cat, SITE, damaged) == files  # a damaged label is made again, the same


def test_modules_are_read_back_from_the_qr_png_or_refused() -> None:
    for url in EXPECTED:
        png = qr.encode(url)[1]
        assert labels.matrix_from_png(png) == tuple(tuple(v & 1 for v in row) for row in labels.modules(url))
        img = Image.open(io.BytesIO(png)).convert("L")
        shifted = Image.new("L", img.size, 255)
        shifted.paste(img, (qr.PNG_SCALE, 0))  # one module off: the finder patterns are not where they belong
        buf = io.BytesIO()
        shifted.save(buf, "PNG")
        assert labels.matrix_from_png(buf.getvalue()) is None
    assert labels.matrix_from_png(b"not a png") is None and labels.matrix_from_png(None) is None


def test_long_names_wrap_shrink_and_never_split_a_letter_from_its_marks() -> None:
    labels.fonts()
    width = 19 * labels.MM
    name = "Nước mắm cốt nhĩ cá cơm than Phú Quốc đặc biệt thượng hạng ủ chượp truyền thống 24 tháng " * 2
    decomposed = unicodedata.normalize("NFD", name)
    for text in (name, decomposed):
        (title,) = labels.fit([labels.Block(text, labels.BOLD, 8.0, 5.0, 3)], width, 30 * labels.MM)
        assert len(title.lines) == 3 and title.lines[-1].endswith(labels.ELLIPSIS)  # the last resort
        assert title.size == 5.0
        for line in title.lines:
            assert labels._width(line, labels.BOLD, title.size) <= width
            assert not unicodedata.combining(line[0])
    word = unicodedata.normalize("NFD", "Nghiệp" * 12)
    lines = labels.wrap(word, labels.REGULAR, 6, width, hard=True)
    assert lines and "".join(lines) == word and not any(unicodedata.combining(line[0]) for line in lines)
    assert labels.wrap(word, labels.REGULAR, 6, width) is None  # without the last resort, no cut word
    # A name that fits is set whole and as large as it fits, with no ellipsis.
    (short,) = labels.fit([labels.Block("Chè thử nghiệm", labels.BOLD, 8.0, 5.0, 3)], width, 30 * labels.MM)
    assert " ".join(short.lines) == "Chè thử nghiệm" and short.size == 8.0


def test_a_long_producer_and_best_before_fit_a_small_label(tmp_path: Path) -> None:
    label = labels.Label(
        "Mật ong hoa nhãn rừng nguyên chất Hưng Yên loại đặc biệt",
        3,
        "Hợp tác xã Nông nghiệp - Dịch vụ - Thương mại Mật ong Nguyên chất Khoái Châu",
        "https://ocop.example.vn/lo/hy-123-l2605/",
        lot="HY123-2605-A",
        produced="08/08/2026",
        best_before="08/08/2027",
        expiry="08/02/2028",
    )
    pdf = tmp_path / "small.pdf"
    pdf.write_bytes(labels.label_pdf([label], "40x30mm"))
    (page,) = render(pdf)
    assert [c.text for c in decode(page)] == [label.url]
    text = text_of(pdf)
    for part in ("Lô HY123-2605-A", "NSX 08/08/2026", "HSD 08/02/2028", "Dùng tốt nhất trước 08/08/2027"):
        assert part in text, (part, text)
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page_w, page_h = (v / 25.4 * 72 for v in labels.SIZES["40x30mm"].page)
    for line in bbox.splitlines():
        if line.strip().startswith("<word "):
            attrs = dict(part.split("=") for part in line.split(">")[0].split()[1:])
            x_max, y_max = (float(attrs[k].strip('"')) for k in ("xMax", "yMax"))
            assert x_max <= page_w - labels.MARGIN * 72 / 25.4 + 0.5 and y_max <= page_h, line


def test_fonts_ship_with_their_licence() -> None:
    folder = REPO / "ocop" / "data" / "fonts"
    assert sorted(p.name for p in folder.iterdir()) == [
        "NotoSans-Bold.ttf",
        "NotoSans-Regular.ttf",
        "OFL.txt",
        "README.md",
    ]
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL.txt").read_text(encoding="utf-8")
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        assert (folder / name).stat().st_size < 120_000
