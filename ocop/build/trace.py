"""Traceability pages: a page per lot, the GS1 Digital Link addresses, and the places events happen.

- ``lo/<lot-id>/``: the lot's own page (its recall first, in red, with JavaScript off too), the
  product's card, the lot's facts, its timeline, one step back (inputs, linked when they are in the
  catalogue) and one step forward (the first recipient), its QR code and label.
- ``01/<GTIN-14>/`` and ``01/<GTIN-14>/10/<lot>/``: the GS1 Digital Link URIs answered by a
  static host. Each is a small page a phone follows at once (``<meta http-equiv="refresh">``, a
  canonical link, a visible link) with an RFC 9264 linkset beside it (``linkset.json``); the
  GTIN as written (8, 12 or 13 digits) answers too. Hosts that can send a real 301 are shown how in
  content/trien-khai.md.
- ``dia-diem/<commune>/``: where events happened, so an EPCIS ``readPoint`` is an address that
  answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ..domain import gs1
from ..domain.lots import Lot
from ..domain.model import Catalogue, Product
from ..domain.units import units
from .labels import printable_lot
from .pages import Page, Shown


def lot_url(site_url: str, cat: Catalogue, lot: Lot) -> str:
    """What a lot's QR code carries: its Digital Link URI when the product has a GTIN, else its page
    (the same identifier its EPCIS document uses)."""
    return gs1.lot_uri(site_url, cat.product_by_id[lot.product_id].gtin, lot.code, lot.url)


def _lot_deps(shown: Shown, lot: Lot) -> tuple[str, ...]:
    cat = shown.cat
    product = cat.product_by_id[lot.product_id]
    linked = [cat.lot_by_id[i.lot_id].digest for i in lot.inputs if i.lot_id in cat.lot_by_id]
    linked += [cat.product_by_id[i.product_id].digest for i in lot.inputs if i.product_id in cat.product_by_id]
    return (
        lot.digest,
        *shown.card_deps(product),
        cat.producer_by_id[product.producer_id].digest,
        *linked,
    )


def gtin_paths(product: Product) -> list[str]:
    """The folders a product's GTIN answers at: the 14-digit form, and the form as written."""
    forms = [gs1.gtin14(product.gtin)]
    if product.gtin != forms[0]:
        forms.append(product.gtin)
    return [f"01/{f}/" for f in forms]


def describe_trace_pages(shown: Shown) -> Iterator[Page]:
    cat = shown.cat
    position = {lot.id: i for i, lot in enumerate(cat.lots)}
    for i, lot in enumerate(cat.lots):
        yield Page(
            f"{lot.url}index.html",
            "lot.html",
            "lot",
            (i,),
            _lot_deps(shown, lot),
            qr_url=lot_url(shown.site_url, cat, lot),
        )
    for i, p in enumerate(cat.products):
        if not p.gtin:
            continue
        for folder in gtin_paths(p):
            yield Page(f"{folder}index.html", "redirect.html", "dl-product", (i,), (p.digest, p.url))
            for lot in cat.lots_by_product.get(p.id, ()):
                path = f"{folder}10/{lot.code}/index.html"
                yield Page(path, "redirect.html", "dl-lot", (position[lot.id],), (lot.digest, p.digest, lot.url))
    for code, lots in places(cat).items():
        ref = (code, tuple(position[lot.id] for lot in lots))
        yield Page(f"dia-diem/{code}/index.html", "place.html", "place", ref, tuple(lot.digest for lot in lots))


def places(cat: Catalogue) -> dict[str, list[Lot]]:
    """The communes where lots' events happened or their first recipients are, with those lots."""
    by: dict[str, list[Lot]] = {}
    for lot in cat.lots:
        codes = {e.commune.code for e in lot.events}
        if lot.recipient and lot.recipient.commune:
            codes.add(lot.recipient.commune.code)
        for code in sorted(codes):
            by.setdefault(code, []).append(lot)
    return dict(sorted(by.items()))


def _lot(shown: Shown, page: Page) -> dict[str, Any]:
    cat = shown.cat
    lot = cat.lots[page.ref[0]]
    product = cat.product_by_id[lot.product_id]
    inputs = []
    for item in lot.inputs:
        linked_lot = cat.lot_by_id.get(item.lot_id)
        linked_product = cat.product_by_id.get(item.product_id or (linked_lot.product_id if linked_lot else ""))
        inputs.append({"input": item, "lot": linked_lot, "product": linked_product})
    return {
        "lot": lot,
        "product": product,
        "card": shown.card(product),
        "producer": cat.producer_by_id[product.producer_id],
        "inputs": inputs,
        "qr_svg": page.qr_svg,
        "qr_text": page.qr_url,
        "label": printable_lot(cat, lot),  # a recalled lot, or one of a lapsed certificate, gets none
        "digital_link": gs1.digital_link(shown.site_url, product.gtin, lot.code) if product.gtin else "",
    }


