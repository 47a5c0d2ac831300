"""The `cchc` commands: a thin argparse front end over the application layer (CLI.md); `cchc_desktop.cli`
is the entry point, which answers `--version` before loading this."""

from __future__ import annotations

import logging
import sys

from cchc_desktop.app import UserError
from cchc_desktop.app.infra import logs, paths
from cchc_desktop.cli.load import assignments, decode_arguments, read_values
from cchc_desktop.cli.output import EXIT_FOUND_ERRORS, EXIT_OK, EXIT_REFUSED, print_json, say
from cchc_desktop.cli.parser import build_parser

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app import Workspace

# A command imports what it needs when it runs (issue 19): `--version` and `--help` load neither the
# database nor the use cases, `check` no spreadsheet or PDF library.

__all__ = ["COMMANDS", "build_parser", "run"]

log = logging.getLogger(__name__)


def _cmd_init(ws: Workspace, args) -> int:
    unit = ws.units.init_unit(
        force=args.force,
        code=args.unit_code,
        name=args.unit_name,
        level=args.level,
        frequency=args.frequency,
        place=args.place,
        parent_code=args.parent_code,
        parent_name=args.parent_name,
    )
    say(f"Đã khai báo đơn vị {unit.name} (mã {unit.code}) trong {ws.path}.")
    return EXIT_OK


def _cmd_set(ws: Workspace, args) -> int:
    period = ws.period(args.period)
    changed = ws.entry.set_values(period, assignments(args.assignments), args.unit)
    print(f"Đã lưu {changed} giá trị cho kỳ {period.label()}.")
    return EXIT_OK


def _cmd_load(ws: Workspace, args) -> int:
    period = ws.period(args.period)
    changed = ws.entry.set_values(period, read_values(args.file), args.unit)
    print(f"Đã lưu {changed} giá trị từ {args.file} cho kỳ {period.label()}.")
    return EXIT_OK


def _cmd_get(ws: Workspace, args) -> int:
    from cchc_desktop.app.content.value_listing import values_json

    period = ws.period(args.period)
    if args.by_unit:
        return _get_by_unit(ws, period, args)
    values = ws.entry.get_values(period, args.unit, consolidated=args.consolidated)
    if args.json:
        print_json(values_json(values))
        return EXIT_OK
    if not values:
        print(f"Chưa có số liệu nào cho {period.label()}.")
        return EXIT_OK
    _print_values(ws, period, values)
    return EXIT_OK


def _print_values(ws: Workspace, period, values: dict) -> None:
    from cchc_desktop.app.content.value_listing import missing_text, value_rows

    # The code comes last: the person reads label and value; the code is what `cchc set` takes.
    missing = missing_text(values)
    if missing:
        print(f"{missing}: số liệu của {period.label()} chỉ tính từ các kỳ đã nhập.")
    print("Chỉ tiêu\tGiá trị\tMã (dùng cho lệnh set)")
    for label, shown, code in value_rows(ws.template_for(period), values):
        say(f"{label}\t{shown}\t{code}")


def _get_by_unit(ws: Workspace, period, args) -> int:
    """The grand total as `--consolidated` prints it, then the sum of each level and each unit's own."""
    from cchc_desktop.app.content.value_listing import values_json

    figures = ws.consolidated.figures(period, args.unit)
    if args.json:
        print_json({**values_json(figures.total), "_by_unit": figures.to_json()})
        return EXIT_OK
    if not figures.total:
        print(f"Chưa có số liệu nào cho {period.label()}.")
        return EXIT_OK
    blocks = [("Tổng cộng", figures.total)]
    blocks += [(f"Cộng {level.name} ({len(level.units)} đơn vị)", level.values) for level in figures.levels]
    blocks += [(f"{item.unit.name} ({item.unit.code})", item.values) for item in figures.units()]
    for number, (title, values) in enumerate(blocks):
        say(f"{'' if number == 0 else chr(10)}== {title} ==")
        if values:
            _print_values(ws, period, values)
        else:
            print(f"Chưa có số liệu nào cho {period.label()}.")
    return EXIT_OK


def _violation_line(ws: Workspace, number: int, violation) -> str:
    kind = "LỖI" if violation.is_error else "CẢNH BÁO"
    periods = (*violation.also, violation.period) if violation.period else ()
    where = f" ({', '.join(ws.period(p).label() for p in periods)})" if periods else ""
    return f"{number}. [{kind}]{where} {violation.message}"


