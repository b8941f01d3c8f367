"""Shared fixtures: a tiny valid catalogue written into a temporary folder."""

from __future__ import annotations

import atexit
import functools
import http.server
import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from ocop.build.render import Site

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
# What the sample's pages are rendered with, for tests that render one page on its own.
SAMPLE_SITE = Site(
    name="Danh mục sản phẩm OCOP",
    url="https://ocop-demo.example/",
    demo_banner=True,
    build_date=TODAY,
    assets={"ocop.css": "assets/ocop.css", "search.js": "assets/search.js"},
)
# Builds of the sample data share one content cache: photo derivatives are made once per run.
SAMPLE_CACHE = Path(tempfile.mkdtemp(prefix="ocop-test-cache-"))
atexit.register(shutil.rmtree, SAMPLE_CACHE, True)

PRODUCER = """\
# yaml-language-server: $schema=../../../schema/producer.schema.json
id: hn-htx-test
name: Hợp tác xã Thử Nghiệm
kind: cooperative
address:
  commune: "00004"
  street: Thôn 1
representative: Nguyễn Văn An
contacts:
  phone: "0912345678"
  email: lienhe@htx.vn
description: Hợp tác xã **thử nghiệm**.
"""

PRODUCT = """\
# yaml-language-server: $schema=../../../schema/product.schema.json
id: hn-001
name: Chè thử nghiệm
stars: 4
group: drinks
producer: hn-htx-test
description: |
  Chè xanh *thơm*.
images:
  - anh/che.jpg
certificate:
  decision: "123/QĐ-UBND"
  date: "2025-03-10"
  issuer: UBND Thành phố Hà Nội
  score:
    total: 75
    a: 30
    b: 20
    c: 25
origin:
  commune: "00004"
  place: Thôn 1
  coordinates: [21.03, 105.85]
traceability:
  - stage: Thu hái
    date: "2025-01"
  - stage: Chế biến
    date: "2025-02-01"
"""


def jpeg_bytes(
    width: int = 640, height: int = 480, color: tuple[int, int, int] = (120, 160, 90), **save: object
) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "JPEG", **save)
    return buf.getvalue()


def write_catalogue(root: Path, product: str = PRODUCT, producer: str = PRODUCER) -> Path:
    """A one-product catalogue under root/products; returns the products folder."""
    products = root / "products"
    (products / "ha-noi" / "san-pham" / "anh").mkdir(parents=True)
    (products / "ha-noi" / "chu-the").mkdir(parents=True)
    (products / "ha-noi" / "chu-the" / "hn-htx-test.yml").write_text(textwrap.dedent(producer), encoding="utf-8")
    (products / "ha-noi" / "san-pham" / "hn-001.yml").write_text(textwrap.dedent(product), encoding="utf-8")
    (products / "ha-noi" / "san-pham" / "anh" / "che.jpg").write_bytes(jpeg_bytes())
    return products


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    return write_catalogue(tmp_path)


def mkdocs_build(
    site_dir: Path, products: Path | None = None, cache: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build` on the repository's config, as a user would."""
    full_env = {
        **os.environ,
        "OCOP_BUILD_DATE": TODAY,
        "NO_MKDOCS_2_WARNING": "1",
        "OCOP_CACHE_DIR": str(cache or site_dir.parent / "cache"),
        **env,
    }
    if products is not None:
        full_env["OCOP_PRODUCTS_DIR"] = str(products)
    quiet = [] if full_env.pop("verbose", None) else ["-q"]
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *quiet, "-f", str(REPO / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample catalogue, built once for the whole test session."""
    site = tmp_path_factory.mktemp("sample") / "site"
    result = mkdocs_build(site, cache=SAMPLE_CACHE)
    assert result.returncode == 0, result.stderr
    return site


class StaticServer:
    """A loopback HTTP server over a folder, for the browser tests."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def sample_server(sample_site: Path) -> Iterator[StaticServer]:
    server = StaticServer(sample_site)
    yield server
    server.close()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright. Missing Chromium is a failure, never a skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


_exit_status = 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process right after pytest's summary.

    zxing-cpp's bindings (nanobind) print "leaked type/function" lines to stderr while the
    interpreter shuts down, after pytest's closing line; CI and people read the last lines.
    Ending here with pytest's own status skips only that shutdown noise."""
    shutil.rmtree(SAMPLE_CACHE, ignore_errors=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status)
