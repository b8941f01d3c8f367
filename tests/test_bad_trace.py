"""Bad input for traceability (issue 11): GTINs, lot records, certificates and their documents.

Same machinery as test_bad_input.py: each case changes the valid one-product catalogue in one
way and asserts the file, line, field and words an officer reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_bad_input import Case, both, replace, run_case, write_bytes

LOT_FILE = "ha-noi/san-pham/lo/hn-001-l1.yml"
LOT = """\
id: hn-001-l1
product: hn-001
code: HN001-1
produced: "2026-08-08"
best_before: "2027-08-08"
quantity:
  amount: 200
  unit: hộp
events:
  - stage: Chế biến
    step: commissioning
    time: "2026-08-08T07:30"
    place:
      commune: "00004"
      name: Xưởng
    actor: Hợp tác xã Thử Nghiệm
  - stage: Đóng gói
    step: packing
    time: "2026-08-09"
    place:
      commune: "00004"
    actor: Hợp tác xã Thử Nghiệm
"""
# Line numbers in LOT: 1 id, 2 product, 3 code, 4 produced, 5 best_before, 9 events, 11 step, 12 time,
# 14 commune, 16 actor, 19 second time; 22 lines in all.


def lot(text: str = LOT, file: str = LOT_FILE) -> object:
    return write_bytes(file, text.encode())


def lot_with(old: str, new: str) -> object:
    assert old in LOT, old
    return lot(LOT.replace(old, new, 1))


GTIN_AFTER_PRODUCER = "producer: hn-htx-test\n"
FIVE_STARS = both(
    replace("stars: 4", "stars: 5"),
    replace("    total: 75\n    a: 30\n    b: 20\n    c: 25", "    total: 92\n    a: 37\n    b: 22\n    c: 33"),
)
CRITERIA = """    c: 25
    criteria:
      - part: a
        name: Tổ chức sản xuất
        score: 12
        max: 15
      - part: a
        name: Phát triển sản phẩm
        score: 8
        max: 10
