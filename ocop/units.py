"""Vietnam's administrative units after the 1 July 2025 reform: 34 provinces, 3,321 communes.

The list ships as ``data/units-2025.csv`` (see scripts/refresh_units for where it
comes from). Addresses in records use these units; certificates keep the name of
the body that issued them, which may be a province that no longer exists.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Province:
    code: str  # "01"
    name: str  # "Thành phố Hà Nội"
    slug: str  # "ha-noi": the folder name under products/ and the URL part

    @property
    def short_name(self) -> str:
        """The name without "Tỉnh"/"Thành phố", as people say it."""
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


@dataclass(frozen=True)
class Commune:
    code: str  # "00004"
    name: str  # "Phường Ba Đình"
    province: Province


@dataclass(frozen=True)
class Units:
    provinces: dict[str, Province]  # by slug
    communes: dict[str, Commune]  # by code


@cache
def units() -> Units:
    provinces: dict[str, Province] = {}
    communes: dict[str, Commune] = {}
    with open(DATA / "units-2025.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            province = provinces.get(row["province_slug"])
            if province is None:
                province = Province(row["province_code"], row["province_name"], row["province_slug"])
                provinces[province.slug] = province
            communes[row["commune_code"]] = Commune(row["commune_code"], row["commune_name"], province)
    return Units(provinces, communes)
