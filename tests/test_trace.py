"""Traceability to the lot in the built sample: lot pages, recalls, GS1 Digital Link pages and linksets."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from conftest import REPO, TODAY
from PIL import Image
from test_browser import no_overflow, open_page
from zxingcpp import read_barcodes

from ocop.build.catalogue import load_catalogue
from ocop.domain import gs1

SITE_URL = "https://ocop-demo.example/"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(REPO / "products", dt.date.fromisoformat(TODAY))


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_sample_has_lots_as_the_issue_asks(cat) -> None:
    with_lots = {lot.product_id for lot in cat.lots}
    provinces = {cat.product_by_id[p].province.slug for p in with_lots}
    assert len(cat.lots) >= 30 and len(with_lots) >= 10 and len(provinces) >= 4
    assert any(lot.recalled for lot in cat.lots)
    # One step back reaches another sample product's lot.
    assert any(i.lot_id in cat.lot_by_id and i.product_id != lot.product_id for lot in cat.lots for i in lot.inputs)
    for p in (p for p in cat.products if p.gtin):
        assert p.gtin.startswith("893") and gs1.gtin_problem(p.gtin) is None
        assert "GTIN MINH HỌA" in p.source.read_text(encoding="utf-8")  # marked as invented


def test_every_lot_has_a_page_with_its_facts_and_timeline(sample_site: Path, cat) -> None:
    for lot in cat.lots:
        html = read(sample_site, f"lo/{lot.id}/index.html")
        product = cat.product_by_id[lot.product_id]
        assert f"<h1>Lô {lot.code}</h1>" in html
        assert f'href="../../{product.url}"' in html  # back to the product
        assert html.count("<li>") >= len(lot.events)
        for e in lot.events:
            assert e.stage in html
        assert (sample_site / lot.url / "qr.png").is_file()


def test_a_recalled_lot_says_so_first_and_its_product_lists_it(sample_site: Path, cat) -> None:
    lot = next(lot for lot in cat.lots if lot.recalled)
    html = read(sample_site, f"{lot.url}index.html")
    body = html[html.index("<main") :]
    assert body.index("Lô này đã bị thu hồi") < body.index("<h1>")  # before anything else on the page
    assert lot.recall.action in html and 'role="alert"' in html
    product = read(sample_site, f"p/{lot.product_id}/index.html")
    assert f"Lô {lot.code} đã bị thu hồi" in product and f"../../{lot.url}" in product


def test_an_input_from_another_lot_is_linked_one_step_back(sample_site: Path, cat) -> None:
    lot = next(lot for lot in cat.lots if any(i.lot_id in cat.lot_by_id for i in lot.inputs))
    source = next(cat.lot_by_id[i.lot_id] for i in lot.inputs if i.lot_id in cat.lot_by_id)
    html = read(sample_site, f"{lot.url}index.html")
    assert f'href="../../{source.url}">lô {source.code}</a>' in html


def test_digital_link_pages_send_the_phone_on(sample_site: Path, cat) -> None:
    product = next(p for p in cat.products if p.gtin and cat.lots_by_product.get(p.id))
    g14 = gs1.gtin14(product.gtin)
    for folder in (f"01/{g14}/", f"01/{product.gtin}/"):  # the padded form and the form as written
        html = read(sample_site, f"{folder}index.html")
        assert '<meta http-equiv="refresh" content="0; url=../../p/' in html
        assert f'<link rel="canonical" href="{SITE_URL}{product.url}">' in html
        assert f'<a href="../../{product.url}">{product.name}</a>' in html
    lot = cat.lots_by_product[product.id][0]
    html = read(sample_site, f"01/{g14}/10/{lot.code}/index.html")
    assert f'url=../../../../{lot.url}"' in html and f'href="{SITE_URL}{lot.url}"' in html


def test_linksets_follow_rfc_9264_with_gs1_link_types(sample_site: Path, cat) -> None:
    product = next(p for p in cat.products if p.gtin and any(lot.recalled for lot in cat.lots_by_product.get(p.id, ())))
    g14 = gs1.gtin14(product.gtin)
    data = json.loads(read(sample_site, f"01/{g14}/linkset.json"))
    (entry,) = data["linkset"]
    assert entry["anchor"] == f"{SITE_URL}01/{g14}"
    assert entry["https://gs1.org/voc/pip"][0]["href"] == SITE_URL + product.url
    assert "https://gs1.org/voc/certificationInfo" in entry
    lot = next(lot for lot in cat.lots_by_product[product.id] if lot.recalled)
    (entry,) = json.loads(read(sample_site, f"01/{g14}/10/{lot.code}/linkset.json"))["linkset"]
    assert entry["anchor"] == gs1.digital_link(SITE_URL, product.gtin, lot.code)
    assert {t["href"] for t in entry["https://gs1.org/voc/traceability"]} == {
        SITE_URL + lot.url,
        SITE_URL + lot.url + "epcis.json",
    }
    assert entry["https://gs1.org/voc/recallStatus"][0]["href"].endswith("#thu-hoi")
    for targets in (v for k, v in entry.items() if k != "anchor"):
        assert all(t["href"].startswith("https://") for t in targets)


@pytest.mark.parametrize("with_gtin", [True, False])
def test_a_lot_qr_code_carries_its_digital_link_or_its_page(sample_site: Path, cat, with_gtin: bool) -> None:
    lot = next(lot for lot in cat.lots if bool(cat.product_by_id[lot.product_id].gtin) == with_gtin)
    product = cat.product_by_id[lot.product_id]
    want = gs1.digital_link(SITE_URL, product.gtin, lot.code) if with_gtin else SITE_URL + lot.url
    img = Image.open(io.BytesIO((sample_site / lot.url / "qr.png").read_bytes()))
    assert [b.text for b in read_barcodes(img)] == [want]
    assert want in read(sample_site, f"{lot.url}index.html")


def test_gs1_identifiers() -> None:
    assert gs1.check_digit("893999900001") == 7  # GS1's mod-10 rule
    assert gs1.gtin_problem("8939999000017") is None and gs1.gtin_problem("8939999000018")
    assert gs1.gtin14("8939999000017") == "08939999000017"
    assert gs1.encode("AB 1!%") == "AB%201%21%25"
    assert (
        gs1.digital_link("https://x.example/", "8939999000017", "L/1") == "https://x.example/01/08939999000017/10/L%2F1"
    )
    assert gs1.lot_problem("A" * 21) and gs1.lot_problem("LÔ") and gs1.lot_problem("HN-1.2_a") is None


def test_the_product_page_shows_its_decision_and_score(sample_site: Path, cat) -> None:
    product = next(p for p in cat.products if p.certificate.document)
    html = read(sample_site, f"{product.url}index.html")
    doc = product.certificate.document
    assert doc.sha256 in html and f'href="../../{doc.href}"' in html
    assert (sample_site / doc.href).read_bytes() == (product.source.parent / doc.name).read_bytes()
    s = product.certificate.score
    assert f'<meter min="0" max="40" value="{s.a}"' in html
    assert "A – sản phẩm và sức mạnh cộng đồng (40 điểm)" in html


def test_place_pages_answer_for_every_event(sample_site: Path, cat) -> None:
    for lot in cat.lots:
        for e in lot.events:
            html = read(sample_site, f"dia-diem/{e.commune.code}/index.html")
            assert e.commune.name in html and f"../../{lot.url}" in html


@pytest.mark.parametrize("javascript", [True, False])
def test_the_recall_page_on_a_phone(browser, sample_server, cat, javascript: bool) -> None:
    lot = next(lot for lot in cat.lots if lot.recalled)
    context, page, errors, foreign, failed = open_page(browser, f"{sample_server.url}{lot.url}", javascript=javascript)
    try:
        notice = page.locator("#thu-hoi")
        assert notice.is_visible()
        box = notice.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740  # on the first screen
        color = notice.evaluate("e => getComputedStyle(e).backgroundColor")
        r, g, b = (int(x) for x in re.findall(r"\d+", color)[:3])
        assert r > g and r > b  # red
        assert no_overflow(page)
        assert errors == [] and foreign == [] and failed == []
    finally:
        context.close()


def test_a_lot_page_on_a_phone(browser, sample_server, cat) -> None:
    lot = max(cat.lots, key=lambda lot: len(lot.events) + len(lot.inputs))
    context, page, errors, foreign, failed = open_page(browser, f"{sample_server.url}{lot.url}")
    try:
        assert page.locator("h1").inner_text().strip() == f"Lô {lot.code}"
        assert no_overflow(page)
        assert page.locator(".timeline li").count() == len(lot.events)
        assert errors == [] and foreign == [] and failed == []
    finally:
        context.close()


def test_redirect_tables_list_every_digital_link_address(sample_site: Path, cat) -> None:
    from ocop.build.trace import redirect_files

    netlify = read(sample_site, "_redirects").splitlines()
    nginx = read(sample_site, "digital-link/nginx.map").splitlines()
    for p in (p for p in cat.products if p.gtin):
        g14 = gs1.gtin14(p.gtin)
        assert f"/01/{g14} /{p.url} 301" in netlify and f"/01/{p.gtin}/ /{p.url} 301" in netlify
        assert f"/01/{g14} /{p.url};" in nginx
        for lot in cat.lots_by_product.get(p.id, ()):
            assert f"/01/{g14}/10/{gs1.encode(lot.code)} /{lot.url} 301" in netlify
    # Under a sub-path, the targets carry it.
    files = redirect_files(cat, "https://so-nnmt.example/ocop/")
    assert files["_redirects"].decode().splitlines()[1].startswith("/ocop/01/")
