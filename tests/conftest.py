"""Shared fixtures: a tiny valid catalogue written into a temporary folder."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"

PRODUCER = """\
# yaml-language-server: $schema=../../../schema/producer.schema.json
id: hn-htx-test
name: Hợp tác xã Thử Nghiệm
kind: cooperative
address:
  commune: "00004"
  street: Thôn 1
representative: Nguyễn Văn An
contacts:
  phone: "0912345678"
  email: lienhe@htx.vn
description: Hợp tác xã **thử nghiệm**.
"""

PRODUCT = """\
# yaml-language-server: $schema=../../../schema/product.schema.json
id: hn-001
name: Chè thử nghiệm
stars: 4
group: drinks
producer: hn-htx-test
description: |
  Chè xanh *thơm*.
images:
  - anh/che.jpg
certificate:
  decision: "123/QĐ-UBND"
  date: "2025-03-10"
  issuer: UBND Thành phố Hà Nội
  score:
    total: 75
    a: 30
    b: 20
    c: 25
origin:
  commune: "00004"
  place: Thôn 1
  coordinates: [21.03, 105.85]
traceability:
  - stage: Thu hái
    date: "2025-01"
  - stage: Chế biến
    date: "2025-02-01"
"""


def jpeg_bytes(
    width: int = 640, height: int = 480, color: tuple[int, int, int] = (120, 160, 90), **save: object
) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "JPEG", **save)
    return buf.getvalue()


def write_catalogue(root: Path, product: str = PRODUCT, producer: str = PRODUCER) -> Path:
    """A one-product catalogue under root/products; returns the products folder."""
    products = root / "products"
    (products / "ha-noi" / "san-pham" / "anh").mkdir(parents=True)
    (products / "ha-noi" / "chu-the").mkdir(parents=True)
    (products / "ha-noi" / "chu-the" / "hn-htx-test.yml").write_text(textwrap.dedent(producer), encoding="utf-8")
    (products / "ha-noi" / "san-pham" / "hn-001.yml").write_text(textwrap.dedent(product), encoding="utf-8")
    (products / "ha-noi" / "san-pham" / "anh" / "che.jpg").write_bytes(jpeg_bytes())
    return products


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    return write_catalogue(tmp_path)
