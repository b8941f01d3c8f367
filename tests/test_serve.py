"""`mkdocs serve` rebuilds and serves an edited record (its speed is measured by scripts/bench_serve)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import REPO, SAMPLE_CACHE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and text in page:
            return True
        time.sleep(0.1)
    return False


def test_serve_shows_an_edited_record(tmp_path: Path) -> None:
    products = tmp_path / "products"
    shutil.copytree(REPO / "products", products)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OCOP_PRODUCTS_DIR": str(products)}
    env["OCOP_CACHE_DIR"] = str(SAMPLE_CACHE)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "serve.log").open("w"),  # a file, not a pipe: a full pipe would stall the server
    )
    try:
        url = f"http://127.0.0.1:{port}/p/hn-001/"
        assert wait_for(url, "<h1", 120), "the served site never came up"
        # The page's QR code carries the local address, and the server says so.
        assert f"http://127.0.0.1:{port}/p/hn-001/" in (fetch(url) or "")
        record = products / "ha-noi" / "san-pham" / "hn-001.yml"
        record.write_text(
            record.read_text(encoding="utf-8").replace("\nname: ", "\nname: Đã sửa ", 1), encoding="utf-8"
        )
        assert wait_for(url, "Đã sửa", 60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    err = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert f"mã QR trỏ tới máy chủ cục bộ http://127.0.0.1:{port}/" in err
