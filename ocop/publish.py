"""Putting a built site in place: whole or not at all, and touching only what changed.

A national build has ~50,000 files, and on an ordinary disk creating or deleting a
file costs ~0.4 ms: rewriting everything would dominate every build. So the site
folder is updated in place when we know exactly what it holds, and replaced whole
otherwise:

- Every file the build wants is an ``Output`` with a *token* that names its content
  (a hash, or the content-addressed name it already has).
- After each build a manifest (path → token) is kept in the cache, and a marker with
  the same build id is written into the site. When both agree, the site holds what
  the manifest says, and only files whose token changed are written (each by
  write-then-rename) and only files no longer wanted are removed.
- Otherwise (first build, a site someone changed, a cache deleted) everything is
  written into a staging folder beside the site, which then replaces it with two renames.

Rendering and checking happen before publishing starts, so a build that fails for
bad data or a broken template never touches the site. The marker is removed before
an in-place update begins and written again only after it ends: an update cut short
by a crash makes the next build replace the site whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".ocop-build"


@dataclass(frozen=True)
class Output:
    path: str  # relative, with "/"
    token: str  # names the content: equal tokens mean equal bytes
    data: bytes | None = None
    source: Path | None = None  # a file to copy instead
    make: Callable[[], bytes] | None = None  # or a way to get the bytes, called only if needed

    def bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.source is not None:
            return self.source.read_bytes()
        assert self.make is not None
        return self.make()


def token_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass
class Stats:
    mode: str  # "replaced" or "updated"
    written: int = 0
    removed: int = 0
    unchanged: int = 0
    changed_paths: list[str] = field(default_factory=list)


def _manifest_path(state_dir: Path, final: Path) -> Path:
    name = hashlib.sha256(str(final.resolve()).encode()).hexdigest()[:16]
    return state_dir / "sites" / f"{name}.json"


def read_manifest(state_dir: Path, final: Path) -> dict[str, str] | None:
    """What the site holds, if we can be sure of it."""
    path = _manifest_path(state_dir, final)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        marker = (final / MARKER).read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return None
    if saved.get("build") != marker:
        return None
    return saved["files"]


def read_keys(state_dir: Path, final: Path) -> dict[str, str]:
    """The page keys of the build that made the site (valid only with its manifest)."""
    try:
        return json.loads(_manifest_path(state_dir, final).with_suffix(".keys.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_keys(state_dir: Path, final: Path, keys: dict[str, str]) -> None:
    path = _manifest_path(state_dir, final).with_suffix(".keys.json")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(keys, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _write_manifest(state_dir: Path, final: Path, files: dict[str, str]) -> str:
    # The build id is the hash of what the site holds: the same input gives the same marker,
    # so two builds of the same data stay byte-identical.
    build = token_of(json.dumps(files, sort_keys=True).encode())
    path = _manifest_path(state_dir, final)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"build": build, "files": files}, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
    return build


def _put(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def publish(
    outputs: list[Output], staging: Path, final: Path, state_dir: Path, previous: dict[str, str] | None
) -> Stats:
    """Make ``final`` hold exactly ``outputs``. ``staging`` is a scratch folder beside it.

    ``previous`` is read_manifest's answer, read before the outputs were made: outputs
    already in ``staging`` (what MkDocs and the page renderer wrote there) stay where they
    are when the site is replaced whole.
    """
    wanted = {o.path: o for o in outputs}
    if previous is None:
        return _replace(outputs, staging, final, state_dir)
    stats = Stats("updated")
    (final / MARKER).unlink(missing_ok=True)
    for o in outputs:
        if previous.get(o.path) == o.token:
            stats.unchanged += 1
            continue
        _put(final / o.path, o.bytes())
        stats.written += 1
        stats.changed_paths.append(o.path)
    for path in sorted(set(previous) - set(wanted)):
        target = final / path
        target.unlink(missing_ok=True)
        stats.removed += 1
        stats.changed_paths.append(path)
        parent = target.parent
        while parent != final and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    build = _write_manifest(state_dir, final, {o.path: o.token for o in outputs})
    (final / MARKER).write_text(build + "\n", encoding="utf-8")
    shutil.rmtree(staging, ignore_errors=True)
    return stats


def _replace(outputs: list[Output], staging: Path, final: Path, state_dir: Path) -> Stats:
    stats = Stats("replaced")
    staging.mkdir(parents=True, exist_ok=True)
    for o in outputs:
        target = staging / o.path
        if o.source is not None and o.source == target:
            pass  # already in place (MkDocs wrote it here)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(o.bytes())
        stats.written += 1
    build = _write_manifest(state_dir, final, {o.path: o.token for o in outputs})
    (staging / MARKER).write_text(build + "\n", encoding="utf-8")
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)
    return stats


def files_in(folder: Path) -> list[Output]:
    """Outputs for files already written into ``folder`` (by MkDocs), tokens from their bytes."""
    out = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            out.append(Output(rel, token_of(path.read_bytes()), source=path))
    return out
