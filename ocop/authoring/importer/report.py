"""What an import tells the officer: the Markdown report, the CSV report (a line per row) and the summary line.

Every reason is given in Vietnamese, then in English. Rows that need a person come first, with every
reason counted (most rows first), so that one fix to the list can be seen to clear many rows. What
the importer told by itself for the rows it wrote (an issuer from a decision number, a group from a
name, a source link left out) is listed with those rows, for a person to check.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ...domain.units import units
from .result import ImportResult, Outcome, Reason


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rel(path: Path | None, base: Path) -> str:
    if path is None:
        return ""
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _reasons(reasons: tuple[Reason, ...] | list[Reason]) -> str:
    return "<br>".join(f"{_cell(vi)} / {_cell(en)}" for vi, en in reasons)


def report_markdown(result: ImportResult, products_dir: Path) -> str:
    """The report a person reads: counts, then rows that need a person, skipped rows, written records."""
    p = units().provinces[result.province]
    lines = [
        "# Báo cáo nhập danh sách OCOP / OCOP list import report",
        "",
        f"- Tệp / file: `{result.source.name}`",
        f"- Tỉnh / province: {p.name} (`{result.province}`)",
    ]
    if result.dry_run:
        lines.append("- **Chạy thử: chưa ghi tệp nào** / **dry run: nothing was written**")
    lines += _counts(result)
    if result.needs_person:
        lines += _needs_person(result)
    if result.skipped:
        lines += _skipped(result)
    if result.written:
        lines += _written(result, products_dir)
    if result.new_producers:
        lines += [
            "## Chủ thể mới / New producers",
            "",
            "| Mã / id | Tên / name | Loại hình / kind | Hồ sơ / record |",
            "|---|---|---|---|",
        ]
        for np_ in result.new_producers:
            lines.append(f"| `{np_.id}` | {_cell(np_.name)} | {np_.kind} | `{_rel(np_.path, products_dir)}` |")
        lines.append("")
    if result.other_problems:
        lines += [
            f"Lưu ý: danh mục đã có {result.other_problems} lỗi ở các hồ sơ khác (không do lệnh này); chạy `ocop check`.",
            f"Note: the catalogue has {result.other_problems} problems in other records (not from this import); "
            "run `ocop check`.",
            "",
        ]
    return "\n".join(lines)


def _counts(result: ImportResult) -> list[str]:
    return [
        "",
        "| Kết quả / result | Số dòng / rows |",
        "|---|---|",
        f"| {'Sẽ ghi' if result.dry_run else 'Đã ghi'} hồ sơ / records {'to write' if result.dry_run else 'written'} "
        f"| {len(result.written)} |",
        f"| Cần người xử lý / need a person | {len(result.needs_person)} |",
        f"| Bỏ qua / skipped | {len(result.skipped)} |",
        f"| Chủ thể mới / new producers | {len(result.new_producers)} |",
        "",
    ]


def _needs_person(result: ImportResult) -> list[str]:
    lines = [
        "## Cần người xử lý / Rows that need a person",
        "",
        "Sửa các ô trong tệp danh sách (hoặc tạo hồ sơ bằng `ocop new product`) rồi chạy lại lệnh: các dòng "
        "đã ghi sẽ được bỏ qua, không bị ghi đè.",
        "Fix the cells in the list (or write the record with `ocop new product`) and run the command again: "
        "rows already written are skipped, never overwritten.",
        "",
    ]
    lines += ["| Lý do / reason | Số dòng / rows |", "|---|---|"]
    for (vi, en), n in reason_counts(result.needs_person):
        lines.append(f"| {_cell(vi)} / {_cell(en)} | {n} |")
    lines.append("")
    lines += ["| Dòng / row | STT | Tên sản phẩm / product | Lý do / reasons |", "|---|---|---|---|"]
    for o in result.needs_person:
        lines.append(f"| {o.row} | {_cell(o.stt)} | {_cell(o.name)} | {_reasons(o.reasons)} |")
    lines.append("")
    return lines


def reason_counts(outcomes: list[Outcome]) -> list[tuple[Reason, int]]:
    """Every distinct reason of ``outcomes`` with the number of rows it holds back, most rows first."""
    counts: dict[Reason, int] = {}
    for o in outcomes:
        for r in dict.fromkeys(o.reasons):
            counts[r] = counts.get(r, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])  # stable: ties keep the list's order


def _skipped(result: ImportResult) -> list[str]:
    lines = ["## Bỏ qua / Skipped", "", "| Lý do / reason | Dòng / rows |", "|---|---|"]
    grouped: dict[tuple[Reason, ...], list[Outcome]] = {}
    for o in result.skipped:
        grouped.setdefault(tuple(o.reasons), []).append(o)
    for reasons, outs in grouped.items():
        rows = ", ".join(f"{o.row} ({_cell(o.name)})" if o.name else str(o.row) for o in outs)
        lines.append(f"| {_reasons(reasons)} | {rows} |")
    lines.append("")
    return lines


def _written(result: ImportResult, products_dir: Path) -> list[str]:
    lines = [
        f"## {'Sẽ ghi' if result.dry_run else 'Đã ghi'} / {'To write' if result.dry_run else 'Written'}",
        "",
        "Mỗi hồ sơ có ảnh minh họa và mô tả tự động: cần thay bằng ảnh chụp thật và mô tả chi tiết. "
        "Hãy kiểm tra xã/phường 2025 ở cột cuối, nhất là khi địa chỉ cũ đã được chuyển sang đơn vị mới.",
        "Each record has a placeholder picture and an automatic description: replace them with real photos and "
        "a real description. Check the 2025 commune in the last column, above all where an old address was "
        "mapped to a new unit.",
        "",
        "| Dòng / row | Tên sản phẩm / product | Hồ sơ / record | Chủ thể / producer | Xã, phường 2025 / commune |",
        "|---|---|---|---|---|",
    ]
    for o in result.written:
        lines.append(
            f"| {o.row} | {_cell(o.name)} | `{_rel(o.path, products_dir)}` | `{o.producer}` | "
            f"{_cell(o.note)} ({o.commune}) |"
        )
    lines.append("")
    remarks: dict[Reason, list[Outcome]] = {}
    for o in result.written:
        for r in o.remarks:
            remarks.setdefault(r, []).append(o)
    if remarks:
        lines += [
            "Máy tự suy ra (cần kiểm tra) / Told by the importer itself (check them):",
            "",
            "| Suy ra / inferred | Dòng / rows |",
            "|---|---|",
        ]
        for (vi, en), outs in remarks.items():
            lines.append(f"| {_cell(vi)} / {_cell(en)} | {', '.join(str(o.row) for o in outs)} |")
        lines.append("")
    return lines


def report_csv(result: ImportResult, products_dir: Path) -> str:
    """One line per row of the list, for a spreadsheet next to the list itself."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "dong_row",
            "stt",
            "ten_san_pham_name",
            "ket_qua_status",
            "ly_do",
            "reason",
            "ho_so_record",
            "xa_commune",
            "suy_ra",
            "inferred",
        ]
    )
    for o in result.outcomes:
        w.writerow(
            [
                o.row,
                o.stt,
                o.name,
                o.status,
                "; ".join(vi for vi, _ in o.reasons),
                "; ".join(en for _, en in o.reasons),
                _rel(o.path, products_dir),
                o.commune or "",
                "; ".join(vi for vi, _ in o.remarks),
                "; ".join(en for _, en in o.remarks),
            ]
        )
    return buf.getvalue()


def summary(result: ImportResult) -> str:
    """The line the command prints."""
    verb_vi = "sẽ ghi" if result.dry_run else "đã ghi"
    verb_en = "to write" if result.dry_run else "written"
    return (
        f"{verb_vi} {len(result.written)} hồ sơ, {len(result.new_producers)} chủ thể mới; "
        f"{len(result.needs_person)} dòng cần người xử lý; {len(result.skipped)} dòng bỏ qua / "
        f"{len(result.written)} records {verb_en}, {len(result.new_producers)} new producers; "
        f"{len(result.needs_person)} rows need a person; {len(result.skipped)} rows skipped"
    )
