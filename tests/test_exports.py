"""Open data at du-lieu/: JSON, JSON Lines, CSV, GeoJSON and a Frictionless data package, per nation and province.

The files are checked against the model they are made from, read back with the standard library's
``csv`` and ``json``, and validated with Frictionless's own command line. The page that lists them is
rendered as the build renders it. One test reads the real sample build; the others run on the
stage's functions alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import PRODUCT, REPO, SAMPLE_CACHE, SAMPLE_SITE, TODAY, write_catalogue

from ocop.build import exports, feeds
from ocop.build.catalogue import load_catalogue
from ocop.build.pages import Shown
from ocop.build.render import make_env, render_page
from ocop.domain.model import Catalogue
from ocop.store import Store

SITE_URL = "https://ocop-demo.example/"
PRODUCTS = REPO / "products"
# Any attempt to reach the network fails at once: frictionless must validate with what it has.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}


@functools.cache
def sample() -> Catalogue:
    return load_catalogue(PRODUCTS, dt.date.fromisoformat(TODAY))


@functools.cache
def made() -> dict[str, bytes]:
    return dict(exports.iter_files(sample(), SITE_URL))


def written(tmp_path: Path, files: dict[str, bytes]) -> Path:
    for path, data in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return tmp_path


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Excel would show the diacritics wrong"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def frictionless(package: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", package.name],
        cwd=package.parent,
        env={**os.environ, **OFFLINE},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_same_model_gives_the_same_bytes() -> None:
    again = dict(exports.iter_files(load_catalogue(PRODUCTS, dt.date.fromisoformat(TODAY)), SITE_URL))
    assert again == made()
    assert all(path.startswith("du-lieu/") for path in made())


def test_every_set_has_every_file() -> None:
    cat = sample()
    names = set(exports.FILES) | {exports.PACKAGE}
    assert {p.removeprefix("du-lieu/") for p in made() if p.count("/") == 1} == names
    for province, _ in cat.provinces():
        assert {p.rsplit("/", 1)[1] for p in made() if p.startswith(f"du-lieu/tinh/{province.slug}/")} == names


def test_csv_files_open_with_the_standard_library_and_hold_every_record() -> None:
    cat, files = sample(), made()
    rows = read_csv(files["du-lieu/san-pham.csv"])
    assert [r["id"] for r in rows] == [p.id for p in cat.products]
    assert list(rows[0]) == [c[0] for c in exports.PRODUCT_COLUMNS]
    for row, p in zip(rows, cat.products, strict=True):
        assert row["name"] == p.name  # the diacritics survive
        assert row["url"] == SITE_URL + p.url
        assert row["status"] == p.status and row["status_date"] == TODAY
        assert row["certificate_valid_until"] == p.certificate.valid_until.isoformat()
        assert row["lots"] == str(len(cat.lots_by_product.get(p.id, ())))
        assert row["updated"] == p.updated.isoformat()
    producers = read_csv(files["du-lieu/chu-the.csv"])
    assert [r["id"] for r in producers] == [pr.id for pr in cat.producers]
    lots = read_csv(files["du-lieu/lo-hang.csv"])
    assert [r["id"] for r in lots] == [lot.id for lot in cat.lots]
    assert {r["id"] for r in lots if r["recalled"] == "true"} == {lot.id for lot in cat.lots if lot.recalled}
    assert files["du-lieu/san-pham.csv"].count(b"\r\n") == len(cat.products) + 1


def test_json_and_json_lines_match_the_model() -> None:
    cat, files = sample(), made()
    document = json.loads(files["du-lieu/san-pham.json"])
    assert document["licenses"] == [exports.LICENSE] and document["build_date"] == TODAY
    assert document["count"] == len(cat.products)
    lines = [json.loads(line) for line in files["du-lieu/san-pham.jsonl"].decode().splitlines()]
    assert lines == document["products"]
    for record, p in zip(lines, cat.products, strict=True):
        assert list(record) == [f[0] for f in exports.PRODUCT_FIELDS]  # the Table Schema's order
        assert record["id"] == p.id and record["url"] == SITE_URL + p.url and record["stars"] == p.stars
        assert record["status"] == p.status and record["status_date"] == TODAY
        assert record["certificate"]["decision"] == p.certificate.decision
        assert (record["latitude"], record["longitude"]) == (p.origin.coordinates or (None, None))
        assert [lot["id"] for lot in record["lots"]] == [lot.id for lot in cat.lots_by_product.get(p.id, ())]
        assert (record["withdrawn"] is None) == (p.withdrawal is None)
        assert record["created"] == p.created.isoformat() and record["updated"] == p.updated.isoformat()
        assert "<" not in record["description"]  # plain text, not HTML
    producers = json.loads(files["du-lieu/chu-the.json"])
    assert [r["id"] for r in producers["producers"]] == [pr.id for pr in cat.producers]
    assert producers["licenses"] == [exports.LICENSE]


def test_geojson_has_the_origins_with_coordinates() -> None:
    cat = sample()
    geo = json.loads(made()["du-lieu/nguon-goc.geojson"])
    assert geo["type"] == "FeatureCollection" and geo["licenses"] == [exports.LICENSE]
    located = [p for p in cat.products if p.origin.coordinates]
    assert [f["id"] for f in geo["features"]] == [p.id for p in located]
    for feature, p in zip(geo["features"], located, strict=True):
        assert p.origin.coordinates is not None
        lat, lon = p.origin.coordinates
        assert feature["geometry"] == {"type": "Point", "coordinates": [lon, lat]}  # RFC 7946: longitude first
        props = feature["properties"]
        assert (props["name"], props["stars"], props["group"], props["status"]) == (
            p.name,
            p.stars,
            p.group.key,
            p.status,
        )
        assert props["url"] == SITE_URL + p.url


def test_a_province_takes_its_own_records() -> None:
    cat, files = sample(), made()
    seen: list[str] = []
    for province, products in cat.provinces():
        folder = f"du-lieu/tinh/{province.slug}/"
        rows = read_csv(files[folder + "san-pham.csv"])
        assert [r["id"] for r in rows] == [p.id for p in products]
        seen += [r["id"] for r in rows]
        head = json.loads(files[folder + "san-pham.json"])
        assert head["province"]["slug"] == province.slug and head["licenses"] == [exports.LICENSE]
        lots = read_csv(files[folder + "lo-hang.csv"])
        assert {r["product_id"] for r in lots} <= {p.id for p in products}
    assert sorted(seen) == [p.id for p in cat.products]


def test_frictionless_validates_the_national_and_a_provincial_package(tmp_path: Path) -> None:
    root = written(tmp_path, made())
    for package in (root / "du-lieu" / "datapackage.json", root / "du-lieu" / "tinh" / "ha-noi" / "datapackage.json"):
        result = frictionless(package)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
        report = json.loads(result.stdout)
        assert report["valid"] and len(report["tasks"]) == len(exports.FILES)


def test_frictionless_catches_a_broken_file(tmp_path: Path) -> None:
    """The validation test above means something: a wrong value, a changed byte, are reported."""
    files = dict(made())
    files["du-lieu/san-pham.csv"] = files["du-lieu/san-pham.csv"].replace(b",5,", b",6,", 1)
    files["du-lieu/chu-the.json"] = files["du-lieu/chu-the.json"].replace(b'"id":"', b'"id":null,"x":"', 1)
    result = frictionless(written(tmp_path, files) / "du-lieu" / "datapackage.json")
    assert result.returncode != 0
    report = json.loads(result.stdout)
    failed = {task["name"] for task in report["tasks"] if not task["valid"]}
    assert failed == {"san-pham-csv", "chu-the-json"}


def test_text_excel_would_run_as_a_formula_is_neutralised(tmp_path: Path) -> None:
    product = PRODUCT.replace("description: |\n  Chè xanh *thơm*.", 'description: "=HYPERLINK(\\"x\\")"')
    products = write_catalogue(tmp_path, product=textwrap.dedent(product))
    cat = load_catalogue(products, dt.date.fromisoformat(TODAY))
    files = dict(exports.iter_files(cat, SITE_URL))
    assert read_csv(files["du-lieu/san-pham.csv"])[0]["description"] == '\'=HYPERLINK("x")'
    assert json.loads(files["du-lieu/san-pham.jsonl"])["description"] == '=HYPERLINK("x")'
    # Outside a git checkout a product's dates are its certificate's.
    assert cat.products[0].created == cat.products[0].updated == dt.date(2025, 3, 10)


def test_exports_are_made_once_for_the_same_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "cache")
    store.begin()
    first = exports.store_files(sample(), SITE_URL, store)
    assert {path: store.read_object(obj) for path, (obj, _) in first.items()} == made()
    assert not any(store.tmp.glob("spill-*"))  # the records' lines were kept in a file while the files were made

    def fail(*args: object) -> None:
        raise AssertionError("made again")

    monkeypatch.setattr(exports, "make_records", fail)
    assert exports.store_files(sample(), SITE_URL, store) == first
    later = dt.date.fromisoformat(TODAY) + dt.timedelta(days=1)  # statuses change with the build date
    assert exports.exports_key(sample(), SITE_URL) != exports.exports_key(load_catalogue(PRODUCTS, later), SITE_URL)
    store.close()


SITE = SAMPLE_SITE  # the sample's site settings, as the pages' templates see them


def data_page(sizes: dict[str, int]) -> str:
    """The data page, rendered as the build renders it."""
    shown = Shown(sample(), {}, SITE_URL, Store(SAMPLE_CACHE))
    [page] = feeds.describe_data_pages(shown, sizes)
    context = feeds.DATA_CONTEXTS[page.kind](shown, page)
    return render_page(make_env([REPO / "theme" / "catalogue"]), SITE, page, context).decode()


def test_the_data_page_lists_every_download_with_licence_size_and_date() -> None:
    sizes = {path: len(data) for path, data in made().items()}
    sizes.update({path: len(data) for path, data in feeds.feed_files(sample(), SITE_URL).items()})
    html = data_page(sizes)
    for path, n in sizes.items():
        assert f'href="../{path}"' in html, path
        assert f'title="{n} byte">{feeds.human_size(n)}<' in html
    assert "CC BY 4.0" in html and exports.LICENSE["path"] in html
    assert "13/11/2026" not in html and "23/11/2026" in html  # the build date, as Vietnamese write it
    assert 'lang="en"' in html and "BOM" in html
    assert feeds.human_size(1_234_567) == "1,2 MB" and feeds.human_size(999) == "999 B"


def test_the_built_site_validates_with_frictionless(sample_site: Path) -> None:
    provinces = sorted(sample_site.glob("du-lieu/tinh/*/datapackage.json"))[:2]  # each takes a second or two
    for package in (sample_site / "du-lieu" / "datapackage.json", *provinces):
        result = frictionless(package)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    rows = read_csv((sample_site / "du-lieu" / "san-pham.csv").read_bytes())
    assert [r["id"] for r in rows] == [p.id for p in sample().products]
    assert (sample_site / "du-lieu" / "index.html").is_file()
