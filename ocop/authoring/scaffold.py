"""Writing new record skeletons with fresh ids: ``ocop new product`` and ``ocop new producer``.

A skeleton is a complete, valid record: it passes ``ocop check`` as written, so the
officer sees it on a preview build at once, and the editor's schema hints work from the
first line. Every value that a person must replace carries the marker ``CẦN ĐIỀN``
("to fill in"), either in the value itself (texts) or in the comment above it (numbers,
codes and dates, which cannot hold a marker). The photo is a generated placeholder
(``ocop.placeholder``, labelled "ẢNH MINH HỌA") that must be replaced by a real photo.
``todo_lines`` lists the marked lines; the command prints them.

Ids
---
An id is printed in the QR code on packaging and must resolve forever, so it is never
reused for another product. A fresh id is ``<province prefix>-<6 random characters>``,
e.g. ``hn-7k3m9q``:

- the prefix is the province's short code (``PROVINCE_PREFIXES`` in ``ocop/domain/units.py``, the one
  place they are defined; the sample catalogue and ``scripts/synth`` use the same ones);
- the random part uses Crockford's base-32 letters (digits and lower-case letters without
  i, l, o, u), so an id read aloud or typed from a label is not misread; it always holds
  a letter, so it never looks like the sequential ids of the sample data (``hn-001``);
- it is checked against every id in the catalogue, every record file name, and every id
  ever published (``--published ids.json``, the site's list of every id it has published,
  including withdrawn and deleted ones).

Randomness comes from ``secrets`` unless a source is passed in (tests pass a seeded
``random.Random``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..build.catalogue import read_records
from ..build.discover import PRODUCER_DIR, PRODUCT_DIR
from ..build.load import load_file
from ..build.settings import vietnam_today
from ..domain.problems import BilingualError
from ..domain.schema import GROUPS, ID_PATTERN, PRODUCER_KINDS
from ..domain.text import FILL_MARK, FILL_PHOTO
from ..domain.units import PROVINCE_PREFIXES, units
from ..store import Store
from .placeholder import placeholder_jpeg
from .published import PublishedError, read_published
from .yaml_writer import end_comment, scalar


def fill_photo(rid: str) -> str:
    """The stand-in photo of a new product: ``ocop check`` refuses it until a real photo takes its place."""
    return f"{FILL_PHOTO}{rid}.jpg"


IMAGE_DIR = "anh"


ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base 32, lower case
ID_RANDOM_LENGTH = 6  # 32**6 ≈ 1.07 billion ids per province


class RandomSource(Protocol):
    def choice(self, seq: str) -> str: ...


class ScaffoldError(BilingualError):
    """A problem with the request itself (unknown province, missing producer...)."""


# --- ids ------------------------------------------------------------------------------------------


def province_prefix(province: str) -> str:
    try:
        return PROVINCE_PREFIXES[province]
    except KeyError:
        raise ScaffoldError(
            f"'{province}' không phải thư mục tỉnh (34 tỉnh, thành phố 2025), ví dụ ha-noi, vinh-long",
            f"'{province}' is not a province folder (the 34 provinces of 2025), e.g. ha-noi, vinh-long",
        ) from None


def catalogue_ids(products_dir: Path) -> set[str]:
    """Every id used in the catalogue: record ids, and record file names (which are ids too)."""
    taken: set[str] = set()
    if not products_dir.is_dir():
        return taken
    for _folder, _dirs, names in os.walk(products_dir):
        taken |= {n.rsplit(".", 1)[0] for n in names if n.endswith((".yml", ".yaml"))}
    # The build's record reader and cache: at national scale, parsing 30,000 files again costs seconds.
    read = read_records(products_dir, Store(Path(".cache/ocop")))
    taken |= {r.data["id"] for r in read.records if isinstance(r.data.get("id"), str)}
    return taken


def published_ids(path: Path | None) -> set[str]:
    """Ids from a published ``ids.json`` (any form ``ids.read_published`` accepts)."""
    if path is None:
        return set()
    try:
        entries = read_published(path)
    except PublishedError as exc:
        raise ScaffoldError(exc.vi, exc.en) from None
    return {e["id"] for e in entries if isinstance(e.get("id"), str)}


def fresh_id(province: str, taken: Iterable[str], rng: RandomSource | None = None) -> str:
    """A new id for the province that is in none of ``taken``."""
    prefix = province_prefix(province)
    rng = rng or secrets.SystemRandom()
    taken = taken if isinstance(taken, (set, frozenset)) else set(taken)
    for _ in range(10_000):
        tail = "".join(rng.choice(ID_ALPHABET) for _ in range(ID_RANDOM_LENGTH))
        if tail.isdigit():
            continue
        candidate = f"{prefix}-{tail}"
        if candidate not in taken and re.match(ID_PATTERN, candidate):
            return candidate
    raise RuntimeError("no fresh id found; is the random source constant?")


# --- skeletons ------------------------------------------------------------------------------------


@dataclass
class Written:
    """What a ``new`` command wrote, and what a person still has to fill in."""

    kind: str  # "product" or "producer"
    id: str
    path: Path
    extra: list[Path] = field(default_factory=list)  # placeholder image, producer skeleton
    todo: list[tuple[str, str]] = field(default_factory=list)  # (Vietnamese, English)


def _commune_for(province: str, commune: str | None) -> tuple[str, str, bool]:
    """(code, name, was_given): the given commune, checked, or the province's first as a placeholder."""
    u = units()
    if commune:
        c = u.communes.get(commune)
        if c is None or c.province.slug != province:
            raise ScaffoldError(
                f"mã xã/phường '{commune}' không thuộc {u.provinces[province].name} (danh mục 2025)",
                f"commune code '{commune}' is not in {u.provinces[province].name} (2025 list)",
            )
        return c.code, c.name, True
    first = min((c for c in u.communes.values() if c.province.slug == province), key=lambda c: c.code)
    return first.code, first.name, False


