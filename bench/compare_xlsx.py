"""Compare two annex workbooks as a person and a printer see them (issue 20: the export made faster,
the workbook unchanged): every cell's value and style, merges, row heights, column widths, page
breaks and print settings, sheet by sheet. The export time stamp (and the header checksum over it)
of the `_cchc` sheet is left out.

Run: .venv/bin/python bench/compare_xlsx.py BEFORE.xlsx AFTER.xlsx
"""

from __future__ import annotations

import sys

from openpyxl import load_workbook

IGNORED_KEYS = {"exported_at", "header_checksum"}


def _style(cell) -> tuple:
    return (
        repr(cell.font),
        repr(cell.fill),
        repr(cell.border),
        repr(cell.alignment),
        cell.number_format,
        cell.quotePrefix,
    )


def sheet_facts(ws) -> dict[str, object]:
    setup = ws.page_setup
    return {
        "state": ws.sheet_state,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "row_heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None},
        "column_widths": {c: d.width for c, d in ws.column_dimensions.items()},
        "row_breaks": [(b.id, b.min, b.max, b.man) for b in ws.row_breaks.brk],
        "col_breaks": [(b.id, b.min, b.max, b.man) for b in ws.col_breaks.brk],
        "print": (
            setup.orientation,
            setup.paperSize,
            setup.scale,
            setup.fitToWidth,
            setup.fitToHeight,
            setup.firstPageNumber,
            setup.useFirstPageNumber,
            ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
            repr(ws.page_margins),
            ws.print_options.horizontalCentered,
            ws.print_title_rows,
            ws.print_area,
            ws.freeze_panes,
            ws.oddFooter.center.text,
            ws.oddFooter.center.font,
            ws.oddFooter.center.size,
            ws.protection.sheet,
            ws.protection.password,
        ),
        "dimensions": (ws.max_row, ws.max_column),
    }


def compare(before_path: str, after_path: str) -> list[str]:
    before, after = load_workbook(before_path), load_workbook(after_path)
    problems: list[str] = []
    if before.sheetnames != after.sheetnames:
        return [f"sheets differ: {before.sheetnames} / {after.sheetnames}"]
    for name in before.sheetnames:
        one, two = before[name], after[name]
        facts_one, facts_two = sheet_facts(one), sheet_facts(two)
        for key in facts_one:
            if facts_one[key] != facts_two[key]:
                problems.append(f"{name}: {key} differs")
        cells = 0
        for row_one, row_two in zip(
            one.iter_rows(max_row=max(one.max_row, two.max_row), max_col=max(one.max_column, two.max_column)),
            two.iter_rows(max_row=max(one.max_row, two.max_row), max_col=max(one.max_column, two.max_column)),
            strict=True,
        ):
            ignored = row_one[0].value in IGNORED_KEYS
            for a, b in zip(row_one, row_two, strict=True):
                cells += a.value is not None
                if a.value != b.value and not ignored:
                    problems.append(f"{name}!{a.coordinate}: {a.value!r} / {b.value!r}")
                elif _style(a) != _style(b):
                    problems.append(f"{name}!{a.coordinate}: style differs")
                if len(problems) > 50:
                    return problems
        facts = facts_one
        print(
            f"  {name}: {cells} filled cells, {len(facts['row_heights'])} row heights, "
            f"{len(facts['row_breaks'])} page breaks, {len(facts['merged'])} merges"
        )
    return problems


def compare_results(before_path: str, after_path: str) -> list[str]:
    """The formulas' stored results (what a viewer that does not recalculate shows)."""
    before, after = load_workbook(before_path, data_only=True), load_workbook(after_path, data_only=True)
    problems = []
    for name in before.sheetnames:
        for row_one, row_two in zip(before[name].iter_rows(), after[name].iter_rows(), strict=True):
            if row_one[0].value in IGNORED_KEYS:
                continue
            for a, b in zip(row_one, row_two, strict=True):
                if a.value != b.value:
                    problems.append(f"{name}!{a.coordinate} result: {a.value!r} / {b.value!r}")
    return problems[:50]


def main() -> None:
    problems = compare(sys.argv[1], sys.argv[2]) + compare_results(sys.argv[1], sys.argv[2])
    same = "SAME: every cell value, formula result and style, row heights, breaks, print settings"
    print("\n".join(problems) if problems else same)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
