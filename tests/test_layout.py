"""The house: the package's folders are the data flow, and no stage reaches forward.

domain (pure rules and model) → keys, workers and store (the one cache) → build, one stage a module in the order
the data flows → authoring tools → the command line and the MkDocs plugin. A module may import
from its own stage or an earlier one, never a later one; only the plugin imports MkDocs; no
module is over 600 lines and no function over 80.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "ocop"
# The build's stages, in the order data flows through them.
BUILD = [
    "settings",
    "discover",
    "load",
    "photos",
    "validate",
    "rules",
    "history",
    "catalogue",
    "qr",
    "labels",
    "cards",
    "epcis",
    "search",
    "pages",
    "trace",
    "exports",
    "feeds",
    "stats",
    "jsonld",
    "editions",
    "render",
    "outputs",
    "publish",
    "reuse",
    "builder",
]


def module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def rank(module: str) -> tuple[int, int]:
    """Where a module stands in the flow: (layer, position in the layer)."""
    parts = module.split(".")
    if module == "ocop" or parts[1] == "domain":
        return (0, 0)
    if parts[1] in ("keys", "workers", "store"):
        return (1, 0)
    if parts[1] == "build":
        return (2, BUILD.index(parts[2]) if len(parts) > 2 else 0)
    if parts[1] == "authoring":
        return (3, 0)
    return (4, 0)  # cli, plugin


def imports(path: Path) -> list[tuple[str, int]]:
    """In-package modules a file imports, with the line."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            names = [base] if node.module else [f"{base}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if name.startswith("ocop"):
                # `from .x import y`: the module is x (or x.y when y is a module).
                while name.count(".") > 1 and not _exists(name):
                    name = name.rsplit(".", 1)[0]
                out.append((name, node.lineno))
    return out


def _exists(name: str) -> bool:
    rel = Path(*name.split("."))
    return (REPO / rel.with_suffix(".py")).is_file() or (REPO / rel / "__init__.py").is_file()


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_build_module_is_a_named_stage() -> None:
    found = sorted(p.stem for p in (PACKAGE / "build").glob("*.py") if p.stem != "__init__")
    assert found == sorted(BUILD)
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == [
        "authoring",
        "build",
        "data",
        "domain",
        "locale",  # the English edition's gettext catalogue (editions.py)
    ]


def test_no_module_imports_from_a_later_stage() -> None:
    wrong = []
    for path in python_files():
        me = module_name(path)
        for name, line in imports(path):
            if rank(name) > rank(me):
                wrong.append(f"{path.relative_to(REPO)}:{line}: {me} imports later stage {name}")
    assert wrong == []


def test_the_domain_does_no_io() -> None:
    """The domain reads nothing but its own reference table, and writes nothing."""
    banned = {"os", "subprocess", "shutil", "sqlite3", "multiprocessing", "tempfile", "socket", "urllib"}
    found = []
    for path in sorted((PACKAGE / "domain").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path.name, a.name) for a in node.names if a.name.split(".")[0] in banned]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in banned:
                found.append((path.name, node.module))
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("write_text", "write_bytes"):
                found.append((path.name, "write"))
    assert found == []


def test_only_the_plugin_imports_mkdocs() -> None:
    users = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
                users.append(path.relative_to(REPO).as_posix())
    assert sorted(set(users)) == ["ocop/plugin.py"]


def sources() -> list[Path]:
    scripts = [
        p for p in (REPO / "scripts").iterdir() if p.is_file() and p.read_bytes().startswith(b"#!/usr/bin/env python3")
    ]
    return python_files() + sorted(scripts) + sorted((REPO / "tests").glob("*.py"))


def test_no_module_over_600_lines_and_no_function_over_80() -> None:
    long_modules, long_functions = [], []
    for path in sources():
        text = path.read_text(encoding="utf-8")
        if path.parent.name != "tests" and text.count("\n") > 600:
            long_modules.append(f"{path.relative_to(REPO)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 80 and path.parent.name != "tests":
                    long_functions.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.name} ({length} lines)")
    assert long_modules == [] and long_functions == []
