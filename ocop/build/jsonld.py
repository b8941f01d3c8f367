"""schema.org JSON-LD for product, lot and producer pages: pure functions from the model to dicts.

Search engines and the apps a shopper shares a link in read these blocks; the page itself shows
the same facts in words. Every URL is absolute (``site_url`` is required by the build), so a block
means the same wherever it is read.

The certificate is a schema.org ``Certification`` (a pending type since schema.org 26): the
decision number as ``certificationIdentification``, the stars as a ``Rating`` on the scale of QĐ
148/QĐ-TTg (certified products are graded 3 to 5 stars, so ``worstRating`` is 3), and
``CertificationActive`` while the certificate holds (valid or expiring soon), ``CertificationInactive``
once it has expired or been withdrawn.

A lot is a ``Product`` too: schema.org has no type for a batch, and ``IndividualProduct`` means one
serial-numbered item, which a lot of 300 boxes is not. Its lot number is an ``identifier``
(a ``PropertyValue`` named after GS1's AI 10), and ``isRelatedTo`` points at the product
(``isVariantOf`` would be wrong: its range is ``ProductGroup``/``ProductModel``, not ``Product``).

``ld_json`` writes a block so that no text from a record can end the ``<script>`` element or open an
HTML comment in it: ``<``, ``>`` and ``&`` become JSON ``\\u`` escapes, which parse back to the same text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from ..domain.lots import Lot
from ..domain.model import Certificate, Producer, Product
from .cards import CARD_NAME
from .photos import Derived

SCHEMA = "https://schema.org"
ACTIVE = "https://schema.org/CertificationActive"
INACTIVE = "https://schema.org/CertificationInactive"
COUNTRY = {"@type": "Country", "name": "VN"}  # ISO 3166-1 alpha-2, as Google's Product docs ask
DESCRIPTION_CHARS = 500  # enough for a search snippet; the page holds the whole text
LOT_ID_NAME = "GS1 AI (10) batch/lot number"


def _base(site_url: str) -> str:
    return site_url.rstrip("/") + "/"


def plain(html: Markup | str, limit: int = DESCRIPTION_CHARS) -> str:
    """A description's HTML as plain text, cut at a word near ``limit`` characters."""
    text = Markup(html).striptags()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def address(producer: Producer) -> dict[str, Any]:
    """The producer's address as a PostalAddress: 2025 units, so the commune is the locality."""
    out: dict[str, Any] = {"@type": "PostalAddress"}
    if producer.street:
        out["streetAddress"] = producer.street
    out.update(addressLocality=producer.commune.name, addressRegion=producer.province.name, addressCountry="VN")
    return out


def organization(site_url: str, producer: Producer, *, full: bool = False) -> dict[str, Any]:
    """The producer as an Organization; ``full`` adds its contacts (on its own page)."""
    url = _base(site_url) + producer.url
    out: dict[str, Any] = {
        "@type": "Organization",
        "@id": url + "#organization",
        "name": producer.name,
        "url": url,
        "address": address(producer),
    }
    if not full:
        return out
    c = producer.contacts
    if c.phone:
        out["telephone"] = c.phone
    if c.email:
        out["email"] = c.email
    if c.website:
        out["sameAs"] = [c.website]
    if producer.description:
        out["description"] = plain(producer.description)
    return out


def certification(product: Product) -> dict[str, Any]:
    cert: Certificate = product.certificate
    active = product.status in ("valid", "expiring")
    return {
        "@type": "Certification",
        "name": f"OCOP {product.stars} sao",
        "certificationIdentification": cert.decision,
        "certificationRating": {"@type": "Rating", "ratingValue": product.stars, "bestRating": 5, "worstRating": 3},
        "certificationStatus": ACTIVE if active else INACTIVE,
        "issuedBy": {"@type": "Organization", "name": cert.issuer},
        "validFrom": cert.date.isoformat(),
        "expires": cert.valid_until.isoformat(),
    }


