"""Presenters of Đơn vị → Đơn vị trực thuộc: the list of child units and the form adding or changing one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cchc_desktop.app.setup_presenter import UNIT_FORM, SetupView, UnitField, stored_or_shown, with_levels
from cchc_desktop.app.units import FREQUENCIES
from cchc_desktop.app.workspace import Workspace

_SHARED = {field.key: field for field in UNIT_FORM}
CHILD_FORM = (
    UnitField("name", "Tên đơn vị", hint="Ví dụ: Ủy ban nhân dân Phường 1"),
    _SHARED["code"],
    _SHARED["level"],
    _SHARED["frequency"],
    _SHARED["short_name"],
    UnitField("valid_from", "Hoạt động từ ngày", hint="Dạng NNNN-TT-NN, ví dụ 2025-07-01; để trống nếu không cần"),
)


@dataclass(frozen=True)
class ChildRow:
    """One line of the list, as the clerk reads it."""

    code: str
    name: str
    level: str
    frequency: str


class ChildUnitsView(Protocol):
    def show_children(self, rows: list[ChildRow], selected: str | None) -> None: ...
    def open_child_form(self, code: str | None) -> bool: ...


class ChildUnitsPresenter:
    """The list of child units with Thêm…, Sửa…; `changed` once one was added or changed."""

    def __init__(self, workspace: Workspace, view: ChildUnitsView):
        self.ws = workspace
        self.view = view
        self.changed = False

    def rows(self) -> list[ChildRow]:
        levels = self.ws.units.levels()
        return [
            ChildRow(
                unit.code,
                unit.name,
                levels.get(unit.level, unit.level).capitalize(),
                FREQUENCIES.get(unit.frequency, unit.frequency).capitalize(),
            )
            for unit in self.ws.units.children()
        ]

    def start(self) -> None:
        self.view.show_children(self.rows(), None)

    def add(self) -> None:
        self._open(None)

    def edit(self, code: str | None) -> None:
        if code:
            self._open(code)

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
        self.view.show_form(with_levels(CHILD_FORM, self.ws.units.levels()), values, self.code is None)

    def save(self, values: dict[str, str]) -> bool:
        fields = {key: value.strip() for key, value in values.items()}
        if self.code is None:
            self.saved = stored_or_shown(self.view, lambda: self.ws.units.add_child(**fields))
        else:
            fields.pop("code", None)
            self.saved = stored_or_shown(self.view, lambda: self.ws.units.edit_child(self.code, **fields))
        return self.saved
