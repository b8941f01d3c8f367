"""From a products folder to a checked catalogue model: load → validate → model.

This module does not know about MkDocs; the plugin and the ``ocop`` command both
call it, so ``ocop check`` and the build report exactly the same problems.

Reading and checking one file depends only on its bytes and its path, so the result
is cached by both (and by the engine's own code, so a new rule is never skipped).
A cold read of many files is shared between processes.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import marshal
import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .images import check_image, image_path
from .load import Record, load_file
from .model import Catalogue, build_catalogue, build_producer, build_product, render_texts
from .problems import Problem, ProblemsFound
from .validate import SourceFile, check_local, check_records, discover

PARALLEL_THRESHOLD = 2000  # files; below this a worker pool costs more than it saves

# What reading one file gives, in plain values so it is cheap to cache and to pass between
# processes: the data (None when the file could not be read), its local problems as tuples,
# and the HTML of its Markdown fields.
Loaded = tuple[Any, list[tuple[str, int, int, str, str, str]], dict[str, str]]


def build_date(explicit: str | dt.date | None = None) -> dt.date:
    """The day certificate statuses are computed for.

    An explicit date wins, then SOURCE_DATE_EPOCH (the reproducible-builds convention),
    then today: the nightly rebuild is what keeps "expired" true on a static site.
    """
    if isinstance(explicit, dt.date):
        return explicit
    if explicit:
        return dt.date.fromisoformat(explicit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


@cache
def engine_key() -> str:
    """A hash of the code and data that decide what a record means and which problems it has."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in (
        "load.py",
        "validate.py",
        "schema.py",
        "text.py",
        "units.py",
        "images.py",
        "model.py",
        "data/units-2025.csv",
    ):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def _read_one(source: SourceFile) -> Loaded:
    record, problems = load_file(source.path, source.display)
    html: dict[str, str] = {}
    if record is not None:
        problems = problems + check_local(record, source.kind)
        if not problems:
            html = render_texts(record.data)
    return (record.data if record else None), [astuple(p) for p in problems], html


def _read_many(sources: list[SourceFile]) -> list[Loaded]:
    return [_read_one(s) for s in sources]


class RecordCache:
    """One file holding every record's data and local checks, keyed by path and content.

    marshal rather than pickle: the entries are plain values, and marshal reads them back
    about twice as fast, which is most of a warm build's loading time.
    """

    def __init__(self, cache_dir: Path | None) -> None:
        self.path = cache_dir / "records" / f"{engine_key()}.marshal" if cache_dir else None
        self.entries: dict[str, tuple[bytes, Loaded]] = {}
        if self.path and self.path.exists():
            try:
                self.entries = marshal.loads(self.path.read_bytes())
            except Exception:  # a damaged cache is only a slower build
                self.entries = {}

    def save(self, entries: dict[str, tuple[bytes, Loaded]]) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(entries))
        os.replace(tmp, self.path)


class ImageChecks:
    """check_image, remembered by each photo's size and modification time (as git's index does):
    opening 18,000 phone photos on every build costs seconds; the path rules are checked every time."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.path = cache_dir / "records" / f"{engine_key()}.images.marshal" if cache_dir else None
        self.seen: dict[str, tuple[int, int, int, list[tuple[str, str]]]] = {}
        self.changed = False
        if self.path and self.path.exists():
            try:
                self.seen = marshal.loads(self.path.read_bytes())
            except Exception:  # a damaged cache is only a slower build
                self.seen = {}

    def __call__(self, folder: Path, name: str) -> list[tuple[str, str]]:
        path = image_path(folder, name)
        try:
            st = os.lstat(path) if path is not None else None
        except OSError:
            st = None
        if path is None or st is None:
            return check_image(folder, name)  # the message says why; nothing to remember
        stamp = (st.st_size, st.st_mtime_ns, st.st_mode)
        hit = self.seen.get(str(path))
        if hit is not None and hit[:3] == stamp:
            return [tuple(p) for p in hit[3]]  # type: ignore[misc]
        found = check_image(folder, name)
        self.seen[str(path)] = (*stamp, found)
        self.changed = True
        return found

    def save(self) -> None:
        if self.path and self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(self.seen))
            os.replace(tmp, self.path)


def _check_all(read: Read, today: dt.date, cache_dir: Path | None) -> list[Problem]:
    images = ImageChecks(cache_dir)
    problems = read.problems + check_records(read.files, read.records, today, read.local, images)
    images.save()
    return problems


@dataclass
class Read:
    files: list[SourceFile]  # the files that parsed
    records: list[Record]
    local: list[list[Problem]]  # each record's own problems
    html: list[dict[str, str]]  # each record's rendered Markdown fields
    digests: list[str]  # each record file's content hash
    problems: list[Problem]  # files that could not be read at all, or are in the wrong place


def read_records(products_dir: Path, cache_dir: Path | None = None, jobs: int | None = None) -> Read:
    """Parse and locally check every record file, reusing the cache where the bytes are unchanged."""
    files, problems = discover(products_dir)
    store = RecordCache(cache_dir)
    digests = [hashlib.sha256(s.path.read_bytes()).digest() for s in files]
    results: list[Loaded | None] = []
    missing: list[int] = []
    for i, (source, digest) in enumerate(zip(files, digests, strict=True)):
        hit = store.entries.get(source.display)
        if hit is not None and hit[0] == digest:
            results.append(hit[1])
        else:
            results.append(None)
            missing.append(i)
    todo = [files[i] for i in missing]
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(todo) >= PARALLEL_THRESHOLD:
        size = max(200, len(todo) // (jobs * 4))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        with ProcessPoolExecutor(jobs) as pool:
            fresh = [r for chunk in pool.map(_read_many, chunks) for r in chunk]
    else:
        fresh = _read_many(todo)
    for i, loaded in zip(missing, fresh, strict=True):
        results[i] = loaded
    if missing or len(store.entries) != len(files):
        store.save({s.display: (d, r) for s, d, r in zip(files, digests, results, strict=True) if r is not None})
    read = Read([], [], [], [], [], problems)
    for source, loaded, digest in zip(files, results, digests, strict=True):
        assert loaded is not None
        data, found, html = loaded
        if data is None:
            read.problems += [Problem(*p) for p in found]
        else:
            read.files.append(source)
            # Positions are found again from the file only if a cross-record rule needs one.
            read.records.append(Record(path=source.display, data=data, source=source.path))
            read.local.append([Problem(*p) for p in found])
            read.html.append(html)
            read.digests.append(digest.hex())
    return read


def check(products_dir: Path, today: dt.date, cache_dir: Path | None = None) -> list[Problem]:
    """Every problem in a products folder, sorted by file and line."""
    read = read_records(products_dir, cache_dir)
    return sorted(set(_check_all(read, today, cache_dir)))


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


def load_catalogue(products_dir: Path, today: dt.date, cache_dir: Path | None = None) -> Catalogue:
    """The checked catalogue; raises ProblemsFound with every problem when there is any."""
    with without_gc():
        return _load_catalogue(products_dir, today, cache_dir)


def _load_catalogue(products_dir: Path, today: dt.date, cache_dir: Path | None) -> Catalogue:
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
    read = read_records(products_dir, cache_dir)
    problems = _check_all(read, today, cache_dir)
    if problems:
        raise ProblemsFound(sorted(set(problems)))
    products, producers = [], []
    for source, record, html, digest in zip(read.files, read.records, read.html, read.digests, strict=True):
        if source.kind == "product":
            products.append(build_product(record.data, source.path, today, html, digest))
        else:
            producers.append(build_producer(record.data, source.path, html, digest))
    return build_catalogue(products, producers, today)
