"""Bad-input classes 2 and 3: invisible and format characters, and faults of the YAML reader.

Class 2: one table of refused characters (``ocop.domain.text.REFUSED_RANGES`` and
``REFUSED_CATEGORIES``) judges every text value, every field name and every file name.
Class 3: what PyYAML's reader or the number parser raises becomes a problem naming the file and
line, never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from conftest import PRODUCER, PRODUCT
from test_bad_input import (
    PRODUCER_FILE,
    PRODUCT_FILE,
    Case,
    Change,
    Target,
    replace,
    run_case,
    write_bytes,
)

from ocop.build import load
from ocop.domain.text import MULTILINE_OK, REFUSED_RANGES, bad_char, escaped

HIDDEN = "ký tự ẩn hoặc ký tự điều khiển"


def name(value: str) -> Change:
    """The product's name (line 3) as written in YAML, escapes and all."""
    return replace("name: Chè thử nghiệm", f"name: {value}")


def extra(line: str) -> Change:
    """A line before ``origin:``, which becomes line 20."""
    return replace("origin:", f"{line}\norigin:")


def raw(old: str, new: bytes) -> Change:
    """The product file with ``old`` replaced by raw bytes (characters YAML itself refuses)."""

    def change(t: Target) -> None:
        path = t.path(PRODUCT_FILE)
        data = path.read_bytes()
        assert t.r(old).encode() in data
        path.write_bytes(data.replace(t.r(old).encode(), new, 1))

    return change


def non_utf8_file_name(t: Target) -> None:
    folder = os.fsencode(t.path("ha-noi/san-pham"))
    with open(folder + b"/hn-\xff.yml", "wb") as f:
        f.write(t.rb(PRODUCT.replace("id: hn-001", "id: hn-002").encode()))


