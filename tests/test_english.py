"""The English edition under en/: every catalogue page, its words from one gettext catalogue, tested
in the built sample and in Chromium.

What it promises (issue 13, item 12): the interface, status words, groups, units of measure and help
in English; product names as written; record text in English where the record has it, else the
Vietnamese marked lang="vi"; hreflang links and a switch that keeps the page; search in both
editions; QR codes and labels pointing at the Vietnamese page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import REPO, TODAY, write_catalogue
from test_browser import PHONE, open_page

from ocop.build import editions
from ocop.build.catalogue import check, load_catalogue
from ocop.build.pages import Page
from ocop.build.render import Site, make_env, page_key, site_key
from ocop.domain.english import english
from ocop.domain.model import STATUS_LABELS, build_product
from ocop.domain.schema import GROUPS, LOT_STEPS, PRODUCER_KINDS, RECIPIENT_KINDS, SHOP_KINDS

LOCALE = REPO / "ocop" / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "ocop.po"
TEMPLATES = REPO / "theme" / "catalogue"


def extracted() -> dict[tuple[str | None, str], int]:
    """Every message the templates (and the build's N_ labels) use, by (context, msgid), as pybabel
    extracts them with the project's own mapping."""
    with (LOCALE / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[tuple[str | None, str], int] = {}
    for _file, _line, message, _comments, context in extract_from_dir(REPO, method_map, options_map):
        msgid = message[0] if isinstance(message, tuple) else message
        found[(context, msgid)] = len(message) if isinstance(message, tuple) else 1
    return found


def catalogue():
    with PO.open("rb") as f:
        return read_po(f, locale="en", domain="ocop")


# --- the catalogue ------------------------------------------------------------------------------


def test_every_message_of_the_templates_has_its_english() -> None:
    messages = extracted()
    assert len(messages) > 200
    cat = catalogue()
    missing, fuzzy = [], []
    for (context, msgid), forms in messages.items():
        entry = cat.get(msgid, context=context)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry and (entry.string,))
        if entry is None or not strings or not all(strings) or (forms == 2) != isinstance(entry.string, tuple):
            missing.append((context, msgid))
        elif entry.fuzzy:
            fuzzy.append(msgid)
    assert missing == [] and fuzzy == []
    # Babel's own checks: the same %(name)s placeholders in the English as in the Vietnamese.
    assert [(m.id, errors) for m, errors in cat.check()] == []
    # And nothing the templates no longer say (pybabel update would mark it obsolete).
    stale = [m.id for m in cat if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0]) not in messages]
    assert stale == []


def test_the_catalogue_reads_in_standard_tools_and_compiles() -> None:
    text = PO.read_text(encoding="utf-8")
    assert '"Language: en\\n"' in text and '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    tr = editions.translations("en")
    assert tr.gettext("Tìm kiếm") == "Search"
    assert tr.ngettext("%(num)d sao", "%(num)d sao", 1) % {"num": 1} == "1 star"
    assert tr.ngettext("%(num)d sao", "%(num)d sao", 5) % {"num": 5} == "5 stars"
    assert tr.pgettext("lô", "Hạn sử dụng") == "Use by"
    assert editions.translations("vi").gettext("Tìm kiếm") == "Tìm kiếm"  # null translations


VI = re.compile(r"[À-ỹĐđ]")
GETTEXT_CALL = re.compile(
    r"""\b(_|gettext|ngettext|pgettext)\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')(\s*,\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))*"""
)
LITERAL = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def test_templates_say_nothing_in_vietnamese_outside_their_messages() -> None:
    """Every Vietnamese word of a template is a gettext message, or marked lang="vi". Left alone: the
    titles of reports filed to the project (its maintainers read Vietnamese, "[Sai thông tin] …") and
    the GS1 Digital Link hop (redirect.html), which has no English twin."""
    found = []
    for path in sorted(TEMPLATES.glob("*.html")):
        if path.name == "redirect.html":
            continue
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r'<(\w+)[^>]*\blang="vi"[^>]*>.*?</\1>', "", text, flags=re.S)
        literal = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)
        found += [f"{path.name}: {line.strip()}" for line in literal.splitlines() if VI.search(line)]
        for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, flags=re.S):
            found += [f"{path.name}: {s}" for s in LITERAL.findall(GETTEXT_CALL.sub("", tag)) if VI.search(s)]
    assert [f for f in found if "Sai thông tin" not in f and " / " not in f] == []


