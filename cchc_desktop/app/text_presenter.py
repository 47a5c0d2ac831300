"""The main window's report texts: they belong to the report period, hold live figures, show a preview.

In a month of a unit that reports quarterly, the text areas edit the quarter's texts and say so; the
clerk inserts figures from the section's list and sees the sentences as the PDF prints them.
"""

from __future__ import annotations

from cchc_desktop.app import narratives
from cchc_desktop.app.conflicts import TITLE as CONFLICT_TITLE
from cchc_desktop.app.conflicts import ValueConflict, conflict_question, expected_after
from cchc_desktop.app.errors import UserError
from cchc_desktop.app.layout import SectionSpec
from cchc_desktop.app.report_blocks import preview_blocks
from cchc_desktop.app.workspace import Workspace
from forms.periods import Period


class ReportTexts:
    """The text areas' side of the main presenter (it owns one); `view` is the main view."""

    def __init__(self, workspace: Workspace, view):
        self.ws = workspace
        self.view = view
        self.period: Period | None = None  # the period the window shows
        self.report: Period | None = None  # the report period the texts belong to
        self._previews: dict[str, list] = {}  # what each preview shows, to redraw only on a change
        self._seen: dict[str, str] = {}  # the stored texts when the areas were last filled

    def set_period(self, period: Period) -> None:
        self.period = period
        self.report = narratives.report_period_of(period)

    @property
    def locked(self) -> bool:
        ctx = self.ws.ctx  # the submitted periods only (read once per action), not the whole status
        return ctx.locked_by(ctx.self_row(), self.report) is not None

    def note(self) -> str:
        """What the text areas edit: `Thuyết minh báo cáo quý III năm 2023` (said plainly in a month)."""
        label = f"Thuyết minh báo cáo {self.report.label()}"
        if self.report != self.period:
            return (
                f"{label} — gõ ở tháng nào của quý cũng là cùng một văn bản; "
                "số liệu viết trong ngoặc nhọn {…} được điền theo số liệu của cả quý khi in."
            )
        return f"{label} — số liệu viết trong ngoặc nhọn {{…}} được điền theo số liệu của kỳ khi in."

    def codes(self, spec: SectionSpec) -> list[str]:
        return [field.code for field in spec.texts]

    def source(self) -> narratives.FigureSource:
        """The report period's figures (read once per change of the data)."""
        return narratives.figure_source(self.ws, self.report)

    def display(self, spec: SectionSpec) -> dict[str, str]:
        """The texts in force for the section's text areas (stored, copied forward or generated)."""
        self._seen = self.stored()  # what the clerk sees, to notice others' changes
        return self.in_force(self.codes(spec))

    def in_force(self, codes: list[str]) -> dict[str, str]:
        """The texts shown for these codes: a draft, else the stored, copied forward or generated text."""
        if not codes:
            return {}
        source = self.source()
        found = narratives.report_texts(self.ws, self.report, codes, source)
        waiting = narratives.drafts(self.ws, self.report)
        return {code: waiting.get(code) or found[code].text for code in codes}

    def stored(self) -> dict[str, str]:
        return self.ws.entry.stored_texts(self.report)

    def store(self, texts: dict[str, str]) -> bool:
        """Store texts on the report period. A refused text (an unknown figure) is kept as a draft
        of that period, shown again until it is corrected: nothing typed is lost. A text someone else
        changed meanwhile is overwritten only if the clerk says so; returns False when theirs is kept."""
        expected = {code: self._seen.get(code) for code in texts}
        try:
            while True:
                try:
                    self.ws.entry.set_values(self.report, texts, expected=expected)
                    break
                except ValueConflict as conflict:
                    template = self.ws.template_for(self.report)
                    if not self.view.ask_yes_no(CONFLICT_TITLE, conflict_question(template, conflict.conflicts, texts)):
                        self.ws.entry.set_aside(self.report, texts)
                        self._seen = self.stored()
                        return False
                    expected = expected_after(expected, conflict)
        except UserError:
            for code, text in texts.items():
                self.ws.settings.put(narratives.draft_key(self.report, code), text)
            raise
        waiting = narratives.drafts(self.ws, self.report)
        for code in texts:
            if code in waiting:
                self.ws.settings.put(narratives.draft_key(self.report, code), "")
        self._seen = self.stored()
        return True

    def draft_errors(self, spec: SectionSpec) -> dict[str, str]:
        """Why each text area's draft (if any) was not stored."""
        waiting = narratives.drafts(self.ws, self.report)
        return {
            code: "\n".join(narratives.check_text(self.ws.template_for(self.report), code, waiting[code]))
            or narratives.DRAFT_NOTE
            for code in self.codes(spec)
            if code in waiting
        }

    def forget_previews(self) -> None:
        self._previews.clear()

    def show_previews(self, spec: SectionSpec, texts: dict[str, str] | None = None) -> None:
        """The section's texts as the PDF prints them, with the current figures; `texts` are the
        texts in force when the caller has just read them (else they are read here)."""
        codes = self.codes(spec)
        if not codes:
            return
        texts = texts if texts is not None else self.display(spec)
        source = self.source()
        for code in codes:
            blocks = preview_blocks(source.fill(texts.get(code, "")))
            if self._previews.get(code) != blocks:
                self._previews[code] = blocks
                self.view.show_preview(code, blocks)

    def insert_figure(self, code: str, section_key: str) -> None:
        """Let the clerk pick one of the section's figures and insert it, live, at the cursor."""
        try:
            choices = narratives.figure_choices(self.ws, self.report, section_key)
        except UserError as exc:
            self.view.show_message("Chèn số liệu", str(exc), error=True)
            return
        picked = self.view.choose_figure(choices)
        if picked:
            self.view.insert_text(code, picked)