CHARACTERS: list[Case] = [
    Case("tag-character", name("Chè thử nghiệm\U000e0041"), PRODUCT_FILE, 3, "name", "ký tự thẻ vô hình", "U+E0041"),
    Case("line-separator", name('"Chè\\u2028thử"'), PRODUCT_FILE, 3, "name", "U+2028", "line or paragraph separator"),
    Case(
        "paragraph-separator",
        extra('packaging: "Hộp\\u2029giấy"'),
        PRODUCT_FILE,
        20,
        "packaging",
        "U+2029",
        "line or paragraph separator",
    ),
    Case("hangul-filler-name", name("\u3164"), PRODUCT_FILE, 3, "name", "ký tự lấp chỗ Hangul", "Hangul filler"),
    Case(
        "halfwidth-hangul-filler",
        replace("name: Hợp tác xã Thử Nghiệm", "name: Hợp tác xã\uffa0", "producer"),
        PRODUCER_FILE,
        3,
        "name",
        "U+FFA0",
        "Hangul filler",
    ),
    Case("braille-blank-name", name("\u2800"), PRODUCT_FILE, 3, "name", "ô chữ nổi trống", "braille blank"),
    Case(
        "object-replacement",
        replace("Chè xanh *thơm*.", "Chè xanh \ufffc thơm."),
        PRODUCT_FILE,
        8,
        "description",
        "U+FFFC",
        "object replacement character",
    ),
    Case("private-use", extra("packaging: Hộp \ue000"), PRODUCT_FILE, 20, "packaging", "U+E000", "private-use"),
    Case("unassigned", name("Chè \u0378"), PRODUCT_FILE, 3, "name", "U+0378", "unassigned code point"),
    Case("variation-selector-alone", name("Che\ufe0f"), PRODUCT_FILE, 3, "name", "U+FE0F", "variation selector"),
    Case("variation-selector-17", name("Chè\U000e0100"), PRODUCT_FILE, 3, "name", "U+E0100", "variation selector"),
    Case("nul-escape", name('"Chè\\0"'), PRODUCT_FILE, 3, "name", "U+0000", "control character"),
    Case("esc-escape", extra('packaging: "\\e[31mHộp đỏ"'), PRODUCT_FILE, 20, "packaging", "U+001B", "control"),
    Case("bel-escape", name('"Chè\\a"'), PRODUCT_FILE, 3, "name", "U+0007", "control character"),
    Case("fffe-escape", name('"Chè\\uFFFE"'), PRODUCT_FILE, 3, "name", "U+FFFE", "noncharacter"),
    Case("ffff-escape", name('"Chè\\uFFFF"'), PRODUCT_FILE, 3, "name", "U+FFFF", "noncharacter"),
    Case("carriage-return-escape", name('"Chè\\rthử"'), PRODUCT_FILE, 3, "name", "U+000D", "carriage return"),
    Case("soft-hyphen", name("Chè\u00adxanh"), PRODUCT_FILE, 3, "name", "dấu gạch nối ẩn", "soft hyphen"),
    Case("bidi-isolate", name("\u2066Chè\u2069"), PRODUCT_FILE, 3, "name", "U+2066", "invisible format character"),
    Case("bom-inside-text", name("Chè\ufeffthử"), PRODUCT_FILE, 3, "name", "U+FEFF", "byte order mark"),
    Case(
        "name-only-wide-spaces",
        name('"\\u3000\\u00a0 "'),
        PRODUCT_FILE,
        3,
        "name",
        "không được để trống",
        "must not be empty",
    ),
    Case(
        "producer-name-only-nbsp",
        replace("name: Hợp tác xã Thử Nghiệm", 'name: "\u00a0"', "producer"),
        PRODUCER_FILE,
        3,
        "name",
        "không được để trống",
        "must not be empty",
    ),
    Case(
        "key-zero-width",
        replace("name: Chè", "na\u200bme: Chè"),
        PRODUCT_FILE,
        3,
        "na\u200bme",
        "tên trường có ký tự ẩn",
        "U+200B",
    ),
    Case(
        "nested-key-escape",
        replace("  issuer:", '  "note\\u200d": x\n  issuer:'),
        PRODUCT_FILE,
        14,
        "certificate.note\u200d",
        "tên trường có ký tự ẩn",
        "field name contains an invisible",
    ),
    Case(
        "file-name-zero-width",
        write_bytes("ha-noi/san-pham/hn\u200b-002.yml", PRODUCT.replace("id: hn-001", "id: hn-002").encode()),
        "ha-noi/san-pham/hn\u200b-002.yml",
        1,
        "",
        "tên tệp/thư mục có ký tự ẩn",
        "U+200B",
    ),
    Case(
        "file-name-not-utf8",
        non_utf8_file_name,
        "ha-noi/san-pham/hn-\udcff.yml",
        1,
        "",
        "tên tệp/thư mục có ký tự ẩn",
        "U+DCFF",
    ),
    Case(
        "emoji-with-its-selector-passes",
        replace("Chè xanh *thơm*.", "Chè xanh ❤\ufe0f 1\ufe0f\u20e3"),
        "",
        0,
        "",
        "",
        "",
    ),
    Case("tabs-and-paragraphs-pass", replace("Chè xanh *thơm*.", "Chè\txanh.\n\n  Đoạn hai."), "", 0, "", "", ""),
    Case("line-break-in-a-name", name('"Chè\\nthử"'), PRODUCT_FILE, 3, "name", "U+000A, xuống dòng", "line break"),
    Case("tab-in-a-name", name('"Chè\\tthử"'), PRODUCT_FILE, 3, "name", "U+0009, dấu tab", "tab"),
]

# The C reader turns a lone-surrogate escape into a syntax error; the pure-Python one lets it
# through, and the character table refuses it.
SURROGATE = ("YAML sai cú pháp", "invalid Unicode") if load._Loader is yaml.CSafeLoader else ("U+D800", "surrogate")

