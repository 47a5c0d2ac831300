"""What each screen section shows, derived from the template: blocks of fields, tables, texts."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from cchc_desktop.app.infra.errors import UserError
from forms import codes as code_grammar
from forms.catalog import Template

EXPLANATIONS_KEY = "giai_trinh"


@dataclass(frozen=True)
class FieldSpec:
    """One line of a form: an input or a computed value."""

    code: str
    label: str
    unit: str
    type: str
    help: str = ""
    indent: int = 0
    computed: bool = False


@dataclass(frozen=True)
class BlockSpec:
    title: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class TableSpec:
    """An editable grid: one row per (cấp, list item), one column per value, total rows computed."""

    id: str
    title: str
    caps: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str, str], ...]

    def cell(self, column: str, cap: str, row: str) -> str:
        return code_grammar.cell_code(self.id, column, cap, row)

    def total(self, column: str, cap: str | None = None) -> str:
        return code_grammar.table_sum(self.id, column, cap)

    def owns(self, code: str) -> bool:
        """A cell of this table or one of its totals."""
        return code_grammar.belongs_to_table(code, self.id)

    def place_of(self, code: str) -> tuple[str, str, str] | None:
        """(column, cap, row) of one of this table's cells; None for any other code."""
        parts = code_grammar.parse_cell(code)
        return parts[1:] if parts and parts[0] == self.id else None


@dataclass(frozen=True)
class SectionSpec:
    key: str
    id: str
    title: str
    nav_label: str
    heading: str = ""
    blocks: tuple[BlockSpec, ...] = ()
    tables: tuple[TableSpec, ...] = ()
    texts: tuple[FieldSpec, ...] = ()
    codes: frozenset[str] = field(default_factory=frozenset)


FOOTNOTE_HINT = (
    "Văn bản này in nguyên văn vào báo cáo. Số liệu chèn bằng nút “Chèn số liệu…” (hiện trong ngoặc nhọn "
    "{…}) luôn lấy giá trị đang nhập, nên quý sau chỉ cần sửa câu chữ. Chú thích cuối trang: gõ "
    "^[nội dung chú thích] ngay sau chữ cần chú thích."
)


def section_specs(template: Template, level: str | None = None) -> list[SectionSpec]:
    """Every section of the template as the window shows it to a unit of `level`, plus the
    Giải trình page; indicators of no level at or below the unit's are left out (`Template.shows`:
    a ward is not asked how many communes it inspected; a city sees what its communes report)."""
    specs = []
    for section in template.sections:
        blocks: list[BlockSpec] = []
        texts: list[FieldSpec] = []
        for group in section.groups:
            inputs = [template.indicators[code] for code in group.codes if template.shows(code, level)]
            fields = [FieldSpec(i.code, i.label, i.unit, i.type, i.help, i.indent) for i in inputs if i.type != "text"]
            texts.extend(
                FieldSpec(i.code, i.label, "", "text", i.help or FOOTNOTE_HINT) for i in inputs if i.type == "text"
            )
            if fields:
                blocks.append(BlockSpec(group.title, tuple(fields)))
        computed = [
            c for c in template.computed.values() if c.section == section.id and not code_grammar.has_level(c.code)
        ]
        computed = [c for c in computed if not any(code_grammar.belongs_to_table(c.code, t.id) for t in section.tables)]
        computed = [c for c in computed if template.shows(c.code, level)]
        if computed:
            blocks.append(
                BlockSpec(
                    "Chỉ tiêu tính tự động",
                    tuple(FieldSpec(c.code, c.label, c.unit, "computed", computed=True) for c in computed),
                )
            )
        tables = tuple(
            TableSpec(
                id=table.id,
                title=table.title,
                caps=tuple((cap, template.caps[cap]) for cap in table.caps),
                rows=tuple(template.lists[table.rows_list].items()),
                columns=tuple((column.key, column.label, column.unit) for column in table.columns),
            )
            for table in section.tables
        )
        if section.narrative:
            narrative = template.indicators[section.narrative]
            texts.append(FieldSpec(narrative.code, narrative.label, "", "text", FOOTNOTE_HINT))
        codes = {f.code for block in blocks for f in block.fields} | {t.code for t in texts}
        codes |= {code for code, ind in template.indicators.items() if ind.table in {t.id for t in tables}}
        specs.append(
            SectionSpec(
                key=section.key,
                id=section.id,
                title=section.title,
                heading=f"{section.id}. {section.title}",
                nav_label=f"{section.id}. {section.short_title}",
                blocks=tuple(blocks),
                tables=tables,
                texts=tuple(texts),
                codes=frozenset(codes),
            )
        )
    specs.append(
        SectionSpec(
            key=EXPLANATIONS_KEY,
            id="",
            title="Giải trình",
            nav_label="Giải trình sai sót",
            heading="Giải trình sai sót",
        )
    )
    return specs


def section_of_codes(specs: list[SectionSpec]) -> dict[str, str]:
    """code → section key, for counting violations per section."""
    return {code: spec.key for spec in specs for code in spec.codes}


@dataclass(frozen=True)
class Sections:
    """The window's form as its parts see it: the sections of `template`, which section shows each code
    (`code_section`) and the key of the section shown."""

    template: Template
    specs: list[SectionSpec]
    code_section: dict[str, str]
    shown: str

    def spec(self, key: str) -> SectionSpec:
        return next(spec for spec in self.specs if spec.key == key)

    def of(self, codes: tuple[str, ...]) -> str:
        """The section of a slip about these codes: the first shown, else a computed one's; else the first."""
        for code in codes:
            if code in self.code_section:
                return self.code_section[code]
            if code in self.template.computed:
                section_id = self.template.computed[code].section
                return next(spec.key for spec in self.specs if spec.id == section_id)
        return self.specs[0].key


