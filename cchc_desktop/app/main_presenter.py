"""Presenter of the main window: periods, sections, entry, live checks, submit/reopen.

The view is anything with the methods of `MainView`; tests hand in a fake that records calls.
"""

from __future__ import annotations

import logging
from datetime import datetime

from cchc_desktop.app.annex_periods import has_figures, missing_text
from cchc_desktop.app.errors import NotAvailable, UserError
from cchc_desktop.app.export_presenter import ExportPresenter
from cchc_desktop.app.layout import EXPLANATIONS_KEY, SectionSpec, section_of_codes, section_specs
from cchc_desktop.app.main_view import (  # noqa: F401 - re-exported for the window and the tests
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
from cchc_desktop.app.text_presenter import ReportTexts
from cchc_desktop.app.workspace import FREQUENCIES, Workspace, sentence_case, violation_text
from forms.numbers import format_date, format_datetime
from forms.periods import Period, parse_period
from forms.rules import Violation, distinct_violations
from forms.values import display_code, parse_value, to_storage

log = logging.getLogger(__name__)


class MainPresenter:
    """Holds the state of the main window and does everything its buttons and fields ask."""

    def __init__(self, workspace: Workspace, view: MainView, clock=datetime.now):
        self.ws = workspace
        self.view = view
        self.clock = clock
        self.level = workspace.self_unit().level if workspace.has_unit() else None
        self.specs = section_specs(workspace.template, self.level)
        self.code_section = section_of_codes(self.specs)
        self.section_key = self.specs[0].key
        self.shown: list[int] = []
        self.period: Period | None = None
        self.violations: list[Violation] = []
        self.editable = False
        self.text_editable = False
        self.texts = ReportTexts(workspace, view)
        self.exports = ExportPresenter(workspace, view, clock)
        self._reopen_reason = ""

    # ----- start and navigation ------------------------------------------------------------
    def start(self, period: str | None = None) -> None:
        self._show_unit()
        self.choose_period(period or self.default_period())

    def _show_unit(self) -> None:
        unit = self.ws.self_unit()
        self.view.show_unit(f"{unit.name} — nhập số liệu theo {FREQUENCIES[unit.frequency]}")

    def default_period(self) -> str:
        """The latest period with figures, else the entry period of today."""
        latest = self.ws.latest_entry_period()
        if latest:
            return latest
        today = self.clock().date()
        unit = self.ws.self_unit()
        if unit.frequency == "month":
            return f"{today.year}-{today.month:02d}"
        return f"{today.year}-Q{(today.month - 1) // 3 + 1}"

    def choose_period(self, period: str) -> None:
        try:
            parsed = parse_period(period)
            unit = self.ws.self_unit()
            if parsed.is_shorter_than_entry(unit.frequency):
                raise UserError("Đơn vị nhập số liệu theo quý; hãy chọn quý, 6 tháng, 9 tháng hoặc năm.")
        except (UserError, ValueError) as exc:
            self.view.show_message("Kỳ báo cáo", str(exc), error=True)
            return
        self.period = parsed
        self.texts.set_period(parsed)
        copied = self.ws.start_narratives(str(parsed))
        self.view.show_period_choice(parsed.year, parsed.kind, parsed.index)
        self._refresh_period_info()
        self.refresh()
        if copied:
            self.view.show_saved(f"Đã chép phần thuyết minh của {copied} để chỉnh sửa cho {self.texts.report.label()}.")

    def choose_period_parts(self, year: int, kind: str, index: int) -> None:
        try:
            period = make_period(year, kind, index)
        except ValueError as exc:
            self.view.show_message("Kỳ báo cáo", str(exc), error=True)
            return
        self.choose_period(str(period))

    def choose_section(self, key: str) -> None:
        self.section_key = key
        self.refresh()

    @property
    def section(self) -> SectionSpec:
        return next(spec for spec in self.specs if spec.key == self.section_key)

    def _refresh_period_info(self) -> None:
        info = self.ws.status(str(self.period))
        unit = self.ws.self_unit()
        entry = self.period.is_entry_period(unit.frequency)
        locked = info["locked_by"] is not None
        self.editable = entry and not locked
        self.text_editable = not self.texts.locked
        if info["status"] == "submitted":
            status = f"Đã gửi ({info['by']}, lúc {when_text(info['at'])})"
        elif locked:
            status = f"Đã khóa (thuộc kỳ {parse_period(info['locked_by']).label()} đã gửi)"
        else:
            status = "Đang nhập" if entry else "Xem số liệu tổng hợp (chỉ đọc)"
        start, end = self.period.cutoff()
        cutoff = f"Số liệu tính từ ngày {format_date(start)} đến ngày {format_date(end)}"
        self.view.show_period_info(self.period.label(), status, cutoff, self.editable)
        self.view.show_actions(
            submit=not self.texts.locked and not self.period.is_shorter_than_entry(unit.frequency),
            reopen=locked,
            import_annexes=bool(self.ws.children()),
        )

    def refresh(self) -> None:
        """Redraw the section with current values, then the checks."""
        self.view.show_section(self.section, self.editable, self.text_editable)
        if self.section.texts:
            self.view.show_text_period(self.texts.note())
        values = self._display_values()
        self.view.set_values(values)
        for code, message in self.texts.draft_errors(self.section).items():
            self.view.show_field_error(code, message)
        self.texts.show_previews(self.section, values)
        self.recheck()

    def _display_values(self) -> dict[str, str]:
        values = self.ws.get_values(str(self.period))
        shown = {
            code: display_code(self.ws.template, code, value)
            for code, value in values.items()
            if not self._is_text(code)
        }
        shown.update(self.texts.display(self.section))
        return shown

    # ----- checks --------------------------------------------------------------------------
    def recheck(self) -> None:
        self.violations = self.ws.check(str(self.period))
        self.shown = distinct_violations(self.violations)
        counts: dict[str, list[int]] = {spec.key: [0, 0, 0] for spec in self.specs}
        items, marks = [], {}
        for index in self.shown:
            violation = self.violations[index]
            section = self._section_of(violation)
            open_error = violation.is_error and not violation.explanation
            counts[section][0 if violation.is_error else 1] += 1
            if open_error:
                counts[EXPLANATIONS_KEY][0] += 1
                counts[EXPLANATIONS_KEY][2] += 1
                counts[section][2] += 1
            where = f"{self._part_label(violation.period)}: " if violation.period else ""
            items.append(
                ViolationItem(
                    index=index,
                    importance=violation.importance,
                    text=f"{where}{violation.message}",
                    rule=violation.rule,
                    codes=violation.codes,
                    section=section,
                    explanation=violation.explanation,
                    period=violation.period,
                )
            )
            for code in violation.codes:
                current = marks.get(code)
                if current is None or (current[0] == "warning" and violation.is_error):
                    marks[code] = (violation.importance, violation.message)
                elif current[0] == violation.importance and violation.message not in current[1]:
                    marks[code] = (current[0], current[1] + "\n" + violation.message)
        nav = [NavItem(spec.key, spec.nav_label, *counts[spec.key]) for spec in self.specs]
        self.view.show_navigation(nav, self.section_key)
        self.view.show_violations(items)
        self.view.mark_fields(marks)

    def _part_label(self, period: str) -> str:
        """`Tháng 7` for a month of the year shown (`Tháng 7/2022` otherwise), `Quý III` likewise."""
        part = parse_period(period)
        label = part.short_label()
        return label.split("/")[0] if part.year == self.period.year else label

    def _section_of(self, violation: Violation) -> str:
        for code in violation.codes:
            if code in self.code_section:
                return self.code_section[code]
            if code in self.ws.template.computed:
                section_id = self.ws.template.computed[code].section
                return next(spec.key for spec in self.specs if spec.id == section_id)
        return self.specs[0].key

    def activate_violation(self, index: int) -> None:
        """Jump to the section and the first field of a violation; a month's violation seen in
        the quarter opens that month."""
        violation = self.violations[index]
        if violation.period and violation.period != str(self.period):
            self.choose_period(violation.period)
            if violation.period != str(self.period):
                return
        section = self._section_of(violation)
        if section != self.section_key:
            self.choose_section(section)
        target = next((c for c in violation.codes if c in self.section.codes), None)
        if target:
            self.view.focus_field(target)

    def explain_violation(self, index: int) -> None:
        violation = self.violations[index]
        shared = [self.violations[i] for i in self.shown if self.violations[i].rule == violation.rule]
        prompt = f"Giải trình cho sai sót:\n{violation.message}"
        if len(shared) > 1:
            prompt += (
                f"\n\nGiải trình này dùng chung cho cả {len(shared)} sai sót cùng loại trong "
                f"{self.texts.report.label()} (cùng một quy tắc kiểm tra)."
            )
        text = self.view.ask_text("Giải trình", prompt, violation.explanation)
        if text is None:
            return
        try:
            self.ws.explain(str(self.texts.report), violation.rule, text)
        except UserError as exc:
            self.view.show_message("Không lưu được giải trình", str(exc), error=True)
            return
        self._saved()
        self.recheck()

    # ----- entry ---------------------------------------------------------------------------
    def commit_field(self, code: str, text: str) -> bool:
        """Store what was typed in a field; on a bad value say why and keep the old one."""
        return self.commit_many({code: text})

    def commit_many(self, texts: dict[str, str]) -> bool:
        """Store several typed values at once (a pasted block): all or nothing."""
        if texts and all(self._is_text(code) for code in texts):
            return self._commit_texts(texts)
        current = self.ws.stored_texts(str(self.period))
        changed = {code: text for code, text in texts.items() if not self._same(code, text, current)}
        if not changed:  # a field left unchanged (even in a locked period) is no attempt to edit
            for code in texts:
                self.view.show_field_error(code, "")
            return True
        if not self.editable:
            self.view.show_message("Không sửa được", self._read_only_reason(), error=True)
            self.view.set_values(self._display_values())
            return False
        try:
            self.ws.set_values(str(self.period), changed)
        except UserError as exc:
            message = "\n".join(exc.details) or str(exc)
            self.view.show_field_error(next(iter(changed)), message)
            self.view.set_values(self._display_values())
            return False
        for code in texts:
            self.view.show_field_error(code, "")
        values = self._display_values()
        self.view.set_values(values)
        self.texts.show_previews(self.section, values)  # the preview follows the figures
        self._saved()
        self.recheck()
        return True

    def commit_text(self, code: str, text: str) -> bool:
        return self.commit_many({code: text})

    def _commit_texts(self, texts: dict[str, str]) -> bool:
        """Store report texts on the report period; a refused text stays in its area with the reason.

        A text as it is shown (stored, copied forward or generated) is not stored again: leaving a
        text area unchanged neither freezes a generated text nor complains about a locked period."""
        stored = self.texts.stored()
        shown = self.texts.in_force(list(texts))
        changed = {
            code: text
            for code, text in texts.items()
            if text.strip() not in ((stored.get(code) or "").strip(), shown.get(code, "").strip())
        }
        if not changed:
            for code in texts:
                self.view.show_field_error(code, "")
            return True
        if not self.text_editable:
            self.view.show_message("Không sửa được", self._read_only_reason(), error=True)
            self.view.set_values(self._display_values())
            return False
        try:
            self.texts.store(changed)
        except UserError as exc:
            self.view.show_field_error(next(iter(changed)), "\n".join(exc.details) or str(exc))
            self.texts.show_previews(self.section)  # the draft as it would print, braces as typed
            self.recheck()  # the checks say a draft is waiting
            return False
        for code in texts:
            self.view.show_field_error(code, "")
        self.texts.show_previews(self.section)
        self._saved()
        self.recheck()
        return True

    def insert_figure(self, code: str) -> None:
        """“Chèn số liệu…” beside a text area: pick a figure of the section, insert it live."""
        self.texts.insert_figure(code, self.section.key)

    def _is_text(self, code: str) -> bool:
        indicator = self.ws.template.indicators.get(code)
        return indicator is not None and indicator.type == "text"

    def _same(self, code: str, text: str, current: dict[str, str]) -> bool:
        indicator = self.ws.template.indicators.get(code)
        if indicator is None:
            return False
        stored = current.get(code)
        if indicator.type == "text":
            return (stored or "") == text.strip()
        try:
            value = parse_value(indicator, text)
        except ValueError:
            return False
        return (None if value is None else to_storage(value)) == stored

    def _read_only_reason(self) -> str:
        unit = self.ws.self_unit()
        if self.ws.status(str(self.period))["locked_by"]:
            return "Kỳ này đã gửi (khóa). Muốn sửa, hãy bấm “Mở lại kỳ” và nêu lý do."
        return (
            f"{sentence_case(self.period.label())} là số liệu tổng hợp, chỉ để xem. "
            f"Số liệu được nhập theo {FREQUENCIES[unit.frequency]}."
        )

    def _saved(self) -> None:
        self.view.show_saved(f"Đã lưu lúc {format_datetime(self.clock(), seconds=True)}")

    # ----- submit / reopen -----------------------------------------------------------------
    def submit(self) -> None:
        """Submit (lock) the report period the window shows (a month's quarter).

        Unexplained errors are said at once (no question first); entry periods without any figure
        are named in the question, since the report would print the others' figures as the whole.
        """
        report = self.texts.report
        label = f"báo cáo {report.label()}"
        open_errors = self.ws.open_errors(str(report))
        if open_errors:
            lines = "\n".join(f"  - {violation_text(v)}" for v in open_errors[:8])
            more = f"\n  … và {len(open_errors) - 8} lỗi khác" if len(open_errors) > 8 else ""
            self.view.show_message(
                "Chưa gửi được",
                f"Chưa thể gửi {label}: còn {len(open_errors)} lỗi chưa sửa hoặc chưa giải trình:\n{lines}{more}\n\n"
                "Hãy sửa số liệu, hoặc chọn lỗi trong bảng bên phải rồi bấm “Giải trình…”.",
                error=True,
            )
            return
        inside = f"{sentence_case(self.period.label())} thuộc {label}. " if report != self.period else ""
        empty = self._entries_without_figures(report)
        warning = f"Chưa có số liệu {missing_text(empty)}. " if empty else ""
        question = f"{inside}{warning}Gửi (khóa) {label}? Sau khi gửi, số liệu và thuyết minh không sửa được nữa."
        if not self.view.ask_yes_no("Gửi báo cáo", question):
            return
        try:
            self.ws.submit(str(report))
        except UserError as exc:
            self.view.show_message("Chưa gửi được", str(exc), error=True)
            return
        self._saved()
        self._refresh_period_info()
        self.refresh()
        self.view.show_message("Đã gửi", f"Đã gửi (khóa) {label}.")

    def _entries_without_figures(self, report: Period) -> list[Period]:
        frequency = self.ws.self_unit().frequency
        entries = report.entry_periods(frequency)
        return [p for p in entries if not has_figures(self.ws.template, self.ws.get_values(str(p), computed=False))]

    def reopen(self) -> None:
        """Reopen the submitted report that locks this view (a month's quarter); a refused reason is kept."""
        locked_by = self.ws.status(str(self.period))["locked_by"] or str(self.texts.report)
        target = parse_period(locked_by)
        prompt = f"Lý do mở lại {target.label()}:"
        if target != self.period:
            prompt = (
                f"{sentence_case(self.period.label())} thuộc {target.label()} đã gửi; "
                f"muốn sửa thì phải mở lại {target.label()}.\n\n{prompt}"
            )
        reason = self.view.ask_text("Mở lại kỳ báo cáo", prompt, self._reopen_reason)
        if reason is None:
            return
        self._reopen_reason = reason
        try:
            self.ws.reopen(str(target), reason)
        except UserError as exc:
            self.view.show_message("Chưa mở lại được", str(exc), error=True)
            return
        self._reopen_reason = ""
        self._saved()
        self._refresh_period_info()
        self.refresh()

    def edit_unit(self) -> None:
        """Open the unit settings; afterwards show the (possibly renamed) unit."""
        if self.view.open_unit_settings():
            self._show_unit()
            level = self.ws.self_unit().level
            if level != self.level:
                self.level = level
                self.specs = section_specs(self.ws.template, level)
                self.code_section = section_of_codes(self.specs)
                self.texts.forget_previews()  # the window builds new forms
                self.refresh()
            self._refresh_period_info()
            self._saved()

    # ----- exports and import (their own issue) ---------------------------------------------
    def _not_available(self, what: str) -> None:
        self.view.show_message(what, str(NotAvailable(f"{what}: chức năng này chưa có trong phiên bản này.")))

    def export_pdf(self) -> None:
        self._export("pdf", "Xuất báo cáo PDF")

    def export_xlsx(self) -> None:
        self._export("xlsx", "Xuất phụ lục Excel")

    def _export(self, kind: str, title: str) -> None:
        """Export the report period the window shows (a month's quarter), off the window's thread."""
        self.exports.export(str(self.texts.report), kind, title)

    def import_annexes(self) -> None:
        self._not_available("Nhập phụ lục của đơn vị cấp dưới")
