"""The store: every cache of the build, and the three mechanisms everything else shares.

One home each for:

- **keys** (in ``keys.py``): ``content_key`` names a value by everything that decides it;
  ``code_key`` names the code that makes it, so a changed rule never leaves a stale value behind;
- **the atomic write** (``write_atomic``): a unique temporary name beside the target, then a rename;
- **the parallel map** (in ``workers.py``): forked workers that inherit what the parent built
  (pickling 20,000 model objects costs more than rendering them).

What is kept, under one root (``.cache/ocop`` by default, always safe to delete):

- ``objects/ab/<sha256>``: files named by the SHA-256 of their bytes: rendered pages, photo
  derivatives, QR code images, the record cache. The site is made of hard links to them, so a
  build into an empty ``site/`` places 50,000 files without writing their bytes again.
- ``index.sqlite``: small values (an inline QR code, a page key's object) by namespace and key,
  each with the SHA-256 of its bytes. Here a file costs ~0.4 ms to create and to read, a row ~10 µs.
- ``sites/<id>``: the spare tree of each site folder (``build/publish.py``).

Every value and every object is checked against its digest before it is used (an object whose
bytes a past build checked, by its size and time: see ``Store._unchanged``), so a damaged store (a
truncated file, an edited row, a file edited through a hard link in ``site/``) is only a slower
build: the entry is dropped and made again, never published.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .keys import digest, pieces_digest
from .workers import threads_map

SWEEP_EVERY = 8  # builds between two sweeps of what the latest build did not use
# Above this many objects, one read of every size-and-time record beats asking for each: 0.42 s for
# all 234,962 of them at 20,000 products, against ~6 µs an object asked for (900 to a query).
SEEN_SCAN = 60_000
SEEN_FLUSH = 20_000  # size-and-time records held before they are written to the index

R = TypeVar("R")


# --- the atomic write ---------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: Path, data: bytes | Sequence[bytes], *, durable: bool = False) -> None:
    """Write ``path`` (bytes, or pieces one after another) whole or not at all: a unique temporary
    name in the same folder, then a rename.

    ``durable`` also flushes the bytes to the disk first (for state that must survive a power cut)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as f:
            f.writelines([data] if isinstance(data, bytes | bytearray | memoryview) else data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Spill:
    """Bytes kept in a private file rather than in memory, each read back when a file made of them
    is written: for many pieces written once, then joined into a few files, too big to hold. The
    open data's records were ~100 MB at 20,000 products, 500 MB at 100,000."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._file = open(folder / "spill", "w+b")  # noqa: SIM115 (closed by close())
        self._ends = array("q", [0])  # where each piece ends: 8 bytes a piece, not a tuple's 64

    def add(self, data: bytes) -> int:
        """Keep ``data``; what to give ``read`` for it."""
        self._file.write(data)
        self._ends.append(self._ends[-1] + len(data))
        return len(self._ends) - 2

    def read(self, piece: bytes | int) -> bytes:
        """A piece as its bytes: one given as bytes, or what ``add`` gave."""
        if isinstance(piece, bytes):
            return piece
        start = self._ends[piece]
        return os.pread(self._file.fileno(), self._ends[piece + 1] - start, start)

    def pieces(self, pieces: Sequence[bytes | int]) -> Sequence[bytes]:
        """Pieces as bytes, each read when it is reached: what ``Store.put_pieces`` takes."""
        self._file.flush()
        return _Read(self, pieces)

    def close(self) -> None:
        self._file.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class _Read(Sequence[bytes]):
    def __init__(self, spill: Spill, pieces: Sequence[bytes | int]) -> None:
        self.spill, self.items = spill, pieces

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> bytes:  # type: ignore[override]
        return self.spill.read(self.items[i])

    def __iter__(self) -> Iterator[bytes]:
        return map(self.spill.read, self.items)


# --- the store ---------------------------------------------------------------------------------


def file_digest(path: Path | str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


class Store:
    """Values and objects, each checked against its digest before use. See the module's docstring."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self._objects = str(self.objects)
        self.tmp = root / "tmp"
        self._db: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._verified: set[str] = set()  # objects checked in this process
        self._used: set[str] = set()  # objects this build used
        self._read: set[tuple[str, str]] = set()  # entries this build used
        self._lock: int | None = None
        self._seen: dict[str, tuple[int, int]] = {}  # object → (size, mtime_ns) when its bytes were checked
        self._inodes: dict[str, int] = {}  # object → inode, for those ``_unchanged`` found by their size and time
        self.generation = 0

    def __getstate__(self) -> dict[str, Any]:
        """A worker gets the store's place, and opens its own connection and lock when it needs them."""
        return {"root": self.root}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["root"])  # type: ignore[misc]

    # -- the index of small values

    def _conn(self) -> sqlite3.Connection:
        if self._db is not None and self._pid != os.getpid():
            # A forked worker: the parent's connection must never be used or closed here.
            _inherited.append(self._db)
            self._db = None
        if self._db is None:
            self._pid = os.getpid()
            self.root.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError:  # a damaged store is only a slower build
                self._reset()
                self._db = self._open()
        return self._db

    def _reset(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        for name in ("index.sqlite", "index.sqlite-wal", "index.sqlite-shm"):
            (self.root / name).unlink(missing_ok=True)

    def _run(self, work: Callable[[sqlite3.Connection], R]) -> R:
        """Run ``work`` on the index; an index damaged beyond reading is started afresh, once."""
        try:
            return work(self._conn())
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            self._reset()
            return work(self._conn())

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.root / "index.sqlite", timeout=120)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # a lost entry after a power cut is made again, never wrong
        db.execute(
            "CREATE TABLE IF NOT EXISTS entry (ns TEXT, key TEXT, value BLOB NOT NULL, digest TEXT NOT NULL,"
            " PRIMARY KEY (ns, key)) WITHOUT ROWID"
        )
        db.execute("CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS seen (name TEXT PRIMARY KEY, size INTEGER, mtime INTEGER)")
        row = db.execute("SELECT value FROM state WHERE name = 'generation'").fetchone()
        self.generation = int(row[0]) if row else 0
        return db

    def get_many(self, ns: str, keys: Iterable[str]) -> dict[str, bytes]:
        """The values stored for ``keys`` whose bytes still match their digest."""
        wanted = list(dict.fromkeys(keys))

        def work(db: sqlite3.Connection) -> dict[str, bytes]:
            found: dict[str, bytes] = {}
            bad: list[str] = []
            for key, value, stored in _rows(
                db, "SELECT key, value, digest FROM entry WHERE ns = ? AND key", [ns], wanted
            ):
                value = bytes(value)
                if digest(value) == stored:
                    found[key] = value
                else:
                    bad.append(key)
            if bad:
                with db:
                    db.executemany("DELETE FROM entry WHERE ns = ? AND key = ?", [(ns, k) for k in bad])
            self._read.update((ns, k) for k in found)
            return found

        return self._run(work) if wanted else {}

    def keep(self, ns: str, keys: Iterable[str]) -> None:
        """Entries this build relies on without reading them now (the next sweep keeps them)."""
        self._read.update((ns, k) for k in keys)

    def get(self, ns: str, key: str) -> bytes | None:
        return self.get_many(ns, [key]).get(key)

    def put_many(self, ns: str, items: dict[str, bytes]) -> None:
        if not items:
            return

        def work(db: sqlite3.Connection) -> None:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO entry (ns, key, value, digest) VALUES (?, ?, ?, ?)",
                    ((ns, k, v, digest(v)) for k, v in items.items()),
                )

        self._run(work)
        self._read.update((ns, k) for k in items)

    def put(self, ns: str, key: str, value: bytes) -> None:
        self.put_many(ns, {key: value})

    # -- objects: files named by their digest

    def object_path(self, name: str) -> Path:
        return self.objects / name[:2] / name

    def _file(self, name: str) -> str:
        """An object's path as a string, for the loops over every object: a ``Path`` costs ~7 µs
        to make, and 254,854 of them (20,000 products) took 1.7 s of a deploy build's 2.7 s of stats."""
        return f"{self._objects}/{name[:2]}/{name}"

    def put_object(self, data: bytes) -> str:
        """Keep ``data`` as an object; returns its name (its SHA-256)."""
        return self._keep(digest(data), data)

    def put_pieces(self, pieces: Sequence[bytes]) -> str:
        """Keep a file given as pieces, never joined: a 50 MB document costs no copy of itself."""
        return self._keep(pieces_digest(pieces), pieces)

    def _keep(self, name: str, data: bytes | Sequence[bytes]) -> str:
        path = self.object_path(name)
        if name not in self._verified and file_digest(path) != name:
            write_atomic(path, data)
        if name not in self._verified:
            self._note(name)
        self._verified.add(name)
        self._used.add(name)
        return name

    def object_inodes(self, names: Iterable[str]) -> dict[str, int]:
        """The inode of each of these objects that is present (perhaps of more): as ``verify`` saw it,
        else by a ``stat`` when few are left, else from directory listings. What the publisher
        compares a site's hard links with."""
        names = names if isinstance(names, Collection) else list(names)
        missing = [n for n in names if n not in self._inodes]
        if len(missing) < 5_000:  # a warm build: listing the 256 folders again took 0.5-1.1 s at 20k
            self._inodes.update({n: st.st_ino for n in missing if (st := _stat(self._file(n))) is not None})
            return self._inodes
        wanted = {n: n for n in names}  # the caller's own strings as keys, not a copy of each (29 MB at 20k)
        found: dict[str, int] = {}
        for prefix in sorted({n[:2] for n in wanted}):
            with contextlib.suppress(FileNotFoundError), os.scandir(f"{self._objects}/{prefix}") as entries:
                found.update({wanted[e.name]: e.inode() for e in entries if e.name in wanted})
        return found

    def adopt(self, path: Path) -> str:
        """Move a file another tool wrote (MkDocs, inside ``self.tmp``) into the store."""
        name = file_digest(path)
        assert name is not None, path
        target = self.object_path(name)
        if name in self._verified or file_digest(target) == name:
            path.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(path, FILE_MODE)
            os.replace(path, target)
        if name not in self._verified:
            self._note(name)
        self._verified.add(name)
        self._used.add(name)
        return name

    def _note(self, name: str) -> None:
        """Remember the size and time of an object whose bytes were just checked or written."""
        if (st := _stat(self._file(name))) is not None:
            self._seen[name] = (st.st_size, st.st_mtime_ns)
        if len(self._seen) >= SEEN_FLUSH and self._lock is not None:  # a build's own store, not a worker's
            self._remember_seen()  # held until the end, 254,854 of them took ~40 MB of a cold build

    def _unchanged(self, names: list[str]) -> set[str]:
        """Objects whose size and modification time are still those they had when their bytes were
        last checked. Objects are never rewritten in place, so a truncation, a deletion or an edit
        (a hand edit in the site reaches the store: they are hard links) changes one or the other.

        This is what makes a deploy build fast: hashing every object (2.9 GB at 20,000 products)
        took 12.6 s of a 40 s deploy build; a ``stat`` of each takes well under one. Every
        SWEEP_EVERY builds the sweep forgets these records, so every object is hashed again."""
        if not names:
            return set()

        def work(db: sqlite3.Connection) -> list[tuple[str, int, int]]:
            sql = "SELECT name, size, mtime FROM seen"
            return db.execute(sql).fetchall() if len(names) > SEEN_SCAN else _rows(db, f"{sql} WHERE name", [], names)

        asked, same, objects = set(names), set(), self._objects
        for name, size, mtime in self._run(work):  # no dict of the rows: 0.4 s of a deploy build at 20k
            st = _stat(f"{objects}/{name[:2]}/{name}") if name in asked else None
            if st is not None and st.st_size == size and st.st_mtime_ns == mtime:
                same.add(name)
                self._inodes[name] = st.st_ino
        return same

    def verify(self, names: Iterable[str]) -> set[str]:
        """Which of these objects are present with the bytes their name says, checked on every core
        (by size and time where the bytes were checked before: see _unchanged)."""
        names = list(dict.fromkeys(names))
        todo = [n for n in names if n not in self._verified]
        same = self._unchanged(todo)
        self._verified |= same
        todo = [n for n in todo if n not in same]
        found = threads_map(lambda n: file_digest(self._file(n)), todo)
        good = {n for n, d in zip(todo, found, strict=True) if n == d}
        for n in good:
            self._note(n)
        for n in set(todo) - good:
            with contextlib.suppress(OSError):
                os.unlink(self._file(n))
        self._verified |= good
        out = {n for n in names if n in self._verified}
        self._used |= out
        return out

    def files(
        self, ns: str, key: str, make: Callable[[], Iterable[tuple[str, bytes | list[bytes]]]]
    ) -> dict[str, tuple[str, int]]:
        """Site files (bytes, or pieces: ``put_pieces``) that depend together on ``key``: path → (object,
        size). If a build made them for the same key and their objects are intact, ``make`` is not called."""
        known = self.get(ns, key)
        if known is not None:
            index = {path: (obj, size) for path, (obj, size) in json.loads(known).items()}
            objects = [obj for obj, _ in index.values()]
            if len(self.verify(objects)) == len(set(objects)):
                return index
        index = {}
        for path, made in make():
            pieces = [made] if isinstance(made, bytes) else made
            index[path] = (self.put_pieces(pieces), sum(map(len, pieces)))
        self.put(ns, key, json.dumps(index, sort_keys=True).encode())
        return index

    def mark(self, names: Iterable[str]) -> None:
        """Objects a forked worker of this build wrote (and so checked) itself. Their size and time
        are noted here: a worker never writes the index, and without them the build after a cold one
        hashed every page, card and label again (2.9 GB at 20,000 products)."""
        names = set(names)
        for name in names - self._verified:
            self._note(name)
        self._verified |= names
        self._used |= names

    def read_object(self, name: str) -> bytes | None:
        with contextlib.suppress(OSError):
            if digest(data := self.object_path(name).read_bytes()) == name:
                self._used.add(name)
                return data
        return None

    def put_list(self, files: Mapping[str, str]) -> str:
        """A list of site files (path → object) as an object, a ``path<TAB>object`` line each, sorted,
        written a line at a time through a private file: at 20,000 products it is 33 MB."""
        folder = self.scratch("list")
        with open(folder / "list", "w", encoding="utf-8") as f:
            f.writelines(f"{path}\t{files[path]}\n" for path in sorted(files))
        name = self.adopt(folder / "list")
        folder.rmdir()
        return name

    def read_list(self, name: str) -> Iterator[tuple[str, str]]:
        """A ``put_list`` object's (path, object) pairs one at a time, its digest checked as they are
        read: OSError when it is missing, ValueError after the last pair when it is damaged (drop
        what was made of them)."""
        sha = hashlib.sha256()
        with open(self._file(name), "rb") as f:
            for line in f:
                sha.update(line)
                path, _, obj = line.decode(errors="replace").rstrip("\n").partition("\t")
                yield path, obj
        if sha.hexdigest() != name:
            raise ValueError(f"object {name} is damaged")
        self._used.add(name)

    def scratch(self, prefix: str) -> Path:
        """A fresh private folder inside the store, for a tool that writes files (MkDocs)."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        path = self.tmp / f"{prefix}-{os.getpid()}-{secrets.token_hex(4)}"
        path.mkdir()
        return path

    @contextlib.contextmanager
    def spill(self) -> Iterator[Spill]:
        """A private file for bytes too many to hold (``Spill``), gone afterwards."""
        spill = Spill(self.scratch("spill"))
        try:
            yield spill
        finally:
            spill.close()

    # -- housekeeping

    def begin(self) -> None:
        """Start a build: a new generation, and what killed builds left behind is cleared.

        A build holds the store's lock shared; only a build alone with the store removes old entries."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self._lock is None:
            self._lock = os.open(self.root / "lock", os.O_RDWR | os.O_CREAT, FILE_MODE)
            fcntl.flock(self._lock, fcntl.LOCK_SH)

        def work(db: sqlite3.Connection) -> None:
            with db:
                self.generation += 1
                db.execute("INSERT OR REPLACE INTO state VALUES ('generation', ?)", (str(self.generation),))

        self._run(work)
        if self.tmp.is_dir():
            for entry in self.tmp.iterdir():
                pid = entry.name.split("-")[1] if entry.name.count("-") >= 2 else ""
                if pid.isdigit() and not _alive(int(pid)):
                    _remove(entry)

    def finish(self, live: Iterable[str] = (), whole: bool = True) -> int:
        """End a build. Every SWEEP_EVERY whole builds, when no other build uses the store, what this
        build did not use goes (entries, and objects but ``live`` ones: what a published site links
        to); returns how many objects went. A build that reused an earlier one asked for no entries."""
        self._remember_seen()
        if not whole and self._lock is not None:

            def uncount(db: sqlite3.Connection) -> None:
                with db:
                    db.execute("UPDATE state SET value = CAST(value AS INTEGER) - 1 WHERE name = 'generation'")

            self._run(uncount)
            return 0
        if self.generation % SWEEP_EVERY or self._lock is None or not _try_exclusive(self._lock):
            return 0
        keep = self._used | set(live)

        def work(db: sqlite3.Connection) -> None:
            with db:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (ns TEXT, key TEXT, PRIMARY KEY (ns, key))")
                db.execute("DELETE FROM kept")
                db.executemany("INSERT OR IGNORE INTO kept VALUES (?, ?)", self._read)
                db.execute(
                    "DELETE FROM entry WHERE NOT EXISTS (SELECT 1 FROM kept WHERE kept.ns = entry.ns AND kept.key = entry.key)"
                )
                db.execute("DELETE FROM kept")
                db.execute("DELETE FROM seen")  # the next build checks every object's bytes

        self._run(work)
        removed = 0
        if self.objects.is_dir():
            for folder in os.scandir(self.objects):
                for entry in os.scandir(folder.path):
                    if entry.name not in keep:
                        os.unlink(entry.path)
                        removed += 1
        return removed

    def _remember_seen(self) -> None:
        seen, self._seen = self._seen, {}
        if not seen:
            return

        def work(db: sqlite3.Connection) -> None:
            with db:
                db.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?, ?)", ((n, *sig) for n, sig in seen.items()))

        self._run(work)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._lock is not None:
            os.close(self._lock)  # releases the lock
            self._lock = None


_inherited: list[sqlite3.Connection] = []  # kept alive, unused, in forked workers


def _rows(db: sqlite3.Connection, sql: str, head: list[str], keys: list[str]) -> list[Any]:
    """The rows of ``sql`` (ending in the column to match) for ``keys``, asked 900 at a time:
    SQLite's limit on bound parameters."""
    chunks = [keys[i : i + 900] for i in range(0, len(keys), 900)]
    return [row for c in chunks for row in db.execute(f"{sql} IN ({','.join('?' * len(c))})", [*head, *c])]


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _try_exclusive(fd: int) -> bool:
    with contextlib.suppress(BlockingIOError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
