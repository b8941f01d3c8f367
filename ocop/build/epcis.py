"""EPCIS 2.0: every lot's events as a JSON-LD document beside its page, ``lo/<lot-id>/epcis.json``.

Circular 02/2024/TT-BKHCN asks for "one step back, one step forward" and who, what, where, when and
why for every event; TCVN 12850:2019 (the GS1 Global Traceability Standard) says how to share them:
as EPCIS events with CBV words. The mapping, field by field, is in content/truy-xuat.md. In short:

- what: a lot is a *class* of trade items (a GTIN and a lot number), never serial items, so every
  event names it in a quantity list (``epcClass``): its GS1 Digital Link URI when the product has a
  GTIN, else the lot's own page;
- the lot's first ``commissioning`` event (else its earliest event) is where it comes into being: a
  ``TransformationEvent`` from its inputs when it has some, else an ``ObjectEvent`` ``ADD``; it
  carries the lot number and dates as ILMD and the lot's size. Every other step is an ``ObjectEvent``
  ``OBSERVE``; the first ``shipping`` step names the first recipient; a recall is an ``ObjectEvent``
  with the disposition ``recalled``;
- when: Vietnam time, always ``+07:00``; where: the commune's page on this site;
- who, the stage's own words and evidence: the ``ocop:`` terms, defined on the page truy-xuat/.

Pure functions over the model: the same records give the same bytes (no clock is read).
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Iterator
from typing import Any

from ..domain import gs1
from ..domain.lots import Lot, LotEvent, Quantity
from ..domain.model import Catalogue, Product

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
# Vietnam has kept UTC+7 all year since 1975, with no daylight saving: every record time is this.
OFFSET = "+07:00"
# The page that defines the ocop: terms; a term's IRI is the page with the term as its fragment.
VOCAB_PAGE = "truy-xuat/"
FILE = "epcis.json"
# UN/ECE Recommendation 20 codes for the units a record writes that measure one thing only. Count
# words (hộp, chai …) have no such code: see _quantity.
UOM = {
    "kg": "KGM",
    "g": "GRM",
    "gam": "GRM",
    "tấn": "TNE",
    "l": "LTR",
    "lít": "LTR",
    "lit": "LTR",
    "ml": "MLT",
}
# RFC 3986 characters a URI may hold as they are; anything else in a record's link is percent-encoded.
_URI_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


def event_time(text: str) -> str:
    """A record time ("2026-08-08" or "2026-08-08T07:30", Vietnam time) as an EPCIS ``eventTime``."""
    day, _, clock = text.partition("T")
    return f"{day}T{clock or '00:00'}:00{OFFSET}"


def last_time(lot: Lot) -> str:
    """The latest moment the lot's record speaks of: its document's ``creationDate``.

    Not the build's clock, so an unchanged lot keeps the same bytes (and the site only rewrites the
    documents of lots that changed)."""
    times = [event_time(e.time) for e in lot.events]
    if lot.recall is not None:
        times.append(event_time(lot.recall.date.isoformat()))
    return max(times)  # one format, one offset: text order is time order


def as_uri(text: str) -> str:
    """A record's https link as a URI: characters RFC 3986 does not allow (accents, spaces) percent-encoded."""
    out = []
    for i, ch in enumerate(text):
        if ch in _URI_SAFE or (ch == "%" and _PERCENT.match(text, i)):
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode()))
    return "".join(out)


def product_class(base: str, product: Product) -> str:
    """A catalogue product as a class of trade items: ``…/01/<GTIN-14>``, or its page without a GTIN."""
    return gs1.digital_link(base, product.gtin) if product.gtin else base + product.url


def lot_class(base: str, cat: Catalogue, lot: Lot) -> str:
    """A lot as a class: ``…/01/<GTIN-14>/10/<lot number>`` (the QR code's text), or its page."""
    return gs1.lot_uri(base, cat.product_by_id[lot.product_id].gtin, lot.code, lot.url)


def place_uri(base: str, commune_code: str) -> str:
    """Where an event happened: the commune's page, which lists what happened there."""
    return f"{base}dia-diem/{commune_code}/"


def _word(text: str) -> str:
    words = unicodedata.normalize("NFC", text).casefold().split()
    return words[0] if words else ""


def _number(amount: float) -> int | float:
    return int(amount) if float(amount).is_integer() else amount


