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

DATA = Path(__file__).parent.parent / "data"

# One short prefix per 2025 province; ids start with it. Unique, and none is another's prefix
# followed by a hyphen, so an id's province is always readable from its first part.
PROVINCE_PREFIXES: dict[str, str] = {
    "ha-noi": "hn",
    "cao-bang": "cb",
    "tuyen-quang": "tq",
    "dien-bien": "db",
    "lai-chau": "lch",
    "son-la": "sl",
    "lao-cai": "lc",
    "thai-nguyen": "tn",
    "lang-son": "ls",
    "quang-ninh": "qn",
    "bac-ninh": "bn",
    "phu-tho": "pt",
    "hai-phong": "hp",
    "hung-yen": "hy",
    "ninh-binh": "nb",
    "thanh-hoa": "th",
    "nghe-an": "na",
    "ha-tinh": "ht",
    "quang-tri": "qt",
    "hue": "hue",
    "da-nang": "dn",
    "quang-ngai": "qng",
    "gia-lai": "gl",
    "khanh-hoa": "kh",
    "dak-lak": "dl",
    "lam-dong": "ld",
    "dong-nai": "dna",
    "ho-chi-minh": "hcm",
    "tay-ninh": "tni",
    "dong-thap": "dt",
    "vinh-long": "vl",
    "an-giang": "ag",
    "can-tho": "ct",
    "ca-mau": "cm",
}


@dataclass(frozen=True, slots=True)
class Province:
    code: str  # "01"
    name: str  # "Thành phố Hà Nội"
    slug: str  # "ha-noi": the folder name under products/ and the URL part

    @property
    def prefix(self) -> str:
        """The short code every id of this province starts with ("hn" in hn-001)."""
        return PROVINCE_PREFIXES[self.slug]

    @property
    def short_name(self) -> str:
        """The name without "Tỉnh"/"Thành phố", as people say it."""
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


@dataclass(frozen=True, slots=True)
class Commune:
    code: str  # "00004"
    name: str  # "Phường Ba Đình"
    province: Province


@dataclass(frozen=True, slots=True)
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
