"""A content-addressed cache on disk.

Entries are named by a hash of everything that determines them (inputs and the
settings and library versions that shape the output), so a stale entry can never
be found, deleting the cache is always safe, and a warm build makes the same bytes
as a cold one.

Entries (QR codes: 40,000 of them at national scale) live in one SQLite file: on
this kind of disk a file costs ~0.4 ms to create and again to read, a row ~10 µs.
Photo derivatives are files of their own (see images.py): they are copied, not read.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
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
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.root.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError:  # a damaged cache is only a slower build
                (self.root / "entries.sqlite").unlink(missing_ok=True)
                self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.root / "entries.sqlite", timeout=60)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # a lost entry after a power cut is recomputed, never wrong
        db.execute("CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        return db

    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, bytes]:
        wanted = [f"{namespace}:{k}" for k in keys]
        found: dict[str, bytes] = {}
        db = self._conn()
        for i in range(0, len(wanted), 900):  # SQLite's limit on bound parameters
            chunk = wanted[i : i + 900]
            rows = db.execute(f"SELECT key, value FROM entry WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update((k.split(":", 1)[1], v) for k, v in rows)
        return found

    def put_many(self, namespace: str, items: dict[str, bytes]) -> None:
        if not items:
            return
        db = self._conn()
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO entry (key, value) VALUES (?, ?)",
                ((f"{namespace}:{k}", v) for k, v in items.items()),
            )