def _quantity(epc_class: str, quantity: Quantity | None, packaging: str = "") -> dict[str, Any]:
    """A quantity element. A measure (kg, l …) gets its UN/ECE code; a count needs no code, but only a
    count of the very pack the class names is one: "200 hộp" of a product sold in "Hộp giấy …". Any
    other amount (50 thùng of a product sold by the box, a unit this table does not know) is left out
    rather than published with a meaning it does not have."""
    element: dict[str, Any] = {"epcClass": epc_class}
    if quantity is None:
        return element
    unit = unicodedata.normalize("NFC", quantity.unit).strip().casefold()
    if unit in UOM:
        element["quantity"] = _number(quantity.amount)
        element["uom"] = UOM[unit]
    elif packaging and _word(unit) == _word(packaging) and float(quantity.amount).is_integer():
        element["quantity"] = _number(quantity.amount)
    return element


def _inputs(base: str, cat: Catalogue, lot: Lot) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One step back: the inputs' quantity elements, and what the record says of each (``ocop:inputs``)."""
    elements: list[dict[str, Any]] = []
    described: list[dict[str, Any]] = []
    for n, item in enumerate(lot.inputs, 1):
        source_lot = cat.lot_by_id.get(item.lot_id)
        product = cat.product_by_id.get(source_lot.product_id if source_lot else item.product_id)
        if source_lot is not None:
            epc_class = lot_class(base, cat, source_lot)
        elif product is not None:
            epc_class = product_class(base, product)
        else:
            # An input from outside the catalogue has no identifier of its own: a fragment of this lot's
            # page names it, stable as long as the record lists its inputs in the same order.
            epc_class = f"{base}{lot.url}#dau-vao-{n}"
        elements.append(_quantity(epc_class, item.quantity, product.packaging if product else ""))
        described.append({"id": epc_class, "ocop:what": item.what, "ocop:supplier": item.supplier})
    return elements, described


def _event_id(base: str, lot: Lot, key: str) -> str:
    """A UUID (version 5) from the site, the lot and the event's step, time and rank among equals.

    Not the CBV 2.0 event hash: that needs every identifier in GS1's canonical form, and a fixed
    name is as stable. Adding or reordering other events keeps an event's id; changing its step or
    time makes it another event."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}{lot.url}{FILE}#{key}"))


def _head(kind: str, event_id: str, time: str) -> dict[str, Any]:
    return {"type": kind, "eventID": event_id, "eventTime": time, "eventTimeZoneOffset": OFFSET}


def _origin(lot: Lot) -> LotEvent:
    """The event where the lot comes into being: its first commissioning, else its earliest event."""
    return next((e for e in lot.events if e.step == "commissioning"), lot.events[0])


def _recipient(base: str, lot: Lot) -> dict[str, Any]:
    """One step forward, as a shipping event's destination and its ``ocop:recipient``."""
    r = lot.recipient
    assert r is not None
    # The party that receives the goods holds them; whether it also owns them (a sale, or goods left
    # on consignment, common in OCOP shops) the record does not say, so it is not claimed.
    party = as_uri(r.url) if r.url else f"{base}{lot.url}#noi-nhan"
    destinations = [{"type": "possessing_party", "destination": party}]
    if r.commune is not None:
        destinations.append({"type": "location", "destination": place_uri(base, r.commune.code)})
    return {
        "destinationList": destinations,
        "ocop:recipient": {"id": party, "ocop:name": r.name, "ocop:kind": r.kind},
    }


def _ilmd(lot: Lot) -> dict[str, str]:
    """What is true of every item of the lot from its making on: CBV 2.0 lot-level master data."""
    ilmd = {"cbvmda:lotNumber": lot.code}
    if lot.best_before:
        ilmd["cbvmda:bestBeforeDate"] = lot.best_before.isoformat()
    if lot.expiry:
        ilmd["cbvmda:itemExpirationDate"] = lot.expiry.isoformat()
    return ilmd


