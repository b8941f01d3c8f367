"""From a products folder to a checked catalogue model: discover → load → validate → model.

This module does not know about MkDocs; the plugin and the ``ocop`` command both
call it, so ``ocop check`` and the build report exactly the same problems.

Reading and checking one file depends only on its bytes, its path and the engine's code, so
the result is kept in the store by all three (``code_key``: a new rule is never skipped). A
cold read of many files is shared between processes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import marshal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..domain.lots import Document, Lot, build_lot, render_lot_texts
from ..domain.model import Catalogue, Producer, Product, build_catalogue, build_producer, build_product, render_texts
from ..domain.problems import Problem, ProblemsFound
from ..keys import code_key, content_key
from ..store import Store, file_digest
from ..workers import Workers, pmap, pool, threads_map
from .discover import SourceFile, digest_regular, discover
from .history import Dates, dates_for, record_dates
from .load import Record, load_bytes, read_record
from .photos import MAX_BYTES, check_image, check_photo_file, image_path, named
from .rules import Rules, one_per_field
from .validate import check_local

PARALLEL_THRESHOLD = 2000  # files; below this a worker pool costs more than it saves

# What reading one file gives, in plain values so it is cheap to cache and to pass between
# processes: the data (None when the file could not be read), its local problems as tuples,
# and the HTML of its Markdown fields.
Loaded = tuple[Any, list[tuple[str, int, int, str, str, str]], dict[str, str]]


def _read_one(_context: None, item: tuple[SourceFile, bytes]) -> Loaded:
    source, data = item
    record, problems = load_bytes(data, source.display)
    html: dict[str, str] = {}
    if record is not None:
        problems = problems + check_local(record, source.kind)
        if not problems:
            html = render_lot_texts(record.data) if source.kind == "lot" else render_texts(record.data)
    return (record.data if record else None), [astuple(p) for p in problems], html


class RecordCache:
    """Every record's data and local checks, keyed by path and content: one marshalled object per
    province folder, read when its province is read, so a check holds one province's records at a
    time, and a change to one record rewrites one province's share (not 30 MB at 20,000 products).

    marshal rather than pickle: the entries are plain values, and marshal reads them back
    about twice as fast, which is most of a warm build's loading time."""

    NAMESPACE = "records"

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.key = code_key("ocop.build.catalogue")
        self.shards: dict[str, str] = {}  # province → its object, as the store knows them
        self.kept: dict[str, str] = {}  # … and as this check leaves them
        index = store.get(self.NAMESPACE, self.key) if store is not None else None
        try:
            self.shards = json.loads(index) if index else {}
        except ValueError:
            self.shards = {}

    def part(self, province: str) -> dict[str, tuple[bytes, Loaded]]:
        """One province's entries, by the record's display path."""
        name = self.shards.get(province)
        data = self.store.read_object(name) if self.store is not None and name else None
        with contextlib.suppress(ValueError, EOFError, TypeError):  # a damaged store is only a slower build
            return marshal.loads(data) if data else {}
        return {}

    def __len__(self) -> int:
        return sum(len(self.part(province)) for province in self.shards)

    def keep(
        self, province: str, before: dict[str, tuple[bytes, Loaded]], now: dict[str, tuple[bytes, Loaded]]
    ) -> None:
        """Remember one province's entries: its object again when the files and bytes are the same."""
        if self.store is None:
            return
        same = province in self.shards and {k: d for k, (d, _) in before.items()} == {k: d for k, (d, _) in now.items()}
        self.kept[province] = self.shards[province] if same else self.store.put_object(marshal.dumps(now))

    def save(self) -> None:
        if self.store is not None and self.kept != self.shards:
            self.store.put(self.NAMESPACE, self.key, json.dumps(self.kept, sort_keys=True).encode())
            self.shards = dict(self.kept)


def _photo_digest(path: Path) -> str | None:
    return digest_regular(path, MAX_BYTES)


