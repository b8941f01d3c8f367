"""Folding Vietnamese text: ocop/fold.py and theme/assets/search.js must agree exactly.

tests/fold-vectors.json holds the cases; they run through Python here and through the real
search.js in Chromium, on the built sample site.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import REPO

from ocop.domain.fold import ends_in_word, fold, has_marks, tone_key, words

VECTORS = json.loads((REPO / "tests" / "fold-vectors.json").read_text(encoding="utf-8"))["vectors"]


@pytest.mark.parametrize("v", VECTORS, ids=[repr(v["text"]) for v in VECTORS])
def test_fold_vectors_in_python(v) -> None:
    assert fold(v["text"]) == v["fold"]
    assert tone_key(v["text"]) == v["tone_key"]
    assert has_marks(v["text"]) is v["has_marks"]
    assert ends_in_word(v["text"]) is v["ends_in_word"]


def test_old_and_new_tone_placement_are_one_key() -> None:
    pairs = [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Thanh Hoá", "Thanh Hóa"), ("quỳ", "qùy")]
    for old, new in pairs:
        assert tone_key(old) == tone_key(new), (old, new)
        assert fold(old) == fold(new)
    # …but a different tone is a different key, and letter marks stay.
    assert tone_key("hoà") != tone_key("hoá")
    assert tone_key("đen") != tone_key("den")
    assert fold("đen") == fold("den")


def test_composed_and_decomposed_input_fold_the_same() -> None:
    text = "Nước mắm Phú Quốc đặc sản"
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        assert fold(unicodedata.normalize(form, text)) == "nuoc mam phu quoc dac san"
        assert tone_key(unicodedata.normalize(form, text)) == tone_key(text)
    assert words("Hà-Nội") == [unicodedata.normalize("NFD", "hà"), unicodedata.normalize("NFD", "nội")]


def test_fold_vectors_in_the_browser(browser, sample_server) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    try:
        page.goto(sample_server.url + "tim-kiem/", wait_until="networkidle")
        got = page.evaluate(
            """vs => vs.map(v => ({text: v.text, fold: OcopSearch.fold(v.text), tone_key: OcopSearch.toneKey(v.text),
                   has_marks: OcopSearch.hasMarks(v.text), ends_in_word: OcopSearch.endsInWord(v.text)}))""",
            VECTORS,
        )
        assert got == VECTORS
    finally:
        context.close()
