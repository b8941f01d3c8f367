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

# The six product groups of QĐ 148/QĐ-TTg (24 Feb 2023), Appendix I, under their official names. Record
# values and URL slugs stay as first published, so records and links keep working.
GROUPS: dict[str, tuple[str, str, str]] = {
    # enum value: (URL slug, Vietnamese label, English label)
    "food": ("thuc-pham", "Thực phẩm", "Food"),
    "drinks": ("do-uong", "Đồ uống", "Drinks"),
    "herbal": ("thao-duoc", "Dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herbal products"),
    "crafts": ("thu-cong-my-nghe", "Hàng thủ công mỹ nghệ", "Handicrafts"),
    "ornamental": ("sinh-vat-canh", "Sinh vật cảnh", "Ornamental plants and animals"),
    "tourism": (
        "du-lich-cong-dong",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Community tourism, ecotourism and tourist sites",
    ),
}
# Earlier names officers may still write; the message says which value to use instead.
GROUP_ALIASES = {"medicinal": "herbal", "handicrafts": "crafts", "community-tourism": "tourism"}

# The three parts of the OCOP score (QĐ 148/QĐ-TTg): A. product and community strength (40 points),
# B. product development and marketing (25), C. product quality (35).
SCORE_PARTS: dict[str, tuple[int, str, str]] = {
    "a": (40, "sản phẩm và sức mạnh cộng đồng", "the product and the community's strength"),
    "b": (25, "khả năng tiếp thị", "marketing"),
    "c": (35, "chất lượng sản phẩm", "product quality"),
}

# Steps of a lot's story, as the Core Business Vocabulary (GS1 CBV 2.0) names them: an EPCIS document
# uses the value itself as its bizStep; the page shows the label.
LOT_STEPS: dict[str, tuple[str, str]] = {
    "commissioning": ("Sản xuất, tạo lô", "Production of the lot"),
    "inspecting": ("Kiểm tra, kiểm nghiệm", "Inspection or test"),
    "sampling": ("Lấy mẫu", "Sampling"),
    "packing": ("Đóng gói", "Packing"),
    "storing": ("Lưu kho", "Storage"),
    "shipping": ("Xuất hàng", "Shipping"),
    "transporting": ("Vận chuyển", "Transport"),
    "receiving": ("Nhận hàng", "Receiving"),
    "retail_selling": ("Bán lẻ", "Retail sale"),
    "other": ("Công đoạn khác", "Other step"),
}
RECIPIENT_KINDS: dict[str, tuple[str, str]] = {
    "distributor": ("Nhà phân phối", "Distributor"),
    "shop": ("Cửa hàng", "Shop"),
    "marketplace": ("Sàn thương mại điện tử", "Online marketplace"),
}
# The bodies that recognise 5-star products (QĐ 148/QĐ-TTg, art. 11): the Ministry, named
# "Bộ Nông nghiệp và Phát triển nông thôn" until the merger of March 2025 and "Bộ Nông nghiệp và Môi
# trường" since. Compared without marks or case.
NATIONAL_ISSUERS = ("bo nong nghiep va phat trien nong thon", "bo nong nghiep va moi truong")

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
DOCUMENT_PATTERN = r"^(https://\S+|tai-lieu/[^\\]+\.(pdf|jpg|jpeg|png|webp|PDF|JPG|JPEG|PNG|WEBP))$"
TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$"


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


_DOCUMENT = {
    "type": "string",
    "maxLength": 500,
    "pattern": DOCUMENT_PATTERN,
    "x-vi": "tài liệu là tệp .pdf, .jpg, .png hoặc .webp trong thư mục tai-lieu/ (ví dụ tai-lieu/qd-1234.pdf) "
    "hoặc một địa chỉ https://",
    "x-en": "a document is a .pdf, .jpg, .png or .webp file in the tai-lieu/ folder (e.g. tai-lieu/qd-1234.pdf) "
    "or an https:// address",
}
_TIME = {
    "type": "string",
    "pattern": TIME_PATTERN,
    "x-vi": "thời điểm viết dạng 2026-08-08 hoặc 2026-08-08T07:30 (giờ Việt Nam)",
    "x-en": "a time is written 2026-08-08 or 2026-08-08T07:30 (Vietnam time)",
}
_GTIN = {
    "type": "string",
    "pattern": r"^[0-9]{8,14}$",
    "x-vi": 'GTIN (mã số mã vạch) là 8, 12, 13 hoặc 14 chữ số, đặt trong ngoặc kép, ví dụ "8930000000019"',
    "x-en": 'a GTIN (barcode number) has 8, 12, 13 or 14 digits, in quotes, e.g. "8930000000019"',
}
_QUANTITY = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "amount": {"type": "number", "exclusiveMinimum": 0, "maximum": 1_000_000_000},
        "unit": _text(40, "Đơn vị, ví dụ hộp, kg", "unit, e.g. box, kg"),
    },
    "required": ["amount", "unit"],
}


