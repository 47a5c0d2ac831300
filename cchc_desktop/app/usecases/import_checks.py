"""Checks of an import beyond the file itself: the quarter figures the annex shows recomputed from its
`_cchc` values, a file of another template version mapped to the version in force, and the parent's
submitted (locked) periods, and the words of a file refused because the same unit and period were stored
meanwhile. Each failing check raises through `refuse(message)`; nothing is stored."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from decimal import Decimal

from cchc_desktop.app.usecases.context import Context
from db import store
from db.records import Unit
from exports.annex_reader import AnnexContent, VisibleCell
from forms.aggregate import aggregate_time
from forms.catalog import Template
from forms.computed import complete
from forms.errors import UserError
from forms.numbers import format_datetime, format_number
from forms.periods import Period, parse_period
from forms.safe_text import quoted
from forms.values import from_storage

log = logging.getLogger(__name__)
Refuse = Callable[[str], Exception]
Texts = dict[str, dict[str, str]]  # period → {code: text}


def shown_value(value: object) -> str:
    """A value as a message quotes it: `1.138`, `(trống)` for none; a text read from a file with its
    control characters shown by their code and cut (quoted)."""
    if value is None:
        return "(trống)"
    if isinstance(value, Decimal):
        if value.is_finite() and abs(value.adjusted()) > 40:
            return quoted(f"{value:E}", 40)
        return format_number(value)
    return quoted(value)


def cell_label(cell: VisibleCell) -> str:
    """A visible cell as a message names it: where a clerk finds it in Excel and its row's label (from
    the file, quoted): `ô C10 của biểu Hồ sơ TTHC, dòng “UBND Phường 1”` — never `PL2 Hồ sơ TTHC!C10`."""
    return f"{cell.place}, dòng “{quoted(cell.label)}”" if cell.label else cell.place


def tampered_message(content: AnnexContent, name: str, path) -> str:
    """A file whose check codes do not match what it holds: what happened, in words; which code and
    the values read go to the log (English), not to the clerk."""
    log.warning("annex %s refused, check codes do not match: %s", path, "; ".join(content.checksum_problems))
    return (
        f"Tệp {name}: mã kiểm tra của tệp không khớp — tệp đã bị sửa sau khi xuất (số liệu, đơn vị, kỳ hoặc thời "
        "gian xuất không còn như lúc xuất). Hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
    )


def check_aggregates(
    cells: list[VisibleCell], texts: Texts, unit: Unit, period: Period, template: Template, name: str, refuse: Refuse
) -> None:
    """A report period longer than the unit's entry period (a quarter of a monthly unit): every figure
    the annex shows for it is recomputed from the file's entry-period values (sum/last/… per the
    indicator's `time`, then rates and sums) and must be the number exported in that cell."""
    if period.is_shorter_than_entry(unit.frequency):
        return
    entries = period.entry_periods(unit.frequency)
    if entries == [period]:
        return  # the cells hold the stored values themselves: the cross-check in `_texts` compares them
    series = []
    for entry in entries:
        typed = {}
        for code, text in texts.get(str(entry), {}).items():
            indicator = template.indicators.get(code)
            if indicator is not None and indicator.is_numeric:
                typed[code] = from_storage(indicator, text)
        series.append(typed)
    names = [str(entry) for entry in entries]
    figures = complete(template, aggregate_time(template, series, names))  # as the export computed them
    report = str(period)
    for cell in cells:
        if cell.period != report or not cell.code:
            continue
        indicator = template.indicators.get(cell.code)
        if indicator is not None and not indicator.is_numeric:
            continue
        if indicator is None and cell.code not in template.computed:
            continue
        value = figures.get(cell.code)
        number = Decimal(str(value)) if isinstance(value, int | Decimal) else None
        if number != cell.exported:
            raise refuse(
                f"Tệp {name}: số {period.short_label()} tại {cell_label(cell)} tính lại từ số liệu các kỳ trong "
                f"trang dữ liệu ẩn là {shown_value(number)}, khác số đã in trên biểu "
                f"({shown_value(cell.exported)}). Trang dữ liệu đã bị sửa; hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
            )