def _check_photo(_context: None, path: Path) -> list[tuple[str, str]]:
    return check_photo_file(path)


class ImageChecks:
    """The photo checks, remembered by each photo's content: a warm build decodes no photo to check
    it again (it reads each once to hash it); the path rules are checked every time. A cold check
    decodes every new photo fully (as the build will), on every core."""

    NAMESPACE = "photo-check"

    def __init__(self, store: Store | None, workers: Workers | None = None) -> None:
        self.store = store
        self.workers = workers
        self.code = code_key("ocop.build.photos")
        self.digests: dict[Path, str | None] = {}  # None: not a plain file within the size limit
        self.seen: dict[str, list[tuple[str, str]]] = {}  # by content; the messages hold photos.NAME
        self.new: dict[str, bytes] = {}

    def prepare(self, paths: list[Path]) -> None:
        """Hash every photo at once, fetch what the store knows of them, and check the others."""
        todo = [p for p in dict.fromkeys(paths) if p not in self.digests]
        self.digests.update(zip(todo, threads_map(_photo_digest, todo), strict=True))
        if self.store is not None:
            keys = {content_key(d, self.code): d for d in self.digests.values() if d}
            for key, value in self.store.get_many(self.NAMESPACE, keys).items():
                self.seen[keys[key]] = [tuple(m) for m in json.loads(value)]  # type: ignore[misc]
        unseen = {d: p for p in todo if (d := self.digests[p]) and d not in self.seen}
        found = pmap(_check_photo, list(unseen.values()), threshold=8, chunks_per_job=2, workers=self.workers)
        for digest, messages in zip(unseen, found, strict=True):
            self.seen[digest] = messages
            self.new[content_key(digest, self.code)] = json.dumps(messages).encode()

    def __call__(self, folder: Path, name: str) -> list[tuple[str, str]]:
        path = image_path(folder, name)
        if path is None:
            return check_image(folder, name)  # the message says why; nothing to remember
        if path not in self.digests:
            self.prepare([path])
        found_digest = self.digests[path]
        if found_digest is None:
            return check_image(folder, name)  # missing, not a plain file, too large: said without reading it
        return named(self.seen[found_digest], name)

    def save(self) -> None:
        if self.store is not None:
            self.store.put_many(self.NAMESPACE, self.new)


@dataclass
class Read:
    files: list[SourceFile]  # the files that parsed
    records: list[Record]
    local: list[list[Problem]]  # each record's own problems
    html: list[dict[str, str]]  # each record's rendered Markdown fields
    digests: list[str]  # each record file's content hash
    problems: list[Problem]  # files that could not be read at all, or are in the wrong place


@dataclass
class Scan:
    """Every record file found, each read once: its bytes and digest, or why it was not read."""

    found: list[SourceFile]
    read: list[tuple[bytes | None, bytes, list[Problem]]]  # bytes, SHA-256, problems
    problems: list[Problem]  # from discovery: files in the wrong place, odd names


def _read_bytes(source: SourceFile) -> tuple[bytes | None, bytes, list[Problem]]:
    """A record file's digest and bytes, or the problems that kept it from being read."""
    data, refused = read_record(source.location, source.display)
    return data, hashlib.sha256(data).digest() if data is not None else b"", refused


def scan_records(products_dir: Path) -> Scan:
    """Find and read every record file, one after another: from the page cache, 49,973 records
    took 0.8 s this way against 3.0 s on four threads (each read is too short to let the GIL go)."""
    found, problems = discover(products_dir)
    return Scan(found, [_read_bytes(source) for source in found], problems)


def _provinces(found: list[SourceFile]) -> dict[str, list[int]]:
    """The positions of each province's record files, in the order found."""
    by: dict[str, list[int]] = {}
    for i, source in enumerate(found):
        by.setdefault(source.province, []).append(i)
    return by


