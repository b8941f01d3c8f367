"""The bad-input corpus: every case is refused with a plain message naming file, line and field.

Each case changes the valid one-product catalogue from conftest in one way and asserts
the exact place and the words an officer will read. This file holds the first corpus and the
machinery (Case, Target, run_case); the classes of issue 10 are in test_bad_links.py (1),
test_bad_chars.py (2, 3), test_bad_files.py (4, 5, 6), test_bad_photos.py (7),
test_bad_numbers.py (8, 9) and test_bad_output.py (10, 11); test_bad_all.py lays every case
into one catalogue and runs `ocop check`, `mkdocs build` and `mkdocs serve` on it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import struct
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from conftest import PRODUCER, PRODUCT, jpeg_bytes, write_catalogue
from PIL import Image

from ocop.build.catalogue import check
from ocop.domain.problems import Problem
from ocop.domain.text import escaped

TODAY = dt.date(2026, 11, 23)
PRODUCT_FILE = "ha-noi/san-pham/hn-001.yml"
PRODUCER_FILE = "ha-noi/chu-the/hn-htx-test.yml"
PHOTO_FILE = "ha-noi/san-pham/anh/che.jpg"


@dataclass
class Target:
    """Where a case writes: the one-product catalogue of conftest, or (``tag`` set) one case's own
    product, producer and photo inside a catalogue that holds every case (test_bad_all.py)."""

    products: Path
    tag: str = ""
    patches: list[Callable[[], None]] = field(default_factory=list)  # undone after the case

    def r(self, text: str) -> str:
        """The case's own names: ids and the photo renamed when many cases share a catalogue."""
        if not self.tag:
            return text
        return (
            text.replace("hn-htx-test", f"hn-htx-{self.tag}")
            .replace("hn-00", f"hn-{self.tag}-00")
            .replace("che.", f"che-{self.tag}.")
        )

    def rb(self, data: bytes) -> bytes:
        if not self.tag:
            return data
        for old, new in (
            ("hn-htx-test", f"hn-htx-{self.tag}"),
            ("hn-00", f"hn-{self.tag}-00"),
            ("che.", f"che-{self.tag}."),
        ):
            data = data.replace(old.encode(), new.encode())
        return data

    def path(self, rel: str) -> Path:
        return self.products / self.r(rel)

    def base(self) -> None:
        """Write this case's valid product, producer and photo (a shared catalogue only)."""
        write_bytes(PRODUCT_FILE, PRODUCT.encode())(self)
        write_bytes(PRODUCER_FILE, PRODUCER.encode())(self)
        write_bytes(PHOTO_FILE, jpeg_bytes())(self)


Change = Callable[[Target], None]


class Case(NamedTuple):
    name: str
    change: Change
    file: str  # "" for a control case: the change is allowed
    line: int
    field: str
    vi: str  # words in the Vietnamese message
    en: str  # words in the English one
    alone: bool = False  # its names must stay as written: it goes into a shared catalogue unrenamed
    as_root: bool = True  # False: root reads any file, so a subprocess run as root cannot show it


def replace(old: str, new: str, target: str = "product") -> Change:
    def change(t: Target) -> None:
        path = t.path(PRODUCT_FILE if target == "product" else PRODUCER_FILE)
        text = path.read_text(encoding="utf-8")
        assert t.r(old) in text, old
        path.write_text(text.replace(t.r(old), t.r(new), 1), encoding="utf-8")

    return change


def write_bytes(rel: str, data: bytes | Callable[[], bytes]) -> Change:
    def change(t: Target) -> None:
        path = t.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        blob = data() if callable(data) else data
        path.write_bytes(t.rb(blob) if rel.endswith(".yml") else blob)

    return change


def both(*changes: Change) -> Change:
    def change(t: Target) -> None:
        for c in changes:
            c(t)

    return change


