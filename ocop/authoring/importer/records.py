"""The records an import writes: the text of a product and of a new producer, their checks before
writing, and writing a file that must not exist yet.

A list holds neither a description nor photos, and the importer cannot invent photos. Each product
gets a generated placeholder picture labelled "ẢNH MINH HỌA" and a short description saying it was
made from the certification list and that details and photos are being added (with the list's
source link when it has one); a comment marked ``CẦN ĐIỀN`` at the image says what to replace.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ...build.load import parse
from ...build.rules import check_product_rules
from ...build.validate import check_local
from ...domain.text import FILL_MARK
from ..scaffold import IMAGE_DIR
from ..yaml_writer import Text
from .places import commune_name
from .result import NewProducer, Reason


@dataclass(frozen=True)
class Certified:
    """What a list says about one product: everything a product record is made from."""

    name: str
    stars: int
    group: str
    producer_id: str
    producer_name: str
    decision: str
    date: dt.date
    issuer: str
    commune: str
    commune_note: str
    source_url: str | None


def _md(text: str) -> str:
    """Text as Markdown shows it as it is (a name with * or _ is not emphasis)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def description(p: Certified) -> str:
    """The placeholder description: what the list says, and that details and photos are coming."""
    text = (
        f"{_md(p.name)} là sản phẩm OCOP {p.stars} sao của {_md(p.producer_name)}, được công nhận theo Quyết định số "
        f"{_md(p.decision)} ngày {p.date:%d/%m/%Y} của {_md(p.issuer)}.\n\n"
        "*Thông tin chi tiết và ảnh chụp sản phẩm đang được cập nhật. Hồ sơ này được lập tự động từ danh sách "
        "sản phẩm OCOP được công nhận; ảnh hiện tại là ảnh minh họa.*"
    )
    if p.source_url:
        host = re.sub(r"^https://", "", p.source_url).split("/")[0]
        text += f"\n\nNguồn: [{_md(host)}]({p.source_url})"
    return text + "\n"


def product_text(rid: str, p: Certified, origin: str) -> str:
    """A product record; ``origin`` says which list and row it came from."""
    text = Text(
        [
            "yaml-language-server: $schema=../../../schema/product.schema.json",
            f"NHẬP TỪ DANH SÁCH bằng `ocop import`: {origin}.",
            "Cần bổ sung mô tả chi tiết, ảnh chụp thật và các trường không bắt buộc (quy cách, giá, nơi mua, truy xuất).",
            "Imported from a certification list: add a real description and photos.",
        ]
    )
    text.fields({"id": rid, "name": p.name, "stars": p.stars, "group": p.group, "producer": p.producer_id})
    text.blank().field("description", description(p))
    text.blank().comment(f"{FILL_MARK}: ảnh dưới đây là ẢNH MINH HỌA do máy tạo; thay bằng ảnh chụp thật của sản phẩm.")
    text.field("images", [f"{IMAGE_DIR}/{rid}.jpg"])
    text.blank().field("certificate", {"decision": p.decision, "date": p.date, "issuer": p.issuer})
    text.blank().key("origin").field("commune", p.commune, comment=p.commune_note, depth=1)
    return str(text)


def producer_text(p: NewProducer, origin: str) -> str:
    """A new producer's record, its address from the list."""
    text = Text(
        [
            "yaml-language-server: $schema=../../../schema/producer.schema.json",
            f"NHẬP TỪ DANH SÁCH bằng `ocop import`: {origin}. Địa chỉ lấy từ danh sách.",
            "Cần bổ sung người đại diện, liên hệ và giới thiệu.",
            "Created by an import: add the representative, contacts and description.",
        ]
    )
    text.fields({"id": p.id, "name": p.name, "kind": p.kind}).key("address")
    text.field("commune", p.commune, comment=commune_name(p.commune), depth=1)
    text.field("street", p.street or None, depth=1)
    return str(text)


def problems_of(text: str, kind: str, today: dt.date) -> list[Reason]:
    """The problems ``ocop check`` would find in one record's text, before it is written."""
    record = parse(text, "new")
    found = check_local(record, kind)
    if kind == "product":
        found += check_product_rules(record, today)
    return [(f"{p.field}: {p.vi}", f"{p.field}: {p.en}") for p in found]


def create(path: Path, data: bytes) -> None:
    """Write a new file; an existing one is never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as f:
        f.write(data)