def _cmd_check(ws: Workspace, args) -> int:
    from cchc_desktop.app.usecases.checking import slips_and_notes
    from cchc_desktop.app.usecases.consolidated_checks import child_checks, consolidated_checks, standing_rules

    period = ws.period(args.period)
    found = ws.checks.check(period, args.unit)
    violations, notes = slips_and_notes(found)
    unexplained = [v for v in violations if v.is_error and not v.explanation]
    children = child_checks(ws.checks, period, args.unit)
    if args.json:
        known = standing_rules(violations, children)
        rest = [
            {**v.to_json(), "unit": "*"} for v in consolidated_checks(ws.consolidated, period, args.unit, known=known)
        ]
        print_json([v.to_json() for v in found] + rest + [row for item in children for row in item.to_json()])
        return EXIT_FOUND_ERRORS if unexplained else EXIT_OK
    label = period.label()
    if not violations:
        print(
            f"Không phát hiện sai sót nào trong {label}."
            if not children
            else f"Số liệu của đơn vị: không có sai sót ({label})."
        )
    for number, violation in enumerate(violations, start=1):
        say(_violation_line(ws, number, violation))
        if violation.explanation:
            say(f"   Giải trình: {violation.explanation}")
    errors = sum(v.is_error for v in violations)
    if violations:
        print(f"Tổng cộng: {errors} lỗi ({len(unexplained)} chưa giải trình), {len(violations) - errors} cảnh báo.")
    if any(not v.explanation for v in violations):
        unit = f" --unit {args.unit}" if args.unit else ""
        print(
            f'Giải trình một sai sót: cchc explain --period {period}{unit} SỐ "nội dung" (SỐ là số thứ tự ở đầu dòng).'
        )
    if notes:
        print("\nChưa đủ số liệu để kiểm tra (thông tin, không phải sai sót, không cần giải trình):")
        for note in notes:
            where = f"{ws.period(note.period).label()}: " if note.period else ""
            say(f"   - {where}{note.message}")
    _print_other_checks(ws, period, args, violations, children)
    return EXIT_FOUND_ERRORS if unexplained else EXIT_OK


def _print_other_checks(ws: Workspace, period, args, violations, children) -> None:
    """A parent's: slips of the consolidated figures, then each child's under its name (numbered as the
    child's own list, for `explain --unit`); they do not change the exit code."""
    from cchc_desktop.app.usecases.consolidated_checks import consolidated_checks, standing_rules

    rest = consolidated_checks(ws.consolidated, period, args.unit, known=standing_rules(violations, children))
    if rest:
        print("\nTrên số liệu tổng hợp (không phải số của riêng đơn vị nào):")
        for violation in rest:
            say("   " + _violation_line(ws, 0, violation).split(" ", 1)[1])
            if violation.explanation:
                say(f"      Giải trình: {violation.explanation}")
    for item in children:
        say(f"\nSai sót của {item.unit.name} ({item.unit.code}):")
        for number, violation in zip(item.numbers, item.violations, strict=True):
            say("   " + _violation_line(ws, number, violation))
            if violation.explanation:
                say(f"      Giải trình: {violation.explanation}")
    if children:
        print(
            f"Sai sót của đơn vị cấp dưới không chặn việc gửi báo cáo; đơn vị sửa số liệu rồi gửi lại tệp, hoặc giải "
            f'trình: cchc explain --period {period} --unit MÃ_ĐƠN_VỊ SỐ "nội dung".'
        )


def _cmd_explain(ws: Workspace, args) -> int:
    period = ws.period(args.period)
    rule = args.rule.strip()
    violations = [v for v in ws.checks.check(period, args.unit) if not v.is_info]
    label = period.label()
    chosen = None
    if rule.isdigit():
        number = int(rule)
        if not 1 <= number <= len(violations):
            listed = f"; lệnh check liệt kê {len(violations)} sai sót" if violations else ""
            raise UserError(f"Không có sai sót số {number} trong {label}{listed}.")
        chosen = violations[number - 1]
        rule = chosen.rule
    ws.checks.explain(period, rule, args.text, args.unit)
    chosen = chosen or next((v for v in violations if v.rule == rule), None)
    about = f": {chosen.message}" if chosen else "."
    print(f"Đã lưu giải trình ({label}) cho sai sót{about}")
    return EXIT_OK


def _cmd_submit(ws: Workspace, args) -> int:
    """Lock the period, then say (as the export's notes) what its report still lacks; a month is
    refused by the submit itself, so its report is not read for nothing."""
    from cchc_desktop.app.content.report_gaps import report_gaps

    period = ws.period(args.period)
    gaps = report_gaps(ws, period) if period.kind != "month" else None
    ws.reports.submit(period)
    print(f"Đã gửi (khóa) {period.label()}.")
    for line in gaps.lines() if gaps else []:
        say(f"Lưu ý: {line}")
    return EXIT_OK


