"""`cchc report set|show --period P`: the report's own header and closing (CLI.md)."""

from __future__ import annotations

import argparse
import json

from cchc_desktop.app import UserError
from cchc_desktop.app.usecases.report_header import FIELDS
from cchc_desktop.cli.output import EXIT_OK

TYPE_CHECKING = False
if TYPE_CHECKING:
    from cchc_desktop.app.workspace import Workspace

UNSET = "(để trống — Văn thư điền tay)"
UNSET_SIGNER = "(để trống — theo thông tin đơn vị)"


def _assignments(items: list[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UserError(f'"{item[:60]}" không đúng dạng MỤC=GIÁ_TRỊ (ví dụ so=31 hoặc ngay=07/3/2025).')
        if key in result:
            raise UserError(f'Mục "{key}" được gán hai lần trong cùng một lệnh.')
        result[key] = value.replace("\\n", "\n")  # a line break typed as \n (the preamble, Nơi nhận)
    return result


def run_report(ws: Workspace, args: argparse.Namespace) -> int:
    header = ws.report_header
    period = header.report_period(args.period)
    if args.action == "set":
        shown = header.set(period, _assignments(args.assignments))
        print(f"Đã lưu thông tin văn bản của báo cáo {period.label()}.")
    else:
        shown = header.show(period)
        if args.json:
            print(json.dumps(shown, ensure_ascii=False, indent=2))
            return EXIT_OK
    print(f"Thông tin văn bản — báo cáo {period.label()}:")
    for field in FIELDS:
        value = shown[field.key]
        empty = UNSET if field.key in ("so", "ngay") else UNSET_SIGNER if field.key in _SIGNER else "(để trống)"
        lines = value.split("\n") if value else [empty]
        print(f"  {field.label} ({field.key}): {lines[0]}")
        for line in lines[1:]:
            print(f"      {line}")
    return EXIT_OK


_SIGNER = ("tham_quyen", "chuc_vu", "nguoi_ky", "noi_nhan")
