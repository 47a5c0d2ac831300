"""The annexes' content for a period: PL1 figures, PL2 dossiers, PL3 review, PL4 checks, `_cchc` values."""

from __future__ import annotations

from collections.abc import Callable

from cchc_desktop import __version__
from cchc_desktop.app.content import report_content
from cchc_desktop.app.content.figure_notes import namer, state_note
from cchc_desktop.app.content.predecessors import last_year_coverage
from cchc_desktop.app.usecases.annex_periods import Coverage, coverage, missing_text, year_entries
from cchc_desktop.app.usecases.checking import where_label
from cchc_desktop.app.usecases.consolidated_checks import child_checks, consolidated_checks, standing_rules
from cchc_desktop.app.usecases.context import as_period
from cchc_desktop.app.usecases.reading import require_entry
from db import store
from exports.checksum import checksum
from exports.model import AnnexRow, AnnexWorkbook, CheckRow, DossierRow, ReviewRow, plain_number
from exports.sentences import format_figure
from forms import codes as code_grammar
from forms.catalog import Section, Template
from forms.numbers import format_date
from forms.periods import Period
from forms.rules import distinct_violations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.content.sources import AnnexSources

FORMATS = {"int": "#,##0", "decimal": "#,##0.000", "percent": '0.00"%"'}
ReadValues = Callable[[Period], dict[str, object]]


def _cell(value):
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if hasattr(value, "year") and hasattr(value, "month"):
        return format_date(value)
    return plain_number(value)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def ytd_label(period: Period) -> str:
    months = period.last_month
    return "Lũy kế năm" if months == 12 else f"Lũy kế {months} tháng"


