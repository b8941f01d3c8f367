"""The ``ocop`` command: check records, publish the JSON Schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalogue import build_date, check
from .problems import format_report, in_github_actions
from .schema import write_json_schemas


def _catalogue_root(path: Path) -> Path:
    """The products folder a record file belongs to (products/<province>/<kind>/<file>)."""
    return path.resolve().parents[2] if path.is_file() else path


def cmd_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in (args.paths or ["products"])]
    today = build_date(args.today)
    problems = []
    roots: dict[Path, list[Path]] = {}
    for path in paths:
        if not path.exists():
            print(f"{path}: không tìm thấy / not found", file=sys.stderr)
            return 2
        roots.setdefault(_catalogue_root(path), []).append(path)
    for root, given in roots.items():
        found = check(root, today)
        # Cross-record rules need the whole catalogue; report only on the files asked about.
        files = {str(p.resolve()) for p in given if p.is_file()}
        if files:
            found = [p for p in found if str(Path(p.path).resolve()) in files]
        problems += found
    if in_github_actions():
        for p in problems:
            print(p.annotation())
    if problems:
        print(format_report(problems))
        return 1
    print("Không có lỗi / no problems found")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    for path in write_json_schemas(Path(args.out)):
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ocop", description="OCOP open catalogue tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="kiểm tra hồ sơ / check records")
    p.add_argument("paths", nargs="*", help="products folder or record files (default: products)")
    p.add_argument("--today", help="check as of this date (YYYY-MM-DD)")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("schema", help="ghi JSON Schema / write the JSON Schema files")
    p.add_argument("--out", default="schema")
    p.set_defaults(func=cmd_schema)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
