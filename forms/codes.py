"""The code grammar of a template, in one place.

- a table cell: `<table>.<column>@<cap>/<row>` (`tthc.rs.tong@huyen/tu_phap`)
- a table total: `sum.<table>.<column>@<cap>` per cấp, `sum.<table>.<column>` overall
- a computed value: `rate.…` / `sum.…`
- a figure of one level in a parent's report: `<code>@<level>` (`tthc.hs.tiep_nhan@xa`)
- a section id: a part in Roman numerals and an optional number inside it (`II.2`)
"""

from __future__ import annotations

import re

COMPUTED_PREFIXES = ("rate.", "sum.")
SECTION_ID = re.compile(r"^([IVX]+)(?:\.(\d+))?$")
# Words of a report text, not figures: `{period}`, `{unit_short}` … and, in a parent's report, who did
# what: `{unit_short@xa}` (the units of a level as a subject: "UBND các xã, phường"), `{all_units}`.
WORDS = {
    "period": "kỳ báo cáo",
    "unit_short": "tên gọi của đơn vị",
    "unit_name": "tên đơn vị",
    "all_units": "các cấp, các đơn vị (chủ ngữ chung của số liệu tổng hợp)",
}
LEVEL_WORDS = ("unit_short",)  # words that may name a level's units: `{unit_short@xa}`


def word_of(name: str) -> str | None:
    """The word a placeholder names (`unit_short` for `{unit_short@xa}`), None for a figure."""
    if name in WORDS:
        return name
    word, level = split_level(name)
    return word if level and word in LEVEL_WORDS else None


def cell_code(table: str, column: str, cap: str, row: str) -> str:
    """`tthc.rs.tong@huyen/tu_phap`."""
    return f"{table}.{column}@{cap}/{row}"


def table_sum(table: str, column: str, cap: str | None = None) -> str:
    """`sum.tthc.rs.tong@huyen` for one cấp, `sum.tthc.rs.tong` over all of them."""
    return f"sum.{table}.{column}@{cap}" if cap else f"sum.{table}.{column}"


def at_level(code: str, level: str) -> str:
    """`tthc.hs.tiep_nhan@xa`: the figure summed over the units of one level."""
    return f"{code}@{level}"


def split_level(text: str) -> tuple[str, str]:
    """(`code`, `level`) of `code@level`; level is "" without `@`."""
    code, sep, level = text.rpartition("@")
    return (code, level) if sep else (text, "")


def has_level(code: str) -> bool:
    """True for codes bound to a cấp or level (`…@xa`, table cells, per-cấp totals)."""
    return "@" in code


def parse_cell(code: str) -> tuple[str, str, str, str] | None:
    """(table, column, cap, row) of a cell code, or None for any other code."""
    head, sep, place = code.partition("@")
    if not sep or "/" not in place or code.startswith(COMPUTED_PREFIXES):
        return None
    cap, _, row = place.partition("/")
    table, _, column = head.rpartition(".")
    return (table, column, cap, row) if table and column and cap and row else None


def belongs_to_table(code: str, table: str) -> bool:
    """A cell of the table or one of its totals."""
    return code.startswith((f"{table}.", f"sum.{table}."))


def is_computed(code: str) -> bool:
    return code.startswith(COMPUTED_PREFIXES)


def is_rate(code: str) -> bool:
    return code.startswith("rate.")


def split_section_id(section_id: str) -> tuple[str, str | None]:
    """(`II`, `2`) for `II.2`, (`III`, None) for `III`; an id of another shape is its own part."""
    match = SECTION_ID.match(section_id)
    return (match.group(1), match.group(2)) if match else (section_id, None)
