"""Text in records: a small, safe Markdown subset, and characters we refuse.

Descriptions accept paragraphs, line breaks, **bold**, *italic*, lists, `code` and
https links. Raw HTML is never passed through: markdown-it renders it as text, and
the validator reports it so the officer knows why it shows as typed.

One table of refused characters (REFUSED_RANGES, then REFUSED_CATEGORIES) judges every value,
every field name and every file name (``bad_char``), and makes printed messages safe (``escaped``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

# Characters refused in every text value, mapping key and file name: one table, the reason beside
# each range. They are invisible, or change how the text around them shows (bidi overrides can
# make a name read as another one, "Trojan Source"), or carry no meaning a reader can see.
# Ranges come first so the message gives the most specific reason; whole categories follow, for
# what no list of ranges can keep up with. (first, last, Vietnamese reason, English reason)
REFUSED_RANGES: tuple[tuple[int, int, str, str], ...] = (
    (0x0000, 0x0008, "ký tự điều khiển", "control character"),  # NUL, BEL, backspace: break terminals and files
    (0x0009, 0x0009, "dấu tab", "tab"),  # allowed where a value may span lines (MULTILINE_OK)
    (0x000A, 0x000A, "xuống dòng", "line break"),  # the same; in a name it would split a printed line
    (0x000B, 0x000C, "ký tự điều khiển", "control character"),  # vertical tab, form feed
    (0x000D, 0x000D, "ký tự về đầu dòng (CR)", "carriage return"),  # can overwrite a printed line; YAML gives LF
    (0x000E, 0x001F, "ký tự điều khiển", "control character"),  # ESC starts terminal escape sequences
    (0x007F, 0x009F, "ký tự điều khiển", "control character"),  # DEL and the C1 controls (NEL, CSI…)
    (0x00AD, 0x00AD, "dấu gạch nối ẩn", "soft hyphen"),  # invisible unless a line breaks there
    (0x034F, 0x034F, "ký tự nối vô hình", "combining grapheme joiner"),  # invisible
    (0x061C, 0x061C, "dấu chiều viết", "bidirectional mark"),  # Arabic letter mark: reorders text
    (0x115F, 0x1160, "ký tự lấp chỗ Hangul", "Hangul filler"),  # a blank that is not a space: fake empty names
    (0x17B4, 0x17B5, "nguyên âm Khmer vô hình", "invisible Khmer vowel"),
    (0x180B, 0x180F, "bộ chọn biến thể Mông Cổ", "Mongolian variation selector"),  # invisible
    (0x200B, 0x200F, "khoảng trắng độ rộng 0 hoặc dấu chiều viết", "zero-width character or bidi mark"),
    (0x2028, 0x2029, "ký tự ngắt dòng/đoạn lạ", "line or paragraph separator"),  # a line break only some tools see
    (0x202A, 0x202E, "ký tự đảo chiều viết", "bidirectional override"),  # Trojan Source: reorders what shows
    (0x2060, 0x206F, "ký tự định dạng vô hình", "invisible format character"),  # word joiner, bidi isolates
    (0x2800, 0x2800, "ô chữ nổi trống", "braille blank"),  # looks like a space, is not one: fake empty names
    (0x3164, 0x3164, "ký tự lấp chỗ Hangul", "Hangul filler"),
    # U+FE0E and U+FE0F right after an emoji choose its look and are allowed (see _EMOJI_BASE).
    (0xFE00, 0xFE0F, "bộ chọn biến thể", "variation selector"),  # invisible; hides differences between names
    (0xFEFF, 0xFEFF, "ký tự BOM/khoảng trắng độ rộng 0", "byte order mark (zero-width no-break space)"),
    (0xFFA0, 0xFFA0, "ký tự lấp chỗ Hangul", "Hangul filler"),
    (0xFFF9, 0xFFFB, "ký tự chú thích vô hình", "interlinear annotation character"),
    (0xFFFC, 0xFFFC, "ký tự thay thế đối tượng", "object replacement character"),  # a placeholder for a lost image
    (0xFFFE, 0xFFFF, "ký tự không phải chữ", "noncharacter"),  # never valid in interchanged text
    (0x1D173, 0x1D17A, "ký tự định dạng vô hình", "invisible format character"),  # musical beam/slur controls
    (0xE0000, 0xE007F, "ký tự thẻ vô hình", "tag character"),  # invisible; can smuggle hidden text
    (0xE0100, 0xE01EF, "bộ chọn biến thể", "variation selector"),  # VS17–VS256: invisible
)
REFUSED_CATEGORIES: dict[str, tuple[str, str]] = {
    "Cc": ("ký tự điều khiển", "control character"),
    "Cf": ("ký tự định dạng vô hình", "invisible format character"),
    "Cs": ("nửa ký tự (surrogate); chữ đã bị hỏng", "unpaired surrogate; the text was damaged"),
    "Co": ("ký tự dùng riêng, mỗi máy hiện một khác", "private-use character, shown differently on every device"),
    "Cn": ("ký tự chưa được định nghĩa trong Unicode", "unassigned code point"),
    "Zl": ("ký tự ngắt dòng lạ", "line separator"),
    "Zp": ("ký tự ngắt đoạn lạ", "paragraph separator"),
}
# Where a variation selector is meaningful: after an emoji or a keycap's digit, # or *.
_EMOJI_CATEGORIES = ("So", "Sm")
_EMOJI_EXTRA = "#*0123456789\u203c\u2049\u3030\u303d"
# "To fill in": every value a person must still replace in a new record carries it (``ocop new``),
# and a new record's stand-in photo is named ``anh/can-dien-<id>.jpg``; ``ocop check`` refuses both.
FILL_MARK = "CẦN ĐIỀN"
FILL_PHOTO = "can-dien-"
MULTILINE_OK = "\t\n"  # tab and line breaks are allowed in text that may span lines (Markdown has paragraphs)


def _ranges(codepoints: list[int]) -> str:
    """A regular-expression class body for a sorted list of code points."""
    out, i = [], 0
    while i < len(codepoints):
        j = i
        while j + 1 < len(codepoints) and codepoints[j + 1] == codepoints[j] + 1:
            j += 1
        first, last = codepoints[i], codepoints[j]
        out.append(re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else ""))
        i = j + 1
    return "".join(out)


@cache
def _refused_re(allowed: str) -> re.Pattern[str]:
    """Every refused character of the Basic Multilingual Plane as one class (a bitmap to the regex
    engine: fast on long descriptions), or any character beyond it, which ``_refused`` then judges."""
    refused = {cp for first, last, _, _ in REFUSED_RANGES if first < 0x10000 for cp in range(first, last + 1)}
    refused.update(cp for cp in range(0x10000) if unicodedata.category(chr(cp)) in REFUSED_CATEGORIES)
    refused -= {ord(c) for c in allowed}
    return re.compile(f"[{_ranges(sorted(refused))}]|[\U00010000-\U0010ffff]")


def _refused(text: str, i: int) -> bool:
    """Whether ``text[i]``, found by ``_refused_re``, is really refused."""
    cp = ord(text[i])
    if cp >= 0x10000:
        return any(first <= cp <= last for first, last, _, _ in REFUSED_RANGES) or (
            unicodedata.category(text[i]) in REFUSED_CATEGORIES
        )
    return not _emoji_selector(text, i)


def _emoji_selector(text: str, i: int) -> bool:
    """U+FE0E/U+FE0F right after an emoji (or a keycap's digit) choose how it looks: allowed."""
    if text[i] not in "\ufe0e\ufe0f" or i == 0:
        return False
    before = text[i - 1]
    return unicodedata.category(before) in _EMOJI_CATEGORIES or before in _EMOJI_EXTRA


def _reason(cp: int) -> tuple[str, str]:
    for first, last, vi, en in REFUSED_RANGES:
        if first <= cp <= last:
            return vi, en
    return REFUSED_CATEGORIES.get(unicodedata.category(chr(cp)), REFUSED_CATEGORIES["Cn"])


def bad_char(text: str, allowed: str = "") -> tuple[int, str, str, str] | None:
    """The first refused character in ``text``: (offset, "U+XXXX", Vietnamese reason, English reason).

    ``allowed`` lifts the refusal of some characters: MULTILINE_OK for values that may span lines."""
    if text.isascii() and text.isprintable():  # most ids, dates, codes and links: no refused character
        return None
    pattern, start = _refused_re(allowed), 0
    while (m := pattern.search(text, start)) is not None:
        if _refused(text, m.start()):
            cp = ord(m.group())
            return (m.start(), f"U+{cp:04X}", *_reason(cp))
        start = m.end()
    return None


def escaped(text: str) -> str:
    """``text`` safe to print on one line: %, line breaks and every refused character as %XX (their
    UTF-8 bytes), so nothing in it can start a CI workflow command, move the cursor or reorder a line."""
    pattern = _refused_re("")

    def hexed(m: re.Match[str]) -> str:
        if ord(m.group()) >= 0x10000 and not _refused(m.string, m.start()):
            return m.group()
        return "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass"))

    return pattern.sub(hexed, text.replace("%", "%25"))


def blank(text: str) -> bool:
    """True for text with only white space of any kind (NBSP, ideographic space…): it shows as empty."""
    return not text.strip()


_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?")
SAFE_SCHEMES = ("https://",)


def html_in(text: str) -> tuple[int, str] | None:
    """The first thing that looks like an HTML tag: (offset, the tag)."""
    m = _HTML_TAG.search(text)
    return (m.start(), m.group()[:40]) if m else None


@cache
def _md() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "list", "link", "newline", "escape", "backticks"])
    md.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)

    def link_open(renderer, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        tokens[idx].attrSet("rel", "nofollow noopener")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


def links_in(text: str) -> list[tuple[int, str]]:
    """Every link target written in Markdown text, safe or not: (offset, target)."""
    return [(m.start(1), m.group(1)) for m in re.finditer(r"\]\(\s*<?([^)\s>]*)", text)]


NO_HTML = Markup("")


def as_markup(html: str) -> Markup:
    """HTML this package rendered, as Markup: the very object when it is one already (a build shares
    equal ones among records: catalogue.Texts)."""
    return html if isinstance(html, Markup) else Markup(html)


def markdown(text: str) -> Markup:
    """Render the safe subset to HTML. Anything else shows as the text it is."""
    return Markup(_md().render(text))