@contextmanager
def deadline(seconds: int = 60) -> Iterator[None]:
    """A case that hangs (a FIFO read) fails after a minute instead of stopping the suite."""

    def expired(*_: Any) -> None:
        raise TimeoutError("the check hung")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_case(tmp_path: Path, case: Case) -> list[Problem]:
    """Apply one case to the valid catalogue and check it; assert its file, line, field and message."""
    products = write_catalogue(tmp_path)
    t = Target(products)
    case.change(t)
    try:
        with deadline():
            problems = check(products, TODAY)
    finally:
        for undo in t.patches:
            undo()
    if not case.file:  # a control case: the change is allowed
        assert problems == [], "\n".join(p.format() for p in problems)
        return problems
    matching = [p for p in problems if p.path.endswith(case.file) and p.field == case.field]
    assert matching, "\n".join(p.format() for p in problems)
    p = matching[0]
    assert p.line == case.line, p.format()
    assert case.vi in p.vi, p.format()
    assert case.en in p.en, p.format()
    # The printed form is what an officer reads: path:line:col: field: Vietnamese / English
    assert p.format().startswith(f"{escaped(p.path)}:{case.line}:{p.col}: ")
    assert f": {escaped(p.vi)} / {escaped(p.en)}" in p.format()
    return problems


def png_bytes(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (width, height)).save(buf, "PNG")
    return buf.getvalue()


