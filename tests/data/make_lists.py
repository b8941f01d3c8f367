"""Write the made-up annex lists used by tests/test_importer.py (run once; the outputs are committed).

Every product, producer and decision number here is invented; commune and district names are real
(pre-2025 and 2025 lists) because the test is about mapping them. Run: python3 tests/data/make_lists.py
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
DECISION = "9999/QĐ-UBND"
ISSUER = "UBND thành phố Hà Nội"
DAY = dt.datetime(2024, 10, 15)

HA_NOI = [
    # STT, name, producer, address, stars, decision, date, issuer
    ("I", "NHÓM THỰC PHẨM"),
    (1, "Bánh tẻ Phú Nghĩa", "HTX Nông nghiệp Phú Nghĩa Xanh", "Thôn Yên Kiện, xã Phú Nghĩa, huyện Chương Mỹ", 3),
    (2, "Giò chả Vạn Phúc", "Hộ kinh doanh Lê Thị Hạnh", "Phường Vạn Phúc, quận Hà Đông", 4),
    (3, "Ô mai Cống Vị", "Công ty TNHH Ô mai Phố Cổ Thử Nghiệm", "Phường Cống Vị, quận Ba Đình", 4),
    (4, "Chè thử nghiệm", "HTX Thử Nghiệm", "Phường Ba Đình", 4),
    (5, "Mật ong thử nghiệm", "Hợp tác xã Thử nghiệm", "Phường Ba Đình, Thành phố Hà Nội", "4 sao"),
    (6, "Miến dong Minh Hồng", "Nguyễn Văn Bình", "Xã Phú Nghĩa", 3),
    (7, "Cốm chưa xếp hạng", "HTX Cốm Thử Nghiệm", "Phường Từ Liêm", None),
    ("II", "NHÓM ĐỒ UỐNG"),
    (8, "Rượu nếp cái hoa vàng", "Công ty cổ phần Rượu Thử Nghiệm", "Xã Bát Tràng", 4),
    (9, "Trà sen thử nghiệm", "Công ty TNHH Sen Thử Nghiệm", "Xã Bát Tràng, huyện Gia Lâm", 5),
    ("III", "NHÓM THỦ CÔNG MỸ NGHỆ"),
    (10, "Bình gốm men rạn", "Tổ hợp tác Gốm Giang Cao", "Thôn Giang Cao, xã Bát Tràng", 4, DECISION, "15/10/2024"),
    (11, "Khô ếch Minh Nhựt", "DN Minh Nhựt", "Xã Thông Hòa, huyện Cầu Kè, tỉnh Trà Vinh", 3),
    (12, "Bình gốm men rạn", "THT Gốm Giang Cao", "Thôn Giang Cao, xã Bát Tràng", 4),
    ("Tổng cộng: 12 sản phẩm",),
]


def ha_noi_xlsx() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC"])
    ws.append(["DANH SÁCH SẢN PHẨM ĐẠT CHỨNG NHẬN OCOP (DỮ LIỆU THỬ NGHIỆM, HƯ CẤU)"])
    ws.append([f"(Kèm theo Quyết định số {DECISION} ngày 15/10/2024 của {ISSUER})"])
    ws.append([])
    ws.append(
        ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao", "Số quyết định", "Ngày quyết định", "Cơ quan cấp"]
    )
    for row in HA_NOI:
        if len(row) < 3:
            ws.append(list(row))
            continue
        stt, name, producer, address, stars, *rest = row
        decision, date = (rest + [DECISION, DAY])[:2]
        ws.append([stt, name, producer, address, stars, decision, date, ISSUER])
    for cell in ws["G"]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "DD/MM/YYYY"
    wb.properties.creator = "ocop tests"
    wb.save(HERE / "danh-sach-ha-noi.xlsx")


def vinh_long_csv() -> None:
    """Vietnamese headers typed without diacritics, ';' separated, UTF-8 with BOM: an Excel export."""
    rows = [
        ["STT", "Ten san pham", "Ten chu the", "Dia chi", "Hang sao", "Nhom san pham", "So quyet dinh", "Ngay QD"],
        [
            "1",
            "Kẹo dừa Sơn Định",
            "Cơ sở kẹo dừa Thử Nghiệm",
            "Ấp Sơn Phú, xã Sơn Định, huyện Chợ Lách, tỉnh Bến Tre",
            "3",
            "Thực phẩm",
            "1114/QĐ-UBND ngày 06/04/2021",
            "",
        ],
        [
            "2",
            "Cây giống Chợ Lách",
            "HTX Cây giống Thử Nghiệm",
            "Thị trấn Chợ Lách, huyện Chợ Lách",
            "4",
            "Sinh vật cảnh",
            "2050/QĐ-UBND",
            "15/09/2022",
        ],
        [
            "3",
            "Rượu dừa Phú Sơn",
            "Hợp tác xã Cây giống Thử nghiệm",
            "xã Phú Sơn, huyện Chợ Lách",
            "3",
            "Đồ uống",
            "2050/QĐ-UBND",
            "15/09/2022",
        ],
        [
            "4",
            "Bánh phồng Phường 9",
            "Hộ Nguyễn Văn Tư",
            "Phường 9, TP Vĩnh Long, tỉnh Vĩnh Long",
            "0",
            "Thực phẩm",
            "2050/QĐ-UBND",
            "15/09/2022",
        ],
        [
            "5",
            "Trà mãng cầu",
            "Công ty TNHH Trà Thử Nghiệm",
            "Xã Chợ Lách",
            "5",
            "Nông sản",
            "2050/QĐ-UBND",
            "15/09/2022",
        ],
        [
            "6",
            "Mật ong hoa nhãn",
            "HTX Ong Thử Nghiệm",
            "xã Tân Thiềng, huyện Chợ Lách",
            "4",
            "Thực phẩm",
            "2050/QĐ-UBND",
            "31/02/2022",
        ],
    ]
    with open(HERE / "danh-sach-vinh-long.csv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)


def english_csv() -> None:
    rows = [
        [
            "No",
            "Product name",
            "Producer",
            "Address",
            "Stars",
            "Group",
            "Decision number",
            "Decision date",
            "Issued by",
            "Province",
        ],
        [
            "1",
            "Cà phê thử nghiệm",
            "Test Coffee Co Ltd",
            "Xã Bình Kiến, TP Tuy Hòa",
            "4",
            "Food",
            "123/QĐ-UBND",
            "2023-05-10",
            "UBND tỉnh Phú Yên",
            "Phú Yên",
        ],
        [
            "2",
            "Trà thảo dược thử nghiệm",
            "Test Herbal Cooperative",
            "Phường Hòa Hiệp Nam, TX Đông Hòa",
            "3",
            "Herbal products",
            "123/QĐ-UBND",
            "2023-05-10",
            "UBND tỉnh Phú Yên",
            "Phú Yên",
        ],
        [
            "3",
            "Nước mắm thử nghiệm",
            "Test Fish Sauce Co Ltd",
            "thị trấn Dương Đông, huyện Phú Quốc",
            "4",
            "food",
            "77/QĐ-UBND",
            "2022-03-01",
            "UBND tỉnh Kiên Giang",
            "Kiên Giang",
        ],
        [
            "4",
            "Homestay thử nghiệm",
            "Test Tourism Co Ltd",
            "xã Bình Ngọc, TP Tuy Hòa",
            "3",
            "Community tourism",
            "123/QĐ-UBND",
            "2023-05-10",
            "UBND tỉnh Phú Yên",
            "Phú Yên",
        ],
    ]
    with open(HERE / "list-english.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


# A consolidated list after the 2025 merger: the decision cells say "…/QĐ-UBND ngày …" and nothing says who
# issued them; sections name groups outright ("I. NHÓM THỰC PHẨM"), by words ("II. RƯỢU, BIA…") or not at all.
VL_2026 = "3981/QĐ-UBND ngày 05/08/2026"
PORTAL = "https://congthongtin.vinhlong.example/ocop/2026/dot-1"  # a made-up province portal page
VINH_LONG_2026 = [
    # STT, name, producer, address, stars, decision, source
    ("I", "NHÓM THỰC PHẨM"),
    (1, "Kẹo dừa sáp lá dứa", "Cơ sở kẹo dừa Thử Nghiệm", "Phường Sơn Đông", 4, VL_2026, PORTAL),
    (2, "Chè bưởi Tân Quới", "Hộ kinh doanh Chè bưởi Thử Nghiệm", "Ấp Tân Qui, xã Tân Quới", 3, VL_2026, ""),
    (
        3,
        "Bánh tét lá cẩm",
        "Hộ kinh doanh Bánh tét Thử Nghiệm",
        "Xã Long Hòa, huyện Châu Thành, tỉnh Trà Vinh",
        4,
        "1520/QĐ-UBND ngày 12/06/2024",
        "",
    ),
    (
        4,
        "Mắm cá lóc Tiên Thủy",
        "Cơ sở mắm Thử Nghiệm",
        "Ấp 3, xã Tiên Thủy, huyện Châu Thành, tỉnh Bến Tre",
        3,
        "2718/QĐ-UBND ngày 20/12/2024",
        "",
    ),
    ("II", "RƯỢU, BIA VÀ NƯỚC GIẢI KHÁT"),
    (
        5,
        "Rượu dừa Phú Túc",
        "HTX Rượu Thử Nghiệm",
        "xã Phú Túc, huyện Châu Thành, tỉnh Bến Tre",
        3,
        VL_2026,
        "https://github.com/example-org/ocop-data/blob/main/vinh-long.csv",
    ),
    (6, "Nước cốt gừng mật ong", "Công ty TNHH Nước gừng Thử Nghiệm", "Xã Cầu Kè", 4, VL_2026, ""),
    ("III", "NHÓM THỦ CÔNG MỸ NGHỆ"),
    (7, "Chiếu lác Long Hòa", "Tổ hợp tác chiếu Thử Nghiệm", "Xã Long Hòa", 3, VL_2026, ""),
    ("IV", "SẢN PHẨM KHÁC"),
    (
        8,
        "Nước mắm cá linh",
        "Cơ sở nước mắm Thử Nghiệm",
        "Phường Phú Khương",
        4,
        VL_2026,
        "https://raw.githubusercontent.com/example-org/ocop-data/main/vinh-long.csv",
    ),
    (9, "Trà đinh lăng túi lọc", "Công ty TNHH Trà Thử Nghiệm", "Xã Trà Côn", 3, VL_2026, ""),
    (
        10,
        "Homestay miệt vườn An Bình",
        "Hộ kinh doanh Homestay Thử Nghiệm",
        "Xã An Bình, huyện Long Hồ",
        3,
        VL_2026,
        "",
    ),
    (11, "Mai vàng bonsai", "HTX Hoa kiểng Thử Nghiệm", "Xã Hiếu Thành", 4, VL_2026, ""),
    (12, "Tinh dầu tràm", "Công ty TNHH Tinh dầu Thử Nghiệm", "Xã Lộc Thuận", 3, VL_2026, ""),
    (13, "Nước rửa chén sinh học", "Hộ kinh doanh Sinh học Thử Nghiệm", "Xã Lộc Thuận", 3, VL_2026, ""),
    (14, "Bánh pía đậu xanh", "Cơ sở bánh pía Thử Nghiệm", "Huyện Long Hồ", 3, "1850/QĐ-UBND ngày 15/03/2025", ""),
    ("Tổng số: 14 sản phẩm",),
]


def vinh_long_2026_csv() -> None:
    """A province's annex with Vietnamese headers, title rows, section rows and decision cells that carry
    their date but no issuer: imported with no --issuer and no --decision-date."""
    rows: list[list[object]] = [
        ["PHỤ LỤC"],
        ["DANH SÁCH SẢN PHẨM OCOP CÒN HIỆU LỰC TRÊN ĐỊA BÀN TỈNH VĨNH LONG (DỮ LIỆU THỬ NGHIỆM, HƯ CẤU)"],
        [f"(Kèm theo Quyết định số {VL_2026} của UBND tỉnh Vĩnh Long)"],
        [],
        ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao", "Quyết định công nhận", "Nguồn"],
    ]
    for row in VINH_LONG_2026:
        rows.append(list(row) + [""] * (7 - len(row)))
    with open(HERE / "danh-sach-vinh-long-2026.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


if __name__ == "__main__":
    ha_noi_xlsx()
    vinh_long_csv()
    english_csv()
    vinh_long_2026_csv()
