"""The shopper's navigation and the narrative pages' look (issue 13, items 5, 6 and 11).

- One shopper's header on every page: Products, Search, About OCOP, How to read a page, built from the
  top level of mkdocs.yml's nav; the maintainers' pages sit in one nav section, out of the header and out
  of site search. At 1280 px no tab is cut off; at 360 px the row scrolls and a shadow says so.
- The Material pages wear the catalogue's banner, colours and header, and their text reaches WCAG AA.
- Heading anchors fold "đ" to "d", and every link with a fragment in the sample site lands on an id.
- Placeholder photos draw their words with diacritics in the shipped Noto Sans, never a missing glyph.
- The province guide quotes what the checker really says; the README links the guides.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import PRODUCT, REPO, TODAY, write_catalogue
from PIL import Image, ImageDraw

from ocop.authoring import placeholder
from ocop.build import search
from ocop.build.catalogue import check
from ocop.domain.fold import slugify

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
GREEN = (46, 125, 50)  # #2e7d32, the catalogue's header
CATALOGUE_PAGES = ["", "p/hn-001/", "lo/hn-001-l2605/", "tim-kiem/", "san-pham/"]


class _Tagless(yaml.SafeLoader):
    """mkdocs.yml with its !ENV and !!python/name tags read as plain values."""


_Tagless.add_multi_constructor("", lambda loader, suffix, node: None)
_Tagless.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_nav() -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """(the shopper's pages: title and path, the sections: title → their pages' paths) from mkdocs.yml."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tagless)
    shoppers, sections = [], {}
    for item in config["nav"]:
        [(title, target)] = item.items()
        if isinstance(target, str):
            shoppers.append((title, target.removesuffix(".md") + "/"))
        else:
            sections[title] = [next(iter(d.values())).removesuffix(".md") + "/" for d in target]
    return shoppers, sections


def expected_tabs() -> list[tuple[str, str]]:
    return [("Sản phẩm", "san-pham/"), ("Tìm kiếm", "tim-kiem/"), *mkdocs_nav()[0]]


def maintainers_pages() -> list[str]:
    return [p for pages in mkdocs_nav()[1].values() for p in pages]


def new_page(browser, url: str, viewport: dict[str, int]):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname == "127.0.0.1" else r.abort())
    page.goto(url, wait_until="networkidle")
    return context, page


# --- navigation ------------------------------------------------------------------------------------


def test_the_nav_puts_maintainers_pages_in_one_section() -> None:
    shoppers, sections = mkdocs_nav()
    assert [t for t, _ in shoppers] == ["Về OCOP", "Cách đọc trang sản phẩm"]
    assert list(sections) == ["Dành cho cán bộ / For maintainers"]
    for page in ("huong-dan-tinh/", "dong-gop/", "trien-khai/", "kien-truc/", "hieu-nang/", "cach-tim-kiem/"):
        assert page in maintainers_pages()
    # Every narrative page is in the nav, once.
    everything = [p for _, p in shoppers] + maintainers_pages()
    assert sorted(everything) == sorted(f.stem + "/" for f in (REPO / "content").glob("*.md"))


