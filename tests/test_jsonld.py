"""schema.org JSON-LD on product, lot and producer pages, Open Graph and canonical links on every page.

Every block is parsed and checked against the YAML record it comes from (read here with
``yaml.safe_load``, not through the model). ``rendered`` renders pages the way the build does, with
the stages' template filters and contexts, so these tests run before and after the builder is wired;
the ``sample_site`` tests read the real build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, SAMPLE_CACHE, TODAY
from markupsafe import Markup, escape

from ocop.build import jsonld, stats
from ocop.build.catalogue import load_catalogue
from ocop.build.pages import CONTEXTS, Shown, describe_pages
from ocop.build.photos import derive_all
from ocop.build.render import Site, make_env, render_page
from ocop.build.trace import TRACE_CONTEXTS, describe_trace_pages
from ocop.domain.units import units
from ocop.store import Store

SITE_URL = "https://ocop-demo.example/"
PRODUCTS = REPO / "products"
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
# The schema.org properties each type may use here: a misspelt property is an error, not silence.
ALLOWED = {
    "Product": {
        "@context", "@type", "@id", "name", "url", "description", "image", "gtin8", "gtin12", "gtin13", "gtin14",
        "category", "manufacturer", "countryOfOrigin", "hasCertification", "offers", "identifier",
        "productionDate", "isRelatedTo",
    },
    "Organization": {"@context", "@type", "@id", "name", "url", "address", "telephone", "email", "sameAs", "description"},
    "PostalAddress": {"@type", "streetAddress", "addressLocality", "addressRegion", "addressCountry"},
    "Country": {"@type", "name"},
    "Certification": {
        "@type", "name", "certificationIdentification", "certificationRating", "certificationStatus", "issuedBy",
        "validFrom", "expires",
    },
    "Rating": {"@type", "ratingValue", "bestRating", "worstRating"},
    "Offer": {"@type", "url", "seller", "price", "priceCurrency", "priceSpecification"},
    "UnitPriceSpecification": {"@type", "price", "priceCurrency", "unitText"},
    "PropertyValue": {"@type", "propertyID", "value"},
}  # fmt: skip


# --- rendering as the build does --------------------------------------------------------------


@functools.cache
def sample() -> tuple[Shown, frozenset[str]]:
    """The sample catalogue with its photo derivatives (in the test session's shared store)."""
    cat = load_catalogue(PRODUCTS, dt.date.fromisoformat(TODAY))
    store = Store(SAMPLE_CACHE)
    images, _files = derive_all(sorted({src for p in cat.products for src in p.images}), store, 1)
    shown = Shown(cat, images, SITE_URL, store)
    return shown, stats.placeholder_products(cat, images, store)


def environment() -> Any:
    env = make_env([REPO / "theme" / "catalogue"])
    env.filters.update(jsonld.TEMPLATE_FILTERS)
    env.globals.update(jsonld.TEMPLATE_GLOBALS)
    return env


class Assets(dict):
    """Every asset a template names, at a made-up path (the build hashes their names)."""

    def __missing__(self, name: str) -> str:
        return f"assets/{name}"


SITE = Site(
    name="Danh mục sản phẩm OCOP",
    url=SITE_URL,
    demo_banner=True,
    build_date=TODAY,
    assets=Assets(),
)
ALL_CONTEXTS = {**CONTEXTS, **TRACE_CONTEXTS, **stats.STATS_CONTEXTS}


def rendered(kinds: set[str] | None = None, shown: Shown | None = None) -> dict[str, str]:
    """Pages of the sample (or of ``shown``) rendered as the wired build renders them: path → HTML."""
    base_shown, placeholders = sample()
    shown = shown or base_shown
    pages = [
        *stats.with_province_figures(describe_pages(shown), shown, placeholders),
        *describe_trace_pages(shown),
        *stats.describe_stats_pages(shown, placeholders),
    ]
    env = environment()
    todo = shown.prepare([p for p in pages if kinds is None or p.kind in kinds])
    return {p.path: render_page(env, SITE, p, ALL_CONTEXTS[p.kind](shown, p)).decode() for p in todo}


def blocks(html: str) -> list[dict[str, Any]]:
    return [json.loads(text) for text in LD.findall(html)]


# --- the records, read on their own -------------------------------------------------------------


def records(kind: str) -> dict[str, dict[str, Any]]:
    folder = {"product": "san-pham", "producer": "chu-the", "lot": "san-pham/lo"}[kind]
    out = {}
    for path in sorted(PRODUCTS.glob(f"*/{folder}/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["id"]] = {**data, "_province": path.parts[len(PRODUCTS.parts)]}
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(day.year + year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError


def valid_until(rec: dict[str, Any]) -> dt.date:
    cert = rec["certificate"]
    if "valid_until" in cert:
        return dt.date.fromisoformat(cert["valid_until"])
    return add_months(dt.date.fromisoformat(cert["date"]), 36)  # QĐ 148/QĐ-TTg: 36 months


def active(rec: dict[str, Any]) -> bool:
    return rec.get("status") != "withdrawn" and valid_until(rec) >= dt.date.fromisoformat(TODAY)


# --- checks -------------------------------------------------------------------------------------


def check_types(node: Any, where: str) -> None:
    """Every object has a known @type and only that type's properties; every URL is absolute."""
    if isinstance(node, list):
        for item in node:
            check_types(item, where)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    assert kind in ALLOWED, (where, kind)
    assert set(node) <= ALLOWED[kind], (where, kind, set(node) - ALLOWED[kind])
    for key, value in node.items():
        if key in ("url", "@id") or (key == "image" and isinstance(value, list)):
            for url in value if isinstance(value, list) else [value]:
                assert url.startswith("https://"), (where, key, url)
        check_types(value, where)


def check_address(addr: dict[str, Any], rec: dict[str, Any]) -> None:
    commune = units().communes[rec["address"]["commune"]]
    assert addr["addressLocality"] == commune.name
    assert addr["addressRegion"] == commune.province.name
    assert addr["addressCountry"] == "VN"
    assert addr.get("streetAddress") == rec["address"].get("street")


def check_certification(cert: dict[str, Any], rec: dict[str, Any]) -> None:
    c = rec["certificate"]
    assert cert["@type"] == "Certification"
    assert cert["certificationIdentification"] == c["decision"]
    assert cert["issuedBy"] == {"@type": "Organization", "name": c["issuer"]}
    assert cert["certificationRating"]["ratingValue"] == rec["stars"]
    assert cert["certificationRating"]["bestRating"] == 5
    assert cert["validFrom"] == c["date"]
    assert cert["expires"] == valid_until(rec).isoformat()
    status = "CertificationActive" if active(rec) else "CertificationInactive"
    assert cert["certificationStatus"] == f"https://schema.org/{status}"


def check_product(block: dict[str, Any], rec: dict[str, Any], producer: dict[str, Any]) -> None:
    url = f"{SITE_URL}p/{rec['id']}/"
    assert block["@context"] == "https://schema.org" and block["@type"] == "Product"
    assert block["name"] == rec["name"] and block["url"] == url
    gtins = {k: v for k, v in block.items() if k.startswith("gtin")}
    assert gtins == ({f"gtin{len(rec['gtin'])}": rec["gtin"]} if "gtin" in rec else {})
    assert block["manufacturer"]["name"] == producer["name"]
    assert block["manufacturer"]["url"] == f"{SITE_URL}chu-the/{producer['id']}/"
    check_address(block["manufacturer"]["address"], producer)
    assert block["countryOfOrigin"] == {"@type": "Country", "name": "VN"}
    check_certification(block["hasCertification"], rec)
    assert block["image"][-1] == url + "the-chia-se.jpg"
    assert len(block["image"]) == len(rec["images"]) + 1
    links = [] if rec.get("status") == "withdrawn" else [b["url"] for b in rec.get("buy", [])]
    assert [o["url"] for o in block.get("offers", [])] == links
    for offer in block.get("offers", []):
        if "price" in rec:
            assert offer["price"] == rec["price"]["amount"] and offer["priceCurrency"] == "VND"
        else:
            assert "price" not in offer and "priceCurrency" not in offer


def test_every_block_matches_its_record() -> None:
    products, producers, lots = records("product"), records("producer"), records("lot")
    pages = rendered({"product", "producer", "lot"})
    seen = {"product": 0, "producer": 0, "lot": 0}
    for path, html in pages.items():
        found = blocks(html)
        assert len(found) == 1, path
        block = found[0]
        check_types(block, path)
        kind, ident = path.split("/")[0], path.split("/")[1]
        if kind == "p":
            rec = products[ident]
            check_product(block, rec, producers[rec["producer"]])
            seen["product"] += 1
        elif kind == "chu-the":
            rec = producers[ident]
            assert block["@type"] == "Organization" and block["name"] == rec["name"]
            check_address(block["address"], rec)
            assert block.get("telephone") == rec.get("contacts", {}).get("phone")
            seen["producer"] += 1
        else:
            rec = lots[ident]
            product = products[rec["product"]]
            assert block["@type"] == "Product" and block["url"] == f"{SITE_URL}lo/{ident}/"
            assert block["identifier"]["value"] == rec["code"]
            assert block["productionDate"] == rec["produced"]
            assert block["isRelatedTo"]["@id"] == f"{SITE_URL}p/{product['id']}/#product"
            assert block["isRelatedTo"]["name"] == product["name"]
            check_certification(block["hasCertification"], product)
            assert block.get("gtin13", block.get("gtin8")) == product.get("gtin")
            assert block["manufacturer"]["name"] == producers[product["producer"]]["name"]
            seen["lot"] += 1
    assert seen == {"product": len(products), "producer": len(producers), "lot": len(lots)}


def test_the_sample_exercises_every_field() -> None:
    """The sample has what the checks above need to mean something."""
    products = records("product")
    assert any("gtin" in r for r in products.values()) and any("gtin" not in r for r in products.values())
    assert any("price" in r and r.get("buy") for r in products.values())
    assert any(r.get("status") == "withdrawn" for r in products.values())
    assert any(not active(r) and r.get("status") != "withdrawn" for r in products.values())  # expired


HOSTILE = '</script><script>alert(1)</script><!-- <script> & "quoted" \u2028 </SCRIPT >'


def test_record_text_can_never_close_the_script_element() -> None:
    shown, _ = sample()
    cat = shown.cat
    p = cat.products[0]
    bad = dataclasses.replace(p, name=HOSTILE, description=Markup(f"<p>{escape(HOSTILE)}</p>"))
    products = (bad, *cat.products[1:])
    hostile_cat = dataclasses.replace(cat, products=products, product_by_id={**cat.product_by_id, p.id: bad})
    hostile = Shown(hostile_cat, shown.images, SITE_URL, shown.store)
    html = rendered({"product"}, hostile)[f"p/{p.id}/index.html"]
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    end = re.compile(r"</script", re.I).search(html, start)
    assert end is not None
    body = html[start : end.start()]  # where an HTML parser ends the element
    assert "<" not in body and ">" not in body
    data = json.loads(body)
    assert data["name"] == HOSTILE
    assert " ".join(HOSTILE.split()) in data["description"]  # plain text: runs of spaces become one


def test_ld_json_escapes_what_html_would_read() -> None:
    text = str(jsonld.ld_json({"a": "</script><!--&-->"}))
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026--\\u003e"}'
    assert json.loads(text) == {"a": "</script><!--&-->"}


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name") or ""] = a.get("content") or ""
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href") or "")


def head(html: str) -> Head:
    parser = Head()
    parser.feed(html)
    return parser


def check_open_graph(
    path: str, html: str, products: dict[str, dict[str, Any]], lots: dict[str, dict[str, Any]]
) -> None:
    h = head(html)
    url = SITE_URL + path.removesuffix("index.html")
    assert h.canonical == [url], path
    m = h.meta
    locale = "en_US" if path.startswith("en/") else "vi_VN"  # the English edition (editions.py)
    assert m["og:url"] == url and m["og:locale"] == locale and m["twitter:card"] == "summary_large_image", path
    assert m["og:title"] and m["og:description"], path
    assert (m["og:image:width"], m["og:image:height"]) == ("1200", "630")
    parts = path.removeprefix("en/").split("/")
    product = products.get(parts[1]) if parts[0] == "p" else None
    if parts[0] == "lo":
        product = products[lots[parts[1]]["product"]]
    if product is not None:
        assert m["og:type"] == "product", path
        assert m["og:image"] == f"{SITE_URL}p/{product['id']}/the-chia-se.jpg", path
    else:
        assert m["og:type"] == "website", path
        assert m["og:image"] == f"{SITE_URL}the-chia-se.jpg", path


def test_open_graph_and_canonical_on_every_catalogue_page() -> None:
    products, lots = records("product"), records("lot")
    for path, html in rendered().items():
        if "http-equiv" in html:  # a Digital Link page: its canonical is the page it leads to
            continue
        if path.endswith("404.html"):  # served at any missing address: no address of its own to share
            assert head(html).canonical == [] and 'content="noindex"' in html, path
            continue
        check_open_graph(path, html, products, lots)


# --- the real build (passes once the builder calls the new stages) ----------------------------------


def test_sample_site_pages_carry_their_blocks(sample_site: Path) -> None:
    products, producers, lots = records("product"), records("producer"), records("lot")
    for pid, rec in products.items():
        found = blocks((sample_site / "p" / pid / "index.html").read_text(encoding="utf-8"))
        assert len(found) == 1
        check_product(found[0], rec, producers[rec["producer"]])
    for lid in lots:
        assert len(blocks((sample_site / "lo" / lid / "index.html").read_text(encoding="utf-8"))) == 1
    for prid in producers:
        (block,) = blocks((sample_site / "chu-the" / prid / "index.html").read_text(encoding="utf-8"))
        assert block["@type"] == "Organization"


def test_sample_site_open_graph_everywhere(sample_site: Path) -> None:
    products, lots = records("product"), records("lot")
    for page in sorted(sample_site.rglob("index.html")):
        rel = page.relative_to(sample_site).as_posix()
        html = page.read_text(encoding="utf-8")
        if "http-equiv" in html:
            continue
        if "md-header" in html:  # a narrative page, written by MkDocs and Material
            h = head(html)
            assert h.canonical == [SITE_URL + rel.removesuffix("index.html")], rel
            assert h.meta["og:image"] == f"{SITE_URL}the-chia-se.jpg" and h.meta["og:url"] == h.canonical[0], rel
            continue
        check_open_graph(rel, html, products, lots)


@pytest.mark.parametrize("path", ["the-chia-se.jpg", "p/hn-001/the-chia-se.jpg"])
def test_sample_site_share_images_exist(sample_site: Path, path: str) -> None:
    assert (sample_site / path).stat().st_size <= 100_000
