"""Finding record files: ``products/<province>/{san-pham,chu-the}/*.yml``."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.problems import Problem
from ..domain.units import units

PRODUCT_DIR = "san-pham"
PRODUCER_DIR = "chu-the"
KIND_OF_DIR = {PRODUCT_DIR: "product", PRODUCER_DIR: "producer"}


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str
    kind: str  # "product" or "producer"
    province: str  # folder slug


def display_path(path: Path) -> str:
    """Show paths relative to the working directory when they are under it, as git does."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def discover(products_dir: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Find record files: products/<province>/{san-pham,chu-the}/*.yml."""
    files: list[SourceFile] = []
    problems: list[Problem] = []
    known = units().provinces
    prefix = display_path(products_dir)  # once: resolving every file's path is slow at 30,000 files
    found: list[tuple[tuple[str, ...], str]] = []
    # os.walk and string sorting: pathlib's rglob and Path ordering cost seconds at national scale.
    for folder, _dirs, names in os.walk(products_dir):
        rel_folder = os.path.relpath(folder, products_dir)
        parts = () if rel_folder == "." else tuple(rel_folder.split(os.sep))
        found += [((*parts, n), os.path.join(folder, n)) for n in names if n.endswith((".yml", ".yaml"))]
    found.sort()
    for rel, name in found:
        path = Path(name)
        shown = "/".join((prefix, *rel))
        if os.path.islink(name):
            problems.append(
                Problem(shown, 1, 1, "", "hồ sơ không được là liên kết tượng trưng", "a record must not be a symlink")
            )
            continue
        if len(rel) != 3 or rel[1] not in KIND_OF_DIR:
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"hồ sơ phải nằm trong <tỉnh>/{PRODUCT_DIR}/ hoặc <tỉnh>/{PRODUCER_DIR}/",
                    f"a record must be in <province>/{PRODUCT_DIR}/ or <province>/{PRODUCER_DIR}/",
                )
            )
            continue
        if rel[0] not in known:
            hint = difflib.get_close_matches(rel[0], list(known), n=1)
            vi_hint = f"; có phải '{hint[0]}'?" if hint else ""
            en_hint = f"; did you mean '{hint[0]}'?" if hint else ""
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"thư mục tỉnh '{rel[0]}' không có trong danh sách 34 tỉnh, thành phố 2025{vi_hint}",
                    f"province folder '{rel[0]}' is not one of the 34 provinces of 2025{en_hint}",
                )
            )
            continue
        files.append(SourceFile(path, shown, KIND_OF_DIR[rel[1]], rel[0]))
    return files, problems
