"""Reuse: a build with the very same inputs as a remembered one takes its check and its files,
and any change to anything a build reads (a record, a photo, a document, the date, a template, a
damaged object) makes it go the whole way, with the bytes a fresh build gives."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import PRODUCT, REPO, jpeg_bytes, mkdocs_build, write_catalogue
from test_build import tree_digest

CHECK_REUSED = "(the same records, photos and documents as a check that passed)"
FILES_REUSED = "every file as an earlier build with the same inputs made it"
DOCUMENT = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def with_document(root: Path) -> Path:
    product = PRODUCT.replace(
        "  issuer: UBND Thành phố Hà Nội\n", "  issuer: UBND Thành phố Hà Nội\n  document: tai-lieu/qd.pdf\n"
    )
    products = write_catalogue(root, product=product)
    (products / "ha-noi" / "san-pham" / "tai-lieu").mkdir()
    (products / "ha-noi" / "san-pham" / "tai-lieu" / "qd.pdf").write_bytes(DOCUMENT)
    return products


def build(site: Path, products: Path, cache: Path, **env: str) -> str:
    result = mkdocs_build(site, products, cache, verbose="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stderr


def fresh(tmp_path: Path, products: Path, name: str) -> dict[str, str]:
    site = tmp_path / name / "site"
    build(site, products, tmp_path / name / "cache")
    return tree_digest(site)


def generation(cache: Path) -> int:
    with sqlite3.connect(cache / "index.sqlite") as db:
        return int(db.execute("SELECT value FROM state WHERE name = 'generation'").fetchone()[0])


def test_the_same_inputs_reuse_the_check_and_the_files_into_an_empty_site(tmp_path: Path) -> None:
    products, cache = with_document(tmp_path), tmp_path / "cache"
    first = build(tmp_path / "one" / "site", products, cache)
    assert CHECK_REUSED not in first and FILES_REUSED not in first
    before = generation(cache)
    second = build(tmp_path / "two" / "site", products, cache)  # a deploy: warm store, empty site
    assert CHECK_REUSED in second and FILES_REUSED in second
    assert tree_digest(tmp_path / "two" / "site") == tree_digest(tmp_path / "one" / "site")
    assert len(tree_digest(tmp_path / "two" / "site")) > 20
    # It asked the store for none of the entries a sweep would keep, so it does not count toward one.
    assert generation(cache) == before


def test_a_photo_replaced_under_the_same_name_size_and_time_is_seen(tmp_path: Path) -> None:
    products, cache, site = with_document(tmp_path), tmp_path / "cache", tmp_path / "site"
    build(site, products, cache)
    photo = products / "ha-noi" / "san-pham" / "anh" / "che.jpg"
    old = photo.read_bytes()
    new = jpeg_bytes(color=(200, 40, 40), quality=40)
    new += b"\0" * (len(old) - len(new))  # the same size: a reader stops at the image's end
    assert len(new) == len(old) and new != old
    stat = photo.stat()
    photo.write_bytes(new)
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    log = build(site, products, cache)
    assert CHECK_REUSED not in log and FILES_REUSED not in log
    assert tree_digest(site) == fresh(tmp_path, products, "fresh")


def test_a_changed_document_a_record_or_the_date_is_seen(tmp_path: Path) -> None:
    products, cache, site = with_document(tmp_path), tmp_path / "cache", tmp_path / "site"
    build(site, products, cache)
    document = products / "ha-noi" / "san-pham" / "tai-lieu" / "qd.pdf"
    document.write_bytes(DOCUMENT.replace(b"<< >> endobj", b"<< /Quyet 1 >> endobj"))
    log = build(site, products, cache)
    assert CHECK_REUSED not in log and FILES_REUSED not in log
    assert tree_digest(site) == fresh(tmp_path, products, "after-document")
    record = products / "ha-noi" / "san-pham" / "hn-001.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("Chè thử nghiệm", "Chè mới"), encoding="utf-8")
    log = build(site, products, cache)
    assert CHECK_REUSED not in log and FILES_REUSED not in log
    assert "Chè mới" in (site / "p" / "hn-001" / "index.html").read_text(encoding="utf-8")
    log = build(site, products, cache, OCOP_BUILD_DATE="2026-11-24")
    assert CHECK_REUSED not in log and FILES_REUSED not in log
    assert "2026-11-24" in (site / "ids.json").read_text(encoding="utf-8")


def test_a_changed_template_makes_the_files_again_from_the_reused_check(tmp_path: Path) -> None:
    products, cache, site = with_document(tmp_path), tmp_path / "cache", tmp_path / "site"
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme" / "catalogue", theme / "catalogue")
    (theme / "assets").symlink_to(REPO / "theme" / "assets")
    (theme / "overrides").symlink_to(REPO / "theme" / "overrides")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("      demo_banner:", f"      theme_dir: {theme}\n      demo_banner:")
    (tmp_path / "mkdocs.yml").write_text(config.replace("docs_dir: content", f"docs_dir: {REPO / 'content'}"))
    env = {**os.environ, "OCOP_PRODUCTS_DIR": str(products), "OCOP_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(site)]

    def run() -> str:
        result = subprocess.run(command, env={**env, "OCOP_BUILD_DATE": "2026-11-23"}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stderr

    run()
    template = theme / "catalogue" / "product.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block content %}", "{% block content %}<!-- mẫu mới -->", 1), encoding="utf-8")
    log = run()
    assert CHECK_REUSED in log and FILES_REUSED not in log  # the records did not change; a template did
    assert "<!-- mẫu mới -->" in (site / "p" / "hn-001" / "index.html").read_text(encoding="utf-8")


def test_a_damaged_object_on_the_remembered_list_means_a_whole_build(tmp_path: Path) -> None:
    products, cache = with_document(tmp_path), tmp_path / "cache"
    first = tmp_path / "one" / "site"
    build(first, products, cache)
    good = tree_digest(first)
    page = first / "p" / "hn-001" / "index.html"
    page.write_bytes(page.read_bytes()[:100])  # a hard link to the store's object: the object is cut short too
    second = tmp_path / "two" / "site"
    log = build(second, products, cache)
    assert CHECK_REUSED in log and FILES_REUSED not in log
    assert tree_digest(second) == good
