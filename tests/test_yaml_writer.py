"""The record writer: every value it writes reads back the same through the project's loader."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ocop.authoring.yaml_writer import Flow, Text, block_lines, document, end_comment, quoted, scalar
from ocop.build.load import parse

TRICKY = [
    "",
    " ",
    "01",
    "00004",
    "0912345678",
    "no",
    "No",
    "yes",
    "on",
    "off",
    "y",
    "n",
    "null",
    "Null",
    "~",
    "true",
    "False",
    "1.5",
    "1e3",
    ".inf",
    "-",
    "- item",
    "a: b",
    "a:b",
    "https://example.vn/a?b=c#d",
    "text #not a comment",
    "text#hash",
    "# heading",
    " leading space",
    "trailing space ",
    "  both  ",
    'say "hi"',
    "it's",
    "'single'",
    "back\\slash",
    "C:\\path\\to",
    "tab\there",
    "Hợp tác xã Nông nghiệp Thông Hòa",
    "Mật ong hoa rừng – Lào Cai",
    "Đặc sản: chè Shan tuyết #1",
    "1114/QĐ-UBND",
    "[not, a, list]",
    "{not: a map}",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`tick`",
    "| pipe",
    "> fold",
    "? question",
    "a,b",
    "100%",
    "2025-05-31",
    "2025-05",
    "2025",
    "line one\nline two",
    "ends with a break\n",
    "\nstarts with a break",
    "two final breaks\n\n",
    "  indented first line\nsecond",
    "first\n  indented second",
    "blank line\n\ninside",
    "   \nspaces-only first line",
    "spaces-only\n   \nmiddle line",
    "trailing spaces on a line   \nnext",
    "Mô tả **đậm** và *nghiêng*.\n\n- mục một\n- mục hai\n",
    "carriage\r\nreturn",
    "bell\x07char",
    "del\x7fchar",
    "nel\x85char",
    "line\u2028separator",
    "no-break\u00a0space",
    "zero\u200bwidth",
    "emoji 🍯",
    "\t",
    "\ttab first\nsecond",
    "\n",
    "\n\n",
    "#",
    ":",
    "a -",
    "--- document",
    "...",
]


def read_back(text: str) -> object:
    return parse(text, "test").data


@pytest.mark.parametrize("value", TRICKY)
def test_a_field_reads_back_unchanged(value: str) -> None:
    written = document({"v": value})
    assert read_back(written) == {"v": value}, written


@pytest.mark.parametrize("value", TRICKY)
def test_nested_values_read_back_unchanged(value: str) -> None:
    record = {"outer": {"inner": value, "list": [value, {"a": value, "b": value}]}, "after": "x"}
    written = document(record)
    assert read_back(written) == record, written


@pytest.mark.parametrize("value", TRICKY)
def test_a_scalar_is_one_line_and_reads_back(value: str) -> None:
    text = scalar(value)
    assert "\n" not in text
    assert read_back(f"v: {text}\n") == {"v": value}
    assert read_back(f"v: {quoted(value)}\n") == {"v": value}


def test_plain_only_when_no_yaml_reader_could_take_it_for_something_else() -> None:
    assert scalar("Hợp tác xã Thông Hòa") == "Hợp tác xã Thông Hòa"
    assert scalar("UBND tỉnh Trà Vinh (cũ)") == "UBND tỉnh Trà Vinh (cũ)"
    for text in ("01", "no", "Yes", "null", "1.5", "a: b", "a #b", " a", "a ", "", "2025-05-31", "Đ: 1"):
        assert scalar(text).startswith('"'), text
    assert scalar('say "hi"') == '"say \\"hi\\""'


def test_other_scalars() -> None:
    assert scalar(4) == "4" and scalar(21.03) == "21.03" and scalar(True) == "true"
    assert scalar(dt.date(2025, 3, 10)) == '"2025-03-10"'
    with pytest.raises(ValueError):
        scalar(float("nan"))
    record = {"stars": 4, "ok": False, "coordinates": Flow((21.03, 105.85)), "price": {"amount": 120000}}
    written = document(record)
    assert "coordinates: [21.03, 105.85]" in written
    assert read_back(written) == {**record, "coordinates": [21.03, 105.85]}


def test_multi_line_text_is_a_literal_block_that_keeps_its_ending() -> None:
    assert block_lines("a\nb\n", "  ") == ["|", "  a", "  b"]
    assert block_lines("a\nb", "  ") == ["|-", "  a", "  b"]
    assert block_lines(" a\nb", "  ") == ["|2-", "   a", "  b"]
    assert block_lines("a\n\nb\n", "  ") == ["|", "  a", "", "  b"]
    assert block_lines("a\n\n", "  ") is None  # several final breaks: double-quoted
    assert block_lines("a\r\nb", "  ") is None
    written = document({"description": "Dòng một.\n\nDòng hai.\n"})
    assert written == "description: |\n  Dòng một.\n\n  Dòng hai.\n"


def test_layout_comments_and_omitted_fields() -> None:
    text = Text(["yaml-language-server: $schema=../../../schema/product.schema.json", "Ghi chú"])
    text.field("id", "hn-001").field("withdrawn", None).blank()
    text.comment("CẦN ĐIỀN: ảnh minh họa").field("images", ["anh/hn-001.jpg"])
    text.key("origin").field("commune", "00004", comment="Phường Ba Đình\nxuống dòng", depth=1)
    text.field("buy", [{"kind": "shop", "url": "https://a.example.vn", "label": None}])
    assert str(text) == (
        "# yaml-language-server: $schema=../../../schema/product.schema.json\n"
        "# Ghi chú\n"
        "id: hn-001\n"
        "\n"
        "# CẦN ĐIỀN: ảnh minh họa\n"
        "images:\n"
        "  - anh/hn-001.jpg\n"
        "origin:\n"
        '  commune: "00004"  # Phường Ba Đình xuống dòng\n'
        "buy:\n"
        "  - kind: shop\n"
        '    url: "https://a.example.vn"\n'
    )
    assert read_back(str(text)) == {
        "id": "hn-001",
        "images": ["anh/hn-001.jpg"],
        "origin": {"commune": "00004"},
        "buy": [{"kind": "shop", "url": "https://a.example.vn"}],
    }
    assert end_comment("a\nb") == "  # a b"
    with pytest.raises(ValueError):
        document({"not a key": 1})


def test_random_text_reads_back_unchanged() -> None:
    """Strings made of the characters that matter to YAML, in every position."""
    rng = random.Random(2025)
    alphabet = list(" \n\t:#-?|>'\"\\,[]{}&*!%@`.01aAđĐ~") + ["Hòa", "no", "null", "\u00a0", "\u3000", "\x85", "\r"]
    for _ in range(3000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        record = {"v": value, "m": {"w": value}, "l": [{"x": value}]}
        written = document(record)
        assert read_back(written) == record, repr(value)
