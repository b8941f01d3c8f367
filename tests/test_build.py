"""Building: the same input gives the same bytes, and a failed build never harms a good site."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PRODUCT, REPO, mkdocs_build, write_catalogue


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_cold_and_warm_builds_give_identical_bytes(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    cache = tmp_path / "cache"
    first, second = tmp_path / "one" / "site", tmp_path / "two" / "site"
    assert mkdocs_build(first, products, cache).returncode == 0
    assert any(cache.rglob("*")), "the first build fills the cache"
    assert mkdocs_build(second, products, cache).returncode == 0
    assert tree_digest(first) == tree_digest(second)
    assert len(tree_digest(first)) > 20


def test_a_failed_build_leaves_the_good_site_in_place(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    site = tmp_path / "site"
    assert mkdocs_build(site, products).returncode == 0
    before = tree_digest(site)
    (products / "ha-noi" / "san-pham" / "hn-001.yml").write_text(
        PRODUCT.replace("stars: 4", "stars: 9"), encoding="utf-8"
    )
    result = mkdocs_build(site, products)
    assert result.returncode != 0
    # The same messages as `ocop check`, and the old site untouched, with no leftovers beside it.
    assert "hn-001.yml:4:8: stars: hạng sao phải là 3, 4 hoặc 5" in result.stderr
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "products", "site"]


def test_a_build_that_fails_while_writing_leaves_the_good_site(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    site = tmp_path / "site"
    assert mkdocs_build(site, products).returncode == 0
    before = tree_digest(site)
    # A broken photo cache entry makes writing fail half-way (after MkDocs wrote its pages).
    bad_theme = tmp_path / "theme"
    (bad_theme / "catalogue").mkdir(parents=True)
    (bad_theme / "catalogue" / "product.html").write_text("{{ no_such_variable }}", encoding="utf-8")
    config = (
        (REPO / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("      demo_banner:", f"      theme_dir: {bad_theme}\n      demo_banner:")
    )
    (tmp_path / "mkdocs.yml").write_text(
        config.replace("docs_dir: content", f"docs_dir: {REPO / 'content'}"), encoding="utf-8"
    )
    (tmp_path / "theme" / "overrides").symlink_to(REPO / "theme" / "overrides")
    env = {**os.environ, "OCOP_PRODUCTS_DIR": str(products), "OCOP_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(site)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "no_such_variable" in result.stderr
    assert tree_digest(site) == before
    assert not (tmp_path / "site.new").exists()


def test_ocop_check_reports_and_exits_non_zero(tmp_path: Path) -> None:
    products = write_catalogue(
        tmp_path, product=PRODUCT.replace("stars: 4", "stars: 9").replace("group: drinks", "group: x")
    )
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "ocop.cli", "check", str(products), "--today", "2026-11-23"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "products/ha-noi/san-pham/hn-001.yml:4:8: stars: hạng sao phải là 3, 4 hoặc 5 (đang ghi: 9) / stars must be 3, 4 or 5 (found: 9)"
        in lines
    )
    assert any(
        line.startswith("::error file=products/ha-noi/san-pham/hn-001.yml,line=5,col=8::group:") for line in lines
    )
    assert lines[-1] == "2 lỗi / 2 errors"


def test_ocop_check_on_one_file_uses_the_whole_catalogue(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    record = products / "ha-noi" / "san-pham" / "hn-001.yml"
    result = subprocess.run(
        [sys.executable, "-m", "ocop.cli", "check", str(record), "--today", "2026-11-23"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout  # its producer is found in the rest of the catalogue


def test_the_sample_data_passes_ocop_check() -> None:
    result = subprocess.run([sys.executable, "-m", "ocop.cli", "check"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_an_update_in_place_equals_a_fresh_build(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    cache, site = tmp_path / "cache", tmp_path / "site"
    assert mkdocs_build(site, products, cache).returncode == 0
    # Change one record: the site is updated in place, not rewritten.
    record = products / "ha-noi" / "san-pham" / "hn-001.yml"
    record.write_text(PRODUCT.replace("name: Chè thử nghiệm", "name: Chè đổi tên"), encoding="utf-8")
    before = {p: p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    result = mkdocs_build(site, products, cache, verbose="1")
    assert result.returncode == 0
    # The producer's page shows the product's name, so it is rendered again; no other page need be.
    kept = int(re.search(r"\((\d+) pages kept unrendered\)", result.stderr).group(1))
    assert kept >= 1
    counts = re.search(r"(\d+) written, (\d+) removed, (\d+) unchanged", result.stderr)
    written, removed, unchanged = map(int, counts.groups())  # against the last build's list of files
    assert 0 < written < unchanged and removed < written  # removed: the old search index, hashed by content
    after = {p: p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    kept = [p for p in before if after.get(p) == before[p]]
    assert site / "p" / "hn-001" / "qr.png" in kept  # the QR code did not change, so it was not touched
    assert before[site / "p" / "hn-001" / "index.html"] != after[site / "p" / "hn-001" / "index.html"]
    assert "Chè đổi tên" in (site / "p" / "hn-001" / "index.html").read_text(encoding="utf-8")
    # ...and the result is exactly what a fresh build from an empty cache makes.
    fresh = tmp_path / "fresh" / "site"
    assert mkdocs_build(fresh, products, tmp_path / "fresh-cache").returncode == 0
    assert tree_digest(site) == tree_digest(fresh)


def test_a_removed_product_leaves_no_file_and_a_tampered_site_is_rebuilt_whole(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    second = (products / "ha-noi" / "san-pham" / "hn-001.yml").read_text(encoding="utf-8").replace("hn-001", "hn-002")
    (products / "ha-noi" / "san-pham" / "hn-002.yml").write_text(second, encoding="utf-8")
    cache, site = tmp_path / "cache", tmp_path / "site"
    assert mkdocs_build(site, products, cache).returncode == 0
    assert (site / "p" / "hn-002" / "qr.png").exists()
    assert "/p/hn-002/</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    (products / "ha-noi" / "san-pham" / "hn-002.yml").unlink()
    assert mkdocs_build(site, products, cache).returncode == 0
    assert not (site / "p" / "hn-002").exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")  # made again: its pages changed
    assert "/p/hn-002/" not in sitemap and "/p/hn-001/</loc>" in sitemap
    # Someone edits the published folder by hand: the next build cannot trust it and replaces it.
    (site / "stray.html").write_text("x", encoding="utf-8")
    (site / ".ocop-build").write_text("edited by hand\n", encoding="utf-8")
    assert mkdocs_build(site, products, cache).returncode == 0
    assert not (site / "stray.html").exists()


def test_a_warm_build_decodes_no_photo_and_a_photo_is_known_by_its_content(tmp_path: Path, monkeypatch) -> None:
    import datetime as dt

    from conftest import jpeg_bytes

    from ocop.build import photos
    from ocop.build.catalogue import load_catalogue
    from ocop.store import Store

    def padded(data: bytes) -> bytes:  # bytes after a JPEG's end are ignored by decoders
        return data + b"\0" * (8000 - len(data))

    products = write_catalogue(tmp_path)
    photo = products / "ha-noi" / "san-pham" / "anh" / "che.jpg"
    photo.write_bytes(padded(jpeg_bytes()))
    cat = load_catalogue(products, dt.date(2026, 11, 23))
    store = Store(tmp_path / "cache")
    sources = sorted({src for p in cat.products for src in p.images})
    first, _ = photos.derive_all(sources, store, jobs=1)
    monkeypatch.setattr(photos, "_encode", lambda *a: (_ for _ in ()).throw(AssertionError("photo decoded")))
    assert photos.derive_all(sources, store, jobs=1)[0] == first
    monkeypatch.undo()
    # Another photo with the same size and the same modification time is still seen.
    stat = photo.stat()
    photo.write_bytes(padded(jpeg_bytes(color=(200, 30, 30))))
    assert photo.stat().st_size == stat.st_size
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again, _ = photos.derive_all(sources, store, jobs=1)
    assert again[str(photo)].key != first[str(photo)].key


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"OCOP_DEMO_BANNER": "false"}, "site_url vẫn là địa chỉ minh họa"),
        ({"OCOP_SITE_URL": "https://ocop.gov.example/?utm=qr"}, "không được có phần '?…' hay '#…'"),
        ({"OCOP_SITE_URL": "https://ocop.gov.example/#top"}, "không được có phần '?…' hay '#…'"),
    ],
    ids=["demo-host-without-banner", "query", "fragment"],
)
def test_qr_codes_never_point_at_a_demo_host_by_accident(tmp_path: Path, env: dict[str, str], words: str) -> None:
    products = write_catalogue(tmp_path)
    result = mkdocs_build(tmp_path / "site", products, **env)
    assert result.returncode != 0 and words in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
    # With the real address, the same build goes through.
    ok = mkdocs_build(tmp_path / "site", products, OCOP_DEMO_BANNER="false", OCOP_SITE_URL="https://ocop.gov.example/")
    assert ok.returncode == 0, ok.stderr