def _check_province(province: str) -> None:
    province_prefix(province)
    if province not in units().provinces:  # pragma: no cover - the two lists are kept together
        raise ScaffoldError(f"không có tỉnh '{province}'", f"no province '{province}'")


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
        f.write(text)


def producer_skeleton(
    rid: str, province: str, kind: str | None, name: str | None, commune: str | None
) -> tuple[str, list]:
    """The text of a new producer record, and its to-do list."""
    if kind is not None and kind not in PRODUCER_KINDS:
        raise ScaffoldError(
            f"loại hình '{kind}' không hợp lệ; chọn một trong: {', '.join(PRODUCER_KINDS)}",
            f"kind '{kind}' is not valid; choose one of: {', '.join(PRODUCER_KINDS)}",
        )
    code, commune_name, given = _commune_for(province, commune)
    todo = []
    if not name:
        todo.append(("name — tên chủ thể", "name — the producer's name"))
    if not given:
        todo.append(("address.commune — mã xã/phường 2025", "address.commune — the 2025 commune code"))
    if kind is None:
        todo.append(("kind — loại hình", "kind — the kind of producer"))
    kinds = "\n".join(f"#   {k} ({vi})" for k, (vi, _) in PRODUCER_KINDS.items())
    commune_note = end_comment(commune_name) if given else ""
    code = code if given else f"{FILL_MARK}: mã xã/phường 5 chữ số"
    text = f"""\
# yaml-language-server: $schema=../../../schema/producer.schema.json
# HỒ SƠ CHỦ THỂ MỚI, tạo bằng `ocop new producer`. Thay mọi chỗ có chữ "{FILL_MARK}" bằng thông tin thật.
# Dòng bắt đầu bằng "#" là ghi chú: trang web không hiển thị. Bỏ dấu "#" ở đầu dòng để dùng một trường.
# New producer skeleton: replace everything marked "{FILL_MARK}" (to fill in) with real information.

# Mã chủ thể: cấp tự động, KHÔNG sửa. Sản phẩm của chủ thể ghi mã này ở trường producer.
id: {rid}

# Tên đầy đủ, đúng như trên giấy đăng ký kinh doanh, ví dụ "Hợp tác xã Nông nghiệp Thông Hòa".
name: {scalar(name or f"{FILL_MARK}: tên chủ thể")}

# Loại hình, một trong:
{kinds}
kind: {scalar(kind or f"{FILL_MARK}: một loại hình ở trên")}

# Địa chỉ trụ sở.
address:
  # Mã xã/phường theo danh mục 2025: 5 chữ số, đặt trong ngoặc kép.
  # Tra mã trong tệp ocop/data/units-2025.csv (cột commune_code).
  commune: {scalar(code)}{commune_note}
  # Số nhà, thôn, ấp (không bắt buộc):
  # street: Ấp Chợ

# Người đại diện (không bắt buộc):
# representative: Nguyễn Văn An

# Liên hệ (không bắt buộc). Số điện thoại 10 chữ số, trong ngoặc kép; trang web bắt đầu bằng https://
# contacts:
#   phone: "0912345678"
#   zalo: "0912345678"
#   email: lienhe@htx-vi-du.example.vn
#   website: https://htx-vi-du.example.vn

# Giới thiệu ngắn (không bắt buộc); có thể dùng **chữ đậm**, *chữ nghiêng* và danh sách "- ".
# description: |
#   Hợp tác xã của 20 hộ trồng cam sành...
"""
    return text, todo


