"""The shopper who scans a label, end to end, in a real headless Chromium at 360 × 740.

An unknown code (the 404 page, served as hosts serve it), trust on the first screen (status and
validity before the photo; withdrawn and expired wording), the map, share and report links, the
producer index, the home page's status chips and photos, tourism labels, and every example the docs
and help texts give, run against the built sample site.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import PRODUCER, REPO, TODAY, QuietHandler, mkdocs_build, write_catalogue

from ocop.build.catalogue import load_catalogue
from ocop.build.pages import featured
from ocop.build.settings import SettingError, repo_address
from ocop.domain.fold import fold
from ocop.domain.model import STATUS_SLUGS, Catalogue, field_labels

PHONE = {"width": 360, "height": 740}
SITE_URL = "https://ocop-demo.example/"
REPO_URL = "https://github.example/ocop/danh-muc"


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(REPO / "products", dt.date.fromisoformat(TODAY))


# --- a host that answers a missing path with 404.html, as GitHub Pages, Netlify and nginx do -----


class PagesHandler(QuietHandler):
    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Host:
    def __init__(self, root: Path) -> None:
        handler = functools.partial(PagesHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def host(sample_site: Path) -> Iterator[Host]:
    h = Host(sample_site)
    yield h
    h.close()


@dataclass
class Log:
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    status: int = 0


@contextmanager
def opened(browser, url: str, *, javascript: bool = True, today: str | None = None, init: str = "", grant=()):
    """A phone-sized page at ``url``; nothing may come from another host, and no script may fail."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, device_scale_factor=2, is_mobile=True)
    if grant:
        context.grant_permissions(list(grant), origin=url.split("/", 3)[0] + "//" + urlsplit(url).netloc)
    page = context.new_page()
    if today:
        page.clock.set_fixed_time(dt.datetime.fromisoformat(today + "T09:00:00"))
    if init:
        page.add_init_script(init)
    log = Log()
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    page.on("requestfailed", lambda r: log.failed.append(r.url))

    def route(r):
        if urlsplit(r.request.url).hostname != "127.0.0.1":
            log.foreign.append(r.request.url)
            return r.abort()
        return r.continue_()

    page.route("**/*", route)
    try:
        response = page.goto(url, wait_until="networkidle")
        log.status = response.status if response else 0
        yield page, log
        assert log.errors == [] and log.foreign == [], (log.errors, log.foreign)
    finally:
        context.close()


def on_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["height"] > 0 and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


# --- 1. an unknown or mistyped code -------------------------------------------------------------


def test_404_is_the_catalogues_own_page(sample_site: Path) -> None:
    html = (sample_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Không có trong danh mục</h1>" in html and "404 - Not found" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html and "og:url" not in html  # never taken for a product's page
    assert 'lang="en"' in html and "may be misprinted or counterfeit" in html
    assert 'action="/tim-kiem/"' in html and 'name="q"' in html  # search without JavaScript
    # Served at any depth: every link and asset starts from the site's path, never from where the file is.
    refs = re.findall(r'(?:href|src|action|data-ocop-[a-z]+)="([^"]+)"', html)
    own = [r for r in refs if not r.startswith(("http", "#", "data:"))]
    assert own and all(r.startswith("/") for r in own), own
    assert "404.html" not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["p/HN001/", "p/khong-co-ma-nay/", "a/b/c/d/e/"])
def test_unknown_code_at_any_depth(browser, host, path) -> None:
    with opened(browser, host.url + path) as (page, log):
        assert log.status == 404 and log.failed == []
        assert page.locator("h1").inner_text() == "Không có trong danh mục"
        body = page.locator("main").inner_text()
        assert "không có trong danh mục sản phẩm OCOP chính thức" in body and "nhãn giả" in body
        assert "Not in the catalogue" in body
        # The stylesheet came (its path is absolute): the warning is styled, the page fits the phone.
        assert page.evaluate("getComputedStyle(document.querySelector('.caveat')).borderLeftStyle") == "solid"
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        assert page.locator("a[href='/doc-trang-san-pham/']").count() >= 1
        code = page.locator("#nf-code")
        if path.startswith("p/"):
            wanted = path.split("/")[1]
            assert code.is_visible() and wanted in code.inner_text()
            assert page.locator("#nf-q").input_value() == wanted
        else:
            assert not code.is_visible()


