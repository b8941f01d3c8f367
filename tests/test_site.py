"""A full `mkdocs build` of the bundled sample data, checked page by page."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import zxingcpp
from conftest import REPO, TODAY, mkdocs_build, write_catalogue
from PIL import Image

from ocop.build.catalogue import load_catalogue
from ocop.domain.model import ALL_GROUPS, Catalogue

SITE_URL = "https://ocop-demo.example/"


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    return load_catalogue(REPO / "products", dt.date.fromisoformat(TODAY))


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


class Links(HTMLParser):
    """Every URL a page refers to, by attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "action", "poster", "data"):
                self.urls.append((tag, name, value))
            elif name in ("srcset", "imagesrcset"):
                for part in value.split(","):
                    self.urls.append((tag, name, part.strip().split(" ")[0]))


def page_urls(html: str) -> list[tuple[str, str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.urls


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_sample_data_meets_its_promise(sample: Catalogue) -> None:
    assert len(sample.products) >= 40
    assert len(sample.producers) >= 15
    assert len(sample.provinces()) >= 8
    assert {p.group.key for p in sample.products} == {g.key for g in ALL_GROUPS}
    assert {p.stars for p in sample.products} == {3, 4, 5}
    statuses = {p.status for p in sample.products}
    assert {"expired", "withdrawn", "valid"} <= statuses
    assert all(len(p.traceability) >= 3 for p in sample.products)


def test_every_product_has_its_page_with_the_facts(sample_site: Path, sample: Catalogue) -> None:
    for p in sample.products:
        html = read(sample_site, f"p/{p.id}/index.html")
        producer = sample.producer_by_id[p.producer_id]
        assert "<h1" in html and p.name.replace("&", "&amp;") in html
        assert producer.name in html
        assert p.certificate.decision in html
        assert p.certificate.issuer in html
        assert f'data-valid-until="{p.certificate.valid_until}"' in html
        assert f'data-status="{p.status}"' in html
        assert p.origin.commune.name in html
        for step in p.traceability:
            assert step.stage in html
        for link in p.buy:
            # A withdrawn product is no longer sold as OCOP: its page keeps no shop links.
            assert (f'href="{link.url}"' in html) == (p.status != "withdrawn")
        assert "<svg" in html and 'class="qr"' in html
        assert '"qr.png"' in html or "'qr.png'" in html


def test_withdrawn_and_expired_products_say_so(sample_site: Path, sample: Catalogue) -> None:
    withdrawn = [p for p in sample.products if p.status == "withdrawn"]
    expired = [p for p in sample.products if p.status == "expired"]
    assert withdrawn and expired
    for p in withdrawn:
        html = read(sample_site, f"p/{p.id}/index.html")
        assert "Đã thu hồi" in html
        assert p.withdrawal is not None and p.withdrawal.reason.split()[0] in html
    for p in expired:
        assert "Đã hết hạn" in read(sample_site, f"p/{p.id}/index.html")


def test_qr_png_decodes_to_the_product_url(sample_site: Path, sample: Catalogue) -> None:
    for p in sample.products:
        img = Image.open(io.BytesIO((sample_site / "p" / p.id / "qr.png").read_bytes()))
        found = zxingcpp.read_barcodes(img)
        assert [b.text for b in found] == [f"{SITE_URL}p/{p.id}/"]


def test_producer_province_group_and_star_pages(sample_site: Path, sample: Catalogue) -> None:
    for pr in sample.producers:
        html = read(sample_site, f"chu-the/{pr.id}/index.html")
        assert pr.name in html
        for p in sample.products_by_producer.get(pr.id, ()):
            assert f"p/{p.id}/" in html
    for province, products in sample.provinces():
        assert province.name in read(sample_site, f"tinh/{province.slug}/index.html")
        assert listed(sample_site, f"tinh/{province.slug}/") == {p.id for p in products}
    for group, products in sample.by_group():
        assert group.label in read(sample_site, f"nhom/{group.slug}/index.html")
        assert listed(sample_site, f"nhom/{group.slug}/") == {p.id for p in products}
    for n, products in sample.by_stars():
        assert listed(sample_site, f"sao/{n}/") == {p.id for p in products}


def listed(site: Path, folder: str) -> set[str]:
    """The products a list shows, over all its pages."""
    ids: set[str] = set()
    for page in (site / folder).rglob("index.html"):
        ids |= set(re.findall(r'href="(?:\.\./)+p/([a-z0-9-]+)/"', page.read_text(encoding="utf-8")))
    return ids


def test_long_lists_are_paged(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from ocop.build.pages import CONTEXTS, LIST_PAGE_SIZE, best_first, list_pages

    class P:
        def __init__(self, i: int) -> None:
            self.id, self.stars, self.name, self.digest = f"x-{i:03d}", 3 + i % 3, f"Sản phẩm {i:03d}", f"d{i}"

    products = [P(i) for i in range(LIST_PAGE_SIZE * 2 + 5)]
    shown = SimpleNamespace(
        cat=SimpleNamespace(products=products),
        position={p.id: i for i, p in enumerate(products)},
        rank={p.id: i for i, p in enumerate(sorted(products, key=best_first))},  # what Shown.rank holds
        card=lambda p: {"product": p},
        card_deps=lambda p: (p.digest,),
    )
    pages = list(list_pages("sao/3/", "t", "stars", products, shown))
    assert [p.path for p in pages] == ["sao/3/index.html", "sao/3/trang/2/index.html", "sao/3/trang/3/index.html"]
    contexts = [CONTEXTS["list"](shown, p) for p in pages]
    assert [len(c["cards"]) for c in contexts] == [LIST_PAGE_SIZE, LIST_PAGE_SIZE, 5]
    assert contexts[0]["cards"][0]["product"].stars == 5  # best first
    assert pages[2].root == "../../../../"


def test_home_page_counts_and_entry_points(sample_site: Path, sample: Catalogue) -> None:
    html = read(sample_site, "index.html")
    text = re.sub(r"<[^>]+>", " ", html)
    assert str(len(sample.products)) in text and str(len(sample.producers)) in text
    for province, _ in sample.provinces():
        assert f"tinh/{province.slug}/" in html
    for group in ALL_GROUPS:
        assert group.url in html
    for n in (3, 4, 5):
        assert f"sao/{n}/" in html
    assert "san-pham/" in html


def test_narrative_pages_are_built_by_material(sample_site: Path) -> None:
    for page in ("gioi-thieu", "doc-trang-san-pham", "huong-dan-tinh", "dong-gop", "trien-khai", "kien-truc"):
        html = read(sample_site, f"{page}/index.html")
        assert 'lang="vi"' in html
        assert "md-header" in html  # Material's shell


BANNER = re.compile(r'class="(demo-banner|md-banner)[^"]*"[^>]*>(.(?!</div>|</p>)){0,400}Dữ liệu minh họa', re.S)


def test_demo_banner_on_every_page(sample_site: Path) -> None:
    for page in all_pages(sample_site):
        if page.name == "404.html":
            continue
        assert BANNER.search(page.read_text(encoding="utf-8")), page


def test_demo_banner_can_be_turned_off(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    site = tmp_path / "site"
    # Without the banner the site is the real one, so it needs its real address (QR codes carry it).
    result = mkdocs_build(site, products, OCOP_DEMO_BANNER="false", OCOP_SITE_URL="https://ocop.gov.example/")
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "p/hn-001/index.html", "gioi-thieu/index.html"):
        html = read(site, page)
        assert not BANNER.search(html), page
        assert "md-banner" not in html and "demo-banner" not in html


def test_nothing_is_loaded_from_another_host(sample_site: Path) -> None:
    for page in all_pages(sample_site):
        for tag, attr, url in page_urls(page.read_text(encoding="utf-8")):
            if tag == "a" and attr == "href" or url.startswith(SITE_URL):
                continue  # links a person follows (shops) and the site's own canonical URLs load nothing
            assert not re.match(r"^(https?:)?//", url), f"{page}: {tag} {attr}={url}"
    for css in sample_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
        assert "@import" not in css.read_text(encoding="utf-8"), css
    for page in all_pages(sample_site):
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8")


def test_no_path_of_the_build_machine_leaks(sample_site: Path) -> None:
    for f in sample_site.rglob("*"):
        if f.suffix in (".html", ".json", ".xml", ".js", ".css"):
            text = f.read_text(encoding="utf-8")
            assert str(REPO) not in text and "/tmp/" not in text, f


def test_schema_files_are_published_and_in_sync(sample_site: Path) -> None:
    for name in ("product", "producer"):
        published = (REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert read(sample_site, f"schema/{name}.schema.json") == published


def test_every_record_points_editors_at_the_schema() -> None:
    for path in (REPO / "products").rglob("*.yml"):
        kind = {"san-pham": "product", "chu-the": "producer", "lo": "lot"}[path.parent.name]
        up = "../../../../" if kind == "lot" else "../../../"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={up}schema/{kind}.schema.json", path
