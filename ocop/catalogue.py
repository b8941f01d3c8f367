"""From a products folder to a checked catalogue model: load → validate → model.

This module does not know about MkDocs; the plugin and the ``ocop`` command both
call it, so ``ocop check`` and the build report exactly the same problems.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .load import Record, load_file
from .model import Catalogue, build_catalogue, build_producer, build_product
from .problems import Problem, ProblemsFound
from .validate import SourceFile, check_records, discover


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


def read_records(products_dir: Path) -> tuple[list[SourceFile], list[Record], list[Problem]]:
    files, problems = discover(products_dir)
    kept_files, records = [], []
    for source in files:
        record, found = load_file(source.path, source.display)
        problems += found
        if record is not None:
            kept_files.append(source)
            records.append(record)
    return kept_files, records, problems


def check(products_dir: Path, today: dt.date) -> list[Problem]:
    """Every problem in a products folder, sorted by file and line."""
    files, records, problems = read_records(products_dir)
    problems += check_records(files, records, today)
    return sorted(set(problems))


def load_catalogue(products_dir: Path, today: dt.date) -> Catalogue:
    """The checked catalogue; raises ProblemsFound with every problem when there is any."""
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
    files, records, problems = read_records(products_dir)
    problems += check_records(files, records, today)
    if problems:
        raise ProblemsFound(sorted(set(problems)))
    products, producers = [], []
    for source, record in zip(files, records, strict=True):
        if source.kind == "product":
            products.append(build_product(record.data, source.path, today))
        else:
            producers.append(build_producer(record.data, source.path))
    return build_catalogue(products, producers, today)
