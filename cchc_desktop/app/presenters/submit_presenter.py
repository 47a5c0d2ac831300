"""Submitting (locking) and reopening the report period the main window shows.

A part of MainPresenter: what it needs of the window's state (the period, the form) it asks through
callables, and what it makes the window do (edit the unit, show a section, redraw after a change) through
callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from cchc_desktop.app.content.report_gaps import ReportGaps, section_of
from cchc_desktop.app.presenters.layout import Sections
from cchc_desktop.app.usecases.checking import violation_text
from cchc_desktop.app.usecases.context import sentence_case
from forms.errors import UserError
from forms.periods import Period

if TYPE_CHECKING:
    from cchc_desktop.app.presenters.text_presenter import ReportTexts
    from cchc_desktop.app.usecases.checking import Checks
    from cchc_desktop.app.usecases.reporting import Reports
    from cchc_desktop.app.usecases.units import Units
    from forms.catalog import Template

TITLE = "Gửi báo cáo"
FIX_UNIT, FIX_SECTION = "unit", "section"


class SubmitView(Protocol):
    def show_message(self, title: str, text: str, error: bool = False) -> None: ...
    def ask_yes_no(self, title: str, text: str) -> bool: ...
    def ask_with_actions(self, title: str, text: str, actions: list[tuple[str, str]]) -> str: ...
    def ask_text(self, title: str, prompt: str, initial: str = "") -> str | None: ...
    def focus_field(self, code: str) -> None: ...


class SubmitPresenter:
    """Gửi báo cáo / Mở lại kỳ: `texts` is the window's report texts (the report period, the texts in
    force); `gaps` says what a report would lack; after a submit or a reopen `changed` redraws the window."""

    def __init__(
        self,
        view: SubmitView,
        checks: Checks,
        reports: Reports,
        units: Units,
        texts: ReportTexts,
        *,
        gaps: Callable[[Period], ReportGaps],
        template_for: Callable[[Period], Template],
        period: Callable[[], Period | None],
        sections: Callable[[], Sections],
        choose_section: Callable[[str], None],
        edit_unit: Callable[[], None],
        changed: Callable[[], None],
    ):
        self.view, self.checks, self.reports, self.units, self.texts = view, checks, reports, units, texts
        self.gaps, self.template_for, self.period, self.sections = gaps, template_for, period, sections
        self.choose_section, self.edit_unit, self.changed = choose_section, edit_unit, changed
        self.reopen_reason = ""  # a reason the reopen refused, offered again

    def submit(self) -> None:
        """Submit (lock) the report period the window shows (a month's quarter).

        Unexplained errors are said at once (no question first). Whatever the report would lack — months
        without figures, sections with no content, figures printed `…`, the unit's signer, place, parent
        or recipients — is listed in the question, with a way to go and fix it before anything is locked.
        """
        period = self.period()
        assert period is not None  # the window's start() chose it
        report = self.texts.report
        label = f"báo cáo {report.label()}"
        open_errors = self.checks.open_errors(report)
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
        inside = f"{sentence_case(period.label())} thuộc {label}. " if report != period else ""
        gaps = self.gaps(report)
        lock = "Sau khi gửi, số liệu và thuyết minh không sửa được nữa."
        if not gaps:
            if not self.view.ask_yes_no(TITLE, f"{inside}Gửi (khóa) {label}? {lock}"):
                return
        elif not self._submit_anyway(
            gaps, f"{inside}{sentence_case(label)} sẽ còn thiếu:", f"Vẫn gửi (khóa) {label}? {lock}"
        ):
            return
        try:
            self.reports.submit(report)
        except UserError as exc:
            self.view.show_message("Chưa gửi được", str(exc), error=True)
            return
        self.changed()
        self.view.show_message("Đã gửi", f"Đã gửi (khóa) {label}.")

    def _submit_anyway(self, gaps: ReportGaps, lead: str, question: str) -> bool:
        """Ask with the gaps listed: Có sends anyway; the other buttons open what to fix (nothing locked)."""
        actions = []
        if gaps.unit_fields:
            actions.append((FIX_UNIT, "Sửa thông tin đơn vị…"))
        section = self._empty_section_key(gaps)
        if section:
            actions.append((FIX_SECTION, f"Soạn mục {gaps.empty_sections[0]}…"))
        listed = "\n".join(f"  • {line}" for line in gaps.lines())
        buttons = " hoặc ".join(f"“{text}”" for _, text in actions)
        hint = f"\n\nBấm {buttons} để bổ sung trước khi gửi." if actions else ""
        answer = self.view.ask_with_actions(TITLE, f"{lead}\n{listed}\n\n{question}{hint}", actions)
        if answer == FIX_UNIT:
            self._fix_unit()
        elif answer == FIX_SECTION:
            self._open_empty_section(section)
        return answer == "yes"

    def _empty_section_key(self, gaps: ReportGaps) -> str:
        """The window's section holding the first section the report prints with its heading alone."""
        if not gaps.empty_sections:
            return ""
        section = section_of(self.template_for(gaps.report), gaps.empty_sections[0])
        keys = {spec.key for spec in self.sections().specs}
        return section.key if section is not None and section.key in keys else ""

    def _fix_unit(self) -> None:
        """Thông tin đơn vị…; once saved, the question again with what is still missing."""
        before = self.units.self_unit()
        self.edit_unit()
        if self.units.self_unit() != before:
            self.submit()

    def _open_empty_section(self, key: str) -> None:
        """The section shown, the cursor in its first text with no content (else its first text)."""
        self.choose_section(key)
        codes = [field.code for field in self.sections().spec(key).texts]
        if not codes:
            return
        shown = self.texts.in_force(codes)
        self.view.focus_field(next((code for code in codes if not shown.get(code, "").strip()), codes[0]))

    def reopen(self) -> None:
        """Reopen the submitted report that locks this view (a month's quarter); a refused reason is kept."""
        period = self.period()
        assert period is not None  # the window's start() chose it
        target = self.reports.status(period).locked_by or self.texts.report
        prompt = f"Lý do mở lại {target.label()}:"
        if target != period:
            prompt = (
                f"{sentence_case(period.label())} thuộc {target.label()} đã gửi; "
                f"muốn sửa thì phải mở lại {target.label()}.\n\n{prompt}"
            )
        reason = self.view.ask_text("Mở lại kỳ báo cáo", prompt, self.reopen_reason)
        if reason is None:
            return
        self.reopen_reason = reason
        try:
            self.reports.reopen(target, reason)
        except UserError as exc:
            self.view.show_message("Chưa mở lại được", str(exc), error=True)
            return
        self.reopen_reason = ""
        self.changed()