def _english(properties: dict[str, Any]) -> dict[str, Any]:
    """A record's optional ``en:`` mapping (english.py): the English of its text fields, same names, same places."""
    return {
        **_object(properties),
        "description": "Bản tiếng Anh (tùy chọn) của các trường chữ, cùng tên và cùng chỗ; tên không dịch / "
        "optional English of the text fields, under the same names; names are not translated",
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
            "gtin": {**_GTIN, "description": "Mã số mã vạch GS1 (GTIN) / the GS1 barcode number"},
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
                    "document": {
                        **_DOCUMENT,
                        "description": "Quyết định công nhận: tệp trong tai-lieu/ hoặc liên kết trên *.gov.vn / "
                        "the decision itself: a file in tai-lieu/ or a link on *.gov.vn",
                    },
                    "score": _object(
                        {
                            "total": {"type": "integer", "minimum": 0, "maximum": 100},
                            "a": {"type": "integer", "minimum": 0, "maximum": 40},
                            "b": {"type": "integer", "minimum": 0, "maximum": 25},
                            "c": {"type": "integer", "minimum": 0, "maximum": 35},
                            "criteria": {
                                "type": "array",
                                "maxItems": 60,
                                "description": "Điểm từng tiêu chí, như trong phiếu đánh giá / per-criterion scores",
                                "items": _object(
                                    {
                                        "part": {"type": "string", "enum": ["a", "b", "c"]},
                                        "name": _text(200, "Tên tiêu chí, như trong phiếu", "criterion, as named"),
                                        "score": {"type": "number", "minimum": 0, "maximum": 40},
                                        "max": {"type": "number", "exclusiveMinimum": 0, "maximum": 40},
                                    },
                                    ["part", "name", "score", "max"],
                                ),
                            },
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
            "en": _english(
                {
                    "description": _text(5000, "Mô tả bằng tiếng Anh (Markdown đơn giản)", "description in English"),
                    "ingredients": _text(1000, "Thành phần bằng tiếng Anh", "ingredients in English"),
                    "packaging": _text(200, "Quy cách bằng tiếng Anh", "packaging in English"),
                    "net_weight": _text(60, "Khối lượng tịnh bằng tiếng Anh", "net weight in English"),
                    "shelf_life": _text(60, "Hạn sử dụng bằng tiếng Anh", "shelf life in English"),
                    "withdrawn": _object({"reason": _text(500, "Lý do thu hồi bằng tiếng Anh", "reason in English")}),
                }
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
            "en": _english(
                {"description": _text(5000, "Giới thiệu bằng tiếng Anh", "description in English")},
            ),
        },
        ["id", "name", "kind", "address"],
    ),
}

_PLACE = _object(
    {"commune": _COMMUNE, "name": _text(200, "Tên nơi, ví dụ xưởng, kho", "place name, e.g. workshop, store")},
    ["commune"],
)

LOT: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_BASE + "lot.schema.json",
    "title": "Lô hàng OCOP / OCOP lot",
    **_object(
        {
            "id": {**_ID, "description": "Mã vĩnh viễn của lô, in trong mã QR / permanent lot id, in its QR code"},
            "product": {**_ID, "description": "Mã sản phẩm / product id"},
            "code": {
                "type": "string",
                "minLength": 1,
                "maxLength": 20,
                "x-lot": True,  # judged by gs1.lot_problem
                "description": "Số lô in trên bao bì (GS1 AI 10) / the lot number printed on the pack",
            },
            "produced": {**_DATE, "description": "Ngày sản xuất / production date"},
            "best_before": {**_DATE, "description": "Sử dụng tốt nhất trước / best before"},
            "expiry": {**_DATE, "description": "Hạn sử dụng / expiry date"},
            "quantity": _QUANTITY,
            "events": {
                "type": "array",
                "minItems": 1,
                "maxItems": 50,
                "items": _object(
                    {
                        "stage": _text(120, "Công đoạn", "stage"),
                        "step": {**_enum(LOT_STEPS), "description": "Loại công đoạn (GS1 CBV) / the step, as CBV"},
                        "time": _TIME,
                        "place": _PLACE,
                        "actor": _text(200, "Người hoặc đơn vị làm", "who did it"),
                        "details": _text(1000),
                        "evidence": _DOCUMENT,
                    },
                    ["stage", "step", "time", "place", "actor"],
                ),
            },
            "inputs": {
                "type": "array",
                "maxItems": 30,
                "description": "Một bước trước: nguyên liệu và nơi cung cấp / one step back: inputs and suppliers",
                "items": _object(
                    {
                        "what": _text(200, "Nguyên liệu", "input"),
                        "supplier": _text(200, "Nơi cung cấp", "supplier"),
                        "product": {**_ID, "description": "Mã sản phẩm OCOP của nguyên liệu / its product id"},
                        "lot": {**_ID, "description": "Mã lô trong danh mục / its lot id in the catalogue"},
                        "quantity": _QUANTITY,
                    },
                    ["what", "supplier"],
                ),
            },
            "recipient": _object(
                {
                    "name": _text(200, "Nơi nhận đầu tiên", "first recipient"),
                    "kind": _enum(RECIPIENT_KINDS),
                    "commune": _COMMUNE,
                    "url": _HTTPS,
                },
                ["name", "kind"],
            ),
            "recall": _object(
                {
                    "date": _DATE,
                    "reason": _text(500, "Lý do thu hồi", "reason"),
                    "action": _text(500, "Người mua cần làm gì", "what buyers should do"),
                },
                ["date", "reason", "action"],
            ),
            "en": _english(
                {
                    "recall": _object(
                        {
                            "reason": _text(500, "Lý do thu hồi bằng tiếng Anh", "reason in English"),
                            "action": _text(500, "Người mua cần làm gì, bằng tiếng Anh", "what to do, in English"),
                        }
                    )
                }
            ),
        },
        ["id", "product", "code", "produced", "events"],
    ),
}

SCHEMAS = {"product": PRODUCT, "producer": PRODUCER, "lot": LOT}