def tabs(page) -> list[tuple[str, str]]:
    """The header's tabs as (label, path under the site's root)."""
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('header nav[aria-label="Chính"] a')]
                 .map(a => [a.textContent.trim(), new URL(a.getAttribute('href'), location.href).pathname])"""
    )
    return [(label, path.lstrip("/")) for label, path in pairs]


@pytest.mark.parametrize("path", [*CATALOGUE_PAGES, "gioi-thieu/", "doc-trang-san-pham/", "huong-dan-tinh/"])
def test_every_page_shows_the_same_shopper_tabs(browser, sample_server, path: str) -> None:
    context, page = new_page(browser, sample_server.url + path, WIDE)
    try:
        assert tabs(page) == expected_tabs()
        current = page.evaluate(
            """() => [...document.querySelectorAll('header nav[aria-label="Chính"] a[aria-current]')]
                     .map(a => a.textContent.trim())"""
        )
        assert current == [label for label, p in expected_tabs() if path and path.startswith(p)]
    finally:
        context.close()


@pytest.mark.parametrize("start", ["p/hn-001/", "gioi-thieu/"])
def test_the_search_tab_opens_the_search_page(browser, sample_server, start: str) -> None:
    context, page = new_page(browser, sample_server.url + start, PHONE)
    try:
        page.locator('header nav[aria-label="Chính"] a', has_text="Tìm kiếm").click()
        page.wait_for_url("**/tim-kiem/")
        assert page.locator("#search-q").count() == 1  # the search page itself, not a page about search
    finally:
        context.close()


def test_maintainers_pages_are_out_of_the_header_and_in_one_section(browser, sample_server) -> None:
    context, page = new_page(browser, sample_server.url + "huong-dan-tinh/", WIDE)
    try:
        header = {p for _, p in tabs(page)}
        assert not header & set(maintainers_pages())
        section = page.evaluate(
            """() => {
                const label = [...document.querySelectorAll('.md-sidebar--primary .md-nav__link')]
                    .find(l => l.textContent.trim() === 'Dành cho cán bộ / For maintainers');
                const nav = label.closest('.md-nav__item').querySelector('nav');
                return [...nav.querySelectorAll('a')].filter(a => !a.hash)  // not the open page's contents
                    .map(a => new URL(a.href).pathname.replace(/^\\//, ''));
            }"""
        )
        assert section == maintainers_pages()
        footer = page.evaluate(
            """() => [...document.querySelectorAll('.ocop-foot a')]
                     .map(a => [a.textContent.trim(), new URL(a.href).pathname.replace(/^\\//, '')])"""
        )
        assert ["Dành cho cán bộ / For maintainers", maintainers_pages()[0]] in footer
    finally:
        context.close()


def test_maintainers_pages_say_so_to_site_search(sample_site: Path) -> None:
    for path in maintainers_pages():
        html = (sample_site / path / "index.html").read_text(encoding="utf-8")
        assert f'<meta name="{search.EXCLUDE_META}" content="exclude">' in html, path
    for _, path in mkdocs_nav()[0]:
        assert search.EXCLUDE_META not in (sample_site / path / "index.html").read_text(encoding="utf-8")


def test_read_pages_leaves_out_pages_marked_for_maintainers(tmp_path: Path) -> None:
    for name, meta in (("a", ""), ("b", f'<meta name="{search.EXCLUDE_META}" content="exclude">')):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(
            f"<html><head>{meta}<title>{name}</title></head><body><article>"
            f'<h1 id="t">Trang {name}</h1><h2 id="m">Mục</h2></article></body></html>',
            encoding="utf-8",
        )
    found = search.read_pages(tmp_path, ["a/index.html", "b/index.html"])
    assert [h.url for h in found] == ["a/", "a/#m"]


def test_the_search_index_lists_no_maintainers_heading(sample_site: Path) -> None:
    lines = (sample_site / "assets").glob("search-index.*.txt").__next__().read_text(encoding="utf-8").split("\n")
    import json

    n_products, n_producers, _ = json.loads(lines[0])["counts"]
    urls = search.unfront(line.split("\t")[0] for line in lines[1 + n_products + n_producers : -1])
    assert "gioi-thieu/" in urls and any(u.startswith("doc-trang-san-pham/#") for u in urls)
    assert not [u for u in urls if u.split("#")[0] in maintainers_pages()]


def test_suggestions_show_no_maintainers_heading(browser, sample_server) -> None:
    context, page = new_page(browser, sample_server.url + "gioi-thieu/", PHONE)
    try:
        box = page.locator("form.search input[name=q]").first
        for typed, wanted in (("ocop la gi", "gioi-thieu/#ocop-la-gi"), ("pull request", None)):
            box.fill("")
            box.click()
            page.keyboard.type(typed)
            page.wait_for_function(
                "q => [...document.querySelectorAll('.ocop-sx')].some(b => !b.hidden && b.getAttribute('data-q') === q)",
                arg=typed,
            )
            links = page.evaluate(
                "() => [...document.querySelectorAll('.ocop-sx:not([hidden]) a[role=option]')]"
                ".map(a => new URL(a.href).pathname.replace(/^\\//, '') + new URL(a.href).hash)"
            )
            assert not [u for u in links if u.split("#")[0] in maintainers_pages()], (typed, links)
            if wanted:
                assert wanted in links
    finally:
        context.close()


# --- the tab row at 1280 and 360 px ----------------------------------------------------------------

ROW = 'header nav[aria-label="Chính"] > div'


def edge_pixels(page, side: str) -> tuple[int, int, int]:
    """The darkest pixel of a 10-px strip at one edge of the tab row, in the row's padding above the words."""
    box = page.locator(ROW).bounding_box()
    x = box["x"] + (1 if side == "left" else box["width"] - 11)
    png = page.screenshot(clip={"x": x, "y": box["y"] + 2, "width": 10, "height": 2})
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return min((image.getpixel((x, y)) for x in range(image.width) for y in range(image.height)), key=sum)


def shadowed(pixel: tuple[int, int, int]) -> bool:
    return sum(GREEN) - sum(pixel) > 30


@pytest.mark.parametrize("path", ["", "p/hn-001/", "gioi-thieu/", "huong-dan-tinh/"])
def test_no_tab_is_cut_off_at_1280(browser, sample_server, path: str) -> None:
    context, page = new_page(browser, sample_server.url + path, WIDE)
    try:
        fits = page.evaluate(
            """sel => {
                const row = document.querySelector(sel), r = row.getBoundingClientRect();
                return [row.scrollWidth <= row.clientWidth,
                        [...row.querySelectorAll('a')].every(a => {
                            const b = a.getBoundingClientRect();
                            return b.left >= r.left && b.right <= r.right && b.width > 0;
                        })];
            }""",
            ROW,
        )
        assert fits == [True, True]
        assert not shadowed(edge_pixels(page, "left")) and not shadowed(edge_pixels(page, "right"))
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "p/hn-001/", "gioi-thieu/"])
def test_at_360_the_tab_row_scrolls_and_shows_it(browser, sample_server, path: str) -> None:
    context, page = new_page(browser, sample_server.url + path, PHONE)
    try:
        assert page.evaluate(
            "sel => { const r = document.querySelector(sel); return r.scrollWidth > r.clientWidth }", ROW
        )
        # At the start: a shadow on the right, where more tabs are; none on the left.
        assert shadowed(edge_pixels(page, "right")) and not shadowed(edge_pixels(page, "left"))
        page.evaluate("sel => { const r = document.querySelector(sel); r.scrollLeft = r.scrollWidth }", ROW)
        page.wait_for_timeout(50)
        # At the end: the shadow has moved to the left.
        assert shadowed(edge_pixels(page, "left")) and not shadowed(edge_pixels(page, "right"))
        # Every tab can be reached by scrolling.
        last = page.locator(ROW + " a").last.bounding_box()
        assert last["x"] + last["width"] <= PHONE["width"]
    finally:
        context.close()


# --- one look --------------------------------------------------------------------------------------

LOOK = """() => {
    const css = (sel, prop) => { const e = document.querySelector(sel); return e && getComputedStyle(e)[prop]; };
    const banner = document.querySelector('.demo-banner, .md-banner');
    const header = document.querySelector('header');
    return {
        banner: [banner.innerText.trim(), getComputedStyle(banner).backgroundColor, getComputedStyle(banner).color],
        header: getComputedStyle(header).backgroundColor,
        brand: [...header.querySelectorAll('a')].map(a => a.textContent.trim())[0],
        search: css('header form.search input', 'backgroundColor'),
        tab: ['fontSize', 'color', 'paddingTop', 'borderBottomWidth'].map(p => css('header nav[aria-label="Chính"] a', p)),
        brand_size: css('header a', 'fontSize'),
    };
}"""


def test_narrative_pages_wear_the_catalogue_banner_and_header(browser, sample_server) -> None:
    looks = []
    for path in ("p/hn-001/", "gioi-thieu/", "trien-khai/"):
        context, page = new_page(browser, sample_server.url + path, WIDE)
        try:
            looks.append(page.evaluate(LOOK))
        finally:
            context.close()
    assert looks[0]["header"] == f"rgb{GREEN}"
    assert looks[0]["banner"][0].startswith("Dữ liệu minh họa — không phải danh mục OCOP chính thức.")
    assert looks[1] == looks[0] and looks[2] == looks[0]


CONTRAST = """sel => {
    const rgba = c => { const n = c.match(/[\\d.]+/g).map(Number); return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1]; };
    const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
    const background = el => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        return layers.reduceRight((under, top) => over(top, under), [255, 255, 255, 1]);
    };
    const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        const bg = background(el), fg = over(rgba(getComputedStyle(el).color), bg);
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        out.push([el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 30),
                  Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100]);
    }
    return out;
}"""

TEXT = {
    "links": ".md-content a, .md-sidebar a",
    "header": "header *, .md-banner *",
    "body": ".md-content p, .md-content li, .md-content td, .md-content th, .md-content h1, .md-content h2, "
    ".md-content h3, .md-content code, .md-sidebar label, .md-sidebar span, .ocop-foot a",
}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "360"])
@pytest.mark.parametrize("path", ["gioi-thieu/", "huong-dan-tinh/", "truy-xuat/"])
def test_narrative_text_and_links_reach_aa_contrast(browser, sample_server, path: str, viewport) -> None:
    context, page = new_page(browser, sample_server.url + path, viewport)
    try:
        for kind, selector in TEXT.items():
            measured = page.evaluate(CONTRAST, selector)
            assert measured, kind  # the selector found text to measure
            low = [m for m in measured if m[1] < 4.5]
            assert not low, (kind, low[:10])
    finally:
        context.close()


