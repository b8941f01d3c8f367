"""Folding Vietnamese text for search, the same way in Python and in JavaScript.

Two forms of a word:
- ``fold``: no diacritics at all, đ→d, lower case: what people type on a phone without
  a Vietnamese keyboard ("ca tram den song da");
- ``tone_key``: keeps the letters' own marks (ă â ê ô ơ ư đ) and the tone, but not *where*
  the tone sits, so old and new tone placement ("hoà" / "hòa", "thuỷ" / "thủy") are one
  word. An accented query ranks exact-accent matches first.

``theme/assets/search.js`` implements the same two functions; tests/fold-vectors.json
holds the cases both must agree on.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks (grave, acute, hook above, tilde, dot below); the other combining
# marks (breve, circumflex, horn) belong to the letter and stay in tone_key.
TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_MARKS = re.compile("[\u0300-\u036f]")
_NON_WORD = re.compile(r"[^0-9a-z\u0100-\u024f\u1e00-\u1eff\u0300-\u036f]+")


def words(text: str) -> list[str]:
    """Lower-case words, split on anything that is not a letter or digit."""
    return [w for w in _NON_WORD.split(unicodedata.normalize("NFD", text.lower())) if w]


def fold(text: str) -> str:
    """'Cá trắm đen Sông Đà' → 'ca tram den song da'."""
    out = []
    for w in words(text):
        w = _MARKS.sub("", w).replace("đ", "d")
        if w:
            out.append(w)
    return " ".join(out)


def tone_key_word(word: str) -> str:
    """One NFD lower-case word → its letters with their own marks, then the tone as a digit."""
    tone = ""
    letters = []
    for ch in word:
        if ch in TONES:
            tone = TONES[ch]
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)) + tone


def tone_key(text: str) -> str:
    """'Hoà Bình' and 'Hòa Bình' → 'hoa2 binh2'."""
    return " ".join(tone_key_word(w) for w in words(text))


def has_marks(text: str) -> bool:
    """True when the text was typed with any Vietnamese diacritic."""
    nfd = unicodedata.normalize("NFD", text)
    return bool(_MARKS.search(nfd)) or "đ" in text.lower()
