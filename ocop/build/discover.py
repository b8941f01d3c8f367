"""Finding record files: ``products/<province>/{san-pham,chu-the}/*.yml``, and refusing everything odd.

Every entry is looked at once with ``lstat`` (``os.scandir`` keeps it) before anything is opened: a
FIFO or a device named ``*.yml`` is refused, never read (reading a FIFO waits forever), and a
symlink is never followed. Inside ``san-pham/`` and ``chu-the/`` every name is either something
the catalogue uses or a problem with a hint (``ocop.domain.names``): a near miss must not make a
product vanish from the site while the check says all is well.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..domain.names import (
    FOLDERS,
    KIND_FOLDERS,
    RECORD_PLACE,
    accepted,
    collision_key,
    file_problem,
    folder_problem,
    is_record_name,
    reserved_on_windows,
)
from ..domain.problems import Problem
from ..domain.text import bad_char
from ..domain.units import units

PRODUCT_DIR = "san-pham"
PRODUCER_DIR = "chu-the"
KIND_OF_DIR = KIND_FOLDERS  # {"san-pham": "product", "chu-the": "producer"}: each folder's rule is named by its kind

_SPECIAL = {
    stat.S_IFIFO: ("một ống dẫn (FIFO)", "a named pipe (FIFO)"),
    stat.S_IFSOCK: ("một socket", "a socket"),
    stat.S_IFCHR: ("một thiết bị", "a device"),
    stat.S_IFBLK: ("một thiết bị", "a device"),
}


@dataclass(frozen=True)
class SourceFile:
    location: str  # the path as found: a string, as 49,973 ``Path`` objects took ~0.7 s of a deploy build
    display: str
    kind: str  # "product", "producer" or "lot"
    province: str  # folder slug

    @cached_property
    def path(self) -> Path:
        return Path(self.location)


class Unreadable(Exception):
    """A file that was not read: ``why`` is "missing", "link", "special", "large" or "unreadable"."""

    def __init__(self, why: str, vi: str = "", en: str = "", size: int = 0) -> None:
        super().__init__(why)
        self.why, self.vi, self.en, self.size = why, vi, en, size


def special_kind(mode: int) -> tuple[str, str]:
    """What a non-regular file is, in words."""
    return _SPECIAL.get(stat.S_IFMT(mode), ("không phải tệp thường", "not a regular file"))


def _regular(st: os.stat_result) -> None:
    if stat.S_ISLNK(st.st_mode):
        raise Unreadable("link", "là liên kết tượng trưng", "is a symlink")
    if stat.S_ISDIR(st.st_mode):
        raise Unreadable("special", "là một thư mục, không phải tệp", "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        vi, en = special_kind(st.st_mode)
        raise Unreadable(
            "special", f"là {vi}, không phải tệp thường; xóa đi", f"is {en}, not a regular file; delete it"
        )


def _unreadable(exc: OSError) -> Unreadable:
    return Unreadable("unreadable", f"không đọc được tệp ({exc.strerror})", f"cannot read the file ({exc.strerror})")


def _open_regular(path: Path | str, limit: int) -> tuple[int, int]:
    """An open descriptor of a regular file of at most ``limit`` bytes, and its size.

    The type is checked with lstat before opening, then again on the descriptor (O_NOFOLLOW,
    O_NONBLOCK: a FIFO swapped in between cannot make a read wait)."""
    try:
        st = os.lstat(path)
        _regular(st)
        if st.st_size > limit:
            raise Unreadable("large", size=st.st_size)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise Unreadable("missing", "không tìm thấy tệp", "file not found") from None
    except OSError as exc:
        raise _unreadable(exc) from None
    try:
        st = os.fstat(fd)
        _regular(st)
        if st.st_size > limit:
            raise Unreadable("large", size=st.st_size)
    except BaseException:
        os.close(fd)
        raise
    return fd, st.st_size


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; never more than ``limit`` + 1 are read.

    Raises Unreadable, without opening it, for anything that is not a plain file."""
    fd, _size = _open_regular(path, limit)
    try:
        chunks, total = [], 0
        while total <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - total))):
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _unreadable(exc) from None
    finally:
        os.close(fd)
    if total > limit:  # it grew after fstat
        raise Unreadable("large", size=total)
    return b"".join(chunks)


