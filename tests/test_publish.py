"""Publishing: the served site is wholly the old one or wholly the new one, whatever happens.

Builds are killed (SIGKILL) at many moments, run out of disk on a small tmpfs, run two at a
time into one folder, and run over a damaged store and a hand-edited site. After each, the
site folder holds exactly the files of a complete build, with no temporary file in it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from conftest import PRODUCER, PRODUCT, REPO, TODAY, jpeg_bytes, mkdocs_build, write_catalogue


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` by path, with the SHA-256 of its bytes."""
    out = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def many_products(root: Path, n: int, tag: str = "") -> Path:
    """A catalogue of ``n`` products (one producer, one photo); ``tag`` changes every product's name."""
    products = root / "products"
    shutil.rmtree(products, ignore_errors=True)
    folder = products / "ha-noi" / "san-pham"
    (folder / "anh").mkdir(parents=True)
    (products / "ha-noi" / "chu-the").mkdir(parents=True)
    (products / "ha-noi" / "chu-the" / "hn-htx-test.yml").write_text(textwrap.dedent(PRODUCER), encoding="utf-8")
    (folder / "anh" / "che.jpg").write_bytes(jpeg_bytes())
    for i in range(n):
        text = PRODUCT.replace("id: hn-001", f"id: hn-{i:04d}").replace("Chè thử nghiệm", f"Chè thử nghiệm {i}{tag}")
        (folder / f"hn-{i:04d}.yml").write_text(text, encoding="utf-8")
    return products


def temporary_files(site: Path) -> list[str]:
    """Leftovers of a write: the site has no hidden file of its own."""
    return [p for p in tree(site) if p.endswith(".tmp") or any(part.startswith(".") for part in p.split("/"))]


def build_cmd(site: Path, products: Path, cache: Path) -> tuple[list[str], dict[str, str]]:
    env = {
        **os.environ,
        "OCOP_BUILD_DATE": TODAY,
        "NO_MKDOCS_2_WARNING": "1",
        "OCOP_CACHE_DIR": str(cache),
        "OCOP_PRODUCTS_DIR": str(products),
    }
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)], env


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one_whole(tmp_path: Path) -> None:
    cache, site = tmp_path / "cache", tmp_path / "site"
    old_products = many_products(tmp_path / "old", 150)
    assert mkdocs_build(site, old_products, cache).returncode == 0
    old = tree(site)
    moments = [0.3 + 0.35 * i for i in range(12)]
    seen = {"old": 0, "new": 0}
    for i, moment in enumerate(moments):
        # Every product's name changes, so every product page and list is made again.
        new_products = many_products(tmp_path / f"new{i}", 150, tag=f" — lần {i}")
        reference = tmp_path / f"ref{i}" / "site"
        cmd, env = build_cmd(site, new_products, cache)
        proc = subprocess.Popen(cmd, env=env, cwd=REPO, start_new_session=True)
        time.sleep(moment)
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers, at once
        proc.wait()
        now = tree(site)
        assert not temporary_files(site), temporary_files(site)
        if now == old:
            seen["old"] += 1
        else:
            assert mkdocs_build(reference, new_products, tmp_path / f"refcache{i}").returncode == 0
            assert now == tree(reference), f"killed at {moment:.2f} s: the site is neither the old build nor the new"
            seen["new"] += 1
        # Back to the old site for the next moment (a normal build, over whatever the kill left).
        assert mkdocs_build(site, old_products, cache).returncode == 0
        assert tree(site) == old
        shutil.rmtree(new_products.parent)
    assert seen["old"] >= 1  # some kills came before the new site was in place
    # The last build after all that equals a fresh build of the same records.
    fresh = tmp_path / "fresh" / "site"
    assert mkdocs_build(fresh, old_products, tmp_path / "fresh-cache").returncode == 0
    assert tree(site) == tree(fresh)


