"""Lots (batches): the package in a shopper's hand, one step back and one step forward.

A lot lives in its own record, ``<province>/san-pham/lo/<id>.yml``, beside the product it belongs
to: the province that owns the product owns its lots (the scope check covers them), and a
producer with fifty lots a year adds fifty small files, not fifty entries to the product record.
Circular 02/2024/TT-BKHCN asks for "one step back, one step forward" and who, what, where, when
and why for every event: the inputs and their suppliers, the first recipient, and each event's
actor, step, place and time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .dates import parse_date
from .english import NO_ENGLISH, English, english
from .schema import LOT_STEPS, RECIPIENT_KINDS
from .text import NO_HTML, as_markup, markdown
from .units import Commune, units


@dataclass(frozen=True, slots=True)
class Document:
    """Evidence or a decision: a file published from the record's folder, or a link."""

    href: str  # the site path of a published file ("tai-lieu/<sha256>.pdf"), or an https link
    sha256: str = ""  # of a published file: a shopper can compare it with the paper
    name: str = ""  # the file as the record names it ("tai-lieu/qd-1234.pdf"), or the link's host

    @property
    def is_file(self) -> bool:
        return bool(self.sha256)


@dataclass(frozen=True, slots=True)
class Quantity:
    amount: float
    unit: str

    @property
    def text(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        return f"{amount:,}".replace(",", ".") + f" {self.unit}"


@dataclass(frozen=True, slots=True)
class LotEvent:
    stage: str
    step: str  # GS1 CBV business step
    time: str  # "2026-08-08" or "2026-08-08T07:30", Vietnam time
    commune: Commune
    place: str
    actor: str
    details: Markup = Markup("")
    evidence: Document | None = None

    @property
    def step_label(self) -> str:
        return LOT_STEPS[self.step][0]


@dataclass(frozen=True, slots=True)
class LotInput:
    what: str
    supplier: str
    product_id: str = ""  # when the input is an OCOP product of this catalogue
    lot_id: str = ""  # when it is a lot of this catalogue
    quantity: Quantity | None = None


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    kind: str
    commune: Commune | None = None
    url: str = ""

    @property
    def kind_label(self) -> str:
        return RECIPIENT_KINDS[self.kind][0]


@dataclass(frozen=True, slots=True)
class Recall:
    date: dt.date
    reason: str
    action: str


@dataclass(frozen=True, slots=True)
class Lot:
    id: str
    product_id: str
    code: str  # the lot number on the pack (GS1 AI 10)
    produced: dt.date
    events: tuple[LotEvent, ...]
    source: Path
    digest: str = ""  # of the record file, its dates and documents: what the pages showing this lot depend on
    best_before: dt.date | None = None
    expiry: dt.date | None = None
    quantity: Quantity | None = None
    inputs: tuple[LotInput, ...] = ()
    recipient: Recipient | None = None
    recall: Recall | None = None
    en: English = NO_ENGLISH  # the record's English, if it has some (english.py)
    # When the record was first published and last changed (git history, else the production date).
    created: dt.date | None = None
    updated: dt.date | None = None

    @property
    def url(self) -> str:
        return f"lo/{self.id}/"

    @property
    def recalled(self) -> bool:
        return self.recall is not None


def _s(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    return value if isinstance(value, str) else ""


def _quantity(d: Any) -> Quantity | None:
    return Quantity(d["amount"], d["unit"]) if isinstance(d, dict) else None


def document(value: str, digests: dict[str, str], folder: Path) -> Document:
    """A record's document value as the model shows it; ``digests`` has the SHA-256 of files in the folder."""
    if value.startswith("https://"):
        return Document(value, "", value.split("/")[2])
    sha = digests[str(folder / value)]
    suffix = value.rsplit(".", 1)[-1].lower()
    return Document(f"tai-lieu/{sha}.{suffix}", sha, value)


def build_lot(
    data: dict[str, Any], source: Path, html: dict[str, str], digests: dict[str, str], digest: str = ""
) -> Lot:
    """The model of one checked lot record. ``source`` is its file in ``san-pham/lo/``."""
    folder = source.parent.parent  # documents are named from san-pham/, like photos
    events = []
    for i, e in enumerate(data["events"]):
        place = e["place"]
        events.append(
            LotEvent(
                stage=e["stage"],
                step=e["step"],
                time=e["time"],
                commune=units().communes[place["commune"]],
                place=_s(place, "name"),
                actor=e["actor"],
                details=as_markup(html[f"events.{i}.details"]) if f"events.{i}.details" in html else NO_HTML,
                evidence=document(e["evidence"], digests, folder) if "evidence" in e else None,
            )
        )
    recipient = data.get("recipient")
    recall = data.get("recall")
    return Lot(
        id=data["id"],
        product_id=data["product"],
        code=data["code"],
        produced=parse_date(data["produced"]),  # type: ignore[arg-type]
        events=tuple(sorted(events, key=lambda e: e.time)),
        source=source,
        digest=digest,
        best_before=parse_date(data.get("best_before")),
        expiry=parse_date(data.get("expiry")),
        quantity=_quantity(data.get("quantity")),
        inputs=tuple(
            LotInput(i["what"], i["supplier"], _s(i, "product"), _s(i, "lot"), _quantity(i.get("quantity")))
            for i in data.get("inputs", ())
        ),
        recipient=Recipient(
            recipient["name"],
            recipient["kind"],
            units().communes[recipient["commune"]] if "commune" in recipient else None,
            _s(recipient, "url"),
        )
        if recipient
        else None,
        recall=Recall(parse_date(recall["date"]), recall["reason"], recall["action"]) if recall else None,  # type: ignore[arg-type]
        en=english(data),
    )


def render_lot_texts(data: dict[str, Any]) -> dict[str, str]:
    """The HTML of a lot's Markdown fields (each event's details), by field path."""
    return {
        f"events.{i}.details": str(markdown(e["details"]))
        for i, e in enumerate(data.get("events") or ())
        if isinstance(e, dict) and isinstance(e.get("details"), str)
    }
