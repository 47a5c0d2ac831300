"""Presenters of the unit setup dialog (first start) and the unit settings dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.usecases.report_fields import clean_recipients
from cchc_desktop.app.usecases.templates import template_set
from cchc_desktop.app.usecases.units import FREQUENCIES, validate_unit_fields
from cchc_desktop.app.workspace import Workspace
from db.target import ServerTarget


@dataclass(frozen=True)
class UnitField:
    key: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    multiline: bool = False
    hint: str = ""
    fixed_after_setup: bool = False


UNIT_FORM = (
    UnitField("name", "Tên đơn vị", hint="Ví dụ: Ủy ban nhân dân phường An Hòa"),
    UnitField(
        "code", "Mã đơn vị", hint="Mã định danh, không dấu cách (ví dụ mã đơn vị hành chính)", fixed_after_setup=True
    ),
    UnitField("level", "Cấp"),  # the choices: the template versions' levels (SetupPresenter.form)
    UnitField("frequency", "Nhập số liệu theo", tuple((key, label.capitalize()) for key, label in FREQUENCIES.items())),
    UnitField("short_name", "Tên gọi trong câu văn báo cáo", hint="Ví dụ: UBND phường"),
    UnitField("body", "Tên cơ quan ban hành (in trên đầu báo cáo)", hint="Ví dụ: ỦY BAN NHÂN DÂN PHƯỜNG AN HÒA"),
    UnitField("place", "Địa danh ghi ngày tháng", hint="Ví dụ: An Hòa"),
    UnitField("parent_name", "Cơ quan cấp trên", hint="Ví dụ: UBND tỉnh Đồng Tháp"),
    UnitField("parent_code", "Mã cơ quan cấp trên"),
    UnitField("signer_name", "Họ tên người ký"),
    UnitField("signer_title", "Chức vụ người ký", hint="Ví dụ: CHỦ TỊCH hoặc PHÓ CHỦ TỊCH"),
    UnitField("authority_line", "Thẩm quyền ký", hint="Ví dụ: TM. ỦY BAN NHÂN DÂN hoặc KT. CHỦ TỊCH"),
    UnitField("recipients", "Nơi nhận (mỗi dòng một nơi)", multiline=True, hint="Dòng cuối thường là: Lưu: VT, …"),
)


# What a new unit's form shows before anything is typed.
NEW_UNIT_VALUES = {
    "level": "xa",
    "frequency": "month",
    "authority_line": "TM. ỦY BAN NHÂN DÂN",
    "signer_title": "CHỦ TỊCH",
    "recipients": "Lưu: VT",
}


class SetupView(Protocol):
    def show_form(self, fields: tuple[UnitField, ...], values: dict[str, str], first_time: bool) -> None: ...
    def show_error(self, message: str) -> None: ...
    def close(self) -> None: ...


def with_levels(fields: tuple[UnitField, ...], levels: dict[str, str]) -> tuple[UnitField, ...]:
    """A unit form, its level choices those the template versions know."""
    choices = tuple((key, name.capitalize()) for key, name in levels.items())
    return tuple(replace(field, choices=choices) if field.key == "level" else field for field in fields)


def unit_fields(values: dict[str, str], first_time: bool) -> dict[str, object]:
    """The form's texts as the unit's fields: trimmed, recipients one a line, the code only when new."""
    fields: dict[str, object] = {key: value.strip() for key, value in values.items() if key != "recipients"}
    fields["recipients"] = clean_recipients(values.get("recipients", ""))
    if not first_time:
        fields.pop("code", None)
    return fields


class FormView(Protocol):
    """A form that stores what was typed: it shows a refusal, or closes."""

    def show_error(self, message: str) -> None: ...
    def close(self) -> None: ...


def stored_or_shown(view: FormView, store: Callable[[], object]) -> bool:
    """Store a form's values and close it; a refusal is shown in the form, which stays open as typed."""
    try:
        store()
    except UserError as exc:
        view.show_error(str(exc))
        return False
    view.close()
    return True


class SetupPresenter:
    """Declare the unit on first start, or edit its settings later."""

    def __init__(self, workspace: Workspace, view: SetupView):
        self.ws = workspace
        self.view = view
        self.first_time = not workspace.units.has_unit()
        self.saved = False

    def start(self) -> None:
        if self.first_time:
            values = dict(NEW_UNIT_VALUES)
        else:
            unit = self.ws.units.self_unit()
            values = {
                field.key: str(getattr(unit, field.key) or "") for field in UNIT_FORM if field.key != "recipients"
            }
            values["recipients"] = "\n".join(unit.recipients)
        self.view.show_form(self.form(), values, self.first_time)

    def form(self) -> tuple[UnitField, ...]:
        keep = "" if self.first_time else self.ws.units.self_unit().level
        return with_levels(UNIT_FORM, self.ws.units.level_choices(keep))

    def save(self, values: dict[str, str]) -> bool:
        fields = unit_fields(values, self.first_time)
        store = self.ws.units.init_unit if self.first_time else self.ws.units.update_unit
        # the form's fields are UNIT_FORM's names: never `force` nor (editing) `code`
        self.saved = stored_or_shown(self.view, lambda: store(**fields))  # type: ignore[arg-type]
        return self.saved


class NewDatabasePresenter:
    """The first start's unit declaration, before any database exists: nothing is written until the
    unit is saved. Cancelled, it leaves no database file and no backups folder, so the next start
    welcomes the clerk again (a new unit or the sample data). Saved: `workspace` is the new database."""

    def __init__(self, target: Path | ServerTarget, view: SetupView, clock: Callable[[], datetime] | None = None):
        self.target = target
        self.view = view
        self.clock = clock
        today = (clock or datetime.now)().date()
        self.levels = template_set().level_choices(today)  # no cấp huyện for a unit declared from 1/7/2025
        self.workspace: Workspace | None = None
        self.saved = False

    def start(self) -> None:
        self.view.show_form(with_levels(UNIT_FORM, self.levels), dict(NEW_UNIT_VALUES), True)

    def save(self, values: dict[str, str]) -> bool:
        fields = unit_fields(values, first_time=True)
        try:
            validate_unit_fields(fields, self.levels)  # a refusal creates nothing
        except UserError as exc:
            self.view.show_error(str(exc))
            return False
        self.saved = stored_or_shown(self.view, lambda: self._create(fields))
        return self.saved

    def _create(self, fields: dict[str, object]) -> None:
        if self.workspace is None:
            self.workspace = Workspace.open(self.target, create=True, clock=self.clock)
        self.workspace.units.init_unit(**fields)  # type: ignore[arg-type]  # UNIT_FORM's names, never `force`

    def cancelled(self) -> None:
        """The dialog closed without a unit: a database opened by a refused save is closed (it stays,
        without a unit, and the next start asks for the unit as for any such database)."""
        if not self.saved and self.workspace is not None:
            self.workspace.close()
            self.workspace = None
