"""``/thong-ke/``, each province's figures and the CSV files: every number equals a count made here,
independently, from the YAML records (``yaml.safe_load``, not the model)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, TODAY, jpeg_bytes
from PIL import Image
from test_jsonld import records, rendered, sample, valid_until

from ocop.authoring.placeholder import placeholder_jpeg
from ocop.build import stats
from ocop.build.pages import describe_pages
from ocop.domain.units import units

TODAY_DATE = dt.date.fromisoformat(TODAY)
PRODUCTS = REPO / "products"
STATUS_ORDER = ["valid", "expiring", "expired", "withdrawn"]
GROUP_ORDER = ["food", "drinks", "herbal", "crafts", "ornamental", "tourism"]


# --- the expected figures, from the records alone ------------------------------------------------


def status_of(rec: dict[str, Any]) -> str:
    if rec.get("status") == "withdrawn":
        return "withdrawn"
    days = (valid_until(rec) - TODAY_DATE).days
    return "expired" if days < 0 else "expiring" if days <= 90 else "valid"


def photo_is_placeholder(path: Path) -> bool:
    """The marker, found by a plain search of the file's head (not by stats.jpeg_comments)."""
    head = path.read_bytes()[:65536]
    return stats.PLACEHOLDER_COMMENT in head and b"\xff\xfe" in head


def lacking(rec: dict[str, Any], with_lots: set[str]) -> dict[str, bool]:
    folder = PRODUCTS / rec["_province"] / "san-pham"
    return {
        "photo": all(photo_is_placeholder(folder / name) for name in rec["images"]),
        "traceability": not rec.get("traceability"),
        "buy": not rec.get("buy"),
        "coordinates": not rec["origin"].get("coordinates"),
        "document": "document" not in rec["certificate"],
        "lots": rec["id"] not in with_lots,
    }


def expected() -> dict[str, Any]:
    """Per province slug (and "" for the whole country): counts by stars, status, group, what is lacking,
    and the certificates ending within 180 days as (id, date, days)."""
    with_lots = {lot["product"] for lot in records("lot").values()}
    out: dict[str, Any] = {}
    for rec in records("product").values():
        commune = units().communes[rec["origin"]["commune"]]
        for key in ("", commune.province.slug):
            e = out.setdefault(key, {"total": 0, "stars": Counter(), "status": Counter(), "group": Counter(), "lack": Counter(), "soon": []})  # fmt: skip
            e["total"] += 1
            e["stars"][rec["stars"]] += 1
            e["status"][status_of(rec)] += 1
            e["group"][rec["group"]] += 1
            e["lack"].update(k for k, v in lacking(rec, with_lots).items() if v)
            days = (valid_until(rec) - TODAY_DATE).days
            if rec.get("status") != "withdrawn" and 0 <= days <= 180:
                e["soon"].append((rec["id"], valid_until(rec).isoformat(), days))
    return out


def row_of(e: dict[str, Any]) -> list[int]:
    """A province's row of the table of stars and statuses."""
    return [e["total"], *(e["stars"][n] for n in (3, 4, 5)), *(e["status"][s] for s in STATUS_ORDER)]


# --- reading the page -------------------------------------------------------------------------------


