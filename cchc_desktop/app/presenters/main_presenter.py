"""Presenter of the main window: periods, sections, entry, live checks, submit/reopen.

The view is anything with the methods of `MainView`; tests hand in a fake that records calls.
"""

from __future__ import annotations

import logging

from cchc_desktop.app.content.report_gaps import report_gaps
from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.outputs.formats import ExportFormat, export_formats
from cchc_desktop.app.presenters.backup_presenter import BackupPresenter
from cchc_desktop.app.presenters.check_list import CheckListPresenter
from cchc_desktop.app.presenters.data_files_presenter import DataFilesPresenter
from cchc_desktop.app.presenters.entry_presenter import EntryPresenter
from cchc_desktop.app.presenters.export_presenter import ExportPresenter
from cchc_desktop.app.presenters.layout import Sections, SectionSpec, section_of_codes, section_specs
from cchc_desktop.app.presenters.main_view import (  # noqa: F401 - re-exported for the window and the tests
    KIND_LABELS,
    ROMAN,
    MainView,
    NavItem,
    ViolationItem,
    carry_index,
    make_period,
    period_indexes,
    period_kinds,
    when_text,
)
from cchc_desktop.app.presenters.submit_presenter import SubmitPresenter
from cchc_desktop.app.presenters.text_presenter import ReportTexts
from cchc_desktop.app.usecases.context import as_period, report_period_of
from cchc_desktop.app.usecases.received_status import count_text
from cchc_desktop.app.usecases.units import FREQUENCIES
from cchc_desktop.app.workspace import Workspace
from forms.numbers import format_datetime, show_date
from forms.periods import Period
from forms.rules import Violation

log = logging.getLogger(__name__)


