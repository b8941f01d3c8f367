"""Search: ranking in Python, the index files, and the real search box in headless Chromium.

The browser tests type into the real pages with the keyboard, as a user does; the ranking
vectors in tests/fold-vectors.json run through both ocop/search.py and search.js.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
from conftest import PRODUCT, REPO, TODAY, QuietHandler, StaticServer, mkdocs_build, write_catalogue

from ocop.build import search
from ocop.build.catalogue import load_catalogue
from ocop.domain.fold import fold, tone_key
from ocop.domain.ranking import Doc, Prepared, product_docs, rank

DATA = json.loads((REPO / "tests" / "fold-vectors.json").read_text(encoding="utf-8"))
PHONE = {"width": 360, "height": 740}
BOX = "form.search input[name=q]"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(REPO / "products", dt.date.fromisoformat(TODAY))


# --- ranking, in Python ------------------------------------------------------------------------


@pytest.mark.parametrize("case", DATA["ranking"], ids=[repr(c["query"]) for c in DATA["ranking"]])
def test_ranking_vectors_in_python(case) -> None:
    assert rank(case["query"], DATA["docs"]) == case["expected"], case["note"]


def browse_order(docs) -> list[str]:
    """With no words typed (the all-products page, filters alone): ranking's own tie-break."""
    prepared = [d if isinstance(d, Prepared) else Prepared.of(Doc(**d) if isinstance(d, dict) else d) for d in docs]
    return [p.doc.id for p in sorted(prepared, key=lambda p: (-p.doc.stars, p.name_f, p.doc.name, p.doc.id))]


def test_order_vector_in_python() -> None:
    assert browse_order(DATA["docs"]) == DATA["order"]["expected"], DATA["order"]["note"]


def test_ha_noi_ranks_above_ha_giang() -> None:
    docs = [
        Doc("a", "Mật ong Hà Giang Nội Mông", 5),
        Doc("b", "Bánh cốm Hà Nội", 3),
        Doc("c", "Hà Giang nội địa", 5),
    ]
    assert rank("Hà Nội", docs) == ["b", "c", "a"]
    assert rank("ha noi", docs) == ["b", "c", "a"]


def test_exact_accent_first_then_stars_then_name() -> None:
    docs = [Doc("1", "Cà phê", 5), Doc("2", "Cá kho", 3), Doc("3", "Cá bống", 3), Doc("4", "Ca dao", 4)]
    assert rank("cá", docs) == ["3", "2", "1", "4"]  # exact accent (name breaks the tie), then the rest by stars
    assert rank("ca", docs) == ["1", "4", "3", "2"]  # no marks typed: stars, then name


def test_every_sample_product_is_first_when_its_name_is_typed_without_diacritics(cat) -> None:
    docs = [Prepared.of(d) for d in product_docs(cat)]
    by_id = {p.id: p for p in cat.products}
    for p in cat.products:
        for typed in (fold(p.name), p.name, p.name.upper()):
            first = by_id[rank(typed, docs)[0]]
            # Two products whose names differ only by tone placement (Hoà / Hòa) are the same words:
            # either may be first, and the other is second.
            assert first.id == p.id or tone_key(first.name) == tone_key(p.name), (typed, first.name)


def test_a_product_id_is_found_first(cat) -> None:
    docs = [Prepared.of(d) for d in product_docs(cat)]
    for p in cat.products[:10]:
        assert rank(p.id.upper(), docs)[0] == p.id


# --- the files ---------------------------------------------------------------------------------


