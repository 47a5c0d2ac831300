"""The main window's fields: the period's values put in them, and what the clerk types stored.

A part of MainPresenter: it owns what the fields were filled with (`loaded`, to notice another clerk's
change); what it needs of the window's state (the period, the form, whether it may be edited) it asks
through callables, and what follows a store (the status line, the checks, the period's status) it says
through callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from cchc_desktop.app.content.figure_notes import figure_view
from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.presenters.conflicts import TITLE as CONFLICT_TITLE
from cchc_desktop.app.presenters.conflicts import ValueConflict, conflict_question, expected_after
from cchc_desktop.app.presenters.layout import SectionSpec
from cchc_desktop.app.usecases.context import sentence_case
from cchc_desktop.app.usecases.units import FREQUENCIES
from forms.model import Template
from forms.periods import Period
from forms.values import parse_value, to_storage

if TYPE_CHECKING:
    from cchc_desktop.app.presenters.text_presenter import ReportTexts
    from cchc_desktop.app.usecases.consolidated import ConsolidatedCache
    from cchc_desktop.app.usecases.entry import Entry
    from cchc_desktop.app.usecases.reporting import Reports
    from cchc_desktop.app.usecases.units import Units


class EntryView(Protocol):
    def set_values(self, texts: dict[str, str]) -> None: ...
    def show_figure_notes(self, notes: dict[str, str], hints: dict[str, str], period_note: str) -> None: ...
    def show_field_error(self, code: str, message: str) -> None: ...
    def show_saved(self, text: str) -> None: ...
    def show_message(self, title: str, text: str, error: bool = False) -> None: ...
    def ask_yes_no(self, title: str, text: str) -> bool: ...


class EntryPresenter:
    """Fills the fields and stores what is typed in them: figures on the period shown, texts on its report
    period; `editable`/`text_editable` say whether the window may change them now."""

    def __init__(
        self,
        view: EntryView,
        entry: Entry,
        consolidated: ConsolidatedCache,
        reports: Reports,
        units: Units,
        texts: ReportTexts,
        *,
        period: Callable[[], Period | None],
        template: Callable[[], Template],
        template_for: Callable[[Period], Template],
        section: Callable[[], SectionSpec],
        editable: Callable[[], bool],
        text_editable: Callable[[], bool],
        saved: Callable[[], None],
        period_changed: Callable[[], None],
        recheck: Callable[[], None],
    ):
        self.view, self.entry, self.consolidated, self.reports, self.units = view, entry, consolidated, reports, units
        self.texts = texts
        self.period, self.template, self.template_for, self.section = period, template, template_for, section
        self.editable, self.text_editable = editable, text_editable
        self.saved, self.period_changed, self.recheck = saved, period_changed, recheck
        self.loaded: dict[str, str] = {}  # what the clerk sees, to notice others' changes

    def _period(self) -> Period:
        period = self.period()
        assert period is not None  # the main presenter's start() chose it
        return period

    def show_values(self) -> dict[str, str]:
        """Put the period's values in the fields, and under each figure not typed as it stands (derived,
        short of some month or unit, a parent's units' part) a note saying so; returns the fields' texts."""
        period = self._period()
        self.loaded = self.entry.stored_texts(period)
        figures = figure_view(self.consolidated, period, self.template(), self.editable())
        shown = dict(figures.texts)
        shown.update(self.texts.display(self.section()))
        self.view.set_values(shown)
        self.view.show_figure_notes(figures.notes, figures.hints, figures.period_note)
        return shown

    def commit(self, texts: dict[str, str]) -> bool:
        """Store typed values (one field, or a pasted block): all or nothing; a bad value is said under
        its field and the old one kept."""
        period = self._period()
        if texts and all(self._is_text(code) for code in texts):
            return self._commit_texts(texts)
        current = self.entry.stored_texts(period)
        changed = {code: text for code, text in texts.items() if not self._same(code, text, current)}
        if not changed:  # a field left unchanged (even in a locked period) is no attempt to edit
            self._clear_errors(texts)
            return True
        if not self.editable():
            self.view.show_message("Không sửa được", self._read_only_reason(), error=True)
            self.show_values()
            return False
        try:
            written = self._store_figures(period, changed)
        except UserError as exc:
            message = "\n".join(exc.details) or str(exc)
            self.view.show_field_error(next(iter(changed)), message)
            self.period_changed()  # another clerk may have submitted the period meanwhile
            self.show_values()
            return False
        self._clear_errors(texts)
        values = self.show_values()
        self.texts.show_previews(self.section(), values)  # the preview follows the figures
        if written:
            self.saved()
        else:
            self.view.show_saved("Đã giữ số liệu người khác vừa sửa; giá trị bạn vừa nhập không được lưu.")
        self.recheck()
        return True

    def _clear_errors(self, texts: dict[str, str]) -> None:
        for code in texts:
            self.view.show_field_error(code, "")

    def _store_figures(self, period: Period, changed: dict[str, str]) -> bool:
        """Store typed figures unless someone changed them since this window showed them; then the
        clerk chooses. Returns False when the other person's values were kept."""
        expected = {code: self.loaded.get(code) for code in changed}
        while True:
            try:
                self.entry.set_values(period, changed, expected=expected)
                return True
            except ValueConflict as conflict:
                question = conflict_question(self.template_for(period), conflict.conflicts, changed)
                if not self.view.ask_yes_no(CONFLICT_TITLE, question):
                    self.entry.set_aside(period, changed)
                    return False
                expected = expected_after(expected, conflict)

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
            self._clear_errors(texts)
            return True
        if not self.text_editable():
            self.view.show_message("Không sửa được", self._read_only_reason(), error=True)
            self.show_values()
            return False
        try:
            written = self.texts.store(changed)
        except UserError as exc:
            self.view.show_field_error(next(iter(changed)), "\n".join(exc.details) or str(exc))
            self.texts.show_previews(self.section())  # the draft as it would print, braces as typed
            self.recheck()  # the checks say a draft is waiting
            return False
        self._clear_errors(texts)
        if written:
            self.saved()
        else:  # the other person's text is kept: show it
            self.show_values()
            self.view.show_saved(
                "Đã giữ văn bản người khác vừa sửa; nội dung bạn vừa gõ được ghi vào nhật ký thay đổi."
            )
        self.texts.show_previews(self.section())
        self.recheck()
        return True

    def _is_text(self, code: str) -> bool:
        indicator = self.template().indicators.get(code)
        return indicator is not None and indicator.type == "text"

    def _same(self, code: str, text: str, current: dict[str, str]) -> bool:
        indicator = self.template().indicators.get(code)
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
        period = self._period()
        if self.reports.status(period).locked_by:
            return "Kỳ này đã gửi (khóa). Muốn sửa, hãy bấm “Mở lại kỳ” và nêu lý do."
        unit = self.units.self_unit()
        return (
            f"{sentence_case(period.label())} là số liệu tổng hợp, chỉ để xem. "
            f"Số liệu được nhập theo {FREQUENCIES[unit.frequency]}."
        )
