"""File and folder names in a province's folders: what belongs where, and what a near miss means.

A file the build does not read vanishes from the site without a word, so every name inside
``san-pham/`` and ``chu-the/`` is either something the catalogue uses or a problem with a hint:
``hn-001.YML``, ``hn-001.yml.txt`` (Windows hides the last extension), ``hn-001.yml~`` (an
editor's backup). Names are also judged for the machines a catalogue is checked out on: names
that differ only by case or by how an accent was typed are one file on macOS and Windows, and
``con``, ``nul``… cannot be files on Windows at all.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

RECORD_EXTENSIONS = (".yml", ".yaml")  # exactly, in lowercase: the build reads no other name
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")  # any case, as the schema's image pattern allows
DOCUMENT_EXTENSIONS = (".pdf", *PHOTO_EXTENSIONS)
KEPT_HIDDEN = (".gitkeep",)  # keeps an empty folder in git

# Windows cannot create a file or folder with these names, whatever the extension or case
# ("NUL.yml", "con.jpg"): a checkout there fails, and a page folder /p/con/ cannot be saved.
RESERVED_WINDOWS = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))]
)

RECORD_PLACE = (
    "hồ sơ phải nằm trong <tỉnh>/san-pham/ hoặc <tỉnh>/chu-the/",
    "a record must be in <province>/san-pham/ or <province>/chu-the/",
)
_BACKUP_ENDINGS = ("~", ".bak", ".orig", ".old", ".tmp", ".swp", ".swo", ".rej", ".backup")
_BACKUP_STARTS = (".#", "~$", "#")
_SYSTEM_FILES = (".ds_store", "thumbs.db", "desktop.ini", "._")  # made by macOS Finder and Windows Explorer
_OTHER_IMAGES = (".gif", ".heic", ".heif", ".bmp", ".tif", ".tiff", ".avif", ".svg", ".jfif", ".dng", ".raw")


@dataclass(frozen=True)
class FolderRule:
    """What a folder inside a province holds."""

    shown: str  # how officers know it: "san-pham/anh/"
    records: str = ""  # "product" or "producer": *.yml here are records the build reads
    extensions: tuple[str, ...] = ()  # other files that belong here (compared in lowercase)
    folders: dict[str, str] = field(default_factory=dict)  # subfolder name → its rule
    any_folder: str = ""  # when set, every subfolder follows this rule (photos may be sorted into folders)
    holds_vi: str = ""
    holds_en: str = ""


FOLDERS: dict[str, FolderRule] = {
    "product": FolderRule(
        "san-pham/",
        records="product",
        extensions=PHOTO_EXTENSIONS,  # a record's images are paths relative to san-pham/
        folders={"anh": "photos", "lo": "lots", "tai-lieu": "documents"},
        holds_vi="hồ sơ sản phẩm .yml, ảnh và các thư mục anh/, lo/, tai-lieu/",
        holds_en="product records (.yml), photos and the folders anh/, lo/, tai-lieu/",
    ),
    "producer": FolderRule(
        "chu-the/",
        records="producer",
        holds_vi="hồ sơ chủ thể .yml",
        holds_en="producer records (.yml)",
    ),
    "photos": FolderRule(
        "san-pham/anh/",
        extensions=PHOTO_EXTENSIONS,
        any_folder="photos",
        holds_vi="ảnh .jpg, .jpeg, .png, .webp",
        holds_en="photos (.jpg, .jpeg, .png, .webp)",
    ),
    # Lot records, and documents (decisions, test reports) that records name.
    "lots": FolderRule(
        "san-pham/lo/",
        records="lot",
        holds_vi="hồ sơ lô hàng .yml",
        holds_en="lot records (.yml)",
    ),
    "documents": FolderRule(
        "san-pham/tai-lieu/",
        extensions=DOCUMENT_EXTENSIONS,
        holds_vi="tài liệu .pdf, .jpg, .jpeg, .png, .webp",
        holds_en="documents (.pdf, .jpg, .jpeg, .png, .webp)",
    ),
}
KIND_FOLDERS = {"san-pham": "product", "chu-the": "producer"}


def collision_key(name: str) -> str:
    """Names with the same key are one file on macOS and Windows (case and accent typing ignored)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def reserved_on_windows(name: str) -> bool:
    """``con.yml``, ``NUL``, ``com1.jpg``: Windows refuses the name whatever follows the first dot."""
    return name.split(".")[0].rstrip(" ").casefold() in RESERVED_WINDOWS


def is_record_name(name: str) -> bool:
    return name.endswith(RECORD_EXTENSIONS)