def test_unknown_code_offers_the_product_it_may_be(browser, host, cat) -> None:
    target = cat.product_by_id["hn-001"]
    with opened(browser, host.url + "p/HN001/") as (page, _):
        page.locator("#nf-code-search").click()  # the search page opens the one product with that id
        page.wait_for_url("**/p/hn-001/")
        assert page.locator("h1").inner_text().strip() == target.name
    with opened(browser, host.url + "p/khong-co/") as (page, _):
        box = page.locator("#nf-q")
        box.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("hn001")
        page.wait_for_function("() => [...document.querySelectorAll('.ocop-sx a[role=option]')].length > 0")
        first = page.locator(".ocop-sx a[role=option]").first
        assert target.name in first.inner_text() and first.get_attribute("href") == "/p/hn-001/"
        page.keyboard.press("Enter")
        page.wait_for_url("**/p/hn-001/")


def test_unknown_code_without_javascript(browser, host) -> None:
    with opened(browser, host.url + "p/xyz/", javascript=False) as (page, log):
        assert log.status == 404
        assert not page.locator("#nf-code").is_visible()
        page.locator("#nf-q").fill("HN-001")
        page.keyboard.press("Enter")
        page.wait_for_url("**/tim-kiem/?q=HN-001")
        assert page.locator("#search-browse").is_visible()  # the search page's lists, without JavaScript


# --- 2. trust on the first screen ---------------------------------------------------------------


@pytest.mark.parametrize("status", ["valid", "expiring", "expired", "withdrawn"])
def test_status_and_validity_on_the_first_screen(browser, sample_server, cat, status) -> None:
    p = next(p for p in cat.products if p.status == status and p.buy)
    with opened(browser, f"{sample_server.url}p/{p.id}/", today=TODAY) as (page, _):
        assert on_first_screen(page, "#status") and on_first_screen(page, ".trust .until")
        badge = page.locator("#status").inner_text()
        until = page.locator(".trust .until").inner_text()
        body = page.locator("main").inner_text()
        assert badge == {"valid": "Còn hiệu lực", "expiring": "Sắp hết hạn", "expired": "Đã hết hạn"}.get(
            status, "Đã thu hồi"
        )
        caveat = page.locator("main .caveat")
        if status == "withdrawn":
            assert p.withdrawal is not None
            assert until == f"Đã thu hồi ngày {p.withdrawal.date:%d/%m/%Y} — không còn hiệu lực"
            assert "Hiệu lực đến" not in body and "hiệu lực đến" not in body
            assert caveat.is_visible() and "thu hồi" in caveat.inner_text()
            assert page.locator(".buy a").count() == 0
        else:
            assert until == f"Hiệu lực đến {p.certificate.valid_until:%d/%m/%Y}"
            assert page.locator(".buy a").count() == len(p.buy)
            assert caveat.is_visible() == (status == "expired")
            if status == "expired":
                assert "đã hết hạn" in caveat.inner_text() and "không còn là sản phẩm OCOP" in caveat.inner_text()


def test_expired_caveat_follows_the_phones_date(browser, sample_server, cat) -> None:
    p = next(p for p in cat.products if p.status == "valid" and p.buy)
    later = (p.certificate.valid_until + dt.timedelta(days=1)).isoformat()
    with opened(browser, f"{sample_server.url}p/{p.id}/", today=later) as (page, _):
        assert page.locator("#status").inner_text() == "Đã hết hạn"
        assert page.locator("#buy-caveat").is_visible()
    expired = next(p for p in cat.products if p.status == "expired" and p.buy)
    with opened(browser, f"{sample_server.url}p/{expired.id}/", javascript=False) as (page, _):
        assert page.locator("#buy-caveat").is_visible() and on_first_screen(page, ".trust .until")


def test_stars_and_score_explained_with_a_link(browser, sample_site, sample_server, cat) -> None:
    for p in cat.products:
        html = (sample_site / "p" / p.id / "index.html").read_text(encoding="utf-8")
        sentence = re.search(r'<p class="explain" id="stars-explained">(.*?)</p>', html, re.S)
        assert sentence and "A –" in sentence.group(1) and "90–100 được 5 sao" in sentence.group(1), p.id
    doc = (sample_site / "doc-trang-san-pham" / "index.html").read_text(encoding="utf-8")
    assert 'id="hang-sao-va-diem"' in doc
    with opened(browser, f"{sample_server.url}p/{cat.products[0].id}/") as (page, _):
        page.locator("#stars-explained a").click()
        page.wait_for_url("**/doc-trang-san-pham/#hang-sao-va-diem")
        assert page.locator("#hang-sao-va-diem").is_visible()