def digest_regular(path: Path, limit: int) -> str | None:
    """The SHA-256 of a regular file of at most ``limit`` bytes, read in blocks; None for anything else."""
    try:
        fd, _size = _open_regular(path, limit)
    except Unreadable:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def display_path(path: Path) -> str:
    """Show paths relative to the working directory when they are under it, as git does."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _Walk:
    """One pass over a catalogue folder; records found and problems, each entry seen once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.prefix = display_path(root)  # once: resolving every file's path is slow at 30,000 files
        self.known = units().provinces
        self.files: list[tuple[tuple[str, ...], SourceFile]] = []
        self.problems: list[Problem] = []

    def problem(self, rel: tuple[str, ...], vi: str, en: str) -> None:
        self.problems.append(Problem("/".join((self.prefix, *rel)), 1, 1, "", vi, en))

    def folder(self, path: str, rel: tuple[str, ...], rule: str) -> None:
        """Look at every entry of one folder; ``rule`` is a FOLDERS key, or "" outside san-pham/ and chu-the/."""
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.problem(rel, f"không đọc được thư mục ({exc.strerror})", f"cannot read the folder ({exc.strerror})")
            return
        seen: dict[str, str] = {}
        for entry in entries:
            here = (*rel, entry.name)
            self.name(here, entry.name, seen, rule)
            if entry.is_symlink():
                self.link(here, entry.name, rule)
            elif entry.is_dir(follow_symlinks=False):
                self.subfolder(entry.path, here, rule)
            elif entry.is_file(follow_symlinks=False):
                self.file(entry.path, here, rule)
            elif rule or is_record_name(entry.name):
                vi, en = special_kind(entry.stat(follow_symlinks=False).st_mode)
                self.problem(
                    here,
                    f"'{entry.name}' là {vi}, không phải tệp thường; xóa đi",
                    f"'{entry.name}' is {en}, not a regular file; delete it",
                )

    def name(self, rel: tuple[str, ...], name: str, seen: dict[str, str], rule: str) -> None:
        """Rules on the name itself: characters, case and accent collisions, Windows' reserved names."""
        bad = bad_char(name)
        if bad:
            _, code, vi, en = bad
            self.problem(
                rel,
                f"tên tệp/thư mục có ký tự ẩn hoặc ký tự điều khiển ({code}, {vi}); đổi tên",
                f"the file or folder name contains an invisible or control character ({code}, {en}); rename it",
            )
        key = collision_key(name)
        if key in seen:
            self.problem(
                rel,
                f"tên '{name}' trùng với '{seen[key]}' trên máy Windows và macOS (không phân biệt chữ hoa, chữ thường "
                "hay cách gõ dấu): hai tệp sẽ ghi đè lên nhau; đổi tên một trong hai",
                f"the name '{name}' is the same as '{seen[key]}' on Windows and macOS (case and accents typed "
                "differently are one name): one overwrites the other; rename one of them",
            )
        seen.setdefault(key, name)
        if rule and reserved_on_windows(name):
            self.problem(
                rel,
                f"'{name.split('.')[0]}' là tên dành riêng của Windows, không đặt được tên tệp; đổi tên",
                f"'{name.split('.')[0]}' is a name Windows reserves and cannot save as a file; rename it",
            )

    def link(self, rel: tuple[str, ...], name: str, rule: str) -> None:
        if is_record_name(name):
            self.problem(rel, "hồ sơ không được là liên kết tượng trưng", "a record must not be a symlink")
        elif rule and not accepted(FOLDERS[rule], name):
            self.problem(
                rel,
                f"'{name}' là liên kết tượng trưng, không được dùng ở đây; chép tệp hoặc thư mục thật vào",
                f"'{name}' is a symlink, which is not used here; put the real file or folder here",
            )
        # A symlinked photo is refused where a record names it (photos.image_path), on that line.

    def subfolder(self, path: str, rel: tuple[str, ...], rule: str) -> None:
        if rule:
            inner, wrong = folder_problem(FOLDERS[rule], rel[-1])
            if wrong:
                self.problem(rel, *wrong)
            self.folder(path, rel, inner or "")
            return
        self.folder(path, rel, KIND_FOLDERS.get(rel[-1], "") if len(rel) == 2 else "")

    def file(self, path: str, rel: tuple[str, ...], rule: str) -> None:
        if not rule:
            if is_record_name(rel[-1]):
                self.problem(rel, *RECORD_PLACE)
            return
        folder = FOLDERS[rule]
        wrong = file_problem(folder, rel[-1])
        if wrong:
            self.problem(rel, *wrong)
        elif folder.records and is_record_name(rel[-1]):
            self.record(path, rel, folder.records)

    def record(self, path: str, rel: tuple[str, ...], kind: str) -> None:
        province = rel[0]
        if province not in self.known:
            hint = difflib.get_close_matches(province, list(self.known), n=1)
            vi_hint = f"; có phải '{hint[0]}'?" if hint else ""
            en_hint = f"; did you mean '{hint[0]}'?" if hint else ""
            self.problem(
                rel,
                f"thư mục tỉnh '{province}' không có trong danh sách 34 tỉnh, thành phố 2025{vi_hint}",
                f"province folder '{province}' is not one of the 34 provinces of 2025{en_hint}",
            )
            return
        self.files.append((rel, SourceFile(path, "/".join((self.prefix, *rel)), kind, province)))


def discover(products_dir: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Find record files: products/<province>/{san-pham,chu-the}/*.yml, and report every odd entry."""
    walk = _Walk(products_dir)
    walk.folder(str(products_dir), (), "")
    return [source for _, source in sorted(walk.files, key=lambda f: f[0])], walk.problems
