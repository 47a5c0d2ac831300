"""The person's choices of an import, per file: the numbers edited in Excel, replacing an earlier
import, and declaring the file's unknown unit a child of this unit from the file's header."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cchc_desktop.app.usecases.units import FREQUENCIES, validate_unit_fields
from db import store
from exports.annex_reader import AnnexContent
from forms.errors import UserError
from forms.periods import parse_period
from forms.safe_text import normal_code, quoted

if TYPE_CHECKING:
    from cchc_desktop.app.usecases.context import Context
    from cchc_desktop.app.usecases.units import Units

VISIBLE_CHOICES = ("ask", "visible", "exported")


@dataclass(frozen=True)
class ImportOptions:
    """What the person chose for one file: the numbers edited in Excel after export (ask: refuse the
    file with both values; visible: take the numbers shown; exported: keep the exported ones), whether
    it may replace an earlier import, whether its unknown unit may be declared a child from its header.

    `replacing`: the figures the person saw when agreeing to replace (the check's fingerprint): if
    others are stored by the time the file is, it is refused; None replaces whatever is stored (--yes)."""

    visible: str = "ask"
    replace: bool = False
    declare: bool = False
    replacing: str | None = None

    def __post_init__(self) -> None:
        if self.visible not in VISIBLE_CHOICES:
            raise ValueError(f"visible must be one of {VISIBLE_CHOICES}, not {self.visible!r}")


def default_options(accept_visible: bool, replace: bool, declare: bool) -> ImportOptions:
    """The options of a file the person made no choice for: the command line's flags."""
    return ImportOptions("visible" if accept_visible else "ask", replace, declare)


def declaration(ctx: Context, units: Units, content: AnnexContent, name: str) -> dict[str, str]:
    """The child unit a file's header names (code, name, level), entering by month when the file
    holds month values, else by quarter; a UserError (in Vietnamese) when the header cannot declare one."""
    header = content.header
    code, unit_name = normal_code(header.get("unit_code", "")), header.get("unit_name", "").strip()
    level = header.get("unit_level", "").strip()
    parent = ctx.self_row()
    shown_name, shown_code = quoted(unit_name) or "?", quoted(code, 60) or "?"
    if code and code == normal_code(parent.code):
        raise UserError(
            f"Tệp {name} là phụ lục của chính đơn vị này ({parent.name}), không phải của đơn vị trực thuộc; "
            "tệp không được nhập."
        )
    sent_to = normal_code(header.get("parent_code", ""))
    if sent_to not in ("", normal_code(parent.code)):  # --yes must not adopt another office's unit by accident
        raise UserError(
            f"Tệp {name}: đơn vị {shown_name} (mã {shown_code}) gửi báo cáo cho đơn vị cấp trên mã "
            f"{quoted(sent_to, 60)}, không phải {parent.name} (mã {parent.code}); tệp không được nhập và đơn vị "
            "không được thêm. Nếu đơn vị này nay thật sự trực thuộc đơn vị này (ví dụ sau sắp xếp đơn vị hành "
            f"chính), hãy thêm nó (Đơn vị → Đơn vị trực thuộc, hoặc cchc units add --code {shown_code} …) rồi "
            "nhập lại."
        )
    months = any(_kind_of(value_period) == "month" for _, value_period, _, _ in content.values)
    fields: dict[str, object] = {"code": code, "name": unit_name, "level": level}
    fields["frequency"] = "month" if months else "quarter"
    try:
        fields = validate_unit_fields(fields, units.levels())
    except UserError as exc:
        raise UserError(
            f"Tệp {name}: đơn vị {shown_name} (mã {shown_code}) chưa được khai báo là đơn vị trực thuộc "
            f"của đơn vị này, và thông tin đơn vị ghi trong tệp không đủ để thêm ({exc}). Hãy thêm đơn vị "
            f"(Đơn vị → Đơn vị trực thuộc, hoặc lệnh cchc units add --code {shown_code} "
            f'--name "{quoted(unit_name) or "…"}" --level …) rồi nhập lại.'
        ) from None
    return {key: str(value) for key, value in fields.items()}


def unknown_unit_message(ctx: Context, units: Units, name: str, header: dict[str, str], fields: dict[str, str]) -> str:
    """The verdict of a file whose unit may become a child once the person confirms."""
    parent = ctx.self_row()
    level = units.levels().get(fields["level"], fields["level"])
    known = store.unit_by_code(fields["code"]) is not None
    status = "có trong danh sách đơn vị nhưng chưa là" if known else "chưa được khai báo là"
    return (
        f"Tệp {name}: đơn vị {fields['name']} (mã {fields['code']}, {level}) {status} đơn vị trực thuộc của "
        f"{parent.name}. Có thể thêm đơn vị này làm đơn vị trực thuộc theo thông tin ghi trong tệp (nhập "
        f"số liệu theo {FREQUENCIES[fields['frequency']]}) rồi nhập tệp, sau khi xác nhận (dòng lệnh: --yes)."
    )


def declare_child(ctx: Context, units: Units, fields: dict[str, str]) -> None:
    """Make the unit a child of this unit (inside the caller's transaction): a new code is added; a
    code known here but not a child (e.g. a former child of another unit) is changed to one."""
    fields = dict(fields)
    if store.unit_by_code(fields["code"]) is None:
        units.add_child(**fields)
        return
    parent = ctx.self_row()
    units.edit_child(fields.pop("code"), parent_code=parent.code, parent_name=parent.name, **fields)


def _kind_of(text: str) -> str:
    try:
        return parse_period(text).kind
    except UserError:
        return ""
