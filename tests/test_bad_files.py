"""Bad-input classes 4, 5 and 6: files that are not plain files, near-miss names, names that collide.

Class 4: every entry is looked at with lstat before anything is opened; a FIFO, a socket or a
device is refused at once, an unreadable file gets a message, an oversized file is not read.
Class 5: inside san-pham/ and chu-the/ every file is a record, a photo (or a reserved lot or
document) or a problem with a hint; a record of the other kind says where it belongs.
Class 6: names equal once case and accents are ignored, and names Windows reserves.
"""

from __future__ import annotations

import os
import socket
import stat
import unicodedata
from pathlib import Path

import pytest
from conftest import PRODUCER, PRODUCT, jpeg_bytes, write_catalogue
from test_bad_input import (
    PHOTO_FILE,
    PRODUCER_FILE,
    PRODUCT_FILE,
    TODAY,
    Case,
    Change,
    Target,
    both,
    replace,
    run_case,
    write_bytes,
)

from ocop.build import discover as discover_module
from ocop.build.catalogue import check
from ocop.build.load import MAX_FILE_BYTES

SECOND = PRODUCT.replace("id: hn-001", "id: hn-002").encode()  # another valid product
SAN_PHAM = "ha-noi/san-pham/"
CHU_THE = "ha-noi/chu-the/"


def fifo(rel: str) -> Change:
    def change(t: Target) -> None:
        path = t.path(rel)
        if path.exists():
            path.unlink()
        os.mkfifo(path)

    return change


def unix_socket(rel: str) -> Change:
    def change(t: Target) -> None:
        path = t.path(rel)
        here = os.getcwd()
        os.chdir(path.parent)  # a socket's path is limited to ~100 bytes: bind by its name
        try:
            s = socket.socket(socket.AF_UNIX)
            s.bind(path.name)
            s.close()
        finally:
            os.chdir(here)

    return change


def device(rel: str) -> Change:
    def change(t: Target) -> None:
        os.mknod(t.path(rel), stat.S_IFCHR | 0o600, os.makedev(1, 3))  # the same device as /dev/null

    return change


def sparse(rel: str, size: int) -> Change:
    """A file that says it is ``size`` bytes without using the disk: it must be refused unread."""

    def change(t: Target) -> None:
        path = t.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            f.truncate(size)

    return change


def unreadable(rel: str) -> Change:
    """A file its reader may not open. Root opens anything, so for root the refusal is played by
    os.open itself (only in this process: the shared-catalogue test leaves such a case out)."""

    def change(t: Target) -> None:
        path = t.path(rel)
        os.chmod(path, 0)
        if os.geteuid() != 0:
            return
        real_open = os.open

        def refusing(p: object, *args: object, **kwargs: object) -> int:
            if os.fspath(p) == os.fspath(path):  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
            return real_open(p, *args, **kwargs)  # type: ignore[arg-type]

        os.open = refusing  # type: ignore[assignment]
        t.patches.append(lambda: setattr(os, "open", real_open))

    return change


def symlink(rel: str, to: str) -> Change:
    def change(t: Target) -> None:
        os.symlink(t.path(to), t.path(rel))

    return change


def folder(rel: str) -> Change:
    def change(t: Target) -> None:
        t.path(rel).mkdir(parents=True)
        (t.path(rel) / "x.txt").write_text("x")

    return change


def move(rel: str, to: str) -> Change:
    def change(t: Target) -> None:
        t.path(rel).rename(t.path(to))

    return change


def second(rel: str) -> Change:
    return write_bytes(rel, SECOND)


NOT_REGULAR = ("không phải tệp thường; xóa đi", "not a regular file; delete it")

