"""Who may change what, and nothing ever lost: registry, CODEOWNERS, scope, published ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PRODUCT, REPO, TODAY, mkdocs_build, write_catalogue

from ocop.authoring.published import check_published
from ocop.authoring.registry import CODEOWNERS, check_scope, codeowners, load_registry
from ocop.build.catalogue import load_catalogue
from ocop.build.outputs import ids_document, ids_pieces
from ocop.domain.units import units

DAY = dt.date.fromisoformat(TODAY)


def ocop(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ocop.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_registry_covers_every_province_and_codeowners_is_generated_from_it() -> None:
    registry = load_registry(REPO)
    assert set(registry.provinces) == set(units().provinces)
    assert (REPO / CODEOWNERS).read_text(encoding="utf-8") == codeowners(registry)
    assert ocop("codeowners", "--check").returncode == 0


def test_codeowners_check_fails_when_they_disagree(tmp_path: Path) -> None:
    shutil.copy(REPO / "provinces.yml", tmp_path / "provinces.yml")
    (tmp_path / ".github").mkdir()
    text = (REPO / CODEOWNERS).read_text(encoding="utf-8")
    (tmp_path / CODEOWNERS).write_text(text.replace("@ocop-vn/ha-noi", "@someone-else"), encoding="utf-8")
    result = ocop("codeowners", "--check", "--repo", str(tmp_path))
    assert result.returncode == 1 and "out of date" in result.stdout


def test_scope_keeps_a_province_inside_its_folder() -> None:
    assert check_scope("ha-noi", ["products/ha-noi/san-pham/hn-001.yml", "products/ha-noi/san-pham/anh/x.jpg"]) == []
    other = check_scope("ha-noi", ["products/lao-cai/san-pham/lc-001.yml"])
    assert len(other) == 1 and "tỉnh khác (lao-cai)" in other[0].vi
    shared = check_scope("ha-noi", ["mkdocs.yml", "ocop/validate.py", ".github/workflows/pr.yml"])
    assert len(shared) == 3 and all("tệp dùng chung" in p.vi for p in shared)
    assert "not a province folder" in check_scope("ha-noy", [])[0].en


def test_check_scope_on_the_command_line() -> None:
    ok = ocop("check", "--scope", "lao-cai", "--changed", "products/lao-cai/san-pham/lc-001.yml")
    assert ok.returncode == 0, ok.stdout
    bad = ocop("check", "--scope", "lao-cai", "--changed", "products/lao-cai/san-pham/lc-001.yml", "provinces.yml")
    assert bad.returncode == 1
    assert "provinces.yml:1:1: (tệp/file): thay đổi tệp dùng chung 'provinces.yml'" in bad.stdout


def published_of(products: Path) -> list[dict]:
    return ids_document(load_catalogue(products, DAY))["ids"]


def test_ids_json_lists_every_id_with_status(sample_site: Path) -> None:
    doc = json.loads((sample_site / "ids.json").read_text(encoding="utf-8"))
    cat = load_catalogue(REPO / "products", DAY)
    ids = {e["id"]: e for e in doc["ids"]}
    assert set(ids) == {p.id for p in cat.products} | {p.id for p in cat.producers} | {lot.id for lot in cat.lots}
    recalled = next(lot for lot in cat.lots if lot.recalled)
    assert ids[recalled.id] == {
        "id": recalled.id,
        "kind": "lot",
        "product": recalled.product_id,
        "code": recalled.code,
        "status": "recalled",
        "url": f"lo/{recalled.id}/",
    }
    assert (sample_site / recalled.url / "index.html").exists()
    withdrawn = next(p for p in cat.products if p.withdrawal)
    assert ids[withdrawn.id]["status"] == "withdrawn" and ids[withdrawn.id]["url"] == f"p/{withdrawn.id}/"
    assert (sample_site / withdrawn.url / "index.html").exists()  # a withdrawn product keeps its page
    # Written an entry at a time, it is the one JSON text of the document, byte for byte.
    whole = json.dumps(ids_document(cat), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert (sample_site / "ids.json").read_bytes() == whole.encode()


def test_an_empty_catalogue_has_an_ids_json_too(tmp_path: Path) -> None:
    (tmp_path / "products").mkdir()
    empty = load_catalogue(tmp_path / "products", DAY)
    assert json.loads(b"".join(ids_pieces(empty))) == {"version": 1, "build_date": DAY.isoformat(), "ids": []}


def test_published_ids_must_keep_resolving(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    published = published_of(products)
    assert check_published(load_catalogue(products, DAY), published, "ids.json") == []
    # Renaming and moving the file keeps the id: nothing is lost.
    src = products / "ha-noi" / "san-pham" / "hn-001.yml"
    src.rename(products / "ha-noi" / "san-pham" / "che-moi-ten.yml")
    assert check_published(load_catalogue(products, DAY), published, "ids.json") == []
    # Deleting a published record is refused, with the way out in the message.
    (products / "ha-noi" / "san-pham" / "che-moi-ten.yml").unlink()
    problems = check_published(load_catalogue(products, DAY), published, "ids.json")
    assert len(problems) == 1 and problems[0].path == "ids.json" and "status: withdrawn" in problems[0].vi


def test_an_id_never_names_another_product(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    published = published_of(products)
    record = products / "ha-noi" / "san-pham" / "hn-001.yml"
    record.write_text(PRODUCT.replace("name: Chè thử nghiệm", "name: Chè thử nghiêm"), encoding="utf-8")
    assert check_published(load_catalogue(products, DAY), published, "ids.json") == []  # a typo fix
    record.write_text(PRODUCT.replace("name: Chè thử nghiệm", "name: Nước mắm cá cơm"), encoding="utf-8")
    problems = check_published(load_catalogue(products, DAY), published, "ids.json")
    assert [p.field for p in problems] == ["name"] and "cần mã mới" in problems[0].vi


def test_check_published_on_the_command_line(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    ids = tmp_path / "ids.json"
    ids.write_text(json.dumps({"ids": [*published_of(products), {"id": "hn-999", "kind": "product"}]}))
    result = ocop("check", str(products), "--published", str(ids), "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert "mã 'hn-999' đã công bố nhưng không còn hồ sơ" in result.stdout
    line = next(n for n, text in enumerate(ids.read_text().splitlines(), 1) if '"hn-999"' in text)
    assert f"ids.json:{line}:1: id:" in result.stdout


def digests(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()
    }


def test_a_change_stays_in_its_province_and_the_national_lists(tmp_path: Path) -> None:
    products = REPO / "products"
    copy = tmp_path / "products"
    shutil.copytree(products, copy)
    site = tmp_path / "site"
    assert mkdocs_build(site, copy, tmp_path / "cache").returncode == 0
    before = digests(site)
    record = copy / "lao-cai" / "san-pham" / "lc-001.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\nname: ", "\nname: Mới ", 1), encoding="utf-8")
    assert mkdocs_build(site, copy, tmp_path / "cache").returncode == 0
    after = digests(site)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    cat = load_catalogue(copy, DAY)
    lao_cai_producers = {f"chu-the/{p.id}/index.html" for p in cat.producers if p.province.slug == "lao-cai"}
    # The national lists, figures, open data and feeds; the province's own files; nothing of another province.
    national = (
        "index.html",
        "san-pham/",
        "tim-kiem/",
        "nhom/",
        "sao/",
        "trang-thai/",
        "assets/",
        "ids.json",
        "thong-ke/",
        "du-lieu/",
        "nguon-tin/atom.xml",
        "sitemap",
    )
    own = ("tinh/lao-cai/", "du-lieu/tinh/lao-cai/", "thong-ke/tinh/lao-cai/", "nguon-tin/lao-cai.xml")
    own += tuple(f"p/{p.id}/" for p in cat.products if p.province.slug == "lao-cai")
    for path in {p.removeprefix("en/") for p in changed}:  # the English edition follows the same rule
        assert path.startswith((*own, *national)) or path in lao_cai_producers, (
            f"{path} changed, but it belongs to another province"
        )
        assert not (path.startswith(("tinh/", "du-lieu/tinh/", "thong-ke/tinh/")) and "/lao-cai/" not in path), path
    assert {"p/lc-001/index.html", "en/p/lc-001/index.html"} <= changed
    assert not any(
        p.removeprefix("en/").startswith("p/") and not p.removeprefix("en/").startswith(own) for p in changed
    )
    assert os.path.exists(site / "p" / "lc-001" / "qr.png")


def test_a_pull_request_cannot_carry_unfilled_placeholders(tmp_path: Path) -> None:
    shutil.copytree(REPO / "products", tmp_path / "products")
    made = ocop("new", "product", "--province", "lao-cai", "--today", TODAY, cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    new = [p for p in (tmp_path / "products" / "lao-cai" / "san-pham").glob("*.yml") if not p.name.startswith("lc-0")]
    changed = [str(p.relative_to(tmp_path)) for p in new]
    assert ocop("check", cwd=tmp_path).returncode == 1  # refused locally, as in a pull request
    result = ocop("check", "--scope", "lao-cai", "--changed", *changed, cwd=tmp_path)
    assert result.returncode == 1
    assert "name: còn chỗ 'CẦN ĐIỀN' chưa thay bằng thông tin thật" in result.stdout
    assert "stars: còn chỗ 'CẦN ĐIỀN' chưa thay bằng thông tin thật" in result.stdout
    # A mark in a comment (the importer's note on a placeholder photo) is not a value to fill.
    from ocop.authoring.registry import check_placeholders

    record = tmp_path / "products" / "lao-cai" / "san-pham" / "lc-001.yml"
    record.write_text("# CẦN ĐIỀN: ảnh minh họa\n" + record.read_text(encoding="utf-8"), encoding="utf-8")
    assert check_placeholders(["products/lao-cai/san-pham/lc-001.yml"], tmp_path) == []


def test_a_published_lot_is_never_lost_nor_given_to_another_lot(tmp_path: Path) -> None:
    shutil.copytree(REPO / "products", tmp_path / "products")
    products = tmp_path / "products"
    published = published_of(products)
    assert check_published(load_catalogue(products, DAY), published, "ids.json") == []
    lot = products / "ha-noi" / "san-pham" / "lo" / "hn-001-l2605.yml"
    text = lot.read_text(encoding="utf-8")
    lot.write_text(text.replace("code: HN001-2605", "code: HN001-9999"), encoding="utf-8")
    (problem,) = check_published(load_catalogue(products, DAY), published, "ids.json")
    assert problem.field == "code" and "mã lô 'hn-001-l2605' đã công bố cho lô HN001-2605" in problem.vi
    lot.unlink()
    (problem,) = check_published(load_catalogue(products, DAY), published, "ids.json")
    assert "mã 'hn-001-l2605' đã công bố nhưng không còn hồ sơ" in problem.vi and "recall" in problem.en
