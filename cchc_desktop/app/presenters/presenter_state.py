"""What the parts of the main presenter (its mixins: the check list, submitting, backups) use of one another,
declared once so that the type checker reads each part as it runs: inside a MainPresenter.

Only declarations: the attributes are set by `MainPresenter.__init__`, the methods are MainPresenter's (the
stubs exist for the type checker alone, nothing of them at run time).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cchc_desktop.app.presenters.export_presenter import ExportPresenter
    from cchc_desktop.app.presenters.layout import SectionSpec
    from cchc_desktop.app.presenters.main_view import MainView
    from cchc_desktop.app.presenters.text_presenter import ReportTexts
    from cchc_desktop.app.workspace import Workspace
    from forms.model import Template
    from forms.periods import Period
    from forms.rules import Violation


class PresenterState:
    """The main presenter's state, as its parts see it (MainPresenter sets every one)."""

    ws: Workspace
    view: MainView
    clock: Callable[[], datetime]
    level: str | None
    template: Template
    specs: list[SectionSpec]
    code_section: dict[str, str]
    section_key: str
    shown: list[int]
    period: Period | None
    violations: list[Violation]
    child_violations: list
    children_key: tuple | None
    editable: bool
    text_editable: bool
    texts: ReportTexts
    exports: ExportPresenter
    loaded: dict[str, str]
    _reopen_reason: str

    if TYPE_CHECKING:  # MainPresenter's own steps, which its parts call

        @property
        def section(self) -> SectionSpec: ...
        def choose_period(self, period: Period | str) -> None: ...
        def choose_section(self, key: str) -> None: ...
        def refresh(self) -> None: ...
        def edit_unit(self) -> None: ...
        def _refresh_period_info(self) -> None: ...
        def _saved(self) -> None: ...
