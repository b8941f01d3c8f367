"""The loader keeps every value's position and reads scalars the way officers mean them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import PRODUCT, REPO, write_catalogue

from ocop.build.catalogue import load_catalogue
from ocop.build.load import load_file, parse
from ocop.domain.dates import add_months

TEXT = """\
# comment line
id: hn-001
name: no
stars: 4
code: 01
lat: 21.03
description: |
  first line
  second <b> line
steps:
  - stage: Thu hái
    date: 2025-01
"""


def test_positions_of_values_and_keys() -> None:
    r = parse(TEXT, "x.yml")
    assert r.where(("id",)) == (2, 5)
    assert r.where(("stars",), of_key=True) == (4, 1)
    assert r.where(("steps", 0, "date")) == (12, 11)
    assert r.where(("steps", 0, "stage"), of_key=True) == (11, 5)
    # A block scalar's text starts on the line after "|", and problems inside it find their own line.
    assert r.where(("description",)) == (8, 3)
    offset = r.data["description"].index("<b>")
    assert r.where_in_text(("description",), offset, r.data["description"]) == (9, 10)
    # Unknown deeper keys fall back to the nearest parent.
    assert r.where(("steps", 0, "nothing")) == (11, 5)


def test_yaml_1_2_scalars_keep_what_was_typed() -> None:
    r = parse(TEXT, "x.yml")
    assert r.data["name"] == "no"  # YAML 1.1 would read the Norway problem: False
    assert r.data["code"] == "01"  # a leading zero is text, never the number 1
    assert r.data["stars"] == 4 and r.data["lat"] == 21.03
    assert r.data["steps"][0]["date"] == "2025-01"  # dates stay text; the validator reads them
    assert r.raw[("stars",)] == "4"


def test_text_is_normalised_to_nfc() -> None:
    decomposed = "name: Che\u0300\n"
    assert parse(decomposed, "x.yml").data["name"] == "Chè"


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(b"\xef\xbb\xbfid: hn-001\n")
    record, problems = load_file(path)
    assert problems == [] and record is not None and record.data == {"id": "hn-001"}


def test_unquoted_number_in_a_text_field_is_read_as_typed(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path, product=PRODUCT.replace('decision: "123/QĐ-UBND"', "decision: 0123"))
    cat = load_catalogue(products, dt.date(2026, 11, 23))
    assert cat.products[0].certificate.decision == "0123"


def test_default_validity_is_36_months() -> None:
    assert add_months(dt.date(2023, 3, 10), 36) == dt.date(2026, 3, 10)
    assert add_months(dt.date(2024, 2, 29), 36) == dt.date(2027, 2, 28)


def test_status_is_computed_against_the_build_date(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)  # issued 2025-03-10, valid until 2028-03-10
    assert load_catalogue(products, dt.date(2026, 11, 23)).products[0].status == "valid"
    assert load_catalogue(products, dt.date(2028, 1, 1)).products[0].status == "expiring"
    assert load_catalogue(products, dt.date(2028, 3, 11)).products[0].status == "expired"


def test_the_cache_never_changes_a_result(tmp_path: Path) -> None:
    from ocop.build.catalogue import check

    products = write_catalogue(
        tmp_path, product=PRODUCT.replace("stars: 4", "stars: 8").replace("hn-htx-test", "nobody")
    )
    from ocop.build.catalogue import RecordCache
    from ocop.store import Store

    cache = Store(tmp_path / "cache")
    cold = check(products, dt.date(2026, 11, 23), cache)
    assert len(RecordCache(cache)) == 2  # both files are remembered
    warm = check(products, dt.date(2026, 11, 23), cache)
    assert warm == cold and len(cold) == 2
    # Positions of cross-record problems are found again from the file for cached records.
    assert {(p.field, p.line) for p in warm} == {("stars", 4), ("producer", 6)}
    # A changed file is read again, whatever the cache holds.
    (products / "ha-noi/san-pham/hn-001.yml").write_text(PRODUCT, encoding="utf-8")
    assert check(products, dt.date(2026, 11, 23), cache) == []


def test_remembered_photo_checks_notice_a_changed_photo(tmp_path: Path) -> None:
    import os

    from ocop.build.catalogue import check
    from ocop.store import Store

    products = write_catalogue(tmp_path)
    cache = Store(tmp_path / "cache")
    assert check(products, dt.date(2026, 11, 23), cache) == []
    assert cache.get_many("photo-check", [k for (k,) in cache._conn().execute("SELECT key FROM entry")])
    photo = products / "ha-noi/san-pham/anh/che.jpg"
    photo.write_bytes(b"not a photo any more")
    os.utime(photo, ns=(1, 1))
    (problem,) = check(products, dt.date(2026, 11, 23), cache)
    assert problem.field == "images[1]" and "không phải là ảnh" in problem.vi


def test_records_are_read_a_province_at_a_time(tmp_path: Path) -> None:
    """A check holds one province's records at a time: each part read is one province, every record
    file's bytes go as its province is read, and a changed record rewrites only its province's share
    of the record cache."""
    from ocop.build.catalogue import RecordCache, read_parts, scan_records
    from ocop.store import Store
    from ocop.workers import Workers

    products = tmp_path / "products"
    shutil.copytree(REPO / "products", products)
    store = Store(tmp_path / "cache")
    scan = scan_records(products)
    every = {source.province for source in scan.found}
    done: list[str] = []
    with Workers(1) as workers:
        for part in read_parts(scan, store, workers):
            (province,) = {source.province for source in part.files}
            done.append(province)
            held = {source.province for source, (data, _, _) in zip(scan.found, scan.read, strict=True) if data}
            assert held == every - set(done)
    assert sorted(done) == sorted(every) and len(every) >= 3
    before = RecordCache(store).shards
    changed = next(source for source in scan.found if source.kind == "product")
    with open(changed.location, "a", encoding="utf-8") as f:
        f.write("# a comment changes the bytes\n")
    with Workers(1) as workers:
        assert sum(len(part.files) for part in read_parts(scan_records(products), store, workers)) == len(scan.found)
    after = RecordCache(store).shards
    assert {province for province in every if before[province] != after[province]} == {changed.province}