NOT_PLAIN: list[Case] = [
    Case("fifo-record", fifo(SAN_PHAM + "hn-002.yml"), SAN_PHAM + "hn-002.yml", 1, "", "ống dẫn (FIFO)", "named pipe"),
    Case(
        "fifo-in-place-of-a-record",
        fifo(PRODUCT_FILE),
        PRODUCT_FILE,
        1,
        "",
        "một ống dẫn (FIFO), không phải tệp thường",
        "(FIFO), not a regular file",
    ),
    Case("socket-record", unix_socket(CHU_THE + "s.yml"), CHU_THE + "s.yml", 1, "", "là một socket", "is a socket"),
    Case(
        "fifo-outside-kind-folders",
        fifo("ha-noi/fifo.yml"),
        "ha-noi/fifo.yml",
        1,
        "",
        *NOT_REGULAR,
    ),
    Case(
        "fifo-photo",
        fifo(PHOTO_FILE),
        PRODUCT_FILE,
        10,
        "images[1]",
        "ảnh 'anh/che.jpg' là một ống dẫn (FIFO)",
        "image 'anh/che.jpg' is a named pipe (FIFO)",
    ),
    Case(
        "oversized-record-not-read",
        sparse(SAN_PHAM + "hn-002.yml", 1 << 30),
        SAN_PHAM + "hn-002.yml",
        1,
        "",
        "tệp quá lớn (1048576 KB); một hồ sơ tối đa 64 KB",
        "file too large",
    ),
    Case(
        "oversized-photo-not-read",
        sparse(PHOTO_FILE, 16 * 1024 * 1024),
        PRODUCT_FILE,
        10,
        "images[1]",
        "ảnh 'anh/che.jpg' quá lớn (16.8 MB); tối đa 15 MB",
        "too large",
    ),
    Case(
        "unreadable-record",
        unreadable(PRODUCER_FILE),
        PRODUCER_FILE,
        1,
        "",
        "không đọc được tệp (Permission denied)",
        "cannot read the file",
        as_root=False,
    ),
    Case(
        "unreadable-photo",
        unreadable(PHOTO_FILE),
        PRODUCT_FILE,
        10,
        "images[1]",
        "không đọc được tệp (Permission denied)",
        "cannot read the file",
        as_root=False,
    ),
    Case(
        "symlinked-record",
        both(move(PRODUCER_FILE, "ha-noi/that.yml.txt"), symlink(PRODUCER_FILE, "ha-noi/that.yml.txt")),
        PRODUCER_FILE,
        1,
        "",
        "hồ sơ không được là liên kết tượng trưng",
        "must not be a symlink",
    ),
    Case(
        "folder-named-like-a-record",
        folder(SAN_PHAM + "hn-002.yml"),
        SAN_PHAM + "hn-002.yml",
        1,
        "",
        "thư mục 'hn-002.yml' không được dùng trong san-pham/",
        "the files in it are skipped",
    ),
]
if os.geteuid() == 0:
    NOT_PLAIN.append(
        Case("device-record", device(SAN_PHAM + "dev.yml"), SAN_PHAM + "dev.yml", 1, "", "là một thiết bị", "device")
    )

RENAME = ("đổi tên thành 'hn-002.yml'", "rename it to 'hn-002.yml'")
BACKUP = ("bản sao lưu hoặc tệp tạm của trình soạn thảo; xóa đi", "an editor's backup")