# ----- pasting a block copied from Excel into a table -----------------------------------------
_NUMERIC = re.compile(r"^[-+]?[\d.,\s\u00a0]*%?$")
_DASH = re.compile(r"\s*[–—/-]\s*")


@dataclass(frozen=True)
class PastePlan:
    """What a pasted block does: the cell values to store and the data rows they fill."""

    changes: dict[str, str]
    rows: tuple[tuple[str, str], ...]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).casefold()).strip()


def row_label(spec: TableSpec, cap: str, row: str) -> str:
    """How a data row is named on screen: `Cấp xã – Tư pháp`."""
    return f"{dict(spec.caps)[cap]} – {dict(spec.rows)[row]}"


class _Labels:
    """Recognises the cấp and lĩnh vực named in the text cells of a pasted line."""

    def __init__(self, spec: TableSpec):
        self.caps = {_norm(label): key for key, label in spec.caps}
        self.caps.update({_norm(label.removeprefix("Cấp ")): key for key, label in spec.caps})
        self.rows = {_norm(label): key for key, label in spec.rows}

    def read(self, cell: str) -> tuple[str | None, str | None]:
        text = _norm(cell)
        if text in self.rows:
            return None, self.rows[text]
        if text in self.caps:
            return self.caps[text], None
        parts = _DASH.split(text, maxsplit=1)
        if len(parts) == 2 and parts[0] in self.caps and parts[1] in self.rows:
            return self.caps[parts[0]], self.rows[parts[1]]
        return None, None


def plan_paste(
    spec: TableSpec,
    text: str,
    rows: list[tuple[str, str]],
    start: int | None = None,
    column: int = 0,
    cap: str | None = None,
    first_row: tuple[str, str] | None = None,
) -> PastePlan:
    """Map a block copied from Excel (tab-separated lines) onto the table, adding rows as needed.

    A line that names its lĩnh vực (`Tư pháp`, `Cấp xã – Tư pháp`, with or without an STT cell
    before it) goes to that row, its numbers to the columns from the first; a line naming only a
    cấp (`Cấp xã`) sets the cấp of the lines after it; `Cộng …`/`Tổng cộng` lines are skipped
    (computed). Lines of numbers only fill the existing rows from the selected one (`rows[start]`,
    at `column`) downwards — never a lĩnh vực the clerk did not name; in an empty table the first
    of them goes to `first_row` (the row chosen under “Thêm dòng”). Raises UserError saying what is wrong.
    """
    labels = _Labels(spec)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise UserError("Khối dán trống: hãy chép các ô trong Excel (Ctrl+C) rồi dán lại.")
    current_cap = cap or spec.caps[-1][0]
    cursor: tuple[str, str] | None = None
    filled: list[tuple[str, str]] = []
    changes: dict[str, str] = {}
    width = len(spec.columns)

    def next_row() -> tuple[str, str]:
        if cursor is None:
            if start is not None and 0 <= start < len(rows):
                return rows[start]
            if first_row is not None:
                return first_row
            raise UserError(
                "Chưa biết dán vào dòng nào: hãy chép kèm cột tên lĩnh vực, hoặc chọn cấp và lĩnh vực "
                "ở “Thêm dòng” (hoặc chọn một ô của bảng) rồi dán lại."
            )
        if cursor in rows and rows.index(cursor) + 1 < len(rows):
            return rows[rows.index(cursor) + 1]
        # Never guess a lĩnh vực the clerk did not name: a number-only line past the last row is refused.
        raise UserError(
            "Khối dán có nhiều dòng số hơn số dòng của bảng tính từ ô được chọn, và các dòng thừa không ghi "
            "tên lĩnh vực: hãy chép kèm cột tên lĩnh vực, hoặc thêm đủ dòng ở “Thêm dòng” rồi dán lại."
        )

    for number, line in enumerate(lines, start=1):
        cells = [cell.strip() for cell in line.split("\t")]
        texts = [i for i, cell in enumerate(cells) if cell and not _NUMERIC.match(cell)]
        offset = column
        if texts:
            last = texts[-1]
            named_cap, named_row = None, None
            for i in texts:
                found_cap, found_row = labels.read(cells[i])
                named_cap, named_row = found_cap or named_cap, found_row or named_row
            if named_row is None:
                if named_cap is not None and not any(cells[last + 1 :]):
                    current_cap = named_cap
                    continue
                if _norm(cells[last]).startswith(("cộng", "tổng")):
                    continue
                raise UserError(
                    f"Dòng {number} của khối dán: không nhận ra lĩnh vực “{cells[last]}”. "
                    "Tên lĩnh vực phải đúng như danh sách “Thêm dòng”."
                )
            current_cap = named_cap or current_cap
            if current_cap not in dict(spec.caps):
                raise UserError(f"Dòng {number} của khối dán: bảng này không có dòng của cấp đó.")
            cursor = (current_cap, named_row)
            values, offset = cells[last + 1 :], 0
        else:
            cursor = next_row()
            values = cells
        while values and not values[-1]:
            values.pop()
        if offset + len(values) > width:
            raise UserError(
                f"Dòng {number} của khối dán có {len(values)} số nhưng bảng chỉ còn {width - offset} cột "
                f"từ cột được chọn."
            )
        for index, value in enumerate(values):
            changes[spec.cell(spec.columns[offset + index][0], *cursor)] = value
        if cursor not in filled:
            filled.append(cursor)
    return PastePlan(changes, tuple(filled))