def _redirect(shown: Shown, page: Page) -> dict[str, Any]:
    cat = shown.cat
    if page.kind == "dl-product":
        p = cat.products[page.ref[0]]
        target, title = p.url, p.name
    else:
        lot = cat.lots[page.ref[0]]
        p = cat.product_by_id[lot.product_id]
        target, title = lot.url, f"{p.name} — lô {lot.code}"
    return {"target": target, "title": title, "canonical": shown.site_url + target}


def _place(shown: Shown, page: Page) -> dict[str, Any]:
    code, positions = page.ref
    rows = []
    for lot in (shown.cat.lots[i] for i in positions):
        steps = [e for e in lot.events if e.commune.code == code]
        rows.append({"lot": lot, "product": shown.cat.product_by_id[lot.product_id], "steps": steps})
    return {"commune": units().communes[code], "rows": rows}


TRACE_CONTEXTS: dict[str, Callable[[Shown, Page], dict[str, Any]]] = {
    "lot": _lot,
    "dl-product": _redirect,
    "dl-lot": _redirect,
    "place": _place,
}


def iter_linksets(cat: Catalogue, site_url: str) -> Iterator[tuple[str, bytes]]:
    """``linkset.json`` beside every Digital Link page (RFC 9264, GS1 link types), one at a time (a
    build stores each as it comes)."""
    base = site_url.rstrip("/") + "/"
    for p in cat.products:
        if not p.gtin:
            continue
        links = {
            "pip": [{"href": base + p.url, "title": p.name, "type": "text/html", "hreflang": ["vi"]}],
            "certificationInfo": [
                {"href": base + p.url + "#cert-h", "title": f"Giấy chứng nhận OCOP {p.stars} sao", "type": "text/html"}
            ],
            "defaultLink": [{"href": base + p.url, "title": p.name, "type": "text/html"}],
        }
        for folder in gtin_paths(p):
            yield f"{folder}linkset.json", _json(gs1.linkset(gs1.digital_link(site_url, p.gtin), links))
            for lot in cat.lots_by_product.get(p.id, ()):
                lot_links = {
                    "pip": links["pip"],
                    "certificationInfo": links["certificationInfo"],
                    "traceability": [
                        {"href": base + lot.url, "title": f"Lô {lot.code}", "type": "text/html"},
                        {"href": base + lot.url + "epcis.json", "title": "EPCIS 2.0", "type": "application/ld+json"},
                    ],
                    "defaultLink": [
                        {"href": base + lot.url, "title": f"{p.name} — lô {lot.code}", "type": "text/html"}
                    ],
                }
                if lot.recalled:
                    lot_links["recallStatus"] = [
                        {"href": base + lot.url + "#thu-hoi", "title": "Lô đã bị thu hồi", "type": "text/html"}
                    ]
                anchor = gs1.digital_link(site_url, p.gtin, lot.code)
                yield f"{folder}10/{lot.code}/linkset.json", _json(gs1.linkset(anchor, lot_links))


def redirect_files(cat: Catalogue, site_url: str) -> dict[str, bytes]:
    """Digital Link addresses as real redirects, for hosts that can send a 301 (content/trien-khai.md):
    ``_redirects`` (Netlify, Cloudflare Pages), and maps for nginx and Apache under ``digital-link/``.
    Each address is listed with and without its final slash, as GS1 writes it (no slash)."""
    return {path: b"".join(pieces) for path, pieces in iter_redirect_files(cat, site_url)}


def iter_redirect_files(cat: Catalogue, site_url: str) -> Iterator[tuple[str, list[bytes]]]:
    """redirect_files one file at a time, each as pieces of a few thousand lines: the three tables
    joined and encoded at once grew a 20,000-product build by ~60 MB."""
    prefix = "/" + site_url.split("://", 1)[-1].split("/", 1)[-1] if site_url.count("/") > 2 else "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    pairs: list[tuple[str, str]] = []
    for p in cat.products:
        if not p.gtin:
            continue
        for folder in gtin_paths(p):
            pairs.append((prefix + folder.rstrip("/"), prefix + p.url))
            for lot in cat.lots_by_product.get(p.id, ()):
                # As written in a QR code (percent-encoded) and as most servers compare paths (decoded).
                for code in dict.fromkeys((gs1.encode(lot.code), lot.code)):
                    pairs.append((f"{prefix}{folder}10/{code}", prefix + lot.url))
    pairs.sort()
    head = "# Sinh tự động khi dựng trang / generated by the build: GS1 Digital Link → page\n".encode()
    for path, line in (
        ("_redirects", "{a} {b} 301\n{a}/ {b} 301\n"),
        ("digital-link/nginx.map", "{a} {b};\n{a}/ {b};\n"),
        ("digital-link/apache.map", "{a} {b}\n{a}/ {b}\n"),
    ):
        pieces = [head]
        for i in range(0, len(pairs), 4000):
            pieces.append("".join(line.format(a=a, b=b) for a, b in pairs[i : i + 4000]).encode())
        yield path, pieces


def lot_qr_urls(cat: Catalogue, site_url: str) -> dict[str, str]:
    """Each lot's QR code text, by lot id."""
    return {lot.id: lot_url(site_url, cat, lot) for lot in cat.lots}


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
