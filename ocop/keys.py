"""Keys: a name for every value the build keeps, made of everything that decides it.

``content_key`` names a value by its inputs; ``code_key`` names the code that makes it, read from the
package's own files (a module and every module it imports, found by reading their ``import`` lines,
plus the package's data files and the versions of the libraries they import), so no list of files is
kept by hand and a changed rule can never leave a stale value behind (a hand-kept list once omitted
``validate.py``, and editing the validity rule left stale pages)."""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DATA_FOLDERS = ("data", "locale")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pieces_digest(pieces: Iterable[bytes]) -> str:
    """The SHA-256 of pieces as if joined: an object's name, without the joined copy."""
    sha = hashlib.sha256()
    for piece in pieces:
        sha.update(piece)
    return sha.hexdigest()


def content_key(*parts: str | bytes) -> str:
    """A name for a value made from ``parts``; each part is length-prefixed, so no two lists collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:32]


def folder_key(folder: Path) -> str:
    """Every file under ``folder`` (templates, theme assets): its path there and its bytes."""
    parts: list[str | bytes] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return content_key(*parts)


def _module_file(name: str) -> Path | None:
    rel = Path(*name.split(".")[1:])
    for candidate in (PACKAGE / rel.with_suffix(".py"), PACKAGE / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones too (an import inside a function counts), without visiting the
    expressions: the build's two code keys took 0.29 s with ``ast.walk`` over every node, 0.20 s so."""
    for node in body:
        yield node
        for inner in (getattr(node, "body", []), getattr(node, "orelse", []), getattr(node, "finalbody", [])):
            yield from _statements(inner)
        for part in (*getattr(node, "handlers", []), *getattr(node, "cases", [])):  # except:, case:
            yield from _statements(part.body)


@cache
def _imports(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """The in-package modules and the third-party top-level packages a module imports (parsed once a
    process: a build asks for the code of seven stages, which share most of their modules)."""
    tree = ast.parse(path.read_bytes())
    package = ".".join(("ocop", *path.relative_to(PACKAGE).parent.parts))
    own: set[str] = set()
    other: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            # `from . import qr` names a module; `from .model import Product` names a module's attribute.
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name == "ocop" or name.startswith("ocop."):
                if _module_file(name) is not None:
                    own.add(name)
            elif name and name.split(".")[0] not in sys.stdlib_module_names:
                other.add(name.split(".")[0])
    return frozenset(own), frozenset(other)


@cache
def _distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


@cache
def _data_key() -> str:
    """What code reads besides itself (units, fonts, the translations), hashed once a process."""
    parts: list[str | bytes] = []
    for folder in DATA_FOLDERS:
        for data in sorted((PACKAGE / folder).rglob("*")):
            if data.is_file():
                parts += [data.relative_to(PACKAGE).as_posix(), data.read_bytes()]
    return content_key(*parts)


@cache
def code_key(*modules: str) -> str:
    """A hash of the code behind ``modules`` (e.g. ``"ocop.build.render"``): their files, every
    in-package module they import, the package's data files (``data/``, ``locale/``), and the versions of the libraries
    they use. Python's version too: the record cache is marshalled."""
    seen: set[str] = set()
    libraries: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _module_file(name)
        if path is None:
            raise ValueError(f"no module {name} in the package")
        own, other = _imports(path)
        todo += own - seen
        libraries |= other
    parts: list[str | bytes] = [sys.version]
    for name in sorted(seen):
        path = _module_file(name)
        assert path is not None
        parts += [name, path.read_bytes()]
    parts.append(_data_key())
    for lib in sorted(libraries):
        for dist in sorted(_distributions().get(lib, [lib])):
            try:
                parts.append(f"{dist}=={importlib.metadata.version(dist)}")
            except importlib.metadata.PackageNotFoundError:
                parts.append(f"{dist}==?")
    return content_key(*parts)
