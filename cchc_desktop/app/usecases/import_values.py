"""The values an annex file brings: its `_cchc` rows checked one by one against the template and the
unit, cross-checked with the numbers printed on its sheets, and the visible numbers a person chose.

Each check refuses through `refuse(message)` (the caller's verdict builder); nothing here stores."""

from __future__ import annotations

from decimal import Decimal

from cchc_desktop.app.usecases.checking import EXPLANATION_CHARS
from cchc_desktop.app.usecases.context import sentence_case
from cchc_desktop.app.usecases.import_checks import cell_label, check_aggregates, shown_value
from cchc_desktop.app.usecases.narratives import FIGURE_RULE
from cchc_desktop.app.usecases.units import FREQUENCIES
from db.records import Unit
from exports.annex_reader import AnnexContent, VisibleCell
from forms.catalog import Template
from forms.errors import UserError
from forms.periods import Period, parse_period
from forms.safe_text import normal_code, quoted
from forms.values import check_range, control_character, from_storage, parse_value, to_storage


def file_texts(content: AnnexContent, name: str, unit: Unit, period: Period, template: Template, refuse) -> dict:
    """The file's values per period: only the unit's own, only the report period and its entry
    periods, only codes of the template with valid texts; the exported cells must agree with them."""
    allowed = {str(period)}
    if not period.is_shorter_than_entry(unit.frequency):
        allowed |= {str(p) for p in period.entry_periods(unit.frequency)}
    texts: dict[str, dict[str, str]] = {p: {} for p in sorted(allowed)}  # a period the file left empty is emptied
    for code, value_period, unit_code, text in content.values:
        if normal_code(unit_code) != normal_code(unit.code):
            raise refuse(
                f"Tệp {name}: trang dữ liệu ẩn có số liệu của đơn vị mã “{quoted(unit_code, 40)}”, không phải "
                f"của {unit.name}. Tệp đã bị sửa; hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
            )
        if value_period not in allowed:
            raise refuse(
                f"Tệp {name}: trang dữ liệu ẩn có số liệu kỳ “{quoted(value_period, 20)}”, ngoài kỳ "
                f"{period.label()} của tệp. Tệp đã bị sửa; hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
            )
        indicator = template.indicators.get(code)
        if indicator is None:
            raise refuse(
                f"Tệp {name}: trang dữ liệu ẩn có chỉ tiêu mã “{quoted(code, 40)}” không có trong mẫu "
                f"{template.version}. Tệp đã bị sửa; hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
            )
        try:
            value = from_storage(indicator, text)
            if isinstance(value, int | Decimal):  # an int, decimal or percent figure
                check_range(indicator, value)
        except (UserError, ValueError, ArithmeticError):
            raise refuse(
                f"Tệp {name}: giá trị “{quoted(text, 40)}” của chỉ tiêu “{indicator.label}” không hợp "
                "lệ. Tệp đã bị sửa; hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
            ) from None
        if indicator.type != "text" and not parse_period(value_period).is_entry_period(unit.frequency):
            raise refuse(
                f"Tệp {name}: {unit.name} gửi số liệu theo kỳ {parse_period(value_period).label()}, nhưng ở đây "
                f"đơn vị được khai báo nhập theo {FREQUENCIES[unit.frequency]}. Hãy sửa tần suất nhập của đơn vị "
                f"(Đơn vị → Đơn vị trực thuộc, hoặc lệnh cchc units edit {unit.code} --frequency …) rồi nhập lại."
            )
        texts.setdefault(value_period, {})[code] = text
    for cell in content.cells:  # a `_cchc` value edited with a recomputed checksum
        stored = texts.get(cell.period, {}).get(cell.code) if cell.code else None
        if stored is None or cell.exported is None:
            continue
        try:
            number = Decimal(stored)
        except ArithmeticError:
            continue
        if number != cell.exported:
            raise refuse(
                f"Tệp {name}: số tại {cell_label(cell)} trong trang dữ liệu ẩn ({shown_value(number)}) "
                f"khác số đã in trên biểu ({shown_value(cell.exported)}). Trang dữ liệu đã bị sửa; hãy đề "
                "nghị đơn vị gửi lại tệp phụ lục gốc."
            )
    check_aggregates(content.cells, texts, unit, period, template, name, refuse)
    return texts


