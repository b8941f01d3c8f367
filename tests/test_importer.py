"""`ocop import`: a province's certification list becomes valid records, or a report line for a person."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from pathlib import Path

import pytest
from conftest import TODAY, write_catalogue

from ocop.authoring import importer
from ocop.authoring.importer import (
    Defaults,
    ImportError_,
    choose_group,
    code_host,
    guess_kind,
    heading,
    implied_issuer,
    import_file,
    map_headers,
    parse_date,
    parse_decision,
    parse_group,
    parse_mapping,
    parse_stars,
    report_csv,
    report_markdown,
    resolve_address,
    split_producer,
)
from ocop.build.catalogue import check
from ocop.build.load import load_file
from ocop.cli import main

DATA = Path(__file__).parent / "data"
PUBLIC = DATA / "ocop-public-records.csv"  # real products, transcribed from public decisions (see data/README.md)
DAY = dt.date.fromisoformat(TODAY)
# Values an officer would give for a list that belongs to one decision. These are test values.
LIST_WIDE = Defaults(decision="1234/QĐ-UBND", date=dt.date(2022, 6, 30), issuer="UBND tỉnh Trà Vinh")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def data_of(path: Path) -> dict:
    record, problems = load_file(path)
    assert record is not None, problems
    return record.data


def run(path: Path, province: str, products: Path, seed: int = 1, **kw: object) -> importer.ImportResult:
    return import_file(path, province, products, today=DAY, rng=random.Random(seed), **kw)  # type: ignore[arg-type]


# --- the public list ----------------------------------------------------------------------------------------------


def filled_in(tmp_path: Path) -> Path:
    """The public list after a person filled in the product group that the report asked for."""
    with open(PUBLIC, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["province_2025"] == "Vĩnh Long" and not row["category"]:
            name = row["name"]
            row["category"] = (
                "Thủ công mỹ nghệ" if name.startswith("Thủ công") else "Đồ uống" if "cà phê" in name else "Thực phẩm"
            )
    out = tmp_path / "ocop-public-records-filled.csv"
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return out


def test_public_list_as_published(catalogue_dir: Path) -> None:
    """The list has no decision number, date or issuer for its Vĩnh Long rows: nothing can be written.
    Their product group is no longer missing: every name says it ("Kẹo …", "Cà phê …", "Thủ công mỹ nghệ …")."""
    before = snapshot(catalogue_dir)
    result = run(PUBLIC, "vinh-long", catalogue_dir)
    assert (len(result.written), len(result.needs_person), len(result.skipped)) == (0, 41, 46)
    assert snapshot(catalogue_dir) == before
    by_row = {o.row: o for o in result.outcomes}
    # Row 4 (Chả ốc bươu) has 0 stars in the source: reported with that reason.
    assert by_row[4].name == "Chả ốc bươu"
    assert ("hạng sao '0' không phải 3, 4 hoặc 5 (có thể chưa được xếp hạng)") in [vi for vi, _ in by_row[4].reasons]
    # Before the names were read, all 40 rows 2–41 lacked a group; now none does (item 10 of issue 13).
    assert not any(vi.startswith("thiếu nhóm sản phẩm") for n in range(2, 42) for vi, _ in by_row[n].reasons)
    assert all(("thiếu số quyết định", "no decision number") in by_row[n].reasons for n in range(2, 39))
    # Rows of other provinces (Kiên Giang → An Giang, Bình Thuận → Lâm Đồng…) are skipped, not lost.
    assert "Kiên Giang (nay là Tỉnh An Giang)" in by_row[42].reasons[0][0]
    assert by_row[83].status == "person"  # no province and no address: only a person can place it
    assert by_row[83].reasons[0][1].startswith("the row has no province")
    assert not any("no address" in en for _, en in by_row[83].reasons)
    report = report_markdown(result, catalogue_dir)
    assert "| 4 |  | Chả ốc bươu | hạng sao '0'" in report


def test_public_list_after_a_person_filled_it_in(catalogue_dir: Path, tmp_path: Path) -> None:
    listing = filled_in(tmp_path)
    result = run(listing, "vinh-long", catalogue_dir, defaults=LIST_WIDE)
    assert (len(result.written), len(result.needs_person), len(result.skipped)) == (36, 5, 46)
    assert len(result.new_producers) == 21
    by_row = {o.row: o for o in result.outcomes}
    assert sorted(o.row for o in result.needs_person) == [4, 39, 40, 41, 83]
    assert any("hạng sao '0'" in vi for vi, _ in by_row[4].reasons)
    # "MARD decision, …" names no decision number; the list-wide default never replaces a cell's text.
    assert any("không đọc được số quyết định" in vi for vi, _ in by_row[39].reasons)
    # The same product twice (the list's names collide: "Dừa sáp sợi VICOSAP" / "Dừa sáp sợi (VICOSAP)").
    assert any("trùng với dòng 35" in vi for vi, _ in by_row[41].reasons)

    # An old commune maps to its 2025 commune where the answer is unambiguous:
    # Xã Thông Hòa, huyện Cầu Kè (Trà Vinh) went whole into Xã Tam Ngãi (29335), Vĩnh Long.
    kho_ech = data_of(by_row[2].path)  # type: ignore[arg-type]
    assert kho_ech["origin"]["commune"] == "29335"
    assert "Xã Thông Hòa, Huyện Cầu Kè" in by_row[2].note and by_row[2].note.endswith("Xã Tam Ngãi")
    producer = data_of(catalogue_dir / "vinh-long" / "chu-the" / f"{kho_ech['producer']}.yml")
    assert producer == {
        "id": kho_ech["producer"],
        "name": "Doanh nghiệp giống thủy sản Minh Nhựt",  # ", xã Thông Hòa" is an address, not the name
        "kind": "enterprise",
        "address": {"commune": "29335"},
    }
    # Thị trấn Cầu Kè → Xã Cầu Kè (29308); old tone placement in the old list (Xã Hoà Tân) still matches.
    assert data_of(by_row[19].path)["origin"]["commune"] == "29308"  # type: ignore[arg-type]
    assert data_of(by_row[27].path)["origin"]["commune"] == "29317"  # type: ignore[arg-type]
    # Producers: one record per producer, kinds told from the names.
    kinds = {p.name: p.kind for p in result.new_producers}
    assert kinds["Tổ hợp tác nhãn Rạch Đùi"] == "cooperative-group"
    assert kinds["Cơ sở sản xuất bánh kẹo Ngọc Phát"] == "household"
    assert kinds["HTXNN Thông Hòa"] == "cooperative"
    assert kinds["Hộ SXKD Nguyễn Văn Sang"] == "household"
    assert kinds["Công ty TNHH Chế biến dừa sáp Cầu Kè"] == "enterprise"
    assert len({by_row[n].producer for n in (7, 8, 9)}) == 1  # HTX Tân Qui, three products
    # A written record: placeholder photo, a description that says where it came from, the source link.
    product = data_of(by_row[2].path)  # type: ignore[arg-type]
    assert product["stars"] == 3 and product["group"] == "food"
    assert product["certificate"] == {"decision": "1234/QĐ-UBND", "date": "2022-06-30", "issuer": "UBND tỉnh Trà Vinh"}
    assert product["images"] == [f"anh/{product['id']}.jpg"]
    # The list's source for these rows is a data file on GitHub: not a source to send a shopper to.
    assert "ảnh minh họa" in product["description"] and "github" not in product["description"]
    assert any("github.com" in en for _, en in by_row[2].remarks)
    assert not any("github" in data_of(o.path)["description"] for o in result.written)  # type: ignore[arg-type]
    assert data_of(by_row[25].path)["group"] == "crafts"  # type: ignore[arg-type]
    # Everything written passes the same checks as `ocop check`, with the rest of the catalogue.
    assert check(catalogue_dir, DAY) == []
    assert result.other_problems == 0


def test_second_import_writes_nothing_new(catalogue_dir: Path, tmp_path: Path) -> None:
    listing = filled_in(tmp_path)
    first = run(listing, "vinh-long", catalogue_dir, defaults=LIST_WIDE)
    before = snapshot(catalogue_dir)
    second = run(listing, "vinh-long", catalogue_dir, seed=2, defaults=LIST_WIDE)
    assert snapshot(catalogue_dir) == before  # nothing written, nothing overwritten
    assert second.written == [] and second.new_producers == []
    already = [o for o in second.skipped if "đã có hồ sơ" in o.reasons[0][0]]
    assert len(already) == 37  # the 36 written rows, and row 41 (the same product as row 35)
    assert {o.path for o in already} == {o.path for o in first.written}
    assert sorted(o.row for o in second.needs_person) == [4, 39, 40, 83]


def test_dry_run_writes_nothing(catalogue_dir: Path, tmp_path: Path) -> None:
    listing = filled_in(tmp_path)
    before = snapshot(catalogue_dir)
    result = run(listing, "vinh-long", catalogue_dir, defaults=LIST_WIDE, dry_run=True)
    assert snapshot(catalogue_dir) == before
    assert (len(result.written), len(result.needs_person), len(result.new_producers)) == (36, 5, 21)
    assert "chưa ghi tệp nào" in report_markdown(result, catalogue_dir)


def test_public_list_needs_no_filling_in_of_groups(catalogue_dir: Path, tmp_path: Path) -> None:
    """With only the list-wide values, the public list writes what it wrote after a person filled in the
    group of each row (0 records before the names were read, 36 now), with the same groups."""
    result = run(PUBLIC, "vinh-long", catalogue_dir, defaults=LIST_WIDE)
    assert (len(result.written), len(result.needs_person), len(result.skipped)) == (36, 5, 46)
    by_hand = run(filled_in(tmp_path), "vinh-long", tmp_path / "other", defaults=LIST_WIDE, dry_run=True)
    assert [(o.row, o.status) for o in result.outcomes] == [(o.row, o.status) for o in by_hand.outcomes]
    assert {o.row: data_of(o.path)["group"] for o in result.written} == {  # type: ignore[arg-type]
        o.row: "crafts" if o.row in (25, 26) else "drinks" if o.row == 15 else "food" for o in by_hand.written
    }
    by_row = {o.row: o for o in result.outcomes}
    assert (
        "nhóm 'Đồ uống' đoán từ 'cà phê' trong tên sản phẩm",
        "group 'drinks' guessed from 'cà phê' in the product name",
    ) in by_row[15].remarks
    report = report_markdown(result, catalogue_dir)
    assert "group 'crafts' guessed from 'thủ công mỹ nghệ' in the product name | 25, 26 |" in report
    assert check(catalogue_dir, DAY) == []


def test_every_reason_is_counted(catalogue_dir: Path) -> None:
    """The report counts every reason that holds rows back, the rare ones too (it used to show only shared ones)."""
    result = run(PUBLIC, "vinh-long", catalogue_dir)
    report = report_markdown(result, catalogue_dir)
    counted = report.split("| Lý do / reason | Số dòng / rows |\n|---|---|\n")[1].split("\n\n")[0].splitlines()
    expected = Counter(r for o in result.needs_person for r in dict.fromkeys(o.reasons))
    assert len(counted) == len(expected) == 8
    for (vi, en), n in expected.items():
        assert f"| {vi} / {en} | {n} |" in counted
    assert counted[0] == (
        "| thiếu ngày quyết định (cột 'Ngày quyết định' hoặc --decision-date) / "
        "no decision date (a 'Ngày quyết định' column or --decision-date) | 41 |"
    )
    assert any(line.startswith("| dòng không có tỉnh") and line.endswith("| 1 |") for line in counted)
    assert any("hạng sao '0'" in line and line.endswith("| 1 |") for line in counted)


# --- what an annex implies ----------------------------------------------------------------------------------------


def test_annex_with_committee_decisions_needs_no_issuer(catalogue_dir: Path) -> None:
    """A province's annex whose decision cells read "3981/QĐ-UBND ngày 05/08/2026": imported with no --issuer and
    no --decision-date, its records carry the province's People's Committee as it was named on each date."""
    result = run(DATA / "danh-sach-vinh-long-2026.csv", "vinh-long", catalogue_dir)
    by_row = {o.row: o for o in result.outcomes}
    assert sorted(o.row for o in result.written) == [7, 8, 9, 10, 12, 13, 15, 17, 19, 20, 21]
    assert sorted(o.row for o in result.needs_person) == [18, 22, 23]
    assert [o.row for o in result.skipped] == [24]  # the "Tổng số" footer
    records = {o.row: data_of(o.path) for o in result.written}  # type: ignore[arg-type]
    now = {"decision": "3981/QĐ-UBND", "date": "2026-08-05", "issuer": "UBND tỉnh Vĩnh Long"}
    assert all(records[n]["certificate"] == now for n in (7, 8, 12, 13, 15, 17, 19, 20, 21))
    # Before 1 July 2025 the decision was the old province's, told by the place: Trà Vinh, Bến Tre.
    assert records[9]["certificate"] == {
        "decision": "1520/QĐ-UBND",
        "date": "2024-06-12",
        "issuer": "UBND tỉnh Trà Vinh",
    }
    assert records[10]["certificate"]["issuer"] == "UBND tỉnh Bến Tre"
    # An old address with a decision of 2026 is still the new province's (row 12: huyện Châu Thành, tỉnh Bến Tre).
    assert records[12]["certificate"]["issuer"] == "UBND tỉnh Vĩnh Long"
    # A decision of March 2025 with an address that names no commune: which old province's is not known.
    assert any("trước 1/7/2025" in vi for vi, _ in by_row[23].reasons)
    assert not any("--issuer" in vi and "thiếu cơ quan cấp" in vi for o in result.needs_person for vi, _ in o.reasons)
    # Groups: a section that names one ("I. NHÓM THỰC PHẨM" beats "Chè" in the name), a heading's words
    # ("II. RƯỢU, BIA VÀ NƯỚC GIẢI KHÁT"), the name's words under a heading that names none ("IV. SẢN PHẨM KHÁC").
    groups = {n: r["group"] for n, r in records.items()}
    assert groups == {
        7: "food",
        8: "food",
        9: "food",
        10: "food",
        12: "drinks",
        13: "drinks",
        15: "crafts",
        17: "food",
        19: "tourism",
        20: "ornamental",
        21: "herbal",
    }
    assert "đinh lăng" in by_row[18].reasons[0][0]  # "Trà đinh lăng": drinks or herbal? A person says.
    assert by_row[22].reasons == [("thiếu nhóm sản phẩm", "no product group")]  # "Nước rửa chén sinh học"
    # A province portal is cited; a data file on GitHub is not.
    assert "(https://congthongtin.vinhlong.example/ocop/2026/dot-1)" in records[7]["description"]
    assert "github" not in records[12]["description"] and "github" not in records[17]["description"]
    report = report_markdown(result, catalogue_dir)
    assert (
        "| cơ quan cấp 'UBND tỉnh Vĩnh Long' suy ra từ số quyết định 3981/QĐ-UBND / issuer 'UBND tỉnh Vĩnh Long' "
        "inferred from the decision number 3981/QĐ-UBND | 7, 8, 12, 13, 15, 17, 19, 20, 21 |"
    ) in report
    assert "raw.githubusercontent.com left out of the description" in report
    assert check(catalogue_dir, DAY) == []
    assert result.other_problems == 0


def test_cli_imports_an_annex_without_issuer(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["import", str(DATA / "danh-sach-vinh-long-2026.csv"), "--province", "vinh-long"]
    assert (
        main([*args, "--products-dir", str(catalogue_dir), "--today", TODAY, "--report", str(tmp_path / "r.csv")]) == 0
    )
    assert "đã ghi 11 hồ sơ" in capsys.readouterr().out
    with open(tmp_path / "r.csv", encoding="utf-8") as f:
        rows = {r["dong_row"]: r for r in csv.DictReader(f)}
    assert "issuer 'UBND tỉnh Trà Vinh' inferred" in rows["9"]["inferred"]
    assert check(catalogue_dir, DAY) == []


def test_old_province_decisions_need_no_issuer(catalogue_dir: Path) -> None:
    """The unaccented list without --issuer: its 2021–2022 decisions from Bến Tre addresses are Bến Tre's,
    as the test that gives --issuer "UBND tỉnh Bến Tre" says."""
    result = run(DATA / "danh-sach-vinh-long.csv", "vinh-long", catalogue_dir)
    assert sorted(o.row for o in result.written) == [2, 3, 4]
    issuers = {data_of(o.path)["certificate"]["issuer"] for o in result.written}  # type: ignore[arg-type]
    assert issuers == {"UBND tỉnh Bến Tre"}


def test_an_issuer_given_wins_over_the_decision_number(catalogue_dir: Path, tmp_path: Path) -> None:
    """An issuer cell, then --issuer, come before what the decision number implies."""
    listing = tmp_path / "ds.csv"
    listing.write_text(
        "STT,Tên sản phẩm,Chủ thể,Địa chỉ,Hạng sao,Nhóm sản phẩm,Số quyết định,Ngày quyết định,Cơ quan cấp\n"
        "1,Chè búp Ba Đình,HTX Chè Ba Đình,Phường Ba Đình,4,Đồ uống,12/QĐ-UBND,01/08/2025,Sở Thử Nghiệm\n"
        "2,Chè móc câu Ba Đình,HTX Chè Ba Đình,Phường Ba Đình,4,Đồ uống,12/QĐ-UBND,01/08/2025,\n"
        "3,Chè đen Ba Đình,HTX Chè Ba Đình,Phường Ba Đình,4,Đồ uống,45/TB-SNN,01/08/2025,\n",
        encoding="utf-8",
    )
    result = run(listing, "ha-noi", catalogue_dir)
    by_row = {o.row: o for o in result.outcomes}
    assert data_of(by_row[2].path)["certificate"]["issuer"] == "Sở Thử Nghiệm"  # type: ignore[arg-type]
    assert data_of(by_row[3].path)["certificate"]["issuer"] == "UBND thành phố Hà Nội"  # type: ignore[arg-type]
    # A number that names no body ("…/TB-SNN") implies no issuer.
    assert by_row[4].reasons == [
        ("thiếu cơ quan cấp (cột 'Cơ quan cấp' hoặc --issuer)", "no issuing body (an 'Cơ quan cấp' column or --issuer)")
    ]
    given = run(listing, "ha-noi", write_catalogue(tmp_path / "other"), defaults=Defaults(issuer="UBND TP Hà Nội"))
    issuers = [data_of(o.path)["certificate"]["issuer"] for o in given.outcomes]  # type: ignore[arg-type]
    assert issuers == ["Sở Thử Nghiệm", "UBND TP Hà Nội", "UBND TP Hà Nội"]


# --- spreadsheets made in the same form ------------------------------------------------------------------------------


def test_xlsx_with_vietnamese_headers(catalogue_dir: Path) -> None:
    """Title rows above the header, section rows for the group, real date cells, a footer."""
    result = run(DATA / "danh-sach-ha-noi.xlsx", "ha-noi", catalogue_dir)
    by_row = {o.row: o for o in result.outcomes}
    assert sorted(o.row for o in result.written) == [7, 8, 11, 15, 18]
    assert sorted(o.row for o in result.needs_person) == [9, 12, 13, 16, 20]
    assert sorted(o.row for o in result.skipped) == [10, 19, 21]
    # Pre-2025 addresses: Xã Phú Nghĩa, huyện Chương Mỹ → Xã Phú Nghĩa; Phường Vạn Phúc, quận Hà Đông → Phường Hà Đông.
    assert by_row[7].commune == "10030" and by_row[8].commune == "09556"
    # Split communes need a person, with the candidates named.
    assert "Phường Ngọc Hà (00008), Phường Giảng Võ (00025)" in by_row[9].reasons[0][0]
    assert "đã chia vào nhiều xã/phường mới" in by_row[16].reasons[0][0]  # Xã Bát Tràng, huyện Gia Lâm (old)
    assert by_row[15].commune == "00577"  # "Xã Bát Tràng" with no district is the 2025 commune
    assert "không đoán được loại hình" in by_row[12].reasons[0][0]  # "Nguyễn Văn Bình": which kind?
    assert by_row[13].reasons == [("thiếu hạng sao (3, 4 hoặc 5)", "no star rating (3, 4 or 5)")]
    assert "trùng với dòng 18" in by_row[20].reasons[0][0]  # THT = Tổ hợp tác: the same producer
    assert "hn-001.yml" in by_row[10].reasons[0][0]  # "HTX Thử Nghiệm" is the existing hn-htx-test
    assert "Tỉnh Vĩnh Long" in by_row[19].reasons[0][0]
    # An existing producer is reused; section rows give the group; both date forms are read.
    honey = data_of(by_row[11].path)  # type: ignore[arg-type]
    assert honey["producer"] == "hn-htx-test" and honey["stars"] == 4 and honey["group"] == "food"
    assert data_of(by_row[15].path)["group"] == "drinks"  # type: ignore[arg-type]
    vase = data_of(by_row[18].path)  # type: ignore[arg-type]
    assert vase["group"] == "crafts"
    assert vase["certificate"] == {"decision": "9999/QĐ-UBND", "date": "2024-10-15", "issuer": "UBND thành phố Hà Nội"}
    assert honey["certificate"]["date"] == "2024-10-15"
    assert {p.kind for p in result.new_producers} == {"cooperative", "household", "enterprise", "cooperative-group"}
    assert check(catalogue_dir, DAY) == []


def test_csv_with_unaccented_vietnamese_headers(catalogue_dir: Path) -> None:
    """';' separated, UTF-8 with BOM, headers typed without diacritics; no issuer column (given as an option)."""
    result = run(
        DATA / "danh-sach-vinh-long.csv", "vinh-long", catalogue_dir, defaults=Defaults(issuer="UBND tỉnh Bến Tre")
    )
    by_row = {o.row: o for o in result.outcomes}
    assert sorted(o.row for o in result.written) == [2, 3, 4]
    assert sorted(o.row for o in result.needs_person) == [5, 6, 7]
    keo = data_of(by_row[2].path)  # type: ignore[arg-type]
    # The decision cell "1114/QĐ-UBND ngày 06/04/2021" gives the number and the date.
    assert keo["certificate"] == {"decision": "1114/QĐ-UBND", "date": "2021-04-06", "issuer": "UBND tỉnh Bến Tre"}
    assert keo["origin"]["commune"] == "28879"  # Xã Sơn Định, huyện Chợ Lách, tỉnh Bến Tre → 2025
    assert data_of(by_row[3].path)["group"] == "ornamental"  # type: ignore[arg-type]
    assert by_row[3].producer == by_row[4].producer  # "HTX …" and "Hợp tác xã …" are one producer
    assert "'0'" in by_row[5].reasons[0][0]
    assert "Nông sản" in by_row[6].reasons[0][0]
    assert "31/02/2022" in by_row[7].reasons[0][0]
    assert check(catalogue_dir, DAY) == []


def test_csv_with_english_headers(catalogue_dir: Path) -> None:
    result = run(DATA / "list-english.csv", "dak-lak", catalogue_dir)
    by_row = {o.row: o for o in result.outcomes}
    assert sorted(o.row for o in result.written) == [2, 3]
    assert [o.row for o in result.skipped] == [4]  # Kiên Giang is now An Giang
    assert [o.row for o in result.needs_person] == [5]  # Xã Bình Ngọc is in neither list
    herbal = data_of(by_row[3].path)  # type: ignore[arg-type]
    assert herbal["group"] == "herbal"
    assert herbal["origin"]["commune"] == "22261"  # Phường Hòa Hiệp Nam, TX Đông Hòa (Phú Yên) → Phường Hòa Hiệp
    assert {p.kind for p in result.new_producers} == {"enterprise", "cooperative"}
    assert check(catalogue_dir, DAY) == []


def test_mapping_option(catalogue_dir: Path, tmp_path: Path) -> None:
    listing = tmp_path / "ds.csv"
    listing.write_text(
        "Số TT,Tên hàng hóa,Đơn vị sản xuất,Nơi sản xuất,Xếp loại,Ngành,QĐ,Ngày,Ghi chú\n"
        "1,Chè búp thử nghiệm,HTX Chè Thử Nghiệm,Phường Ba Đình,4,Đồ uống,12/QĐ-UBND,01/02/2025,x\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportError_, match="Tên hàng hóa"):
        run(listing, "ha-noi", catalogue_dir)
    mapping = parse_mapping(
        "Tên hàng hóa=name, Đơn vị sản xuất=producer, Nơi sản xuất=address, Xếp loại=stars, Ngành=group, Ngày=date, Ghi chú=-"
    )
    result = run(listing, "ha-noi", catalogue_dir, mapping=mapping, defaults=Defaults(issuer="UBND thành phố Hà Nội"))
    assert len(result.written) == 1, result.outcomes
    assert data_of(result.written[0].path)["certificate"]["date"] == "2025-02-01"  # type: ignore[arg-type]
    with pytest.raises(ImportError_):
        parse_mapping("Tên hàng hóa=ten")


def test_legacy_encodings_are_refused(catalogue_dir: Path, tmp_path: Path) -> None:
    listing = tmp_path / "ds.csv"
    # Single-byte Windows-1258 letters (ê, è…): not UTF-8.
    listing.write_bytes(b"STT,T\xean s\xe3n ph\xe2m,Ch\xfa th\xea\n1,Ch\xe8,HTX Ch\xe8\n")
    with pytest.raises(ImportError_, match="CSV UTF-8"):
        run(listing, "ha-noi", catalogue_dir)
    utf16 = tmp_path / "ds16.csv"
    utf16.write_text("STT\tTên sản phẩm\tChủ thể\n1\tChè\tHTX Chè\n", encoding="utf-16")
    result = run(utf16, "ha-noi", catalogue_dir)
    assert result.needs_person[0].name == "Chè"


def test_a_problem_found_after_writing_takes_the_record_back(
    catalogue_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net: if a record passed the importer's own checks but not `ocop check`, it is removed."""
    monkeypatch.setattr(importer.run, "problems_of", lambda *a: [])
    listing = tmp_path / "ds.csv"
    listing.write_text(
        "STT,Tên sản phẩm,Chủ thể,Địa chỉ,Hạng sao,Nhóm sản phẩm,Số quyết định,Ngày quyết định,Cơ quan cấp\n"
        f"1,{'Tên rất dài ' * 20},HTX Dài Tên,Phường Ba Đình,4,Thực phẩm,12/QĐ-UBND,01/02/2025,UBND TP Hà Nội\n",
        encoding="utf-8",
    )
    before = snapshot(catalogue_dir)
    result = run(listing, "ha-noi", catalogue_dir)
    assert result.written == [] and result.new_producers == []
    assert any(vi.startswith("name:") for vi, _ in result.needs_person[0].reasons)
    assert snapshot(catalogue_dir) == before
    assert check(catalogue_dir, DAY) == []


