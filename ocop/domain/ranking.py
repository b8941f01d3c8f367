"""Search ranking: which documents match a query, and in what order.

One rule written twice, here and in ``theme/assets/search.js`` (``rank``), and held together by
the shared vectors in tests/fold-vectors.json.

Ranking (``rank``; search.js ``rank`` must agree, see tests/fold-vectors.json). A document
matches when every query word is a word of its name or of its other text (the province for a
product), the last word as a prefix while it is still being typed; or when the query is its id
(also typed without its dashes, ``hn001``, as people copy a label; or, with a dash and a digit, the
start of its id). Sort key, first difference wins:

1. the id typed exactly (with or without its dashes), then the start of an id, then everything else;
2. every word found in the name, before matches that needed the other text;
3. in the name: the whole name typed, then the name starting with the query's words in order,
   then those words side by side elsewhere (``Hà Nội`` before ``Hà Giang … nội``), then in
   order but apart, then any order;
4. for words typed with marks, how many match with the same letter marks and tone, wherever the
   tone sits (``hoà`` = ``hòa``);
5. the last word found whole in the name before found only as the start of a longer word
   (``ca`` → ``Cà phê`` before ``Cam``);
6. stars, 5 first;
7. folded name, name, id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .fold import ends_in_word, fold, fold_word, has_marks, tone_marks, tone_parts, words
from .model import Catalogue


@dataclass(frozen=True)
class Doc:
    id: str
    name: str
    stars: int = 0
    other: str = ""


@dataclass(frozen=True)
class Query:
    text: str
    qid: str  # lower-case, trimmed: compared with ids
    words: tuple[str, ...]  # folded
    parts: tuple[tuple[str, str] | None, ...]  # tone parts of each word typed with marks, else None
    prefix: bool  # the last word may still be growing

    def needle(self, i: int) -> str:
        """What a word looks like inside ' padded folded text ': whole, or the start of a word."""
        last = i == len(self.words) - 1
        return " " + self.words[i] + ("" if last and self.prefix else " ")


def parse(text: str) -> Query:
    ws, parts = [], []
    for w in words(text):
        f = fold_word(w)
        if f:
            ws.append(f)
            parts.append(tone_parts(w) if has_marks(w) else None)
    return Query(text, text.strip().lower(), tuple(ws), tuple(parts), ends_in_word(text))


@dataclass
class Prepared:
    """A document with its folded forms, computed once."""

    doc: Doc
    name_f: str  # " ca tram den song da "
    other_f: str
    tones: list[tuple[str, frozenset[str]]] | None = field(default=None)

    @classmethod
    def of(cls, doc: Doc) -> Prepared:
        return cls(doc, " " + fold(doc.name) + " ", " " + fold(doc.other) + " ")

    def tone_words(self) -> list[tuple[str, frozenset[str]]]:
        if self.tones is None:
            self.tones = [tone_marks(w) for w in words(self.doc.name + " " + self.doc.other) if fold_word(w)]
        return self.tones


def id_tier(q: Query, doc_id: str) -> int:
    lid = doc_id.lower()
    if q.qid and lid == q.qid:
        return 0
    if _bare_id(q.qid) and lid.replace("-", "") == q.qid:
        return 0
    if "-" in q.qid and " " not in q.qid and re.search("[0-9]", q.qid) and lid.startswith(q.qid):
        return 1
    return 2


def _bare_id(qid: str) -> bool:
    """Could ``qid`` be an id typed without its dashes ("hn001")? One word, with a digit, no dash."""
    return bool(qid) and "-" not in qid and " " not in qid and re.search("[0-9]", qid) is not None


def phrase_tier(q: Query, name_f: str) -> int:
    needles = [q.needle(i) for i in range(len(q.words))]
    if name_f == " " + " ".join(q.words) + " ":
        return 0
    phrase = " " + " ".join(q.words) + ("" if q.prefix else " ")
    if name_f.startswith(phrase):
        return 1
    if phrase in name_f:
        return 2
    pos = 0
    for n in needles:
        i = name_f.find(n, pos)
        if i < 0:
            return 4
        pos = i + len(n) - 1  # the next needle starts with this one's closing space
    return 3


def accent_score(q: Query, p: Prepared) -> int:
    n = 0
    last = len(q.words) - 1
    for i, qp in enumerate(q.parts):
        if qp is None:
            continue
        ql, qt = qp
        grow = i == last and q.prefix
        for dl, dts in p.tone_words():
            tone_ok = dts == {qt} if qt else (grow or not dts)
            if tone_ok and (dl.startswith(ql) if grow else dl == ql):
                n += 1
                break
    return n


def sort_key(q: Query, p: Prepared) -> tuple[Any, ...] | None:
    """The document's place for the query, or None when it does not match."""
    tier = id_tier(q, p.doc.id)
    if not q.words and tier == 2:
        return None
    in_name = True
    for i in range(len(q.words)):
        n = q.needle(i)
        if n in p.name_f:
            continue
        in_name = False
        if n not in p.other_f:
            if tier == 2:
                return None
            break
    phrase = phrase_tier(q, p.name_f) if in_name and q.words else 4
    accent = accent_score(q, p) if any(q.parts) else 0
    partial = 1 if q.prefix and q.words and " " + q.words[-1] + " " not in p.name_f else 0
    return (tier, 0 if in_name else 1, phrase, -accent, partial, -p.doc.stars, p.name_f, p.doc.name, p.doc.id)


def rank(query: str, docs: Iterable[Doc | Prepared | dict[str, Any]]) -> list[str]:
    """Ids of the documents matching ``query``, best first."""
    q = parse(query)
    keyed = []
    for d in docs:
        if isinstance(d, dict):
            d = Doc(d["id"], d["name"], int(d.get("stars", 0)), d.get("other", ""))
        p = d if isinstance(d, Prepared) else Prepared.of(d)
        k = sort_key(q, p)
        if k is not None:
            keyed.append((k, p.doc.id))
    keyed.sort()
    return [i for _, i in keyed]


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def product_docs(cat: Catalogue) -> list[Doc]:
    """The products as the browser sees them in the index (for ranking in Python)."""
    return [Doc(p.id, _clean(p.name), p.stars, p.province.short_name) for p in cat.products]
