"""Site search: the compact folded index the browser scans.

Why not lunr or Pagefind: content/cach-tim-kiem.md has the measurements. In short, at 20,000
products lunr's prebuilt index of the names alone is 0.58 MB gzip, and Pagefind's first
query fetches 0.2–0.24 MB but ranks by its own rules (no exact-accent tier, no phrase tier,
no star tie-break) and cannot be run in Python; this index is 0.23 MB gzip, answers
every later keystroke without the network, and is ranked by one rule written twice (here
and in ``theme/assets/search.js``) and tested with shared vectors.

Files, content-hashed under ``assets/`` (but for the pointer):

- ``search-index.txt``: line 1 is a JSON header (counts, provinces, groups, shard size and
  the shards' hashes); then one line per product ``<id>\\t<name>\\t<code>``, one per producer
  ``<id>\\t<name>\\t<province>``, one per narrative heading ``<url>\\t<heading>\\t<page title>``.
  Ids and urls are front-coded against the previous line's (first character: shared prefix
  length, base 36). ``code`` is stars, status, group and province as one character each.
- ``search-s<n>.txt``: what only shown results need, for ``SHARD`` products at a time:
  ``<producer position>\\t<thumbnail>`` per line. A result list fetches the few shards it shows.
- ``tim-kiem/index.json`` (``POINTER``, not hashed): names the current index. Pages name this file,
  not the index, so that a change to one record changes only its own pages and the national ones;
  the browser revalidates it (a ``304`` when nothing changed) and keeps the hashed files for good.

The ranking the browser applies is in ``ocop/domain/ranking.py`` (the same rule as search.js).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..domain.model import ALL_GROUPS, STATUS_LABELS, Catalogue
from .photos import Derived

SHARD = 64  # products per detail shard: 8 shown results fetch at most 8 files of ~1 KB
POINTER = "tim-kiem/index.json"  # fixed name: {"index": "assets/search-index.<hash>.txt"}
STATUSES = tuple(STATUS_LABELS)  # valid, expiring, expired, withdrawn
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


# --- narrative pages ---------------------------------------------------------------------------

EXCLUDE_META = "ocop:search"


class _Headings(HTMLParser):
    """Headings (h1–h3) inside Material's article, without the ¶ permalinks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.current: list[str] | None = None
        self.current_id = ""
        self.skip = 0
        self.found: list[tuple[str, str, str]] = []  # (tag, id, text)
        self.title = ""
        self._in_title = False
        self.excluded = False  # <meta name="ocop:search" content="exclude">: a maintainers' page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        if tag == "meta" and a.get("name") == EXCLUDE_META and a.get("content") == "exclude":
            self.excluded = True
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in ("h1", "h2", "h3"):
            self.current, self.current_id = [], a.get("id") or ""
        elif self.current is not None and tag == "a" and "headerlink" in (a.get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "article":
            self.depth -= 1
        elif self.current is not None and tag in ("h1", "h2", "h3"):
            text = " ".join("".join(self.current).split())
            if text:
                self.found.append((tag, self.current_id, text))
            self.current = None
        elif self.skip and tag == "a":
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self.current is not None and not self.skip:
            self.current.append(data)


@dataclass(frozen=True)
class Heading:
    url: str  # "gioi-thieu/" or "gioi-thieu/#muc"
    text: str
    page: str  # the page's title


def read_pages(out: Path, paths: Iterable[str]) -> list[Heading]:
    """Titles and headings of the shoppers' narrative pages MkDocs wrote, in path order.

    A page for maintainers (in a section of mkdocs.yml's nav) says so in a meta tag that
    theme/overrides/main.html writes: its headings are not what a shopper searches for."""
    found = []
    for path in sorted(paths):
        f = out / path
        if not f.is_file():
            continue
        parser = _Headings()
        parser.feed(f.read_text(encoding="utf-8", errors="replace"))
        if not parser.found or parser.excluded:
            continue
        url = path.removesuffix("index.html")
        h1 = [t for tag, _, t in parser.found if tag == "h1"]
        title = h1[0] if h1 else parser.title.split(" - ")[0].strip()
        found.append(Heading(url, title, ""))
        for tag, hid, text in parser.found:
            if tag != "h1" and hid:
                found.append(Heading(f"{url}#{hid}", text, title))
    return found


_PLACEHOLDER = re.compile(rb'(data-ocop-[a-z]+=")([^"]*?)ocop-asset:([A-Za-z0-9_.-]+)"')


def link_pages(out: Path, paths: Iterable[str], assets: dict[str, str]) -> None:
    """Put the hashed asset names into the narrative pages' search box (written before the assets)."""

    def sub(m: re.Match[bytes]) -> bytes:
        name = m.group(3).decode()
        return m.group(1) + m.group(2) + assets.get(name, name).encode() + b'"'

    for path in [*paths, "404.html"]:
        f = out / path
        if not f.is_file():
            continue
        data = f.read_bytes()
        if b"ocop-asset:" in data:
            f.write_bytes(_PLACEHOLDER.sub(sub, data))


# --- index files -----------------------------------------------------------------------------


def unfront(coded: Iterable[str]) -> list[str]:
    """The inverse of ``_front`` (search.js does the same when it reads the index)."""
    out, prev = [], ""
    for c in coded:
        prev = prev[: B36.index(c[0])] + c[1:]
        out.append(prev)
    return out


def _front(ids: Sequence[str]) -> list[str]:
    """Front coding: each id as (shared prefix length with the previous one, base 36) + the rest."""
    out, prev = [], ""
    for i in ids:
        k = 0
        limit = min(len(i), len(prev), len(B36) - 1)
        while k < limit and i[k] == prev[k]:
            k += 1
        out.append(B36[k] + i[k:])
        prev = i
    return out


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def _b36(i: int, what: str) -> str:
    if i >= len(B36):
        raise ValueError(f"search index: more than {len(B36)} {what}")
    return B36[i]


def index_files(
    cat: Catalogue,
    images: dict[str, Derived],
    pages: Sequence[Heading],
    hashed_name: Callable[[str, bytes], str],
) -> dict[str, bytes]:
    """The search files, by logical name, to be written as content-hashed assets."""
    provinces = [pv for pv, _ in cat.provinces()]
    for pr in cat.producers:
        if pr.province not in provinces:
            provinces.append(pr.province)
    prov_i = {pv.slug: i for i, pv in enumerate(provinces)}
    group_i = {g.key: i for i, g in enumerate(ALL_GROUPS)}
    producer_i = {pr.id: i for i, pr in enumerate(cat.producers)}

    files: dict[str, bytes] = {}
    hashes = []
    for n, start in enumerate(range(0, len(cat.products), SHARD)):
        lines = []
        for p in cat.products[start : start + SHARD]:
            thumb = images.get(str(p.images[0])) if p.images else None
            lines.append(f"{producer_i[p.producer_id]}\t{thumb.variants[0].webp if thumb else ''}")
        data = ("\n".join(lines) + "\n").encode()
        name = f"search-s{n}.txt"
        files[name] = data
        hashes.append(hashed_name(name, data).rsplit(".", 2)[1])

    header = {
        "v": 1,
        "counts": [len(cat.products), len(cat.producers), len(pages)],
        "provinces": [[pv.slug, pv.short_name] for pv in provinces],
        "groups": [[g.key, g.label] for g in ALL_GROUPS],
        "statuses": [[s, STATUS_LABELS[s][0]] for s in STATUSES],
        "shard": SHARD,
        "shards": "".join(hashes),
    }
    lines = [json.dumps(header, ensure_ascii=False, separators=(",", ":"))]
    for fid, p in zip(_front([p.id for p in cat.products]), cat.products, strict=True):
        code = (
            str(p.stars)
            + str(STATUSES.index(p.status))
            + _b36(group_i[p.group.key], "groups")
            + _b36(prov_i[p.province.slug], "provinces")
        )
        lines.append(f"{fid}\t{_clean(p.name)}\t{code}")
    for fid, pr in zip(_front([pr.id for pr in cat.producers]), cat.producers, strict=True):
        lines.append(f"{fid}\t{_clean(pr.name)}\t{_b36(prov_i[pr.province.slug], 'provinces')}")
    for fid, h in zip(_front([h.url for h in pages]), pages, strict=True):
        lines.append(f"{fid}\t{_clean(h.text)}\t{_clean(h.page)}")
    files["search-index.txt"] = ("\n".join(lines) + "\n").encode()
    return files


def pointer(assets: dict[str, str]) -> bytes:
    """The one search file with a fixed name (``POINTER``), revalidated on each use.

    Every page would change with every record if it named the hashed index itself (and a change
    must stay in its province's pages), so pages name this file, which names the index.
    """
    return (json.dumps({"index": assets["search-index.txt"]}) + "\n").encode()
