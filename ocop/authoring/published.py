"""Nothing ever lost: the published ids, and the check that keeps them.

A product's id is printed on packaging inside its QR code, so once published it must
resolve forever and never name another product. The site publishes ``ids.json`` with
every id and its status; before a deploy, ``check_published`` compares the records with
the live site's copy:
- an id that was published and now has no record is an error (withdraw, never delete);
- an id that now names a different thing is an error: a product that became a producer
  (or the reverse), a product now made by another producer, or a product whose name
  changed beyond a correction (folded names less than 50% alike).
Renaming or moving a record's file changes nothing: the id is what counts.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from ..build.discover import display_path
from ..domain.fold import fold
from ..domain.model import Catalogue
from ..domain.problems import BilingualError, Problem

SAME_NAME = 0.5  # difflib ratio of folded names under which a name change means another product


class PublishedError(BilingualError):
    """An ids.json that cannot be read."""


def read_published(path: Path) -> list[dict[str, Any]]:
    """The entries of a published ``ids.json``: ``{"ids": [...]}`` or a bare list, of
    ``{"id": ...}`` objects or plain ids. Each entry gets ``_line``, its line in the file."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise PublishedError(
            f"không đọc được danh sách mã đã công bố {path}: {exc}",
            f"cannot read the published ids list {path}: {exc}",
        ) from None
    if isinstance(data, dict):
        data = data.get("ids", [])
    if not isinstance(data, list):
        raise PublishedError(
            f"{path}: danh sách mã đã công bố phải là một danh sách JSON",
            f"{path}: the published ids must be a JSON list",
        )
    entries = [e if isinstance(e, dict) else {"id": e} for e in data if isinstance(e, (dict, str))]
    # Keep each entry's line in the file, so a problem points at it.
    lines = text.splitlines()
    for entry in entries:
        needle = json.dumps(entry.get("id"), ensure_ascii=False)
        entry["_line"] = next((n for n, line in enumerate(lines, 1) if needle in line), 1)
    return entries


def check_published(cat: Catalogue, published: list[dict[str, Any]], shown: str) -> list[Problem]:
    """Problems with the records against the ids a previous deploy published."""
    products = {p.id: p for p in cat.products}
    producers = {p.id: p for p in cat.producers}
    lots = cat.lot_by_id
    problems = []
    for entry in published:
        pid, kind, n = entry.get("id"), entry.get("kind", "product"), entry.get("_line", 1)
        current = products.get(pid) or producers.get(pid) or lots.get(pid)
        if current is None:
            problems.append(
                Problem(
                    shown,
                    n,
                    1,
                    "id",
                    f"mã '{pid}' đã công bố nhưng không còn hồ sơ; mã QR đã in sẽ hỏng. "
                    "Không xóa hồ sơ: hãy đặt status: withdrawn kèm ngày và lý do (lô hàng: ghi recall)",
                    f"id '{pid}' was published and has no record now; printed QR codes would break. "
                    "Never delete a record: set status: withdrawn with a date and reason (a lot: add a recall)",
                )
            )
            continue
        now_kind = "product" if pid in products else "producer" if pid in producers else "lot"
        record = display_path(current.source)
        if now_kind != kind:
            problems.append(
                Problem(
                    record,
                    1,
                    1,
                    "id",
                    f"mã '{pid}' đã công bố cho một {_vi(kind)}, nay lại là {_vi(now_kind)}; không dùng lại mã",
                    f"id '{pid}' was published for a {kind} and now names a {now_kind}; ids are never reused",
                )
            )
            continue
        if kind == "lot":
            problems += _same_lot(entry, lots[pid], record)
            continue
        if kind != "product":
            continue
        product = products[pid]
        if entry.get("producer") and entry["producer"] != product.producer_id:
            problems.append(
                Problem(
                    record,
                    1,
                    1,
                    "producer",
                    f"mã '{pid}' đã công bố cho sản phẩm của chủ thể '{entry['producer']}'; "
                    "sản phẩm của chủ thể khác cần mã mới",
                    f"id '{pid}' was published for a product of producer '{entry['producer']}'; "
                    "another producer's product needs a new id",
                )
            )
        elif entry.get("name"):
            likeness = difflib.SequenceMatcher(None, fold(entry["name"]), fold(product.name)).ratio()
            if likeness < SAME_NAME:
                problems.append(
                    Problem(
                        record,
                        1,
                        1,
                        "name",
                        f"mã '{pid}' đã công bố cho '{entry['name']}', nay là '{product.name}': "
                        "một sản phẩm khác cần mã mới (sửa lỗi chính tả thì được)",
                        f"id '{pid}' was published for '{entry['name']}' and now names '{product.name}': "
                        "another product needs a new id (fixing a typo is fine)",
                    )
                )
    return problems


def _same_lot(entry: dict[str, Any], lot: Any, record: str) -> list[Problem]:
    """A published lot id keeps naming the same lot of the same product (its number is printed on packs)."""
    was = (entry.get("product"), entry.get("code"))
    now = (lot.product_id, lot.code)
    if all(w is None or w == n for w, n in zip(was, now, strict=True)):
        return []
    return [
        Problem(
            record,
            1,
            1,
            "code",
            f"mã lô '{lot.id}' đã công bố cho lô {was[1]} của sản phẩm {was[0]}; lô khác cần mã mới",
            f"lot id '{lot.id}' was published for lot {was[1]} of product {was[0]}; another lot needs a new id",
        )
    ]


def _vi(kind: str) -> str:
    return {"product": "sản phẩm", "producer": "chủ thể", "lot": "lô hàng"}[kind]