class MainPresenter:
    """Holds the state of the main window (period, form, section shown) and does what its buttons and fields
    ask, the check list, submitting and backups through its parts (each with its own small view)."""

    def __init__(self, workspace: Workspace, view: MainView, clock=None):
        self.ws = workspace
        self.view = view
        self.clock = clock or workspace.clock
        self.level = workspace.units.self_unit().level if workspace.units.has_unit() else None
        self.template = workspace.template
        self.specs = section_specs(self.template, self.level)
        self.code_section = section_of_codes(self.specs)
        self.section_key = self.specs[0].key
        self.period: Period | None = None
        self.editable = False
        self.text_editable = False
        self.texts = ReportTexts(workspace, view)
        self.exports = ExportPresenter(workspace, view, self.clock)
        self.data_files = DataFilesPresenter(view, lambda: self.ws.path)  # Tệp's data entries
        ws, period = workspace, lambda: self.period
        self.checks = CheckListPresenter(
            view, ws.checks, ws.units, ws.entry, period=period, report=lambda: self.texts.report,
            sections=self._sections, choose_period=self.choose_period, choose_section=self.choose_section,
            saved=self._saved,
        )  # fmt: skip
        self.submits = SubmitPresenter(
            view, ws.checks, ws.reports, ws.units, self.texts, gaps=lambda report: report_gaps(ws, report),
            template_for=ws.template_for, period=period, sections=self._sections,
            choose_section=self.choose_section, edit_unit=self.edit_unit, changed=self._changed,
        )  # fmt: skip
        self.backups = BackupPresenter(
            view, ws.maintenance, ws.units, clock=self.clock, database=lambda: ws.path,
            busy=lambda: "xuất tệp" if self.exports.running is not None else "",
        )  # fmt: skip
        self.entries = EntryPresenter(
            view, ws.entry, ws.consolidated, ws.reports, ws.units, self.texts, period=period,
            template=lambda: self.template, template_for=ws.template_for, section=lambda: self.section,
            editable=lambda: self.editable, text_editable=lambda: self.text_editable, saved=self._saved,
            period_changed=self._refresh_period_info, recheck=self.recheck,
        )  # fmt: skip

    # ----- start and navigation ------------------------------------------------------------
    def start(self, period: str | None = None) -> None:
        with self.ws.ctx.action():  # one action: each thing read once (Context.action)
            self._start(period)

    def _start(self, period: str | None) -> None:
        self._show_unit()
        self.choose_period(period or self.default_period())
        if self.period is None:  # refused: its template version is not installed on this PC
            self.choose_period(self._last_readable())

    def _show_unit(self) -> None:
        unit = self.ws.units.self_unit()
        self.view.show_unit(f"{unit.name} — nhập số liệu theo {FREQUENCIES[unit.frequency]}")

    def default_period(self) -> str:
        """The latest period with figures, else the entry period of today."""
        latest = self.ws.entry.latest_entry_period()
        if latest:
            return str(latest)
        today = self.clock().date()
        unit = self.ws.units.self_unit()
        if unit.frequency == "month":
            return f"{today.year}-{today.month:02d}"
        return f"{today.year}-Q{(today.month - 1) // 3 + 1}"

    def choose_period(self, period: Period | str) -> None:
        """Show a period; refused (the picker back on the period shown) when it cannot be shown."""
        with self.ws.ctx.action():  # one action: the period's values, status, texts read once
            self._choose_period(period)

    def _choose_period(self, period: Period | str) -> None:
        try:
            parsed = as_period(period)
            unit = self.ws.units.self_unit()
            if parsed.is_shorter_than_entry(unit.frequency):
                raise UserError("Đơn vị nhập số liệu theo quý; hãy chọn quý, 6 tháng, 9 tháng hoặc năm.")
            template = self.ws.template_for(parsed)
        except (UserError, ValueError) as exc:
            self.view.show_message("Kỳ báo cáo", str(exc), error=True)
            if self.period is not None:
                self.view.show_period_choice(self.period.year, self.period.kind, self.period.index)
            return
        self.period = parsed
        self.ws.checks.read_ahead(parsed)  # every period shown and checked, in one query
        self._use_template(template)
        self.texts.set_period(parsed)
        copied = self.ws.entry.start_narratives(parsed)
        self.view.show_period_choice(parsed.year, parsed.kind, parsed.index)
        self._refresh_period_info()
        self.refresh()
        if copied:
            self.view.show_saved(f"Đã chép phần thuyết minh của {copied} để chỉnh sửa cho {self.texts.report.label()}.")

    def _use_template(self, template) -> None:
        """A period of another template version shows that version's form (the window rebuilds it)."""
        if template.version == self.template.version:
            return
        self.template = template
        self.specs = section_specs(template, self.level)
        self.code_section = section_of_codes(self.specs)
        if self.section_key not in {spec.key for spec in self.specs}:
            self.section_key = self.specs[0].key
        self.texts.forget_previews()

    def choose_period_parts(self, year: int, kind: str, index: int) -> None:
        """The picker's choice (Enter, leaving the year box, a list): the period shown again is no change."""
        try:
            period = make_period(year, kind, index)
        except ValueError as exc:
            self.view.show_message("Kỳ báo cáo", str(exc), error=True)
            return
        if period != self.period:
            self.choose_period(period)

    def _last_readable(self) -> Period:
        """The entry period just before the first one whose template version this PC lacks."""
        first = min(self.ws.ctx.missing.values())
        month = Period("month", first.year, first.first_month).previous()
        return month if self.ws.units.self_unit().frequency == "month" else report_period_of(month)

    def templates_installed(self) -> None:
        """A template pack was installed from the window: the period shown takes its version now."""
        assert self.period is not None  # start() chose it
        self.ws.reload_templates()
        self.choose_period(self.period)

    def choose_section(self, key: str) -> None:
        assert self.period is not None  # start() chose it
        self.section_key = key
        with self.ws.ctx.action():
            self.ws.checks.read_ahead(self.period)
            self.refresh()

    @property
    def section(self) -> SectionSpec:
        return next(spec for spec in self.specs if spec.key == self.section_key)

    def _sections(self) -> Sections:
        return Sections(self.template, self.specs, self.code_section, self.section_key)

    def _refresh_period_info(self) -> None:
        assert self.period is not None  # start() chose it
        info = self.ws.reports.status(self.period)
        unit = self.ws.units.self_unit()
        entry = self.period.is_entry_period(unit.frequency)
        locked = info.locked_by is not None
        self.editable = entry and not locked
        self.text_editable = not self.texts.locked
        if info.submitted and info.at is not None:  # a submitted period has its time
            status = f"Đã gửi ({info.by}, lúc {format_datetime(info.at)})"
        elif info.locked_by is not None:
            status = f"Đã khóa (thuộc kỳ {info.locked_by.label()} đã gửi)"
        else:
            status = "Đang nhập" if entry else "Xem số liệu tổng hợp (chỉ đọc)"
        cutoff = (
            f"Số liệu tính từ ngày {show_date(info.cutoff_start)} đến ngày {show_date(info.cutoff_end)}"
            f" · hạn gửi báo cáo ngày {show_date(info.deadline)}"
        )
        received = count_text(self.ws.consolidation, self.texts.report, self.clock().date())
        cutoff += f" · {received}" if received else ""
        self.view.show_period_info(self.period.label(), status, cutoff, self.editable)
        self.view.show_actions(
            submit=not self.texts.locked and not self.period.is_shorter_than_entry(unit.frequency),
            reopen=locked,
            import_annexes=bool(self.ws.units.children()) or unit.level != self._lowest_level(),
        )

    def refresh(self) -> None:
        """Redraw the section with current values, then the checks."""
        self.view.show_section(self.section, self.editable, self.text_editable)
        if self.section.texts:
            self.view.show_text_period(self.texts.note())
        values = self._show_values()
        for code, message in self.texts.draft_errors(self.section).items():
            self.view.show_field_error(code, message)
        self.texts.show_previews(self.section, values)
        self.recheck()

    def _show_values(self) -> dict[str, str]:
        return self.entries.show_values()

    # ----- entry (its part) ----------------------------------------------------------------
    def commit_field(self, code: str, text: str) -> bool:
        """Store what was typed in a field; on a bad value say why and keep the old one."""
        return self.commit_many({code: text})

    def commit_many(self, texts: dict[str, str]) -> bool:
        """Store several typed values at once (a pasted block): all or nothing."""
        assert self.period is not None  # start() chose it
        with self.ws.ctx.action():  # one action: what it shows and checks is read once, not by every step
            self.ws.checks.read_ahead(self.period)
            return self.entries.commit(texts)

    def commit_text(self, code: str, text: str) -> bool:
        return self.commit_many({code: text})

    def insert_figure(self, code: str) -> None:
        """“Chèn số liệu…” beside a text area: pick a figure of the section, insert it live."""
        self.texts.insert_figure(code, self.section.key)

    def _saved(self) -> None:
        self.view.show_saved(f"Đã lưu lúc {format_datetime(self.clock(), seconds=True)}")

    def _changed(self) -> None:
        """The period was submitted or reopened: saved, its status and the section shown again."""
        self._saved()
        self._refresh_period_info()
        self.refresh()

    def edit_unit(self) -> None:
        """Open the unit settings; afterwards show the (possibly renamed) unit."""
        if self.view.open_unit_settings():
            self._show_unit()
            level = self.ws.units.self_unit().level
            if level != self.level:
                self.level = level
                self.specs = section_specs(self.template, level)
                self.code_section = section_of_codes(self.specs)
                self.texts.forget_previews()  # the window builds new forms
                self.refresh()
            self._refresh_period_info()
            self._saved()

    def edit_report_header(self) -> None:
        """Kỳ báo cáo → Thông tin văn bản báo cáo…: the number, date, signer … of the report period shown."""
        if self.view.open_report_header(str(self.texts.report)):
            self._saved()

    def edit_children(self) -> None:
        """Đơn vị → Đơn vị trực thuộc; afterwards the import is offered once there are children."""
        if self.view.open_child_units():
            self._refresh_period_info()
            self._saved()

    def show_received(self) -> None:
        """Đơn vị → Tình hình nhận báo cáo…: who has sent the annex of the report period shown."""
        if not self.ws.units.children():
            self.view.show_message("Tình hình nhận báo cáo", "Đơn vị này chưa có đơn vị trực thuộc nào.")
            return
        self.view.open_received_status(str(self.texts.report))

    # ----- exports and import ----------------------------------------------------------------
    def _lowest_level(self) -> str | None:
        """A unit of the lowest level (cấp xã) has no unit below it to import from, unless declared."""
        return next(iter(self.ws.units.levels()), None)

    def export_formats(self) -> tuple[ExportFormat, ...]:
        """The exports the window offers (Tệp menu, buttons, shortcuts): every registered format."""
        return export_formats()

    def export(self, kind: str) -> None:
        """Export the report period the window shows (a month's quarter) in format `kind`, off the window's thread."""
        self.exports.export(str(self.texts.report), kind)

    def export_pdf(self) -> None:  # shorthands for scripts and tests; the window calls export(kind)
        self.export("pdf")

    def export_xlsx(self) -> None:
        self.export("xlsx")

    def import_annexes(self) -> None:
        """Tệp → Nhập phụ lục…: the import dialog; afterwards the figures shown again (the children's
        figures and the list of child units may have changed)."""
        if self.view.open_import():
            self._refresh_period_info()
            self.refresh()
            self.view.show_saved(f"Đã nhập phụ lục lúc {format_datetime(self.clock(), seconds=True)}")

    def import_onestop(self) -> None:
        """Tệp → Nhập số liệu từ Hệ thống Một cửa…: the one-stop export's dossier figures for the period shown;
        afterwards the figures shown again."""
        if self.period is None:
            return
        if self.view.open_onestop(str(self.period)):
            self.refresh()
            self.view.show_saved(f"Đã nhập số liệu Một cửa lúc {format_datetime(self.clock(), seconds=True)}")

    def sign_report(self) -> None:
        """Tệp → Ký số báo cáo…: the report (and the annex) of the period shown, as exported last in this
        session, proposed for signing."""
        report = str(self.texts.report) if self.period is not None else ""
        last = self.exports.last
        if self.view.open_sign(last.get((report, "pdf")), last.get((report, "xlsx"))):
            self.view.show_saved(f"Đã ký số lúc {format_datetime(self.clock(), seconds=True)}")

    # ----- the check list, submitting, backups: their parts ------------------------------------
    @property
    def violations(self) -> list[Violation]:
        """This unit's standing slips of the period shown (the check list's)."""
        return self.checks.violations

    def recheck(self) -> None:
        self.checks.recheck()

    def activate_violation(self, index: int) -> None:
        self.checks.activate_violation(index)

    def explain_violation(self, index: int) -> None:
        self.checks.explain_violation(index)

    def submit(self) -> None:
        self.submits.submit()

    def reopen(self) -> None:
        self.submits.reopen()

    def backup(self) -> None:
        self.backups.backup()

    def restore(self) -> None:
        self.backups.restore()