def test_cli_import_writes_a_report(catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["import", str(DATA / "danh-sach-ha-noi.xlsx"), "--province", "ha-noi"]
    args += ["--products-dir", str(catalogue_dir), "--today", TODAY]
    assert main([*args, "--report", str(tmp_path / "r.csv"), "--dry-run"]) == 0
    with open(tmp_path / "r.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["ket_qua_status"] for r in rows].count("written") == 5
    assert main([*args, "--report", str(tmp_path / "r.md")]) == 0
    out = capsys.readouterr().out
    assert "đã ghi 5 hồ sơ" in out and out.index("đã ghi") < out.index("records written")
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert report.index("## Cần người xử lý") < report.index("## Bỏ qua") < report.index("## Đã ghi")
    assert check(catalogue_dir, DAY) == []
    assert main(["import", str(tmp_path / "r.md"), "--province", "ha-noi", "--products-dir", str(catalogue_dir)]) == 2
    assert main([*args[:3], "ha-nol", *args[4:]]) == 2


def test_report_csv_lists_every_row(catalogue_dir: Path) -> None:
    result = run(DATA / "list-english.csv", "dak-lak", catalogue_dir)
    text = report_csv(result, catalogue_dir)
    assert len(text.strip().splitlines()) == 1 + 4


# --- the parts --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Tên sản phẩm", "name"),
        ("TEN SAN PHAM", "name"),
        ("Ten san pham", "name"),
        ("Product name", "name"),
        ("name", "name"),
        ("Tên sản phẩm OCOP (2)", "name"),
        ("Chủ thể", "producer"),
        ("Địa chỉ chủ thể", "address"),
        ("district_or_commune", "address"),
        ("Hạng sao", "stars"),
        ("Nhóm sản phẩm", "group"),
        ("Số quyết định", "decision"),
        ("decision_year", "decision"),
        ("Ngày quyết định", "date"),
        ("Cơ quan cấp", "issuer"),
        ("STT", "row"),
    ],
)
def test_headers(header: str, field: str) -> None:
    assert map_headers(["x", header, "Tên sản phẩm" if field != "name" else "y"])[1] == field