def read_parts(scan: Scan, store: Store | None, workers: Workers) -> Iterator[Read]:
    """Each province's records, parsed and locally checked, one province at a time; the store's
    entry is used where a file's bytes are unchanged. The scan's bytes go as their province is
    read: the bytes of 100,000 records are 250 MB. ``Read.problems`` are the files that could not
    be read; the scan's own problems are the caller's."""
    cache = RecordCache(store)
    # One pool for a big catalogue, used for every province with files to parse.
    threshold = 16 if len(scan.found) >= PARALLEL_THRESHOLD else len(scan.found) + 1
    for province, positions in _provinces(scan.found).items():
        before = cache.part(province)
        read = Read([], [], [], [], [], [])
        files: list[SourceFile] = []
        digests: list[bytes] = []
        results: list[Loaded | None] = []
        unread: dict[int, bytes] = {}  # the bytes of files the cache does not know, by position
        for i in positions:
            source, (data, digest, refused) = scan.found[i], scan.read[i]
            scan.read[i] = _READ
            if data is None:
                read.problems += refused
                continue
            hit = before.get(source.display)
            known = hit is not None and hit[0] == digest
            if not known:
                unread[len(files)] = data
            files.append(source)
            digests.append(digest)
            results.append(hit[1] if hit is not None and known else None)
        missing = list(unread)
        fresh = workers.map(
            _read_one, [(files[i], unread.pop(i)) for i in missing], threshold=threshold, chunks_per_job=4
        )
        for i, loaded in zip(missing, fresh, strict=True):
            results[i] = loaded
        now = {s.display: (d, r) for s, d, r in zip(files, digests, results, strict=True) if r is not None}
        cache.keep(province, before, now)
        before.clear()
        for source, loaded, digest in zip(files, results, digests, strict=True):
            assert loaded is not None
            data, found_problems, html = loaded
            if data is None:
                read.problems += [Problem(*p) for p in found_problems]
            else:
                read.files.append(source)
                # Positions are found again from the file only if a rule needs one.
                read.records.append(Record(path=source.display, data=data, source=source.path))
                read.local.append([Problem(*p) for p in found_problems])
                read.html.append(html)
                read.digests.append(digest.hex())
        yield read
    cache.save()


_READ: tuple[None, bytes, list[Problem]] = (None, b"", [])  # a scan entry whose bytes were had


def read_records(products_dir: Path, store: Store | None = None, workers: Workers | None = None) -> Read:
    """Every record at once (the scaffold's ids). A build reads them a province at a time."""
    scan = scan_records(products_dir)
    whole = Read([], [], [], [], [], list(scan.problems))
    with pool(workers) as chosen:
        for part in read_parts(scan, store, chosen):
            for mine, theirs in zip(astuple(whole), astuple(part), strict=True):
                mine += theirs
    return whole


