"""GS1 identifiers as the catalogue uses them: GTINs, lot numbers (AI 10), Digital Link URIs and linksets.

Sources: GS1 General Specifications (GTIN check digit, 5.4.2; AI (10), 3.4.2; the AI encodable
character set 82, 7.11), GS1 Digital Link URI Syntax 1.4 (primary key ``/01/{gtin}``, then
qualifiers in a fixed order ``/10/{lot}``; percent-encoding of values, 4.3), GS1 Web Vocabulary
link types (``https://gs1.org/voc/pip`` …), and RFC 9264 (linkset). GTIN-13 codes with the
prefix 893 are issued by GS1 Vietnam.
"""

from __future__ import annotations

import re
from typing import Any

GTIN_LENGTHS = (8, 12, 13, 14)
VIETNAM_PREFIX = "893"
LOT_MAX = 20
# GS1 AI encodable character set 82 (General Specifications 7.11, figure 7.11-1).
CSET82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
# Characters of set 82 a lot number here may not hold: the lot's Digital Link page is a folder on a
# static host, and these cannot be part of a folder's name everywhere (/ divides paths; the others
# are refused by Windows checkouts and some hosts).
NOT_IN_FOLDER = frozenset('/"*:<>?\\')
# RFC 3986 unreserved characters: everything else in a value is percent-encoded (Digital Link 4.3).
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

VOC = "https://gs1.org/voc/"
LINK_TYPES = ("pip", "certificationInfo", "traceability", "recallStatus", "defaultLink")


def check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits before it (weights 3, 1, 3 … from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_problem(text: str) -> tuple[str, str] | None:
    """Why ``text`` is not a GTIN, in both languages, or None."""
    if not re.fullmatch(r"\d+", text):
        return ("GTIN chỉ gồm chữ số", "a GTIN has digits only")
    if len(text) not in GTIN_LENGTHS:
        return (
            f"GTIN dài {len(text)} chữ số; phải là 8, 12, 13 hoặc 14 chữ số (mã vạch EAN-13 của Việt Nam bắt đầu bằng 893)",
            f"a GTIN of {len(text)} digits; it must have 8, 12, 13 or 14 (Vietnamese EAN-13 codes start with 893)",
        )
    want = check_digit(text[:-1])
    if int(text[-1]) != want:
        return (
            f"số kiểm tra của GTIN sai: chữ số cuối phải là {want}, không phải {text[-1]}; hãy chép lại mã từ mã vạch",
            f"wrong GTIN check digit: the last digit must be {want}, not {text[-1]}; copy the code again from the barcode",
        )
    return None


def gtin14(gtin: str) -> str:
    """The 14-digit form Digital Link URIs use (zeros in front)."""
    return gtin.zfill(14)


def lot_problem(code: str) -> tuple[str, str] | None:
    """Why ``code`` cannot be a lot number here (GS1 AI 10, and a folder name on a static host), or None."""
    if not code:
        return ("số lô không được để trống", "a lot number must not be empty")
    if len(code) > LOT_MAX:
        return (
            f"số lô dài {len(code)} ký tự; theo GS1 (AI 10) tối đa {LOT_MAX}",
            f"the lot number has {len(code)} characters; GS1 (AI 10) allows at most {LOT_MAX}",
        )
    bad = sorted({c for c in code if c not in CSET82})
    if bad:
        return (
            f"số lô có ký tự không thuộc bộ ký tự GS1 ({' '.join(repr(c) for c in bad)}); chỉ dùng chữ Latinh không dấu, "
            "chữ số và dấu - . _",
            f"the lot number has characters outside the GS1 set ({' '.join(repr(c) for c in bad)}); use unaccented "
            "Latin letters, digits and - . _",
        )
    unsafe = sorted({c for c in code if c in NOT_IN_FOLDER})
    if unsafe or code in (".", ".."):
        return (
            f"số lô có ký tự không dùng được trong địa chỉ trang ({' '.join(unsafe) or code}); dùng chữ, số và - . _",
            f"the lot number has characters a page address cannot hold ({' '.join(unsafe) or code}); use letters, "
            "digits and - . _",
        )
    return None


def encode(value: str) -> str:
    """A Digital Link path value: every character but RFC 3986's unreserved ones percent-encoded."""
    return "".join(c if c in _UNRESERVED else "".join(f"%{b:02X}" for b in c.encode()) for c in value)


def digital_link(site_url: str, gtin: str, lot: str | None = None) -> str:
    """``https://<site>/01/<GTIN-14>`` or ``…/01/<GTIN-14>/10/<lot>``: the site is the resolver."""
    uri = f"{site_url.rstrip('/')}/01/{gtin14(gtin)}"
    return f"{uri}/10/{encode(lot)}" if lot is not None else uri


def lot_uri(site_url: str, gtin: str, code: str, page: str) -> str:
    """A lot's one identifier, in its QR code, its EPCIS document and its labels: the Digital Link URI
    when the product has a GTIN, else the lot's page (``page`` is its path, "lo/<id>/")."""
    return digital_link(site_url, gtin, code) if gtin else f"{site_url.rstrip('/')}/{page}"


def linkset(anchor: str, links: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """An RFC 9264 linkset (``application/linkset+json``) for one identifier.

    ``links`` maps a GS1 link type (``pip``, ``certificationInfo`` …) to its targets, each with
    ``href`` and optionally ``title``, ``type`` and ``hreflang``."""
    entry: dict[str, Any] = {"anchor": anchor}
    for link_type, targets in links.items():
        assert link_type in LINK_TYPES, link_type
        entry[VOC + link_type] = targets
    return {"linkset": [entry]}