def test_values() -> None:
    assert [parse_stars(v) for v in (3, 4.0, "5", "4 sao", "★★★", "0", "", None, "ba")] == [
        3,
        4,
        5,
        4,
        3,
        0,
        None,
        None,
        None,
    ]
    assert parse_group("Thực phẩm") == "food"
    assert parse_group("food (tea)") == "food"
    assert parse_group("medicinal herbs") == "herbal"
    assert parse_group("community-based tourism") == "tourism"
    assert parse_group("Nhóm 4 - Thủ công mỹ nghệ") == "crafts"
    assert parse_group("SINH VAT CANH") == "ornamental"
    assert parse_group("Nông sản") is None
    assert parse_date("06/04/2021") == dt.date(2021, 4, 6)  # day first, as Vietnamese dates are
    assert parse_date("2021-04-06") == dt.date(2021, 4, 6)
    assert parse_date("ngày 6 tháng 4 năm 2021") == dt.date(2021, 4, 6)
    assert parse_date(dt.datetime(2021, 4, 6, 0, 0)) == dt.date(2021, 4, 6)
    assert parse_date(44292) == dt.date(2021, 4, 6)  # an Excel day number
    assert parse_date("31/02/2022") is None
    d = parse_decision("1114/QĐ-UBND, 06/04/2021, đợt 1 năm 2021 (UBND tỉnh Thanh Hóa)")
    assert (d.number, d.date, d.issuer) == ("1114/QĐ-UBND", dt.date(2021, 4, 6), "UBND tỉnh Thanh Hóa")
    assert parse_decision("2919/QĐ-UBND, đợt 2 năm 2020").number == "2919/QĐ-UBND"
    assert parse_decision("123/2024/QĐ-BNN-KTHT").number == "123/2024/QĐ-BNN-KTHT"
    assert parse_decision("MARD decision, OCOP cấp Quốc gia năm 2022").number is None
    assert parse_decision("2022").number is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("HTX Tân Qui", "cooperative"),
        ("HTXNN Thông Hòa", "cooperative"),
        ("Hợp tác xã Nông nghiệp An Lỗ", "cooperative"),
        ("Tổ hợp tác nhãn Rạch Đùi", "cooperative-group"),
        ("THT Gốm Giang Cao", "cooperative-group"),
        ("Công ty TNHH Trà Vinh FARM", "enterprise"),
        ("Chi nhánh Công ty TNHH Nấm linh chi Thương Nhân", "enterprise"),
        ("Doanh nghiệp giống thủy sản Minh Nhựt", "enterprise"),
        ("DNTN Ba Lợi", "enterprise"),
        ("UT Tea Investment and Development Co Ltd", "enterprise"),
        ("Hộ kinh doanh Ngọc Thảo", "household"),
        ("Hộ SXKD Thạch Su", "household"),
        ("Hộ Nguyễn Văn Tư", "household"),
        ("Cơ sở sản xuất bánh kẹo Ngọc Phát", "household"),
        ("Nguyễn Văn Bình", None),
        ("Hồ Văn Lâm", None),  # Hồ is a family name, not hộ (household)
    ],
)
def test_kinds(name: str, kind: str | None) -> None:
    assert guess_kind(name) == kind


