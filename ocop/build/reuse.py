"""A build's inputs as keys, and what the build with the same keys did: reused, not done again.

A build is a pure function of its inputs: the same records, photos, documents, dates from git,
build date, code, settings, templates, theme assets and narrative pages give the same bytes (the
tests prove it). A deploy starts from an empty ``site/`` and the store of the last deploy; when
nothing it reads has changed since a build the store remembers, that build's files are this
build's files, and only their presence is checked. Two steps, as the build has two:

- **checked**: every record file's bytes, their dates and the build date, under the checking
  code's key → the photos and documents the check also read, with their digests. When those are
  unchanged too, the check passed before: the records are not parsed, checked or modelled. The
  photos are hashed every time, never trusted by size and time.
- **made**: that key, the code of every stage, the settings, the templates, the theme's assets
  and the narrative pages MkDocs wrote → the list of every file the catalogue made (a store
  object: ``Store.put_list``) and the asset names the narrative pages link to. Every
  object on the list is checked (``Store.verify``); one missing or damaged, and all is made again.

A key that misses costs nothing but the lookup: the build goes the whole way, as before, and
reuses what it can object by object (pages by page key, files made from every record by
``records_key``). Measured at 20,000 products, warm store, empty site: see ``content/hieu-nang.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..domain.model import Catalogue
from ..keys import code_key, content_key, folder_key, pieces_digest
from ..store import Store
from ..workers import threads_map
from .catalogue import Scan, named_files
from .discover import digest_regular
from .history import Dates
from .photos import MAX_BYTES, image_path
from .settings import Settings

CHECKED = "checked"  # the records' key → the other files the check read, and how many records
MADE = "made"  # the whole key → the list of the catalogue's files, the asset names, how many pages


@dataclass(frozen=True)
class Checked:
    key: str  # the records' key with the digests of every photo and document they name
    products: int
    producers: int
    lots: int


@dataclass(frozen=True)
class Made:
    files: dict[str, str]  # site path → object: every file but MkDocs's
    assets: dict[str, str]  # logical asset name → its hashed path, which narrative pages link to
    pages: int


def check_key(scan: Scan, today: dt.date, dates: Dates) -> str | None:
    """Every record file's path and bytes, their dates from git, the build date and the checking
    code; None when a file could not be read or is misplaced (the check must say why)."""
    if scan.problems or any(data is None for data, _, _ in scan.read):
        return None
    parts = [code_key("ocop.build.catalogue"), today.isoformat()]
    parts += [f"{path} {first} {last}" for path, (first, last) in sorted(dates.items())]
    parts += [f"{src.display} {digest.hex()}" for src, (_, digest, _) in zip(scan.found, scan.read, strict=True)]
    return content_key(*parts)


def _named_digest(item: tuple[str, str]) -> str | None:
    """A named file's SHA-256, or None where the check would refuse it (a path trick, a link, a
    file that is missing, not plain, or too large)."""
    folder, name = item
    path = image_path(Path(folder), name)
    return digest_regular(path, MAX_BYTES) if path is not None else None


def checked(store: Store, records: str) -> Checked | None:
    """The check of these very records, when one passed and every file it read is the same."""
    value = store.get(CHECKED, records)
    if value is None:
        return None
    try:
        entry = json.loads(value)
        named = [(folder, name) for folder, name, _ in entry["named"]]
        then = [digest for _, _, digest in entry["named"]]
        counts = entry["counts"]
    except (ValueError, KeyError, TypeError):
        return None
    if threads_map(_named_digest, named) != then:
        return None
    return Checked(content_key(records, value), *counts)


def remember_check(store: Store, records: str, cat: Catalogue, read: dict[str, str | None]) -> Checked:
    """A check that passed, with every photo and document it read; ``read``: their digests as the
    check found them, by path (``catalogue.load_checked``), so no file is hashed again here."""
    named = [(str(folder), name) for folder, name in named_files(cat)]
    paths = [image_path(Path(folder), name) for folder, name in named]
    digests = [
        read[str(p)] if p is not None and str(p) in read else _named_digest(n)
        for p, n in zip(paths, named, strict=True)
    ]
    counts = [len(cat.products), len(cat.producers), len(cat.lots)]
    value = json.dumps({"named": [[*n, d] for n, d in zip(named, digests, strict=True)], "counts": counts})
    store.put(CHECKED, records, value.encode())
    return Checked(content_key(records, value.encode()), *counts)


def made_key(check: Checked, settings: Settings, scratch: Path, narrative: list[str]) -> str:
    """Everything besides the records that shapes the catalogue's files."""
    s = settings
    shown = json.dumps([s.site_name, s.site_url, s.demo_banner, s.nav, s.repo_url])
    pieces = (piece for path in narrative for piece in (f"{path}\n".encode(), (scratch / path).read_bytes()))
    parts = [check.key, code_key("ocop.build.builder"), shown, pieces_digest(pieces)]
    parts += [folder_key(folder) for folder in (*s.template_dirs, s.assets_dir)]
    return content_key(*parts)


def made(store: Store, key: str) -> Made | None:
    """The files a build with this key made, when every one of them is intact in the store."""
    value = store.get(MADE, key)
    if value is None:
        return None
    try:
        entry = json.loads(value)
        files = dict(store.read_list(entry["list"]))
        found = Made(files, dict(entry["assets"]), int(entry["pages"]))
    except (OSError, ValueError, KeyError, TypeError):  # missing, damaged: made again
        return None
    objects = set(files.values())
    return found if len(store.verify(objects)) == len(objects) else None


def remember_made(store: Store, key: str, found: Made) -> None:
    listed = store.put_list(found.files)
    store.put(MADE, key, json.dumps({"list": listed, "assets": found.assets, "pages": found.pages}).encode())