def accepted(rule: FolderRule, name: str) -> bool:
    """A plain file that belongs in a folder with this rule."""
    if name in KEPT_HIDDEN:
        return True
    if rule.records and is_record_name(name):
        return True
    return name.lower().endswith(rule.extensions) and name == name.strip() and not name.endswith(".")


def file_problem(rule: FolderRule, name: str) -> tuple[str, str] | None:
    """Why a plain file does not belong in a folder with this rule, with what to do; None when it does."""
    if accepted(rule, name):
        return None
    low = name.lower()
    stripped = name.strip().rstrip(". ")
    if stripped != name and stripped and accepted(rule, stripped):
        return (
            f"tên tệp '{name}' có dấu cách hoặc dấu chấm thừa ở đầu hay cuối; đổi tên thành '{stripped}'",
            f"the file name '{name}' has a stray space or dot at its start or end; rename it to '{stripped}'",
        )
    if low.endswith(_BACKUP_ENDINGS) or name.startswith(_BACKUP_STARTS):
        return (
            f"'{name}' là bản sao lưu hoặc tệp tạm của trình soạn thảo; xóa đi",
            f"'{name}' is an editor's backup or temporary file; delete it",
        )
    if low.startswith(_SYSTEM_FILES):
        return (
            f"'{name}' là tệp do macOS hoặc Windows tự tạo; xóa đi",
            f"'{name}' is a file macOS or Windows made by itself; delete it",
        )
    rename = _renamed(rule, name)
    if rename:
        return (
            f"tên tệp '{name}' không đúng đuôi nên bị bỏ qua; đổi tên thành '{rename}'",
            f"the file '{name}' has the wrong extension, so it is skipped; rename it to '{rename}'",
        )
    return _misplaced(rule, name, low)


def _renamed(rule: FolderRule, name: str) -> str:
    """The name this file was surely meant to have, or ""."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return ""
    candidates = [f"{stem}.{ext.lower()}"]  # x.YML
    candidates.append(stem)  # x.yml.txt: Windows hides the last extension
    wanted = [e[1:] for e in ((*RECORD_EXTENSIONS,) if rule.records else ()) + rule.extensions]
    close = difflib.get_close_matches(ext.lower(), wanted, n=1, cutoff=0.6)  # x.ymll, x.yl, x.jpgg
    if close:
        candidates.append(f"{stem}.{close[0]}")
    for candidate in candidates:
        if candidate != name and accepted(rule, candidate):
            return candidate
    return ""


def _misplaced(rule: FolderRule, name: str, low: str) -> tuple[str, str]:
    if low.endswith(RECORD_EXTENSIONS):
        return RECORD_PLACE
    if low.endswith(PHOTO_EXTENSIONS):
        return (
            f"ảnh '{name}' không dùng được ở {rule.shown}; ảnh sản phẩm đặt trong san-pham/anh/",
            f"the photo '{name}' is not used in {rule.shown}; product photos go in san-pham/anh/",
        )
    if low.endswith(_OTHER_IMAGES) and ".jpg" in rule.extensions:
        return (
            f"ảnh '{name}' phải là .jpg, .jpeg, .png hoặc .webp; hãy chuyển ảnh sang JPEG",
            f"the photo '{name}' must be .jpg, .jpeg, .png or .webp; convert it to JPEG",
        )
    return (
        f"tệp '{name}' không được dùng nên không lên trang web; {rule.shown} chỉ chứa {rule.holds_vi}. "
        "Xóa đi hoặc chuyển đi",
        f"the file '{name}' is not used, so it is not on the site; {rule.shown} holds only {rule.holds_en}. "
        "Delete or move it",
    )


def folder_problem(rule: FolderRule, name: str) -> tuple[str | None, tuple[str, str] | None]:
    """The rule of a subfolder, or why it does not belong here."""
    if name in rule.folders:
        return rule.folders[name], None
    if rule.any_folder:
        return rule.any_folder, None
    close = [n for n in rule.folders if collision_key(n) == collision_key(name.strip())]
    close = close or difflib.get_close_matches(name.lower(), list(rule.folders), n=1, cutoff=0.6)
    if close:
        return None, (
            f"thư mục '{name}' phải tên là '{close[0]}'; tệp trong đó đang bị bỏ qua",
            f"the folder '{name}' must be named '{close[0]}'; the files in it are skipped",
        )
    allowed_vi = ", ".join(f"{n}/" for n in rule.folders) or "không có thư mục con"
    allowed_en = ", ".join(f"{n}/" for n in rule.folders) or "no subfolders"
    return None, (
        f"thư mục '{name}' không được dùng trong {rule.shown} (chỉ có: {allowed_vi}); tệp trong đó bị bỏ qua",
        f"the folder '{name}' is not used in {rule.shown} (only: {allowed_en}); the files in it are skipped",
    )