# --- 3. map, share, report; the producer index; the home page -----------------------------------


def test_map_links_open_the_phones_map_and_load_no_tiles(browser, sample_server, cat) -> None:
    p = next(p for p in cat.products if p.origin.coordinates)
    lat, lon = (f"{c:.5f}" for c in p.origin.coordinates)
    with opened(browser, f"{sample_server.url}p/{p.id}/") as (page, log):
        assert page.locator("#map-geo").get_attribute("href").startswith(f"geo:{lat},{lon}")
        osm = urlsplit(page.locator("#map-osm").get_attribute("href"))
        assert osm.netloc == "www.openstreetmap.org" and parse_qs(osm.query) == {"mlat": [lat], "mlon": [lon]}
        assert osm.fragment == f"map=15/{lat}/{lon}"
        page.mouse.wheel(0, 20000)
        page.wait_for_load_state("networkidle")
    assert log.foreign == []  # no map tiles, nothing from OpenStreetMap until the link is followed


def test_share_copies_the_link_or_uses_the_share_sheet(browser, sample_server, cat) -> None:
    p = cat.products[0]
    url = f"{sample_server.url}p/{p.id}/"
    with opened(browser, url, grant=("clipboard-read", "clipboard-write")) as (page, _):
        assert page.evaluate("typeof navigator.share") == "undefined"  # desktop Chromium: copy instead
        page.locator("#share").click()
        page.wait_for_function("() => document.getElementById('share-done').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == f"{SITE_URL}p/{p.id}/"
    sheet = "window.__shared = []; navigator.share = (d) => { window.__shared.push(d); return Promise.resolve(); };"
    with opened(browser, url, init=sheet) as (page, _):
        page.locator("#share").click()
        shared = page.evaluate("window.__shared")
        assert len(shared) == 1 and shared[0]["url"] == f"{SITE_URL}p/{p.id}/" and p.name in shared[0]["title"]
    with opened(browser, url, javascript=False) as (page, _):
        assert not page.locator("#share").is_visible()


def test_producer_index_by_province(browser, sample_site, sample_server, cat) -> None:
    html = (sample_site / "chu-the" / "index.html").read_text(encoding="utf-8")
    for pr in cat.producers:
        n = len(cat.products_by_producer.get(pr.id, ()))
        assert re.search(rf'href="\.\./chu-the/{pr.id}/">[^<]+</a> <small>{n} sản phẩm</small>', html), pr.id
        page = (sample_site / "chu-the" / pr.id / "index.html").read_text(encoding="utf-8")
        assert f'<a href="../../chu-the/">Chủ thể</a> › <a href="../../chu-the/#{pr.province.slug}">' in page
    provinces = {pr.province.slug for pr in cat.producers}
    with opened(browser, sample_server.url) as (page, _):
        page.locator(".stats a[href$='chu-the/']").click()
        page.wait_for_url("**/chu-the/")
        assert page.locator("main section h2").count() == len(provinces)
        first = cat.producers[0]
        section = page.locator(f"section[aria-labelledby='{first.province.slug}']")
        assert first.name in section.inner_text()
        assert (
            f"({sum(pr.province.slug == first.province.slug for pr in cat.producers)} chủ thể)" in section.inner_text()
        )


def test_home_status_chips_lead_to_their_lists(browser, sample_site, sample_server, cat) -> None:
    for status, slug in STATUS_SLUGS.items():
        listed: set[str] = set()
        for page in (sample_site / "trang-thai" / slug).rglob("index.html"):
            listed |= set(re.findall(r'href="(?:\.\./)+p/([a-z0-9-]+)/"', page.read_text(encoding="utf-8")))
        assert listed == {p.id for p in cat.products if p.status == status}, status
    expired = sorted(p.name for p in cat.products if p.status == "expired")
    with opened(browser, sample_server.url) as (page, _):
        chip = page.locator(".status-counts a.chip.expired")
        assert chip.inner_text() == f"Đã hết hạn: {len(expired)}"
        chip.click()
        page.wait_for_url("**/trang-thai/da-het-han/")
        assert sorted(page.locator(".cards .card > a").all_inner_texts()) == expired


def test_home_shows_some_products_with_their_photos(browser, sample_server, cat) -> None:
    chosen = featured(cat)
    assert len(chosen) == 6 and chosen[0].stars == 5 and all(p.status in ("valid", "expiring") for p in chosen)
    with opened(browser, sample_server.url) as (page, _):
        section = page.locator("section[aria-labelledby='noi-bat-h']")
        links = section.locator(".card > a")
        assert [a.get_attribute("href") for a in links.all()] == [f"./p/{p.id}/" for p in chosen]
        section.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        assert section.evaluate("s => [...s.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0)")
        assert section.locator("img").count() == len(chosen)


# --- 4. tourism labels; report links (a small site with a repository) ---------------------------

TOURISM = """\
id: hn-001
name: Homestay thử nghiệm
stars: 4
group: tourism
producer: hn-htx-test
description: Nghỉ đêm nhà sàn.
images:
  - anh/che.jpg
certificate:
  decision: "123/QĐ-UBND"
  date: "2025-03-10"
  issuer: UBND Thành phố Hà Nội
origin:
  commune: "00004"
packaging: 2 ngày 1 đêm
net_weight: 4–12 khách
shelf_life: Quanh năm
ingredients: Phòng nghỉ, bữa tối, xe đạp
price:
  amount: 600000
  unit: khách
buy:
  - kind: shop
    url: https://homestay.example/dat-phong
traceability:
  - stage: Xây dựng sản phẩm
    date: "2024-06"
"""


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    """One tourism product with no coordinates, built with a repository to report to."""
    root = tmp_path_factory.mktemp("shopper")
    products = write_catalogue(root, textwrap.dedent(TOURISM), PRODUCER)
    result = mkdocs_build(root / "site", products, OCOP_REPO_URL=REPO_URL + "/")
    assert result.returncode == 0, result.stderr
    h = Host(root / "site")
    yield h
    h.close()


def test_tourism_products_get_labels_that_fit(browser, small_site, sample_server) -> None:
    with opened(browser, small_site.url + "p/hn-001/") as (page, _):
        terms = page.locator("#info-h + dl dt").all_inner_texts()
        assert terms == ["Thời lượng", "Sức chứa", "Mùa đón khách", "Dịch vụ gồm", "Giá tham khảo"]
        assert page.locator("#info-h").inner_text() == "Thông tin dịch vụ"
        assert page.locator("#or-h").inner_text() == "Địa điểm" and page.locator("#buy-h").inner_text() == "Đặt dịch vụ"
        # No coordinates: the map link searches for the commune.
        osm = urlsplit(page.locator("#map-osm").get_attribute("href"))
        assert osm.path == "/search" and "Phường Ba Đình" in unquote(osm.query)
        assert page.locator("#map-geo").count() == 0
    with opened(browser, f"{sample_server.url}p/hn-001/") as (page, _):  # a food product keeps its words
        terms = page.locator("#info-h + dl dt").all_inner_texts()
        assert "Thành phần" in terms and "Dịch vụ gồm" not in terms
    assert field_labels("tourism")["net_weight"] == ("Sức chứa", "Capacity")
    assert field_labels("food")["net_weight"] == ("Khối lượng tịnh", "Net weight")


def test_report_link_opens_the_issue_form_filled_in(browser, small_site) -> None:
    with opened(browser, small_site.url + "p/hn-001/") as (page, _):
        link = urlsplit(page.locator("#report").get_attribute("href"))
        assert f"{link.scheme}://{link.netloc}{link.path}" == REPO_URL + "/issues/new"
        q = {k: v[0] for k, v in parse_qs(link.query).items()}
        assert q["template"] == "sai-thong-tin.yml"
        assert "hn-001" in q["title"] and "Homestay thử nghiệm" in q["title"]
        assert q["url"] == SITE_URL + "p/hn-001/" and SITE_URL + "p/hn-001/" in q["body"] and "hn-001" in q["body"]
    with opened(browser, small_site.url + "p/hn-01/") as (page, _):  # the 404 page reports the address opened
        q = {k: v[0] for k, v in parse_qs(urlsplit(page.locator("#report").get_attribute("href")).query).items()}
        assert q["url"] == small_site.url + "p/hn-01/" and "hn-01" in q["title"]


def test_no_repository_no_report_link(monkeypatch, sample_site) -> None:
    # The sample site was built in this process's environment: a link exactly when it names a repository.
    built_with = repo_address(None)
    for page in ("p/hn-001/index.html", "404.html"):
        assert ('id="report"' in (sample_site / page).read_text(encoding="utf-8")) == bool(built_with), page
    monkeypatch.setenv("OCOP_REPO_URL", "")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_REPOSITORY", "org/ocop")
    assert repo_address(None) == ""  # set but empty: off, even in GitHub Actions
    monkeypatch.delenv("OCOP_REPO_URL")
    assert repo_address(None) == "https://github.com/org/ocop"
    assert repo_address("https://github.com/a/b.git") == "https://github.com/a/b"
    with pytest.raises(SettingError):
        repo_address("github.com/a/b")


# --- 7. every example in the docs and help texts works on the sample ----------------------------

CODE = re.compile(r"^[A-Za-z]{2,4}-?\d{3}$")
SEARCH_MD = re.compile(r"`([^`\n]+)`\s+(?:cũng\s+)?(?:tìm\s+)?ra\s+\*([^*\n]+)\*")
SEARCH_HTML = re.compile(r"<i>([^<]+)</i>\s+(?:(?:cũng\s+)?(?:tìm\s+)?ra|finds)\s+<i(?: lang=\"vi\")?>([^<]+)</i>")
URL_MD = re.compile(r"`((?:p|lo|chu-the|tinh|nhom|sao|trang-thai)/[^`<>\s/]+/|tim-kiem/\?[^`\s]+)`")
TYPED = re.compile(r"\bgõ\b|\bEnter\b|ô tìm kiếm")  # a code in such a sentence is one to type


@dataclass
class Examples:
    searches: list[tuple[str, str]] = field(default_factory=list)  # (typed, a name it finds first)
    codes: list[str] = field(default_factory=list)  # typed, then Enter: the product's page
    urls: list[str] = field(default_factory=list)  # site paths that must open


def doc_examples(site: Path) -> Examples:
    ex = Examples()
    for md in sorted((REPO / "content").rglob("*.md")):
        text = re.sub(r"```.*?```", "", md.read_text(encoding="utf-8"), flags=re.S)
        ex.searches += SEARCH_MD.findall(text)
        ex.urls += URL_MD.findall(text)
        for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)", text):
            if TYPED.search(block):
                ex.codes += [c for c in re.findall(r"`([^`\n]+)`", block) if CODE.match(c)]
    for help_page in ("tim-kiem/index.html", "404.html", "en/tim-kiem/index.html", "en/404.html"):
        if not (site / help_page).is_file():
            continue  # a site without its English edition
        html = (site / help_page).read_text(encoding="utf-8")
        ex.searches += SEARCH_HTML.findall(html)
        ex.codes += [c for c in re.findall(r"<i>([^<]+)</i>", html) if CODE.match(c)]
    return ex