def test_producer_names() -> None:
    assert split_producer("HTX Tân Qui, xã An Phú Tân") == "HTX Tân Qui"
    assert split_producer("hộ kinh doanh Tường Lam") == "Hộ kinh doanh Tường Lam"
    assert (
        split_producer("HTX sản xuất, kinh doanh, dịch vụ nông nghiệp An Lỗ")
        == "HTX sản xuất, kinh doanh, dịch vụ nông nghiệp An Lỗ"
    )


@pytest.mark.parametrize(
    ("address", "province", "code"),
    [
        ("Xã Thông Hòa, huyện Cầu Kè, tỉnh Trà Vinh", "vinh-long", "29335"),  # old, went whole into Tam Ngãi
        ("xa Thong Hoa, huyen Cau Ke", "vinh-long", "29335"),  # typed without diacritics
        ("Tam Ngãi, Cầu Kè", "vinh-long", "29335"),  # no unit words
        ("Xã Cầu Kè, tỉnh Vĩnh Long", "vinh-long", "29308"),  # a 2025 address
        ("thị trấn Dương Đông, huyện Phú Quốc", "an-giang", "31078"),  # became a phường before 2025
        ("xã Thượng Long, huyện Nam Đông", "hue", "20182"),  # Nam Đông merged into Phú Lộc before 2025
        ("thôn 2, Phường Ba Đình, TP Hà Nội", "ha-noi", "00004"),
        ("Phường Cống Vị, Quận Ba Đình", "ha-noi", None),  # split between two 2025 wards
        ("huyện Gia Lâm", "ha-noi", None),  # a district only
        ("Thọ Xuân", "thanh-hoa", None),  # a district or a commune?
        ("Vạn Phúc", "ha-noi", None),  # two old communes of that name in Hà Nội
        ("", "ha-noi", None),
    ],
)
def test_addresses(address: str, province: str, code: str | None) -> None:
    place = resolve_address(address, province)
    assert place.code == code, place.reasons
    assert bool(place.reasons) == (code is None)


