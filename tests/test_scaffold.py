"""`ocop new`: skeleton records that pass `ocop check`, with fresh ids that are never reused."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

import pytest
from conftest import REPO, TODAY

from ocop.authoring.scaffold import (
    FILL_MARK,
    ID_ALPHABET,
    PROVINCE_PREFIXES,
    ScaffoldError,
    catalogue_ids,
    fresh_id,
    new_producer,
    new_product,
    published_ids,
    todo_lines,
)
from ocop.build.catalogue import check
from ocop.build.load import load_file
from ocop.cli import main
from ocop.domain.units import units

DAY = dt.date.fromisoformat(TODAY)


def first_id(province: str, seed: int) -> str:
    """The id a seeded source gives first, when nothing is taken."""
    return fresh_id(province, set(), random.Random(seed))


def test_prefixes_cover_every_province_once() -> None:
    assert set(PROVINCE_PREFIXES) == set(units().provinces)
    prefixes = list(PROVINCE_PREFIXES.values())
    assert len(set(prefixes)) == len(prefixes) == 34
    assert all(re.fullmatch(r"[a-z]{2,4}", p) for p in prefixes)


def test_prefixes_agree_with_the_sample_ids() -> None:
    for path in (REPO / "products").glob("*/*/*.yml"):
        record, _ = load_file(path)
        assert record is not None
        assert record.data["id"].split("-")[0] == PROVINCE_PREFIXES[path.parts[-3]], path


def test_fresh_id_form() -> None:
    rng = random.Random(7)
    for _ in range(200):
        rid = fresh_id("ho-chi-minh", set(), rng)
        prefix, tail = rid.split("-")
        assert prefix == "hcm"
        assert len(tail) == 6 and set(tail) <= set(ID_ALPHABET)
        assert not tail.isdigit()  # never looks like a sequential sample id (hcm-001)
        assert not set(tail) & set("ilou")  # no letters misread as digits on a label


def test_fresh_id_avoids_taken_ids() -> None:
    taken = {first_id("ha-noi", 3)}
    assert fresh_id("ha-noi", taken, random.Random(3)) not in taken


def test_unknown_province() -> None:
    with pytest.raises(ScaffoldError, match="ha-nội"):
        fresh_id("ha-nội", set())


PRODUCT_TO_FILL = {
    "name",
    "stars",
    "group",
    "description",
    "images[1]",
    "certificate.decision",
    "certificate.date",
    "certificate.issuer",
}


def unfilled(problems: list) -> dict[str, set[str]]:
    """Fields ``ocop check`` says are still to fill, by file name."""
    out: dict[str, set[str]] = {}
    for p in problems:
        assert "CẦN ĐIỀN" in p.vi or "ảnh minh họa tạm" in p.vi, p.format()
        out.setdefault(Path(p.path).name, set()).add(p.field)
    return out


def test_new_product_writes_a_skeleton_that_check_refuses_until_filled(catalogue_dir: Path) -> None:
    before = catalogue_ids(catalogue_dir)
    written = new_product(catalogue_dir, "ha-noi", today=DAY, rng=random.Random(1))
    product, producer = written
    assert product.kind == "product" and producer.kind == "producer"
    assert product.path == catalogue_dir / "ha-noi" / "san-pham" / f"{product.id}.yml"
    assert producer.path == catalogue_dir / "ha-noi" / "chu-the" / f"{producer.id}.yml"
    assert product.extra == [catalogue_dir / "ha-noi" / "san-pham" / "anh" / f"can-dien-{product.id}.jpg"]
    assert product.id not in before and producer.id not in before
    assert product.id.startswith("hn-") and producer.id.startswith("hn-")
    text = product.path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/product.schema.json\n")
    assert producer.path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../schema/producer.schema.json\n"
    )
    assert f"producer: {producer.id}" in text
    # Untouched, it cannot be published: every field still to fill is named, values that look valid too.
    assert unfilled(check(catalogue_dir, DAY)) == {
        product.path.name: PRODUCT_TO_FILL | {"origin.commune"},
        producer.path.name: {"name", "kind", "address.commune"},
    }
    # What is left to fill is marked, in the file and in the to-do list.
    marked = "\n".join(line for _, line in todo_lines(product.path))
    for field in ("name:", "decision:", "issuer:", "commune:", "ẢNH MINH HỌA"):
        assert field in marked
    assert any("images" in vi for vi, _ in product.todo)
    assert any(line.startswith("name:") for _, line in todo_lines(producer.path))


def test_new_product_for_an_existing_producer(catalogue_dir: Path) -> None:
    (product,) = new_product(catalogue_dir, "ha-noi", producer="hn-htx-test", commune="00004", today=DAY)
    data = load_file(product.path)[0].data  # type: ignore[union-attr]
    assert data["producer"] == "hn-htx-test"
    assert data["origin"]["commune"] == "00004"
    assert not any("commune" in vi for vi, _ in product.todo)
    assert unfilled(check(catalogue_dir, DAY)) == {product.path.name: PRODUCT_TO_FILL}


def test_new_product_refuses_an_unknown_producer(catalogue_dir: Path) -> None:
    with pytest.raises(ScaffoldError, match="hn-htx-tes"):
        new_product(catalogue_dir, "ha-noi", producer="hn-htx-tes", today=DAY)
    assert not list((catalogue_dir / "ha-noi" / "san-pham").glob("hn-*-*.yml"))


def test_new_product_refuses_a_commune_of_another_province(catalogue_dir: Path) -> None:
    with pytest.raises(ScaffoldError, match="29335"):
        new_product(catalogue_dir, "ha-noi", producer="hn-htx-test", commune="29335", today=DAY)


def test_new_producer_with_a_name(catalogue_dir: Path) -> None:
    w = new_producer(catalogue_dir, "vinh-long", kind="household", name="Hộ kinh doanh Lê Văn An", commune="29335")
    data = load_file(w.path)[0].data  # type: ignore[union-attr]
    assert data == {
        "id": w.id,
        "name": "Hộ kinh doanh Lê Văn An",
        "kind": "household",
        "address": {"commune": "29335"},
    }
    assert w.id.startswith("vl-")
    assert w.todo == []
    assert check(catalogue_dir, DAY) == []


def test_new_producer_refuses_an_unknown_kind(catalogue_dir: Path) -> None:
    with pytest.raises(ScaffoldError, match="cooperative"):
        new_producer(catalogue_dir, "ha-noi", kind="htx")


def test_ids_are_never_reused(catalogue_dir: Path, tmp_path: Path) -> None:
    """Not an id in the catalogue, not a file name, not a published id (even of a deleted record)."""
    seed = 11
    published = tmp_path / "ids.json"
    published.write_text(json.dumps([{"id": first_id("ha-noi", seed), "status": "withdrawn"}]), encoding="utf-8")
    ids = published_ids(published)
    assert ids == {first_id("ha-noi", seed)}
    w = new_producer(catalogue_dir, "ha-noi", name="Hợp tác xã Mới", published=ids, rng=random.Random(seed))
    assert w.id not in ids
    # A file already named like the next id (even one that does not parse) also takes the id.
    nxt = fresh_id("ha-noi", ids | {w.id} | catalogue_ids(catalogue_dir), random.Random(seed))
    (catalogue_dir / "ha-noi" / "chu-the" / f"{nxt}.yml").write_text(":\n", encoding="utf-8")
    again = new_producer(catalogue_dir, "ha-noi", name="Hợp tác xã Khác", published=ids, rng=random.Random(seed))
    assert again.id not in ids | {w.id, nxt}


def test_published_ids_forms(tmp_path: Path) -> None:
    f = tmp_path / "ids.json"
    f.write_text(json.dumps({"ids": [{"id": "hn-001"}, "hn-002"]}), encoding="utf-8")
    assert published_ids(f) == {"hn-001", "hn-002"}
    f.write_text("not json", encoding="utf-8")
    with pytest.raises(ScaffoldError):
        published_ids(f)


def test_cli_new_product_prints_vietnamese_first(catalogue_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["new", "product", "--province", "ha-noi", "--products-dir", str(catalogue_dir), "--today", TODAY])
    out = capsys.readouterr().out
    assert code == 0
    assert out.index("Đã tạo hồ sơ sản phẩm") < out.index("Wrote product record")
    assert FILL_MARK in out
    written = re.findall(r"Wrote \w+ record (\S+) \(id (\S+)\)", out)
    assert len(written) == 2 and all(Path(p).is_file() for p, _ in written)
    # `ocop check` run locally refuses the untouched skeleton, as the pull-request check does.
    assert main(["check", str(catalogue_dir), "--today", TODAY]) == 1
    report = capsys.readouterr().out
    for field in ("name", "stars", "group", "certificate.date", "origin.commune", "images[1]", "kind"):
        assert f": {field}: " in report, field
    assert "ảnh minh họa tạm" in report


def test_cli_new_producer_and_errors(catalogue_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["new", "producer", "--province", "ha-noi", "--products-dir", str(catalogue_dir)]
    assert main([*args, "--kind", "enterprise", "--name", "Công ty TNHH Thử"]) == 0
    assert "Đã tạo hồ sơ chủ thể" in capsys.readouterr().out
    assert main([*args[:3], "khong-co", *args[4:]]) == 2
    assert "khong-co" in capsys.readouterr().err