class AnnexBuilder:
    """Collects what the four annexes and the `_cchc` sheet hold."""

    def __init__(self, ws: AnnexSources, period: str, template: Template | None = None, read: ReadValues | None = None):
        """template: the version in force for the period (default: the workspace's).
        read: an entry period's stored values named by this template's codes — values stored with
        an older version translated (TemplateSet.translate), so "cùng kỳ năm trước" follows [renamed].
        Default: the stored values as they are."""
        self.ws = ws
        self.period = as_period(period)
        self.template = template or ws.ctx.template_for(self.period)
        self.unit = ws.units.self_unit()
        require_entry(ws.ctx.unit_row(None), self.period)  # a quarterly unit's annexes are per quarter at least
        self.figures = ws.consolidated.figures(self.period, template=self.template)  # as the PDF and `get` read it
        self.values = self.figures.total  # this unit's own figures when it has no children with figures
        consolidated = self.figures.has_children
        self.listed = self.figures.listed() if consolidated else {}  # `units = none` figures, per unit
        self.name_of = namer(self.figures)
        if read is None:
            read = self._read_consolidated if consolidated else self._read_own
        frequency = self._span_frequency()
        if consolidated:  # last year's children (a merger's old units included) are added up by the read
            last_year = self.period.same_period_last_year().entry_periods(frequency)
            self.last_year: Coverage = coverage(ws.entry, last_year, read=read, template=self.template)
        else:  # a unit created by a merger without figures then: the sum of the units it replaced
            self.last_year = last_year_coverage(ws.units, ws.entry, self.period, read=read, template=self.template)
        shorter = self.period.kind != "year"
        ytd = year_entries(self.period, frequency)
        self.ytd: Coverage = coverage(ws.entry, ytd, read=read, template=self.template) if shorter else Coverage()

    def _read_own(self, entry: Period) -> dict[str, object]:
        return self.ws.entry.get_values(entry, computed=False, template=self.template)

    def _read_consolidated(self, entry: Period) -> dict[str, object]:
        """An entry period's consolidated figures (without computed values), as `get --consolidated`
        reads them: the period itself from the figures already consolidated, another on the side
        (`keep=False`), so that the exported period is consolidated once per export."""
        if entry == self.period:
            figures = self.figures
        else:
            figures = self.ws.consolidated.figures(entry, template=self.template, keep=False)
        return {code: value for code, value in figures.total.items() if code not in figures.template.computed}

    def _span_frequency(self) -> str:
        """The entry periods "cùng kỳ" and "lũy kế" are read by: a parent with children entering
        quarterly reads quarters (a month holds none of their figures)."""
        frequency = self.unit.frequency
        children = [child.unit.frequency for child in self.figures.children]
        if self.period.kind != "month" and "quarter" in children:
            return "quarter"
        return frequency

    def build(self) -> AnnexWorkbook:
        period_id = str(self.period)
        number = report_content.report_setting(self.ws.settings, period_id, "number")
        signer = report_content.signer_of(self.ws.settings, period_id, self.unit)
        date_text = report_content.report_date_line(self.ws.settings, period_id, self.unit.place).split(", ", 1)[-1]
        values = self.ws.entry.exchange_values(period_id)
        show_ytd = self.period.kind != "year"
        pl1 = self.pl1()
        return AnnexWorkbook(
            unit_code=self.unit.code,
            unit_name=self.unit.name,
            unit_level=self.unit.level,
            parent_code=self.unit.parent_code,
            issuing_body=self.unit.name,
            period=period_id,
            period_label=self.period.label(),
            template_version=self.template.version,
            app_version=__version__,
            exported_at=self.ws.clock().replace(microsecond=0).isoformat(),
            report_ref=f"(Kèm theo Báo cáo số {number or '      '}/BC-UBND {date_text} của {self.unit.name})",
            pl1=pl1,
            pl1_notes=self.pl1_notes(pl1),
            pl1_levels=[_capital(level.name) for level in self.figures.levels],
            pl1_own_first=bool(self.figures.levels) and self.figures.levels[0].units == [self.figures.unit],
            pl1_columns=(
                self.period.short_label(),
                f"Cùng kỳ năm {self.period.year - 1}",  # always (OUTPUTS.md): blank when last year is unknown
                ytd_label(self.period) if show_ytd else "",
            ),
            pl2_columns=[
                (column.code, column.number, self.template.indicators[column.code].label)
                for column in self.template.annex.dossier_columns
            ],
            pl2=self.pl2(),
            pl3_columns=[(column.key, column.label) for column in self.review_table().columns],
            pl3=self.pl3(),
            pl4=self.pl4(),
            values=values,
            checksum=checksum(values),
            pl1_periods=(
                period_id,
                str(self.period.same_period_last_year()),
                self.ytd_period_id() if show_ytd else "",
            ),
            place_date=report_content.report_date_line(self.ws.settings, period_id, self.unit.place),
            authority_line=signer.authority_line,
            signer_title=signer.title,
            signer_name=signer.name,
            pl2_title=self.template.annex.dossier_title,
            pl2_form=self.template.annex.dossier_form,
            pl2_groups=[(group.first, group.last, group.title) for group in self.template.annex.dossier_groups],
            pl3_title=self.template.annex.review_title,
            pl3_rates=[(rate.label, rate.parts, rate.total) for rate in self.template.annex.review_rates],
            submitted_at=self.ws.reports.submitted_at(self.period),
            explanations=self.explanations(),
            period_note=report_content.missing_periods_note(self.values),
        )

    def explanations(self) -> list[tuple[str, str, str, str]]:
        """This unit's giải trình of the period and its entry periods, sent with its values (`_cchc`)."""
        unit = self.ws.ctx.unit_row(None)
        periods = [str(self.period)]
        if not self.period.is_shorter_than_entry(unit.frequency):
            periods += [str(p) for p in self.period.entry_periods(unit.frequency)]
        found = store.explanations(unit, list(dict.fromkeys(periods)))
        return sorted((rule, period, unit.code, text) for (period, rule), text in found.items())

    def ytd_period_id(self) -> str:
        """An id for January to the end of the period (`2023-9M`), or the months' own ids joined."""
        ids = {3: "Q1", 6: "H1", 9: "9M", 12: ""}
        suffix = ids.get(self.period.last_month)
        if suffix is None:
            return f"{self.period.year}-01..{self.period.year}-{self.period.last_month:02d}"
        return f"{self.period.year}-{suffix}" if suffix else str(self.period.year)

    def review_table(self):
        return self.template.tables[self.template.annex.review_table]

    def pl1(self) -> list[AnnexRow]:
        """Parts as I, II …; the sub-sections of part II as 1, 2 …; indicators numbered inside their heading."""
        rows: list[AnnexRow] = []
        in_part = ""
        for section in self.template.sections:
            codes, rates = self.section_codes(section)
            if not codes and not rates:
                continue
            part, number = self.template.part_and_number(section)
            prefix = ""
            if number:
                if in_part != part:
                    rows.append(AnnexRow(kind="section", stt=part, label=self.template.parts[part].upper()))
                    in_part = part
                rows.append(AnnexRow(kind="section", stt=number, label=section.title, level=1))
                prefix = f"{number}."
            else:
                rows.append(AnnexRow(kind="section", stt=part, label=section.title.upper()))
            index = 0
            for code in codes:
                indicator = self.template.indicators[code]
                sub = indicator.indent > 0 and index > 0
                index += 0 if sub else 1
                stt = "-" if sub else f"{prefix}{index}"
                rows.append(self.row("value", stt, code, FORMATS.get(indicator.type, ""), indent=int(sub)))
            for rate in rates:
                index += 1
                rows.append(self.row("rate", f"{prefix}{index}", rate.code, FORMATS["percent"]))
        return rows

    def section_codes(self, section: Section) -> tuple[list[str], list]:
        """The section's indicators and rates this unit reports or sees (`shown`)."""
        codes = [
            code
            for group in section.groups
            for code in group.codes
            if self.template.indicators[code].type != "text" and self.shown(code)
        ]
        rates = [
            c
            for c in self.template.computed.values()
            if c.section == section.id
            and not code_grammar.has_level(c.code)
            and code_grammar.is_rate(c.code)
            and self.shown(c.code)
        ]
        return codes, rates

    def shown(self, code: str) -> bool:
        """An indicator of the unit's level or of a level below it (`Template.shows`: a ward's PL1 has no
        "UBND cấp xã được kiểm tra"); any figure that holds a value is printed whatever its level."""
        if self.template.shows(code, self.unit.level):
            return True
        return any(values.get(code) is not None for values in (self.values, self.last_year.values, self.ytd.values))

    def pl1_notes(self, rows: list[AnnexRow]) -> list[str]:
        """Once under PL1, for each span column (cùng kỳ, lũy kế) that lacks entry periods: which ones,
        when some row's cell was left empty for it where a figure exists (in the period or the span)."""
        notes = []
        spans = [(self.last_year, self.last_year.exists, f"Cùng kỳ năm {self.period.year - 1}")]
        spans.append((self.ytd, self.period.kind != "year", ytd_label(self.period)))
        for span, shown, title in spans:
            if not shown or not span.missing:
                continue
            if any(self._withheld(span, row) for row in rows if row.kind != "section"):
                notes.append(
                    f"Cột “{title}” thiếu số liệu {missing_text(span.missing)}; "
                    "các chỉ tiêu cần đến số liệu của các kỳ này được để trống."
                )
        return notes

    @staticmethod
    def _withheld(span: Coverage, row: AnnexRow) -> bool:
        return row.code in span.unreliable and (row.code in span.withheld or row.value is not None)

    def row(self, kind: str, stt: str, code: str, number_format: str, indent: int = 0) -> AnnexRow:
        """An indicator or rate row; a span with missing entry periods leaves its cell empty (`pl1_notes`)."""
        notes = self.state_notes(code)  # a span's missing entry periods are said once, under the table
        found = self.listed.get(code, []) if kind == "value" else []
        if len({str(value) for _, value in found}) > 1:  # not added up, and the units differ: each one's
            shown = "; ".join(f"{unit.name}: {format_figure(self.template, code, value)}" for unit, value in found)
            notes.append(f"Từng đơn vị: {shown}")
        return AnnexRow(
            kind=kind,
            stt=stt,
            label=self.template.label_of(code),
            unit="%" if kind == "rate" else self.template.unit_of(code),
            value=_cell(self.values.get(code)),
            last_year=_cell(self.last_year.values.get(code)),
            year_to_date=_cell(self.ytd.values.get(code)),
            note="; ".join(notes),
            number_format=number_format,
            code=code,
            indent=indent,
            levels=tuple(_cell(level.values.get(code)) for level in self.figures.levels),
            summed=bool(self.figures.levels) and kind == "value" and self.template.indicators[code].units == "sum",
        )

    def state_notes(self, code: str) -> list[str]:
        """How a figure is known when it was not typed as such (as the window says it): derived from an
        identity, or a sum some unit or month holding figures lacks a part of."""
        note = state_note(self.values, code, self.template, self.name_of)
        return [note] if note else []

    def pl2(self) -> list[DossierRow]:
        """Biểu II.06a: this unit's row; for a parent, per level (its own first) the units holding
        figures with their subtotal, then the total; from the same figures as PL1 and the report."""
        codes = [column.code for column in self.template.annex.dossier_columns]
        figures = self.figures

        def cells(values: dict[str, object]) -> dict[str, object]:
            return {code: _cell(values.get(code)) for code in codes}

        own = DossierRow("unit", self.unit.name, cells(figures.own), self.unit.code)
        if not figures.has_children:
            return [own, DossierRow("total", "Tổng cộng", cells(figures.total))]
        by_code = {child.unit.code: child for child in figures.children}
        rows: list[DossierRow] = []
        for level in figures.levels:
            for unit in level.units:
                if unit.code == self.unit.code:
                    rows.append(own)
                else:
                    rows.append(DossierRow("unit", unit.name, cells(by_code[unit.code].values), unit.code))
            rows.append(DossierRow("subtotal", f"Cộng {level.name}", cells(level.values)))
        rows.append(DossierRow("total", "Tổng cộng", cells(figures.total)))
        return rows

    def pl3(self) -> list[ReviewRow]:
        table = self.review_table()
        keys = [column.key for column in table.columns]
        rows: list[ReviewRow] = []
        for cap in table.caps:
            present = [
                row
                for row in self.template.lists[table.rows_list]
                if any(self.values.get(table.cell_code(key, cap, row)) is not None for key in keys)
            ]
            if not present:
                continue
            for row in present:
                label = f"{self.template.caps[cap]} — {self.template.lists[table.rows_list][row]}"
                codes = {k: table.cell_code(k, cap, row) for k in keys}
                rows.append(ReviewRow("row", label, {k: _cell(self.values.get(c)) for k, c in codes.items()}, codes))
            rows.append(
                ReviewRow(
                    "subtotal",
                    f"Cộng {self.template.caps[cap].lower()}",
                    {k: _cell(self.values.get(table.sum_code(k, cap))) for k in keys},
                )
            )
        if rows:  # an empty table is "Không có số liệu.", not a total of zeros
            rows.append(ReviewRow("total", "Tổng cộng", {k: _cell(self.values.get(table.sum_code(k))) for k in keys}))
        return rows

    def pl4(self) -> list[CheckRow]:
        """This unit's slips; for a parent, then those of the consolidated figures and a section per
        child (with the child's giải trình)."""
        found = self.ws.checks.check(self.period)
        rows = [self.check_row(found[i]) for i in distinct_violations(found) if not found[i].is_info]
        if not self.figures.has_children:
            return rows
        children = child_checks(self.ws.checks, self.period)
        known = standing_rules(found, children)
        group = "Trên số liệu tổng hợp"
        rows += [self.check_row(v, group) for v in consolidated_checks(self.ws.consolidated, self.period, known=known)]
        for item in children:
            rows += [self.check_row(v, item.unit.name) for v in item.violations]
        return rows

    def check_row(self, violation, group: str = "") -> CheckRow:
        return CheckRow(
            rule=violation.rule,
            importance="Lỗi" if violation.is_error else "Cảnh báo",
            period=where_label(violation) or self.period.short_label(),
            message=violation.message,
            explanation=violation.explanation,
            section=self.section_title(violation.rule, violation.codes),
            indicators="\n".join(dict.fromkeys(self.template.label_of(code) for code in violation.codes)),
            group=group,
        )

    def section_title(self, rule_id: str, codes: tuple[str, ...]) -> str:
        """The title of the section the violation's first indicator (else its rule) belongs to."""
        section_id = next(
            (self.template.indicators[c].section for c in codes if c in self.template.indicators),
            next((c.section for c in self.template.computed.values() if c.code in codes), ""),
        ) or next((rule.section for rule in self.template.rules if rule.id == rule_id), "")
        try:
            return self.template.section(section_id).title
        except KeyError:
            return ""


def build_annex(
    ws: AnnexSources, period: str, template: Template | None = None, read: ReadValues | None = None
) -> AnnexWorkbook:
    """The annexes of a period; see AnnexBuilder for `template` and `read`."""
    return AnnexBuilder(ws, period, template, read).build()