def test_address_of_another_province() -> None:
    assert resolve_address("Xã Bát Tràng, Hà Nội", "vinh-long").other_province == "ha-noi"
    place = resolve_address("tổ 7, khu phố 8, thị trấn Đức Tài, huyện Đức Linh", "lam-dong")
    assert place.code == "23194" and place.street == "tổ 7, khu phố 8"


# Names from ocop-public-records.csv (and, last, ones that name no group or several).
@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Khô ếch Minh Nhựt", "food"),
        ("Cam sành", "food"),
        ("Bưởi da xanh Ninh Thới", "food"),
        ("Củ cải muối Chịt Sa", "food"),
        ("Mắm chay Ngọc Thảo", "food"),
        ("Bánh ống gạo dừa", "food"),  # "bánh" names the product; rice and coconut are what it is made of
        ("Kẹo dừa sáp cacao", "food"),
        ("Đường hoa dừa", "food"),
        ("Nước mắm Phú Quốc Khải Hoàn 40 độ đạm", "food"),
        ("Nếp cẩm chà bông sấy giòn", "food"),
        ("Yến sào Phương Toàn", "food"),
        ("Gạo hữu cơ An Lỗ", "food"),
        ("Tương Xuân Pha", "food"),
        ("Ca cao cà phê", "drinks"),
        ("Cà phê Superior", "drinks"),
        ("Rượu Tà Rương Mão", "drinks"),
        ("Trà xanh túi lọc Bình Sơn", "drinks"),
        ("Tinh dầu tràm Trường Hải", "herbal"),
        ("Cao Cà Gai Leo (detox product)", "herbal"),
        ("Thủ công mỹ nghệ Thạch Su", "crafts"),
        ("Giỏ trái đất", "crafts"),
        ("Bộ bát đĩa hoa sen đỏ", "crafts"),
        ("Bonsai mai chiếu thủy Chợ Lách", "ornamental"),
        ("Homestay cù lao An Bình", "tourism"),
        ("Rượu chuối hột", "drinks"),  # a drink made of bananas
        ("Mật ong hoa cà phê Buôn Ma Thuột", "food"),  # coffee-flower honey, not coffee
        ("Bánh tét Trà Cuôn", "food"),  # Trà Cuôn is a place: "trà" counts only as a name's first word
        ("Rượu yến Đông trùng hạ thảo", None),  # drinks or herbal
        ("Trà Dây Thìa Canh", None),  # drinks or herbal
        ("Trà atiso túi lọc Đà Lạt", None),  # drinks or herbal
        ("Nước rửa chén sinh học", None),
        ("Saphraton (health booster)", None),
        ("Ca phe Buon Ma Thuot", None),  # typed without diacritics: "ca" is cá, cà or ca
    ],
)
def test_group_from_name(name: str, group: str | None) -> None:
    assert choose_group(name, None).group == group