def map_version(ctx: Context, texts: Texts, source: Template, period: Period, name: str, refuse: Refuse) -> str:
    """The file's values named by the codes of the template version in force for its period here (in
    place); the version they are stored with. A code with no counterpart in that version is refused by
    its label: dropping it would lose a figure the unit sent."""
    try:
        target = ctx.template_for(period)
    except UserError as exc:
        raise refuse(f"Tệp {name}: {exc}") from None
    if target.version == source.version:
        return source.version
    templates = ctx.templates
    for entry, values in texts.items():
        mapped: dict[str, str] = {}
        for code, text in values.items():
            found = templates.translate({code: text}, source.version, target.version)
            if not found:
                indicator = source.indicators.get(code)
                label = f"“{indicator.label}” (mã {code})" if indicator else f"mã {code}"
                raise refuse(
                    f"Tệp {name} được lập theo mẫu báo cáo phiên bản {source.version}; chỉ tiêu {label} của "
                    f"{parse_period(entry).label()} không có chỉ tiêu tương ứng trong mẫu {target.version} đang áp "
                    f"dụng cho {period.label()}, nên tệp không được nhập (số liệu sẽ bị mất). Hãy đề nghị đơn vị "
                    f"cài mẫu {target.version} rồi xuất lại phụ lục."
                )
            ((new, value),) = found.items()
            if new in mapped:
                raise refuse(
                    f"Tệp {name}: hai chỉ tiêu của mẫu {source.version} cùng ứng với chỉ tiêu "
                    f"“{target.indicators[new].label}” của mẫu {target.version}; tệp không được nhập. Hãy đề nghị "
                    f"đơn vị cài mẫu {target.version} rồi xuất lại phụ lục."
                )
            mapped[new] = str(value)
        texts[entry] = mapped
    return target.version


def check_parent_lock(
    ctx: Context, texts: Texts, period: Period, name: str, refuse: Refuse, locks: list[Period] | None = None
) -> None:
    """The file's figures feed this unit's reports of their periods: a submitted (locked) report period
    overlapping them (the same, one containing it, or one inside it) refuses the file, naming who
    locked it, when, and how to reopen it. `locks`: this unit's submitted periods, when just read."""
    locks = ctx.submitted(ctx.self_row()) if locks is None else locks
    if not locks:
        return
    parent = ctx.self_row()
    for fed in [period, *(parse_period(text) for text in texts)]:
        for lock in locks:
            if lock == fed or lock.contains(fed) or fed.contains(lock):
                raise refuse(
                    f"Tệp {name}: số liệu của tệp được tổng hợp vào báo cáo {lock.label()} của {parent.name}. "
                    f"{ctx.locked_text(parent, lock)} Sau đó nhập lại tệp."
                )


def meanwhile_message(unit: Unit, period: Period, periods: list[str], name: str, import_action: str) -> str:
    """Why a file is refused when, between its checks and its transaction, the unit's figures of its
    periods were stored by someone else: by which import (file, who, when), or by whom they were changed."""
    change = store.last_change(unit.code, periods, skip=("giai_trinh",))
    when = f"lúc {format_datetime(change.at)}" if change is not None and change.at else "vừa xong"
    figures = f"số liệu của {unit.name} {period.label()}"
    if change is not None and change.action in (import_action, "nhap_tep"):
        record = store.last_imports([unit.code], periods).get(unit.code)
        source = json.loads(record[2]).get("file", "") if record is not None and record[2] else ""
        other = f" từ tệp {source}" if source else ""
        what = f"{figures} vừa được nhập{other} (người nhập: {change.author}, {when})"
    else:
        who = change.author if change is not None and change.author else "người khác"
        what = f"{figures} vừa được {who} thay đổi ({when})"
    return (
        f"Tệp {name}: trong lúc tệp này đang được nhập, {what}. Không lưu gì của tệp {name}. Hãy xem số liệu "
        f"đã có; nếu tệp {name} mới đúng, hãy nhập lại và xác nhận thay số liệu cũ (dòng lệnh: --yes)."
    )
