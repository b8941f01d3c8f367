"""When each record was first published and last changed: from git history, in one call for the whole tree.

A product page says "cập nhật lần cuối" (last updated), the sitemap gives ``lastmod`` and the feeds
say what is new and what changed. Files do not know this (a checkout sets every modification time
to the moment of the checkout), git does. So one ``git log`` over the records folder gives, per
file, the committer dates of its oldest and newest commits, in Vietnam time.

The same input gives the same bytes: a date comes only from commits, never from the clock or from
the working tree. A file changed but not yet committed keeps its last commit's date; a file git
has never seen (untracked, or the folder is not a git checkout, or git is not installed) has no
date here, and the loading stage uses the record's own date instead (the certificate's date for a
product, the production date for a lot).

History is read along the first parent (``-m --first-parent``): a change merged from a branch is
dated when it reached the catalogue's branch, not when it was written on the branch. Renames are
not followed (``--no-renames``): a moved record starts again at its move, as its path (its
province folder) changed. In a shallow clone, the oldest commit present lists every file as if it
were new; it is ignored, so only the commits really present date a change (CI should fetch the
whole history: ``fetch-depth: 0``).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from .settings import VIETNAM

GIT_TIMEOUT = 120  # seconds; the log of a national catalogue takes well under one
# Dates by path relative to the records folder ("ha-noi/san-pham/hn-001.yml"): (first, last). The
# first is None when a shallow clone does not reach the commit that added the file.
Dates = dict[str, tuple[dt.date | None, dt.date]]


def _git(folder: Path, *args: str) -> str | None:
    """A git command's output in ``folder``, or None when git is missing or the command fails."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}  # a build never writes into .git
    env.pop("GIT_DIR", None)  # a hook's GIT_DIR would point git at another repository than the folder's
    env.pop("GIT_WORK_TREE", None)
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, env=env, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


def record_dates(products_dir: Path) -> Dates:
    """Each committed file's first and last commit date, or {} outside a git checkout or without git."""
    if not products_dir.is_dir():
        return {}
    shallow = _git(products_dir, "rev-parse", "--is-shallow-repository")
    if shallow is None:
        return {}
    log = _git(
        products_dir,
        "log",
        "-z",
        "-m",
        "--first-parent",
        "--no-renames",
        "--relative",
        "--name-only",
        "--format=%x1e%ct %P",
        "--",
        ".",
    )
    return parse_log(log or "", shallow.strip() == "true")


def parse_log(text: str, shallow: bool = False) -> Dates:
    """The dates in ``git log -z --name-only --format=%x1e%ct %P`` output (pure, so it is tested alone).

    Each commit is a record separator, its committer time and parents, then its files, each ending
    in NUL. The newest and oldest commit win by time, not by the log's order: clocks differ."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for chunk in text.split("\x1e"):
        if not chunk:
            continue
        header, _, names = chunk.partition("\0")
        stamp, _, parents = header.partition(" ")
        if shallow and not parents.strip():
            continue  # a shallow clone's boundary: every file seems added here, which says nothing
        try:
            when = int(stamp)
        except ValueError:
            continue
        for name in names.split("\0"):
            name = name.lstrip("\n")
            if not name:
                continue
            if when > last.get(name, when - 1):
                last[name] = when
            if when < first.get(name, when + 1):
                first[name] = when
    if shallow:
        # In a shallow clone the oldest commit present is not the file's first: leave "first" unknown.
        return {name: (None, _day(last[name])) for name in sorted(last)}
    return {name: (_day(first[name]), _day(last[name])) for name in sorted(last)}


def _day(stamp: int) -> dt.date:
    return dt.datetime.fromtimestamp(stamp, VIETNAM).date()


def dates_for(
    source: Path, products_dir: Path, dates: Mapping[str, tuple[dt.date | None, dt.date]], fallback: dt.date
) -> tuple[dt.date, dt.date]:
    """(created, updated) of one record file: its git dates, else ``fallback`` (the record's own date) for
    both. When a shallow clone hides the first commit, the earlier of the two dates stands for it."""
    try:
        rel = source.relative_to(products_dir).as_posix()
    except ValueError:
        rel = ""
    found = dates.get(rel)
    if found is None:
        return fallback, fallback
    created, updated = found
    return created or min(fallback, updated), updated