def test_group_from_section_heading() -> None:
    assert choose_group("Nước cốt gừng", "RƯỢU, BIA VÀ NƯỚC GIẢI KHÁT").group == "drinks"  # the name names none
    assert choose_group("Dừa sáp", "RƯỢU, BIA").group == "drinks"  # the heading before a name's ingredients
    assert choose_group("Trà đinh lăng", "Trà và đồ uống").group == "drinks"  # the heading picks one of two
    assert choose_group("Trà đinh lăng", "Thủ công").several == {"drinks": ["trà"], "herbal": ["đinh lăng"]}
    assert choose_group("Tinh dầu bưởi", "SẢN PHẨM TỪ BƯỞI").group == "herbal"  # the name first
    assert heading(["II", "RƯỢU, BIA"]) == "II RƯỢU, BIA"
    assert heading(["B. SẢN PHẨM 3 SAO"]) == "B. SẢN PHẨM 3 SAO"
    assert heading(["Nhóm sản phẩm từ dừa"]) == "Nhóm sản phẩm từ dừa"
    assert heading(["Tổng cộng: 12 sản phẩm"]) is None
    assert heading(["1", "Mật ong"]) is None


@pytest.mark.parametrize(
    ("number", "day", "province", "old", "issuer"),
    [
        ("3981/QĐ-UBND", dt.date(2026, 8, 5), "vinh-long", None, "UBND tỉnh Vĩnh Long"),
        ("3981/QĐ-UBND", dt.date(2026, 8, 5), "vinh-long", "Tỉnh Trà Vinh", "UBND tỉnh Vĩnh Long"),
        ("1520/QĐ-UBND", dt.date(2024, 6, 12), "vinh-long", "Tỉnh Trà Vinh", "UBND tỉnh Trà Vinh"),
        ("1520/QĐ-UBND", dt.date(2024, 6, 12), "vinh-long", None, None),  # Bến Tre, Trà Vinh or Vĩnh Long?
        ("9999/QĐ-UBND", dt.date(2024, 10, 15), "ha-noi", None, "UBND thành phố Hà Nội"),  # one old province
        ("2919/QĐ-UBND", dt.date(2020, 9, 30), "hue", None, "UBND tỉnh Thừa Thiên Huế"),  # a city from 2025
        ("120/QĐ-UBND", dt.date(2025, 3, 2), "hue", None, "UBND thành phố Huế"),
        ("123/2024/QĐ-BNN-KTHT", dt.date(2024, 5, 2), "vinh-long", None, "Bộ Nông nghiệp và Phát triển nông thôn"),
        ("77/QĐ-BNNMT", dt.date(2026, 1, 9), "vinh-long", None, "Bộ Nông nghiệp và Môi trường"),
    ],
)
def test_issuer_from_decision_number(
    number: str, day: dt.date, province: str, old: str | None, issuer: str | None
) -> None:
    implied = implied_issuer(number, day, province, old)
    assert implied is not None and implied.issuer == issuer


def test_numbers_that_name_no_body() -> None:
    assert implied_issuer("45/TB-SNN", dt.date(2024, 1, 1), "vinh-long", None) is None
    assert implied_issuer(None, None, "vinh-long", None) is None


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://github.com/vinzytruong/web/blob/main/src/data/ocop-product.data.ts", "github.com"),
        ("https://raw.githubusercontent.com/a/b/main/x.csv", "raw.githubusercontent.com"),
        ("https://gist.github.com/a/123", "gist.github.com"),
        ("https://gitlab.com/a/b", "gitlab.com"),
        ("https://bitbucket.org/a/b", "bitbucket.org"),
        ("https://codeberg.org/a/b", "codeberg.org"),
        ("https://sourceforge.net/projects/x", "sourceforge.net"),
        ("https://thanhhoa.gov.vn/portal/pages/print.aspx?p=14682", None),
        ("https://vietnamnews.vn/economy/1690849/28-products.html", None),
        ("https://notgithub.com/a", None),
    ],
)
def test_code_hosts(url: str, host: str | None) -> None:
    assert code_host(url) == host