PRODUCT_SKELETON = """\
# yaml-language-server: $schema=../../../schema/product.schema.json
# HỒ SƠ SẢN PHẨM MỚI, tạo bằng `ocop new product`. Thay mọi chỗ có chữ "{fill}" bằng thông tin thật
# trước khi gửi. Dòng bắt đầu bằng "#" là ghi chú: trang web không hiển thị. Bỏ dấu "#" ở đầu dòng
# để dùng một trường không bắt buộc.
# New product skeleton: replace everything marked "{fill}" (to fill in) before sending it.

# Mã sản phẩm: cấp tự động, KHÔNG sửa. Mã được in trong mã QR trên bao bì và không bao giờ dùng lại.
id: {rid}

# Tên sản phẩm, đúng như trong quyết định công nhận OCOP.
name: {name}

# Hạng sao OCOP theo quyết định: viết 3, 4 hoặc 5 (không có ngoặc kép).
stars: "{fill}: 3, 4 hoặc 5"

# Nhóm sản phẩm: viết một trong các giá trị sau (phần bên trái):
{groups}
group: "{fill}: một nhóm ở trên, ví dụ food"

# Mã chủ thể (hợp tác xã, doanh nghiệp, hộ kinh doanh, tổ hợp tác): tên tệp trong thư mục
# {producer_dir}/ của tỉnh, không có đuôi ".yml".
producer: {producer}

# Mô tả sản phẩm: vài câu giới thiệu nguồn gốc, cách làm, hương vị. Có thể dùng **chữ đậm**,
# *chữ nghiêng* và danh sách (mỗi dòng bắt đầu bằng "- "). Không dùng mã HTML.
description: |
  {fill}: mô tả sản phẩm.

# Ảnh sản phẩm: 1 đến 8 ảnh .jpg, .png hoặc .webp, đặt trong thư mục {image_dir}/ cạnh tệp này.
# {fill}: ảnh dưới đây là ẢNH MINH HỌA do máy tạo. Tải lên ảnh chụp thật (rõ nét, đủ sáng,
# cạnh ngắn ít nhất 300 điểm ảnh), xóa ảnh minh họa, rồi sửa tên ảnh ở dòng dưới.
images:
  - {image_dir}/{photo}

# Giấy chứng nhận OCOP.
certificate:
  # Số quyết định công nhận, ví dụ "1234/QĐ-UBND".
  decision: {decision}
  # Ngày ký quyết định, dạng NĂM-THÁNG-NGÀY trong ngoặc kép, ví dụ "{date}".
  date: "{fill}: ngày ký quyết định"
  # Cơ quan cấp, giữ tên tại thời điểm cấp, ví dụ "UBND tỉnh Trà Vinh".
  issuer: {issuer}
  # Ngày hết hạn (không bắt buộc; tối đa 36 tháng sau ngày cấp):
  # valid_until: "2028-05-30"
  # Điểm đánh giá (không bắt buộc): tổng điểm và điểm các phần A, B, C.
  # score:
  #   total: 75
  #   a: 30
  #   b: 20
  #   c: 25

# Nơi sản xuất.
origin:
  # Mã xã/phường theo danh mục 2025: 5 chữ số, đặt trong ngoặc kép.
  # Tra mã trong tệp ocop/data/units-2025.csv (cột commune_code).
  commune: {commune}{commune_note}
  # Thôn, bản, vùng nguyên liệu (không bắt buộc):
  # place: Ấp Chợ, vườn cam ven sông
  # Tọa độ [vĩ độ, kinh độ] (không bắt buộc):
  # coordinates: [9.87, 106.06]

# Các trường không bắt buộc:
# Quy cách đóng gói:
# packaging: Hộp giấy
# Khối lượng hoặc thể tích tịnh:
# net_weight: 500 g
# Hạn sử dụng:
# shelf_life: 12 tháng
# Thành phần:
# ingredients: Dừa sáp, đường
# Giá bán lẻ (đồng) và đơn vị tính:
# price:
#   amount: 120000
#   unit: hộp
# Nơi mua; kind là postmart, voso, shop (cửa hàng của chủ thể) hoặc other; url bắt đầu bằng https://
# buy:
#   - kind: shop
#     url: https://htx-vi-du.example.vn/san-pham
#     label: Cửa hàng của chủ thể
# Nhật ký truy xuất nguồn gốc: các công đoạn theo thứ tự thời gian (date: 2025, 2025-05 hoặc 2025-05-31)
# traceability:
#   - stage: Thu hoạch
#     date: "2025-05"
#     place: Vườn của hợp tác xã
"""