def check(products_dir: Path, today: dt.date, store: Store | None = None) -> list[Problem]:
    """Every problem in a products folder, sorted by file and line."""
    with pool(None) as chosen:
        return sorted(set(_Check(products_dir, today, store, chosen).run(None, None, model=False)))


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    At 20,000 products its repeated full passes over a growing heap cost ~40% of loading;
    afterwards the survivors are frozen, so later passes (and forked workers) skip them."""
    enabled = gc.isenabled()
    gc.unfreeze()  # a long-running `mkdocs serve`: let the last build's objects be collected again
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_catalogue(
    products_dir: Path, today: dt.date, store: Store | None = None, workers: Workers | None = None
) -> Catalogue:
    """The checked catalogue; raises ProblemsFound with every problem when there is any."""
    return load_checked(products_dir, today, store, workers)[0]


def load_checked(
    products_dir: Path,
    today: dt.date,
    store: Store | None = None,
    workers: Workers | None = None,
    scan: Scan | None = None,
    dates: Dates | None = None,
) -> tuple[Catalogue, dict[str, str | None]]:
    """``load_catalogue``, with the SHA-256 of every photo and document the check read, by path: a
    build remembers them (reuse.py) without reading those files again. ``scan`` and ``dates``,
    when given, are the record files as read (consumed here) and their dates from git."""
    if not products_dir.is_dir():
        raise ProblemsFound(
            [
                Problem(
                    str(products_dir),
                    0,
                    0,
                    "",
                    "không tìm thấy thư mục dữ liệu sản phẩm",
                    "the products folder does not exist",
                )
            ]
        )
    with without_gc(), pool(workers) as chosen:
        check = _Check(products_dir, today, store, chosen)
        problems = check.run(scan, dates, model=True)
        if problems:
            raise ProblemsFound(sorted(set(problems)))
        cat = build_catalogue(check.products, check.producers, today, check.lots)
        return cat, {**{str(path): d for path, d in check.images.digests.items()}, **check.documents}


class _Check:
    """A check a province at a time, and the model made as it goes: each province's records are
    checked, then made into model objects, then let go. At 20,000 products every record's
    dictionaries (~300 MB) and the model (~270 MB) were alive together, and the holes the records
    left kept the model's memory from being given back: 547 MB after the check, 920 MB at its peak."""

    def __init__(self, products_dir: Path, today: dt.date, store: Store | None, workers: Workers) -> None:
        self.products_dir, self.today, self.store, self.workers = products_dir, today, store, workers
        self.images = ImageChecks(store, workers)
        self.rules = Rules(today, self.images)
        self.products: list[Product] = []
        self.producers: list[Producer] = []
        self.lots: list[Lot] = []
        self.documents: dict[str, str] = {}  # the SHA-256 of every document a record names, by path
        self.texts = Texts()

    def run(self, scan: Scan | None, dates: Dates | None, *, model: bool) -> list[Problem]:
        """Every problem; with ``model``, and none found, the model objects too."""
        scan = scan or scan_records(self.products_dir)
        problems = list(scan.problems)
        if model and dates is None:
            dates = record_dates(self.products_dir)  # one git call for the whole tree; {} outside a checkout
        for read in read_parts(scan, self.store, self.workers):
            problems += read.problems
            self.images.prepare(_photo_paths(read))
            for source, record, local in zip(read.files, read.records, read.local, strict=True):
                problems += self.rules.each(source, record, local)
            if model and not problems:
                assert dates is not None
                self._model(read, dates)
        problems = one_per_field(problems + self.rules.across())
        self.images.save()
        return problems

    def _model(self, read: Read, dates: Dates) -> None:
        """One province's model objects; each record's data goes as its object is made."""
        documents = document_digests(read)
        self.documents.update(documents)
        records, htmls = read.records[::-1], read.html[::-1]
        read.records, read.html = [], []
        for source, digest in zip(read.files, read.digests, strict=True):
            record, html = records.pop(), self.texts.markup(htmls.pop())
            self.texts.share(record.data)
            if source.kind == "product":
                product = build_product(record.data, source.path, self.today, html, digest, documents)
                created, updated = dates_for(source.path, self.products_dir, dates, product.certificate.date)
                shown = _shown(digest, created, updated, [product.certificate.document])
                self.products.append(replace(product, created=created, updated=updated, digest=shown))
            elif source.kind == "lot":
                lot = build_lot(record.data, source.path, html, documents, digest)
                created, updated = dates_for(source.path, self.products_dir, dates, lot.produced)
                shown = _shown(digest, created, updated, [e.evidence for e in lot.events])
                self.lots.append(replace(lot, created=created, updated=updated, digest=shown))
            else:
                self.producers.append(build_producer(record.data, source.path, html, digest))