# --- heading anchors -------------------------------------------------------------------------------


def test_slugs_keep_d() -> None:
    assert slugify("Hạng sao và điểm", "-") == "hang-sao-va-diem"
    assert slugify("Đơn vị hành chính: 2025", "-") == "don-vi-hanh-chinh-2025"
    assert slugify("Viết YAML cho đúng", "_") == "viet_yaml_cho_dung"


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in ("h2", "h3", "h4") and a.get("id"):
            self._heading = (a["id"] or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3", "h4") and self._heading:
            self.headings.append((self._heading[0], "".join(self._heading[1]).replace("¶", "").strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._heading[1].append(data)


def test_heading_anchors_keep_d_in_the_built_pages(sample_site: Path) -> None:
    from markdown.extensions.toc import slugify as markdown_slugify

    ids = set()
    for md in (REPO / "content").glob("*.md"):
        parser = _Anchors()
        parser.feed((sample_site / md.stem / "index.html").read_text(encoding="utf-8"))
        ids |= {f"{md.stem}#{i}" for i in parser.ids}
        for hid, text in parser.headings:
            dropped = markdown_slugify(text, "-")
            # An anchor Markdown's slugify would have made without its "đ" is a regression.
            assert dropped == slugify(text, "-") or hid != dropped, (md.stem, hid, text)
    assert "dong-gop#viet-yaml-cho-dung" in ids


def test_every_link_with_a_fragment_lands_on_an_id(sample_site: Path) -> None:
    parsed: dict[Path, _Anchors] = {}

    def parse(f: Path) -> _Anchors:
        if f not in parsed:
            parsed[f] = _Anchors()
            parsed[f].feed(f.read_text(encoding="utf-8", errors="replace"))
        return parsed[f]

    missing, checked = [], 0
    for f in sorted(sample_site.rglob("*.html")):
        here = "http://site/" + f.relative_to(sample_site).as_posix()
        for href in parse(f).links:
            url = urlsplit(urljoin(here, href))
            if url.netloc != "site" or not url.fragment:
                continue
            path = unquote(url.path).lstrip("/")
            target = sample_site / path / "index.html" if path == "" or path.endswith("/") else sample_site / path
            checked += 1
            if not target.is_file() or unquote(url.fragment) not in parse(target).ids:
                missing.append((f.relative_to(sample_site).as_posix(), href))
    assert checked > 100  # the guides' cross-links and the product pages' "how to read" links
    assert missing == []


# --- placeholder photos ----------------------------------------------------------------------------


def cmap(font: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(str(font)).getBestCmap())


def test_placeholder_words_keep_their_diacritics() -> None:
    assert placeholder.drawable(placeholder.LABEL, placeholder.LABEL_FONT) == "ẢNH MINH HỌA"
    title = "Cà phê Đắk Lắk – rang xay… “đặc sản” Ưu"
    assert placeholder.drawable(title) == title
    # What the font lacks: without its diacritics if that helps, else left out; never a box.
    # A character the font lacks is left out (or drawn without its diacritics when the font has that): never a box.
    assert placeholder.drawable("Trà 😀 sen 茶") == "Trà sen"


def test_placeholder_photos_draw_only_glyphs_the_font_has(monkeypatch) -> None:
    drawn: list[tuple[str, Path]] = []
    real = ImageDraw.ImageDraw.text

    def spy(self, xy, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self._image.size == (640, 480):  # the photo, not the font probe's small canvas
            drawn.append((text, Path(kwargs["font"].path)))
        return real(self, xy, text, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", spy)
    title = "Mật ong bạc hà Đồng Văn – Hà Giang… đặc sản 5 sao 😀 của núi rừng Tây Bắc"
    jpeg = placeholder.placeholder_jpeg("hn-001", title, 640, 480)
    assert placeholder.placeholder_jpeg("hn-001", title, 640, 480) == jpeg  # same arguments, same bytes
    texts = [t for t, _ in drawn]
    assert texts[0] == "ẢNH MINH HỌA"
    assert " ".join(texts[1:]).startswith("Mật ong bạc hà Đồng Văn – Hà Giang… đặc sản")
    for text, font in drawn:
        assert font.parent == placeholder.FONT_DIR
        have = cmap(font)
        lacking = [ch for ch in text if ord(ch) not in have]
        assert not lacking, (text, font.name, lacking)  # each would be the .notdef box


# --- the guide and the README ----------------------------------------------------------------------

GUIDE = (REPO / "content" / "huong-dan-tinh.md").read_text(encoding="utf-8")


def problems_for(tmp_path: Path, amount: str) -> list[str]:
    products = write_catalogue(tmp_path, product=PRODUCT + f"price:\n  amount: {amount}\n  unit: hộp 200 g\n")
    return [p.vi for p in check(products, dt.date.fromisoformat(TODAY)) if p.field == "price.amount"]


def test_the_guide_quotes_what_the_checker_says_about_prices(tmp_path: Path) -> None:
    [separated] = problems_for(tmp_path / "a", "1.500.000")
    assert f"`{separated}`" in GUIDE
    [worded] = problems_for(tmp_path / "b", "180000 đồng")
    assert f"| `{worded}` |" in GUIDE
    # "180.000" is refused with the number to write, not read as 180 đồng as the guide once said.
    [thousands] = problems_for(tmp_path / "c", "180.000")
    assert thousands.endswith(": 180000")
    assert "được hiểu là 180 đồng" not in GUIDE and "silently read as 180" not in GUIDE


def test_the_guide_quotes_what_the_checker_says_about_a_skeleton(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    made = subprocess.run(
        [sys.executable, "-m", "ocop.cli", "new", "product", "--province", "ha-noi", "--producer", "hn-htx-test"]
        + ["--products-dir", str(products), "--today", TODAY],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert made.returncode == 0, made.stderr
    [new] = [p for p in (products / "ha-noi" / "san-pham").glob("*.yml") if p.stem != "hn-001"]
    said = {p.field: p.vi for p in check(products, dt.date.fromisoformat(TODAY)) if p.path.endswith(new.name)}
    assert f"`{said['certificate.decision']}`" in GUIDE
    assert said["stars"].startswith("còn chỗ 'CẦN ĐIỀN'")  # a value that looks valid is named too
    photo = said["images[1]"].replace(new.stem, "lc-r2vt28")
    assert f"`{photo}`" in GUIDE
    assert "là tệp **hợp lệ**" not in GUIDE and "Skeletons and imported records pass" not in GUIDE


def test_the_readme_links_the_province_and_deployment_guides() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)\)", readme)
    for guide in ("content/huong-dan-tinh.md", "content/trien-khai.md"):
        assert guide in links and (REPO / guide).is_file()