def product_skeleton(
    rid: str, province: str, producer: str, commune: str | None, today: dt.date
) -> tuple[str, list[tuple[str, str]]]:
    """The text of a new product record, and its to-do list."""
    code, commune_name, given = _commune_for(province, commune)
    groups = "\n".join(f"#   {g} ({vi})" for g, (_, vi, _) in GROUPS.items())
    todo = [
        ("name — tên sản phẩm", "name — the product name"),
        ("stars — hạng sao (3, 4 hoặc 5)", "stars — the star rating (3, 4 or 5)"),
        ("group — nhóm sản phẩm", "group — the product group"),
        ("description — mô tả sản phẩm", "description — the product description"),
        (
            f"images — thay ảnh minh họa {IMAGE_DIR}/{fill_photo(rid)} bằng ảnh chụp thật",
            f"images — replace the placeholder {IMAGE_DIR}/{fill_photo(rid)} with a real photo",
        ),
        ("certificate.decision — số quyết định", "certificate.decision — the decision number"),
        ("certificate.date — ngày quyết định", "certificate.date — the decision date"),
        ("certificate.issuer — cơ quan cấp", "certificate.issuer — the issuing body"),
    ]
    if not given:
        todo.append(("origin.commune — mã xã/phường 2025", "origin.commune — the 2025 commune code"))
    commune_note = end_comment(commune_name) if given else ""
    text = PRODUCT_SKELETON.format(
        fill=FILL_MARK,
        rid=rid,
        name=scalar(f"{FILL_MARK}: tên sản phẩm"),
        groups=groups,
        producer_dir=PRODUCER_DIR,
        producer=producer,
        image_dir=IMAGE_DIR,
        decision=scalar(f"{FILL_MARK}: số quyết định"),
        date=today.isoformat(),
        photo=fill_photo(rid),
        issuer=scalar(f"{FILL_MARK}: cơ quan cấp"),
        commune=scalar(code) if given else scalar(f"{FILL_MARK}: mã xã/phường 5 chữ số"),
        commune_note=commune_note,
    )
    return text, todo