"""

TRACE: list[Case] = [
    # GTINs
    Case(
        "gtin-check-digit",
        replace(GTIN_AFTER_PRODUCER, GTIN_AFTER_PRODUCER + 'gtin: "8930000000018"\n'),
        "hn-001.yml",
        7,
        "gtin",
        "số kiểm tra của GTIN sai: chữ số cuối phải là 9",
        "wrong GTIN check digit",
    ),
    Case(
        "gtin-length",
        replace(GTIN_AFTER_PRODUCER, GTIN_AFTER_PRODUCER + 'gtin: "8930000000"\n'),
        "hn-001.yml",
        7,
        "gtin",
        "GTIN dài 10 chữ số",
        "it must have 8, 12, 13 or 14",
    ),
    Case(
        "gtin-letters",
        replace(GTIN_AFTER_PRODUCER, GTIN_AFTER_PRODUCER + 'gtin: "893-0000-00001"\n'),
        "hn-001.yml",
        7,
        "gtin",
        "GTIN (mã số mã vạch) là 8, 12, 13 hoặc 14 chữ số",
        "a GTIN (barcode number)",
    ),
    Case(
        "gtin-control-valid",
        replace(GTIN_AFTER_PRODUCER, GTIN_AFTER_PRODUCER + 'gtin: "8930000000019"\n'),
        "",
        0,
        "",
        "",
        "",
    ),
    # The certificate: who may issue it, the score's criteria, the decision itself
    Case(
        "five-stars-from-a-province",
        FIVE_STARS,
        "hn-001.yml",
        14,
        "certificate.issuer",
        "sản phẩm 5 sao do Bộ công nhận",
        "a 5-star product is recognised by the Ministry",
    ),
    Case(
        "five-stars-from-the-ministry-control",
        both(FIVE_STARS, replace("issuer: UBND Thành phố Hà Nội", "issuer: Bộ Nông nghiệp và Môi trường")),
        "",
        0,
        "",
        "",
        "",
    ),
    Case(
        "criteria-do-not-add-up",
        replace("    c: 25\n", CRITERIA),
        "hn-001.yml",
        17,
        "certificate.score.a",
        "các tiêu chí phần A cộng lại được 20 điểm, khác điểm phần A = 30",
        "the criteria of part A add up to 20",
    ),
    Case(
        "criterion-above-its-maximum",
        replace("    c: 25\n", CRITERIA.replace("score: 8\n        max: 10", "score: 18\n        max: 10")),
        "hn-001.yml",
        27,
        "certificate.score.criteria[2].score",
        "điểm 18 lớn hơn điểm tối đa 10 của tiêu chí",
        "above the criterion's maximum of 10",
    ),
    Case(
        "decision-not-on-a-government-site",
        replace(
            "  issuer: UBND Thành phố Hà Nội\n",
            "  issuer: UBND Thành phố Hà Nội\n  document: https://ocop-tin-tuc.example/qd.pdf\n",
        ),
        "hn-001.yml",
        15,
        "certificate.document",
        "quyết định phải ở trang web của cơ quan nhà nước (tên miền .gov.vn)",
        "a .gov.vn host",
    ),
    Case(
        "decision-on-a-government-site-control",
        replace(
            "  issuer: UBND Thành phố Hà Nội\n",
            "  issuer: UBND Thành phố Hà Nội\n  document: https://sonnmt.hanoi.gov.vn/ocop/qd-123.pdf\n",
        ),
        "",
        0,
        "",
        "",
        "",
    ),
    Case(
        "decision-file-missing",
        replace(
            "  issuer: UBND Thành phố Hà Nội\n", "  issuer: UBND Thành phố Hà Nội\n  document: tai-lieu/qd-404.pdf\n"
        ),
        "hn-001.yml",
        15,
        "certificate.document",
        "không tìm thấy tệp tài liệu 'tai-lieu/qd-404.pdf'",
        "document file 'tai-lieu/qd-404.pdf' not found",
    ),
    Case(
        "decision-file-not-a-pdf",
        both(
            replace(
                "  issuer: UBND Thành phố Hà Nội\n",
                "  issuer: UBND Thành phố Hà Nội\n  document: tai-lieu/qd-123.pdf\n",
            ),
            write_bytes("ha-noi/san-pham/tai-lieu/qd-123.pdf", b"<html>not a pdf</html>"),
        ),
        "hn-001.yml",
        15,
        "certificate.document",
        "không phải tệp PDF hoàn chỉnh",
        "is not a whole PDF file",
    ),
    Case(
        "decision-in-another-folder",
        replace("  issuer: UBND Thành phố Hà Nội\n", "  issuer: UBND Thành phố Hà Nội\n  document: ../qd-123.pdf\n"),
        "hn-001.yml",
        15,
        "certificate.document",
        "tài liệu là tệp .pdf, .jpg, .png hoặc .webp trong thư mục tai-lieu/",
        "a document is a .pdf",
    ),
    Case(
        "group-by-an-older-name",
        replace("group: drinks", "group: medicinal"),
        "hn-001.yml",
        5,
        "group",
        "có phải 'herbal'?",
        "did you mean 'herbal'?",
    ),
    # Lot records
    Case("lot-control-valid", lot(), "", 0, "", "", ""),
    Case(
        "lot-code-accents",
        lot_with("code: HN001-1", "code: LÔ-1"),
        "hn-001-l1.yml",
        3,
        "code",
        "số lô có ký tự không thuộc bộ ký tự GS1 ('Ô')",
        "characters outside the GS1 set",
    ),
    Case(
        "lot-code-slash",
        lot_with("code: HN001-1", 'code: "HN/001"'),
        "hn-001-l1.yml",
        3,
        "code",
        "số lô có ký tự không dùng được trong địa chỉ trang (/)",
        "a page address cannot hold",
    ),
    Case(
        "lot-code-too-long",
        lot_with("code: HN001-1", "code: HN001-2026-08-08-LOT01"),
        "hn-001-l1.yml",
        3,
        "code",
        "tối đa 20 ký tự",
        "at most 20",
    ),
    Case(
        "lot-of-no-product",
        lot_with("product: hn-001", "product: hn-999"),
        "hn-001-l1.yml",
        2,
        "product",
        "không có sản phẩm mã 'hn-999'",
        "there is no product with id 'hn-999'",
    ),
    Case(
        "lot-in-another-province",
        lot(file="da-nang/san-pham/lo/hn-001-l1.yml"),
        "hn-001-l1.yml",
        2,
        "product",
        "lô phải nằm trong thư mục của tỉnh có sản phẩm (ha-noi/san-pham/lo/)",
        "a lot belongs in its product's province folder",
    ),
    Case(
        "lot-produced-in-the-future",
        lot_with('produced: "2026-08-08"', 'produced: "2027-01-01"'),
        "hn-001-l1.yml",
        4,
        "produced",
        "ngày sản xuất 2027-01-01 ở tương lai",
        "production date 2027-01-01 is in the future",
    ),
    Case(
        "lot-best-before-first",
        lot_with('best_before: "2027-08-08"', 'best_before: "2026-08-01"'),
        "hn-001-l1.yml",
        5,
        "best_before",
        "ngày sử dụng tốt nhất trước phải sau ngày sản xuất",
        "best_before must be after production",
    ),
    Case(
        "lot-event-time-not-real",
        lot_with('time: "2026-08-08T07:30"', 'time: "2026-02-30T07:30"'),
        "hn-001-l1.yml",
        12,
        "events[1].time",
        "thời điểm 2026-02-30T07:30 không có thật",
        "is not a real time",
    ),
    Case(
        "lot-event-time-form",
        lot_with('time: "2026-08-08T07:30"', 'time: "08/08/2026"'),
        "hn-001-l1.yml",
        12,
        "events[1].time",
        "thời điểm viết dạng 2026-08-08 hoặc 2026-08-08T07:30",
        "a time is written",
    ),
    Case(
        "lot-event-step-unknown",
        lot_with("step: commissioning", "step: harvesting"),
        "hn-001-l1.yml",
        11,
        "events[1].step",
        "giá trị 'harvesting' không hợp lệ",
        "'harvesting' is not allowed",
    ),
    Case(
        "lot-event-commune-unknown",
        lot_with('commune: "00004"\n      name: Xưởng', 'commune: "99999"\n      name: Xưởng'),
        "hn-001-l1.yml",
        14,
        "events[1].place.commune",
        "mã xã/phường '99999' không có trong danh mục 2025",
        "commune code '99999' is not in the 2025 list",
    ),
    Case(
        "lot-without-events",
        lot(LOT.split("events:")[0]),
        "hn-001-l1.yml",
        1,
        "events",
        "thiếu trường bắt buộc 'events'",
        "missing required field 'events'",
    ),
    Case(
        "lot-input-names-no-lot",
        lot(LOT + "inputs:\n  - what: Chè xanh\n    supplier: Hợp tác xã\n    lot: hn-001-l9\n"),
        "hn-001-l1.yml",
        26,
        "inputs[1].lot",
        "không có lô mã 'hn-001-l9' trong danh mục",
        "there is no lot with id 'hn-001-l9'",
    ),
    Case(
        "lot-input-lot-of-another-product",
        both(
            lot(LOT + "inputs:\n  - what: Chè xanh\n    supplier: HTX\n    product: hn-001\n    lot: hn-001-l2\n"),
            lot(
                LOT.replace("hn-001-l1", "hn-001-l2").replace("HN001-1", "HN001-2"), "ha-noi/san-pham/lo/hn-001-l2.yml"
            ),
            replace("hn-001", "hn-001"),
        ),
        "",
        0,
        "",
        "",
        "",
    ),
    Case(
        "lot-same-number-twice",
        both(lot(), lot(LOT.replace("id: hn-001-l1", "id: hn-001-l2"), "ha-noi/san-pham/lo/hn-001-l2.yml")),
        "hn-001-l2.yml",
        3,
        "code",
        "số lô 'HN001-1' đã dùng ở",
        "the lot number 'HN001-1' is already used in",
    ),
    Case(
        "lot-recipient-without-shipping",
        lot(LOT + "recipient:\n  name: Cửa hàng\n  kind: shop\n"),
        "hn-001-l1.yml",
        23,
        "recipient",
        "có nơi nhận nhưng chưa có công đoạn xuất hàng",
        "a recipient is given but no shipping event",
    ),
    Case(
        "lot-recall-in-the-future",
        lot(LOT + 'recall:\n  date: "2027-01-01"\n  reason: Ẩm mốc\n  action: Ngừng dùng\n'),
        "hn-001-l1.yml",
        24,
        "recall.date",
        "ngày thu hồi lô ở tương lai",
        "the recall date is in the future",
    ),
    Case(
        "lot-recall-without-advice",
        lot(LOT + 'recall:\n  date: "2026-10-01"\n  reason: Ẩm mốc\n'),
        "hn-001-l1.yml",
        24,
        "recall.action",
        "thiếu trường bắt buộc 'recall.action'",
        "missing required field 'recall.action'",
    ),
    Case(
        "lot-evidence-link-lies",
        lot_with(
            "    actor: Hợp tác xã Thử Nghiệm\n  - stage",
            "    actor: Hợp tác xã Thử Nghiệm\n    evidence: https://kiem-nghiem.gov.vn@evil.example/x.pdf\n  - stage",
        ),
        "hn-001-l1.yml",
        17,
        "events[1].evidence",
        "liên kết có tên người dùng trước dấu @",
        "the link has a user name before @",
    ),
    Case(
        "lot-evidence-file-missing",
        lot_with(
            "    actor: Hợp tác xã Thử Nghiệm\n  - stage",
            "    actor: Hợp tác xã Thử Nghiệm\n    evidence: tai-lieu/phieu.pdf\n  - stage",
        ),
        "hn-001-l1.yml",
        17,
        "events[1].evidence",
        "không tìm thấy tệp tài liệu 'tai-lieu/phieu.pdf'",
        "document file 'tai-lieu/phieu.pdf' not found",
    ),
]


@pytest.mark.parametrize("case", TRACE, ids=[c.name for c in TRACE])
def test_traceability_input_is_refused_with_a_plain_message(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)