def product_for(cat: Catalogue, code: str) -> str:
    bare = code.lower().replace("-", "")
    return next(p.id for p in cat.products if p.id == code.lower() or p.id.replace("-", "") == bare)


def search_for(page, text: str) -> list[str]:
    box = page.locator("#search-q")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(text)
    page.wait_for_function("q => document.getElementById('search-results').getAttribute('data-q') === q", arg=text)
    return page.locator("#search-results .card > a").all_inner_texts()


def test_every_example_in_the_docs_and_help_works(browser, sample_site, sample_server, cat) -> None:
    ex = doc_examples(sample_site)
    # The examples the issue names are among them, so this test cannot pass on nothing.
    assert ("mat ong rung", "Mật ong rừng tràm") in ex.searches and "hn001" in ex.codes
    assert any(u.startswith("p/") for u in ex.urls) and "tim-kiem/?q=mat+ong&sao=5" in ex.urls
    with opened(browser, sample_server.url + "tim-kiem/") as (page, _):
        page.wait_for_function("() => document.getElementById('search-status').textContent.indexOf('Nhập') === 0")
        for typed, name in dict.fromkeys(ex.searches):
            found = search_for(page, typed)
            assert found and fold(name) in fold(found[0]), (typed, name, found[:3])
    for code in dict.fromkeys(ex.codes):
        with opened(browser, sample_server.url + "tim-kiem/") as (page, _):
            page.wait_for_function("() => document.getElementById('search-status').textContent.indexOf('Nhập') === 0")
            search_for(page, code)
            page.keyboard.press("Enter")
            page.wait_for_url(f"**/p/{product_for(cat, code)}/")
    for url in dict.fromkeys(ex.urls):
        with opened(browser, sample_server.url + url) as (page, log):
            assert log.status == 200 and page.locator("h1").count() == 1, url
            if url.startswith("tim-kiem/?"):
                page.wait_for_function(
                    "() => /^\\d+ sản phẩm/.test(document.getElementById('search-status').textContent)"
                )