def bomb_png(width: int = 60000, height: int = 60000) -> bytes:
    """A PNG of a few bytes that claims 3.6 billion pixels: what a decompression bomb looks like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def symlinked_image(t: Target) -> None:
    target = t.products.parent / "outside.jpg"
    target.write_bytes(jpeg_bytes())
    img = t.path(PHOTO_FILE)
    img.unlink()
    os.symlink(target, img)


def duplicate_id(t: Target) -> None:
    text = t.path(PRODUCT_FILE).read_text(encoding="utf-8")
    t.path("ha-noi/san-pham/hn-002.yml").write_text(text, encoding="utf-8")


def producer_elsewhere(t: Target) -> None:
    t.path(PRODUCER_FILE).rename(t.path(f"ha-noi/chu-the/renamed-{t.tag}.yml"))


# The first corpus: mistakes an officer makes in one record, and classic attacks on a YAML loader.
# (case id, change, file, line, field, words expected in the Vietnamese message, words in the English one)
FIRST: list[tuple[Any, ...]] = [
    (
        "missing-name",
        replace("name: Chè thử nghiệm\n", ""),
        PRODUCT_FILE,
        2,
        "name",
        "thiếu trường bắt buộc 'name'",
        "missing required field 'name'",
    ),
    (
        "unknown-key-hint",
        replace("stars: 4", "stras: 4"),
        PRODUCT_FILE,
        4,
        "stras",
        "có phải ý bạn là 'stars'",
        "did you mean 'stars'",
    ),
    (
        "stars-out-of-range",
        replace("stars: 4", "stars: 6"),
        PRODUCT_FILE,
        4,
        "stars",
        "hạng sao phải là 3, 4 hoặc 5",
        "stars must be 3, 4 or 5",
    ),
    (
        "stars-as-text",
        replace("stars: 4", "stars: bốn"),
        PRODUCT_FILE,
        4,
        "stars",
        "hạng sao phải là 3, 4 hoặc 5 (đang ghi: 'bốn')",
        "found: 'bốn'",
    ),
    (
        "bad-group",
        replace("group: drinks", "group: drink"),
        PRODUCT_FILE,
        5,
        "group",
        "có phải 'drinks'",
        "did you mean 'drinks'",
    ),
    ("bad-id", replace("id: hn-001", "id: HN 001"), PRODUCT_FILE, 2, "id", "mã chỉ gồm chữ thường", "lowercase ASCII"),
    (
        "unknown-producer",
        replace("producer: hn-htx-test", "producer: hn-htx-tset"),
        PRODUCT_FILE,
        6,
        "producer",
        "không có chủ thể mã 'hn-htx-tset'",
        "did you mean 'hn-htx-test'",
    ),
    (
        "producer-is-product",
        replace("producer: hn-htx-test", "producer: hn-001"),
        PRODUCT_FILE,
        6,
        "producer",
        "là một sản phẩm",
        "is a product, not a producer",
    ),
    ("duplicate-id", duplicate_id, "ha-noi/san-pham/hn-002.yml", 2, "id", "đã được dùng ở", "hn-001.yml:2"),
    (
        "commune-unknown",
        replace('commune: "00004"\n  place', 'commune: "99999"\n  place'),
        PRODUCT_FILE,
        21,
        "origin.commune",
        "không có trong danh mục 2025",
        "not in the 2025 list",
    ),
    (
        "commune-other-province",
        replace('commune: "00004"\n  place', 'commune: "02647"\n  place'),
        PRODUCT_FILE,
        21,
        "origin.commune",
        "không thuộc thư mục 'ha-noi'",
        "not in folder 'ha-noi'",
    ),
    (
        "commune-unquoted-int",
        replace('commune: "00004"\n  place', "commune: 4\n  place"),
        PRODUCT_FILE,
        21,
        "origin.commune",
        "mã xã/phường là 5 chữ số",
        "5-digit 2025 code",
    ),
    (
        "score-band",
        replace("total: 75", "total: 95"),
        PRODUCT_FILE,
        16,
        "certificate.score.total",
        "không khớp hạng 4 sao",
        "does not match 4 stars",
    ),
    (
        "score-parts-sum",
        replace("a: 30", "a: 31"),
        PRODUCT_FILE,
        16,
        "certificate.score.total",
        "khác tổng các phần",
        "sum of parts",
    ),
    ("score-part-over", replace("b: 20", "b: 26"), PRODUCT_FILE, 18, "certificate.score.b", "tối đa 25", "at most 25"),
    (
        "date-not-real",
        replace('date: "2025-03-10"', 'date: "2025-02-30"'),
        PRODUCT_FILE,
        13,
        "certificate.date",
        "không có thật",
        "not a real date",
    ),
    (
        "date-format",
        replace('date: "2025-03-10"', 'date: "10/03/2025"'),
        PRODUCT_FILE,
        13,
        "certificate.date",
        "NĂM-THÁNG-NGÀY",
        "YEAR-MONTH-DAY",
    ),
    (
        "date-future",
        replace('date: "2025-03-10"', 'date: "2027-01-01"'),
        PRODUCT_FILE,
        13,
        "certificate.date",
        "ở tương lai",
        "in the future",
    ),
    (
        "date-before-ocop",
        replace('date: "2025-03-10"', 'date: "2016-01-01"'),
        PRODUCT_FILE,
        13,
        "certificate.date",
        "trước khi Chương trình OCOP",
        "before the OCOP programme",
    ),
    (
        "valid-until-before",
        replace("  issuer:", '  valid_until: "2024-01-01"\n  issuer:'),
        PRODUCT_FILE,
        14,
        "certificate.valid_until",
        "phải sau ngày cấp",
        "after the issue date",
    ),
    (
        "valid-until-too-long",
        replace("  issuer:", '  valid_until: "2029-01-01"\n  issuer:'),
        PRODUCT_FILE,
        14,
        "certificate.valid_until",
        "tối đa 36 tháng",
        "at most 36 months",
    ),
    (
        "steps-out-of-order",
        replace('date: "2025-02-01"', 'date: "2024-12-01"'),
        PRODUCT_FILE,
        28,
        "traceability[2].date",
        "theo thứ tự thời gian",
        "in time order",
    ),
    (
        "withdrawn-without-reason",
        replace("origin:", "status: withdrawn\norigin:"),
        PRODUCT_FILE,
        20,
        "status",
        "cần mục 'withdrawn'",
        "needs 'withdrawn'",
    ),
    (
        "missing-image",
        replace("anh/che.jpg", "anh/khong-co.jpg"),
        PRODUCT_FILE,
        10,
        "images[1]",
        "không tìm thấy tệp ảnh",
        "not found",
    ),
    (
        "image-escapes-folder",
        replace("anh/che.jpg", "anh/../../../../secret.jpg"),
        PRODUCT_FILE,
        10,
        "images[1]",
        "phải nằm trong thư mục của hồ sơ",
        "inside the record's folder",
    ),
    (
        "image-absolute",
        replace("anh/che.jpg", "/etc/passwd.jpg"),
        PRODUCT_FILE,
        10,
        "images[1]",
        "ảnh là đường dẫn tương đối",
        "relative path",
    ),
    (
        "image-symlink",
        symlinked_image,
        PRODUCT_FILE,
        10,
        "images[1]",
        "không dùng '..', đường dẫn tuyệt đối hay liên kết",
        "no '..', absolute paths or links",
    ),
    (
        "image-not-image",
        write_bytes("ha-noi/san-pham/anh/che.jpg", b"<html>not a photo</html>"),
        PRODUCT_FILE,
        10,
        "images[1]",
        "không phải là ảnh",
        "not an image",
    ),
    (
        "image-too-small",
        write_bytes("ha-noi/san-pham/anh/che.jpg", jpeg_bytes(200, 150)),
        PRODUCT_FILE,
        10,
        "images[1]",
        "quá nhỏ (200×150)",
        "too small",
    ),
    (
        "image-bomb",
        write_bytes("ha-noi/san-pham/anh/che.jpg", bomb_png()),
        PRODUCT_FILE,
        10,
        "images[1]",
        "quá nhiều điểm ảnh",
        "too many pixels",
    ),
    (
        "image-wrong-extension",
        replace("anh/che.jpg", "anh/che.gif"),
        PRODUCT_FILE,
        10,
        "images[1]",
        ".jpg, .png hoặc .webp",
        ".jpg, .png or .webp",
    ),
    (
        "yaml-alias",
        replace("name: Chè thử nghiệm", "name: &n Chè thử nghiệm\npackaging: *n"),
        PRODUCT_FILE,
        3,
        "",
        "không dùng neo/bí danh",
        "anchors and aliases",
    ),
    ("yaml-syntax", replace("stars: 4", "stars: [4"), PRODUCT_FILE, 5, "", "YAML sai cú pháp", "YAML syntax error"),
    (
        "yaml-duplicate-key",
        replace("stars: 4", "stars: 4\nstars: 5"),
        PRODUCT_FILE,
        5,
        "stars",
        "bị lặp lại",
        "appears twice",
    ),
    (
        "yaml-python-tag",
        replace("stars: 4", "stars: !!python/object:os.system x"),
        PRODUCT_FILE,
        4,
        "",
        "không dùng thẻ YAML",
        "tags",
    ),
    (
        "yaml-not-mapping",
        write_bytes(PRODUCT_FILE, b"- just\n- a list\n"),
        PRODUCT_FILE,
        1,
        "",
        "phải là một danh sách các trường",
        "must be a mapping",
    ),
    (
        "yaml-two-documents",
        replace("stars: 4", "stars: 4\n---\nid: x"),
        PRODUCT_FILE,
        5,
        "",
        "một tài liệu YAML",
        "one YAML document",
    ),
    (
        "not-utf8",
        write_bytes(PRODUCT_FILE, "id: hn-001\nname: Chè\n".encode("cp1258")),
        PRODUCT_FILE,
        2,
        "",
        "không phải văn bản UTF-8",
        "not UTF-8",
    ),
    (
        "oversized-file",
        write_bytes(PRODUCT_FILE, b"id: hn-001\n" + b"# padding\n" * 8000),
        PRODUCT_FILE,
        1,
        "",
        "tệp quá lớn",
        "file too large",
    ),
    (
        "html-script",
        replace("Chè xanh *thơm*.", "Chè <script>alert(1)</script>"),
        PRODUCT_FILE,
        8,
        "description",
        "không dùng mã HTML (<script>)",
        "HTML is not allowed",
    ),
    (
        "html-event-handler",
        replace("Chè xanh *thơm*.", 'Chè <img src=x onerror="alert(1)">'),
        PRODUCT_FILE,
        8,
        "description",
        "không dùng mã HTML",
        "HTML is not allowed",
    ),
    (
        "javascript-link",
        replace("Chè xanh *thơm*.", "[mua](javascript:alert(1))"),
        PRODUCT_FILE,
        8,
        "description",
        "không an toàn",
        "only https://",
    ),
    (
        "data-link",
        replace("Chè xanh *thơm*.", "[mua](data:text/html;base64,PHNjcmlwdD4=)"),
        PRODUCT_FILE,
        8,
        "description",
        "không an toàn",
        "only https://",
    ),
    (
        "http-link",
        replace("Chè xanh *thơm*.", "[mua](http://shop.vn)"),
        PRODUCT_FILE,
        8,
        "description",
        "không an toàn",
        "only https://",
    ),
    (
        "buy-link-not-https",
        replace("origin:", "buy:\n  - kind: shop\n    url: http://shop.vn\norigin:"),
        PRODUCT_FILE,
        22,
        "buy[1].url",
        "bắt đầu bằng https://",
        "starting with https://",
    ),
    (
        "buy-link-javascript",
        replace("origin:", "buy:\n  - kind: shop\n    url: javascript:alert(1)\norigin:"),
        PRODUCT_FILE,
        22,
        "buy[1].url",
        "bắt đầu bằng https://",
        "starting with https://",
    ),
    (
        "bidi-in-name",
        replace("name: Chè thử nghiệm", "name: Chè \u202ethử nghiệm"),
        PRODUCT_FILE,
        3,
        "name",
        "ký tự ẩn",
        "U+202E",
    ),
    (
        "zero-width-in-name",
        replace("name: Chè thử nghiệm", "name: Chè\u200bthử"),
        PRODUCT_FILE,
        3,
        "name",
        "ký tự ẩn",
        "U+200B",
    ),
    (
        "phone-bad",
        replace('phone: "0912345678"', 'phone: "12345"', "producer"),
        PRODUCER_FILE,
        10,
        "contacts.phone",
        "số điện thoại Việt Nam",
        "Vietnamese phone number",
    ),
    ("phone-unquoted-keeps-zero", replace('phone: "0912345678"', "phone: 0912345678", "producer"), "", 0, "", "", ""),
    (
        "email-bad",
        replace("email: lienhe@htx.vn", "email: lienhe(at)htx", "producer"),
        PRODUCER_FILE,
        11,
        "contacts.email",
        "email không đúng dạng",
        "not a valid email",
    ),
    (
        "producer-kind",
        replace("kind: cooperative", "kind: coop", "producer"),
        PRODUCER_FILE,
        4,
        "kind",
        "Hợp tác xã",
        "choose one of",
    ),
    (
        "producer-missing-address",
        replace('address:\n  commune: "00004"\n  street: Thôn 1\n', "", "producer"),
        PRODUCER_FILE,
        2,
        "address",
        "thiếu trường bắt buộc 'address'",
        "missing required field",
    ),
    (
        "province-folder-unknown",
        write_bytes("ha-nol/san-pham/x.yml", b"id: x\n"),
        "ha-nol/san-pham/x.yml",
        1,
        "",
        "có phải 'ha-noi'",
        "did you mean 'ha-noi'",
    ),
    (
        "record-outside-kind-folder",
        write_bytes("ha-noi/x.yml", b"id: x\n"),
        "ha-noi/x.yml",
        1,
        "",
        "hồ sơ phải nằm trong",
        "a record must be in",
    ),
    ("producer-file-renamed-is-fine", producer_elsewhere, "", 0, "", "", ""),
]


CASES = [Case(*c) for c in FIRST]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_with_a_plain_message(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


def test_corpus_is_large() -> None:
    assert len([c for c in CASES if c.file]) >= 40


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    products = write_catalogue(
        tmp_path,
        product=PRODUCT.replace("stars: 4", "stars: 7").replace("group: drinks", "group: x"),
        producer=PRODUCER.replace("kind: cooperative", "kind: y"),
    )
    fields = {(Path(p.path).name, p.field) for p in check(products, TODAY)}
    assert {("hn-001.yml", "stars"), ("hn-001.yml", "group"), ("hn-htx-test.yml", "kind")} <= fields


def test_annotation_format() -> None:
    p = Problem("products/a.yml", 7, 3, "stars", "sai: 100%", "wrong\nline")
    assert p.annotation() == "::error file=products/a.yml,line=7,col=3::stars: sai: 100%25 / wrong%0Aline"


def test_a_price_with_thousands_dots_is_refused(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path, product=PRODUCT.replace("origin:", "price:\n  amount: 180.000\norigin:"))
    (p,) = [p for p in check(products, TODAY) if p.field == "price.amount"]
    assert p.line == 21 and "phải là số nguyên; viết liền, không dấu chấm hay dấu phẩy: 180000" in p.vi


def test_the_markdown_renderer_is_harmless_even_without_the_checks() -> None:
    from ocop.domain.text import markdown

    html = str(
        markdown(
            '<script>alert(1)</script> <img src=x onerror="alert(1)"> [a](javascript:alert(1)) '
            "[b](data:text/html,x) [c](http://plain.vn) [d](https://shop.vn)"
        )
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html and 'href="data' not in html and 'href="http:' not in html
    assert '<a href="https://shop.vn" rel="nofollow noopener">d</a>' in html
