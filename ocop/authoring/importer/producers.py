"""Producers: a name as lists write it, compared with the producer records of the province and with
those created earlier in the same run; the kind of a new producer told from its name.

Names compare with abbreviations expanded (HTX, HTXNN, THT, DNTN, Cty, TNHH, HKD, SXKD…), case,
diacritics placement and punctuation ignored. A trailing ", xã …" in the producer cell is an
address, not part of the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ...build.discover import PRODUCER_DIR, PRODUCT_DIR
from ...build.load import load_file
from ...domain.fold import fold, tone_key_word, words
from ...domain.schema import PRODUCER_KINDS
from .gazetteer import is_street_part, unit_of
from .result import NewProducer, Reason

ABBREVIATIONS = {
    "htx": "hợp tác xã",
    "htxnn": "hợp tác xã nông nghiệp",
    "htxdv": "hợp tác xã dịch vụ",
    "tht": "tổ hợp tác",
    "dntn": "doanh nghiệp tư nhân",
    "cty": "công ty",
    "ctcp": "công ty cổ phần",
    "tnhh": "trách nhiệm hữu hạn",
    "hkd": "hộ kinh doanh",
    "sxkd": "sản xuất kinh doanh",
    "sx": "sản xuất",
    "kd": "kinh doanh",
    "tm": "thương mại",
    "dv": "dịch vụ",
    "nn": "nông nghiệp",
    "xnk": "xuất nhập khẩu",
    "xk": "xuất khẩu",
}


def _expanded_words(text: str) -> list[str]:
    out: list[str] = []
    for w in words(text):
        f = fold(w)
        out.extend(words(ABBREVIATIONS[f]) if f in ABBREVIATIONS else [w])
    return out


def producer_key(name: str) -> str:
    """The comparison form of a producer name: abbreviations expanded, tone placement and punctuation ignored."""
    return " ".join(tone_key_word(w) for w in _expanded_words(name))


def name_key(name: str) -> str:
    """The comparison form of a product name: case, tone placement and punctuation ignored."""
    return " ".join(tone_key_word(w) for w in words(name))


# Kind phrases as folded words; the earliest in the name decides ("Chi nhánh Công ty…" → enterprise).
KIND_PHRASES: list[tuple[str, str]] = [
    ("to hop tac", "cooperative-group"),
    ("hop tac xa", "cooperative"),
    ("cooperative", "cooperative"),
    ("cong ty", "enterprise"),
    ("doanh nghiep", "enterprise"),
    ("company", "enterprise"),
    ("co ltd", "enterprise"),
    ("corporation", "enterprise"),
    ("jsc", "enterprise"),
    ("ho kinh doanh", "household"),
    ("ho san xuat", "household"),
    ("co so", "household"),
    ("household", "household"),
]


def guess_kind(name: str) -> str | None:
    """The producer kind its name tells ("HTX …" → cooperative), or None."""
    expanded = _expanded_words(name)
    folded = " ".join(fold(w) for w in expanded)
    best: tuple[int, int, str] | None = None
    for phrase, kind in KIND_PHRASES:
        m = re.search(rf"(?:^| ){re.escape(phrase)}(?: |$)", folded)
        if m:
            cand = (m.start(), -len(phrase), kind)
            best = cand if best is None or cand < best else best
    if best is not None:
        return best[2]
    # "Hộ Nguyễn Văn A", "Hộ SXKD …": the word hộ (household) first, with its tone (not "Hồ", a name).
    if expanded and tone_key_word(expanded[0]) == "hô5":
        return "household"
    return None


def split_producer(text: str) -> str:
    """'HTX Tân Qui, xã An Phú Tân' → 'HTX Tân Qui': a trailing address is not part of the name."""
    parts = [p.strip() for p in re.split(r"[,;]", text)]
    kept = [parts[0]]
    for p in parts[1:]:
        if unit_of(p)[0] is not None or is_street_part(p):
            break
        kept.append(p)
    name = ", ".join(p for p in kept if p)
    return name[:1].upper() + name[1:] if name else name


@dataclass
class Existing:
    """The records already in the province folder, as the importer compares them."""

    producers: dict[str, list[str]] = field(default_factory=dict)  # producer key → ids
    names: dict[str, str] = field(default_factory=dict)  # producer id → name
    products: dict[tuple[str, str], Path] = field(default_factory=dict)  # (product name key, producer id) → path


def existing_records(products_dir: Path, province: str) -> Existing:
    """The producer and product records of the province folder (unreadable ones are ``ocop check``'s business)."""
    out = Existing()
    base = products_dir / province
    for path in sorted((base / PRODUCER_DIR).glob("*.y*ml")):
        record, _ = load_file(path)
        if record is None:
            continue
        d = record.data
        if isinstance(d.get("name"), str) and isinstance(d.get("id"), str):
            out.producers.setdefault(producer_key(d["name"]), []).append(d["id"])
            out.names[d["id"]] = d["name"]
    for path in sorted((base / PRODUCT_DIR).glob("*.y*ml")):
        record, _ = load_file(path)
        if record is None:
            continue
        d = record.data
        if isinstance(d.get("name"), str) and isinstance(d.get("producer"), str):
            out.products.setdefault((name_key(d["name"]), d["producer"]), path)
    return out


@dataclass
class ProducerMatch:
    """Who a row's producer cell names: a record, a producer created earlier in this run, or one to create."""

    name: str  # without a trailing address
    id: str | None = None
    new: NewProducer | None = None  # created earlier in this run
    kind: str | None = None  # the kind of a producer to create, once the row is complete
    reasons: list[Reason] = field(default_factory=list)


def match_producer(cell: str, existing: Existing, created: dict[str, NewProducer]) -> ProducerMatch:
    """Match a producer cell with ``existing`` records and the producers ``created`` so far (by key)."""
    match = ProducerMatch(split_producer(cell) if cell else "")
    name = match.name
    if not name:
        match.reasons.append(("thiếu tên chủ thể", "no producer name"))
        return match
    key = producer_key(name)
    ids = existing.producers.get(key, [])
    if len(ids) > 1:
        match.reasons.append(
            (
                f"có {len(ids)} hồ sơ chủ thể cùng tên '{name}' ({', '.join(ids)}); cần chọn một",
                f"{len(ids)} producer records share the name '{name}' ({', '.join(ids)}); choose one",
            )
        )
    elif ids:
        match.id = ids[0]
    elif key in created:
        match.new = created[key]
        match.id = match.new.id
    else:
        match.kind = guess_kind(name)
        if match.kind is None:
            match.reasons.append(
                (
                    f"không đoán được loại hình của chủ thể '{name}' "
                    f"(hợp tác xã, doanh nghiệp, hộ kinh doanh, tổ hợp tác); cần tạo hồ sơ chủ thể",
                    f"cannot tell the kind of producer '{name}' ({', '.join(PRODUCER_KINDS)}); create its record first",
                )
            )
    return match