def take_visible(changed: list[VisibleCell], texts: dict, unit: Unit, template: Template, refuse) -> None:
    """With --accept-visible: the number now shown replaces the exported one, where it stands for a
    stored value (not for a sum over months, last year or the year to date)."""
    chosen: dict[tuple[str, str], VisibleCell] = {}
    for cell in changed:
        indicator = template.indicators.get(cell.code) if cell.code else None
        if not takeable(cell, texts, unit, template):
            raise refuse(
                f"{cell_start(cell)} đã bị sửa ({shown_value(cell.exported)} → {shown_value(cell.current)}) "
                "nhưng là số tổng hợp (cộng các tháng, cùng kỳ hoặc lũy kế), không nhận trực tiếp được. "
                "Hãy đề nghị đơn vị sửa số liệu rồi gửi lại tệp."
            )
        if isinstance(cell.current, str):
            raise refuse(
                f"{cell_start(cell)} đã bị sửa thành “{quoted(cell.current, 40)}”, không phải là số; tệp không "
                "được nhập."
            )
        other = chosen.setdefault((cell.period, cell.code), cell)
        if other.current != cell.current:
            raise refuse(
                f"Hai ô cùng một số liệu đã bị sửa khác nhau: {cell_label(other)} thành "
                f"{shown_value(other.current)}, {cell_label(cell)} thành {shown_value(cell.current)}; "
                "không biết nhận số nào. Hãy đề nghị đơn vị gửi lại tệp."
            )
        period_texts = texts.setdefault(cell.period, {})
        if cell.current is None:
            period_texts.pop(cell.code, None)
            continue
        assert indicator is not None  # takeable: a figure of the template
        try:
            value = parse_value(indicator, cell.current)
            assert value is not None  # a number: a text is refused above, an empty cell skipped
            period_texts[cell.code] = to_storage(value)
        except UserError as exc:
            raise refuse(f"{cell_start(cell)} đã bị sửa thành {shown_value(cell.current)}: {exc}") from None


def changed_listing(changed: list[VisibleCell]) -> list[tuple[str, str, str]]:
    return [(cell_start(cell), shown_value(cell.exported), shown_value(cell.current)) for cell in changed]


def cell_start(cell: VisibleCell) -> str:
    """A cell at the start of a sentence or of a list's line: `Ô C10 của biểu Hồ sơ TTHC, dòng “…”`."""
    return sentence_case(cell_label(cell))


def _entry_ids(cell: VisibleCell, unit: Unit) -> set[str]:
    try:
        period = parse_period(cell.period)
    except UserError:
        return set()
    return {str(period)} if period.is_entry_period(unit.frequency) else set()


def takeable(cell: VisibleCell, texts: dict, unit: Unit, template: Template) -> bool:
    """Whether a number edited on the sheet stands for one stored value (not a sum over months, last
    year or the year to date), so that the number shown can be taken instead."""
    indicator = template.indicators.get(cell.code) if cell.code else None
    return indicator is not None and cell.period in texts and bool(_entry_ids(cell, unit))


def file_explanations(
    content: AnnexContent, name: str, unit: Unit, texts: dict, template: Template, refuse
) -> dict[tuple[str, str], str]:
    """The unit's giải trình the file carries, {(period, rule): text}: only the unit's own, only for
    the file's periods, only rules the template knows, plain text of a sensible length."""
    rules = {rule.id for rule in template.rules} | {FIGURE_RULE}
    found: dict[tuple[str, str], str] = {}
    for rule, period, unit_code, text in content.explanations:
        problem = ""
        if normal_code(unit_code) != normal_code(unit.code):
            problem = f"có giải trình của đơn vị mã “{quoted(unit_code, 40)}”, không phải của {unit.name}"
        elif period not in texts:
            problem = f"có giải trình cho kỳ “{quoted(period, 20)}”, ngoài các kỳ của tệp"
        elif rule not in rules:
            problem = f"có giải trình cho quy tắc “{quoted(rule, 40)}” mà mẫu {template.version} không có"
        elif not text.strip() or len(text) > EXPLANATION_CHARS or control_character(text) is not None:
            problem = "có một giải trình rỗng, quá dài hoặc chứa ký tự điều khiển"
        if problem:
            raise refuse(
                f"Tệp {name}: trang dữ liệu ẩn {problem}. Tệp đã bị sửa; hãy đề nghị đơn vị gửi lại tệp phụ lục gốc."
            )
        found[(period, rule)] = text
    return found