def test_domain_labels_have_their_english_in_one_place() -> None:
    pairs = [*STATUS_LABELS.values(), *PRODUCER_KINDS.values(), *SHOP_KINDS.values(), *LOT_STEPS.values()]
    pairs += [*RECIPIENT_KINDS.values(), *((vi, en) for _slug, vi, en in GROUPS.values())]
    for vi, en in pairs:
        assert editions.LABELS[vi] == en
    # Labels the build makes (stats.LACKS) are in the catalogue, marked N_().
    assert ("Chưa có ảnh thật" in {m for _c, m in extracted()}) and catalogue().get("Chưa có ảnh thật").string


@pytest.mark.parametrize(
    ("vi", "en"),
    [
        ("24 tháng", "24 months"),
        ("1 tháng", "1 month"),
        ("300 túi", "300 bags"),
        ("1.000 hộp", "1,000 boxes"),
        ("hộp 100 g", "box of 100 g"),
        ("chai 500 ml", "bottle of 500 ml"),
        ("khách", "guest"),
        ("500 g", "500 g"),
        ("6 tháng ở −18 °C", None),  # more than a plain measure: shown in Vietnamese, marked
        ("Không giới hạn", None),
    ],
)
def test_units_of_measure_in_english(vi: str, en: str | None) -> None:
    assert editions.measure_en(vi) == en


# --- pages and keys -----------------------------------------------------------------------------

SITE = Site("OCOP", "https://ocop.example/", False, TODAY, {"ocop.css": "assets/ocop.css"})


def test_an_english_page_is_the_same_description_under_en_with_its_own_key() -> None:
    page = Page("p/hn-001/index.html", "product.html", "product", (0,), ("digest",), qr_url="https://x.example/p/")
    [twin] = editions.twins([page, Page("01/1/index.html", "redirect.html", "dl-product", (0,), ())])
    assert twin.path == "en/p/hn-001/index.html" and twin.qr_url == page.qr_url and twin.ref == page.ref
    english = dataclasses.replace(SITE, language="en")
    vi_key, en_key = site_key([TEMPLATES], SITE), site_key([TEMPLATES], english)
    assert vi_key != en_key  # the edition is in every page's key
    assert page_key(vi_key, page) != page_key(en_key, twin)
    assert editions.catalogue_key("en") == PO.read_bytes() and editions.catalogue_key("vi") == b""
    where = editions.links(SITE.url, "en", twin)
    assert (where["root"], where["top"], where["files"]) == ("../../", "../../../", "../../../p/hn-001/")
    assert where["edition"].other_href == "../../../p/hn-001/"
    assert dict(where["edition"].links) == {
        "vi": "https://ocop.example/p/hn-001/",
        "en": "https://ocop.example/en/p/hn-001/",
        "x-default": "https://ocop.example/p/hn-001/",
    }
    home = editions.links("", "vi", Page("index.html", "home.html", "home"))
    assert home["edition"].other_href == "./en/" and home["root"] == home["top"] == "./" and home["files"] == ""


def test_each_edition_formats_its_own_way() -> None:
    vi, en = make_env([TEMPLATES]), make_env([TEMPLATES], "en")
    assert vi.from_string("{{ d|vi_date }} {{ 1200000|vnd }}").render(d="2026-05-31") == "31/05/2026 1.200.000 ₫"
    assert en.from_string("{{ d|vi_date }} {{ 1200000|vnd }}").render(d="2026-05-31") == "31 May 2026 ₫1,200,000"
    text = "{{ x|vi(y) }}|{{ x|vi }}|{{ 'Đã hết hạn'|t }}|{{ 'Cửa hàng X'|t(true) }}"
    assert vi.from_string(text).render(x="Hộp", y="Box") == "Hộp|Hộp|Đã hết hạn|Cửa hàng X"
    assert en.from_string(text).render(x="Hộp", y="Box") == (
        'Box|<span lang="vi">Hộp</span>|Expired|<span lang="vi">Cửa hàng X</span>'
    )


