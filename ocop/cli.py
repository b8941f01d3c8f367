"""The ``ocop`` command: check records, publish the JSON Schema."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .authoring.published import PublishedError, check_published, read_published
from .authoring.registry import CODEOWNERS, REGISTRY, check_placeholders, check_scope, codeowners, load_registry
from .build.catalogue import check, load_catalogue
from .build.discover import KIND_OF_DIR
from .build.outputs import schema_files
from .build.settings import build_date, in_github_actions
from .domain.problems import BilingualError, ProblemsFound, format_report
from .domain.text import escaped
from .domain.units import units
from .store import Store, write_atomic

CACHE = Path(".cache/ocop")  # the same content cache the build uses, relative to the repository


@dataclass(frozen=True)
class Target:
    """What ``ocop check PATH`` checks: the whole catalogue (cross-record rules need it), reporting
    only on ``scope`` (a file or a folder inside it) when one is given."""

    root: Path
    scope: Path | None = None
    said_vi: str = ""  # what was checked, said before the report
    said_en: str = ""

    def covers(self, shown: str) -> bool:
        if self.scope is None:
            return True
        path = _where(Path(shown))
        return path == self.scope or self.scope in path.parents


def _where(path: Path) -> Path:
    """An absolute path with its folders resolved but not its last part (which may be a symlink)."""
    path = Path(os.path.abspath(path))
    return Path(os.path.realpath(path.parent)) / path.name


def _province_like(folder: Path) -> bool:
    return folder.name in units().provinces or any((folder / kind).is_dir() for kind in KIND_OF_DIR)


def _refuse(path: Path, vi: str, en: str) -> BilingualError:
    return BilingualError(f"'{path}' {vi}", f"'{path}' {en}")


def _target(path: Path) -> Target:
    """Where a path given to ``ocop check`` sits in a catalogue; BilingualError for anything else."""
    if not os.path.lexists(path):
        raise _refuse(path, "không tìm thấy", "not found")
    where = _where(path)
    if not where.is_dir() or where.is_symlink():
        if where.parent.name in KIND_OF_DIR and len(where.parents) >= 3:
            root = where.parents[2]
            return Target(
                root,
                where,
                f"Đã kiểm tra tệp {path} (đối chiếu với cả danh mục {root})",
                f"checked file {path} (against the whole catalogue in {root})",
            )
        raise _refuse(
            path,
            "không phải tệp hồ sơ trong <tỉnh>/san-pham/ hoặc <tỉnh>/chu-the/; để kiểm tra cả danh mục: ocop check products",
            "is not a record file in <province>/san-pham/ or <province>/chu-the/; to check the whole catalogue: "
            "ocop check products",
        )
    if where.name in KIND_OF_DIR and _province_like(where.parent):
        root = where.parent.parent
        return Target(
            root,
            where,
            f"Đã kiểm tra thư mục {path} (đối chiếu với cả danh mục {root})",
            f"checked folder {path} (against the whole catalogue in {root})",
        )
    if _province_like(where):
        root = where.parent
        return Target(
            root,
            where,
            f"Đã kiểm tra tỉnh {where.name} (đối chiếu với cả danh mục {root})",
            f"checked province {where.name} (against the whole catalogue in {root})",
        )
    if any(child.is_dir() and _province_like(child) for child in where.iterdir()):
        return Target(where)
    hint = where / "products"
    vi_hint = f"; có phải '{path / 'products'}'?" if hint.is_dir() else ""
    en_hint = f"; did you mean '{path / 'products'}'?" if hint.is_dir() else ""
    raise _refuse(
        path,
        f"không phải thư mục dữ liệu (có các thư mục tỉnh), thư mục tỉnh hay tệp hồ sơ{vi_hint}",
        f"is not a catalogue folder (holding province folders), a province folder or a record file{en_hint}",
    )


def _today(args: argparse.Namespace) -> dt.date:
    """The day to check as of: --today, else OCOP_BUILD_DATE (as the build reads it), else today in Vietnam."""
    if args.today:
        return build_date(args.today, "--today")
    return build_date(os.environ.get("OCOP_BUILD_DATE") or None, "OCOP_BUILD_DATE")


def cmd_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in (args.paths or ["products"])]
    try:
        today = _today(args)
        targets = [_target(path) for path in paths]
    except BilingualError as exc:  # a setting or a path that cannot be used: one line, no traceback
        print(str(exc), file=sys.stderr)
        return 2
    problems = []
    if args.changed is not None and not args.scope:
        print("--changed cần --scope / --changed needs --scope", file=sys.stderr)
        return 2
    if args.scope:
        problems += check_scope(args.scope, args.changed or [])
        problems += check_placeholders(args.changed or [], Path("."))
    if args.published:
        published = Path(args.published)
        try:
            cat = load_catalogue(targets[0].root, today, Store(CACHE))
        except ProblemsFound as exc:
            problems += exc.problems
        else:
            try:
                entries = read_published(published)
            except PublishedError as exc:
                print(str(exc), file=sys.stderr)
                return 2
            problems += check_published(cat, entries, str(published))
    by_root: dict[Path, list[Target]] = {}
    for target in targets:
        by_root.setdefault(target.root, []).append(target)
    for root, given in by_root.items():
        found = check(root, today, Store(CACHE))
        # Cross-record rules need the whole catalogue; report only on what was asked about.
        problems += [p for p in found if any(t.covers(p.path) for t in given)]
    problems = sorted(set(problems))
    if in_github_actions():
        for p in problems:
            print(p.annotation())
    for target in targets:
        if target.said_vi:
            print(escaped(f"{target.said_vi} / {target.said_en}"))
    if problems:
        print(format_report(problems))
        return 1
    print("Không có lỗi / no problems found")
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    """Write .github/CODEOWNERS from provinces.yml, or with --check say whether it is current."""
    repo = Path(args.repo)
    text = codeowners(load_registry(repo))
    target = repo / CODEOWNERS
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{CODEOWNERS} khác với {REGISTRY}; chạy `ocop codeowners` / is out of date; run `ocop codeowners`")
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(target)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    for name, data in schema_files().items():
        path = Path(args.out) / Path(name).name
        write_atomic(path, data)
        print(path)
    return 0


def cmd_new(args: argparse.Namespace) -> int:

    from .authoring.scaffold import ScaffoldError, new_producer, new_product, published_ids, todo_lines

    products_dir = Path(args.products_dir)
    try:
        published = published_ids(Path(args.published) if args.published else None)
        if args.kind == "product":
            written = new_product(
                products_dir,
                args.province,
                producer=args.producer,
                commune=args.commune,
                published=published,
                today=build_date(args.today),
            )
        else:
            written = [
                new_producer(
                    products_dir,
                    args.province,
                    kind=args.producer_kind,
                    name=args.name,
                    commune=args.commune,
                    published=published,
                )
            ]
    except ScaffoldError as exc:
        print(f"{exc.vi}\n{exc.en}", file=sys.stderr)
        return 2
    label = {"product": ("sản phẩm", "product"), "producer": ("chủ thể", "producer")}
    vi, en = [], []
    for w in written:
        vi.append(f"Đã tạo hồ sơ {label[w.kind][0]} {w.path} (mã {w.id}).")
        en.append(f"Wrote {label[w.kind][1]} record {w.path} (id {w.id}).")
        for extra in w.extra:
            vi.append(f"  Ảnh minh họa tạm: {extra}")
            en.append(f"  Placeholder picture: {extra}")
    if args.kind == "product" and not args.producer:
        vi.append("  Chưa chọn chủ thể nên đã tạo luôn hồ sơ chủ thể mới ở trên. Nếu chủ thể đã có hồ sơ, sửa trường")
        vi.append("  producer thành mã của chủ thể đó và xóa tệp chủ thể mới.")
        en.append("  No --producer was given, so a new producer record was written too. If the producer already has")
        en.append("  a record, put its id in the producer field and delete the new producer file.")
    vi.append("Cần điền (các dòng có chữ CẦN ĐIỀN):")
    en.append("To fill in (the lines marked CẦN ĐIỀN):")
    for w in written:
        for item_vi, item_en in w.todo:
            vi.append(f"  - {w.path.name}: {item_vi}")
            en.append(f"  - {w.path.name}: {item_en}")
        for n, line in todo_lines(w.path):
            vi.append(f"    {w.path}:{n}: {line}")
    vi.append(f"Sau đó kiểm tra: ocop check {products_dir}")
    en.append(f"Then check: ocop check {products_dir}")
    print("\n".join(vi))
    print()
    print("\n".join(en))
    return 0


def cmd_import(args: argparse.Namespace) -> int:

    from .authoring.importer import (
        Defaults,
        ImportError_,
        import_file,
        parse_mapping,
        report_csv,
        report_markdown,
        summary,
    )
    from .authoring.scaffold import ScaffoldError, published_ids

    products_dir = Path(args.products_dir)
    try:
        date = None
        if args.decision_date:
            from .authoring.importer import parse_date

            date = parse_date(args.decision_date)
            if date is None:
                raise ImportError_(
                    f"--decision-date '{args.decision_date}' không phải ngày (viết 2021-04-06 hoặc 06/04/2021)",
                    f"--decision-date '{args.decision_date}' is not a date (write 2021-04-06 or 06/04/2021)",
                )
        result = import_file(
            Path(args.file),
            args.province,
            products_dir,
            mapping=parse_mapping(args.map),
            defaults=Defaults(args.decision, date, args.issuer, args.group),
            dry_run=args.dry_run,
            today=build_date(args.today),
            published=published_ids(Path(args.published) if args.published else None),
            sheet=args.sheet,
        )
    except (ImportError_, ScaffoldError) as exc:
        print(f"{exc.vi}\n{exc.en}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{args.file}: không đọc được / cannot read ({exc.strerror})", file=sys.stderr)
        return 2
    if args.report:
        report = Path(args.report)
        text = (
            report_csv(result, products_dir)
            if report.suffix.lower() == ".csv"
            else report_markdown(result, products_dir)
        )
        report.write_text(text, encoding="utf-8")
        print(summary(result))
        print(f"Báo cáo / report: {report}")
    else:
        print(report_markdown(result, products_dir))
        print(summary(result))
    return 0


def cmd_labels(args: argparse.Namespace) -> int:
    """Print-ready labels (a PDF) for the products and lots chosen; their QR codes carry the site's address."""
    from urllib.parse import urlsplit

    from .build import labels
    from .build.settings import DEMO_HOSTS, check_site_url

    env = os.environ.get("OCOP_SITE_URL")
    site_url, source = (
        (args.site_url, "--site-url")
        if args.site_url
        else (env, "OCOP_SITE_URL")
        if env
        else (f"https://{DEMO_HOSTS[0]}/", "mặc định của mkdocs.yml / mkdocs.yml's default")
    )
    out, sizes = Path(args.out or ""), ", ".join(labels.SIZES)
    try:
        if args.size not in labels.SIZES:
            raise BilingualError(
                f"--size '{args.size or ''}': chọn {sizes}", f"--size '{args.size or ''}': choose {sizes}"
            )
        if not args.out or out.is_dir():
            raise BilingualError("cần --out TỆP.pdf", "--out FILE.pdf is needed")
        check_site_url(site_url, demo_banner=True)
        site_url = site_url if site_url.endswith("/") else site_url + "/"
        today = _today(args)
        if not Path(args.products_dir).is_dir():
            raise _refuse(Path(args.products_dir), "không tìm thấy thư mục dữ liệu", "products folder not found")
        cat = load_catalogue(Path(args.products_dir), today, Store(CACHE))
        chosen, skipped = labels.select(cat, site_url, args.ids, args.province, args.producer, args.lot)
    except BilingualError as exc:  # a request that cannot be met: one line, no traceback
        print(str(exc), file=sys.stderr)
        return 2
    except ProblemsFound as exc:
        print(format_report(exc.problems), file=sys.stderr)
        print("Danh mục có lỗi, chưa in nhãn / the catalogue has problems; no labels printed", file=sys.stderr)
        return 1
    print(f"Mã QR trỏ tới / QR codes point at {site_url} ({source})", file=sys.stderr)
    if urlsplit(site_url).hostname in DEMO_HOSTS:
        print(
            "Cảnh báo: địa chỉ minh họa, mã QR in ra không dẫn tới đâu; đặt --site-url hoặc OCOP_SITE_URL / "
            "warning: a demonstration address, printed codes lead nowhere; set --site-url or OCOP_SITE_URL",
            file=sys.stderr,
        )
    for line in skipped:
        print(f"Bỏ qua / left out: {line}", file=sys.stderr)
    try:
        write_atomic(out, labels.label_pdf(chosen, args.size))
    except OSError as exc:
        print(f"'{out}': không ghi được / cannot write ({exc.strerror})", file=sys.stderr)
        return 2
    print(f"Đã ghi {len(chosen)} nhãn {args.size} vào {out} / wrote {len(chosen)} {args.size} labels to {out}")
    return 0


