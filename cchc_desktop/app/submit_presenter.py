"""Submitting (locking) and reopening the report period the main window shows.

A mixin of MainPresenter (it uses the presenter's workspace, view, period and texts).
"""

from __future__ import annotations

from cchc_desktop.app.annex_periods import has_figures, missing_text
from cchc_desktop.app.checking import violation_text
from cchc_desktop.app.context import sentence_case
from forms.errors import UserError
from forms.periods import Period


class SubmitMixin:
    def submit(self) -> None:
        """Submit (lock) the report period the window shows (a month's quarter).

        Unexplained errors are said at once (no question first); entry periods without any figure
        are named in the question, since the report would print the others' figures as the whole.
        """
        report = self.texts.report
        label = f"báo cáo {report.label()}"
        open_errors = self.ws.checks.open_errors(report)
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
            self.ws.reports.submit(report)
        except UserError as exc:
            self.view.show_message("Chưa gửi được", str(exc), error=True)
            return
        self._saved()
        self._refresh_period_info()
        self.refresh()
        self.view.show_message("Đã gửi", f"Đã gửi (khóa) {label}.")

    def _entries_without_figures(self, report: Period) -> list[Period]:
        frequency = self.ws.units.self_unit().frequency
        entries = report.entry_periods(frequency)
        return [p for p in entries if not has_figures(self.template, self.ws.entry.get_values(p, computed=False))]

    def reopen(self) -> None:
        """Reopen the submitted report that locks this view (a month's quarter); a refused reason is kept."""
        target = self.ws.reports.status(self.period).locked_by or self.texts.report
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
            self.ws.reports.reopen(target, reason)
        except UserError as exc:
            self.view.show_message("Chưa mở lại được", str(exc), error=True)
            return
        self._reopen_reason = ""
        self._saved()
        self._refresh_period_info()
        self.refresh()
