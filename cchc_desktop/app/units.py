"""Units use case: this installation's unit and its child units."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cchc_desktop.app.context import Context
from db import store
from db.models import Unit
from forms.catalog import TemplateSet
from forms.errors import UserError

FREQUENCIES = {"month": "tháng", "quarter": "quý"}
UNIT_FIELDS = (
    "code",
    "name",
    "short_name",
    "body",
    "level",
    "frequency",
    "place",
    "parent_code",
    "parent_name",
    "signer_name",
    "signer_title",
    "authority_line",
    "recipients",
    "valid_from",
    "valid_to",
)


@dataclass(frozen=True)
class UnitInfo:
    """A plain snapshot of a unit for the views and exports."""

    code: str
    name: str
    level: str = "xa"
    frequency: str = "month"
    short_name: str = ""
    body: str = ""
    place: str = ""
    parent_code: str = ""
    parent_name: str = ""
    signer_name: str = ""
    signer_title: str = ""
    authority_line: str = ""
    recipients: tuple[str, ...] = field(default_factory=tuple)
    valid_from: str = ""
    valid_to: str = ""
    is_self: bool = False

    @classmethod
    def of(cls, unit: Unit) -> UnitInfo:
        data = {name: getattr(unit, name) for name in UNIT_FIELDS if name != "recipients"}
        return cls(recipients=tuple(store.unit_recipients(unit)), is_self=bool(unit.is_self), **data)


def level_names(templates: TemplateSet) -> dict[str, str]:
    """The levels a unit may have, {key: "cấp xã"}: those of every template version (a unit keeps its
    level across versions; a newer version may drop one for its periods), names from the newest."""
    names: dict[str, str] = {}
    for template in templates.versions():
        names.update(template.levels)
    return names


class Units:
    """Declare, change and list units."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def levels(self) -> dict[str, str]:
        return level_names(self.ctx.templates)

    def has_unit(self) -> bool:
        return store.self_unit() is not None

    def self_unit(self) -> UnitInfo:
        return UnitInfo.of(self.ctx.self_row())

    def unit(self, code: str | None = None) -> UnitInfo:
        return UnitInfo.of(self.ctx.unit_row(code))

    def all(self) -> list[UnitInfo]:
        return [UnitInfo.of(unit) for unit in store.all_units()]

    def children(self, code: str | None = None) -> list[UnitInfo]:
        return [UnitInfo.of(unit) for unit in store.children_of(self.ctx.unit_row(code))]

    def init_unit(self, *, force: bool = False, **fields) -> UnitInfo:
        """Declare this installation's unit; refused if one exists unless force."""
        fields = {key: value for key, value in fields.items() if value is not None}
        validate_unit_fields(fields, self.levels())
        current = store.self_unit()
        if current is not None and not force:
            raise UserError(
                f'Cơ sở dữ liệu đã có đơn vị "{current.name}" (mã {current.code}). '
                "Dùng --force nếu thật sự muốn khai báo lại."
            )
        if current is not None and current.code != fields["code"]:
            clash = store.unit_by_code(fields["code"])
            if clash is not None:
                raise UserError(f'Mã đơn vị "{fields["code"]}" đã được dùng cho đơn vị "{clash.name}".')
            store.rename_unit_code(current.code, fields["code"])
        return UnitInfo.of(store.save_unit(fields, is_self=True))

    def update_unit(self, code: str | None = None, **fields) -> UnitInfo:
        """Change a unit's settings (name, signer, recipients …); the code stays."""
        unit = self.ctx.unit_row(code)
        fields = {key: value for key, value in fields.items() if key in UNIT_FIELDS and key != "code"}
        validate_unit_fields({"code": unit.code, "name": fields.get("name", unit.name), **fields}, self.levels())
        fields["code"] = unit.code
        return UnitInfo.of(store.save_unit(fields, is_self=bool(unit.is_self)))

    def add_child(self, **fields) -> UnitInfo:
        """Add (or update) a child unit of this unit."""
        parent = self.ctx.self_row()
        fields.setdefault("parent_code", parent.code)
        fields.setdefault("parent_name", parent.name)
        validate_unit_fields(fields, self.levels())
        return UnitInfo.of(store.save_unit(fields, is_self=False))


def validate_unit_fields(fields: Mapping[str, object], levels: Mapping[str, str]) -> None:
    code = str(fields.get("code", "")).strip()
    name = str(fields.get("name", "")).strip()
    if not name:  # in the order of the form: the name comes first
        raise UserError("Tên đơn vị không được để trống.")
    if not code:
        raise UserError("Mã đơn vị không được để trống.")
    if any(ch.isspace() for ch in code):
        raise UserError(f'Mã đơn vị "{code}" không được chứa khoảng trắng.')
    level = fields.get("level")
    if level is not None and level not in levels:
        allowed = ", ".join(f"{key} ({name})" for key, name in levels.items())
        raise UserError(f'Cấp đơn vị "{level}" không hợp lệ; chỉ nhận: {allowed}.')
    frequency = fields.get("frequency")
    if frequency is not None and frequency not in FREQUENCIES:
        raise UserError(f'Tần suất nhập "{frequency}" không hợp lệ; chỉ nhận: month (tháng), quarter (quý).')