def _what(base: str, cat: Catalogue, lot: Lot, origin: bool) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The event's type, its what (action and quantity lists) and the ``ocop:inputs`` of a transformation."""
    own = lot_class(base, cat, lot)
    if not origin:
        # Only the lot's own size is known; how much of it a step saw (a sample, a part shipped) is not.
        return "ObjectEvent", {"action": "OBSERVE", "quantityList": [{"epcClass": own}]}, {}
    size = _quantity(own, lot.quantity, cat.product_by_id[lot.product_id].packaging)
    if not lot.inputs:
        return "ObjectEvent", {"action": "ADD", "quantityList": [size]}, {}
    inputs, described = _inputs(base, cat, lot)
    return (
        "TransformationEvent",
        {"inputQuantityList": inputs, "outputQuantityList": [size]},
        {"ocop:inputs": described},
    )


def _step(base: str, cat: Catalogue, lot: Lot, event: LotEvent, key: str, origin: bool, ships: bool) -> dict[str, Any]:
    """One recorded event: ``origin`` where the lot comes into being, ``ships`` to its first recipient."""
    kind, what, inputs = _what(base, cat, lot, origin)
    out = {**_head(kind, _event_id(base, lot, key), event_time(event.time)), **what}
    out["bizStep"] = event.step  # a CBV 2.0 business step, written bare as EPCIS 2.0 JSON-LD does
    out["readPoint"] = {"id": place_uri(base, event.commune.code)}
    recipient = _recipient(base, lot) if ships and lot.recipient is not None else {}
    if recipient:
        out["destinationList"] = recipient.pop("destinationList")
    if origin:
        out["ilmd"] = _ilmd(lot)
    out["ocop:stage"] = event.stage
    out["ocop:actor"] = event.actor
    if event.place:
        out["ocop:place"] = event.place
    if event.evidence is not None:
        href = event.evidence.href
        out["ocop:evidence"] = as_uri(href) if href.startswith("https://") else base + href
    return {**out, **inputs, **recipient}


def _recall(base: str, cat: Catalogue, lot: Lot) -> dict[str, Any]:
    """A recall: the lot is no longer sellable, for good. CBV names ``holding`` as the step that goes with
    the disposition ``recalled``; the persistent disposition keeps it recalled whatever a later event says."""
    recall = lot.recall
    assert recall is not None
    day = recall.date.isoformat()
    return {
        **_head("ObjectEvent", _event_id(base, lot, f"recall/{day}"), event_time(day)),
        "action": "OBSERVE",
        "quantityList": [{"epcClass": lot_class(base, cat, lot)}],
        "bizStep": "holding",
        "disposition": "recalled",
        "persistentDisposition": {"set": ["recalled"]},
        "ocop:recallReason": recall.reason,
        "ocop:recallAction": recall.action,
    }


def lot_document(lot: Lot, cat: Catalogue, site_url: str, created: str | None = None) -> dict[str, Any]:
    """The lot's EPCIS 2.0 document. ``site_url`` is absolute; ``created`` (an EPCIS date-time) defaults
    to ``last_time(lot)``, never the clock."""
    base = as_uri(site_url.rstrip("/") + "/")
    origin = _origin(lot)
    shipping = next((e for e in lot.events if e.step == "shipping"), None)
    events: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for event in lot.events:
        rank = seen[(event.step, event.time)] = seen.get((event.step, event.time), -1) + 1
        key = f"{event.step}/{event.time}/{rank}"
        events.append(_step(base, cat, lot, event, key, event is origin, event is shipping))
    if lot.recall is not None:
        events.append(_recall(base, cat, lot))
    events.sort(key=lambda e: e["eventTime"])  # stable: the record's order among equal times
    return {
        "@context": [EPCIS_CONTEXT, {"ocop": base + VOCAB_PAGE + "#", "ocop:evidence": {"@type": "@id"}}],
        "id": base + lot.url + FILE,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": created or last_time(lot),
        "epcisBody": {"eventList": events},
    }


def document_bytes(document: dict[str, Any]) -> bytes:
    """The published form: UTF-8, Vietnamese as it is, keys in the order built, a final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def epcis_files(cat: Catalogue, site_url: str) -> dict[str, bytes]:
    """``lo/<lot-id>/epcis.json`` for every lot. Without ``site_url`` there are none: EPCIS identifiers
    are absolute URIs."""
    return dict(iter_epcis_files(cat, site_url))


def iter_epcis_files(cat: Catalogue, site_url: str) -> Iterator[tuple[str, bytes]]:
    """The EPCIS documents one at a time (a build stores each as it comes)."""
    if site_url:
        yield from ((f"{lot.url}{FILE}", document_bytes(lot_document(lot, cat, site_url))) for lot in cat.lots)