class Tables(HTMLParser):
    """Every table with an id, as rows of cell texts; every chart's SVG source."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id")
            if self._table:
                self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def by_name() -> dict[str, str]:
    return {pv.short_name: pv.slug for pv in units().provinces.values()}


def check_national_page(html: str) -> None:
    want = expected()
    t = tables(html)
    names = by_name()
    body = {names[r[0]]: [int(x) for x in r[1:]] for r in t["bang-tinh"][1:-1]}
    assert set(body) == set(units().provinces)  # every province, those without products at 0
    for slug, row in body.items():
        assert row == (row_of(want[slug]) if slug in want else [0] * 8), slug
    assert [int(x) for x in t["bang-tinh"][-1][1:]] == row_of(want[""])
    groups = {names[r[0]]: [int(x) for x in r[1:]] for r in t["bang-tinh-nhom"][1:-1]}
    assert groups == {slug: [e["group"][g] for g in GROUP_ORDER] for slug, e in want.items() if slug}
    soon = {names[r[0]]: [int(r[1]), int(r[2])] for r in t["bang-het-han"][1:-1] if len(r) == 3}
    assert soon == {
        slug: [sum(d <= 90 for *_, d in e["soon"]), len(e["soon"])] for slug, e in want.items() if slug and e["soon"]
    }
    lack_keys = [k for k, _ in stats.LACKS]
    quality = {names[r[0]]: [int(x) for x in r[1:]] for r in t["bang-chat-luong"][1:-1]}
    assert quality == {slug: [e["total"], *(e["lack"][k] for k in lack_keys)] for slug, e in want.items() if slug}
    for chart in html.split("<svg")[1:]:
        check_svg("<svg" + chart.split("</svg>")[0] + "</svg>")


def check_svg(svg: str) -> None:
    """A chart is accessible, self-contained SVG: named by its title, no script, nothing fetched."""
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    title = root.find(f"{ns}title")
    assert title is not None and title.text and root.get("aria-labelledby") == title.get("id")
    lowered = svg.lower()
    assert "<script" not in lowered and "href" not in lowered and "@font-face" not in lowered and "url(" not in lowered


# --- tests ------------------------------------------------------------------------------------------


def test_the_figures_equal_counts_made_from_the_records() -> None:
    check_national_page(rendered({"stats"})["thong-ke/index.html"])


def test_each_province_page_has_its_own_figures_and_expiring_list() -> None:
    want = expected()
    pages = rendered({"province-list"})
    assert {p.split("/")[1] for p in pages} == {slug for slug in want if slug}
    for path, html in pages.items():
        e = want[path.split("/")[1]]
        assert 'id="so-lieu"' in html, path
        for pid, until, _days in e["soon"]:
            assert f'href="../../p/{pid}/"' in html and f'<time datetime="{until}">' in html, (path, pid)
        assert f"Trong 90 ngày tới: <b>{sum(d <= 90 for *_, d in e['soon'])}</b>" in html, path


def test_only_the_first_page_of_a_province_list_carries_the_figures() -> None:
    shown, placeholders = sample()
    pages = list(stats.with_province_figures(describe_pages(shown), shown, placeholders))
    for page in pages:
        first_province = page.kind == "list" and page.ref[1] == "province" and page.ref[4] == 1
        assert not first_province  # each was turned into a province-list page
        if page.kind == "province-list":
            assert page.ref[4] == 1 and page.deps and len(page.deps) > 2


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the Vietnamese letters
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def test_the_csv_files_hold_the_same_numbers() -> None:
    shown, placeholders = sample()
    files = stats.stats_files(shown.cat, placeholders, "https://ocop-demo.example/")
    want = expected()
    provinces = read_csv(files["thong-ke/tinh.csv"])
    assert provinces[0][:3] == ["Mã tỉnh", "Tỉnh, thành phố", "Tổng số"]
    by_code = {pv.code: pv.slug for pv in units().provinces.values()}
    for row in provinces[1:]:
        e = want.get(by_code[row[0]])
        numbers = [int(x) for x in row[2:]]
        assert numbers == (row_of(e) + [e["group"][g] for g in GROUP_ORDER] if e else [0] * 14), row
    soon = read_csv(files["thong-ke/sap-het-han.csv"])
    assert sorted((r[2], r[7], int(r[8])) for r in soon[1:]) == sorted(want[""]["soon"])
    assert read_csv(files["thong-ke/sao.csv"])[1:] == [[str(n), str(want[""]["stars"][n])] for n in (3, 4, 5)]
    with_lots = {lot["product"] for lot in records("lot").values()}
    lack_keys = [k for k, _ in stats.LACKS]
    for slug, e in (item for item in want.items() if item[0]):
        rows = read_csv(files[f"thong-ke/tinh/{slug}/sap-het-han.csv"])[1:]
        assert sorted((r[2], r[7], int(r[8])) for r in rows) == sorted(e["soon"])
        quality = read_csv(files[f"thong-ke/tinh/{slug}/chat-luong-du-lieu.csv"])[1:]
        mine = {pid: r for pid, r in records("product").items() if r["_province"] == slug}
        marks = {row[2]: [k for k, mark in zip(lack_keys, row[4:], strict=True) if mark] for row in quality}
        assert marks == {
            pid: [k for k, v in lacking(r, with_lots).items() if v]
            for pid, r in mine.items()
            if any(lacking(r, with_lots).values())
        }


def test_the_sample_has_certificates_to_renew() -> None:
    assert expected()[""]["soon"], "the sample should show the expiring list with something in it"


def test_placeholder_photos_are_known_by_their_comment(tmp_path: Path) -> None:
    marked = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 180, 150)).save(marked, "JPEG", comment=stats.PLACEHOLDER_COMMENT)
    assert stats.is_placeholder(marked.getvalue())
    assert not stats.is_placeholder(jpeg_bytes())
    assert not stats.is_placeholder(b"\x89PNG\r\n\x1a\n")
    other = io.BytesIO()
    Image.new("RGB", (640, 480)).save(other, "JPEG", comment=b"Taken with a phone")
    assert not stats.is_placeholder(other.getvalue())


def test_generated_placeholders_carry_the_comment() -> None:
    """ocop.authoring.placeholder writes the comment the figures look for (its owner adds it)."""
    assert stats.is_placeholder(placeholder_jpeg("hn-001", "Trà sen", 640, 480))


@pytest.mark.parametrize("page", ["thong-ke/index.html"])
def test_sample_site_figures(sample_site: Path, page: str) -> None:
    check_national_page((sample_site / page).read_text(encoding="utf-8"))
    for name in ("tinh.csv", "sao.csv", "nhom.csv", "trang-thai.csv", "sap-het-han.csv", "chat-luong-du-lieu.csv"):
        read_csv((sample_site / "thong-ke" / name).read_bytes())
    for slug in (s for s in expected() if s):
        assert 'id="so-lieu"' in (sample_site / "tinh" / slug / "index.html").read_text(encoding="utf-8")
