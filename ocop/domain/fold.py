"""Folding Vietnamese text for search, the same way in Python and in JavaScript.

Two forms of a word:
- ``fold``: no diacritics at all, đ→d, lower case: what people type on a phone without
  a Vietnamese keyboard ("ca tram den song da");
- ``tone_key``: keeps the letters' own marks (ă â ê ô ơ ư đ) and the tone, but not *where*
  the tone sits, so old and new tone placement ("hoà" / "hòa", "thuỷ" / "thủy") are one
  word. An accented query ranks exact-accent matches first.

The steps, in this order, in both languages: lower case; Unicode NFD; split into words on
anything that is not a letter, a digit or a combining mark; then per word. ``ð`` (the
Icelandic eth, which some keyboards give for đ and which looks the same) counts as đ.

``theme/assets/search.js`` implements the same functions; ``tests/fold-vectors.json`` holds
the cases both must agree on, and the tests run them through both.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks (grave, acute, hook above, tilde, dot below); the other combining
# marks (breve, circumflex, horn) belong to the letter and stay in tone_key.
TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_MARKS = re.compile("[\u0300-\u036f]")
# Word characters: ASCII digits and letters, the Latin-1 letters that do not decompose
# (ß æ ø þ …), Latin Extended A/B (đ ơ ư …), Latin Extended Additional, combining marks.
_WORD = "0-9a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u1e00-\u1eff\u0300-\u036f"
_NON_WORD = re.compile(f"[^{_WORD}]+")
_ENDS_IN_WORD = re.compile(f"[{_WORD}]$")


def _nfd_lower(text: str) -> str:
    return unicodedata.normalize("NFD", text.lower()).replace("ð", "đ")


def words(text: str) -> list[str]:
    """Lower-case NFD words, split on anything that is not a letter, a digit or a mark."""
    return [w for w in _NON_WORD.split(_nfd_lower(text)) if w]


def fold_word(word: str) -> str:
    """One word from ``words`` without any mark: 'đặc' → 'dac'."""
    return _MARKS.sub("", word).replace("đ", "d")


def fold(text: str) -> str:
    """'Cá trắm đen Sông Đà' → 'ca tram den song da'."""
    return " ".join(f for f in (fold_word(w) for w in words(text)) if f)


def tone_parts(word: str) -> tuple[str, str]:
    """One word from ``words`` → (its letters with their own marks, NFC; the tone digit or '')."""
    tone = ""
    letters = []
    for ch in word:
        if ch in TONES:
            tone = TONES[ch]
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)), tone


def tone_marks(word: str) -> tuple[str, frozenset[str]]:
    """One word from ``words`` → (its letters with their own marks, NFC; every tone it carries).

    Search compares with this: a typed tone matches a word whose tone marks are all that tone,
    wherever they sit. (A well-formed word has one; ``tone_parts`` keeps the last.)
    """
    letters = []
    tones = set()
    for ch in word:
        if ch in TONES:
            tones.add(TONES[ch])
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)), frozenset(tones)


def tone_key_word(word: str) -> str:
    """One NFD lower-case word → its letters with their own marks, then the tone as a digit."""
    letters, tone = tone_parts(word)
    return letters + tone


def tone_key(text: str) -> str:
    """'Hoà Bình' and 'Hòa Bình' → 'hoa2 binh2'."""
    return " ".join(tone_key_word(w) for w in words(text) if fold_word(w))


def has_marks(text: str) -> bool:
    """True when the text was typed with any Vietnamese diacritic (đ included)."""
    nfd = _nfd_lower(text)
    return bool(_MARKS.search(nfd)) or "đ" in nfd


def ends_in_word(text: str) -> bool:
    """True when the last character typed belongs to a word: the word may still be growing."""
    return bool(_ENDS_IN_WORD.search(_nfd_lower(text)))


def slugify(value: str, separator: str = "-") -> str:
    """A heading's anchor, for Python-Markdown's toc (mkdocs.yml): 'Hạng sao và điểm' → 'hang-sao-va-diem'.

    Markdown's own slugify drops what does not decompose to ASCII, so "đ" vanished ('hang-sao-va-iem');
    folding reads it as "d", as search does and as people type it."""
    return separator.join(fold(value).split())
