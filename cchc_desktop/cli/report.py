"""`cchc report set|show --period P`: the report's own header and closing (CLI.md)."""

from __future__ import annotations

import argparse

from cchc_desktop.app.usecases.report_header import FIELDS
from cchc_desktop.cli.load import assignments
from cchc_desktop.cli.output import EXIT_OK, print_json, say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from cchc_desktop.app.workspace import Workspace

# What an unset field prints as: a blank for the Văn thư, or the unit's settings for who signs and Nơi nhận.
UNSET = {"so": "(để trống — Văn thư điền tay)", "ngay": "(để trống — Văn thư điền tay)"}
UNSET.update(dict.fromkeys(("tham_quyen", "chuc_vu", "nguoi_ky", "noi_nhan"), "(để trống — theo thông tin đơn vị)"))


def _fields(items: list[str]) -> dict[str, str]:
    typed = assignments(items, "Mục", "so=31 hoặc ngay=07/3/2025")
    return {key: value.replace("\\n", "\n") for key, value in typed.items()}  # a line break typed as \n


def run_report(ws: Workspace, args: argparse.Namespace) -> int:
    header = ws.report_header
    period = header.report_period(args.period)
    if args.action == "set":
        shown = header.set(period, _fields(args.assignments))
        print(f"Đã lưu thông tin văn bản của báo cáo {period.label()}.")
    else:
        shown = header.show(period)
        if args.json:
            print_json(shown)
            return EXIT_OK
    print(f"Thông tin văn bản — báo cáo {period.label()}:")
    for field in FIELDS:
        value = shown[field.key]
        lines = value.split("\n") if value else [UNSET.get(field.key, "(để trống)")]
        say(f"  {field.label} ({field.key}): {lines[0]}")  # what the clerk typed: shown, never sent raw
        for line in lines[1:]:
            say(f"      {line}")
    return EXIT_OK
