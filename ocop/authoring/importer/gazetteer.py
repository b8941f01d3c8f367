"""The names of places, for reading addresses: unit types ("xã", "huyện", "TP"), street words, and the
2025 and pre-2025 communes indexed by name (``gazetteer``).

Names compare without regard to case or tone-mark placement ("Hoà"/"Hòa"), or, as a second key,
without diacritics at all; each index holds both keys.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from ...domain.fold import fold, tone_key_word, words
from ...domain.units import DATA, units

COMMUNE_TYPES = {
    ("xa",): "xa",
    ("phuong",): "phuong",
    ("thi", "tran"): "thi tran",
    ("dac", "khu"): "dac khu",
    ("p",): "phuong",
    ("x",): "xa",
    ("tt",): "thi tran",
}
DISTRICT_TYPES = {
    ("huyen",): "huyen",
    ("quan",): "quan",
    ("thi", "xa"): "thi xa",
    ("tx",): "thi xa",
    ("thanh", "pho"): "thanh pho",
    ("tp",): "thanh pho",
    ("h",): "huyen",
    ("q",): "quan",
}
PROVINCE_TYPES = {("tinh",): "tinh"}
STREET_WORDS = {
    "thon",
    "ap",
    "ban",
    "khu",
    "kp",
    "to",
    "xom",
    "so",
    "duong",
    "khom",
    "lang",
    "buon",
    "plei",
    "cum",
    "doi",
    "tdp",
    "khoi",
    "ngo",
    "hem",
    "kiet",
    "quoc",
    "tinh lo",
}
PROVINCE_ALIASES = {  # folded → 2025 slug, for names people still write
    "thua thien hue": "hue",
    "tt hue": "hue",
    "hcm": "ho-chi-minh",
    "tp hcm": "ho-chi-minh",
    "tphcm": "ho-chi-minh",
    "sai gon": "ho-chi-minh",
    "ba ria vung tau": "ho-chi-minh",
    "brvt": "ho-chi-minh",
}


def unit_of(part: str) -> tuple[str | None, str | None, list[str]]:
    """('commune'|'district'|'province'|None, unit type, base words) of one address part."""
    ws = words(part)
    fw = [fold(w) for w in ws]
    if fw[:2] == ["tinh", "lo"]:  # "tỉnh lộ 8" is a road
        return None, None, ws
    for level, table in (("district", DISTRICT_TYPES), ("commune", COMMUNE_TYPES), ("province", PROVINCE_TYPES)):
        for n in (2, 1):
            if len(fw) > n and tuple(fw[:n]) in table:
                # "Thị xã" beats "xã"; a two-word type of another level is checked in its own table.
                if level == "commune" and n == 1 and tuple(fw[:2]) in DISTRICT_TYPES:
                    continue
                return level, table[tuple(fw[:n])], ws[n:]
    return None, None, ws


def is_street_part(part: str) -> bool:
    """An address part below the commune: a hamlet, a street, a house number."""
    fw = [fold(w) for w in words(part)]
    return bool(fw) and (fw[0] in STREET_WORDS or " ".join(fw[:2]) in STREET_WORDS or fw[0].isdigit())


def name_keys(base: Sequence[str]) -> tuple[str, str]:
    """A name's two comparison keys: tone marks kept (placement ignored), and no diacritics at all."""
    return " ".join(tone_key_word(w) for w in base), " ".join(fold(w) for w in base)


@dataclass(frozen=True)
class OldCommune:
    code: str
    name: str
    type: str | None
    key: str
    fkey: str
    district: str
    district_key: str
    district_fkey: str
    province: str  # old province name, e.g. "Tỉnh Trà Vinh"
    new_codes: tuple[str, ...]


@dataclass
class Gazetteer:
    """The 2025 communes and the pre-2025 ones, indexed by name for address matching."""

    new: dict[str, dict[str, list[tuple[str, str | None]]]]  # slug → key → [(code, type)] (tone and folded keys)
    old: dict[str, dict[str, list[OldCommune]]]  # old province → key → communes (tone and folded keys)
    old_provinces: dict[str, str]  # old province full name → 2025 slug
    province_keys: dict[str, tuple[str, str | None]]  # key → (2025 slug, old province name or None)
    districts: dict[str, set[str]]  # old province → district keys (tone and folded)
    olds_of_new: dict[str, set[str]]  # 2025 commune code → the old provinces its old communes were in

    def district_exists(self, provinces: Iterable[str], base: Sequence[str]) -> bool:
        key, fkey = name_keys(base)
        return any(key in self.districts.get(p, ()) or fkey in self.districts.get(p, ()) for p in provinces)

    def old_province_of(self, code: str) -> str | None:
        """The pre-2025 province a 2025 commune was in, when all of it was in one."""
        olds = self.olds_of_new.get(code, set())
        return next(iter(olds)) if len(olds) == 1 else None

    def old_provinces_of(self, slug: str) -> list[str]:
        return sorted(p for p, s in self.old_provinces.items() if s == slug)

    def province(self, text: str) -> tuple[str | None, str | None]:
        """(2025 slug, old province name) for a province as written; (None, None) when unknown."""
        _, _, base = unit_of(text)  # drops "Tỉnh", and "Thành phố"/"TP" ("TP Cần Thơ")
        key, fkey = name_keys(base)
        if key in self.province_keys:
            return self.province_keys[key]
        if fkey in PROVINCE_ALIASES:
            return PROVINCE_ALIASES[fkey], None
        if fkey in self.province_keys:
            return self.province_keys[fkey]
        return None, None


@cache
def gazetteer() -> Gazetteer:
    """The units of 2025 and before, read once per process."""
    u = units()
    new: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
    for c in u.communes.values():
        _, typ, base = unit_of(c.name)
        for k in set(name_keys(base)):
            new.setdefault(c.province.slug, {}).setdefault(k, []).append((c.code, typ))
    old: dict[str, dict[str, list[OldCommune]]] = {}
    old_provinces: dict[str, str] = {}
    districts: dict[str, set[str]] = {}
    olds_of_new: dict[str, set[str]] = {}
    with open(DATA / "units-legacy.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            _, typ, base = unit_of(row["old_commune_name"])
            _, _, dbase = unit_of(row["old_district_name"])
            key, fkey = name_keys(base)
            dkey, dfkey = name_keys(dbase)
            codes = tuple(row["new_commune_codes"].split())
            oc = OldCommune(
                row["old_commune_code"],
                row["old_commune_name"],
                typ,
                key,
                fkey,
                row["old_district_name"],
                dkey,
                dfkey,
                row["old_province_name"],
                codes,
            )
            for k in {key, fkey}:
                old.setdefault(oc.province, {}).setdefault(k, []).append(oc)
            districts.setdefault(oc.province, set()).update((dkey, dfkey))
            for c in codes:
                olds_of_new.setdefault(c, set()).add(oc.province)
            slugs = {u.communes[c].province.slug for c in codes if c in u.communes}
            if len(slugs) == 1:
                old_provinces.setdefault(oc.province, slugs.pop())
    province_keys: dict[str, tuple[str, str | None]] = {}
    for name, slug in old_provinces.items():
        _, _, base = unit_of(name)
        if tuple(fold(w) for w in base[:2]) == ("thanh", "pho"):
            base = base[2:]
        for k in name_keys(base):
            province_keys.setdefault(k, (slug, name))
    for p in u.provinces.values():
        for k in name_keys(words(p.short_name)):
            province_keys[k] = (p.slug, province_keys.get(k, (None, None))[1])
    return Gazetteer(new, old, old_provinces, province_keys, districts, olds_of_new)
