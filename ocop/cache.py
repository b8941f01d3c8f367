"""A content-addressed cache on disk.

Entries are named by a hash of everything that determines them (inputs and the
settings and library versions that shape the output), so a stale entry can never
be found, deleting the folder is always safe, and a warm build makes the same
bytes as a cold one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def content_key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:32]


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, namespace: str, key: str, suffix: str = "") -> Path:
        return self.root / namespace / key[:2] / f"{key}{suffix}"

    def get_or_make(self, namespace: str, key: str, make: Callable[[], bytes], suffix: str = "") -> bytes:
        path = self.path(namespace, key, suffix)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        data = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a build killed half-way never leaves a truncated entry behind.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return data
