"""The record schemas, as JSON Schema (draft 2020-12).

The same dictionaries validate records in the build and are published as
``schema/*.schema.json`` so that editors (VS Code's YAML extension, the GitHub
web editor with a language server) check records while they are typed.

``x-vi`` / ``x-en`` hold the plain message shown when a value breaks that
sub-schema; the validator falls back to a generic message per keyword.
"""

from __future__ import annotations

from typing import Any

from .links import MARKETPLACES

SCHEMA_BASE = "https://ocop.example/schema/"

GROUPS: dict[str, tuple[str, str, str]] = {
    # enum value: (URL slug, Vietnamese label, English label)
    "food": ("thuc-pham", "Thực phẩm", "Food"),
    "drinks": ("do-uong", "Đồ uống", "Drinks"),
    "herbal": ("thao-duoc", "Thảo dược", "Herbal products"),
    "crafts": ("thu-cong-my-nghe", "Thủ công mỹ nghệ", "Handicrafts"),
    "ornamental": ("sinh-vat-canh", "Sinh vật cảnh", "Ornamental plants and animals"),
    "tourism": ("du-lich-cong-dong", "Dịch vụ du lịch cộng đồng", "Community tourism"),
}

PRODUCER_KINDS: dict[str, tuple[str, str]] = {
    "cooperative": ("Hợp tác xã", "Cooperative"),
    "enterprise": ("Doanh nghiệp", "Enterprise"),
    "household": ("Hộ kinh doanh", "Household business"),
    "cooperative-group": ("Tổ hợp tác", "Cooperative group"),
}

# Where to buy: the marketplaces (whose links must go to their own hosts, see links.py), then
# a producer's own shop and any other seller, which may be any https site.
SHOP_KINDS: dict[str, tuple[str, str]] = {
    **{kind: (vi, en) for kind, (vi, en, _hosts) in MARKETPLACES.items()},
    "shop": ("Cửa hàng của chủ thể", "Producer's own shop"),
    "other": ("Nơi bán khác", "Other seller"),
}

# A box around Vietnam and its islands, as (latitude range, longitude range). Extreme points from
# the Government's geography of Vietnam: north Lũng Cú 23°23′N, west A Pa Chải 102°08′E; the
# Hoàng Sa (Paracel) archipelago 15°45′–17°15′N, 111°–113°E and the Trường Sa (Spratly)
# archipelago 6°50′–12°N, 111°20′–117°20′E; south of the mainland Mũi Cà Mau 8°34′N. Rounded out.
VIETNAM_BOX = ((6.5, 23.5), (102.0, 117.5))

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# A date, a month (2024-03) or a year: traceability steps are often known only roughly.
LOOSE_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
COMMUNE_PATTERN = r"^\d{5}$"
PHONE_PATTERN = r"^(0|\+84)(\d{9}|\d{2} \d{3,4} \d{3,4}|\d{3} \d{3} \d{3,4})$"
HTTPS_PATTERN = r"^https://[^\s/?#]+\.[^\s/?#]+([/?#][^\s]*)?$"


def _text(max_length: int, vi: str = "", en: str = "") -> dict[str, Any]:
    s: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": max_length}
    if vi:
        s["description"] = f"{vi} / {en}"
    return s


_ID = {
    "type": "string",
    "minLength": 3,
    "maxLength": 24,
    "pattern": ID_PATTERN,
    "x-vi": "mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, dài 3–24 ký tự (ví dụ hn-001)",
    "x-en": "an id has lowercase ASCII letters, digits and hyphens only, 3–24 characters (e.g. hn-001)",
}
_DATE = {
    "type": "string",
    "pattern": DATE_PATTERN,
    "x-vi": "ngày phải viết dạng NĂM-THÁNG-NGÀY, ví dụ 2024-05-31",
    "x-en": "a date is written YEAR-MONTH-DAY, e.g. 2024-05-31",
}
_LOOSE_DATE = {
    "type": "string",
    "pattern": LOOSE_DATE_PATTERN,
    "x-vi": "thời gian viết dạng 2024-05-31, 2024-05 hoặc 2024",
    "x-en": "a time is written 2024-05-31, 2024-05 or 2024",
}
_COMMUNE = {
    "type": "string",
    "pattern": COMMUNE_PATTERN,
    "x-vi": 'mã xã/phường là 5 chữ số theo danh mục 2025, đặt trong ngoặc kép, ví dụ "00004"',
    "x-en": 'a commune code is the 5-digit 2025 code, in quotes, e.g. "00004"',
}
_HTTPS = {
    "type": "string",
    "maxLength": 500,
    "pattern": HTTPS_PATTERN,
    "x-link": True,  # judged by links.judge_link: the host shown must be where the link goes
    "x-vi": "liên kết phải là địa chỉ web đầy đủ bắt đầu bằng https://",
    "x-en": "a link must be a full web address starting with https://",
}
_PHONE = {
    "type": "string",
    "pattern": PHONE_PATTERN,
    "x-vi": 'số điện thoại Việt Nam gồm 10 chữ số bắt đầu bằng 0 (hoặc +84), đặt trong ngoặc kép, ví dụ "0912345678"',
    "x-en": 'a Vietnamese phone number has 10 digits starting with 0 (or +84), in quotes, e.g. "0912345678"',
}
_EMAIL = {
    "type": "string",
    "maxLength": 254,
    "pattern": r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$",
    "x-vi": "địa chỉ email không đúng dạng, ví dụ lienhe@htx.vn",
    "x-en": "not a valid email address, e.g. lienhe@htx.vn",
}


