#!/usr/bin/env python3
"""Write the demonstration catalogue under products/.

Everything written here is invented: producers, people, phone numbers,
decision numbers and certificates. Village and commune names are real (they
come from ocop/data/units-2025.csv) so that the data looks and behaves like the
real thing, but no real business is described. Photos are placeholders drawn by
ocop.placeholder.

The YAML is formatted by hand (not yaml.dump) so that the files look like what
an editor would write: keys in a sensible order, section comments, block
scalars for descriptions. Re-running the script gives identical files.

Usage: python3 scripts/make_sample_data.py [--out REPO_ROOT]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocop.authoring.placeholder import placeholder_jpeg  # noqa: E402

PRODUCT_HEADER = "# yaml-language-server: $schema=../../../schema/product.schema.json"
PRODUCER_HEADER = "# yaml-language-server: $schema=../../../schema/producer.schema.json"
PRODUCT_NOTE = "# DỮ LIỆU MINH HỌA: sản phẩm và chủ thể hư cấu, ảnh minh họa / demonstration data: invented product"
PRODUCER_NOTE = "# DỮ LIỆU MINH HỌA: chủ thể hư cấu / demonstration data: invented producer"

MOST_BNN = "Bộ Nông nghiệp và Phát triển nông thôn"  # 5-star decisions until 1 March 2025
MOST_BNNMT = "Bộ Nông nghiệp và Môi trường"  # 5-star decisions from 1 March 2025


# --------------------------------------------------------------------------- producers


@dataclass
class Producer:
    id: str
    name: str
    kind: str
    commune: str
    street: str
    representative: str
    phone: str
    description: str
    website: bool = True
    zalo: bool = True

    @property
    def province(self) -> str:
        return PROVINCE_OF_PREFIX[self.id.split("-")[0]]

    @property
    def host(self) -> str:
        return self.id.split("-", 1)[1] + ".example.vn"


PROVINCE_OF_PREFIX = {
    "hn": "ha-noi",
    "tq": "tuyen-quang",
    "lc": "lao-cai",
    "sl": "son-la",
    "qn": "quang-ninh",
    "na": "nghe-an",
    "hue": "hue",
    "dn": "da-nang",
    "ld": "lam-dong",
    "dl": "dak-lak",
    "ag": "an-giang",
    "ct": "can-tho",
    "cm": "ca-mau",
    "vl": "vinh-long",
}

PRODUCERS = [
    # ---- Hà Nội
    Producer(
        id="hn-cty-sen-thu-thuy",
        name="Công ty TNHH Sen Thu Thủy Tây Hồ",
        kind="enterprise",
        commune="00103",
        street="Ngõ 52 đường Quảng An",
        representative="Đỗ Thị Thu Thủy",
        phone="0900100101",
        description="Doanh nghiệp nhỏ ướp trà sen theo cách làm của các gia đình ven Hồ Tây, "
        "tự trồng sen Bách Diệp trên hai đầm thuê dài hạn.",
    ),
    Producer(
        id="hn-htx-gom-lua-hong",
        name="Hợp tác xã Gốm Lửa Hồng Bát Tràng",
        kind="cooperative",
        commune="00577",
        street="Xóm 3, thôn Giang Cao",
        representative="Lê Văn Khải",
        phone="0900100102",
        description="Hợp tác xã của 14 hộ làm gốm, chung một lò ga và một phòng trưng bày. "
        "Sản phẩm chính là **gốm men rạn** và **men lam** vẽ tay.",
    ),
    Producer(
        id="hn-hkd-pham-quang-vinh",
        name="Hộ kinh doanh Phạm Quang Vinh",
        kind="household",
        commune="00091",
        street="Bãi đào ven đê, tổ 9",
        representative="Phạm Quang Vinh",
        phone="0900100103",
        description="Gia đình trồng đào thế và đào cành ba đời, vườn rộng khoảng 1,2 ha ngoài bãi sông Hồng.",
        website=False,
    ),
    Producer(
        id="hn-thtx-may-tre-phu-vinh",
        name="Tổ hợp tác Mây tre đan Phú Vinh Xanh",
        kind="cooperative-group",
        commune="10030",
        street="Thôn Phú Vinh",
        representative="Nguyễn Thị Huyền",
        phone="0900100104",
        description="Tổ hợp tác gồm 22 thợ đan, nhận đơn hàng giỏ, khay và đồ trang trí bằng mây, giang, tre.",
    ),
    Producer(
        id="hn-thtx-mong-phu-xua",
        name="Tổ hợp tác Du lịch Làng cổ Mông Phụ Xưa",
        kind="cooperative-group",
        commune="09604",
        street="Xóm Mông Phụ",
        representative="Hà Văn Tường",
        phone="0900100105",
        description="Các chủ nhà cổ cùng tổ chức đón khách: tham quan nhà cổ, làm chè lam, kẹo dồi lạc và ăn cơm quê.",
    ),
    # ---- Tuyên Quang (gồm tỉnh Hà Giang cũ)
    Producer(
        id="tq-htx-ong-da-trang",
        name="Hợp tác xã Ong mật Đá Trắng Đồng Văn",
        kind="cooperative",
        commune="00721",
        street="Thôn Lùng Thầu",
        representative="Sùng Mí Chứ",
        phone="0900100201",
        description="32 hộ thành viên nuôi ong nội trên cao nguyên đá; mật lấy một vụ mỗi năm vào mùa hoa bạc hà.",
    ),
    Producer(
        id="tq-htx-che-co-thu",
        name="Hợp tác xã Chè Cổ Thụ Mây Ngàn",
        kind="cooperative",
        commune="01090",
        street="Thôn Khâu Chủ",
        representative="Hoàng Văn Sình",
        phone="0900100202",
        description="Hợp tác xã thu mua búp chè Shan tuyết từ các cây chè cổ thụ của bà con người Dao, người Nùng.",
    ),
    Producer(
        id="tq-hkd-ma-van-thuong",
        name="Hộ kinh doanh Ma Văn Thưởng",
        kind="household",
        commune="02353",
        street="Thôn Nà Khà",
        representative="Ma Văn Thưởng",
        phone="0900100203",
        description="Hộ gia đình trồng lúa và xay xát gạo đặc sản, liên kết với 18 hộ trong thôn.",
        website=False,
    ),
    Producer(
        id="tq-htx-cam-song-lo",
        name="Hợp tác xã Cam sành Sông Lô Vàng",
        kind="cooperative",
        commune="02374",
        street="Thôn Cây Quéo",
        representative="Triệu Thị Hằng",
        phone="0900100204",
        description="Hợp tác xã quản lý 45 ha cam sành theo quy trình VietGAP, có nhà sơ chế và kho mát.",
    ),
    Producer(
        id="tq-thtx-chai-lung",
        name="Tổ hợp tác Du lịch cộng đồng Chải Lũng",
        kind="cooperative-group",
        commune="00715",
        street="Thôn Chải Lũng",
        representative="Sình Thị Mỷ",
        phone="0900100205",
        description="Bảy gia đình người Lô Lô mở nhà trình tường đón khách, cùng một đội văn nghệ thôn.",
        website=False,
    ),
    # ---- Lào Cai (gồm tỉnh Yên Bái cũ)
    Producer(
        id="lc-htx-que-chau-que",
        name="Hợp tác xã Quế hồi Châu Quế Xanh",
        kind="cooperative",
        commune="04387",
        street="Thôn Khe Dứa",
        representative="Bàn Văn Lành",
        phone="0900100301",
        description="Hợp tác xã chưng cất tinh dầu và sơ chế vỏ quế cho khoảng 300 hộ trồng quế hữu cơ.",
    ),
    Producer(
        id="lc-htx-ruong-may-y-ty",
        name="Hợp tác xã Ruộng Mây Y Tý",
        kind="cooperative",
        commune="02701",
        street="Thôn Mò Phú Chải",
        representative="Chu Thị Sơn",
        phone="0900100302",
        description="Hợp tác xã của người Hà Nhì trồng lúa Séng Cù trên ruộng bậc thang và chế biến táo mèo.",
    ),
    Producer(
        id="lc-hkd-lu-thi-hoa",
        name="Hộ kinh doanh Lù Thị Hoa",
        kind="household",
        commune="03037",
        street="Thôn Tả Van Giáy 1",
        representative="Lù Thị Hoa",
        phone="0900100303",
        description="Gia đình người Giáy đón khách tại nhà sàn gỗ bên suối Mường Hoa từ năm 2012.",
    ),
    # ---- Sơn La
    Producer(
        id="sl-cty-ca-phe-son-cuoc",
        name="Công ty TNHH Cà phê Sơn Cước",
        kind="enterprise",
        commune="04132",
        street="Bản Cọ Nặm",
        representative="Lò Văn Phong",
        phone="0900100401",
        description="Doanh nghiệp rang xay cà phê Arabica, liên kết với 120 hộ trồng trên độ cao 700–900 m.",
    ),
    Producer(
        id="sl-htx-thao-nguyen-may",
        name="Hợp tác xã Chè Thảo Nguyên Mây",
        kind="cooperative",
        commune="03982",
        street="Tiểu khu Chè Đen",
        representative="Vũ Thị Ngọc Lan",
        phone="0900100402",
        description="Hợp tác xã trồng và chế biến chè Ô long, chè xanh; kết hợp đón khách tham quan đồi chè và bản.",
    ),
    Producer(
        id="sl-hkd-cam-thi-mui",
        name="Hộ kinh doanh Cầm Thị Mùi",
        kind="household",
        commune="03980",
        street="Tiểu khu Bó Bun",
        representative="Cầm Thị Mùi",
        phone="0900100403",
        description="Hộ sản xuất mận hậu sấy dẻo và ô mai mận theo công thức gia đình.",
        website=False,
    ),
    # ---- Quảng Ninh
    Producer(
        id="qn-htx-doi-may-ba-che",
        name="Hợp tác xã Lâm sản Đồi Mây Ba Chẽ",
        kind="cooperative",
        commune="06970",
        street="Thôn Làng Mới",
        representative="Lý Văn Thành",
        phone="0900100501",
        description="Hợp tác xã trồng trà hoa vàng dưới tán rừng và ba kích tím, có xưởng sấy lạnh riêng.",
    ),
    Producer(
        id="qn-cty-bien-gio",
        name="Công ty TNHH Thực phẩm Biển Gió Hạ Long",
        kind="enterprise",
        commune="06688",
        street="Số 18 phố Cột Đồng Hồ",
        representative="Phạm Minh Tuấn",
        phone="0900100502",
        description="Doanh nghiệp chế biến chả mực giã tay và hải sản khô, cơ sở đạt chứng nhận ISO 22000.",
    ),
    Producer(
        id="qn-hkd-pham-thi-ngan",
        name="Hộ kinh doanh Phạm Thị Ngần",
        kind="household",
        commune="06994",
        street="Thôn Đài Van",
        representative="Phạm Thị Ngần",
        phone="0900100503",
        description="Hộ gia đình đào và phơi sá sùng trên bãi triều Vân Đồn.",
        website=False,
    ),
    # ---- Nghệ An
    Producer(
        id="na-cty-bien-quynh",
        name="Công ty TNHH Nước mắm Biển Quỳnh",
        kind="enterprise",
        commune="17179",
        street="Xóm Đông Tiến",
        representative="Hồ Sỹ Quang",
        phone="0900100601",
        description="Doanh nghiệp ủ chượp cá cơm trong thùng gỗ, công suất khoảng 200.000 lít mỗi năm.",
    ),
    Producer(
        id="na-htx-tuong-van-an",
        name="Hợp tác xã Tương truyền thống Vạn An",
        kind="cooperative",
        commune="17950",
        street="Xóm 4",
        representative="Nguyễn Thị Xoan",
        phone="0900100602",
        description="Hợp tác xã của 26 hộ làm tương nếp, tương đậu theo lối phơi nắng trong chum sành.",
    ),
    Producer(
        id="na-hkd-tran-thi-lien",
        name="Hộ kinh doanh Trần Thị Liên",
        kind="household",
        commune="17035",
        street="Xóm Tân Thành",
        representative="Trần Thị Liên",
        phone="0900100603",
        description="Hộ trồng cam, chè và thu mua nông sản của các hộ lân cận.",
        website=False,
    ),
    Producer(
        id="na-thtx-may-tre-lam",
        name="Tổ hợp tác Mây tre Lam Giang",
        kind="cooperative-group",
        commune="18001",
        street="Xóm 7",
        representative="Phan Văn Hưng",
        phone="0900100604",
        description="Tổ hợp tác đan giỏ, làn và đèn trang trí cho thị trường trong nước và xuất khẩu.",
    ),
    # ---- Huế
    Producer(
        id="hue-cty-ngu-vi",
        name="Công ty TNHH Ngự Vị Sông Hương",
        kind="enterprise",
        commune="19789",
        street="Số 27 đường Chi Lăng",
        representative="Tôn Nữ Minh Thư",
        phone="0900100701",
        description="Doanh nghiệp làm mè xửng, trà thảo mộc và quà đặc sản xứ Huế.",
    ),
    Producer(
        id="hue-htx-non-phu-ho",
        name="Hợp tác xã Nón lá Phú Hồ",
        kind="cooperative",
        commune="19918",
        street="Thôn Đồng Di",
        representative="Lê Thị Bé",
        phone="0900100702",
        description="Hợp tác xã của 60 thợ chằm nón, phần lớn là phụ nữ lớn tuổi trong làng nghề.",
    ),
    Producer(
        id="hue-thtx-nha-vuon",
        name="Tổ hợp tác Nhà vườn Kim Long",
        kind="cooperative-group",
        commune="19774",
        street="Kiệt 9 đường Kim Long",
        representative="Nguyễn Phước Bảo",
        phone="0900100703",
        description="Các chủ nhà vườn cùng đón khách, nấu chè và món Huế, trưng cất tinh dầu tràm ở vùng Vinh Lộc.",
    ),
    # ---- Đà Nẵng (gồm tỉnh Quảng Nam cũ)
    Producer(
        id="dn-cty-nui-may",
        name="Công ty Cổ phần Dược liệu Núi Mây Trà Linh",
        kind="enterprise",
        commune="20950",
        street="Thôn 1",
        representative="Hồ Văn Lợi",
        phone="0900100801",
        description="Doanh nghiệp liên kết với đồng bào Xơ Đăng trồng sâm dưới tán rừng và chế biến sản phẩm từ sâm.",
    ),
    Producer(
        id="dn-htx-gom-song-thu",
        name="Hợp tác xã Gốm Đất Nung Sông Thu",
        kind="cooperative",
        commune="20401",
        street="Tổ 4, khối Nam Diêu",
        representative="Lê Văn Tám",
        phone="0900100802",
        description="Hợp tác xã làm gốm đất nung bằng bàn xoay tay, kết hợp đón khách và dạy nặn gốm. "
        "Mở thêm tour đạp xe qua làng rau.",
    ),
    Producer(
        id="dn-hkd-tran-van-bay",
        name="Hộ kinh doanh Trần Văn Bảy",
        kind="household",
        commune="20194",
        street="Tổ 21, khu dân cư Nam Ô",
        representative="Trần Văn Bảy",
        phone="0900100803",
        description="Hộ làm nước mắm cá cơm truyền thống và sơ chế hồ tiêu do người thân ở Tiên Phước gửi về.",
    ),
    # ---- Lâm Đồng
    Producer(
        id="ld-htx-lan-suong-som",
        name="Hợp tác xã Hoa lan Sương Sớm Lang Biang",
        kind="cooperative",
        commune="24846",
        street="Thôn Đăng Gia",
        representative="Nguyễn Hoàng Phúc",
        phone="0900100901",
        description="Hợp tác xã sản xuất lan hồ điệp và lan kiếm trong nhà kính, nhân giống bằng nuôi cấy mô.",
    ),
    Producer(
        id="ld-cty-thao-moc-cao",
        name="Công ty TNHH Thảo Mộc Cao Nguyên Xanh",
        kind="enterprise",
        commune="24781",
        street="Số 9 đường Phù Đổng Thiên Vương",
        representative="Trần Thị Mỹ Dung",
        phone="0900100902",
        description="Doanh nghiệp trồng và chế biến atiso, có vùng nguyên liệu đạt VietGAP.",
    ),
    Producer(
        id="ld-hkd-nguyen-dinh-khang",
        name="Hộ kinh doanh Nguyễn Đình Khang",
        kind="household",
        commune="24805",
        street="Thôn Trạm Hành",
        representative="Nguyễn Đình Khang",
        phone="0900100903",
        description="Hộ trồng và rang cà phê Arabica trên đồi thông, sơ chế ướt tại vườn.",
    ),
    # ---- Đắk Lắk (gồm tỉnh Phú Yên cũ)
    Producer(
        id="dl-cty-buon-da-do",
        name="Công ty TNHH Cà phê Buôn Đá Đỏ",
        kind="enterprise",
        commune="24133",
        street="Số 112 đường Y Ngông",
        representative="H’Linh Niê",
        phone="0900101001",
        description="Doanh nghiệp rang xay cà phê Robusta chọn lọc và mật ong hoa cà phê.",
    ),
    Producer(
        id="dl-thtx-det-buon-tria",
        name="Tổ hợp tác Dệt thổ cẩm Buôn Tría",
        kind="cooperative-group",
        commune="24250",
        street="Buôn Tría",
        representative="H’Bia Êban",
        phone="0900101002",
        description="Nhóm phụ nữ Ê Đê dệt thổ cẩm bằng khung dệt đeo lưng, nhuộm màu từ vỏ cây.",
        website=False,
    ),
    Producer(
        id="dl-hkd-vo-thi-sen",
        name="Hộ kinh doanh Võ Thị Sen",
        kind="household",
        commune="22051",
        street="Khu phố Long Bình",
        representative="Võ Thị Sen",
        phone="0900101003",
        description="Hộ gia đình làm cá ngừ một nắng và cá ngừ rim từ cá của các tàu câu trong xóm.",
        website=False,
    ),
    # ---- An Giang (gồm tỉnh Kiên Giang cũ)
    Producer(
        id="ag-htx-thot-not-tri-ton",
        name="Hợp tác xã Thốt nốt Núi Dài",
        kind="cooperative",
        commune="30544",
        street="Ấp Phước Lọc",
        representative="Chau Sóc Kha",
        phone="0900101101",
        description="Hợp tác xã của người Khmer nấu đường thốt nốt, tổ chức đi thuyền rừng tràm cho khách.",
    ),
    Producer(
        id="ag-cty-mam-vinh-te",
        name="Công ty TNHH Mắm Vĩnh Tế",
        kind="enterprise",
        commune="30316",
        street="Số 35 đường Tôn Đức Thắng",
        representative="Lâm Thị Kiều",
        phone="0900101102",
        description="Doanh nghiệp chế biến các loại mắm cá đồng mùa nước nổi.",
    ),
    Producer(
        id="ag-cty-ham-ninh",
        name="Công ty TNHH Nước mắm Hàm Ninh Xanh",
        kind="enterprise",
        commune="31078",
        street="Ấp Rạch Hàm",
        representative="Huỳnh Thanh Tâm",
        phone="0900101103",
        description="Nhà thùng ủ cá cơm với muối theo tỉ lệ 3:1 trong thùng gỗ bời lời.",
    ),
    # ---- Cần Thơ (gồm Sóc Trăng, Hậu Giang cũ)
    Producer(
        id="ct-htx-kenh-xang",
        name="Hợp tác xã Lúa gạo Kênh Xáng Hòa An",
        kind="cooperative",
        commune="31393",
        street="Ấp Hòa Đức",
        representative="Trần Văn Nghĩa",
        phone="0900101201",
        description="Hợp tác xã sản xuất lúa thơm theo cánh đồng lớn, có máy sấy và nhà kho 500 tấn.",
    ),
    Producer(
        id="ct-hkd-lam-my-hanh",
        name="Hộ kinh doanh Lâm Mỹ Hạnh",
        kind="household",
        commune="31507",
        street="Số 8 đường Phú Lợi",
        representative="Lâm Mỹ Hạnh",
        phone="0900101202",
        description="Lò bánh pía gia đình, làm bánh bằng tay, nướng lò than.",
    ),
    Producer(
        id="ct-htx-vuon-song-muong",
        name="Hợp tác xã Vườn trái cây Sông Mương",
        kind="cooperative",
        commune="31299",
        street="Ấp Nhơn Lộc",
        representative="Nguyễn Văn Út",
        phone="0900101203",
        description="Hợp tác xã nhà vườn đón khách hái trái cây, kết hợp sản xuất mai vàng kiểng tết.",
    ),
    # ---- Cà Mau (gồm tỉnh Bạc Liêu cũ)
    Producer(
        id="cm-htx-ong-tram-gio",
        name="Hợp tác xã Mật ong Tràm Gió Chướng",
        kind="cooperative",
        commune="32047",
        street="Ấp 9",
        representative="Đặng Văn Sáu",
        phone="0900101301",
        description="Hợp tác xã gác kèo ong trong rừng tràm, lấy mật theo mùa hoa tràm.",
    ),
    Producer(
        id="cm-cty-dat-mui",
        name="Công ty TNHH Hải sản Mũi Đất Xanh",
        kind="enterprise",
        commune="32248",
        street="Ấp Khai Long",
        representative="Lưu Thị Bích",
        phone="0900101302",
        description="Doanh nghiệp làm tôm khô, ba khía muối và muối hạt từ vùng ven biển.",
    ),
    # ---- Vĩnh Long (gồm Bến Tre, Trà Vinh cũ)
    Producer(
        id="vl-htx-kieng-son-doc",
        name="Hợp tác xã Cây kiểng Rạch Sơn Đốc",
        kind="cooperative",
        commune="28870",
        street="Ấp Sơn Đốc",
        representative="Võ Văn Thành",
        phone="0900101401",
        description="Hợp tác xã của các nhà vườn bonsai và kiểng lá, có vườn mẫu đón khách.",
    ),
    Producer(
        id="vl-cty-dua-ba-lach",
        name="Công ty TNHH Dừa Xiêm Ba Lạch",
        kind="enterprise",
        commune="28789",
        street="Số 14 đường Đồng Khởi",
        representative="Nguyễn Thị Kim Hoa",
        phone="0900101402",
        description="Doanh nghiệp làm kẹo dừa, bánh phồng và các sản phẩm từ dừa.",
    ),
    Producer(
        id="vl-hkd-gom-song-thom",
        name="Hộ kinh doanh Gốm đỏ Sông Thơm",
        kind="household",
        commune="29641",
        street="Ấp Phú Hòa",
        representative="Lê Văn Rạng",
        phone="0900101403",
        description="Lò gốm đỏ nhỏ làm chậu cảnh và đồ trang trí; chủ lò còn đưa khách đi cù lao bằng xuồng.",
    ),
]

PRODUCER_BY_ID = {p.id: p for p in PRODUCERS}


# --------------------------------------------------------------------------- traceability templates
#
# Each step: (stage, day offset from the batch start, until offset or None, precision, details, evidence or None)
# precision: "d" = YYYY-MM-DD, "m" = YYYY-MM, "y" = YYYY. Details may use {raw}, {place}, {lot}, {n}.

TRACE: dict[str, list[tuple[str, int, int | None, str, str, str | None]]] = {
    "tea": [
        (
            "Trồng và chăm sóc",
            0,
            75,
            "m",
            "Chăm sóc {raw}, làm cỏ tay, bón phân chuồng ủ hoai; không dùng thuốc diệt cỏ.",
            "Giấy chứng nhận VietGAP số VG-{n}",
        ),
        ("Thu hái", 80, None, "d", "Hái một tôm hai lá vào buổi sáng, chuyển về xưởng trong ngày.", None),
        ("Chế biến", 81, 83, "d", "Làm héo, diệt men bằng chảo quay, vò và sao khô ba lần; lô {lot}.", None),
        (
            "Đóng gói",
            90,
            None,
            "d",
            "Đóng túi nhôm hút chân không, dán tem truy xuất lô {lot}.",
            "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        ),
        (
            "Kiểm nghiệm",
            95,
            None,
            "d",
            "Kiểm nghiệm vi sinh, kim loại nặng và dư lượng thuốc bảo vệ thực vật: đạt.",
            "Phiếu kết quả thử nghiệm số {n}/KQ",
        ),
    ],
    "lotus": [
        (
            "Trồng và chăm sóc sen",
            0,
            60,
            "m",
            "Chăm sóc đầm sen Bách Diệp, giữ mực nước, vớt bèo, không phun thuốc.",
            None,
        ),
        ("Thu hoạch hoa và lấy gạo sen", 75, 82, "d", "Hái hoa lúc rạng sáng, tách gạo sen ngay tại bờ đầm.", None),
        (
            "Ướp trà",
            83,
            97,
            "d",
            "Ướp chè Thái Nguyên với gạo sen bảy lần, mỗi lần sấy lửa than rồi sàng bỏ gạo; lô {lot}.",
            None,
        ),
        ("Đóng hộp", 99, None, "d", "Đóng hộp sơn mài, hút ẩm, dán tem lô {lot}.", None),
        ("Kiểm nghiệm", 103, None, "d", "Kiểm nghiệm vi sinh và độ ẩm: đạt.", "Phiếu kết quả thử nghiệm số {n}/KQ"),
    ],
    "coffee": [
        ("Thu hái", 0, 30, "m", "Hái chọn quả chín đỏ trên 95%, {raw}.", "Chứng nhận 4C / VietGAP số VG-{n}"),
        ("Sơ chế", 31, 52, "d", "Sơ chế ướt, lên men 36 giờ, phơi trên giàn cao 18–21 ngày.", None),
        ("Rang", 120, None, "d", "Rang mộc bằng máy rang trống, hồ sơ rang vừa; lô {lot}.", None),
        ("Đóng gói", 122, None, "d", "Đóng túi có van một chiều, xay theo đơn.", "Chứng nhận ISO 22000:2018"),
    ],
    "honey": [
        ("Đặt đàn ong", 0, 45, "m", "Đặt đàn ong nội ({raw}) tại {place}, xa vùng phun thuốc.", None),
        ("Quay mật", 50, None, "d", "Chỉ quay cầu mật đã vít nắp; lọc qua ba lớp lưới inox.", None),
        ("Hạ thủy phần", 52, 58, "d", "Hạ thủy phần bằng máy sấy lạnh xuống dưới 20%; lô {lot}.", None),
        (
            "Kiểm nghiệm",
            62,
            None,
            "d",
            "Kiểm nghiệm HMF, độ ẩm, dư lượng kháng sinh: đạt.",
            "Phiếu kết quả thử nghiệm số {n}/KQ",
        ),
        ("Chiết rót", 65, None, "d", "Chiết chai thủy tinh, dán tem truy xuất.", None),
    ],
    "rice": [
        ("Gieo cấy", 0, None, "m", "Gieo mạ và cấy {raw} bằng giống xác nhận.", None),
        (
            "Chăm sóc",
            20,
            100,
            "m",
            "Bón phân hữu cơ vi sinh, quản lý nước theo quy trình.",
            "Giấy chứng nhận VietGAP số VG-{n}",
        ),
        ("Thu hoạch", 115, None, "d", "Gặt khi chín 85–90%, phơi sấy về độ ẩm 14%.", None),
        (
            "Xay xát và đóng gói",
            140,
            None,
            "d",
            "Xay trắng, tách màu, đóng túi hút chân không; lô {lot}.",
            "Phiếu kết quả thử nghiệm số {n}/KQ",
        ),
    ],
    "fruit": [
        (
            "Ra hoa và đậu quả",
            0,
            40,
            "m",
            "Tỉa cành, tưới nhỏ giọt, bao quả {raw}.",
            "Giấy chứng nhận VietGAP số VG-{n}",
        ),
        ("Thu hoạch", 200, None, "d", "Thu khi quả đủ chín, cắt cuống bằng kéo.", None),
        ("Sơ chế và đóng thùng", 201, None, "d", "Rửa, phân loại theo cỡ, dán tem; lô {lot}.", None),
    ],
    "fishsauce": [
        ("Đánh bắt", 0, None, "m", "Thu mua {raw} từ tàu lộng, ướp muối ngay trên tàu.", None),
        ("Ủ chượp", 2, 365, "m", "Ủ cá với muối trong thùng gỗ, đảo và phơi nắng định kỳ.", None),
        ("Kéo rút và lắng lọc", 370, None, "d", "Kéo rút nước cốt, lắng tự nhiên 30 ngày; lô {lot}.", None),
        (
            "Kiểm nghiệm",
            400,
            None,
            "d",
            "Kiểm nghiệm độ đạm, histamin và vi sinh: đạt.",
            "Phiếu kết quả thử nghiệm số {n}/KQ",
        ),
        (
            "Đóng chai",
            405,
            None,
            "d",
            "Chiết chai thủy tinh, đóng nắp và dán tem truy xuất.",
            "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        ),
    ],
    "seafood": [
        ("Khai thác", 0, None, "d", "Thu mua {raw} tươi trong ngày tại {place}.", None),
        ("Sơ chế", 0, None, "d", "Làm sạch, phân loại theo cỡ.", None),
        ("Phơi sấy", 1, 4, "d", "Phơi nắng trên giàn lưới kết hợp sấy nhiệt; lô {lot}.", None),
        (
            "Đóng gói",
            5,
            None,
            "d",
            "Hút chân không, bảo quản lạnh.",
            "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        ),
    ],
    "processed": [
        ("Nhập nguyên liệu", 0, None, "d", "Nhập {raw} có nguồn gốc rõ ràng, kiểm tra cảm quan.", None),
        ("Chế biến", 1, 3, "d", "Chế biến theo công thức của cơ sở; lô {lot}.", None),
        (
            "Đóng gói",
            4,
            None,
            "d",
            "Đóng gói, dán nhãn và tem truy xuất.",
            "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        ),
        (
            "Kiểm nghiệm",
            10,
            None,
            "d",
            "Kiểm nghiệm các chỉ tiêu theo tiêu chuẩn công bố: đạt.",
            "Phiếu kết quả thử nghiệm số {n}/KQ",
        ),
    ],
    "ferment": [
        ("Chuẩn bị nguyên liệu", 0, None, "d", "Chọn {raw}, làm sạch.", None),
        ("Lên men", 2, 90, "d", "Ủ và phơi nắng trong chum sành, đảo hằng ngày; lô {lot}.", None),
        ("Đóng hũ", 95, None, "d", "Chiết hũ thủy tinh, thanh trùng nắp.", None),
        (
            "Kiểm nghiệm",
            100,
            None,
            "d",
            "Kiểm nghiệm vi sinh và độc tố vi nấm: đạt.",
            "Phiếu kết quả thử nghiệm số {n}/KQ",
        ),
    ],
    "herb": [
        (
            "Trồng và chăm sóc",
            0,
            300,
            "m",
            "Trồng {raw} dưới tán rừng, không dùng phân bón hóa học.",
            "Giấy chứng nhận GACP-WHO / hữu cơ số HC-{n}",
        ),
        ("Thu hoạch", 310, None, "d", "Thu hoạch đúng tuổi, ghi sổ theo lô vườn.", None),
        ("Sơ chế và sấy", 311, 316, "d", "Rửa, thái lát và sấy lạnh ở 45 °C; lô {lot}.", None),
        ("Đóng gói", 320, None, "d", "Đóng gói, dán nhãn và tem truy xuất.", None),
        (
            "Kiểm nghiệm",
            325,
            None,
            "d",
            "Kiểm nghiệm độ ẩm, kim loại nặng, vi nấm: đạt.",
            "Phiếu kết quả thử nghiệm số {n}/KQ",
        ),
    ],
    "oil": [
        ("Thu nguyên liệu", 0, 2, "d", "Thu {raw} từ vườn thành viên.", None),
        ("Chưng cất", 3, 10, "d", "Chưng cất lôi cuốn hơi nước bằng nồi inox; lô {lot}.", None),
        ("Lắng tách và lọc", 12, None, "d", "Lắng tách tinh dầu, lọc khan nước.", None),
        (
            "Kiểm nghiệm",
            20,
            None,
            "d",
            "Định lượng hoạt chất chính bằng sắc ký khí: đạt.",
            "Phiếu kết quả thử nghiệm số {n}/KQ",
        ),
        ("Chiết chai", 25, None, "d", "Chiết chai thủy tinh tối màu 10 ml và 50 ml.", None),
    ],
    "ceramic": [
        ("Chuẩn bị đất", 0, 30, "d", "Lọc {raw}, ngâm và ủ đất tối thiểu 30 ngày.", None),
        ("Tạo hình", 35, 45, "d", "Tạo hình trên bàn xoay, phơi mộc trong bóng râm.", None),
        ("Vẽ và tráng men", 46, 50, "d", "Vẽ tay và tráng men; lô {lot}.", None),
        ("Nung", 52, None, "d", "Nung lò ga ở khoảng 1.250 °C trong 12 giờ.", None),
        (
            "Kiểm tra và đóng hộp",
            55,
            None,
            "d",
            "Loại sản phẩm nứt, chảy men; đóng hộp kèm giấy giới thiệu.",
            "Phiếu kết quả thử nghiệm thôi nhiễm chì, cadimi số {n}/KQ",
        ),
    ],
    "weave": [
        (
            "Chuẩn bị nguyên liệu",
            0,
            20,
            "d",
            "Chọn {raw}, phơi khô và xử lý chống mốc bằng phương pháp hấp, sấy.",
            None,
        ),
        ("Đan, chằm", 25, 55, "d", "Thợ đan tại nhà theo mẫu của tổ; lô {lot}.", None),
        ("Hoàn thiện", 56, 60, "d", "Sấy, phủ lớp dầu bóng gốc nước, kiểm tra từng chiếc.", None),
        ("Đóng gói", 62, None, "d", "Đóng thùng carton, kèm thẻ ghi tên người làm.", None),
    ],
    "textile": [
        ("Chuẩn bị sợi", 0, 15, "d", "Se sợi {raw}, nhuộm màu từ vỏ cây và lá rừng.", None),
        ("Dệt", 16, 40, "d", "Dệt bằng khung dệt đeo lưng, hoa văn truyền thống; lô {lot}.", None),
        ("Hoàn thiện", 41, 45, "d", "Giặt, là, may viền, gắn nhãn.", None),
    ],
    "plant": [
        ("Nhân giống", 0, None, "y", "Nhân giống {raw} từ cây mẹ của vườn.", None),
        ("Chăm sóc, tạo dáng", 120, 600, "m", "Chăm sóc, uốn và tạo dáng theo thế; ghi sổ nhật ký vườn.", None),
        (
            "Kiểm tra sâu bệnh",
            610,
            None,
            "d",
            "Kiểm tra sâu bệnh trước khi xuất vườn: không phát hiện đối tượng kiểm dịch.",
            "Biên bản kiểm tra của cán bộ bảo vệ thực vật",
        ),
        ("Xuất vườn", 620, None, "d", "Đóng chậu, kèm thẻ hướng dẫn chăm sóc; lô {lot}.", None),
    ],
    "tourism": [
        ("Xây dựng sản phẩm", 0, 90, "m", "Khảo sát tuyến điểm, thống nhất giá và quy chế đón khách ({raw}).", None),
        (
            "Tập huấn",
            100,
            None,
            "d",
            "Tập huấn kỹ năng đón tiếp, vệ sinh an toàn thực phẩm và sơ cứu.",
            "Giấy chứng nhận tập huấn số {n}/TH",
        ),
        ("Đón đoàn thử nghiệm", 130, None, "d", "Đón đoàn khảo sát, ghi nhận góp ý để hoàn thiện dịch vụ.", None),
        ("Đánh giá định kỳ", 500, None, "d", "Rà soát chất lượng dịch vụ, phản hồi của khách và an toàn.", None),
    ],
}


# --------------------------------------------------------------------------- products


@dataclass
class Product:
    id: str
    name: str
    group: str
    stars: int
    producer: str
    commune: str
    place: str
    coords: tuple[float, float]
    decision: str
    date: str
    issuer: str
    description: str
    trace: str
    raw: str
    batch: str  # first day of the traceability timeline, YYYY-MM-DD
    packaging: str
    net_weight: str | None
    shelf_life: str | None
    ingredients: str
    price: tuple[int, str]
    buy: tuple[str, ...]
    images: int = 1
    score: tuple[int, ...] = ()  # (total,) or (total, a, b, c)
    valid_until: str | None = None
    withdrawn: tuple[str, str] | None = None
    trace_steps: tuple[int, ...] = ()  # indices of template steps to keep; empty = all
    comment: str | None = None  # a comment line written above the record body


P = Product
PRODUCTS: list[Product] = [
    # ------------------------------------------------------------------ Hà Nội
    P(
        id="hn-001",
        name="Trà sen Tây Hồ Hà Nội",
        group="drinks",
        stars=5,
        producer="hn-cty-sen-thu-thuy",
        commune="00103",
        place="Đầm sen Quảng An",
        coords=(21.0652, 105.8270),
        decision="4512/QĐ-BNN-VPĐP",
        date="2024-12-20",
        issuer=MOST_BNN,
        description="Trà xanh Thái Nguyên được **ướp bảy lần với gạo sen Bách Diệp** hái từ đầm sen Quảng An. "
        "Mỗi kilôgam trà cần gạo của khoảng 1.000 bông sen.\n\n"
        "Nước trà xanh ánh vàng, hương sen thanh, hậu ngọt. Pha bằng nước 85 °C, ấm nhỏ, hãm 2 phút.",
        trace="lotus",
        raw="gạo sen",
        batch="2026-05-01",
        packaging="Hộp sơn mài",
        net_weight="100 g",
        shelf_life="24 tháng",
        ingredients="Chè xanh, gạo sen Bách Diệp",
        price=(1_200_000, "hộp 100 g"),
        buy=("postmart", "shop"),
        images=2,
        score=(91, 37, 22, 32),
    ),
    P(
        id="hn-002",
        name="Bình hút lộc men rạn Bát Tràng",
        group="crafts",
        stars=4,
        producer="hn-htx-gom-lua-hong",
        commune="00577",
        place="Thôn Giang Cao",
        coords=(20.9757, 105.9128),
        decision="1865/QĐ-UBND",
        date="2024-06-12",
        issuer="UBND thành phố Hà Nội",
        description="Bình hút lộc dáng tròn, **men rạn cổ** màu ngà, vẽ tay họa tiết hoa sen. "
        "Mỗi chiếc có chữ ký của người thợ dưới đáy.\n\n"
        "Dùng trang trí phòng khách, bàn thờ gia tiên hoặc làm quà tặng.",
        trace="ceramic",
        raw="đất sét trắng và cao lanh",
        batch="2026-03-02",
        packaging="Hộp gỗ thông lót vải",
        net_weight="Cao 30 cm, đường kính 22 cm",
        shelf_life="Không giới hạn",
        ingredients="Đất sét trắng, cao lanh, men tro",
        price=(1_850_000, "chiếc"),
        buy=("shop", "voso"),
        score=(78, 31, 19, 28),
    ),
    P(
        id="hn-003",
        name="Bộ ấm chén men lam Bát Tràng",
        group="crafts",
        stars=3,
        producer="hn-htx-gom-lua-hong",
        commune="00577",
        place="Thôn Giang Cao",
        coords=(20.9761, 105.9135),
        decision="3390/QĐ-UBND",
        date="2021-10-08",
        issuer="UBND thành phố Hà Nội",
        description="Bộ ấm chén **men lam** vẽ tích *Tùng – Trúc – Cúc – Mai*, gồm một ấm 0,5 lít và sáu chén. "
        "Men nung ở nhiệt độ cao nên không bong tróc, dùng được trong máy rửa bát.",
        trace="ceramic",
        raw="đất sét trắng",
        batch="2021-03-01",
        packaging="Hộp giấy cứng in logo hợp tác xã",
        net_weight="1 ấm 500 ml và 6 chén 60 ml",
        shelf_life="Không giới hạn",
        ingredients="Đất sét trắng, men lam cobalt",
        price=(650_000, "bộ"),
        buy=("shop",),
        comment="Giấy chứng nhận 2021 đã hết hạn (36 tháng) — dùng để thử hiển thị 'hết hạn'.",
    ),
    P(
        id="hn-004",
        name="Đào thế Nhật Tân",
        group="ornamental",
        stars=3,
        producer="hn-hkd-pham-quang-vinh",
        commune="00091",
        place="Vườn đào bãi sông Hồng, Phú Thượng",
        coords=(21.0868, 105.8134),
        decision="2210/QĐ-UBND",
        date="2025-02-18",
        issuer="UBND thành phố Hà Nội",
        description="Cây **đào phai thế** trồng chậu, tuổi cây 5–8 năm, dáng trực hoặc dáng hoành. "
        "Nhà vườn giao cây trong nội thành và hướng dẫn cách giữ hoa nở đúng Tết.",
        trace="plant",
        raw="đào phai",
        batch="2023-01-10",
        packaging="Chậu sành kèm đế gỗ",
        net_weight="Cao 1,2–1,6 m",
        shelf_life="Cây sống lâu năm",
        ingredients="Cây đào phai, giá thể đất phù sa trộn xơ dừa",
        price=(3_500_000, "chậu"),
        buy=("shop", "other"),
        images=2,
    ),
    P(
        id="hn-005",
        name="Giỏ mây đan Phú Vinh",
        group="crafts",
        stars=3,
        producer="hn-thtx-may-tre-phu-vinh",
        commune="10030",
        place="Thôn Phú Vinh",
        coords=(20.9342, 105.6627),
        decision="3025/QĐ-UBND",
        date="2024-09-25",
        issuer="UBND thành phố Hà Nội",
        description="Giỏ xách đan mây sợi nhỏ, quai da bò, lót vải bố. Mỗi chiếc mất khoảng hai ngày công đan.",
        trace="weave",
        raw="mây nếp sợi nhỏ",
        batch="2026-06-03",
        packaging="Túi vải bố",
        net_weight="Rộng 32 cm, cao 24 cm",
        shelf_life="Không giới hạn",
        ingredients="Mây nếp, da bò thuộc thực vật, vải bố",
        price=(420_000, "chiếc"),
        buy=("postmart",),
        trace_steps=(0, 1, 2),
    ),
    P(
        id="hn-006",
        name="Du lịch làng cổ Đường Lâm",
        group="tourism",
        stars=4,
        producer="hn-thtx-mong-phu-xua",
        commune="09604",
        place="Làng cổ Đường Lâm, xóm Mông Phụ",
        coords=(21.1553, 105.4731),
        decision="1120/QĐ-UBND",
        date="2025-04-22",
        issuer="UBND thành phố Hà Nội",
        description="Một ngày ở làng đá ong:\n\n"
        "- tham quan nhà cổ và đình Mông Phụ;\n"
        "- học làm **chè lam, kẹo dồi lạc** cùng nghệ nhân;\n"
        "- ăn cơm quê trong sân nhà cổ.\n\n"
        "Đặt trước ít nhất hai ngày; lịch đón khách xem tại "
        "[trang của tổ hợp tác](https://thtx-mong-phu-xua.example.vn/lich-don-khach).",
        trace="tourism",
        raw="tuyến nhà cổ và làng nghề",
        batch="2024-06-01",
        packaging="Gói trải nghiệm 1 ngày",
        net_weight=None,
        shelf_life=None,
        ingredients="Hướng dẫn viên người làng, vé tham quan, một bữa trưa, nguyên liệu làm chè lam",
        price=(450_000, "khách"),
        buy=("shop",),
        score=(80,),
    ),
    # ------------------------------------------------------------------ Tuyên Quang
    P(
        id="tq-001",
        name="Mật ong bạc hà Hà Giang",
        group="food",
        stars=4,
        producer="tq-htx-ong-da-trang",
        commune="00721",
        place="Thôn Lùng Thầu, cao nguyên đá Đồng Văn",
        coords=(23.2768, 105.3596),
        decision="1542/QĐ-UBND",
        date="2024-05-18",
        issuer="UBND tỉnh Hà Giang",
        description="Mật ong của **ong nội** lấy mật từ hoa bạc hà dại nở vào tháng 10–12 trên cao nguyên đá. "
        "Mật màu vàng nhạt, hậu vị the mát, dễ kết tinh khi trời lạnh — đó là hiện tượng tự nhiên.",
        trace="honey",
        raw="ong nội Apis cerana",
        batch="2025-10-01",
        packaging="Chai thủy tinh nắp gỗ",
        net_weight="500 ml",
        shelf_life="24 tháng",
        ingredients="Mật ong hoa bạc hà 100%",
        price=(380_000, "chai 500 ml"),
        buy=("postmart", "voso"),
        images=2,
        score=(80, 32, 20, 28),
    ),
    P(
        id="tq-002",
        name="Chè Shan tuyết cổ thụ Hoàng Su Phì",
        group="drinks",
        stars=5,
        producer="tq-htx-che-co-thu",
        commune="01090",
        place="Đồi chè cổ thụ thôn Khâu Chủ",
        coords=(22.6312, 104.7708),
        decision="5520/QĐ-BNN-VPĐP",
        date="2024-12-10",
        issuer=MOST_BNN,
        description="Búp chè từ những cây **Shan tuyết trên 100 năm tuổi**, mọc ở độ cao 1.200 m. "
        "Búp phủ lớp lông tơ trắng như tuyết, nước chè vàng sánh, vị chát dịu và ngọt hậu lâu.",
        trace="tea",
        raw="cây chè cổ thụ",
        batch="2026-01-05",
        packaging="Hộp giấy kraft lót túi nhôm",
        net_weight="200 g",
        shelf_life="24 tháng",
        ingredients="Búp chè Shan tuyết",
        price=(450_000, "hộp 200 g"),
        buy=("postmart", "shop"),
        score=(92, 37, 23, 32),
    ),
    P(
        id="tq-003",
        name="Gạo thơm Hoà An",
        group="food",
        stars=3,
        producer="tq-hkd-ma-van-thuong",
        commune="02353",
        place="Cánh đồng Nà Khà",
        coords=(22.1538, 105.2688),
        decision="672/QĐ-UBND",
        date="2025-03-14",
        issuer="UBND tỉnh Tuyên Quang",
        description="Gạo hạt nhỏ, trong, cơm dẻo và thơm nhẹ, trồng trên chân ruộng ven suối. "
        "Cả vùng gieo cấy cùng một giống và một lịch thời vụ.",
        trace="rice",
        raw="lúa thơm",
        batch="2026-01-15",
        packaging="Túi PA hút chân không",
        net_weight="5 kg",
        shelf_life="12 tháng",
        ingredients="Gạo thơm 100%",
        price=(125_000, "túi 5 kg"),
        buy=("voso",),
        comment="Tên viết 'Hoà' (kiểu cũ) — xem sản phẩm ct-001 'Hòa An'.",
    ),
    P(
        id="tq-004",
        name="Cam sành Hàm Yên",
        group="food",
        stars=4,
        producer="tq-htx-cam-song-lo",
        commune="02374",
        place="Vùng cam thôn Cây Quéo",
        coords=(22.0689, 105.0294),
        decision="301/QĐ-UBND",
        date="2026-02-10",
        issuer="UBND tỉnh Tuyên Quang",
        description="Cam sành vỏ sần, ruột vàng cam, mọng nước, vị ngọt đậm hơi chua. Quả được bao từ khi non, "
        "thu hoạch từ tháng 11 đến tháng 1.",
        trace="fruit",
        raw="cam sành",
        batch="2025-04-01",
        packaging="Thùng carton có lỗ thoáng",
        net_weight="10 kg",
        shelf_life="20 ngày ở nhiệt độ thường",
        ingredients="Quả cam sành tươi",
        price=(280_000, "thùng 10 kg"),
        buy=("postmart", "voso"),
        score=(74,),
    ),
    P(
        id="tq-005",
        name="Homestay nhà trình tường Lũng Cú",
        group="tourism",
        stars=3,
        producer="tq-thtx-chai-lung",
        commune="00715",
        place="Thôn Chải Lũng, chân cột cờ Lũng Cú",
        coords=(23.3618, 105.3197),
        decision="118/QĐ-UBND",
        date="2024-01-15",
        issuer="UBND tỉnh Hà Giang",
        description="Nghỉ đêm trong **nhà trình tường** của người Lô Lô, ăn cơm cùng chủ nhà, xem múa trống đồng. "
        "Sáng sớm đi bộ 20 phút lên cột cờ ngắm bình minh.",
        trace="tourism",
        raw="nhà trình tường và văn nghệ thôn",
        batch="2023-03-01",
        packaging="Gói 2 ngày 1 đêm",
        net_weight=None,
        shelf_life=None,
        ingredients="Phòng nghỉ, bữa tối và bữa sáng, hướng dẫn viên người địa phương",
        price=(650_000, "khách"),
        buy=("shop",),
        comment="Chứng nhận hết hạn trong vòng 90 ngày (2027-01-15).",
    ),
    # ------------------------------------------------------------------ Lào Cai
    P(
        id="lc-001",
        name="Tinh dầu quế Văn Yên",
        group="herbal",
        stars=4,
        producer="lc-htx-que-chau-que",
        commune="04387",
        place="Đồi quế thôn Khe Dứa",
        coords=(21.9824, 104.5216),
        decision="2250/QĐ-UBND",
        date="2024-08-22",
        issuer="UBND tỉnh Yên Bái",
        description="Tinh dầu chưng cất từ **lá và cành quế hữu cơ** trồng trên 10 năm. Mùi ấm, cay ngọt. "
        "Dùng xông phòng, pha loãng để xoa bóp; không uống.",
        trace="oil",
        raw="lá và cành quế",
        batch="2026-08-03",
        packaging="Chai thủy tinh màu hổ phách có ống nhỏ giọt",
        net_weight="50 ml",
        shelf_life="36 tháng",
        ingredients="Tinh dầu quế nguyên chất (Cinnamomum cassia)",
        price=(180_000, "chai 50 ml"),
        buy=("postmart", "shop"),
        score=(76, 30, 19, 27),
    ),
    P(
        id="lc-002",
        name="Quế thanh Văn Yên",
        group="herbal",
        stars=3,
        producer="lc-htx-que-chau-que",
        commune="04387",
        place="Đồi quế thôn Khe Dứa",
        coords=(21.9810, 104.5240),
        decision="1730/QĐ-UBND",
        date="2022-07-14",
        issuer="UBND tỉnh Yên Bái",
        description="Vỏ quế cạo sạch lớp bần, cuộn thành thanh dài 30 cm, dày cùi, nhiều dầu. "
        "Dùng làm gia vị, pha trà hoặc làm đồ thủ công.",
        trace="herb",
        raw="cây quế",
        batch="2021-01-04",
        packaging="Bó giấy kraft buộc lạt",
        net_weight="500 g",
        shelf_life="24 tháng",
        ingredients="Vỏ quế 100%",
        price=(90_000, "bó 500 g"),
        buy=("voso",),
        comment="Giấy chứng nhận 2022 đã hết hạn.",
    ),
    P(
        id="lc-003",
        name="Gạo Séng Cù Y Tý",
        group="food",
        stars=3,
        producer="lc-htx-ruong-may-y-ty",
        commune="02701",
        place="Ruộng bậc thang thôn Mò Phú Chải",
        coords=(22.6296, 103.6187),
        decision="901/QĐ-UBND",
        date="2025-05-06",
        issuer="UBND tỉnh Lào Cai",
        description="Lúa Séng Cù trồng một vụ mỗi năm trên **ruộng bậc thang** ở độ cao 1.800 m. Hạt gạo dài, "
        "cơm dẻo, để nguội không cứng.",
        trace="rice",
        raw="lúa Séng Cù",
        batch="2025-04-10",
        packaging="Túi vải bố in hoa văn Hà Nhì",
        net_weight="2 kg",
        shelf_life="12 tháng",
        ingredients="Gạo Séng Cù 100%",
        price=(90_000, "túi 2 kg"),
        buy=("postmart",),
        images=2,
    ),
    P(
        id="lc-004",
        name="Homestay nhà sàn Tả Van Giáy",
        group="tourism",
        stars=4,
        producer="lc-hkd-lu-thi-hoa",
        commune="03037",
        place="Thôn Tả Van Giáy 1, thung lũng Mường Hoa",
        coords=(22.3010, 103.8885),
        decision="640/QĐ-UBND",
        date="2026-03-18",
        issuer="UBND tỉnh Lào Cai",
        description="Nhà sàn gỗ của người Giáy bên suối Mường Hoa, 6 phòng riêng và một gác ngủ chung. "
        "Khách được nấu cơm lam, tắm lá thuốc của người Dao đỏ và đi bộ qua ruộng bậc thang.",
        trace="tourism",
        raw="đón khách tại nhà sàn",
        batch="2024-09-01",
        packaging="Gói 2 ngày 1 đêm",
        net_weight=None,
        shelf_life=None,
        ingredients="Phòng nghỉ, ba bữa ăn, tắm lá thuốc, hướng dẫn đi bộ",
        price=(890_000, "khách"),
        buy=("shop", "other"),
        score=(84, 33, 21, 30),
    ),
    P(
        id="lc-005",
        name="Táo mèo ngâm mật ong Mù Cang Chải",
        group="food",
        stars=3,
        producer="lc-htx-ruong-may-y-ty",
        commune="04456",
        place="Rừng táo mèo bản Nả Háng",
        coords=(21.8521, 104.0883),
        decision="2980/QĐ-UBND",
        date="2024-10-30",
        issuer="UBND tỉnh Yên Bái",
        description="Quả táo mèo (sơn tra) thái lát, ngâm mật ong rừng trong ba tháng. Vị chua ngọt, thơm; "
        "pha với nước ấm uống sau bữa ăn.",
        trace="processed",
        raw="quả táo mèo chín và mật ong",
        batch="2026-09-14",
        packaging="Hũ thủy tinh",
        net_weight="500 g",
        shelf_life="18 tháng",
        ingredients="Táo mèo 60%, mật ong 40%",
        price=(160_000, "hũ 500 g"),
        buy=("voso",),
    ),
    # ------------------------------------------------------------------ Sơn La
    P(
        id="sl-001",
        name="Cà phê Arabica Chiềng Mai rang xay",
        group="drinks",
        stars=4,
        producer="sl-cty-ca-phe-son-cuoc",
        commune="04132",
        place="Vùng cà phê bản Cọ Nặm",
        coords=(21.2072, 104.0826),
        decision="455/QĐ-UBND",
        date="2025-01-20",
        issuer="UBND tỉnh Sơn La",
        description="Cà phê Arabica Catimor trồng ở độ cao 800 m, **sơ chế ướt** và rang mộc. "
        "Vị chua thanh của trái cây chín, hậu ngọt caramel.",
        trace="coffee",
        raw="giống Catimor",
        batch="2025-11-03",
        packaging="Túi giấy có van một chiều",
        net_weight="250 g",
        shelf_life="12 tháng",
        ingredients="Cà phê Arabica 100%",
        price=(165_000, "túi 250 g"),
        buy=("postmart", "shop"),
        score=(82, 33, 20, 29),
    ),
    P(
        id="sl-002",
        name="Chè Ô long Thảo Nguyên Mộc Châu",
        group="drinks",
        stars=4,
        producer="sl-htx-thao-nguyen-may",
        commune="03982",
        place="Đồi chè tiểu khu Chè Đen",
        coords=(20.8674, 104.6341),
        decision="2871/QĐ-UBND",
        date="2024-09-16",
        issuer="UBND tỉnh Sơn La",
        description=(
            "Chè Ô long vo viên từ giống Kim Tuyên, lên men nhẹ. Nước màu vàng mật ong, thơm hoa, pha được 5–6 nước."
        ),
        trace="tea",
        raw="chè giống Kim Tuyên",
        batch="2026-02-02",
        packaging="Hộp thiếc",
        net_weight="200 g",
        shelf_life="24 tháng",
        ingredients="Búp chè Kim Tuyên",
        price=(320_000, "hộp 200 g"),
        buy=("shop",),
    ),
    P(
        id="sl-003",
        name="Mận hậu sấy dẻo Mộc Châu",
        group="food",
        stars=3,
        producer="sl-hkd-cam-thi-mui",
        commune="03980",
        place="Vườn mận tiểu khu Bó Bun",
        coords=(20.8488, 104.6425),
        decision="3105/QĐ-UBND",
        date="2025-11-05",
        issuer="UBND tỉnh Sơn La",
        description=(
            "Mận hậu chín cây, bỏ hạt, sấy lạnh ở nhiệt độ thấp nên giữ được màu đỏ tím và vị chua ngọt tự nhiên."
        ),
        trace="processed",
        raw="mận hậu chín",
        batch="2026-06-10",
        packaging="Túi zip giấy kraft",
        net_weight="250 g",
        shelf_life="9 tháng",
        ingredients="Mận hậu 95%, đường phèn 5%",
        price=(75_000, "túi 250 g"),
        buy=("voso",),
        trace_steps=(0, 1, 2),
    ),
    P(
        id="sl-004",
        name="Homestay đồi chè Thảo Nguyên",
        group="tourism",
        stars=3,
        producer="sl-htx-thao-nguyen-may",
        commune="03982",
        place="Đồi chè tiểu khu Chè Đen",
        coords=(20.8659, 104.6318),
        decision="3106/QĐ-UBND",
        date="2025-11-05",
        issuer="UBND tỉnh Sơn La",
        description="Nghỉ tại nhà gỗ giữa đồi chè, học hái và sao chè, thưởng trà Ô long cùng người làm chè.",
        trace="tourism",
        raw="đồi chè và xưởng sao chè",
        batch="2024-08-01",
        packaging="Gói 2 ngày 1 đêm",
        net_weight=None,
        shelf_life=None,
        ingredients="Phòng nghỉ, bữa sáng, trải nghiệm hái và sao chè",
        price=(720_000, "khách"),
        buy=("shop",),
    ),
    # ------------------------------------------------------------------ Quảng Ninh
    P(
        id="qn-001",
        name="Trà hoa vàng Ba Chẽ",
        group="herbal",
        stars=4,
        producer="qn-htx-doi-may-ba-che",
        commune="06970",
        place="Vườn trà hoa vàng dưới tán rừng, thôn Làng Mới",
        coords=(21.2704, 107.2839),
        decision="1288/QĐ-UBND",
        date="2024-04-22",
        issuer="UBND tỉnh Quảng Ninh",
        description="Bông trà hoa vàng (*Camellia chrysantha*) hái khi vừa nở, **sấy lạnh** để giữ màu. "
        "Nước trà vàng óng, vị hơi đắng rồi ngọt hậu.",
        trace="herb",
        raw="cây trà hoa vàng",
        batch="2025-01-06",
        packaging="Hộp giấy cứng",
        net_weight="50 g",
        shelf_life="24 tháng",
        ingredients="Hoa trà hoa vàng sấy khô",
        price=(550_000, "hộp 50 g"),
        buy=("postmart", "shop"),
        score=(84,),
    ),
    P(
        id="qn-002",
        name="Chả mực giã tay Hạ Long",
        group="food",
        stars=5,
        producer="qn-cty-bien-gio",
        commune="06688",
        place="Xưởng chế biến phố Cột Đồng Hồ",
        coords=(20.9519, 107.0801),
        decision="3890/QĐ-BNN-VPĐP",
        date="2024-06-05",
        issuer=MOST_BNN,
        description="Mực ống tươi đánh bắt trong vịnh, **giã tay bằng cối đá** cho đến khi dẻo và dai. "
        "Chả được cấp đông ngay sau khi nặn; rán vàng trên lửa vừa.",
        trace="processed",
        raw="mực ống tươi",
        batch="2026-10-05",
        packaging="Khay hút chân không, cấp đông",
        net_weight="500 g",
        shelf_life="6 tháng ở −18 °C",
        ingredients="Mực ống 95%, mỡ heo, tiêu, nước mắm",
        price=(320_000, "khay 500 g"),
        buy=("postmart", "voso"),
        images=2,
        score=(93, 37, 23, 33),
    ),
    P(
        id="qn-003",
        name="Sá sùng khô Vân Đồn",
        group="food",
        stars=4,
        producer="qn-hkd-pham-thi-ngan",
        commune="06994",
        place="Bãi triều thôn Đài Van",
        coords=(21.0725, 107.4198),
        decision="2145/QĐ-UBND",
        date="2025-08-26",
        issuer="UBND tỉnh Quảng Ninh",
        description=(
            "Sá sùng đào trên bãi cát, lộn ruột, rửa sạch và phơi nắng. "
            "Dùng nấu nước dùng phở, nướng than hoặc ngâm rượu."
        ),
        trace="seafood",
        raw="sá sùng",
        batch="2026-07-02",
        packaging="Túi zip",
        net_weight="100 g",
        shelf_life="12 tháng",
        ingredients="Sá sùng khô 100%",
        price=(350_000, "túi 100 g"),
        buy=("voso",),
    ),
    P(
        id="qn-004",
        name="Ba kích tím ngâm mật ong",
        group="herbal",
        stars=3,
        producer="qn-htx-doi-may-ba-che",
        commune="06862",
        place="Vùng ba kích xã Tiên Yên",
        coords=(21.3325, 107.3979),
        decision="1980/QĐ-UBND",
        date="2024-06-28",
        issuer="UBND tỉnh Quảng Ninh",
        description=(
            "Củ ba kích tím đã rút lõi, ngâm mật ong. Sản phẩm đã bị thu hồi giấy chứng nhận, hồ sơ giữ lại để tra cứu."
        ),
        trace="herb",
        raw="ba kích tím",
        batch="2022-03-07",
        packaging="Hũ thủy tinh",
        net_weight="500 g",
        shelf_life="24 tháng",
        ingredients="Ba kích tím 50%, mật ong 50%",
        price=(240_000, "hũ 500 g"),
        buy=("shop",),
        withdrawn=(
            "2025-10-02",
            "Kiểm tra định kỳ cho thấy chủ thể không duy trì "
            "điều kiện sản xuất như hồ sơ đánh giá; chủ thể ngừng sản xuất "
            "sản phẩm này.",
        ),
        comment="Sản phẩm đã bị thu hồi giấy chứng nhận OCOP.",
    ),
    # ------------------------------------------------------------------ Nghệ An
    P(
        id="na-001",
        name="Nước mắm cá cơm Quỳnh Lưu",
        group="food",
        stars=4,
        producer="na-cty-bien-quynh",
        commune="17179",
        place="Nhà thùng xóm Đông Tiến",
        coords=(19.1007, 105.6821),
        decision="2066/QĐ-UBND",
        date="2024-07-09",
        issuer="UBND tỉnh Nghệ An",
        description="Nước mắm nhĩ **ủ chượp 12 tháng** từ cá cơm và muối biển, không chất bảo quản, độ đạm 35 °N. "
        "Màu cánh gián, mùi thơm, vị mặn dịu.",
        trace="fishsauce",
        raw="cá cơm than",
        batch="2024-08-01",
        packaging="Chai thủy tinh",
        net_weight="500 ml",
        shelf_life="36 tháng",
        ingredients="Cá cơm 75%, muối biển 25%",
        price=(95_000, "chai 500 ml"),
        buy=("postmart", "shop"),
        score=(75, 30, 18, 27),
    ),
    P(
        id="na-002",
        name="Tương Nam Đàn",
        group="food",
        stars=3,
        producer="na-htx-tuong-van-an",
        commune="17950",
        place="Xóm 4, Vạn An",
        coords=(18.7012, 105.5014),
        decision="3780/QĐ-UBND",
        date="2020-11-20",
        issuer="UBND tỉnh Nghệ An",
        description="Tương làm từ **gạo nếp, đậu nành rang và muối**, phơi nắng trong chum sành ba tháng. "
        "Dùng chấm rau luộc, kho cá, om thịt.",
        trace="ferment",
        raw="gạo nếp và đậu nành rang",
        batch="2020-05-04",
        packaging="Chai thủy tinh",
        net_weight="500 ml",
        shelf_life="12 tháng",
        ingredients="Nước, gạo nếp, đậu nành, muối",
        price=(40_000, "chai 500 ml"),
        buy=("voso",),
        valid_until="2023-11-20",
        comment="Giấy chứng nhận có ghi hạn (2023-11-20) — đã hết hạn.",
    ),
    P(
        id="na-003",
        name="Cam Vinh Quỳ Hợp",
        group="food",
        stars=3,
        producer="na-hkd-tran-thi-lien",
        commune="17035",
        place="Vườn cam xóm Tân Thành",
        coords=(19.3241, 105.1827),
        decision="3344/QĐ-UBND",
        date="2025-12-03",
        issuer="UBND tỉnh Nghệ An",
        description=(
            "Cam Xã Đoài trồng trên đất đỏ bazan, vỏ mỏng, nhiều nước, ngọt thanh. Thu hoạch tháng 10 đến tháng 12."
        ),
        trace="fruit",
        raw="cam Xã Đoài",
        batch="2025-03-01",
        packaging="Thùng carton",
        net_weight="10 kg",
        shelf_life="15 ngày ở nhiệt độ thường",
        ingredients="Quả cam tươi",
        price=(300_000, "thùng 10 kg"),
        buy=("voso",),
    ),
    P(
        id="na-004",
        name="Giỏ mây tre đan Hưng Nguyên",
        group="crafts",
        stars=4,
        producer="na-thtx-may-tre-lam",
        commune="18001",
        place="Xóm 7, Hưng Nguyên",
        coords=(18.6702, 105.6288),
        decision="1702/QĐ-UBND",
        date="2025-06-19",
        issuer="UBND tỉnh Nghệ An",
        description="Bộ ba giỏ tre lồng nhau, đan nong mốt, **hun khói chống mốc** theo cách cũ của làng. "
        "Dùng đựng đồ, đựng trái cây hoặc làm giỏ quà.",
        trace="weave",
        raw="tre gai và mây",
        batch="2026-05-05",
        packaging="Thùng carton",
        net_weight="Bộ 3 giỏ (25, 30, 35 cm)",
        shelf_life="Không giới hạn",
        ingredients="Tre gai, mây, dầu bóng gốc nước",
        price=(380_000, "bộ 3 chiếc"),
        buy=("postmart", "shop"),
        score=(72, 28, 18, 26),
    ),
    # ------------------------------------------------------------------ Huế
    P(
        id="hue-001",
        name="Trà cung đình Huế",
        group="herbal",
        stars=4,
        producer="hue-cty-ngu-vi",
        commune="19789",
        place="Xưởng phối trộn đường Chi Lăng",
        coords=(16.4713, 107.5905),
        decision="855/QĐ-UBND",
        date="2024-04-05",
        issuer="UBND tỉnh Thừa Thiên Huế",
        description="Trà thảo mộc phối từ **12 vị**: hoa cúc, cỏ ngọt, la hán, táo đỏ, kỷ tử, hoa hồng… theo bài trà "
        "truyền lại từ ngự thiện phòng. Uống nóng hoặc lạnh, không chứa caffeine.",
        trace="processed",
        raw="hoa cúc, cỏ ngọt và các vị thảo mộc",
        batch="2026-09-01",
        packaging="Hộp giấy, 20 túi lọc",
        net_weight="100 g",
        shelf_life="18 tháng",
        ingredients=(
            "Hoa cúc, cỏ ngọt, la hán, táo đỏ, kỷ tử, hoa hồng, hoa nhài, cam thảo, atiso, hoa sen, lá dứa, gừng"
        ),
        price=(85_000, "hộp 100 g"),
        buy=("postmart", "voso"),
        score=(79,),
    ),
    P(
        id="hue-002",
        name="Mè xửng Sông Hương",
        group="food",
        stars=3,
        producer="hue-cty-ngu-vi",
        commune="19789",
        place="Xưởng phối trộn đường Chi Lăng",
        coords=(16.4709, 107.5911),
        decision="1011/QĐ-UBND",
        date="2025-04-17",
        issuer="UBND thành phố Huế",
        description="Kẹo mè xửng dẻo, phủ **mè trắng rang** hai mặt, nhân đậu phộng. Ngọt vừa, không dính răng.",
        trace="processed",
        raw="mạch nha, đường, đậu phộng và mè",
        batch="2026-10-12",
        packaging="Hộp giấy, gói từng miếng",
        net_weight="250 g",
        shelf_life="6 tháng",
        ingredients="Mạch nha, đường, đậu phộng, mè, bột năng",
        price=(45_000, "hộp 250 g"),
        buy=("voso",),
    ),
    P(
        id="hue-003",
        name="Nón bài thơ Phú Hồ",
        group="crafts",
        stars=4,
        producer="hue-htx-non-phu-ho",
        commune="19918",
        place="Làng nón thôn Đồng Di",
        coords=(16.5003, 107.6472),
        decision="1102/QĐ-UBND",
        date="2024-03-28",
        issuer="UBND tỉnh Thừa Thiên Huế",
        description="Nón lá hai lớp, **16 vòng khung**, giữa hai lớp lá lồng tranh và câu thơ cắt giấy. "
        "Soi nón lên ánh nắng mới thấy hình.",
        trace="weave",
        raw="lá nón non và tre làm vành",
        batch="2026-04-01",
        packaging="Hộp giấy tròn",
        net_weight="Đường kính 41 cm",
        shelf_life="Không giới hạn",
        ingredients="Lá nón, tre, chỉ cước, giấy tranh",
        price=(250_000, "chiếc"),
        buy=("shop", "postmart"),
        images=2,
        score=(71, 27, 18, 26),
    ),
    P(
        id="hue-004",
        name="Du lịch nhà vườn Kim Long",
        group="tourism",
        stars=4,
        producer="hue-thtx-nha-vuon",
        commune="19774",
        place="Các nhà vườn ven sông Hương, Kim Long",
        coords=(16.4595, 107.5562),
        decision="612/QĐ-UBND",
        date="2025-02-25",
        issuer="UBND thành phố Huế",
        description="Đi thuyền trên sông Hương rồi ghé ba nhà vườn xưa: thưởng trà, học nấu *chè bột lọc* và "
        "cơm hến, nghe kể chuyện về đất Kim Long.",
        trace="tourism",
        raw="ba nhà vườn và bến thuyền",
        batch="2024-03-01",
        packaging="Gói nửa ngày",
        net_weight=None,
        shelf_life=None,
        ingredients="Thuyền, người hướng dẫn, trà bánh, lớp nấu ăn",
        price=(550_000, "khách"),
        buy=("shop",),
    ),
    # ------------------------------------------------------------------ Đà Nẵng
    P(
        id="dn-001",
        name="Sâm Ngọc Linh ngâm mật ong",
        group="herbal",
        stars=5,
        producer="dn-cty-nui-may",
        commune="20950",
        place="Vùng trồng sâm dưới tán rừng núi Ngọc Linh",
        coords=(15.0735, 107.9889),
        decision="1215/QĐ-BNNMT-VPĐP",
        date="2025-09-18",
        issuer=MOST_BNNMT,
        description="Củ sâm Ngọc Linh **trồng dưới tán rừng từ 6 năm tuổi** trở lên, thái lát mỏng, ngâm mật ong "
        "rừng. Mỗi hũ có mã truy xuất đến từng luống sâm.\n\n*Không dùng cho trẻ em dưới 6 tuổi.*",
        trace="herb",
        raw="sâm Ngọc Linh",
        batch="2024-10-01",
        packaging="Hũ thủy tinh trong hộp gỗ",
        net_weight="300 g",
        shelf_life="24 tháng",
        ingredients="Sâm Ngọc Linh 30%, mật ong rừng 70%",
        price=(4_800_000, "hũ 300 g"),
        buy=("shop", "postmart"),
        images=2,
        score=(95, 38, 24, 33),
    ),
    P(
        id="dn-002",
        name="Bình gốm đất nung Thanh Hà",
        group="crafts",
        stars=4,
        producer="dn-htx-gom-song-thu",
        commune="20401",
        place="Làng gốm Nam Diêu",
        coords=(15.8776, 108.3087),
        decision="802/QĐ-UBND",
        date="2024-03-21",
        issuer="UBND tỉnh Quảng Nam",
        description=(
            "Bình hoa gốm đất nung **không men**, màu đỏ gạch tự nhiên, nặn tay trên bàn xoay. "
            "Nung củi ở khoảng 900 °C."
        ),
        trace="ceramic",
        raw="đất sét ruộng ven sông Thu Bồn",
        batch="2026-07-01",
        packaging="Thùng carton chèn rơm",
        net_weight="Cao 28 cm",
        shelf_life="Không giới hạn",
        ingredients="Đất sét đỏ, cát mịn",
        price=(220_000, "chiếc"),
        buy=("shop",),
        score=(73,),
        comment="Cấp năm 2024 nên giữ tên cơ quan cấp là UBND tỉnh Quảng Nam.",
    ),
    P(
        id="dn-003",
        name="Nước mắm cá cơm Hải Vân",
        group="food",
        stars=4,
        producer="dn-hkd-tran-van-bay",
        commune="20194",
        place="Làng chài Nam Ô",
        coords=(16.1165, 108.1338),
        decision="2790/QĐ-UBND",
        date="2025-12-15",
        issuer="UBND thành phố Đà Nẵng",
        description="Nước mắm cốt **nhĩ đầu**, độ đạm 40 °N, từ cá cơm than đánh bắt tháng 3–4 âm lịch, ủ chượp "
        "trong thùng gỗ mít.",
        trace="fishsauce",
        raw="cá cơm than",
        batch="2024-04-08",
        packaging="Chai thủy tinh",
        net_weight="500 ml",
        shelf_life="36 tháng",
        ingredients="Cá cơm than, muối",
        price=(150_000, "chai 500 ml"),
        buy=("postmart", "voso"),
    ),
    P(
        id="dn-004",
        name="Trải nghiệm làng rau Trà Quế",
        group="tourism",
        stars=3,
        producer="dn-htx-gom-song-thu",
        commune="20401",
        place="Làng rau Trà Quế",
        coords=(15.8965, 108.3258),
        decision="1433/QĐ-UBND",
        date="2024-05-30",
        issuer="UBND tỉnh Quảng Nam",
        description="Đạp xe qua làng rau, làm nông dân một buổi: cuốc đất, tưới rau bằng gáo đôi, rồi học làm "
        "bánh xèo với rau vừa hái.",
        trace="tourism",
        raw="tuyến đạp xe và vườn rau",
        batch="2023-06-01",
        packaging="Gói nửa ngày",
        net_weight=None,
        shelf_life=None,
        ingredients="Xe đạp, nón lá, người hướng dẫn, lớp nấu ăn",
        price=(400_000, "khách"),
        buy=("shop", "other"),
    ),
    P(
        id="dn-005",
        name="Hồ tiêu Tiên Phước",
        group="food",
        stars=3,
        producer="dn-hkd-tran-van-bay",
        commune="20854",
        place="Vườn tiêu xã Tiên Phước",
        coords=(15.4936, 108.3082),
        decision="2410/QĐ-UBND",
        date="2025-10-07",
        issuer="UBND thành phố Đà Nẵng",
        description="Tiêu hạt trồng xen vườn rừng, phơi nắng, hạt chắc, cay nồng.",
        trace="processed",
        raw="hạt tiêu phơi khô",
        batch="2026-03-09",
        packaging="Hũ thủy tinh",
        net_weight="100 g",
        shelf_life="24 tháng",
        ingredients="Hạt tiêu đen 100%",
        price=(45_000, "hũ 100 g"),
        buy=("voso",),
        trace_steps=(0, 2, 3),
    ),
    # ------------------------------------------------------------------ Lâm Đồng
    P(
        id="ld-001",
        name="Lan hồ điệp Lang Biang",
        group="ornamental",
        stars=4,
        producer="ld-htx-lan-suong-som",
        commune="24846",
        place="Nhà kính thôn Đăng Gia",
        coords=(12.0441, 108.4397),
        decision="510/QĐ-UBND",
        date="2025-03-11",
        issuer="UBND tỉnh Lâm Đồng",
        description="Chậu **lan hồ điệp 5 cành**, hoa trắng viền tím, cắm trong chậu sứ. Hoa giữ được 6–8 tuần "
        "trong phòng thoáng mát.",
        trace="plant",
        raw="lan hồ điệp nuôi cấy mô",
        batch="2023-09-04",
        packaging="Chậu sứ trong hộp carton",
        net_weight="5 cành, cao 70 cm",
        shelf_life="Hoa tươi 6–8 tuần",
        ingredients="Cây lan hồ điệp, giá thể vỏ thông và dớn",
        price=(2_200_000, "chậu"),
        buy=("shop", "postmart"),
        images=2,
        score=(79, 31, 20, 28),
    ),
    P(
        id="ld-002",
        name="Trà atiso túi lọc Đà Lạt",
        group="herbal",
        stars=4,
        producer="ld-cty-thao-moc-cao",
        commune="24781",
        place="Vùng atiso phường Xuân Hương",
        coords=(11.9404, 108.4583),
        decision="2741/QĐ-UBND",
        date="2024-11-19",
        issuer="UBND tỉnh Lâm Đồng",
        description=(
            "Trà túi lọc từ **thân, rễ và hoa atiso** sấy khô. Vị đắng nhẹ, ngọt hậu, dùng thay nước hằng ngày."
        ),
        trace="herb",
        raw="atiso",
        batch="2025-08-04",
        packaging="Hộp giấy 50 túi lọc",
        net_weight="100 g",
        shelf_life="24 tháng",
        ingredients="Hoa atiso 40%, thân atiso 30%, rễ atiso 30%",
        price=(65_000, "hộp 100 g"),
        buy=("postmart", "voso"),
    ),
    P(
        id="ld-003",
        name="Cao atiso Đà Lạt",
        group="herbal",
        stars=3,
        producer="ld-cty-thao-moc-cao",
        commune="24781",
        place="Vùng atiso phường Xuân Hương",
        coords=(11.9398, 108.4601),
        decision="1398/QĐ-UBND",
        date="2024-06-03",
        issuer="UBND tỉnh Lâm Đồng",
        description="Cao mềm nấu từ lá atiso tươi, cô đặc bằng nồi chân không. Pha một thìa cà phê với nước ấm.",
        trace="processed",
        raw="lá atiso tươi",
        batch="2026-04-06",
        packaging="Hũ nhựa PP",
        net_weight="200 g",
        shelf_life="18 tháng",
        ingredients="Cao lá atiso",
        price=(120_000, "hũ 200 g"),
        buy=("voso",),
    ),
    P(
        id="ld-004",
        name="Cà phê Arabica Cầu Đất",
        group="drinks",
        stars=4,
        producer="ld-hkd-nguyen-dinh-khang",
        commune="24805",
        place="Vườn cà phê dưới tán thông thôn Trạm Hành",
        coords=(11.8730, 108.5583),
        decision="3125/QĐ-UBND",
        date="2025-12-22",
        issuer="UBND tỉnh Lâm Đồng",
        description="Arabica Typica và Bourbon trồng ở độ cao 1.500 m dưới tán thông. Hương hoa, vị chua sáng, "
        "thân nhẹ. Thích hợp pha phin giấy hoặc pour-over.",
        trace="coffee",
        raw="giống Typica và Bourbon",
        batch="2025-12-01",
        packaging="Túi giấy có van một chiều",
        net_weight="250 g",
        shelf_life="12 tháng",
        ingredients="Cà phê Arabica 100%",
        price=(210_000, "túi 250 g"),
        buy=("shop",),
        score=(88, 35, 22, 31),
    ),
    # ------------------------------------------------------------------ Đắk Lắk
    P(
        id="dl-001",
        name="Cà phê Robusta Buôn Ma Thuột",
        group="drinks",
        stars=4,
        producer="dl-cty-buon-da-do",
        commune="24133",
        place="Vùng cà phê phường Buôn Ma Thuột",
        coords=(12.6794, 108.0440),
        decision="1330/QĐ-UBND",
        date="2025-05-22",
        issuer="UBND tỉnh Đắk Lắk",
        description="Robusta **hái chín** trồng trên đất đỏ bazan, rang mộc không tẩm. Vị đắng đậm, "
        "hậu sô-cô-la; pha phin truyền thống.",
        trace="coffee",
        raw="cà phê vối",
        batch="2025-11-10",
        packaging="Túi giấy có van một chiều",
        net_weight="500 g",
        shelf_life="12 tháng",
        ingredients="Cà phê Robusta 100%",
        price=(140_000, "túi 500 g"),
        buy=("postmart", "voso"),
        score=(86, 34, 22, 30),
    ),
    P(
        id="dl-002",
        name="Mật ong hoa cà phê Buôn Ma Thuột",
        group="food",
        stars=3,
        producer="dl-cty-buon-da-do",
        commune="24133",
        place="Rẫy cà phê ven Buôn Ma Thuột",
        coords=(12.6921, 108.0563),
        decision="2218/QĐ-UBND",
        date="2024-08-08",
        issuer="UBND tỉnh Đắk Lắk",
        description="Mật ong lấy từ mùa hoa cà phê tháng 2–3, màu hổ phách, thơm đặc trưng.",
        trace="honey",
        raw="ong ngoại Apis mellifera",
        batch="2026-02-01",
        packaging="Chai nhựa PET",
        net_weight="1 lít",
        shelf_life="24 tháng",
        ingredients="Mật ong hoa cà phê",
        price=(220_000, "chai 1 lít"),
        buy=("voso",),
        trace_steps=(0, 1, 3),
    ),
    P(
        id="dl-003",
        name="Khăn thổ cẩm Ê Đê",
        group="crafts",
        stars=3,
        producer="dl-thtx-det-buon-tria",
        commune="24250",
        place="Buôn Tría",
        coords=(12.7438, 107.9338),
        decision="2880/QĐ-UBND",
        date="2025-10-14",
        issuer="UBND tỉnh Đắk Lắk",
        description="Khăn choàng dệt tay trên **khung dệt đeo lưng**, nền đen, hoa văn đỏ và vàng của người Ê Đê.",
        trace="textile",
        raw="sợi bông",
        batch="2026-06-01",
        packaging="Túi giấy",
        net_weight="Dài 180 cm, rộng 40 cm",
        shelf_life="Không giới hạn",
        ingredients="Sợi bông nhuộm màu tự nhiên",
        price=(480_000, "chiếc"),
        buy=("shop",),
    ),
    P(
        id="dl-004",
        name="Cá ngừ một nắng Sông Cầu",
        group="food",
        stars=3,
        producer="dl-hkd-vo-thi-sen",
        commune="22051",
        place="Làng chài Long Bình",
        coords=(13.4546, 109.2221),
        decision="2609/QĐ-UBND",
        date="2024-10-02",
        issuer="UBND tỉnh Phú Yên",
        description="Cá ngừ sọc dưa fillet, tẩm gia vị nhẹ, **phơi đúng một nắng**. Nướng than hoặc chiên.",
        trace="seafood",
        raw="cá ngừ sọc dưa",
        batch="2026-05-04",
        packaging="Khay hút chân không",
        net_weight="500 g",
        shelf_life="6 tháng ở −18 °C",
        ingredients="Cá ngừ 97%, muối, đường, tiêu",
        price=(180_000, "khay 500 g"),
        buy=("voso",),
        comment="Cấp năm 2024 nên cơ quan cấp là UBND tỉnh Phú Yên (nay thuộc Đắk Lắk).",
    ),
    # ------------------------------------------------------------------ An Giang
    P(
        id="ag-001",
        name="Đường thốt nốt Tri Tôn",
        group="food",
        stars=4,
        producer="ag-htx-thot-not-tri-ton",
        commune="30544",
        place="Các hàng thốt nốt ấp Phước Lọc",
        coords=(10.4195, 104.9998),
        decision="2711/QĐ-UBND",
        date="2024-09-27",
        issuer="UBND tỉnh An Giang",
        description="Đường nấu từ nước thốt nốt hứng trong ngày, **không pha đường mía**. Dạng bánh nhỏ, "
        "vị ngọt thanh, thơm mùi khói.",
        trace="processed",
        raw="nước thốt nốt tươi",
        batch="2026-03-02",
        packaging="Túi giấy kraft lót PE",
        net_weight="500 g",
        shelf_life="12 tháng",
        ingredients="Đường thốt nốt 100%",
        price=(70_000, "túi 500 g"),
        buy=("postmart", "voso"),
        score=(74, 29, 19, 26),
    ),
    P(
        id="ag-002",
        name="Mắm thái Châu Đốc",
        group="food",
        stars=3,
        producer="ag-cty-mam-vinh-te",
        commune="30316",
        place="Cơ sở đường Tôn Đức Thắng",
        coords=(10.7049, 105.1174),
        decision="455/QĐ-UBND",
        date="2025-01-08",
        issuer="UBND tỉnh An Giang",
        description="Mắm cá lóc lọc xương, thái sợi, trộn đu đủ xanh và thính. Ăn kèm thịt ba rọi luộc, rau sống.",
        trace="ferment",
        raw="cá lóc và đu đủ xanh",
        batch="2026-08-03",
        packaging="Hũ nhựa PP",
        net_weight="500 g",
        shelf_life="3 tháng ở 0–4 °C",
        ingredients="Cá lóc, đu đủ, đường, muối, tỏi, ớt, thính",
        price=(95_000, "hũ 500 g"),
        buy=("voso",),
    ),
    P(
        id="ag-003",
        name="Nước mắm cá cơm Hàm Ninh 40 độ đạm",
        group="food",
        stars=5,
        producer="ag-cty-ham-ninh",
        commune="31078",
        place="Nhà thùng ấp Rạch Hàm",
        coords=(10.1806, 104.0489),
        decision="5520/QĐ-BNN-VPĐP",
        date="2024-12-10",
        issuer=MOST_BNN,
        description="Nước mắm nhĩ **40 °N** kéo rút từ thùng gỗ bời lời ủ 15 tháng. Chỉ có cá cơm và muối.",
        trace="fishsauce",
        raw="cá cơm sọc tiêu",
        batch="2024-01-08",
        packaging="Chai thủy tinh",
        net_weight="500 ml",
        shelf_life="36 tháng",
        ingredients="Cá cơm 75%, muối 25%",
        price=(165_000, "chai 500 ml"),
        buy=("postmart", "shop"),
        score=(90,),
        comment="Cấp năm 2024: Kiên Giang cũ, nay thuộc An Giang; 5 sao do Bộ cấp.",
    ),
    P(
        id="ag-004",
        name="Thuyền rừng tràm Tri Tôn",
        group="tourism",
        stars=4,
        producer="ag-htx-thot-not-tri-ton",
        commune="30544",
        place="Rừng tràm và rẫy thốt nốt ấp Phước Lọc",
        coords=(10.4213, 104.9952),
        decision="2412/QĐ-UBND",
        date="2025-09-30",
        issuer="UBND tỉnh An Giang",
        description="Đi xuồng ba lá vào rừng tràm mùa nước nổi, xem leo thốt nốt, nấu đường và ăn bánh bò thốt nốt.",
        trace="tourism",
        raw="tuyến xuồng và điểm nấu đường",
        batch="2024-08-01",
        packaging="Gói nửa ngày",
        net_weight=None,
        shelf_life=None,
        ingredients="Xuồng, áo phao, người chèo, nước thốt nốt và bánh",
        price=(300_000, "khách"),
        buy=("shop",),
    ),
    # ------------------------------------------------------------------ Cần Thơ
    P(
        id="ct-001",
        name="Gạo thơm Hòa An",
        group="food",
        stars=3,
        producer="ct-htx-kenh-xang",
        commune="31393",
        place="Cánh đồng lớn ấp Hòa Đức",
        coords=(9.7924, 105.6251),
        decision="880/QĐ-UBND",
        date="2024-04-12",
        issuer="UBND tỉnh Hậu Giang",
        description="Gạo ST25 trồng theo cánh đồng lớn, hạt dài, cơm mềm, thơm mùi lá dứa.",
        trace="rice",
        raw="lúa ST25",
        batch="2025-11-20",
        packaging="Túi PA hút chân không",
        net_weight="5 kg",
        shelf_life="12 tháng",
        ingredients="Gạo ST25 100%",
        price=(160_000, "túi 5 kg"),
        buy=("postmart", "voso"),
        comment="Tên viết 'Hòa' (kiểu mới) — xem sản phẩm tq-003 'Hoà An'.",
    ),
    P(
        id="ct-002",
        name="Bánh pía sầu riêng trứng muối",
        group="food",
        stars=4,
        producer="ct-hkd-lam-my-hanh",
        commune="31507",
        place="Lò bánh đường Phú Lợi",
        coords=(9.6031, 105.9739),
        decision="2311/QĐ-UBND",
        date="2024-09-05",
        issuer="UBND tỉnh Sóc Trăng",
        description="Bánh pía vỏ **cán tay nhiều lớp**, nhân đậu xanh, sầu riêng Ri6 và lòng đỏ trứng muối.",
        trace="processed",
        raw="bột mì, đậu xanh, sầu riêng và trứng muối",
        batch="2026-10-19",
        packaging="Hộp giấy 4 bánh",
        net_weight="500 g",
        shelf_life="3 tháng",
        ingredients="Bột mì, đậu xanh, sầu riêng, trứng vịt muối, đường, mỡ",
        price=(85_000, "hộp 500 g"),
        buy=("voso", "shop"),
        score=(77, 30, 19, 28),
    ),
    P(
        id="ct-003",
        name="Vườn trái cây Phong Điền",
        group="tourism",
        stars=4,
        producer="ct-htx-vuon-song-muong",
        commune="31299",
        place="Các nhà vườn ấp Nhơn Lộc",
        coords=(9.9993, 105.6734),
        decision="1655/QĐ-UBND",
        date="2025-06-30",
        issuer="UBND thành phố Cần Thơ",
        description=(
            "Chèo xuồng trong mương vườn, hái chôm chôm, măng cụt tại cây, tát mương bắt cá và ăn trưa ở nhà vườn."
        ),
        trace="tourism",
        raw="sáu nhà vườn liên kết",
        batch="2024-02-01",
        packaging="Gói 1 ngày",
        net_weight=None,
        shelf_life=None,
        ingredients="Xuồng, trái cây ăn tại vườn, bữa trưa, người hướng dẫn",
        price=(350_000, "khách"),
        buy=("shop", "other"),
    ),
    P(
        id="ct-004",
        name="Mai vàng kiểng Phong Điền",
        group="ornamental",
        stars=3,
        producer="ct-htx-vuon-song-muong",
        commune="31299",
        place="Vườn mai ấp Nhơn Lộc",
        coords=(10.0012, 105.6751),
        decision="355/QĐ-UBND",
        date="2026-01-22",
        issuer="UBND thành phố Cần Thơ",
        description="Mai vàng năm cánh ghép gốc mai rừng, dáng bonsai, được lặt lá canh ngày để nở đúng Tết.",
        trace="plant",
        raw="mai vàng",
        batch="2023-10-02",
        packaging="Chậu xi măng giả đá",
        net_weight="Cao 0,8–1,2 m",
        shelf_life="Cây sống lâu năm",
        ingredients="Cây mai vàng, đất phù sa, phân hữu cơ",
        price=(4_500_000, "chậu"),
        buy=("shop",),
    ),
    # ------------------------------------------------------------------ Cà Mau
    P(
        id="cm-001",
        name="Mật ong rừng tràm U Minh",
        group="food",
        stars=4,
        producer="cm-htx-ong-tram-gio",
        commune="32047",
        place="Rừng tràm ấp 9",
        coords=(9.4038, 104.9727),
        decision="1399/QĐ-UBND",
        date="2024-05-20",
        issuer="UBND tỉnh Cà Mau",
        description=(
            "Mật ong **gác kèo** trong rừng tràm, lấy theo mùa hoa tràm. Mật sánh, màu vàng đậm, thơm mùi tràm."
        ),
        trace="honey",
        raw="ong khoái gác kèo",
        batch="2026-03-01",
        packaging="Chai thủy tinh",
        net_weight="500 ml",
        shelf_life="24 tháng",
        ingredients="Mật ong hoa tràm",
        price=(320_000, "chai 500 ml"),
        buy=("postmart", "voso"),
        score=(81, 32, 21, 28),
    ),
    P(
        id="cm-002",
        name="Tôm khô Đất Mũi",
        group="food",
        stars=4,
        producer="cm-cty-dat-mui",
        commune="32248",
        place="Vùng tôm rừng ấp Khai Long",
        coords=(8.6288, 104.7251),
        decision="1050/QĐ-UBND",
        date="2025-04-04",
        issuer="UBND tỉnh Cà Mau",
        description=(
            "Tôm đất nuôi quảng canh trong rừng đước, luộc nước muối rồi phơi nắng. Tôm đỏ tự nhiên, không phẩm màu."
        ),
        trace="seafood",
        raw="tôm đất rừng đước",
        batch="2026-08-10",
        packaging="Hũ nhựa PET",
        net_weight="500 g",
        shelf_life="12 tháng",
        ingredients="Tôm đất, muối",
        price=(750_000, "hũ 500 g"),
        buy=("postmart", "shop"),
    ),
    P(
        id="cm-003",
        name="Muối hạt Đông Hải",
        group="food",
        stars=3,
        producer="cm-cty-dat-mui",
        commune="31975",
        place="Ruộng muối ven biển Đông Hải",
        coords=(9.1032, 105.4821),
        decision="2144/QĐ-UBND",
        date="2024-07-25",
        issuer="UBND tỉnh Bạc Liêu",
        description="Muối hạt trắng phơi trên ruộng trải bạt, hạt to, vị mặn dịu, hậu ngọt.",
        trace="processed",
        raw="muối hạt thô",
        batch="2026-04-13",
        packaging="Túi PE",
        net_weight="1 kg",
        shelf_life="36 tháng",
        ingredients="Muối biển",
        price=(25_000, "túi 1 kg"),
        buy=("voso",),
        trace_steps=(0, 2, 3),
    ),
    # ------------------------------------------------------------------ Vĩnh Long
    P(
        id="vl-001",
        name="Bonsai mai chiếu thủy Chợ Lách",
        group="ornamental",
        stars=4,
        producer="vl-htx-kieng-son-doc",
        commune="28870",
        place="Vườn kiểng ấp Sơn Đốc",
        coords=(10.2613, 106.1317),
        decision="2630/QĐ-UBND",
        date="2024-10-18",
        issuer="UBND tỉnh Bến Tre",
        description="Cây mai chiếu thủy bonsai dáng **thác đổ**, tuổi cây trên 10 năm, hoa trắng thơm về đêm.",
        trace="plant",
        raw="mai chiếu thủy",
        batch="2022-05-02",
        packaging="Chậu gốm men",
        net_weight="Cao 60 cm",
        shelf_life="Cây sống lâu năm",
        ingredients="Cây mai chiếu thủy, đất phù sa",
        price=(6_500_000, "chậu"),
        buy=("shop", "postmart"),
        images=2,
        score=(76,),
        comment="Cấp năm 2024: Bến Tre cũ, nay thuộc Vĩnh Long.",
    ),
    P(
        id="vl-002",
        name="Kẹo dừa sữa lá dứa",
        group="food",
        stars=3,
        producer="vl-cty-dua-ba-lach",
        commune="28789",
        place="Xưởng kẹo đường Đồng Khởi",
        coords=(10.2415, 106.3759),
        decision="402/QĐ-UBND",
        date="2025-02-14",
        issuer="UBND tỉnh Bến Tre",
        description="Kẹo dừa nấu từ nước cốt dừa tươi và mạch nha, thêm lá dứa, **gói tay** bằng giấy bánh tráng.",
        trace="processed",
        raw="dừa khô và mạch nha",
        batch="2026-09-21",
        packaging="Túi 10 gói nhỏ",
        net_weight="400 g",
        shelf_life="6 tháng",
        ingredients="Nước cốt dừa, mạch nha, đường, lá dứa",
        price=(55_000, "túi 400 g"),
        buy=("postmart", "voso"),
    ),
    P(
        id="vl-003",
        name="Chậu gốm đỏ Cái Nhum",
        group="crafts",
        stars=3,
        producer="vl-hkd-gom-song-thom",
        commune="29641",
        place="Lò gốm ấp Phú Hòa",
        coords=(10.1701, 106.1126),
        decision="3320/QĐ-UBND",
        date="2024-12-27",
        issuer="UBND tỉnh Vĩnh Long",
        description="Chậu trồng cây bằng gốm đỏ nung củi, có lỗ thoát nước, thoáng khí cho rễ.",
        trace="ceramic",
        raw="đất sét đỏ ven sông",
        batch="2026-02-10",
        packaging="Xếp chồng, chèn rơm",
        net_weight="Đường kính 30 cm",
        shelf_life="Không giới hạn",
        ingredients="Đất sét đỏ",
        price=(95_000, "chiếc"),
        buy=("shop",),
        trace_steps=(0, 1, 3, 4),
    ),
    P(
        id="vl-004",
        name="Kiểng lá Vĩnh Thành",
        group="ornamental",
        stars=3,
        producer="vl-htx-kieng-son-doc",
        commune="28894",
        place="Vườn ươm xã Vĩnh Thành",
        coords=(10.2184, 106.1502),
        decision="780/QĐ-UBND",
        date="2026-04-08",
        issuer="UBND tỉnh Vĩnh Long",
        description="Bộ ba chậu kiểng lá để bàn (trầu bà, lưỡi hổ, kim tiền) trồng giá thể sạch, hợp văn phòng.",
        trace="plant",
        raw="kiểng lá để bàn",
        batch="2024-06-03",
        packaging="Chậu sứ trắng",
        net_weight="Cao 30–40 cm",
        shelf_life="Cây sống lâu năm",
        ingredients="Trầu bà, lưỡi hổ, kim tiền; giá thể xơ dừa",
        price=(390_000, "bộ 3 chậu"),
        buy=("postmart",),
    ),
    P(
        id="vl-005",
        name="Homestay cù lao An Bình",
        group="tourism",
        stars=3,
        producer="vl-hkd-gom-song-thom",
        commune="29584",
        place="Cù lao An Bình",
        coords=(10.2712, 105.9747),
        decision="1388/QĐ-UBND",
        date="2025-05-15",
        issuer="UBND tỉnh Vĩnh Long",
        description="Ở nhà vườn trên cù lao, đạp xe qua vườn chôm chôm, ghé lò gốm đỏ và ăn cá tai tượng chiên xù.",
        trace="tourism",
        raw="nhà vườn và lò gốm",
        batch="2024-01-08",
        packaging="Gói 2 ngày 1 đêm",
        net_weight=None,
        shelf_life=None,
        ingredients="Phòng nghỉ, ba bữa ăn, xe đạp, đò qua sông",
        price=(600_000, "khách"),
        buy=("shop",),
    ),
]


# --------------------------------------------------------------------------- YAML writing

_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def scalar(value: str | int | float) -> str:
    """A YAML scalar: plain when that reads back as the same string, double-quoted otherwise."""
    if isinstance(value, bool):
        raise TypeError("no booleans in records")
    if isinstance(value, int | float):
        return str(value)
    plain_ok = (
        value
        and value == value.strip()
        and value[0] not in "-?:,[]{}#&*!|>'\"%@`0123456789.+"
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and "\n" not in value
        and value.lower() not in _YAML_WORDS
    )
    return value if plain_ok else quoted(value)


def quoted(value: str) -> str:
    """Double-quoted YAML string (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def block(text: str, indent: str = "  ", width: int = 100) -> list[str]:
    """Lines of a literal block scalar; long paragraphs are wrapped (a single newline is a space in Markdown)."""
    lines: list[str] = []
    for line in text.split("\n"):
        if not line:
            lines.append("")
            continue
        hang = "  " if line.startswith("- ") else ""
        lines += textwrap.wrap(
            line,
            width,
            initial_indent=indent,
            subsequent_indent=indent + hang,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return lines


def slugify(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def fmt(day: dt.date, precision: str) -> str:
    return {"d": day.isoformat(), "m": day.isoformat()[:7], "y": day.isoformat()[:4]}[precision]


def trace_lines(p: Product, producer: Producer) -> list[str]:
    steps = TRACE[p.trace]
    if p.trace_steps:
        steps = [steps[i] for i in p.trace_steps]
    start = dt.date.fromisoformat(p.batch)
    lot = f"{p.id.upper()}-{start:%y%m}"
    number = f"{sum(map(ord, p.id)) * 7 % 900 + 100}-{start.year}"
    workshop_stages = ("Chế biến", "Đóng", "Chiết", "Kiểm", "Rang", "Hạ thủy", "Kéo", "Xay", "Lắng", "Chưng", "Nung")
    lines = ["traceability:"]
    for stage, offset, until, precision, details, evidence in steps:
        day = start + dt.timedelta(days=offset)
        in_workshop = stage.startswith(workshop_stages) and p.trace not in ("tourism", "plant")
        place = f"Cơ sở của chủ thể, {producer.street}" if in_workshop else p.place
        actor = producer.name
        if stage == "Kiểm nghiệm":
            place, actor = "Phòng thử nghiệm được công nhận VILAS (mẫu do chủ thể gửi)", "Phòng thử nghiệm độc lập"
        fields = {"raw": p.raw, "place": p.place, "lot": lot, "n": number}
        lines.append(f"  - stage: {scalar(stage)}")
        lines.append(f"    date: {quoted(fmt(day, precision))}")
        if until is not None:
            lines.append(f"    until: {quoted(fmt(start + dt.timedelta(days=until), precision))}")
        lines.append(f"    place: {scalar(place)}")
        lines.append(f"    actor: {scalar(actor)}")
        lines.append(f"    details: {scalar(details.format(**fields))}")
        if evidence:
            lines.append(f"    evidence: {scalar(evidence.format(**fields))}")
    return lines


def buy_lines(p: Product, producer: Producer) -> list[str]:
    if not p.buy:
        return []
    slug = slugify(p.name)
    urls = {
        "postmart": (f"https://postmart.vn/san-pham/{slug}-{p.id}", "Mua trên Postmart"),
        "voso": (f"https://voso.vn/san-pham/{slug}-{p.id}", "Mua trên Vỏ Sò"),
        "shop": (f"https://{producer.host}/san-pham/{slug}", "Cửa hàng của chủ thể"),
        "other": (f"https://cho-que.example.vn/gian-hang/{slug}", "Chợ Quê (gian hàng trực tuyến)"),
    }
    lines = ["buy:"]
    for kind in p.buy:
        url, label = urls[kind]
        lines += [f"  - kind: {kind}", f"    url: {url}", f"    label: {scalar(label)}"]
    return lines


def product_text(p: Product, units: dict[str, tuple[str, str]]) -> str:
    producer = PRODUCER_BY_ID[p.producer]
    commune_name = units[p.commune][1]
    out = [PRODUCT_HEADER, PRODUCT_NOTE]
    if p.comment:
        out.append(f"# {p.comment}")
    out += [
        f"id: {p.id}",
        f"name: {scalar(p.name)}",
        f"stars: {p.stars}",
        f"group: {p.group}",
        f"producer: {p.producer}",
    ]
    if p.withdrawn:
        out += [
            "status: withdrawn",
            "withdrawn:",
            f"  date: {quoted(p.withdrawn[0])}",
            f"  reason: {scalar(p.withdrawn[1])}",
        ]
    out += ["", "description: |", *block(p.description), ""]
    out.append("images:")
    out.append(f"  - anh/{p.id}.jpg")
    if p.images > 1:
        out.append(f"  - anh/{p.id}-2.jpg")
    out += ["", "certificate:", f"  decision: {quoted(p.decision)}", f"  date: {quoted(p.date)}"]
    out.append(f"  issuer: {scalar(p.issuer)}")
    if p.valid_until:
        out.append(f"  valid_until: {quoted(p.valid_until)}")
    if p.score:
        out += ["  score:", f"    total: {p.score[0]}"]
        if len(p.score) == 4:
            out += [f"    a: {p.score[1]}", f"    b: {p.score[2]}", f"    c: {p.score[3]}"]
    out += [
        "",
        "origin:",
        f"  commune: {quoted(p.commune)}  # {commune_name}",
        f"  place: {scalar(p.place)}",
        f"  coordinates: [{p.coords[0]}, {p.coords[1]}]",
        "",
        f"packaging: {scalar(p.packaging)}",
    ]
    if p.net_weight:
        out.append(f"net_weight: {scalar(p.net_weight)}")
    if p.shelf_life:
        out.append(f"shelf_life: {scalar(p.shelf_life)}")
    out.append(f"ingredients: {scalar(p.ingredients)}")
    out += ["price:", f"  amount: {p.price[0]}", f"  unit: {scalar(p.price[1])}"]
    buy = buy_lines(p, producer)
    if buy:
        out += ["", *buy]
    out += ["", *trace_lines(p, producer)]
    return "\n".join(out) + "\n"


def producer_text(p: Producer, units: dict[str, tuple[str, str]]) -> str:
    out = [
        PRODUCER_HEADER,
        PRODUCER_NOTE,
        f"id: {p.id}",
        f"name: {scalar(p.name)}",
        f"kind: {p.kind}",
        "address:",
        f"  commune: {quoted(p.commune)}  # {units[p.commune][1]}",
        f"  street: {scalar(p.street)}",
        f"representative: {scalar(p.representative)}",
        "contacts:",
        f"  phone: {quoted(p.phone)}",
    ]
    if p.zalo:
        out.append(f"  zalo: {quoted(p.phone)}")
    out.append(f"  email: lienhe@{p.host}")
    if p.website:
        out.append(f"  website: https://{p.host}")
    out += ["", "description: |", *block(p.description)]
    return "\n".join(out) + "\n"


README = """\
# Dữ liệu mẫu / Sample data

**ĐÂY LÀ DỮ LIỆU MINH HỌA.** Toàn bộ chủ thể (hợp tác xã, doanh nghiệp, hộ kinh
doanh, tổ hợp tác), người đại diện, số điện thoại, địa chỉ email, trang web, số
quyết định, điểm đánh giá và nhật ký truy xuất trong thư mục này đều là **hư
cấu**, chỉ dùng để trình diễn và kiểm thử trang web. Tên xã, phường, tỉnh là có
thật (danh mục đơn vị hành chính 2025) để dữ liệu trông giống thật, nhưng không
mô tả bất kỳ cơ sở sản xuất có thật nào. Ảnh là **ảnh minh họa** do máy vẽ
(`ocop/placeholder.py`), không phải ảnh chụp sản phẩm. Các liên kết mua hàng
chỉ là ví dụ; tên miền `*.example.vn` không tồn tại.

Dữ liệu được tạo bằng `scripts/make_sample_data.py`; sửa tệp đó rồi chạy lại
thay vì sửa tay từng tệp ở đây.

---

**THIS IS DEMONSTRATION DATA.** Every producer (cooperative, enterprise,
household business, cooperative group), representative, phone number, e-mail
address, website, decision number, score and traceability log in this folder is
**invented**, for demonstrating and testing the site only. Commune and province
names are real (the 2025 administrative list) so that the data looks and
behaves like the real thing, but no real business is described. Images are
generated **placeholder pictures** (`ocop/placeholder.py`), not photographs of
products. Buy links are examples only; the `*.example.vn` domains do not exist.

The data is generated by `scripts/make_sample_data.py`; edit that script and
re-run it rather than editing the files here by hand.

Layout: `<tỉnh>/san-pham/<mã>.yml` (products), `<tỉnh>/chu-the/<mã>.yml`
(producers), `<tỉnh>/san-pham/anh/` (images).
"""


def load_units() -> dict[str, tuple[str, str]]:
    """commune_code -> (province_slug, commune_name)."""
    with (ROOT / "ocop" / "data" / "units-2025.csv").open(encoding="utf-8", newline="") as f:
        return {r["commune_code"]: (r["province_slug"], r["commune_name"]) for r in csv.DictReader(f)}


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT, help="repository root to write products/ into")
    args = parser.parse_args(argv)
    units = load_units()
    base = args.out / "products"
    written: set[Path] = set()

    ids = [p.id for p in PRODUCERS] + [p.id for p in PRODUCTS]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate ids")
    for producer in PRODUCERS:
        if units[producer.commune][0] != producer.province:
            raise SystemExit(f"{producer.id}: commune {producer.commune} not in {producer.province}")
        path = base / producer.province / "chu-the" / f"{producer.id}.yml"
        write(path, producer_text(producer, units))
        written.add(path)
    for product in PRODUCTS:
        province = PRODUCER_BY_ID[product.producer].province
        if units[product.commune][0] != province:
            raise SystemExit(f"{product.id}: commune {product.commune} not in {province}")
        folder = base / province / "san-pham"
        write(folder / f"{product.id}.yml", product_text(product, units))
        written.add(folder / f"{product.id}.yml")
        images = [(f"{product.id}.jpg", product.name)]
        if product.images > 1:
            images.append((f"{product.id}-2.jpg", f"{product.name} – {product.packaging.lower()}"))
        for filename, title in images:
            write(folder / "anh" / filename, placeholder_jpeg(f"{product.id}/{filename}", title))
            written.add(folder / "anh" / filename)
    write(base / "README.md", README)

    stale = sorted(p for p in base.rglob("*") if p.is_file() and p.suffix in (".yml", ".jpg") and p not in written)
    for path in stale:
        print(f"warning: not written by this script (stale?): {path}", file=sys.stderr)
    provinces = {PRODUCER_BY_ID[p.producer].province for p in PRODUCTS}
    print(f"wrote {len(PRODUCTS)} products and {len(PRODUCERS)} producers in {len(provinces)} provinces to {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