READER: list[Case] = [
    Case("raw-nul", raw("thử nghiệm", b"th\x00"), PRODUCT_FILE, 3, "", "ký tự không được phép (U+0000", "U+0000"),
    Case("raw-escape", raw("xanh", b"\x1b[2J"), PRODUCT_FILE, 8, "", "U+001B, ký tự điều khiển", "control character"),
    Case("raw-delete", raw("thử", b"\x7f"), PRODUCT_FILE, 3, "", "U+007F", "not allowed"),
    Case("raw-c1-control", raw("thử", "\u0080".encode()), PRODUCT_FILE, 3, "", "U+0080", "not allowed"),
    Case("raw-fffe", raw("thử", "\ufffe".encode()), PRODUCT_FILE, 3, "", "U+FFFE", "noncharacter"),
    Case("raw-surrogate-bytes", raw("thử", b"\xed\xa0\x80"), PRODUCT_FILE, 3, "", "không phải văn bản UTF-8", "UTF-8"),
    Case(
        "surrogate-escape",
        name('"Chè\\ud800"'),
        PRODUCT_FILE,
        3,
        "" if SURROGATE[0] != "U+D800" else "name",
        *SURROGATE,
    ),
    Case(
        "integer-beyond-digit-limit",
        extra("price:\n  amount: 1" + "0" * 5000),
        PRODUCT_FILE,
        21,
        "price.amount",
        "số quá dài (5001 chữ số",
        "number too long",
    ),
    Case(
        "float-overflow",
        extra("price:\n  amount: 1e999"),
        PRODUCT_FILE,
        21,
        "price.amount",
        "phải là số nguyên",
        "whole number",
    ),
    Case("lone-carriage-return", raw("stars: 4\n", b"stars: 4\r"), PRODUCT_FILE, 4, "", "U+000D", "line break"),
    Case("raw-next-line", raw("thử", "\u0085".encode()), PRODUCT_FILE, 3, "", "xuống dòng lạ (U+0085)", "line break"),
    Case("raw-line-separator", raw("thử", "\u2028".encode()), PRODUCT_FILE, 3, "", "U+2028", "unusual line break"),
    Case(
        "nesting-too-deep",
        extra("extra: " + "[" * 50 + "]" * 50),
        PRODUCT_FILE,
        20,
        "",
        "lồng nhau quá sâu",
        "nested too deeply",
    ),
    Case(
        "too-many-values",
        extra("extra: [" + "1," * 6000 + "]"),
        PRODUCT_FILE,
        20,
        "",
        "quá nhiều giá trị",
        "too many values",
    ),
    Case("empty-file", write_bytes(PRODUCT_FILE, b""), PRODUCT_FILE, 1, "", "danh sách các trường", "mapping"),
    Case(
        "binary-file",
        write_bytes(PRODUCT_FILE, b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        PRODUCT_FILE,
        1,
        "",
        "không phải văn bản UTF-8",
        "not UTF-8",
    ),
    Case(
        "crlf-line-endings-pass", write_bytes(PRODUCT_FILE, PRODUCT.replace("\n", "\r\n").encode()), "", 0, "", "", ""
    ),
    Case("producer-crlf-pass", write_bytes(PRODUCER_FILE, PRODUCER.replace("\n", "\r\n").encode()), "", 0, "", "", ""),
]


@pytest.mark.parametrize("case", CHARACTERS, ids=[c.name for c in CHARACTERS])
def test_invisible_and_format_characters(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


@pytest.mark.parametrize("case", READER, ids=[c.name for c in READER])
def test_reader_faults(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


def test_one_table_gives_a_reason_for_every_range() -> None:
    for first, last, vi, en in REFUSED_RANGES:
        assert first <= last and vi and en
        assert bad_char(chr(first)) is not None and bad_char(chr(last)) is not None


def test_values_keep_tabs_and_line_breaks_but_names_do_not() -> None:
    assert bad_char("a\tb\nc", MULTILINE_OK) is None
    assert bad_char("a\nb") == (1, "U+000A", "xuống dòng", "line break")


def test_printed_text_is_one_line_with_nothing_hidden() -> None:
    assert escaped("100%\n::error::x\u202e\ud800") == "100%25%0A::error::x%E2%80%AE%ED%A0%80"
    assert escaped("Chè xanh 😀") == "Chè xanh 😀"
