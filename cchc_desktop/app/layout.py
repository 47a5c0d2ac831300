"""What each screen section shows, derived from the template: blocks of fields, tables, texts."""

from __future__ import annotations

from dataclasses import dataclass, field

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
        return f"{self.id}.{column}@{cap}/{row}"

    def total(self, column: str, cap: str | None = None) -> str:
        return f"sum.{self.id}.{column}@{cap}" if cap else f"sum.{self.id}.{column}"


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
    "Chú thích cuối trang: gõ ^[nội dung chú thích] ngay sau chữ cần chú thích; "
    "khi in, chương trình đánh số và đặt chú thích ở cuối trang."
)


def section_specs(template: Template) -> list[SectionSpec]:
    """Every section of the template as the window shows it, plus the Giải trình page."""
    specs = []
    for section in template.sections:
        blocks, texts = [], []
        for group in section.groups:
            inputs = [template.indicators[code] for code in group.codes]
            fields = [FieldSpec(i.code, i.label, i.unit, i.type, i.help, i.indent) for i in inputs if i.type != "text"]
            texts.extend(
                FieldSpec(i.code, i.label, "", "text", i.help or FOOTNOTE_HINT) for i in inputs if i.type == "text"
            )
            if fields:
                blocks.append(BlockSpec(group.title, tuple(fields)))
        computed = [c for c in template.computed.values() if c.section == section.id and "@" not in c.code]
        computed = [c for c in computed if not c.code.startswith(tuple(f"sum.{t.id}." for t in section.tables))]
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