def test_index_files_are_hashed_and_complete(sample_site: Path, cat) -> None:
    assets = sample_site / "assets"
    [index] = assets.glob("search-index.*.txt")
    lines = index.read_text(encoding="utf-8").split("\n")
    header = json.loads(lines[0])
    n_products, n_producers, n_pages = header["counts"]
    assert (n_products, n_producers) == (len(cat.products), len(cat.producers))
    assert n_pages >= 4  # the narrative pages' titles and headings
    assert len(lines) == 1 + n_products + n_producers + n_pages + 1  # and the final newline
    shards = -(-n_products // header["shard"])
    assert len(header["shards"]) == 10 * shards
    for n in range(shards):
        digest = header["shards"][n * 10 : n * 10 + 10]
        assert (assets / f"search-s{n}.{digest}.txt").is_file()
    assert len(list(assets.glob("search.*.js"))) == 1
    products = search.unfront(line.split("\t")[0] for line in lines[1 : 1 + n_products])
    assert products == [p.id for p in cat.products]
    pages = search.unfront(line.split("\t")[0] for line in lines[1 + n_products + n_producers : -1])
    assert "gioi-thieu/" in pages
    assert any(url.startswith("gioi-thieu/#") for url in pages)


def test_narrative_pages_point_at_the_hashed_files(sample_site: Path) -> None:
    page = (sample_site / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert "ocop-asset:" not in page
    js = re.search(r'data-ocop-js="\.\./(assets/search\.[0-9a-f]{10}\.js)"', page)
    assert js and (sample_site / js.group(1)).is_file()
    # Pages name the fixed pointer, which names the hashed index: a record's change leaves them alone.
    assert 'data-ocop-index="../tim-kiem/index.json"' in page
    pointed = json.loads((sample_site / "tim-kiem" / "index.json").read_text())["index"]
    assert re.fullmatch(r"assets/search-index\.[0-9a-f]{10}\.txt", pointed) and (sample_site / pointed).is_file()
    product = (sample_site / "p" / "hn-001" / "index.html").read_text(encoding="utf-8")
    assert 'data-ocop-index="../../tim-kiem/index.json"' in product and "search-index." not in product
    assert 'action="../tim-kiem/"' in page
    # search.js itself is not loaded by the page: only the loader is there.
    assert '<script src="../assets/search.' not in page


def test_read_pages_takes_titles_and_headings_without_permalinks(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        "<html><head><title>Trang A - Site</title></head><body><nav><h2>Menu</h2></nav><article>"
        '<h1 id="a">Trang A</h1><h2 id="muc-1">Mục một<a class="headerlink" href="#muc-1">¶</a></h2>'
        '<h3 id="x">Chi &amp; tiết</h3><h4 id="y">Bỏ qua</h4></article></body></html>',
        encoding="utf-8",
    )
    found = search.read_pages(tmp_path, ["a/index.html", "missing/index.html"])
    assert [(h.url, h.text, h.page) for h in found] == [
        ("a/", "Trang A", ""),
        ("a/#muc-1", "Mục một", "Trang A"),
        ("a/#x", "Chi & tiết", "Trang A"),
    ]


# --- in the browser ------------------------------------------------------------------------------


@dataclass
class Log:
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def search_files(self) -> list[str]:
        return [u for u in self.requests if re.search(r"/assets/search[.-]", u)]


@contextmanager
def opened(browser, url: str, *, javascript: bool = True, viewport=PHONE) -> Iterator[tuple[object, Log]]:
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    log = Log()
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    page.on("request", lambda r: log.requests.append(r.url))

    def route(r):
        if urlparse(r.request.url).hostname != "127.0.0.1":
            log.foreign.append(r.request.url)
            return r.abort()
        return r.continue_()

    page.route("**/*", route)
    try:
        page.goto(url, wait_until="networkidle")
        yield page, log
        assert log.errors == []
        assert log.foreign == []
    finally:
        context.close()


def type_in(page, text: str, selector: str = BOX) -> None:
    """Click the box, clear it with the keyboard and type the text."""
    box = page.locator(selector).first
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(text)


def suggestions(page, text: str) -> list[tuple[str, str]]:
    """(name, link) of the dropdown's options once it shows the results for ``text``."""
    page.wait_for_function(
        "q => [...document.querySelectorAll('.ocop-sx')].some(b => !b.hidden && b.getAttribute('data-q') === q)",
        arg=text,
    )
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('.ocop-sx:not([hidden]) a[role=option]')]
                 .map(a => [(a.querySelector('b') || a).textContent, a.getAttribute('href')])"""
    )
    return [tuple(p) for p in pairs]


def product_names(page, text: str) -> list[str]:
    return [n for n, href in suggestions(page, text) if "/p/" in href]


def test_ranking_vectors_in_the_browser(browser, sample_server) -> None:
    with opened(browser, sample_server.url + "tim-kiem/") as (page, _):
        got = page.evaluate("d => d.ranking.map(c => OcopSearch.rank(c.query, d.docs))", DATA)
        assert got == [c["expected"] for c in DATA["ranking"]]
        assert page.evaluate("d => OcopSearch.order(d.docs)", DATA) == DATA["order"]["expected"]
        # Folding many lines at once (how the index is read) gives exactly fold() of each line.
        names = [p.name for p in load_catalogue(REPO / "products", dt.date.fromisoformat(TODAY)).products]
        same = page.evaluate(
            "ns => { const f = OcopSearch.foldLines(ns.join('\\n')); return ns.every((n, i) => f[i] === ' ' + OcopSearch.fold(n) + ' ') }",
            names,
        )
        assert same


def test_narrowing_as_the_user_types_gives_the_same_results_as_a_full_search(browser, sample_server) -> None:
    # search.js looks only at the previous keystroke's matches when the text grew: check that
    # it never loses a result, against a fresh full search for every prefix.
    typed = ["mat ong rung", "hoà an", "ca phe ", "hn-001", "HN-00", "du lich", "ocop la gi", "đường", "xyz"]
    with opened(browser, sample_server.url + "tim-kiem/") as (page, _):
        diffs = page.evaluate(
            """async (typed) => {
              const url = document.getElementById('search-page').getAttribute('data-ocop-index');
              const text = await (await fetch(url)).text();
              const a = OcopSearch.load(text, ''), b = OcopSearch.load(text, '');
              const ids = (r) => [r.products, r.producers, r.pages].map(x => x.count + ':' + x.top.map(d => d.id).join(','));
              const diffs = [];
              for (const t of typed) for (let i = 1; i <= t.length; i++) {
                const x = ids(OcopSearch.search(a, t.slice(0, i), null, [1000, 1000, 1000]));
                b.prev = null;
                const y = ids(OcopSearch.search(b, t.slice(0, i), null, [1000, 1000, 1000]));
                if (JSON.stringify(x) !== JSON.stringify(y)) diffs.push([t.slice(0, i), x, y]);
              }
              return diffs;
            }""",
            typed,
        )
        assert diffs == []


def test_product_page_loads_search_only_when_the_box_is_used(browser, sample_server, cat) -> None:
    p = cat.products[0]
    with opened(browser, f"{sample_server.url}p/{p.id}/") as (page, log):
        assert log.search_files() == []
        with page.expect_request(lambda r: "/assets/search-index." in r.url):
            page.locator(BOX).focus()
        assert any("/tim-kiem/index.json" in u for u in log.requests)


def test_unaccented_query_and_d_typed_as_d(browser, sample_server, cat) -> None:
    accented = [p for p in cat.products if fold(p.name) != p.name.lower()]
    with_d = [p for p in cat.products if "đ" in p.name.lower()]
    assert with_d, "the sample has names with đ"
    with opened(browser, f"{sample_server.url}p/{cat.products[-1].id}/") as (page, _):
        for p in [accented[0], with_d[0], with_d[-1]]:
            typed = fold(p.name)
            type_in(page, typed)
            first = product_names(page, typed)[0]
            assert first == p.name or tone_key(first) == tone_key(p.name), (typed, first)
        # Two words of a name, without marks and with đ typed as d:
        p = with_d[0]
        folded = fold(p.name).split()
        marked = [w for w in p.name.lower().split() if w]
        i = next(i for i, w in enumerate(marked) if "đ" in w)
        typed = " ".join(folded[i : i + 2])
        assert typed.startswith("d")
        type_in(page, typed)
        assert p.name in product_names(page, typed)


def test_both_tone_placements_find_the_same(browser, sample_server, cat) -> None:
    # The sample has "Gạo thơm Hoà An" and "Gạo thơm Hòa An": the same words, two placements.
    pairs = [(a, b) for a in cat.products for b in cat.products if a.id < b.id and a.name != b.name]
    pair = next((a, b) for a, b in pairs if tone_key(a.name) == tone_key(b.name))
    with opened(browser, sample_server.url + "gioi-thieu/") as (page, _):
        results = {}
        for typed in ("hoà an", "hòa an", "HOÀ AN", "hoa an"):
            type_in(page, typed)
            results[typed] = product_names(page, typed)[:2]
        assert sorted(results["hoà an"]) == sorted([pair[0].name, pair[1].name])
        assert results["hoà an"] == results["hòa an"] == results["HOÀ AN"]
        assert sorted(results["hoa an"]) == sorted(results["hoà an"])
        # And a name written with the new placement, typed with the old one:
        type_in(page, "chiếu thuỷ")
        assert product_names(page, "chiếu thuỷ")[0] == "Bonsai mai chiếu thủy Chợ Lách"


def test_an_id_goes_straight_to_the_product(browser, sample_server, cat) -> None:
    target = cat.products[1]
    with opened(browser, f"{sample_server.url}p/{cat.products[0].id}/") as (page, _):
        type_in(page, target.id.upper())
        first = suggestions(page, target.id.upper())[0]
        assert first == (target.name, f"../../p/{target.id}/")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/p/{target.id}/")
    with opened(browser, f"{sample_server.url}tim-kiem/?q={target.id}") as (page, _):
        page.wait_for_url(f"**/p/{target.id}/")
        assert page.locator("h1").inner_text().strip() == target.name


def test_producers_and_narrative_pages_are_found(browser, sample_server, cat) -> None:
    producer = cat.producers[0]
    with opened(browser, sample_server.url + "sao/5/") as (page, _):
        typed = fold(producer.name)
        type_in(page, typed)
        assert (producer.name, f"../../chu-the/{producer.id}/") in suggestions(page, typed)
        type_in(page, "ocop la gi")
        assert ("OCOP là gì?", "../../gioi-thieu/#ocop-la-gi") in suggestions(page, "ocop la gi")


def test_results_update_as_the_user_types(browser, sample_server) -> None:
    with opened(browser, sample_server.url + "tim-kiem/") as (page, _):
        page.wait_for_function("() => document.getElementById('search-status').textContent.indexOf('Nhập') === 0")
        box = page.locator("#search-q")
        box.click()
        seen = []
        for ch in "mat ong rung":
            page.keyboard.type(ch)
            seen.append(
                page.evaluate(
                    "() => document.getElementById('search-status').textContent + '|' + "
                    "[...document.querySelectorAll('#search-results .card > a')].map(a => a.textContent).join(',')"
                )
            )
        assert len(set(seen)) >= 4, seen
        assert seen[-1].split("|")[1].startswith("Mật ong rừng tràm U Minh")
        assert parse_qs(urlparse(page.url).query) == {"q": ["mat ong rung"]}
    with opened(browser, sample_server.url + "sao/4/") as (page, _):
        shown = []
        for typed in ("c", "ca", "ca p", "ca ph", "ca phe"):
            type_in(page, typed)
            shown.append(tuple(product_names(page, typed)))
        assert len(set(shown)) >= 3, shown
        assert shown[-1] and all("cà phê" in n.lower() for n in shown[-1])


def test_search_page_round_trips_q_and_filters_through_the_url(browser, sample_server, cat) -> None:
    honey = [p for p in cat.products if "mat ong" in fold(p.name)]
    assert len({p.province.slug for p in honey}) > 1
    with opened(browser, sample_server.url + "tim-kiem/?q=mat%20ong") as (page, _):
        assert page.locator("#search-q").input_value() == "mat ong"
        page.wait_for_function(f"() => document.querySelectorAll('#search-results .card').length === {len(honey)}")
        page.locator("#search-q").click()
        page.keyboard.press("End")
        page.keyboard.type(" rung")
        page.wait_for_function("() => location.search === '?q=mat+ong+rung'")
        page.reload(wait_until="networkidle")
        assert page.locator("#search-q").input_value() == "mat ong rung"
        first = page.locator("#search-results .card > a").first
        assert first.inner_text() == "Mật ong rừng tràm U Minh"
        assert first.get_attribute("href") == "../p/cm-001/"


def test_search_page_filters(browser, sample_server, cat) -> None:
    honey = [p for p in cat.products if "mat ong" in fold(p.name)]
    province = honey[0].province
    with opened(browser, sample_server.url + "tim-kiem/?q=mat+ong") as (page, _):

        def shown() -> list[str]:
            return page.locator("#search-results .card > a").all_inner_texts()

        page.wait_for_function("() => document.querySelectorAll('#search-results .card').length > 0")
        assert sorted(shown()) == sorted(p.name for p in honey)
        page.select_option("select[name=tinh]", province.slug)
        page.wait_for_function("s => location.search.indexOf('tinh=' + s) >= 0", arg=province.slug)
        assert sorted(shown()) == sorted(p.name for p in honey if p.province == province)
        page.select_option("select[name=tinh]", "")
        page.select_option("select[name=sao]", "5")
        page.wait_for_function("() => location.search.indexOf('sao=5') >= 0")
        assert sorted(shown()) == sorted(p.name for p in honey if p.stars == 5)
        page.select_option("select[name=sao]", "")
        page.locator("input[name=hieuluc]").check()
        page.wait_for_function("() => location.search.indexOf('hieuluc=1') >= 0")
        valid = sorted(p.name for p in honey if p.status in ("valid", "expiring"))
        assert len(valid) < len(honey), "the sample has a withdrawn or expired honey"
        assert sorted(shown()) == valid
        # Filters alone, no words: every product of the province, and they survive a reload.
        type_in(page, "", "#search-q")
        page.select_option("select[name=tinh]", province.slug)
        page.reload(wait_until="networkidle")
        assert page.locator("select[name=tinh]").input_value() == province.slug
        assert page.locator("input[name=hieuluc]").is_checked()
        expected = [p for p in cat.products if p.province == province and p.status in ("valid", "expiring")]
        page.wait_for_function(f"() => document.querySelectorAll('#search-results .card').length === {len(expected)}")


def test_no_results_say_so_and_offer_the_browse_pages(browser, sample_server) -> None:
    with opened(browser, sample_server.url + "tim-kiem/?q=xyzxyz") as (page, _):
        page.wait_for_function(
            "() => document.getElementById('search-status').textContent.indexOf('Không tìm thấy') === 0"
        )
        browse = page.locator("#search-browse")
        assert browse.is_visible()
        hrefs = browse.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert any(h.startswith("../tinh/") for h in hrefs)
        assert any(h.startswith("../nhom/") for h in hrefs)
        assert "../sao/5/" in hrefs
    with opened(browser, sample_server.url + "gioi-thieu/") as (page, _):
        type_in(page, "xyzxyz")
        options = suggestions(page, "xyzxyz")
        assert page.locator(".ocop-sx-note").first.inner_text().startswith("Không tìm thấy")
        assert options == [("Xem theo tỉnh, nhóm sản phẩm, hạng sao", "../tim-kiem/?q=xyzxyz")]


def test_without_javascript_the_search_page_explains_and_links(browser, sample_server, cat) -> None:
    with opened(browser, f"{sample_server.url}p/{cat.products[0].id}/", javascript=False) as (page, log):
        page.locator(BOX).click()
        page.keyboard.type("ca phe")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda u: u.endswith("/tim-kiem/?q=ca+phe"))
        body = page.locator("main").inner_text()
        assert "cần JavaScript" in body
        for href in ("../tinh/", "../nhom/", "../sao/"):
            assert page.locator(f"main a[href^='{href}']").count() >= 1
        assert log.search_files() == []


def test_a_few_products_are_first_in_the_browser_too(browser, sample_server, cat) -> None:
    picks = [p for p in cat.products if fold(p.name) != p.name.lower()][::7][:8]
    with opened(browser, sample_server.url + "san-pham/") as (page, _):
        for p in picks:
            typed = fold(p.name)
            type_in(page, typed)
            first = product_names(page, typed)[0]
            assert first == p.name or tone_key(first) == tone_key(p.name), (typed, first)


# --- the all-products page: the same client, over the same index --------------------------------

ALL = "#all-results"
PER_PAGE = 60  # search.js's page size there, the server's first cards (ALL_PAGE_FIRST)


def all_ready(page, text: str = "") -> None:
    """The all-products list shows the results for ``text`` (search.js marks the list)."""
    page.wait_for_function("q => document.getElementById('all-results').getAttribute('data-q') === q", arg=text)


def shown_ids(page, selector: str = ALL) -> list[str]:
    return page.locator(f"{selector} .card > a").evaluate_all(
        "as => as.map(a => a.getAttribute('href').split('/').slice(-2)[0])"
    )


def expected(cat, text: str = "", keep=lambda p: True) -> list[str]:
    """What the page must list: Python's ranking over the products the filters keep."""
    docs = {d.id: d for d in product_docs(cat)}
    kept = [docs[p.id] for p in cat.products if keep(p)]
    return rank(text, kept) if fold(text) else browse_order(kept)


def no_old_list(log: Log) -> None:
    old = [u for u in log.requests if re.search(r"/assets/(products\.[0-9a-f]+\.json|list\.[0-9a-f]+\.js)$", u)]
    assert old == []


def shards_fetched(log: Log) -> set[int]:
    return {int(m.group(1)) for u in log.requests if (m := re.search(r"/assets/search-s(\d+)\.", u))}


def shards_of(cat, ids) -> set[int]:
    position = {p.id: i for i, p in enumerate(cat.products)}
    return {position[i] // search.SHARD for i in ids}


def test_all_products_page_lists_the_catalogue_from_the_search_index(browser, sample_server, sample_site, cat) -> None:
    order = expected(cat)
    assert len(order) > PER_PAGE, "the sample has more products than one page"
    html = (sample_site / "san-pham" / "index.html").read_text(encoding="utf-8")
    served = re.findall(r'<a href="\.\./p/([a-z0-9-]+)/">', html[html.index('id="all-results"') :])
    assert len(served) == PER_PAGE
    with opened(browser, sample_server.url + "san-pham/") as (page, log):
        all_ready(page)
        page.wait_for_load_state("networkidle")
        no_old_list(log)
        assert any("/assets/search-index." in u for u in log.requests)
        # The page names the hashed index, and the header box shares it: no pointer to revalidate.
        assert not any("/tim-kiem/index.json" in u for u in log.requests)
        assert page.locator("#all-status").inner_text() == f"{len(cat.products)} sản phẩm"
        assert shown_ids(page) == order[:PER_PAGE]
        page.wait_for_function(f"() => document.querySelectorAll('#all-results .card img').length === {PER_PAGE}")
        page.wait_for_load_state("networkidle")
        # Shards only for the cards shown, and none when they are the server's own first cards.
        assert shards_fetched(log) <= shards_of(cat, order[:PER_PAGE])
        if served == order[:PER_PAGE]:
            assert shards_fetched(log) == set()
        more = page.locator("#all-more")
        assert more.is_visible() and more.inner_text() == "Xem thêm"
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('#all-results .card').length === {len(order)}")
        assert shown_ids(page) == order
        assert more.is_hidden()
        page.wait_for_function(f"() => document.querySelectorAll('#all-results .card img').length === {len(order)}")
        page.wait_for_load_state("networkidle")
        assert shards_fetched(log) <= shards_of(cat, order)
        assert urlparse(page.url).query == ""
        no_old_list(log)


def test_all_products_filters(browser, sample_server, cat) -> None:
    by_id = {p.id: p for p in cat.products}
    provinces = sorted({p.province for p in cat.products}, key=lambda pv: pv.slug)
    province = max(provinces, key=lambda pv: sum(p.province == pv for p in cat.products))
    groups = sorted({p.group for p in cat.products}, key=lambda g: g.key)
    group = max(groups, key=lambda g: sum(p.group == g for p in cat.products))
    seen: list[str] = []

    def check(keep, text: str = "") -> None:
        want = expected(cat, text, keep)
        all_ready(page, text)
        page.wait_for_function(
            "ids => [...document.querySelectorAll('#all-results .card > a')].map(a => a.getAttribute('href')).join() === ids",
            arg=",".join(f"../p/{i}/" for i in want[:PER_PAGE]),
        )
        status = page.locator("#all-status").inner_text()
        assert status.startswith(f"{len(want)} sản phẩm" if want else "Không tìm thấy"), status
        seen.extend(want[:PER_PAGE])

    with opened(browser, sample_server.url + "san-pham/") as (page, log):
        all_ready(page)
        page.select_option("select[name=tinh]", province.slug)
        page.wait_for_function("s => location.search === '?tinh=' + s", arg=province.slug)
        check(lambda p: p.province == province)
        page.select_option("select[name=tinh]", "")
        page.select_option("select[name=sao]", "5")
        page.wait_for_function("() => location.search === '?sao=5'")
        check(lambda p: p.stars == 5)
        page.select_option("select[name=sao]", "")
        page.select_option("select[name=nhom]", group.key)
        page.wait_for_function("k => location.search === '?nhom=' + k", arg=group.key)
        check(lambda p: p.group == group)
        page.select_option("select[name=nhom]", "")
        page.locator("input[name=hieuluc]").check()
        page.wait_for_function("() => location.search === '?hieuluc=1'")
        valid = lambda p: p.status in ("valid", "expiring")  # noqa: E731
        assert sum(map(valid, cat.products)) < len(cat.products), "the sample has expired or withdrawn products"
        check(valid)
        # Words and filters together: ranked as the search page ranks them, among what the filters keep.
        page.locator("input[name=hieuluc]").uncheck()
        type_in(page, "mat ong", "#all-q")
        check(lambda p: True, "mat ong")
        assert len({by_id[i].stars for i in expected(cat, "mat ong")}) > 1, "honey of several star levels"
        page.select_option("select[name=sao]", "4")
        page.wait_for_function("() => location.search === '?q=mat+ong&sao=4'")
        check(lambda p: p.stars == 4, "mat ong")
        type_in(page, "xyzxyz", "#all-q")
        check(lambda p: p.stars == 4, "xyzxyz")
        assert page.locator("#all-browse").is_visible()
        page.wait_for_timeout(300)
        page.wait_for_load_state("networkidle")
        assert shards_fetched(log) <= shards_of(cat, seen)
        no_old_list(log)


def test_all_products_text_is_ranked_as_the_search_page_ranks_it(browser, sample_server, cat) -> None:
    picks = [p for p in cat.products if fold(p.name) != p.name.lower()][::9][:5]
    queries = ["mat ong", "ca phe", "hoà an", "tra", "HN-00", *[fold(p.name) for p in picks]]
    got: dict[str, list[str]] = {}
    with opened(browser, sample_server.url + "san-pham/") as (page, log):
        all_ready(page)
        for typed in queries:
            type_in(page, typed, "#all-q")
            all_ready(page, typed)
            got[typed] = shown_ids(page)
            assert got[typed] == expected(cat, typed)[:PER_PAGE], typed
        for p in picks:
            first = next(q for q in cat.products if q.id == got[fold(p.name)][0])
            assert first.id == p.id or tone_key(first.name) == tone_key(p.name)
        no_old_list(log)
    # The search page lists the same products in the same order (24 at a time).
    for typed in queries[:4]:
        with opened(browser, sample_server.url + "tim-kiem/?q=" + quote(typed)) as (page, _):
            page.wait_for_function("() => document.getElementById('search-results').getAttribute('data-q') !== null")
            assert shown_ids(page, "#search-results") == got[typed][:24], typed


def test_all_products_round_trips_q_and_filters_through_the_url(browser, sample_server, cat) -> None:
    target = next(p for p in cat.products if fold(p.name).startswith("mat ong rung"))
    assert target.status == "valid"
    province = target.province
    url = f"{sample_server.url}san-pham/?q=mat+ong&tinh={province.slug}"
    with opened(browser, url) as (page, log):
        all_ready(page, "mat ong")
        assert page.locator("#all-q").input_value() == "mat ong"
        assert page.locator("select[name=tinh]").input_value() == province.slug
        want = expected(cat, "mat ong", lambda p: p.province == province)
        assert want and shown_ids(page) == want
        page.locator("#all-q").click()
        page.keyboard.press("End")
        page.keyboard.type(" rung")
        page.locator("input[name=hieuluc]").check()
        page.wait_for_function("s => location.search === '?q=mat+ong+rung&tinh=' + s + '&hieuluc=1'", arg=province.slug)
        page.reload(wait_until="networkidle")
        all_ready(page, "mat ong rung")
        assert page.locator("#all-q").input_value() == "mat ong rung"
        assert page.locator("select[name=tinh]").input_value() == province.slug
        assert page.locator("input[name=hieuluc]").is_checked()
        keep = lambda p: p.province == province and p.status in ("valid", "expiring")  # noqa: E731
        assert shown_ids(page) == expected(cat, "mat ong rung", keep) and shown_ids(page)[0] == target.id
        # Back to everything: the address loses its query.
        type_in(page, "", "#all-q")
        page.select_option("select[name=tinh]", "")
        page.locator("input[name=hieuluc]").uncheck()
        page.wait_for_function("() => location.search === ''")
        all_ready(page)
        assert shown_ids(page) == expected(cat)[:PER_PAGE]
        no_old_list(log)


CARD_SHAPE = """li => [li.className, ...[...li.children].map(e => [
  e.tagName.toLowerCase(),
  [...e.attributes].map(a => a.name + '=' + (a.name === 'width' || a.name === 'height' ? '#' : a.value)).sort().join(' '),
  e.textContent])]"""


def test_cards_built_in_the_browser_are_the_servers_cards(browser, sample_server, sample_site, cat) -> None:
    # One card function for both pages; its markup is theme/catalogue/_card.html's (the photo's
    # width and height aside: the index does not carry them, and the CSS boxes every photo 4:3).
    html = (sample_site / "san-pham" / "index.html").read_text(encoding="utf-8")
    served = re.findall(r'<a href="\.\./p/([a-z0-9-]+)/">', html[html.index('id="all-results"') :])
    by_id = {p.id: p for p in cat.products}
    plain = next(i for i in served if by_id[i].status == "valid")
    chips = [i for i in served if by_id[i].status != "valid"]
    assert chips, "the server's first cards include an expired or withdrawn product"
    with opened(browser, sample_server.url + "san-pham/") as (page, _):
        server = page.evaluate(
            f"""async () => {{
              const doc = new DOMParser().parseFromString(await (await fetch(location.pathname)).text(), 'text/html');
              const shape = {CARD_SHAPE};
              return Object.fromEntries([...doc.querySelectorAll('#all-results li')].map(li =>
                [li.querySelector('a').getAttribute('href').split('/').slice(-2)[0], shape(li)]));
            }}"""
        )
        for pid in [plain, *chips]:
            type_in(page, pid, "#all-q")
            all_ready(page, pid)
            assert shown_ids(page)[0] == pid
            page.wait_for_function("() => document.querySelector('#all-results li:first-child img')")
            built = page.locator("#all-results li").first.evaluate(CARD_SHAPE)
            assert built == server[pid], pid
            p = by_id[pid]
            assert built[3] == ["span", "aria-hidden=true class=stars", "★" * p.stars]
            assert built[4] == ["span", "class=vh", f"{p.stars} sao"]
            assert built[5] == ["span", "class=meta", f"{p.province.short_name} · {p.group.label}"]
    for pid in [plain, chips[0]]:
        typed = fold(by_id[pid].name)
        with opened(browser, f"{sample_server.url}tim-kiem/?q={quote(typed)}") as (page, _):
            page.wait_for_function(
                "h => { const a = document.querySelector('#search-results a[href=\"' + h + '\"]');"
                " return a && a.parentNode.querySelector('img') }",
                arg=f"../p/{pid}/",
            )
            built = page.locator(f"#search-results li:has(> a[href='../p/{pid}/'])").evaluate(CARD_SHAPE)
            assert built == server[pid], pid


@pytest.fixture(scope="module")
def fish_server(tmp_path_factory) -> Iterator[StaticServer]:
    """A three-product catalogue with the name the search guide uses: Cá trắm đen sông Đà."""
    root = tmp_path_factory.mktemp("fish")
    products = write_catalogue(root)
    folder = products / "ha-noi" / "san-pham"
    # All three 4 stars (the record's certificate score is a 4-star one): names decide.
    for pid, name in (("hn-001", "Cá trắm đen sông Đà"), ("hn-002", "Cà tím sông Đà"), ("hn-003", "Trà sen Tây Hồ")):
        text = PRODUCT.replace("id: hn-001", f"id: {pid}").replace("name: Chè thử nghiệm", f"name: {name}")
        (folder / f"{pid}.yml").write_text(text, encoding="utf-8")
    site = root / "site"
    result = mkdocs_build(site, products, root / "cache")
    assert result.returncode == 0, result.stderr
    server = StaticServer(site)
    yield server
    server.close()


def test_all_products_finds_a_name_typed_without_diacritics(browser, fish_server) -> None:
    with opened(browser, fish_server.url + "san-pham/") as (page, log):
        all_ready(page)
        assert page.locator(f"{ALL} .card > a").all_inner_texts() == [
            "Cà tím sông Đà",
            "Cá trắm đen sông Đà",
            "Trà sen Tây Hồ",
        ]
        for typed, names in (
            ("ca tram den", ["Cá trắm đen sông Đà"]),
            ("CA TRAM DEN SONG DA", ["Cá trắm đen sông Đà"]),
            ("song da", ["Cà tím sông Đà", "Cá trắm đen sông Đà"]),
            ("cá", ["Cá trắm đen sông Đà", "Cà tím sông Đà"]),
            ("ca tr", ["Cá trắm đen sông Đà"]),
        ):
            type_in(page, typed, "#all-q")
            all_ready(page, typed)
            assert page.locator(f"{ALL} .card > a").all_inner_texts() == names, typed
        assert page.locator("#all-status").inner_text() == "1 sản phẩm cho “ca tr”"
        assert parse_qs(urlparse(page.url).query) == {"q": ["ca tr"]}
        no_old_list(log)


class CachingHandler(QuietHandler):
    """What a static host does for content-hashed files: cache them for a year."""

    hits: list[tuple[str, int]] = []

    def end_headers(self) -> None:
        if self.path.startswith("/assets/"):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        super().end_headers()

    def log_request(self, code: object = "-", size: object = "-") -> None:
        type(self).hits.append((self.path, int(getattr(code, "value", code))))


def test_a_repeat_visit_fetches_no_search_file(browser, sample_site: Path) -> None:
    CachingHandler.hits = []
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(CachingHandler, directory=str(sample_site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    context = browser.new_context()  # no request interception here: it would turn the cache off
    try:
        for visit in (1, 2):
            page = context.new_page()
            page.goto(url + "gioi-thieu/", wait_until="networkidle")
            before = len(CachingHandler.hits)
            type_in(page, "mat ong")
            suggestions(page, "mat ong")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)  # shards load after a pause in typing
            fetched = [(p, code) for p, code in CachingHandler.hits[before:] if p.startswith("/assets/search")]
            pointer = [code for p, code in CachingHandler.hits[before:] if p == "/tim-kiem/index.json"]
            if visit == 1:
                assert any(p.startswith("/assets/search-index.") for p, _ in fetched)
                assert any(p.startswith("/assets/search-s") for p, _ in fetched)
                assert pointer == [200]
            else:
                assert fetched == []
                assert pointer == [304]  # revalidated: nothing new fetched
            page.close()
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
