"""`cchc onestop import FILE --period P [--yes] [--json]`: the one-stop system's Biểu II.06a read instead of
retyped (CLI.md). What would be stored is printed beside what is stored; it is stored on `--yes` or when the
clerk answers "c" at the question (read from standard input, a terminal or not; with --json it is not asked);
otherwise nothing changes."""

from __future__ import annotations

import argparse
import sys

from cchc_desktop.cli.output import EXIT_OK, EXIT_REFUSED, print_json, say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.onestop import OneStopPlan
    from cchc_desktop.app.workspace import Workspace

YES = ("c", "co", "có", "y", "yes")


def run_onestop(ws: Workspace, args: argparse.Namespace) -> int:
    plan = ws.onestop.preview(args.file, args.period)
    if not args.json:
        _show(plan)
    stored = None
    if plan.changed and (args.yes or (not args.json and _confirmed())):  # --json never asks: --yes stores
        stored = ws.onestop.store(plan)
    if args.json:
        print_json({**plan.to_json(), "stored": stored is not None})
    elif stored is not None:
        print(f"Đã lưu {stored} số liệu từ tệp {plan.file_name}.")
    elif plan.changed:
        print("Chưa lưu gì: cần xác nhận (trả lời “c”, hoặc thêm --yes).")
    else:
        print("Không có số nào khác số đang lưu: không cần lưu.")
    return EXIT_OK if stored is not None or not plan.changed else EXIT_REFUSED


def _show(plan: OneStopPlan) -> None:
    say(f"Tệp {plan.file_name} — số liệu hồ sơ TTHC {plan.period_label}:")
    for target in plan.targets:
        say(f"  {target.unit_name} ({target.unit_code}), lấy từ {target.source}:")
        for figure in target.figures:
            new = figure.new_text or "(trống: giữ số đang lưu)"
            mark = "  ← đổi" if figure.changes else ""
            say(f"    {figure.number} {figure.label}: {new} (đang lưu: {figure.current or 'chưa có'}){mark}")
    for row in plan.unmatched:
        say(f"  Không khớp đơn vị nào (không lưu): {row}")
    for note in plan.notes:
        say(f"Lưu ý: {note}")


def _confirmed() -> bool:
    print("Lưu các số liệu trên? (c/k): ", end="", flush=True)
    answer = sys.stdin.readline() if sys.stdin else ""
    return answer.strip().lower() in YES