def _in_small_disk(tmp_path: Path, script: str, size_mb: int = 24) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) with a tmpfs of ``size_mb`` mounted at tmp_path/disk, in a private mount namespace."""
    disk = tmp_path / "disk"
    disk.mkdir(exist_ok=True)
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size={size_mb}m tmpfs {disk} && {script}"],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_full_disk_never_harms_the_published_site(tmp_path: Path) -> None:
    """Run out of space at many points of an update: each time the site stays the old one, whole."""
    old_products = many_products(tmp_path / "old", 40)
    new_products = many_products(tmp_path / "new", 40, tag=" mới")
    reference = tmp_path / "ref" / "site"
    assert mkdocs_build(reference, new_products, tmp_path / "refcache").returncode == 0
    disk = tmp_path / "disk"
    py = f"{sys.executable} -c"
    env = f"OCOP_BUILD_DATE={TODAY} NO_MKDOCS_2_WARNING=1 OCOP_CACHE_DIR={disk}/cache"
    build = f"{sys.executable} -m mkdocs build -q -f {REPO / 'mkdocs.yml'} -d {disk}/site"
    digest = (
        f'{py} \'import sys; sys.path.insert(0, "{REPO / "tests"}"); from test_publish import tree; '
        f'import json, pathlib; print(json.dumps(tree(pathlib.Path("{disk}/site"))))\''
    )
    # For each amount of free space: build the old site, fill the disk, try the new one, then show the site.
    leaves = [200, 600, 1200, 2000, 3000]
    steps = [f"{env} OCOP_PRODUCTS_DIR={old_products} {build}", f"echo OLD; {digest}"]
    for kb in leaves:
        steps += [
            f"{env} OCOP_PRODUCTS_DIR={old_products} {build}",
            f"avail=$(df -k --output=avail {disk} | tail -1); "
            f"dd if=/dev/zero of={disk}/filler bs=1k count=$((avail - {kb})) 2>/dev/null; true",
            f"echo TRY {kb}; {env} OCOP_PRODUCTS_DIR={new_products} {build} 2>{disk}/err; echo EXIT $?; cat {disk}/err",
            f"echo SITE; {digest}",
            f"rm -f {disk}/filler",
        ]
    steps += [f"{env} OCOP_PRODUCTS_DIR={new_products} {build}", f"echo FINAL; {digest}"]
    result = _in_small_disk(tmp_path, " ; ".join(steps))
    out = result.stdout
    assert "OLD" in out and "FINAL" in out, result.stderr[-3000:]
    import json

    blocks = re.findall(r"^(OLD|SITE|FINAL)\n(\{.*\})$", out, re.M)
    old = json.loads(blocks[0][1])
    assert len(old) > 50
    fails = 0
    for (label, body), kb in zip(blocks[1:-1], leaves, strict=True):
        assert label == "SITE"
        site = json.loads(body)
        assert site == old or site == tree(reference), f"{kb} KB free: the site is neither old nor new"
        assert not [p for p in site if p.endswith(".tmp")]
        fails += site == old
    assert fails >= 1, "the disk was never full enough to stop an update"
    # A failed write is said in words, not as a traceback.
    for err in re.findall(r"^EXIT [1-9]\d*\n(.*?)(?=^SITE$)", out, re.M | re.S):
        assert "Không ghi được" in err or "No space left" in err
    assert json.loads(blocks[-1][1]) == tree(reference)


def test_an_update_in_place_needs_no_more_space_than_the_changed_files(tmp_path: Path) -> None:
    """Free space for little more than one changed record's pages in both editions, the new search index
    and the national lists and open-data files (which list every record) is enough."""
    products = many_products(tmp_path / "cat", 300)
    disk = tmp_path / "disk"
    env = f"OCOP_BUILD_DATE={TODAY} NO_MKDOCS_2_WARNING=1 OCOP_CACHE_DIR={disk}/cache OCOP_PRODUCTS_DIR={products}"
    build = f"{env} {sys.executable} -m mkdocs build -q -f {REPO / 'mkdocs.yml'} -d {disk}/site"
    record = products / "ha-noi" / "san-pham" / "hn-0007.yml"
    change = f"sed -i 's/Chè thử nghiệm 7/Chè đổi tên 7/' {record}"
    result = _in_small_disk(
        tmp_path,
        f"{build} && du -sk {disk}/site | cut -f1 && "
        f"avail=$(df -k --output=avail {disk} | tail -1); "
        f"dd if=/dev/zero of={disk}/filler bs=1k count=$((avail - 8000)) 2>/dev/null; "
        f"df -k --output=avail {disk} | tail -1; {change} && {build} && echo UPDATED",
        size_mb=96,  # 300 products with their share cards and labels
    )
    assert "UPDATED" in result.stdout, result.stdout + result.stderr[-2000:]
    site_kb = int(result.stdout.split()[0])
    assert site_kb > 3 * 8000  # the whole site would not fit in the space that was left


def test_two_builds_into_one_folder_take_turns(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    site = tmp_path / "site"
    procs = []
    for n in range(2):  # different stores: only the site folder is shared
        cmd, env = build_cmd(site, products, tmp_path / f"cache{n}")
        procs.append(subprocess.Popen(cmd, env=env, cwd=REPO, stderr=subprocess.PIPE, text=True))
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    fresh = tmp_path / "fresh" / "site"
    assert mkdocs_build(fresh, products, tmp_path / "fresh-cache").returncode == 0
    assert tree(site) == tree(fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cache0",
        "cache1",
        "fresh",
        "fresh-cache",
        "products",
        "site",
    ]


def test_a_build_that_cannot_get_the_lock_says_which_lock(tmp_path: Path) -> None:
    import fcntl

    products = write_catalogue(tmp_path)
    site = tmp_path / "out" / "site"
    assert mkdocs_build(site, products).returncode == 0
    before = tree(site)
    fd = os.open(site.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another build is publishing
        (products / "ha-noi" / "san-pham" / "hn-001.yml").write_text(
            PRODUCT.replace("Chè thử nghiệm", "Chè khác"), encoding="utf-8"
        )
        result = mkdocs_build(site, products, OCOP_LOCK_TIMEOUT="1")
    finally:
        os.close(fd)
    assert result.returncode != 0
    assert f"flock trên thư mục {site.parent}" in result.stderr and f"flock on folder {site.parent}" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(site) == before


def _damage_everything(cache: Path) -> None:
    db = sqlite3.connect(cache / "index.sqlite")
    with db:
        # An inline QR code altered in the store: a script must never reach a page.
        db.execute(
            "UPDATE entry SET value = CAST('<svg onload=alert(1)><script>alert(1)</script></svg>' AS BLOB)"
            " WHERE ns = 'qr-svg'"
        )
    db.close()
    objects = sorted(p for p in (cache / "objects").rglob("*") if p.is_file())
    assert len(objects) > 20
    for i, path in enumerate(objects):
        data = path.read_bytes()
        if i % 4 == 0:
            path.write_bytes(data[: len(data) // 2])  # truncated
        elif i % 4 == 1:
            path.write_bytes(bytes([data[0] ^ 1]) + data[1:])  # altered, same size
        elif i % 4 == 2:
            path.unlink()  # missing


def test_a_damaged_store_is_only_a_slower_build(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    cache = tmp_path / "cache"
    reference = tmp_path / "ref" / "site"
    assert mkdocs_build(reference, products, tmp_path / "refcache").returncode == 0
    assert mkdocs_build(tmp_path / "first" / "site", products, cache).returncode == 0
    _damage_everything(cache)
    # Into an empty folder (a deploy) and into a kept one: both equal a build from nothing.
    for site in (tmp_path / "deploy" / "site", tmp_path / "first" / "site"):
        result = mkdocs_build(site, products, cache)
        assert result.returncode == 0, result.stderr
        assert tree(site) == tree(reference)
        assert not any(b"alert(1)" in (site / p).read_bytes() for p in tree(site))
    # An index that is not a database any more.
    (cache / "index.sqlite").write_bytes(b"not a database " * 100)
    for name in ("index.sqlite-wal", "index.sqlite-shm"):
        (cache / name).unlink(missing_ok=True)
    site = tmp_path / "again" / "site"
    assert mkdocs_build(site, products, cache).returncode == 0
    assert tree(site) == tree(reference)


def test_hand_edits_and_deletions_in_the_site_are_repaired(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    cache, site = tmp_path / "cache", tmp_path / "site"
    assert mkdocs_build(site, products, cache).returncode == 0
    good = tree(site)
    page = site / "p" / "hn-001" / "index.html"
    with open(page, "ab") as f:  # edited in place: the same file (a hard link to the store's copy)
        f.write(b"<p>edited by hand</p>")
    (site / "index.html").unlink()
    (site / "chu-the" / "hn-htx-test" / "index.html").write_text("replaced", encoding="utf-8")
    (site / "stray.html").write_text("stray", encoding="utf-8")
    shutil.rmtree(site / "sao")
    for _ in range(2):  # the repaired tree is served, and the next build repairs the other one too
        assert mkdocs_build(site, products, cache).returncode == 0
        assert tree(site) == good


def test_the_build_after_a_cold_one_trusts_what_workers_made(tmp_path: Path) -> None:
    """Every object the site links to has its size and time noted, cards and pages made in forked
    workers included: otherwise the next build would hash every one of them again."""
    products = many_products(tmp_path, 40)  # enough cards and pages for the worker processes
    cache, site = tmp_path / "cache", tmp_path / "site"
    assert mkdocs_build(site, products, cache).returncode == 0
    by_inode = {p.stat().st_ino: p.name for p in (cache / "objects").rglob("*") if p.is_file()}
    linked = {by_inode[p.stat().st_ino] for p in site.rglob("*") if p.is_file()}
    with sqlite3.connect(cache / "index.sqlite") as db:
        seen = {name: (size, mtime) for name, size, mtime in db.execute("SELECT name, size, mtime FROM seen")}
    assert any(name.startswith("p/") for name in tree(site)) and len(linked) > 100
    for name in linked:
        st = (cache / "objects" / name[:2] / name).stat()
        assert seen.get(name) == (st.st_size, st.st_mtime_ns), name


def test_a_store_on_another_file_system_gives_a_site_of_copies(tmp_path: Path) -> None:
    """No hard link can cross file systems: the site is made of copies, and repaired like any other."""
    products = write_catalogue(tmp_path)
    site = tmp_path / "site"
    with tempfile.TemporaryDirectory(dir="/dev/shm") as other:  # tmpfs: not the disk tmp_path is on
        cache = Path(other) / "cache"
        assert os.stat(other).st_dev != os.stat(tmp_path).st_dev
        assert mkdocs_build(site, products, cache).returncode == 0
        good = tree(site)
        assert len(good) > 20 and (site / "p" / "hn-001" / "index.html").stat().st_nlink == 1
        assert tree(site) == tree(mkdocs_build_fresh(tmp_path, products))
        (site / "p" / "hn-001" / "index.html").write_text("edited by hand", encoding="utf-8")
        (site / "index.html").unlink()
        assert mkdocs_build(site, products, cache).returncode == 0
        assert tree(site) == good and not temporary_files(site)
        assert not list(tmp_path.glob(".*ocop-spare*"))  # the spare is the old tree, not kept on this disk


def mkdocs_build_fresh(tmp_path: Path, products: Path) -> Path:
    """The same catalogue built with a store beside the site (hard links)."""
    site = tmp_path / "fresh" / "site"
    assert mkdocs_build(site, products, tmp_path / "fresh" / "cache").returncode == 0
    return site


@pytest.mark.parametrize("kind", ["file", "symlink"])
def test_a_site_path_that_is_not_a_folder_is_refused(tmp_path: Path, kind: str) -> None:
    products = write_catalogue(tmp_path)
    site = tmp_path / "site"
    if kind == "file":
        site.write_text("not a folder", encoding="utf-8")
    else:
        (tmp_path / "elsewhere").mkdir()
        site.symlink_to(tmp_path / "elsewhere")
    result = mkdocs_build(site, products)
    assert result.returncode != 0 and "không phải thư mục" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_kept_tree_makes_the_next_deploy_build_reuse_its_folders(tmp_path: Path) -> None:
    """What the deploy workflow does: build, upload, ``ocop keep-site``; the next job starts with an
    empty site/ and the cached store, and the build places the kept tree instead of making every folder."""
    products = write_catalogue(tmp_path)
    cache, site = tmp_path / "cache", tmp_path / "work" / "site"
    assert mkdocs_build(site, products, cache).returncode == 0
    good = tree(site)
    folder = os.stat(site / "p" / "hn-001").st_ino
    env = {**os.environ, "OCOP_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    kept = subprocess.run(
        [sys.executable, "-m", "ocop.cli", "keep-site"], cwd=site.parent, env=env, capture_output=True, text=True
    )
    assert kept.returncode == 0, kept.stderr
    assert "next build writes only what changed" in kept.stdout
    assert not site.exists()
    spare = [d for d in (cache / "sites").iterdir() if (d / "p" / "hn-001" / "index.html").is_file()]
    assert len(spare) == 1 and os.stat(spare[0] / "p" / "hn-001").st_ino == folder
    assert mkdocs_build(site, products, cache).returncode == 0
    assert tree(site) == good
    assert os.stat(site / "p" / "hn-001").st_ino == folder  # the very folder: placed, not made again
    # Nothing to keep, or a store on another file system: said in both languages, nothing moved.
    shutil.rmtree(site)
    again = subprocess.run(
        [sys.executable, "-m", "ocop.cli", "keep-site"], cwd=site.parent, env=env, capture_output=True, text=True
    )
    assert again.returncode == 2 and "không có gì để giữ" in again.stderr and "nothing to keep" in again.stderr
    assert "Traceback" not in again.stderr