NEAR_MISS: list[Case] = [
    Case("upper-case-extension", second(SAN_PHAM + "hn-002.YML"), SAN_PHAM + "hn-002.YML", 1, "", *RENAME, alone=True),
    Case("hidden-txt-extension", second(SAN_PHAM + "hn-002.yml.txt"), SAN_PHAM + "hn-002.yml.txt", 1, "", *RENAME),
    Case("editor-backup-tilde", second(SAN_PHAM + "hn-002.yml~"), SAN_PHAM + "hn-002.yml~", 1, "", *BACKUP),
    Case("editor-swap-file", second(SAN_PHAM + ".hn-002.yml.swp"), SAN_PHAM + ".hn-002.yml.swp", 1, "", *BACKUP),
    Case("backup-extension", second(CHU_THE + "hn-htx-2.yml.bak"), CHU_THE + "hn-htx-2.yml.bak", 1, "", *BACKUP),
    Case(
        "trailing-space",
        second(SAN_PHAM + "hn-002.yml "),
        SAN_PHAM + "hn-002.yml ",
        1,
        "",
        "dấu cách hoặc dấu chấm thừa ở đầu hay cuối; đổi tên thành 'hn-002.yml'",
        "stray space or dot",
    ),
    Case(
        "trailing-dot",
        second(SAN_PHAM + "hn-002.yml."),
        SAN_PHAM + "hn-002.yml.",
        1,
        "",
        "đổi tên thành 'hn-002.yml'",
        "rename it",
    ),
    Case("typo-in-extension", second(SAN_PHAM + "hn-002.ymll"), SAN_PHAM + "hn-002.ymll", 1, "", *RENAME),
    Case(
        "yaml-upper-case",
        write_bytes(CHU_THE + "hn-htx-2.Yaml", PRODUCER.replace("hn-htx-test", "hn-htx-2").encode()),
        CHU_THE + "hn-htx-2.Yaml",
        1,
        "",
        "đổi tên thành 'hn-htx-2.yaml'",
        "rename it to 'hn-htx-2.yaml'",
    ),
    Case(
        "stray-document",
        write_bytes(SAN_PHAM + "ghi-chu.docx", b"PK\x03\x04"),
        SAN_PHAM + "ghi-chu.docx",
        1,
        "",
        "không được dùng nên không lên trang web; san-pham/ chỉ chứa hồ sơ sản phẩm .yml",
        "is not used, so it is not on the site",
    ),
    Case(
        "macos-finder-file",
        write_bytes(CHU_THE + ".DS_Store", b"\0\0\0\1Bud1"),
        CHU_THE + ".DS_Store",
        1,
        "",
        "tệp do macOS hoặc Windows tự tạo; xóa đi",
        "made by itself",
    ),
    Case(
        "heic-photo",
        write_bytes(SAN_PHAM + "anh/che-2.heic", b"\0\0\0\x18ftypheic"),
        SAN_PHAM + "anh/che-2.heic",
        1,
        "",
        "phải là .jpg, .jpeg, .png hoặc .webp; hãy chuyển ảnh sang JPEG",
        "convert it to JPEG",
    ),
    Case(
        "text-among-photos",
        write_bytes(SAN_PHAM + "anh/ghi-chu.txt", b"x"),
        SAN_PHAM + "anh/ghi-chu.txt",
        1,
        "",
        "san-pham/anh/ chỉ chứa ảnh .jpg",
        "holds only photos",
    ),
    Case(
        "photo-among-producers",
        write_bytes(CHU_THE + "logo.png", b"x"),
        CHU_THE + "logo.png",
        1,
        "",
        "không dùng được ở chu-the/; ảnh sản phẩm đặt trong san-pham/anh/",
        "product photos go in san-pham/anh/",
    ),
    Case(
        "photo-folder-capitalised",
        folder(SAN_PHAM + "Anh"),
        SAN_PHAM + "Anh",
        1,
        "",
        "thư mục 'Anh' phải tên là 'anh'",
        "must be named 'anh'",
    ),
    Case(
        "unknown-subfolder",
        folder(SAN_PHAM + "hinh-anh-cu"),
        SAN_PHAM + "hinh-anh-cu",
        1,
        "",
        "(chỉ có: anh/, lo/, tai-lieu/)",
        "(only: anh/, lo/, tai-lieu/)",
    ),
    Case(
        "folder-in-producers",
        folder(CHU_THE + "cu"),
        CHU_THE + "cu",
        1,
        "",
        "(chỉ có: không có thư mục con)",
        "no subfolders",
    ),
    Case(
        "product-in-producer-folder",
        write_bytes(CHU_THE + "hn-002.yml", SECOND),
        CHU_THE + "hn-002.yml",
        1,
        "",
        "đây là hồ sơ sản phẩm (có certificate, group, images, origin, producer, stars, traceability) nhưng nằm "
        "trong chu-the/; chuyển tệp sang thư mục san-pham/",
        "this is a product record",
    ),
    Case(
        "producer-in-product-folder",
        write_bytes(SAN_PHAM + "hn-htx-2.yml", PRODUCER.replace("hn-htx-test", "hn-htx-2").encode()),
        SAN_PHAM + "hn-htx-2.yml",
        1,
        "",
        "đây là hồ sơ chủ thể",
        "move it to the province's chu-the/ folder",
    ),
    Case(
        "reserved-folders-and-gitkeep-pass",
        both(
            write_bytes(
                SAN_PHAM + "lo/hn-001-lo-1.yml",
                "id: hn-001-lo-1\nproduct: hn-001\ncode: L1\nproduced: '2025-06-01'\nevents:\n"
                "  - {stage: Sản xuất, step: commissioning, time: '2025-06-01', place: {commune: '00004'}, actor: HTX}\n".encode(),
            ),
            write_bytes(SAN_PHAM + "tai-lieu/giay-chung-nhan.pdf", b"%PDF-1.4\n"),
            write_bytes(SAN_PHAM + "tai-lieu/kiem-nghiem.JPG", jpeg_bytes()),
            write_bytes(SAN_PHAM + "anh/.gitkeep", b""),
            write_bytes(SAN_PHAM + "anh/2024/che-cu.PNG", b"x"),
            write_bytes(CHU_THE + ".gitkeep", b""),
        ),
        "",
        0,
        "",
        "",
        "",
    ),
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


COLLIDE = ("trùng với", "one overwrites the other")

COLLISIONS: list[Case] = [
    Case(
        "record-names-differ-by-case",
        second(SAN_PHAM + "HN-001.yml"),
        PRODUCT_FILE,
        1,
        "",
        "tên 'hn-001.yml' trùng với 'HN-001.yml' trên máy Windows và macOS",
        "is the same as 'HN-001.yml'",
        alone=True,
    ),
    Case(
        "photo-names-differ-by-case",
        write_bytes(SAN_PHAM + "anh/Che.jpg", jpeg_bytes()),
        PHOTO_FILE,
        1,
        "",
        *COLLIDE,
        alone=True,
    ),
    Case(
        "photo-names-differ-by-accent-typing",
        both(write_bytes(SAN_PHAM + "anh/chè.jpg", jpeg_bytes()), write_bytes(SAN_PHAM + "anh/" + nfd("chè.jpg"), b"")),
        SAN_PHAM + "anh/chè.jpg",
        1,
        "",
        *COLLIDE,
        alone=True,
    ),
    Case(
        "producer-names-differ-by-case",
        write_bytes(CHU_THE + "HN-HTX-TEST.yml", PRODUCER.replace("hn-htx-test", "hn-htx-2").encode()),
        PRODUCER_FILE,
        1,
        "",
        *COLLIDE,
        alone=True,
    ),
    Case(
        "reserved-id",
        replace("id: hn-001", "id: con"),
        PRODUCT_FILE,
        2,
        "id",
        "mã 'con' là tên dành riêng của Windows",
        "cannot be saved on Windows",
    ),
    Case("reserved-id-lpt", replace("id: hn-001", "id: lpt1"), PRODUCT_FILE, 2, "id", "dành riêng", "reserves"),
    Case(
        "reserved-producer-id",
        both(replace("id: hn-htx-test", "id: aux", "producer"), replace("producer: hn-htx-test", "producer: aux")),
        PRODUCER_FILE,
        2,
        "id",
        "mã 'aux' là tên dành riêng của Windows",
        "Windows reserves",
    ),
    Case(
        "reserved-record-file-name",
        second(SAN_PHAM + "NUL.yml"),
        SAN_PHAM + "NUL.yml",
        1,
        "",
        "'NUL' là tên dành riêng của Windows",
        "cannot save as a file",
        alone=True,
    ),
    Case(
        "reserved-photo-file-name",
        write_bytes(SAN_PHAM + "anh/com1.jpg", jpeg_bytes()),
        SAN_PHAM + "anh/com1.jpg",
        1,
        "",
        "'com1' là tên dành riêng của Windows",
        "Windows reserves",
        alone=True,
    ),
]


@pytest.mark.parametrize("case", NOT_PLAIN, ids=[c.name for c in NOT_PLAIN])
def test_files_that_are_not_plain_files(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


@pytest.mark.parametrize("case", NEAR_MISS, ids=[c.name for c in NEAR_MISS])
def test_near_miss_names(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


@pytest.mark.parametrize("case", COLLISIONS, ids=[c.name for c in COLLISIONS])
def test_names_that_collide_elsewhere(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


def test_a_fifo_is_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The type is judged from lstat: opening a FIFO to find out would already wait forever."""
    products = write_catalogue(tmp_path)
    fifo(SAN_PHAM + "hn-002.yml")(Target(products))
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(discover_module.os, "open", lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k))
    problems = check(products, TODAY)
    assert [p.path.rsplit("/", 1)[1] for p in problems] == ["hn-002.yml"]
    assert not any(p.endswith("hn-002.yml") for p in opened)


def test_an_oversized_record_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grew past the limit after its size was looked at: at most the limit + 1 bytes are read."""
    path = tmp_path / "big.yml"
    path.write_bytes(b"# x\n" * MAX_FILE_BYTES)
    read: list[int] = []
    real_lstat, real_fstat, real_read = os.lstat, os.fstat, os.read

    def small(st: os.stat_result) -> os.stat_result:
        fields = list(st)
        fields[stat.ST_SIZE] = 10
        return os.stat_result(fields)

    monkeypatch.setattr(os, "lstat", lambda p: small(real_lstat(p)))
    monkeypatch.setattr(os, "fstat", lambda fd: small(real_fstat(fd)))
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    try:
        with pytest.raises(discover_module.Unreadable) as exc:
            discover_module.read_regular(path, MAX_FILE_BYTES)
    finally:
        monkeypatch.undo()
    assert exc.value.why == "large" and sum(read) <= MAX_FILE_BYTES + 1
