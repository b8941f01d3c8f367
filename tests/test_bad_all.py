"""The whole bad-input corpus in one catalogue, through `ocop check`, `mkdocs build` and `mkdocs serve`.

Each case gets its own product, producer and photo (ids and names carry the case's tag), so every
case lives beside every other; the cases whose names must stay as written share the untagged
base. No command may print a Python traceback, and each case's message must appear on its line.
"""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, TODAY, mkdocs_build, write_catalogue
from test_bad_chars import CHARACTERS, READER
from test_bad_files import COLLISIONS, NEAR_MISS, NOT_PLAIN
from test_bad_input import CASES, Case, Target
from test_bad_links import LINKS
from test_bad_numbers import NUMBERS
from test_bad_output import FORGED, FORGERIES
from test_bad_photos import PHOTOS
from test_bad_trace import TRACE
from test_serve import free_port

from ocop.domain.text import escaped

# The corpus by class of the issue that asked for it (class 9 and 11 are about the command, not
# records: their cases are in test_bad_numbers.py and test_bad_output.py).
CLASSES: dict[str, list[Case]] = {
    "0 first corpus (fields, YAML, HTML, photos)": CASES,
    "1 links that lie about their host": LINKS,
    "2 invisible and format characters": CHARACTERS,
    "3 reader-level faults": READER,
    "4 files that are not plain files": NOT_PLAIN,
    "5 near-miss names": NEAR_MISS,
    "6 names that collide elsewhere": COLLISIONS,
    "7 photos": PHOTOS,
    "8 numbers and places": NUMBERS,
    "10 messages that cannot be forged": FORGERIES,
    "issue 11: GTINs, lots, certificates and documents": TRACE,
}


def lay_out(products: Path) -> list[tuple[Case, str, str]]:
    """Every case in one catalogue; returns each expected (case, "file:line:", message) as printed."""
    expected = []
    for i, case in enumerate(c for cases in CLASSES.values() for c in cases):
        if not case.as_root and os.geteuid() == 0:
            continue  # root reads any file: the refusal cannot be shown in another process
        t = Target(products) if case.alone else Target(products, f"k{i}")
        if t.tag:
            t.base()
        case.change(t)
        if case.file:
            expected.append((case, f"{escaped(t.r(case.file))}:{case.line}:", escaped(t.r(case.vi))))
    return expected


def missing(expected: list[tuple[Case, str, str]], output: str) -> list[str]:
    lines = output.splitlines()
    return [
        f"{case.name}: {where} {message}"
        for case, where, message in expected
        if not any(where in line and message in line for line in lines)
    ]


def serve(products: Path, cache: Path, seconds: float = 60) -> str:
    """`mkdocs serve` on a free loopback port until it has reported the problems (or gave up)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OCOP_PRODUCTS_DIR": str(products), "OCOP_CACHE_DIR": str(cache)}
    env["OCOP_BUILD_DATE"] = TODAY
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port()}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert server.stdout is not None
    out = b""
    deadline = time.monotonic() + seconds
    with selectors.DefaultSelector() as sel:
        sel.register(server.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline and b" errors\n" not in out:
            if sel.select(timeout=1):
                chunk = os.read(server.stdout.fileno(), 1 << 16)
                if not chunk:
                    break  # it stopped by itself
                out += chunk
    server.terminate()
    try:
        rest, _ = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        rest, _ = server.communicate()
    return (out + rest).decode("utf-8", "replace")


def test_the_corpus_is_large_and_every_class_has_cases() -> None:
    counts = {name: len([c for c in cases if c.file]) for name, cases in CLASSES.items()}
    assert all(counts.values()), counts
    assert sum(len(cases) for cases in CLASSES.values()) >= 100


def test_every_case_in_one_catalogue_never_a_traceback(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    expected = lay_out(products)
    check = subprocess.run(
        [sys.executable, "-m", "ocop.cli", "check", str(products), "--today", TODAY],
        cwd=REPO,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = check.stdout + check.stderr
    assert check.returncode == 1, out[-3000:]
    assert "Traceback" not in out
    assert missing(expected, check.stdout) == []
    assert not any(line.startswith(FORGED) for line in check.stdout.splitlines())
    assert all(line.startswith("::error file=") for line in check.stdout.splitlines() if line.startswith("::"))

    build = mkdocs_build(tmp_path / "site", products, tmp_path / "cache")
    assert build.returncode != 0
    assert "Traceback" not in build.stdout + build.stderr
    assert missing(expected, build.stderr) == []
    assert not (tmp_path / "site").exists()

    served = serve(products, tmp_path / "cache")
    assert "Traceback" not in served
    assert missing(expected, served) == []