def _cmd_reopen(ws: Workspace, args) -> int:
    period = ws.period(args.period)
    ws.reports.reopen(period, args.reason)
    print(f"Đã mở lại {period.label()}.")
    return EXIT_OK


def _cmd_backup(ws: Workspace, args) -> int:
    print(f"Đã sao lưu vào {ws.maintenance.backup(args.output)}.")
    return EXIT_OK


def _cmd_restore(args) -> int:
    """Restore never opens the current database first: it may be the damaged one being replaced."""
    from cchc_desktop.app.workspace.restore import restore_database

    print(restore_database(args.db, args.file).message())
    return EXIT_OK


def _cmd_export(ws: Workspace, args) -> int:
    from cchc_desktop.app.outputs.exporting import prepare

    writer = prepare(ws, args.period, args.kind, args.output)
    path = writer()
    print(f"Đã xuất {path}.")
    for note in writer.notes:
        say(f"Lưu ý: {note}")
    return EXIT_OK


def _cmd_units(ws: Workspace, args) -> int:
    from cchc_desktop.cli.units import cmd_units

    return cmd_units(ws, args)


def _cmd_status(ws: Workspace, args) -> int:
    from cchc_desktop.cli.units import cmd_status

    return cmd_status(ws, args)


def _cmd_import(ws: Workspace, args) -> int:
    from cchc_desktop.cli.units import cmd_import

    return cmd_import(ws, args)


def _cmd_onestop(ws: Workspace, args) -> int:
    from cchc_desktop.cli.onestop import run_onestop

    return run_onestop(ws, args)


def _cmd_report(ws: Workspace, args) -> int:
    from cchc_desktop.cli.report import run_report

    return run_report(ws, args)


COMMANDS = {
    "init": _cmd_init,
    "set": _cmd_set,
    "load": _cmd_load,
    "get": _cmd_get,
    "check": _cmd_check,
    "explain": _cmd_explain,
    "submit": _cmd_submit,
    "reopen": _cmd_reopen,
    "units": _cmd_units,
    "status": _cmd_status,
    "backup": _cmd_backup,
    "export": _cmd_export,
    "import": _cmd_import,
    "report": _cmd_report,
    "onestop": _cmd_onestop,
}


def _run(args) -> int:
    paths.default_db_path(args.db)  # a malformed server address is refused before anything else is done
    if args.command == "demo":
        from cchc_desktop.app.workspace.demo import create_demo

        target = paths.default_db_path(args.demo_db or args.db)
        path = create_demo(target, force=args.force, as_printed=args.as_printed)
        kind = "giữ đúng số liệu như báo cáo gốc đã in" if args.as_printed else "số liệu đã sửa theo chính báo cáo gốc"
        print(f"Đã tạo cơ sở dữ liệu mẫu (UBND thành phố Sa Đéc, quý III/2023; {kind}) tại: {path}")
        return EXIT_OK
    if args.command == "template":
        from cchc_desktop.cli.template import run_template

        return run_template(args)
    if args.command == "restore":
        return _cmd_restore(args)
    if args.command in ("sign", "verify", "trust"):
        from cchc_desktop.cli import sign

        return {"sign": sign.run_sign, "verify": sign.run_verify, "trust": sign.run_trust}[args.command](args)
    if args.command == "guide":
        from cchc_desktop.app.outputs.guide_print import write_guide

        print(f"Đã ghi hướng dẫn sử dụng vào {write_guide(args.output)}.")
        return EXIT_OK
    from cchc_desktop.app.workspace import Workspace

    ws = Workspace.open(args.db, create=args.command == "init")
    for warning in ws.warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    try:
        return COMMANDS[args.command](ws, args)
    finally:
        ws.close()


def run(argv: list[str]) -> int:
    """`cchc ARGV` (the streams made UTF-8 and the data folder private by `cli.main`); the exit status."""
    argv, problem = decode_arguments(argv)
    if problem:
        print(f"cchc: lỗi: {problem}", file=sys.stderr)
        return EXIT_REFUSED
    args = build_parser().parse_args(argv)
    logs.setup_logging()  # warnings and a bug's traceback go to the log file, never to the terminal
    try:
        return _run(args)
    except UserError as exc:
        say(str(exc), error=True)
        return EXIT_REFUSED
    except BrokenPipeError:
        sys.stdout = None
        return EXIT_OK
    except Exception:
        log.exception("unexpected error in cchc %s", args.command)
        print(f"Lỗi hệ thống — chi tiết trong {logs.log_path()}", file=sys.stderr)
        return 3
