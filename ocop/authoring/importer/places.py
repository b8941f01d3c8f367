"""Addresses → 2025 communes: splitting an address into its units and finding the one commune it names.

An address that names a district is from before 1 July 2025 (districts were abolished then): its
commune is looked up in the pre-2025 list within that district, and used when it went whole into
exactly one 2025 commune; when the district itself had been merged away before 2025 (Nam Đông into
Phú Lộc), the commune's name decides if it is unique. An address without a district is matched by
name against the 2025 communes of the province first, then against the pre-2025 communes of the
provinces merged into it. Anything ambiguous is a reason for a person to look.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...domain.units import units
from .gazetteer import Gazetteer, OldCommune, gazetteer, is_street_part, name_keys, unit_of
from .result import Reason

Unit = tuple[str | None, list[str], str]  # (unit type, name words without the type, the part as written)


@dataclass
class Place:
    """Where an address leads: a 2025 commune code, or the reasons it does not."""

    code: str | None = None
    note: str = ""  # how it was found, for the report ("Xã Thông Hòa, Huyện Cầu Kè (trước 2025) → …")
    street: str | None = None
    other_province: str | None = None  # the address names another 2025 province
    old_province: str | None = None  # the pre-2025 province of the old commune it was found through
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Address:
    """An address split at its commas into units, street parts and names without a unit type."""

    commune: Unit | None = None
    district: Unit | None = None
    street: list[str] = field(default_factory=list)
    provinces: list[tuple[str | None, str | None, str]] = field(default_factory=list)  # (slug, old name, part)
    loose: list[str] = field(default_factory=list)


def commune_name(code: str) -> str:
    """The 2025 name of a commune code ("Xã Thông Hòa")."""
    return units().communes[code].name


def split_address(text: str, g: Gazetteer, reasons: list[Reason]) -> Address:
    """The units of an address; an unknown province adds a reason."""
    address = Address()
    for part in (p.strip() for p in re.split(r"[,;]|\s[-–]\s", text)):
        if not part:
            continue
        level, typ, base = unit_of(part)
        if level == "district" and typ == "thanh pho":
            slug, old = g.province(part)
            if slug is not None:
                address.provinces.append((slug, old, part))
                continue
        if level == "province" or (level is None and g.province(part)[0] is not None and not is_street_part(part)):
            slug, old = g.province(part)
            address.provinces.append((slug, old, part))
            if slug is None:
                reasons.append((f"không nhận ra tỉnh '{part}'", f"province '{part}' is not known"))
        elif level == "commune" and address.commune is None and base:
            address.commune = (typ, base, part)
        elif level == "district" and address.district is None and base:
            address.district = (typ, base, part)
        elif is_street_part(part) or level is not None:
            address.street.append(part)
        else:
            address.loose.append(part)
    if len(address.provinces) > 1:  # "thành phố Huế, tỉnh Thừa Thiên Huế": the first city is a district
        for _slug, _old, part in address.provinces[:-1]:
            level, typ, base = unit_of(part)
            if address.district is None and level == "district":
                address.district = (typ, base, part)
        address.provinces = address.provinces[-1:]
    return address


def _read_loose_names(address: Address, g: Gazetteer, allowed: list[str]) -> Reason | None:
    """'Tam Ngãi, Cầu Kè': names without "xã"/"huyện"; the first may be a commune, the next its district."""
    if address.commune is not None or not address.loose or address.district is not None:
        return None
    first = address.loose[0]
    _, _, base = unit_of(first)
    if len(address.loose) > 1:
        _, _, dbase = unit_of(address.loose[1])
        address.district = (None, dbase, address.loose[1])
    elif g.district_exists(allowed, base):
        return (
            f"'{first}' có thể là tên huyện hoặc tên xã; cần ghi rõ 'xã …' hoặc 'phường …'",
            f"'{first}' may be a district or a commune; write 'xã …' or 'phường …'",
        )
    address.commune = (None, base, first)
    return None


def _no_commune(text: str, district: Unit | None) -> Reason:
    if district is not None:
        return (
            f"địa chỉ '{text}' chỉ có huyện ({district[2]}), không có xã/phường; cần ghi xã/phường",
            f"address '{text}' names a district ({district[2]}) but no commune; the commune is needed",
        )
    return (
        f"địa chỉ '{text}' không có tên xã/phường" if text else "thiếu địa chỉ (xã/phường)",
        f"address '{text}' has no commune name" if text else "no address (commune)",
    )


def resolve_address(text: str, province: str, old_province: str | None = None) -> Place:
    """Map an address to a 2025 commune of ``province`` (a slug); see the module docstring."""
    g = gazetteer()
    place = Place()
    address = split_address(text, g, place.reasons)
    place.street = ", ".join(address.street)[:200] or None
    allowed = g.old_provinces_of(province)
    for slug, old, _part in address.provinces:
        if slug is not None and slug != province:
            place.other_province = slug
            return place
        if old is not None and old in allowed:
            allowed = [old]
    if old_province in allowed:
        allowed = [old_province]
    ambiguous = _read_loose_names(address, g, allowed)
    if ambiguous is not None:
        place.reasons.append(ambiguous)
        return place
    if address.commune is None:
        place.reasons.append(_no_commune(text, address.district))
        return place
    _CommuneSearch(g, province, allowed, address.commune, address.district, place).run()
    return place


def _pick(items: list[Any], typ: str | None, type_of: Callable[[Any], str | None]) -> list[Any]:
    """Of several units with the same name, those of the type the address gives, when there are any."""
    if len(items) > 1 and typ:
        same = [i for i in items if type_of(i) == typ]
        if same:
            return same
    return items


def _lookup(index: dict[str, list[Any]], key: str, fkey: str) -> list[Any]:
    found = index.get(key, [])
    return found if found else index.get(fkey, [])


class _CommuneSearch:
    """The search for one commune name, within a district when the address gives one."""

    def __init__(
        self, g: Gazetteer, province: str, allowed: list[str], commune: Unit, district: Unit | None, place: Place
    ) -> None:
        self.g, self.province, self.allowed, self.district, self.place = g, province, allowed, district, place
        self.type, base, self.part = commune
        self.key, self.fkey = name_keys(base)

    def reason(self, vi: str, en: str) -> None:
        self.place.reasons.append((vi, en))

    def run(self) -> None:
        district = self.district
        if district is not None:
            found = self.old_matches(True)
            if found:
                return self.from_old(found, "trước 2025")
            elsewhere = self.old_matches(False)
            if elsewhere and not self.g.district_exists(self.allowed, district[1]):
                # The district was merged away before 2025 (Nam Đông → Phú Lộc): the commune name decides.
                return self.from_old(elsewhere, f"trước 2025; {district[2]} đã sáp nhập")
            if elsewhere:
                where = "; ".join(f"{o.name}, {o.district}" for o in elsewhere[:5])
                return self.reason(
                    f"không có {self.part} thuộc {district[2]} trong danh mục trước 2025 (có: {where}); "
                    "cần kiểm tra địa chỉ",
                    f"no {self.part} in {district[2]} in the pre-2025 list (found: {where}); check the address",
                )
            # Not a pre-2025 commune of that district: perhaps a 2025 name with a stray district.
        new = _pick(_lookup(self.g.new.get(self.province, {}), self.key, self.fkey), self.type, lambda c: c[1])
        new = list(dict.fromkeys(new))
        if len(new) == 1:
            self.place.code = new[0][0]
            self.place.note = commune_name(self.place.code)
            return None
        if len(new) > 1:
            names = ", ".join(f"{commune_name(c)} ({c})" for c, _ in new)
            return self.reason(
                f"có nhiều xã/phường 2025 tên '{self.part}': {names}; cần ghi rõ",
                f"several 2025 communes are named '{self.part}': {names}; say which",
            )
        if district is None:
            found = self.old_matches(False)
            if found:
                return self.from_old(found, "tên trước 2025")
        pname = units().provinces[self.province].name
        return self.reason(
            f"không tìm thấy '{self.part}'"
            + (f" thuộc {district[2]}" if district else "")
            + f" trong {pname} (danh mục 2025 và trước 2025)",
            f"'{self.part}'"
            + (f" in {district[2]}" if district else "")
            + f" is not found in {pname} (2025 or older lists)",
        )

    def old_matches(self, in_district: bool) -> list[OldCommune]:
        found: list[OldCommune] = []
        for p in self.allowed:
            found += _lookup(self.g.old.get(p, {}), self.key, self.fkey)
        found = list(dict.fromkeys(found))
        if in_district and self.district is not None:
            dkey, dfkey = name_keys(self.district[1])
            exact = [o for o in found if o.district_key == dkey]
            found = exact or [o for o in found if o.district_fkey == dfkey]
        return found

    def from_old(self, found: list[OldCommune], how: str) -> None:
        found = _pick(found, self.type, lambda o: o.type)
        if len(found) > 1:
            where = "; ".join(f"{o.name}, {o.district}, {o.province}" for o in found[:5])
            return self.reason(
                f"có nhiều xã cũ tên '{self.part}' ({where}); cần ghi rõ huyện hoặc mã xã",
                f"several old communes are named '{self.part}' ({where}); give the district or the commune code",
            )
        o = found[0]
        u = units()
        codes = [c for c in o.new_codes if c in u.communes]
        if len(codes) != 1:
            names = ", ".join(f"{commune_name(c)} ({c})" for c in codes)
            return self.reason(
                f"{o.name}, {o.district} (trước 2025) đã chia vào nhiều xã/phường mới: {names}; cần chọn một",
                f"{o.name}, {o.district} (before 2025) was split between several 2025 communes: {names}; choose one",
            )
        code = codes[0]
        if u.communes[code].province.slug != self.province:  # pragma: no cover - allowed provinces prevent it
            self.place.other_province = u.communes[code].province.slug
            return None
        self.place.code, self.place.old_province = code, o.province
        self.place.note = f"{o.name}, {o.district}, {o.province} ({how}) → {commune_name(code)}"
        return None
