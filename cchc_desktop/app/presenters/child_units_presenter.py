"""Presenters of Đơn vị → Đơn vị trực thuộc: the list of child units and the form adding or changing one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from cchc_desktop.app.presenters.setup_presenter import UNIT_FORM, SetupView, UnitField, stored_or_shown, with_levels
from cchc_desktop.app.usecases.context import sentence_case
from cchc_desktop.app.usecases.units import FREQUENCIES, UnitInfo
from cchc_desktop.app.workspace import Workspace
from forms.numbers import show_date, show_iso_date

_SHARED = {field.key: field for field in UNIT_FORM}
CHILD_FORM = (
    UnitField("name", "Tên đơn vị", hint="Ví dụ: Ủy ban nhân dân Phường 1"),
    _SHARED["code"],
    _SHARED["level"],
    _SHARED["frequency"],
    _SHARED["short_name"],
    UnitField("valid_from", "Hoạt động từ ngày", hint="Ngày/tháng/năm, ví dụ 01/07/2025; để trống nếu không cần"),
    UnitField("deadline_day", "Hạn gửi báo cáo (ngày)", hint="Ngày mấy của tháng cuối kỳ; để trống là ngày 20"),
)


def format_iso(text: str, next_day: bool = False) -> str:
    """A stored date (NNNN-TT-NN) as the window shows it, `01/07/2025`; the day after with next_day."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return show_date(day + timedelta(days=1) if next_day else day)


@dataclass(frozen=True)
class ChildRow:
    """One line of the list, as the clerk reads it."""

    code: str
    name: str
    level: str
    frequency: str
    validity: str = ""  # "Từ 1/7/2025, thay cho 8 đơn vị", "Sáp nhập vào SADEC từ 1/7/2025"


class ChildUnitsView(Protocol):
    def show_children(self, rows: list[ChildRow], selected: str | None) -> None: ...
    def open_child_form(self, code: str | None) -> bool: ...
    def open_merge_form(self) -> bool: ...


def validity_text(unit: UnitInfo, predecessors: int) -> str:
    """A unit's validity in a few words for the list."""
    parts = []
    if unit.valid_from:
        parts.append(f"từ {format_iso(unit.valid_from)}")
    if predecessors:
        parts.append(f"thay cho {predecessors} đơn vị")
    if unit.replaced_by:
        parts.append(f"sáp nhập vào {unit.replaced_by} từ {format_iso(unit.valid_to, next_day=True)}")
    elif unit.valid_to:
        parts.append(f"đến {format_iso(unit.valid_to)}")
    return sentence_case(", ".join(parts))


class ChildUnitsPresenter:
    """The list of child units with Thêm…, Sửa…; `changed` once one was added or changed."""

    def __init__(self, workspace: Workspace, view: ChildUnitsView):
        self.ws = workspace
        self.view = view
        self.changed = False

    def rows(self) -> list[ChildRow]:
        levels = self.ws.units.levels()
        children = self.ws.units.children()
        replaced = Counter(unit.replaced_by for unit in children if unit.replaced_by)
        return [
            ChildRow(
                unit.code,
                unit.name,
                levels.get(unit.level, unit.level).capitalize(),
                FREQUENCIES.get(unit.frequency, unit.frequency).capitalize(),
                validity_text(unit, replaced[unit.code]),
            )
            for unit in children
        ]

    def start(self) -> None:
        self.view.show_children(self.rows(), None)

    def add(self) -> None:
        self._open(None)

    def edit(self, code: str | None) -> None:
        if code:
            self._open(code)

    def merge(self) -> None:
        """Sáp nhập…: the form; afterwards the list with the new unit selected."""
        before = {unit.code: unit.replaced_by for unit in self.ws.units.children()}
        if self.view.open_merge_form():
            self.changed = True
            after = self.ws.units.children()
            merged = [unit.replaced_by for unit in after if unit.replaced_by and not before.get(unit.code)]
            self.view.show_children(self.rows(), merged[0] if merged else None)

    def _open(self, code: str | None) -> None:
        before = {row.code for row in self.rows()}
        if self.view.open_child_form(code):
            self.changed = True
            rows = self.rows()
            added = [row.code for row in rows if row.code not in before]
            self.view.show_children(rows, added[0] if added else code)


class ChildUnitPresenter:
    """The form of one child unit: a new one (code None) or an existing one (its code fixed)."""

    def __init__(self, workspace: Workspace, view: SetupView, code: str | None = None):
        self.ws = workspace
        self.view = view
        self.code = code
        self.saved = False

    def start(self) -> None:
        if self.code is None:
            values = {"level": "xa", "frequency": "month"}
        else:
            unit = self.ws.units.unit(self.code)
            values = {field.key: str(getattr(unit, field.key) or "") for field in CHILD_FORM}
            values["valid_from"] = show_iso_date(values["valid_from"])  # typed back as 01/07/2025 or ISO
        choices = self.ws.units.level_choices(values.get("level", ""))
        self.view.show_form(with_levels(CHILD_FORM, choices), values, self.code is None)

    def save(self, values: dict[str, str]) -> bool:
        fields = {key: value.strip() for key, value in values.items()}
        if self.code is None:
            self.saved = stored_or_shown(self.view, lambda: self.ws.units.add_child(**fields))
        else:
            fields.pop("code", None)
            code = self.code
            self.saved = stored_or_shown(self.view, lambda: self.ws.units.edit_child(code, **fields))
        return self.saved


@dataclass(frozen=True)
class MergeChoice:
    """A child unit the merger form offers (as new unit or as old one)."""

    code: str
    label: str  # "UBND Phường 1 (P1)"


class MergeView(Protocol):
    def show_merge_form(self, units: list[MergeChoice], values: dict[str, object]) -> None: ...
    def show_error(self, message: str) -> None: ...
    def close(self) -> None: ...


class MergePresenter:
    """Sáp nhập…: the new unit (a declared child), the old ones (checked), the date; the application
    refuses what it must (the form stays open with the reason, nothing written)."""

    def __init__(self, workspace: Workspace, view: MergeView):
        self.ws = workspace
        self.view = view
        self.saved = False

    def choices(self) -> list[MergeChoice]:
        """The children not yet merged into another unit."""
        return [
            MergeChoice(unit.code, f"{unit.name} ({unit.code})")
            for unit in self.ws.units.children()
            if not unit.replaced_by
        ]

    def start(self) -> None:
        self.view.show_merge_form(self.choices(), {"into": "", "sources": [], "from_date": ""})

    def save(self, into: str, sources: list[str], from_date: str) -> bool:
        if not into:
            self.view.show_error("Hãy chọn đơn vị mới (đơn vị thay cho các đơn vị cũ).")
            return False
        if not sources:
            self.view.show_error("Hãy đánh dấu ít nhất một đơn vị cũ được sáp nhập.")
            return False
        self.saved = stored_or_shown(self.view, lambda: self.ws.units.merge(into, sources, from_date.strip()))
        return self.saved
