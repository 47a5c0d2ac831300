"""The commands of the level above: child units (`units`), who has reported (`status`) and the
import of the units' annexes (`import`)."""

from __future__ import annotations

from cchc_desktop.app import UserError, Workspace
from cchc_desktop.app.content.value_listing import date_text, time_text
from cchc_desktop.app.usecases.consolidation import CompletenessSummary
from cchc_desktop.app.usecases.context import sentence_case
from cchc_desktop.app.usecases.units import FREQUENCIES, unit_validity
from cchc_desktop.cli.output import EXIT_OK, EXIT_REFUSED, print_json, say


def _unit_fields(args) -> dict:
    return {
        "name": args.name,
        "level": args.level,
        "frequency": args.frequency,
        "short_name": args.short_name,
        "valid_from": args.valid_from,
        "deadline_day": args.deadline_day,
    }


def _unit_line(ws: Workspace, unit) -> str:
    level = ws.units.levels().get(unit.level, unit.level)
    frequency = f"nhập theo {FREQUENCIES.get(unit.frequency, unit.frequency)}"
    deadline = f"\thạn gửi ngày {unit.deadline_day} tháng cuối kỳ" if unit.deadline_day else ""
    validity = unit_validity(unit, ws.units.predecessors(unit.code))
    return f"{unit.code}\t{unit.name}\t{level}\t{frequency}{deadline}{validity}"


def cmd_units(ws: Workspace, args) -> int:
    if args.action == "add":
        unit = ws.units.add_child(code=args.code, **_unit_fields(args))
        say(f"Đã thêm đơn vị trực thuộc: {_unit_line(ws, unit)}")
        return EXIT_OK
    if args.action == "edit":
        if args.code and args.code_arg and args.code != args.code_arg:
            raise UserError(f'Hai mã đơn vị khác nhau: "{args.code_arg}" và --code "{args.code}"; chỉ ghi một mã.')
        code = args.code or args.code_arg
        if not code:
            raise UserError("Thiếu mã đơn vị cần sửa: cchc units edit MÃ … (hoặc --code MÃ).")
        fields = {key: value for key, value in _unit_fields(args).items() if value is not None}
        if not fields:
            raise UserError(
                "Không có gì để sửa: ghi ít nhất một trong --name, --level, --frequency, --short-name, "
                "--valid-from, --deadline-day."
            )
        unit = ws.units.edit_child(code, **fields)
        say(f"Đã sửa đơn vị trực thuộc: {_unit_line(ws, unit)}")
        return EXIT_OK
    if args.action == "merge":
        new, olds, changed = ws.units.merge(args.into, args.sources, args.from_date)
        done = "Đã ghi nhận sáp nhập" if changed else "Sáp nhập này đã được ghi nhận từ trước, không thay đổi gì"
        say(f"{done}: {_unit_line(ws, new)}")
        for old in olds:
            say(f"  {_unit_line(ws, old)}")
        return EXIT_OK
    units = ws.units.all()
    if args.json:
        print_json([unit.to_json() for unit in units])
        return EXIT_OK
    for unit in units:
        mark = "*" if unit.is_self else " "
        parent = f"\tcấp trên: {unit.parent_code}" if unit.parent_code else ""
        say(f"{mark} {_unit_line(ws, unit)}{parent}")
    return EXIT_OK


def cmd_status(ws: Workspace, args) -> int:
    from cchc_desktop.app.usecases.received_status import status_row, table_lines

    period = ws.period(args.period)
    info = ws.reports.status(period)
    children = ws.consolidation.completeness(period)
    if args.json:
        counts = CompletenessSummary.of(children).to_json()
        print_json({**info.to_json(), "children": [child.to_json() for child in children], "summary": counts})
        return EXIT_OK
    state = "đã gửi" if info.submitted else "đang nhập"
    who = f" — {info.by}, lúc {time_text(info.at)}" if info.by and info.at else ""
    say(f"{sentence_case(info.label)}: {state}{who}")
    print(f"Thời gian chốt số liệu: từ ngày {date_text(info.cutoff_start)} đến ngày {date_text(info.cutoff_end)}")
    print(f"Hạn gửi báo cáo: ngày {date_text(info.deadline)}")
    if children:
        levels, summary = ws.units.levels(), CompletenessSummary.of(children)
        rows = [status_row(child, levels) for child in children]
        print()
        for line in table_lines(rows):
            say(line)
        print()
        print(f"{summary.text()}.")
    return EXIT_OK


IMPORTED_LEAD = "Đã nhập: "  # how an imported file's message starts; the verdict's word says it already
VERDICT_WORDS = {
    "imported": "ĐÃ NHẬP",
    "replaced": "ĐÃ THAY",
    "refused": "TỪ CHỐI",
    "needs_choice": "CẦN CHỌN",
    "unknown_unit": "CHƯA KHAI BÁO",
}


def cmd_import(ws: Workspace, args) -> int:
    verdicts = ws.imports.import_files(
        args.files, accept_visible=args.accept_visible, replace=args.yes, declare=args.yes
    )
    done = sum(verdict.ok for verdict in verdicts)
    if args.json:
        print_json([verdict.to_json() for verdict in verdicts])
        return EXIT_OK if done == len(verdicts) else EXIT_REFUSED
    for verdict in verdicts:
        named = verdict.name in verdict.message
        said = verdict.said
        if verdict.status == "imported" and said.startswith(IMPORTED_LEAD):
            said = said[len(IMPORTED_LEAD) :]  # «ĐÃ NHẬP tệp: UBND …», not «ĐÃ NHẬP tệp: Đã nhập: UBND …»
        say(f"{VERDICT_WORDS[verdict.status]}{'' if named else ' ' + verdict.name}: {said}")
        for label, exported, current in verdict.changed:
            say(f"    {label}: số đã xuất {exported}, số đang hiển thị {current}")
    print(f"Đã nhập {done}/{len(verdicts)} tệp.")
    return EXIT_OK if done == len(verdicts) else EXIT_REFUSED