def cmd_keep_site(args: argparse.Namespace) -> int:
    """Move the built site into the store (publish.Publisher.keep): for a CI job, after uploading it."""
    from .build.publish import Publisher

    site = Path(args.site)
    cache = Path(args.cache_dir or os.environ.get("OCOP_CACHE_DIR") or CACHE)
    try:
        publisher = Publisher(site, Store(cache))
        with publisher.locked():
            publisher.keep()
    except BilingualError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(
        f"Đã chuyển {site} vào kho {cache}: lần dựng sau chỉ ghi phần đã đổi / moved {site} into the store "
        f"{cache}: the next build writes only what changed"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ocop", description="OCOP open catalogue tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="kiểm tra hồ sơ / check records")
    p.add_argument("paths", nargs="*", help="products folder or record files (default: products)")
    p.add_argument("--today", help="check as of this date (YYYY-MM-DD)")
    p.add_argument("--scope", help="thư mục tỉnh của thay đổi / the province folder a change belongs to")
    p.add_argument("--changed", nargs="*", help="tệp đã đổi (đường dẫn trong kho) / changed files, repository paths")
    p.add_argument("--published", help="ids.json đã công bố / the previously deployed ids.json")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("codeowners", help="sinh .github/CODEOWNERS từ provinces.yml / generate CODEOWNERS")
    p.add_argument("--repo", default=".")
    p.add_argument("--check", action="store_true", help="only report whether it is up to date")
    p.set_defaults(func=cmd_codeowners)
    p = sub.add_parser("schema", help="ghi JSON Schema / write the JSON Schema files")
    p.add_argument("--out", default="schema")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("new", help="tạo hồ sơ mới có mã mới / write a new record skeleton with a fresh id")
    p.add_argument("kind", choices=["product", "producer"], help="product (sản phẩm) or producer (chủ thể)")
    p.add_argument("--province", required=True, help="thư mục tỉnh / province folder, e.g. vinh-long")
    p.add_argument("--producer", help="mã chủ thể đã có / an existing producer id (product only)")
    p.add_argument("--kind", dest="producer_kind", default=None, help="loại hình chủ thể / producer kind")
    p.add_argument("--name", help="tên chủ thể / the producer's name (producer only)")
    p.add_argument("--commune", help="mã xã/phường 2025 / 2025 commune code")
    p.add_argument("--products-dir", default="products")
    p.add_argument("--published", help="ids.json: mọi mã đã công bố / every id ever published")
    p.add_argument("--today", help="ngày tạo / creation date (YYYY-MM-DD)")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("import", help="nhập danh sách .csv/.xlsx / import a .csv or .xlsx list")
    p.add_argument("file", help="tệp danh sách / the list (.csv or .xlsx)")
    p.add_argument("--province", required=True, help="thư mục tỉnh / province folder, e.g. vinh-long")
    p.add_argument("--products-dir", default="products")
    p.add_argument("--map", help="'Tên cột=trường,...' / 'Column=field,...' (fields: name, producer, address, ...)")
    p.add_argument("--report", help="ghi báo cáo (.md hoặc .csv) / write the report (.md or .csv)")
    p.add_argument("--dry-run", action="store_true", help="chạy thử, không ghi tệp / write nothing")
    p.add_argument("--decision", help="số quyết định cho các dòng để trống / decision number for empty cells")
    p.add_argument("--decision-date", help="ngày quyết định cho các dòng để trống / decision date for empty cells")
    p.add_argument(
        "--issuer",
        help="cơ quan cấp cho các dòng để trống (thường không cần: suy ra từ số quyết định QĐ-UBND, QĐ-BNN) / "
        "issuing body for empty cells (rarely needed: inferred from a QĐ-UBND or QĐ-BNN decision number)",
    )
    p.add_argument("--group", help="nhóm sản phẩm cho các dòng để trống / product group for empty cells")
    p.add_argument("--sheet", help="tên trang tính (.xlsx) / worksheet name")
    p.add_argument("--published", help="ids.json: mọi mã đã công bố / every id ever published")
    p.add_argument("--today", help="kiểm tra theo ngày / check as of this date (YYYY-MM-DD)")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("labels", help="in nhãn có mã QR (PDF) / print-ready labels with the QR code (PDF)")
    p.add_argument("ids", nargs="*", help="mã sản phẩm hoặc mã lô / product or lot ids")
    p.add_argument("--province", help="mọi sản phẩm của tỉnh / every product of a province, e.g. ha-noi")
    p.add_argument("--producer", help="mọi sản phẩm của chủ thể / every product of a producer (its id)")
    p.add_argument("--lot", action="append", help="số lô in trên bao bì / a lot number as printed (repeatable)")
    p.add_argument("--size", help="40x30mm, 50x30mm hoặc/or a4 (tờ nhãn có dấu cắt / a sheet with crop marks)")
    p.add_argument("--out", help="tệp PDF ghi ra / the PDF file to write")
    p.add_argument("--site-url", help="địa chỉ trang (mặc định OCOP_SITE_URL) / the site's address")
    p.add_argument("--products-dir", default="products")
    p.add_argument("--today", help="ngày xét hiệu lực chứng nhận / check certificates as of (YYYY-MM-DD)")
    p.set_defaults(func=cmd_labels)
    p = sub.add_parser(
        "keep-site",
        help="chuyển site/ đã tải lên vào kho (bộ đệm CI) / move the uploaded site/ into the store (the CI cache)",
    )
    p.add_argument("--site", default="site", help="thư mục trang đã dựng / the built site folder")
    p.add_argument("--cache-dir", help="kho (mặc định OCOP_CACHE_DIR hoặc .cache/ocop) / the store")
    p.set_defaults(func=cmd_keep_site)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
