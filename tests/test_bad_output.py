"""Bad-input classes 10 and 11: messages that cannot be forged; `ocop check` on a path outside the catalogue.

Class 10: under GitHub Actions a line that starts with ``::`` is a workflow command. Nothing from
a record (a key, a value, a file name) may start one: every printed line escapes %, CR, LF and
the other refused characters, the plain report as much as the annotations.
Class 11: `ocop check PATH` says what it checked, or refuses with a hint; it never reports
success after checking something else.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PRODUCER, PRODUCT, REPO, write_catalogue
from test_bad_input import PRODUCT_FILE, Case, Target, replace, run_case, write_bytes

from ocop.domain.problems import Problem

FORGED = "::error::pwned"


def forged_file_name(name: str) -> Callable[[Target], None]:
    return write_bytes(
        f"ha-noi/san-pham/{name}", PRODUCT.replace("id: hn-001", "id: hn-002").replace("stars: 4", "stars: 9").encode()
    )


FORGERIES: list[Case] = [
    Case(
        "key-with-a-workflow-command",
        replace("stars: 4", f'"a\\n{FORGED}": 1\nstars: 4'),
        PRODUCT_FILE,
        4,
        f"a\n{FORGED}",
        "tên trường có ký tự ẩn hoặc ký tự điều khiển (U+000A",
        "control character",
    ),
    Case(
        "value-with-a-workflow-command",
        replace("Chè xanh *thơm*.", f"Chè <b\n  {FORGED}>"),
        PRODUCT_FILE,
        8,
        "description",
        f"không dùng mã HTML (<b\n{FORGED}>)",
        "HTML is not allowed",
    ),
    Case(
        "value-with-a-line-break",
        replace("  - anh/che.jpg", f'  - "anh/x\\n{FORGED}.jpg"'),
        PRODUCT_FILE,
        10,
        "images[1]",
        "(U+000A, xuống dòng)",
        "line break",
    ),
    Case(
        "file-name-with-an-escaped-newline",
        forged_file_name(f"hn-%0A{FORGED}.yml"),
        f"ha-noi/san-pham/hn-%0A{FORGED}.yml",
        4,
        "stars",
        "hạng sao phải là 3, 4 hoặc 5",
        "stars must be 3, 4 or 5",
        alone=True,
    ),
    Case(
        "file-name-with-a-newline",
        forged_file_name(f"hn-\n{FORGED}.yml"),
        f"ha-noi/san-pham/hn-\n{FORGED}.yml",
        1,
        "",
        "tên tệp/thư mục có ký tự ẩn",
        "U+000A",
        alone=True,
    ),
]


@pytest.mark.parametrize("case", FORGERIES, ids=[c.name for c in FORGERIES])
def test_messages_that_cannot_be_forged(tmp_path: Path, case: Case) -> None:
    problems = run_case(tmp_path, case)
    for p in problems:
        for line in [*p.format().splitlines(), *p.annotation().splitlines()]:
            assert not line.startswith(FORGED)
        assert p.format().count("\n") == 0 and p.annotation().count("\n") == 0


def run_check(*args: str, cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ocop.cli", "check", *args, "--today", "2026-11-23"],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_nothing_from_a_record_starts_a_workflow_command(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    for case in FORGERIES:
        case.change(Target(products))
    result = run_check(str(products), GITHUB_ACTIONS="true")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands and all(line.startswith("::error file=") for line in commands), commands
    assert len(commands) == len([line for line in lines if not line.startswith("::")]) - 1  # one per problem
    assert "%0A::error::pwned" in result.stdout and "hn-%250A::error::pwned.yml" in result.stdout
    assert any("file=" in line and "hn-%250A%3A%3Aerror%3A%3Apwned.yml" in line for line in commands)


def test_an_annotation_escapes_its_file_path() -> None:
    p = Problem("products/a,b:%0A\n::x.yml", 1, 1, "f", "v", "e")
    assert p.annotation().startswith("::error file=products/a%2Cb%3A%250A%0A%3A%3Ax.yml,line=1,col=1::")


# --- class 11: `ocop check` on a path outside the catalogue ------------------------------------


def two_provinces(root: Path) -> Path:
    """A catalogue with one mistake in ha-noi (stars: 9) and one in lao-cai (a bad group)."""
    products = write_catalogue(root, product=PRODUCT.replace("stars: 4", "stars: 9"))
    (products / "lao-cai/chu-the").mkdir(parents=True)
    other = (
        PRODUCER.replace("hn-htx-test", "lc-htx-test")
        .replace('"00004"', '"02647"')
        .replace("kind: cooperative", "kind: x")
    )
    (products / "lao-cai/chu-the/lc-htx-test.yml").write_text(other, encoding="utf-8")
    return products


# (case id, path to give relative to the folder holding products/, exit code, words printed)
PATHS = [
    ("catalogue", "products", 1, ["stars:", "kind:"]),
    ("province", "products/ha-noi", 1, ["Đã kiểm tra tỉnh ha-noi", "checked province ha-noi", "stars:"]),
    ("kind-folder", "products/lao-cai/chu-the", 1, ["Đã kiểm tra thư mục", "kind:"]),
    ("record-file", "products/ha-noi/san-pham/hn-001.yml", 1, ["Đã kiểm tra tệp", "stars:"]),
    ("clean-record-file", "products/ha-noi/chu-the/hn-htx-test.yml", 0, ["Đã kiểm tra tệp", "Không có lỗi"]),
    ("readme", "README.md", 2, ["không phải tệp hồ sơ trong <tỉnh>/san-pham/", "ocop check products"]),
    ("readme-in-catalogue", "products/README.md", 2, ["is not a record file"]),
    ("photo", "products/ha-noi/san-pham/anh/che.jpg", 2, ["không phải tệp hồ sơ"]),
    ("folder-above-the-catalogue", ".", 2, ["không phải thư mục dữ liệu", "có phải 'products'?"]),
    ("unrelated-folder", "elsewhere", 2, ["không phải thư mục dữ liệu", "is not a catalogue folder"]),
    ("missing", "products/ha-noi/khong-co.yml", 2, ["không tìm thấy", "not found"]),
]


@pytest.mark.parametrize(("name", "given", "code", "words"), PATHS, ids=[p[0] for p in PATHS])
def test_check_says_what_it_checked_or_refuses(
    tmp_path: Path, name: str, given: str, code: int, words: list[str]
) -> None:
    products = two_provinces(tmp_path)
    (products / "README.md").write_text("# Dữ liệu\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Kho\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    result = run_check(given, cwd=tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == code, out
    for w in words:
        assert w in out, out
    assert "Traceback" not in out
    if name == "province":  # lao-cai's mistake is not ha-noi's business
        assert "lao-cai" not in result.stdout.replace("checked province ha-noi", "")
        assert "kind:" not in result.stdout
    if code == 2:
        assert result.stdout == "" and result.stderr.count("\n") == 1