class Texts:
    """Equal texts shared among the records a check models. At 20,000 products the model held
    1,162,849 strings, 321,095 of them different: 112 MB, 37 MB if each was held once (the steps of
    a lot, units, labels, the HTML of a common sentence). A text longer than ``SHORT`` is seldom
    said twice, so it is not remembered."""

    SHORT = 256

    def __init__(self) -> None:
        self.plain: dict[str, str] = {}
        self.html: dict[str, Markup] = {}

    def share(self, value: Any) -> Any:
        """``value`` (a record's data, changed in place) with each short text one held before."""
        if value.__class__ is str:
            return self.plain.setdefault(value, value) if len(value) <= self.SHORT else value
        if value.__class__ is dict:
            for key, item in value.items():
                value[key] = self.share(item)
        elif value.__class__ is list:
            for i, item in enumerate(value):
                value[i] = self.share(item)
        return value

    def markup(self, html: dict[str, str]) -> dict[str, str]:
        """A record's rendered fields, each the one Markup of its text (the model takes them as they are)."""
        out: dict[str, str] = {}
        for key, text in html.items():
            found = self.html.get(text)
            if found is None:
                found = self.html[text] = Markup(text)
            out[key] = found
        return out


def _photo_paths(read: Read) -> list[Path]:
    """The photos a province's products name (many share one)."""
    names = {
        (source.path.parent, name)
        for source, record in zip(read.files, read.records, strict=True)
        if source.kind == "product" and isinstance(record.data.get("images"), list)
        for name in record.data["images"]
        if isinstance(name, str)
    }
    return [p for folder, name in sorted(names) if (p := image_path(folder, name)) is not None]


def _shown(digest: str, created: dt.date | None, updated: dt.date | None, docs: list[Document | None]) -> str:
    """What the pages showing a record depend on: its file, its dates from git and the documents it
    names (a page shows each one's SHA-256; one replaced under the same name left its pages stale)."""
    return content_key(digest, str(created), str(updated), *(d.sha256 for d in docs if d is not None))


def _document_files(cat: Catalogue) -> Iterator[tuple[Document, Path]]:
    """Each document file a record names, with the folder its name is relative to."""
    for p in cat.products:
        doc = p.certificate.document
        if doc is not None and doc.is_file:
            yield doc, p.source.parent
    for lot in cat.lots:
        for e in lot.events:
            if e.evidence is not None and e.evidence.is_file:
                yield e.evidence, lot.source.parent.parent


def documents(cat: Catalogue) -> list[tuple[Document, Path]]:
    """Every document file the catalogue publishes, with the file it comes from."""
    found = {doc.href: (doc, folder / doc.name) for doc, folder in _document_files(cat)}
    return [found[k] for k in sorted(found)]


def named_files(cat: Catalogue) -> list[tuple[Path, str]]:
    """Every photo and document the records name, as (the folder the name is relative to, the
    name): what the check read besides the record files themselves."""
    found = {
        (p.source.parent, image.relative_to(p.source.parent).as_posix()) for p in cat.products for image in p.images
    }
    found |= {(folder, doc.name) for doc, folder in _document_files(cat)}
    return sorted(found)


def records_key(cat: Catalogue) -> str:
    """Everything the records say, as one key: every record file's digest, its dates, the build date
    and the published documents' digests. For files made from the whole catalogue at once."""
    parts = [cat.build_date.isoformat()]
    parts += [f"{p.digest} {p.created} {p.updated}" for p in cat.products]
    parts += [pr.digest for pr in cat.producers]
    parts += [f"{lot.digest} {lot.created} {lot.updated}" for lot in cat.lots]
    parts += [doc.sha256 or "" for doc, _ in documents(cat)]
    return content_key(*parts)


def document_digests(read: Read) -> dict[str, str]:
    """The SHA-256 of every document file a record names (a shopper compares it with the paper)."""
    paths = set()
    for source, record in zip(read.files, read.records, strict=True):
        folder = source.path.parent.parent if source.kind == "lot" else source.path.parent
        cert = record.data.get("certificate")
        names = [cert.get("document")] if isinstance(cert, dict) else []
        names += [e.get("evidence") for e in record.data.get("events") or () if isinstance(e, dict)]
        paths |= {folder / n for n in names if isinstance(n, str) and n.startswith("tai-lieu/")}
    ordered = sorted(paths)
    return {str(p): d for p, d in zip(ordered, threads_map(file_digest, ordered), strict=True) if d}
