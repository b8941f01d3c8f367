"""Putting a built site in place: at every instant the served folder is wholly the old site or wholly the new.

One publisher owns the site folder; nothing else writes into it. Every file of a build is an
object in the store (named by its SHA-256), and the publisher makes the site out of hard links
to them, so a page that did not change is the same file, and placing 50,000 files writes none
of their bytes again (a copy is made only where the store is on another file system).

Double buffering. Beside the live ``site/`` the publisher keeps a *spare* tree (inside the
store when it is on the same file system, else beside the site):

1. the spare is brought to exactly the new build's files: every file in it is compared with the
   object it should be (the same inode, or the same bytes), wrong or extra files are replaced or
   removed, missing ones linked. A hand edit or deletion anywhere is repaired here, whatever
   any record of the past says; an update needs no more space than the changed files;
2. the file system is flushed (``syncfs``), so a power cut cannot leave names without bytes;
3. the spare and ``site/`` trade places in one atomic ``renameat2(RENAME_EXCHANGE)``: a reader
   sees the old tree or the new one, never a mix; the old tree becomes the next build's spare.

A build killed at any moment (SIGKILL, a full disk, a power cut) has changed only the spare
and the store, never ``site/``; no temporary file ever enters ``site/``. Where the file system
cannot exchange two folders, two renames are used instead (a moment with no ``site/`` at all,
never a mixed one). Two builds into the same folder take turns: the second waits for the first's
lock (``flock`` on the folder that holds the site) and says so.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..domain.problems import BilingualError
from ..store import FILE_MODE, Store, file_digest
from ..workers import threads_map

log = logging.getLogger("mkdocs.plugins.ocop")

LOCK_TIMEOUT = float(os.environ.get("OCOP_LOCK_TIMEOUT", "1800"))  # seconds a build waits for another
RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100
PLACE_SLICE = 20_000  # files placed at a time: the cold build's 254,854 (target, source) pairs held ~76 MB

_libc = ctypes.CDLL(None, use_errno=True)


class PublishError(BilingualError):
    """The site folder cannot be published to."""


@dataclass
class Stats:
    written: int = 0  # files that differ from the site's previous build
    removed: int = 0
    unchanged: int = 0
    repaired: int = 0  # files of the spare tree that were not what they should be


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False where the system cannot."""
    fn = getattr(_libc, "renameat2", None)
    if fn is None:
        return False
    if fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _syncfs(path: Path) -> None:
    """Flush the file system holding ``path`` (one call, not one fsync per file)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fn = getattr(_libc, "syncfs", None)
        if fn is None or fn(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class Publisher:
    def __init__(self, final: Path, store: Store) -> None:
        self.final = final.absolute()
        self.store = store
        self.site_id = hashlib.sha256(str(self.final).encode()).hexdigest()[:16]
        parent = self.final.parent
        parent.mkdir(parents=True, exist_ok=True)
        store.root.mkdir(parents=True, exist_ok=True)
        # The spare must be on the site's file system (to trade places with it); the store's objects
        # too, to be linked rather than copied.
        self.linkable = os.stat(store.root).st_dev == os.stat(parent).st_dev
        if self.linkable:
            self.spare = store.root / "sites" / self.site_id
            self.spare_kept = True
        else:
            self.spare = parent / f".{self.final.name}.ocop-spare"
            self.spare_kept = False

    # -- the lock

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the site's lock: ``flock`` on the folder that holds it."""
        fd = os.open(self.final.parent, os.O_RDONLY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning(
                    "OCOP: một bản dựng khác đang ghi vào %s; chờ khóa (flock trên thư mục %s) / another build is "
                    "publishing %s; waiting for its lock (flock on folder %s)",
                    self.final,
                    self.final.parent,
                    self.final,
                    self.final.parent,
                )
                deadline = time.monotonic() + LOCK_TIMEOUT
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise PublishError(
                                f"một bản dựng khác vẫn giữ khóa của {self.final} (flock trên thư mục "
                                f"{self.final.parent}) sau {LOCK_TIMEOUT:.0f} giây; chưa ghi gì",
                                f"another build still holds the lock of {self.final} (flock on folder "
                                f"{self.final.parent}) after {LOCK_TIMEOUT:.0f} s; nothing was written",
                            ) from None
                        time.sleep(0.2)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    # -- publishing

    def publish(self, files: dict[str, str]) -> Stats:
        """Make the site hold exactly ``files`` (path → store object). Call it holding the lock."""
        if self.final.is_symlink() or (self.final.exists() and not self.final.is_dir()):
            raise PublishError(
                f"{self.final} không phải thư mục; không ghi đè",
                f"{self.final} is not a folder; it is not overwritten",
            )
        stats = self._stats(files)
        self.spare.parent.mkdir(parents=True, exist_ok=True)
        if self.spare.is_symlink() or (self.spare.exists() and not self.spare.is_dir()):
            self.spare.unlink()
        self.spare.mkdir(exist_ok=True)
        stats.repaired = self._reconcile(files)
        _syncfs(self.spare)
        if self.final.exists():
            if not _exchange(self.spare, self.final):
                old = self.spare.with_name(self.spare.name + ".old")
                shutil.rmtree(old, ignore_errors=True)
                os.rename(self.final, old)
                os.rename(self.spare, self.final)
                os.rename(old, self.spare)
        else:
            os.rename(self.spare, self.final)
        _fsync_dir(self.final.parent)
        self._remember(files)
        if not self.spare_kept:
            shutil.rmtree(self.spare, ignore_errors=True)
        return stats

    def keep(self) -> None:
        """Hand the published tree to the store as the next build's spare: one rename, no copy.

        A CI runner starts every deploy with an empty ``site/``; its cache restores the store, but
        a tree of 131,605 folders (20,000 products, both editions) cannot be restored from objects
        faster than about 14 s here, a folder costing ~105 µs to make on this disk against ~8 µs
        for a hard link. The deploy workflow calls this once the site is uploaded, so the cache
        it saves holds the tree, and the next deploy build only changes what changed in it
        (publish at 20,000 products: 14–26 s without a kept tree, 6–7 s with one, in one run).
        Call it holding the lock."""
        if not self.linkable:
            raise PublishError(
                f"kho {self.store.root} và {self.final} ở hai hệ thống tệp khác nhau; không giữ lại được cây thư mục",
                f"the store {self.store.root} and {self.final} are on different file systems; the tree cannot be kept",
            )
        if self.final.is_symlink() or not self.final.is_dir():
            raise PublishError(
                f"{self.final} không phải thư mục đã dựng; không có gì để giữ",
                f"{self.final} is not a built site folder; there is nothing to keep",
            )
        self.spare.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(self.spare):  # an older tree (a spare half removed is repaired like any other)
            _remove(str(self.spare))
        os.rename(self.final, self.spare)
        _fsync_dir(self.spare.parent)
        _fsync_dir(self.final.parent)

    def _reconcile(self, files: dict[str, str]) -> int:
        """Bring the spare tree to exactly ``files``; returns how many entries had to change.

        The tree is read with ``scandir`` alone: a directory listing gives each entry's type and
        inode, so a file that is already the right object costs no system call of its own. The
        objects' inodes come the same way, from listing the store's object folders. At 20,000
        products (254,854 files) a build with nothing to change spent 21 s here with a ``stat``
        of every file and every object."""
        root = str(self.spare)
        wanted_dirs = {""}
        for path in files:
            parts = path.split("/")
            for i in range(1, len(parts)):
                wanted_dirs.add("/".join(parts[:i]))
        inodes = self.store.object_inodes(files.values()) if self.linkable else {}
        pending, there, present_dirs, changes = self._scan(root, files, wanted_dirs, inodes)
        missing: dict[int, list[str]] = {}
        for d in wanted_dirs - present_dirs:
            missing.setdefault(d.count("/"), []).append(f"{root}/{d}")
        for depth in sorted(missing):  # parents first; the folders of one depth side by side
            threads_map(os.mkdir, sorted(missing[depth]))
        objects = str(self.store.objects)  # an object's path as a string: 3.3 s of 254,854 Path objects
        todo: list[tuple[str, str, bool]] = []
        placed = 0
        for path, name in pending.items():
            target, source = f"{root}/{path}", f"{objects}/{name[:2]}/{name}"
            if path in there and not self.linkable and _same_copy(target, source, name):
                continue
            todo.append((target, source, path in there))
            if len(todo) == PLACE_SLICE:
                placed += len(threads_map(self._place, todo))
                todo = []
        return changes + placed + len(threads_map(self._place, todo))

    @staticmethod
    def _scan(
        root: str, files: dict[str, str], wanted_dirs: set[str], inodes: dict[str, int]
    ) -> tuple[dict[str, str], set[str], set[str], int]:
        """The wanted files that are not already their very object (a hard link to it) in the spare,
        those of them that are something else there, its wanted folders, and how many entries were
        removed: anything else (an extra file, a symlink, a folder no build wants) goes.

        No directory entry is kept (254,854 ``DirEntry`` objects held ~100 MB), nor a path read from
        the tree: the files to place are a copy of ``files`` that right ones leave."""
        pending = dict(files)
        there: set[str] = set()
        present_dirs = {""}
        changes = 0
        stack = [("", root)]
        while stack:
            rel, folder = stack.pop()
            pre = f"{rel}/" if rel else ""
            with os.scandir(folder) as entries:
                for entry in entries:
                    sub = pre + entry.name
                    obj = files.get(sub)  # one lookup a file, the folder test only for what is not a file
                    if obj is not None and entry.is_file(follow_symlinks=False):
                        if entry.inode() == inodes.get(obj):
                            del pending[sub]
                        else:
                            there.add(sub)
                    elif obj is None and sub in wanted_dirs and entry.is_dir(follow_symlinks=False):
                        present_dirs.add(sub)
                        stack.append((sub, entry.path))
                    else:
                        _remove(entry.path)
                        changes += 1
        return pending, there, present_dirs, changes

    def _place(self, item: tuple[str, str, bool]) -> None:
        target, source, there = item
        if there:
            os.unlink(target)
        if self.linkable:
            try:
                os.link(source, target)
                return
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise
        shutil.copyfile(source, target)
        os.chmod(target, FILE_MODE)

    # -- what the site held, for the build's report

    def _manifest_key(self) -> str:
        return f"site-list:{self.site_id}"  # the store object listing the files (Store.put_list)

    def _stats(self, files: dict[str, str]) -> Stats:
        """How this build's files differ from the last build's here. The last list is read a line at
        a time and its digest checked as it is read: at 20,000 products it is 33 MB, and parsed
        whole (a JSON object) it held 62 MB at the build's peak."""
        stats = Stats(written=len(files))
        ref = self.store.get("site", self._manifest_key()) if self.final.is_dir() else None
        if ref is None:
            return stats
        unchanged = removed = 0
        try:
            for path, obj in self.store.read_list(ref.decode()):
                now = files.get(path)
                removed += now is None
                unchanged += now == obj
        except (OSError, ValueError):  # a missing or damaged list only leaves the report without its counts
            return stats
        stats.unchanged, stats.removed, stats.written = unchanged, removed, len(files) - unchanged
        return stats

    def _remember(self, files: dict[str, str]) -> None:
        """The list of this build's files, written a line at a time into the store (never joined)."""
        self.store.put("site", self._manifest_key(), self.store.put_list(files).encode())


def _same_copy(target: str, source: str, name: str) -> bool:
    """A copy (where hard links are not possible) that already has the object's bytes."""
    return os.stat(target).st_size == os.stat(source).st_size and file_digest(target) == name


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)