def _enum(values: dict[str, Any]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    s: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        s["required"] = required
    return s


PRODUCT: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_BASE + "product.schema.json",
    "title": "Sản phẩm OCOP / OCOP product",
    **_object(
        {
            "id": {**_ID, "description": "Mã vĩnh viễn, in trên mã QR / permanent id, printed in the QR code"},
            "name": _text(150, "Tên sản phẩm", "product name"),
            "stars": {
                "type": "integer",
                "enum": [3, 4, 5],
                "x-vi": "hạng sao phải là 3, 4 hoặc 5",
                "x-en": "stars must be 3, 4 or 5",
            },
            "group": {**_enum(GROUPS), "description": "Nhóm sản phẩm OCOP / OCOP product group"},
            "producer": {**_ID, "description": "Mã chủ thể / producer id"},
            "description": _text(5000, "Mô tả (Markdown đơn giản)", "description (simple Markdown)"),
            "images": {
                "type": "array",
                "minItems": 1,
                "maxItems": 8,
                "items": {
                    "type": "string",
                    "pattern": r"^[^/\\][^\\]*\.(jpg|jpeg|png|webp|JPG|JPEG|PNG|WEBP)$",
                    "x-vi": "ảnh là đường dẫn tương đối tới tệp .jpg, .png hoặc .webp trong thư mục của hồ sơ",
                    "x-en": "an image is a relative path to a .jpg, .png or .webp file in the record's folder",
                },
            },
            "certificate": _object(
                {
                    "decision": _text(80, "Số quyết định", "decision number"),
                    "date": _DATE,
                    "issuer": _text(200, "Cơ quan cấp (giữ tên tại thời điểm cấp)", "issuing body, as named then"),
                    "valid_until": _DATE,
                    "score": _object(
                        {
                            "total": {"type": "integer", "minimum": 0, "maximum": 100},
                            "a": {"type": "integer", "minimum": 0, "maximum": 40},
                            "b": {"type": "integer", "minimum": 0, "maximum": 25},
                            "c": {"type": "integer", "minimum": 0, "maximum": 35},
                        },
                        ["total"],
                    ),
                },
                ["decision", "date", "issuer"],
            ),
            "origin": _object(
                {
                    "commune": _COMMUNE,
                    "place": _text(200, "Thôn, bản, vùng nguyên liệu", "village or growing area"),
                    "coordinates": {
                        "type": "array",
                        "items": {"type": "number"},
                        "minItems": 2,
                        "maxItems": 2,
                        "x-vi": "tọa độ viết [vĩ độ, kinh độ], ví dụ [21.03, 105.85]",
                        "x-en": "coordinates are [latitude, longitude], e.g. [21.03, 105.85]",
                    },
                },
                ["commune"],
            ),
            "packaging": _text(200, "Quy cách đóng gói", "packaging"),
            "net_weight": _text(60, "Khối lượng/thể tích tịnh", "net weight or volume"),
            "shelf_life": _text(60, "Hạn sử dụng", "shelf life"),
            "ingredients": _text(1000, "Thành phần", "ingredients"),
            "price": _object(
                {
                    "amount": {"type": "integer", "minimum": 0, "maximum": 1_000_000_000},
                    "unit": _text(40, "Đơn vị tính", "per unit"),
                },
                ["amount"],
            ),
            "buy": {
                "type": "array",
                "maxItems": 10,
                "items": _object(
                    {"kind": _enum(SHOP_KINDS), "url": _HTTPS, "label": _text(80)},
                    ["kind", "url"],
                ),
            },
            "traceability": {
                "type": "array",
                "maxItems": 30,
                "items": _object(
                    {
                        "stage": _text(120, "Công đoạn", "stage"),
                        "date": _LOOSE_DATE,
                        "until": _LOOSE_DATE,
                        "place": _text(200),
                        "actor": _text(200),
                        "details": _text(1000),
                        "evidence": _text(300, "Chứng nhận, ví dụ VietGAP", "evidence, e.g. VietGAP"),
                    },
                    ["stage", "date"],
                ),
            },
            "status": {"type": "string", "enum": ["active", "withdrawn"]},
            "withdrawn": _object(
                {"date": _DATE, "reason": _text(500, "Lý do thu hồi", "reason")},
                ["date", "reason"],
            ),
        },
        ["id", "name", "stars", "group", "producer", "description", "images", "certificate", "origin"],
    ),
}

PRODUCER: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_BASE + "producer.schema.json",
    "title": "Chủ thể OCOP / OCOP producer",
    **_object(
        {
            "id": _ID,
            "name": _text(200, "Tên chủ thể", "producer name"),
            "kind": {**_enum(PRODUCER_KINDS), "description": "Loại hình / kind"},
            "address": _object(
                {"commune": _COMMUNE, "street": _text(200, "Số nhà, thôn, ấp", "street, hamlet")},
                ["commune"],
            ),
            "representative": _text(120, "Người đại diện", "representative"),
            "contacts": _object(
                {"phone": _PHONE, "zalo": _PHONE, "email": _EMAIL, "website": _HTTPS},
            ),
            "description": _text(5000, "Giới thiệu (Markdown đơn giản)", "description (simple Markdown)"),
        },
        ["id", "name", "kind", "address"],
    ),
}

SCHEMAS = {"product": PRODUCT, "producer": PRODUCER}