# --- records that carry English -------------------------------------------------------------------

WITH_ENGLISH = """\
en:
  description: |
    Green *tea*.
  ingredients: Green tea
"""


def test_a_record_carries_its_english(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    record = products / "ha-noi" / "san-pham" / "hn-001.yml"
    record.write_text(record.read_text(encoding="utf-8") + "ingredients: Chè xanh\n" + WITH_ENGLISH, encoding="utf-8")
    assert check(products, dt.date.fromisoformat(TODAY)) == []
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    en = english(data)
    assert str(en.description) == "<p>Green <em>tea</em>.</p>\n" and en.ingredients
    product = build_product(data, record, dt.date.fromisoformat(TODAY))
    assert product.en.description == en.description and product.description != en.description


@pytest.mark.parametrize(
    ("extra", "field", "line", "vi", "en"),
    [
        # English of a field the record does not have: said at the English, in both languages.
        (
            "en:\n  ingredients: Green tea\n",
            "en.ingredients",
            2,
            "không có 'ingredients' tiếng Việt",
            "translates nothing",
        ),
        # The Vietnamese copied as the English.
        ("en:\n  description: |\n    Chè xanh *thơm*.\n", "en.description", 3, "giống hệt", "copied"),
        # A field that cannot be translated (names stay as written).
        ("en:\n  name: Test tea\n", "en.name", 2, "không có trong mẫu", "unknown field 'name'"),
        ("en:\n  withdrawn:\n    reason: Withdrawn.\n", "en.withdrawn.reason", 3, "'withdrawn.reason'", "nothing"),
    ],
)
def test_english_that_cannot_be_right_is_refused_where_it_is(
    tmp_path: Path, extra: str, field: str, line: int, vi: str, en: str
) -> None:
    products = write_catalogue(tmp_path)
    record = products / "ha-noi" / "san-pham" / "hn-001.yml"
    before = record.read_text(encoding="utf-8").count("\n")
    record.write_text(record.read_text(encoding="utf-8") + extra, encoding="utf-8")
    problems = [p for p in check(products, dt.date.fromisoformat(TODAY)) if p.field == field]
    assert problems, [p.format() for p in check(products, dt.date.fromisoformat(TODAY))]
    p = problems[0]
    assert p.path.endswith("hn-001.yml") and p.line == before + line
    assert vi in p.vi and en in p.en


# --- the built sample ---------------------------------------------------------------------------


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Shown(HTMLParser):
    """The words a reader meets outside elements marked lang="vi": text, and the attributes read aloud."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, Vietnamese or not shown)
        self.words: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        hidden = a.get("lang") == "vi" or tag in ("script", "style", "code")
        if not hidden and not self._hidden():
            self.words += [a[k] or "" for k in ("title", "alt", "placeholder", "aria-label") if k in a]
            if tag == "meta" and a.get("name") == "description":
                self.words.append(a.get("content") or "")
        if tag not in VOID:
            self.open.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._hidden():
            self.words.append(" ".join(data.split()))


def vietnamese_words() -> list[str]:
    """What an untranslated interface would show: the pieces of every message between its
    placeholders and tags, and every label of the domain tables."""
    pieces = set(editions.LABELS)
    for _context, msgid in extracted():
        for part in re.split(r"%\(\w+\)[sd]|<[^>]+>|\{\w\}|&\w+;", msgid):
            part = part.strip(" .,:;()“”·—–-\"'")
            if re.search(r"[^\x00-\x7f›…×–—“”]", part) and len(part) >= 3:
                pieces.add(part)
    return sorted(pieces, key=len, reverse=True)


def names() -> list[str]:
    """What stays as written in every edition: the names of products, producers, places and people."""
    cat = load_catalogue(REPO / "products", dt.date.fromisoformat(TODAY))
    found = {p.name for p in cat.products} | {pr.name for pr in cat.producers}
    found |= {pr.representative for pr in cat.producers} | {st.actor for p in cat.products for st in p.traceability}
    for p in cat.products:
        found |= {p.origin.commune.name, p.province.name, p.province.short_name}
    for lot in cat.lots:
        found |= {e.actor for e in lot.events} | {e.commune.name for e in lot.events}
        found |= {lot.recipient.name} if lot.recipient else set()
    return sorted((n for n in found if n), key=len, reverse=True)


def untranslated(html: str, pieces: list[str], names: list[str] = ()) -> list[str]:
    shown = Shown()
    shown.feed(html)
    words = []
    for text in shown.words:
        for name in names:
            text = text.replace(name, "·")
        words.append(text)
    found = []
    for piece in pieces:
        one_word = " " not in piece
        if any((text == piece) if one_word else (piece in text) for text in words):
            found.append(piece)
    return found


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_no_english_page_shows_vietnamese_interface_text(sample_site: Path) -> None:
    pieces, kept = vietnamese_words(), names()
    pages = sorted(sample_site.glob("en/**/*.html"))
    assert len(pages) > 150
    bad = {}
    for page in pages:
        found = untranslated(page.read_text(encoding="utf-8"), pieces, kept)
        if found:
            bad[page.relative_to(sample_site).as_posix()] = found
    assert bad == {}
    # The checker finds what it looks for: a Vietnamese page, taken as English, is full of it.
    vietnamese = read(sample_site, "p/hn-001/index.html").replace('<html lang="vi">', "<html>")
    assert len(untranslated(vietnamese, pieces, kept)) > 20


def catalogue_pages(site: Path) -> list[str]:
    """The Vietnamese edition's catalogue pages: the ones that name their English twin."""
    pages = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if not rel.startswith("en/") and 'hreflang="en"' in page.read_text(encoding="utf-8"):
            pages.append(rel)
    return pages


def test_every_catalogue_page_has_its_english_twin(sample_site: Path) -> None:
    vi = catalogue_pages(sample_site)
    en = sorted(p.relative_to(sample_site).as_posix() for p in sample_site.glob("en/**/*.html"))
    assert sorted("en/" + p for p in vi) == en
    for wanted in (
        "index.html",
        "p/hn-001/index.html",
        "chu-the/index.html",
        "lo/tq-001-l2609/index.html",
        "tinh/ha-noi/index.html",
        "nhom/thuc-pham/index.html",
        "sao/5/index.html",
        "tim-kiem/index.html",
        "san-pham/index.html",
        "thong-ke/index.html",
        "du-lieu/index.html",
        "404.html",
    ):
        assert wanted in vi and (sample_site / "en" / wanted).is_file(), wanted
    assert not (sample_site / "en" / "01").exists()  # GS1 Digital Link hops: Vietnamese only
    assert not (sample_site / "en" / "gioi-thieu").exists()  # MkDocs's narrative pages are Vietnamese


def test_pages_link_their_twin_and_say_their_language(sample_site: Path) -> None:
    for path in ("p/hn-001/index.html", "tinh/ha-noi/index.html", "index.html", "thong-ke/index.html"):
        address = path.removesuffix("index.html")
        for prefix, lang in (("", "vi"), ("en/", "en")):
            html = read(sample_site, prefix + path)
            assert f'<html lang="{lang}">' in html
            links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
            assert links == {
                "vi": f"https://ocop-demo.example/{address}",
                "en": f"https://ocop-demo.example/en/{address}",
                "x-default": f"https://ocop-demo.example/{address}",
            }
    en = read(sample_site, "en/p/hn-001/index.html")
    assert '<a class="lang" href="../../../p/hn-001/" hreflang="vi" lang="vi">Tiếng Việt</a>' in en
    assert '<a class="lang" href="../../en/p/hn-001/" hreflang="en" lang="en">English</a>' in read(
        sample_site, "p/hn-001/index.html"
    )


def test_record_english_is_shown_and_vietnamese_is_marked(sample_site: Path) -> None:
    en = read(sample_site, "en/p/hn-001/index.html")
    assert "Green tea from Thái Nguyên, <strong>scented seven times" in en  # the record's English
    assert "<dd>Lacquered box</dd>" in en and "<dd>100 g</dd>" in en and "<dd>24 months</dd>" in en
    assert "₫1,200,000 / box of 100 g" in en
    assert "<h1>Trà sen Tây Hồ Hà Nội</h1>" in en  # names stay as written
    assert "Green tea from" not in read(sample_site, "p/hn-001/index.html")
    other = read(sample_site, "en/p/hn-002/index.html")  # a record without English
    assert re.search(r'<div lang="vi"><p>', other)
    lot = read(sample_site, "en/lo/tq-001-l2609/index.html")
    assert "This lot has been recalled" in lot and "A routine check found the honey" in lot
    withdrawn = read(sample_site, "en/p/qn-004/index.html")
    assert "Withdrawn on" in withdrawn and "A routine inspection found" in withdrawn
    assert "Producer</h2>" in en.replace('<h2 id="pr-h">', "") and "<dd>Enterprise</dd>" in en


def test_qr_codes_and_labels_keep_the_vietnamese_address(sample_site: Path) -> None:
    en = read(sample_site, "en/p/hn-001/index.html")
    assert '<span class="url">https://ocop-demo.example/p/hn-001/</span>' in en
    assert 'href="../../../p/hn-001/qr.png"' in en and 'href="../../../p/hn-001/nhan.pdf"' in en
    assert not (sample_site / "en" / "p" / "hn-001" / "qr.png").exists()
    assert (
        en.split('<figure class="qr">')[1].split("</svg>")[0]
        == read(sample_site, "p/hn-001/index.html").split('<figure class="qr">')[1].split("</svg>")[0]
    )  # the same code, the Vietnamese page's


def test_the_sitemap_lists_both_editions_with_their_alternates(sample_site: Path) -> None:
    root = ET.fromstring((sample_site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    for address in ("https://ocop-demo.example/p/hn-001/", "https://ocop-demo.example/en/p/hn-001/"):
        links = {x.get("hreflang"): x.get("href") for x in urls[address].findall("x:link", ns)}
        assert links == {
            "vi": "https://ocop-demo.example/p/hn-001/",
            "en": "https://ocop-demo.example/en/p/hn-001/",
            "x-default": "https://ocop-demo.example/p/hn-001/",
        }
    assert "https://ocop-demo.example/en/404.html" not in urls
    assert "https://ocop-demo.example/en/lo/tq-001-l2609/" in urls


# --- in Chromium --------------------------------------------------------------------------------


def photos_load(page) -> int:
    """Scroll every lazy photo into view; each must load (a path wrong by one folder gives a 404)."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    broken = page.evaluate("[...document.images].filter(i => !i.naturalWidth).map(i => i.currentSrc || i.src)")
    assert broken == []
    return page.evaluate("document.images.length")


def test_the_switch_keeps_the_page_both_ways(browser, sample_server) -> None:
    context, page, errors, foreign, failed = open_page(browser, f"{sample_server.url}en/p/hn-001/")
    try:
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.locator("#status").inner_text() == "Valid"
        assert page.locator("h2#cert-h").inner_text() == "OCOP certificate"
        page.locator("a.lang").click()
        page.wait_for_url(f"{sample_server.url}p/hn-001/")
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert page.locator("h2#cert-h").inner_text() == "Giấy chứng nhận OCOP"
        page.locator("a.lang").click()
        page.wait_for_url(f"{sample_server.url}en/p/hn-001/")
        # Photos and styles come from the site's top, not from under en/.
        assert photos_load(page) >= 2
        assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") != "inline"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert errors == [] and foreign == [] and failed == []
    finally:
        context.close()


def test_search_in_english(browser, sample_server) -> None:
    context, page, errors, foreign, failed = open_page(browser, f"{sample_server.url}en/tim-kiem/?q=tra+sen")
    try:
        page.wait_for_function("document.querySelectorAll('#search-results .card').length > 0")
        status = page.locator("#search-status").inner_text()
        assert re.fullmatch(r"\d+ products? for “tra sen”", status), status
        first = page.locator("#search-results .card a").first
        assert first.get_attribute("href").startswith("../p/")  # into the English edition
        meta = page.locator("#search-results .card .meta").first.inner_text()
        assert any(en in meta for _s, _vi, en in GROUPS.values()), meta
        assert page.locator("#search-results .card .vh").first.inner_text().endswith("stars")
        assert page.locator("select[name=nhom] option").nth(1).inner_text() == "Food"
        assert photos_load(page) >= 1
        page.fill("#search-q", "zzzz qqqq")
        page.wait_for_function("document.querySelector('#search-status').textContent.startsWith('No products')")
        page.fill("#search-q", "hn-001")
        page.press("#search-q", "Enter")
        page.wait_for_url(f"{sample_server.url}en/p/hn-001/")
        # The header box's suggestions, in English, leading into the English edition.
        page.fill("form.search input[name=q]", "tra sen")
        page.wait_for_selector(".ocop-sx a.ocop-sx-p")
        assert page.locator(".ocop-sx-head").first.inner_text().lower() == "products"
        assert page.locator(".ocop-sx a.ocop-sx-p").first.get_attribute("href").startswith("../../p/")
        assert page.locator(".ocop-sx a.ocop-sx-all").inner_text().startswith("See all")
        assert errors == [] and foreign == [] and failed == []
    finally:
        context.close()


def test_the_english_home_and_lists_on_a_phone(browser, sample_server) -> None:
    context, page, errors, foreign, failed = open_page(browser, f"{sample_server.url}en/")
    try:
        assert page.locator("h1").inner_text() == "Vietnam's OCOP products"
        assert page.locator("a.lang").inner_text() == "Tiếng Việt"
        assert page.locator("a.lang").is_visible()
        assert photos_load(page) >= 1  # the newest products' photos, from the site's top
        page.locator("a[href$='sao/5/']").first.click()
        page.wait_for_url(f"{sample_server.url}en/sao/5/")
        assert page.locator("h1").inner_text() == "5-star OCOP products"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.goto(f"{sample_server.url}en/thong-ke/", wait_until="networkidle")
        assert page.locator("#c-sao-t").text_content() == "Products by stars"  # an SVG chart's title
        assert page.locator("svg.chart text").first.text_content().endswith("stars")
        assert errors == [] and foreign == [] and failed == []
        assert PHONE["width"] == page.viewport_size["width"]
    finally:
        context.close()


def script_text(language: str) -> dict[str, object]:
    html = make_env([TEMPLATES], language).get_template("_search_text.html").render()
    return json.loads(html.split('id="ocop-text">', 1)[1].split("</script>", 1)[0])


def test_search_js_says_what_the_catalogue_says() -> None:
    """search.js speaks Vietnamese on its own; an English page gives it the catalogue's English for
    the same messages, and the index's labels."""
    script = (REPO / "theme" / "assets" / "search.js").read_text(encoding="utf-8")
    vi, en = script_text("vi"), script_text("en")
    assert vi.keys() == en.keys()
    for key, value in vi.items():
        if key not in ("statuses", "groups", "pages_note"):
            assert f'    {key}: "{value}",' in script, key
    assert en["suggestions"] == "Search suggestions" and en["stars"] == "{n} stars"
    assert en["statuses"] == {k: v[1] for k, v in STATUS_LABELS.items()}
    assert en["groups"] == {k: v[2] for k, v in GROUPS.items()}
