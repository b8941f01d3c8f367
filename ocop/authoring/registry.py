"""Who may change what: the provinces registry, CODEOWNERS, and the scope of a change.

One file, ``provinces.yml``, maps each province folder under ``products/`` to the
GitHub team that owns it, and names the national office that owns everything else.
``.github/CODEOWNERS`` is generated from it, so GitHub asks the right team to review.
``check_scope`` enforces the same rule on a pull request's changed files: a province's
change stays inside that province's folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from ..build.load import dotted, load_file
from ..build.validate import strings_in
from ..domain.problems import Problem
from ..domain.text import FILL_MARK
from ..domain.units import units

REGISTRY = "provinces.yml"
CODEOWNERS = ".github/CODEOWNERS"
PRODUCTS = "products"


@dataclass(frozen=True)
class Registry:
    national: str
    provinces: dict[str, str]  # folder slug -> team


def load_registry(repo: Path) -> Registry:
    data = yaml.safe_load((repo / REGISTRY).read_text(encoding="utf-8"))
    provinces = {str(k): str(v) for k, v in (data.get("provinces") or {}).items()}
    unknown = sorted(set(provinces) - set(units().provinces))
    if unknown:
        raise ValueError(f"{REGISTRY}: unknown province folders / thư mục tỉnh không có: {', '.join(unknown)}")
    return Registry(str(data["national"]), provinces)


def codeowners(registry: Registry) -> str:
    """The CODEOWNERS text; later lines win in GitHub's rules, so the catch-all comes first."""
    lines = [
        f"# Sinh tự động từ {REGISTRY} bằng `ocop codeowners`; không sửa tay.",
        f"# Generated from {REGISTRY} by `ocop codeowners`; do not edit by hand.",
        f"*  {registry.national}",
    ]
    order = {slug: p.code for slug, p in units().provinces.items()}
    for slug in sorted(registry.provinces, key=lambda s: order[s]):
        lines.append(f"/{PRODUCTS}/{slug}/  {registry.provinces[slug]}")
    return "\n".join(lines) + "\n"


def province_of(path: str) -> str | None:
    """The province folder a repository path belongs to, or None for shared files."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if len(parts) >= 3 and parts[0] == PRODUCTS and parts[1] in units().provinces:
        return parts[1]
    return None


def check_scope(scope: str, changed: list[str]) -> list[Problem]:
    """Problems with a change made on behalf of province ``scope``."""
    if scope not in units().provinces:
        return [
            Problem(
                REGISTRY, 1, 1, "scope", f"'{scope}' không phải thư mục tỉnh", f"'{scope}' is not a province folder"
            )
        ]
    problems = []
    for path in changed:
        owner = province_of(path)
        if owner == scope:
            continue
        if owner is None:
            vi = f"thay đổi tệp dùng chung '{path}'; việc này cần Văn phòng Điều phối, không thuộc phạm vi tỉnh {scope}"
            en = f"changes shared file '{path}'; that needs the national office, not province {scope}"
        else:
            vi = f"thay đổi hồ sơ của tỉnh khác ({owner}); tỉnh {scope} chỉ sửa products/{scope}/"
            en = f"changes another province's records ({owner}); province {scope} changes only products/{scope}/"
        problems.append(Problem(path, 1, 1, "", vi, en))
    return problems


def check_placeholders(changed: list[str], repo: Path) -> list[Problem]:
    """Values a person still has to fill in (``ocop new`` marks them "CẦN ĐIỀN"), in changed records.

    Only values count: a comment with the mark (the importer's note on a placeholder photo) may stay."""
    problems = []
    for path in changed:
        full = repo / path
        if province_of(path) is None or full.suffix not in (".yml", ".yaml") or not full.is_file():
            continue
        record, _ = load_file(full, path)
        if record is None:
            continue  # `ocop check` reports why it cannot be read
        for key, text in strings_in(record.data):
            if FILL_MARK in text:
                line, col = record.where(key)
                problems.append(
                    Problem(
                        path,
                        line,
                        col,
                        dotted(key),
                        f"còn chỗ '{FILL_MARK}' chưa thay bằng thông tin thật",
                        f"a '{FILL_MARK}' (to fill in) placeholder is still here",
                    )
                )
    return problems