def gtin_field(gtin: str) -> dict[str, str]:
    """``gtin8``/``gtin12``/``gtin13``/``gtin14`` by length; the generic ``gtin`` otherwise."""
    if not gtin:
        return {}
    return {f"gtin{len(gtin)}" if len(gtin) in (8, 12, 13, 14) else "gtin": gtin}


def offers(site_url: str, product: Product, producer: Producer) -> list[dict[str, Any]]:
    """An Offer per shop link, with the reference price when the record gives one; the producer's own
    shop is sold by the producer. A withdrawn product's page shows no shop, so it offers nothing here."""
    if product.withdrawal or product.status == "withdrawn":
        return []
    out = []
    for link in product.buy:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "url": link.url,
            "seller": {"@type": "Organization", "name": link.label, "url": f"https://{link.host}/"},
        }
        if link.kind == "shop":
            seller = organization(site_url, producer)
            offer["seller"] = {k: seller[k] for k in ("@type", "@id", "name")}
        if product.price is not None:
            offer.update(price=product.price, priceCurrency="VND")
            if product.price_unit:
                offer["priceSpecification"] = {
                    "@type": "UnitPriceSpecification",
                    "price": product.price,
                    "priceCurrency": "VND",
                    "unitText": product.price_unit,
                }
        out.append(offer)
    return out


def images(site_url: str, product: Product, photos: Sequence[Derived]) -> list[str]:
    """The largest JPEG of each photo, then the share card: absolute URLs."""
    base = _base(site_url)
    return [base + "img/" + ph.variants[-1].jpeg for ph in photos] + [base + product.url + CARD_NAME]


def product_ld(site_url: str, product: Product, producer: Producer, photos: Sequence[Derived]) -> dict[str, Any]:
    """The product page's block."""
    url = _base(site_url) + product.url
    out: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Product",
        "@id": url + "#product",
        "name": product.name,
        "url": url,
        "description": plain(product.description),
        "image": images(site_url, product, photos),
        **gtin_field(product.gtin),
        "category": product.group.label,
        "manufacturer": organization(site_url, producer),
        "countryOfOrigin": COUNTRY,
        "hasCertification": certification(product),
    }
    sold = offers(site_url, product, producer)
    if sold:
        out["offers"] = sold
    return out


def lot_ld(site_url: str, lot: Lot, product: Product, producer: Producer) -> dict[str, Any]:
    """A lot page's block: the lot as a Product with its lot number, related to the product."""
    base = _base(site_url)
    out: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Product",
        "@id": base + lot.url + "#lot",
        "name": f"{product.name} — lô {lot.code}",
        "url": base + lot.url,
        "identifier": {"@type": "PropertyValue", "propertyID": LOT_ID_NAME, "value": lot.code},
        "productionDate": lot.produced.isoformat(),
        "image": [base + product.url + CARD_NAME],
        **gtin_field(product.gtin),
        "manufacturer": organization(site_url, producer),
        "countryOfOrigin": COUNTRY,
        "hasCertification": certification(product),
        "isRelatedTo": {"@type": "Product", "@id": base + product.url + "#product", "name": product.name},
    }
    if lot.recall:
        out["description"] = f"Lô đã bị thu hồi ngày {lot.recall.date.isoformat()}: {lot.recall.reason}"
    return out


def producer_ld(site_url: str, producer: Producer) -> dict[str, Any]:
    """A producer page's block: the Organization with its address and contacts."""
    return {"@context": SCHEMA, **organization(site_url, producer, full=True)}


def ld_json(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)


# What render.make_env adds to the templates' environment.
TEMPLATE_FILTERS = {"ld_json": ld_json}
TEMPLATE_GLOBALS = {
    "product_ld": product_ld,
    "lot_ld": lot_ld,
    "producer_ld": producer_ld,
    "share_card": CARD_NAME,
}