def _taken_ids(products_dir: Path, published: Iterable[str]) -> set[str]:
    return catalogue_ids(products_dir) | set(published)


def new_producer(
    products_dir: Path,
    province: str,
    *,
    kind: str | None = None,
    name: str | None = None,
    commune: str | None = None,
    published: Iterable[str] = (),
    rng: RandomSource | None = None,
    taken: set[str] | None = None,
) -> Written:
    """Write a producer skeleton with a fresh id; returns what was written."""
    _check_province(province)
    taken = taken if taken is not None else _taken_ids(products_dir, published)
    rid = fresh_id(province, taken, rng)
    text, todo = producer_skeleton(rid, province, kind, name, commune)
    path = products_dir / province / PRODUCER_DIR / f"{rid}.yml"
    _write_new(path, text)
    taken.add(rid)
    return Written("producer", rid, path, todo=todo)


def find_producer(products_dir: Path, producer: str) -> tuple[Path | None, list[str]]:
    """The producer record with this id, and the known producer ids (for hints)."""
    known = []
    found = None
    for path in sorted(products_dir.glob(f"*/{PRODUCER_DIR}/*.yml")):
        record, _ = load_file(path)
        rid = record.data.get("id") if record is not None else None
        if isinstance(rid, str):
            known.append(rid)
            if rid == producer:
                found = path
    return found, known


def new_product(
    products_dir: Path,
    province: str,
    *,
    producer: str | None = None,
    commune: str | None = None,
    published: Iterable[str] = (),
    today: dt.date | None = None,
    rng: RandomSource | None = None,
) -> list[Written]:
    """Write a product skeleton (and, with no ``producer``, a producer skeleton for it).

    Returns what was written: the product first.
    """
    import difflib

    _check_province(province)
    today = today or vietnam_today()
    taken = _taken_ids(products_dir, published)
    written: list[Written] = []
    if producer:
        found, known = find_producer(products_dir, producer)
        if found is None:
            hint = difflib.get_close_matches(producer, known, n=1)
            raise ScaffoldError(
                f"không có chủ thể mã '{producer}'" + (f"; có phải '{hint[0]}'?" if hint else ""),
                f"no producer with id '{producer}'" + (f"; did you mean '{hint[0]}'?" if hint else ""),
            )
    else:
        created = new_producer(products_dir, province, commune=commune, rng=rng, taken=taken)
        producer = created.id
        written.append(created)
    rid = fresh_id(province, taken, rng)
    taken.add(rid)
    text, todo = product_skeleton(rid, province, producer, commune, today)
    folder = products_dir / province / PRODUCT_DIR
    path = folder / f"{rid}.yml"
    image = folder / IMAGE_DIR / fill_photo(rid)
    if image.exists():  # pragma: no cover - a fresh id has no files
        raise ScaffoldError(f"ảnh {image} đã có", f"image {image} already exists")
    _write_new(path, text)
    image.parent.mkdir(parents=True, exist_ok=True)
    with open(image, "xb") as f:
        f.write(placeholder_jpeg(rid, "CẦN THAY ẢNH THẬT", 640, 480))
    product = Written("product", rid, path, extra=[image], todo=todo)
    return [product, *written]


def todo_lines(path: Path) -> list[tuple[int, str]]:
    """The lines of a record that still carry the ``CẦN ĐIỀN`` marker: (line number, text)."""
    out = []
    in_body = False  # the header comment explains the marker; the body is where it must go
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        in_body = in_body or line.startswith("id:")
        if in_body and FILL_MARK in line:
            out.append((n, line.strip()))
    return out
