"""The main window: top bar with the period picker, section navigator, form, check panel, status bar."""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont

import ttkbootstrap as ttk

from cchc_desktop.app.outputs.formats import export_formats
from cchc_desktop.app.presenters.layout import EXPLANATIONS_KEY, SectionSpec
from cchc_desktop.app.presenters.main_presenter import (
    MainPresenter,
    NavItem,
    ViolationItem,
    carry_index,
    period_indexes,
    period_kinds,
)
from cchc_desktop.app.usecases.context import sentence_case
from cchc_desktop.ui.check_panel import CheckPanel
from cchc_desktop.ui.explanations_page import render_explanations
from cchc_desktop.ui.fit_label import FitLabel
from cchc_desktop.ui.form_panel import SectionForm
from cchc_desktop.ui.menus import IMPORT_LABEL, REOPEN_LABEL, SUBMIT_LABEL, build_menu
from cchc_desktop.ui.progress_strip import ProgressStrip
from cchc_desktop.ui.styles import install_styles, warm_dialog_styles
from cchc_desktop.ui.view_dialogs import ViewDialogs
from cchc_desktop.ui.window_help import install_window_help
from cchc_desktop.ui.window_screens import WindowScreens


class MainWindow(ViewDialogs, WindowScreens):
    """Implements MainView on a ttkbootstrap App; every action goes to the presenter."""

    def __init__(self, root: ttk.App, frequency: str, workspace):
        self.root = root
        self.workspace = workspace  # what the screens it opens (WindowScreens) work on
        self.presenter: MainPresenter | None = None
        self.forms: dict[str, SectionForm] = {}
        self.current_form: SectionForm | None = None
        self.violation_items: list[ViolationItem] = []
        self.marks: dict[str, tuple[str, str]] = {}
        self._choosing = False
        self._scroll_target = None  # the widget to bring into view when the window is next idle
        self.kinds = period_kinds(frequency)
        install_styles()
        for style in ("success", "danger", "secondary"):
            ttk.Label(root, bootstyle=style).destroy()
        root.title("CCHC Desktop — Báo cáo cải cách hành chính")
        root.protocol("WM_DELETE_WINDOW", self.close)
        self.files_menu, self.period_menu, self.unit_menu = build_menu(self)
        install_window_help(self)  # F1, Trợ giúp, the menus' shortcuts (after every menu entry is made)
        self._top_bar()
        self._body()
        self.status = FitLabel(root, text="Sẵn sàng", padding=(10, 3), bootstyle="secondary")
        root.bind_all("<<GridRefused>>", self._grid_refused, add="+")
        self.status.pack(side="bottom", fill="x", before=self.panes)
        self.busy = ProgressStrip(root, before=self.panes)

    # ----- layout ------------------------------------------------------------------------------
    def _top_bar(self) -> None:
        bar = ttk.Frame(self.root, padding=(10, 8))
        bar.pack(side="top", fill="x")
        self.unit_label = FitLabel(bar, text="", font=("TkDefaultFont", 12, "bold"))
        self.unit_label.grid(row=0, column=0, columnspan=5, sticky="ew")
        ttk.Label(bar, text="Năm").grid(row=1, column=0, sticky="w", pady=(6, 0))
        self.year = ttk.Spinbox(bar, from_=2015, to=2040, width=6, command=self._period_changed)
        self.year.grid(row=1, column=1, padx=(4, 10), pady=(6, 0))
        self.year.bind("<Return>", lambda _e: self._period_changed())
        self.year.bind("<FocusOut>", lambda _e: self._period_changed())
        self.kind = ttk.Combobox(bar, state="readonly", width=9, values=[label for _, label in self.kinds])
        self.kind.grid(row=1, column=2, pady=(6, 0))
        self.kind.bind("<<ComboboxSelected>>", lambda _e: self._kind_changed())
        self.index = ttk.Combobox(bar, state="readonly", width=9)
        self.index.grid(row=1, column=3, padx=(6, 12), pady=(6, 0))
        self.index.bind("<<ComboboxSelected>>", lambda _e: self._period_changed())
        self.period_status = FitLabel(bar, text="", bootstyle="info")
        self.period_status.grid(row=1, column=4, columnspan=2, sticky="ew", pady=(6, 0))
        self.cutoff = FitLabel(bar, text="", bootstyle="secondary")
        self.cutoff.grid(row=2, column=0, columnspan=6, sticky="ew", pady=(2, 0))
        bar.columnconfigure(4, weight=1)
        actions = ttk.Frame(bar)
        actions.grid(row=0, column=5, sticky="e", padx=(8, 0))
        self.submit_button = ttk.Button(
            actions, text="Gửi báo cáo", bootstyle="success", command=lambda: self.presenter.submit()
        )
        self.submit_button.pack(side="left", padx=2)
        self.reopen_button = ttk.Button(
            actions, text="Mở lại kỳ", bootstyle="warning-outline", command=lambda: self.presenter.reopen()
        )
        self.reopen_button.pack(side="left", padx=2)
        for offered in (f for f in export_formats() if f.button_shown):
            ttk.Button(
                actions,
                text=offered.button,
                bootstyle="primary-outline",
                command=lambda key=offered.key: self.presenter.export(key),
            ).pack(side="left", padx=2)
        self.import_button = ttk.Button(
            actions, text="Nhập phụ lục", bootstyle="secondary-outline", command=lambda: self.presenter.import_annexes()
        )
        self.import_button.pack(side="left", padx=2)

    def _body(self) -> None:
        panes = ttk.Panedwindow(self.root, orient="horizontal")
        panes.pack(side="top", fill="both", expand=True, padx=6, pady=(0, 4))
        self.panes = panes
        left = ttk.Frame(panes, padding=(0, 0, 4, 0))
        self.nav = ttk.Treeview(left, columns=("count",), show="tree headings", selectmode="browse")
        self.nav.heading("#0", text="Mục")
        self.nav.heading("count", text="Lỗi/CB")
        self.nav.column("#0", width=190, stretch=True)
        self.nav.column("count", width=58, anchor="center", stretch=False)
        self.nav.tag_configure("errors", foreground="#b02a37")
        self.nav.tag_configure("warnings", foreground="#997404")
        self.nav.pack(fill="both", expand=True)
        self.nav.bind("<<TreeviewSelect>>", lambda _e: self._nav_selected())
        panes.add(left, weight=0)
        self.scroll = ttk.ScrolledFrame(panes, padding=0, auto_hide=False)
        panes.add(self.scroll.container, weight=1)
        self.explanations = ttk.Frame(self.scroll)
        self.check_panel = CheckPanel(panes, self._activate, self._explain)
        panes.add(self.check_panel, weight=0)

    def flush(self) -> tuple[str, str] | None:
        if self.current_form is not None:
            return self.current_form.flush()
        return None

    def close(self) -> None:
        """Closing loses nothing: what is being typed is stored first; a value that cannot be
        stored is named, and the clerk may stay to correct it."""
        refused = self.flush()
        if refused is not None:
            code, typed = refused
            question = (
                f"Giá trị “{typed}” vừa gõ không lưu được (lý do ghi ngay dưới ô). "
                "Vẫn đóng chương trình và bỏ giá trị đó?"
            )
            if not self.ask_yes_no("Đóng chương trình", question):
                self.current_form.put_back(code, typed)
                return
        self.busy.stop_job()
        self.root.destroy()

    # ----- period picker -----------------------------------------------------------------------
    def _kind_key(self) -> str:
        return self.kinds[max(self.kind.current(), 0)][0]

    def _kind_changed(self) -> None:
        """Keep the place: Tháng 9 → Quý III, Quý III → Tháng 7, Tháng 9 → Năm of the same year."""
        kind = self._kind_key()
        shown = self.presenter.period if self.presenter is not None else None
        index = carry_index(shown.kind, shown.index, kind) if shown is not None else 1
        self._fill_indexes(kind, index)
        self._period_changed()

    def _fill_indexes(self, kind: str, index: int) -> None:
        options = period_indexes(kind)
        self.index.configure(values=[label for _, label in options])
        if options[0][1]:
            self.index.configure(state="readonly")
            self.index.current([value for value, _ in options].index(index) if index <= len(options) else 0)
        else:
            self.index.set("")
            self.index.configure(state="disabled")

    def _period_changed(self) -> None:
        if self._choosing or self.presenter is None:
            return
        try:
            year = int(self.year.get())
        except ValueError:
            self.show_message("Kỳ báo cáo", f"Năm “{self.year.get()}” không hợp lệ.", error=True)
            return
        self.flush()
        kind = self._kind_key()
        index = period_indexes(kind)[max(self.index.current(), 0)][0]
        self.presenter.choose_period_parts(year, kind, index)

    # ----- MainView ----------------------------------------------------------------------------
    def show_unit(self, title: str) -> None:
        self.unit_label.set(title)

    def show_period_choice(self, year: int, kind: str, index: int) -> None:
        for form in self.forms.values():  # a grid scrolled or selected in one month starts afresh in the next
            form.reset_view()
        self._choosing = True
        try:
            self.year.set(year)
            keys = [key for key, _ in self.kinds]
            self.kind.current(keys.index(kind))
            self._fill_indexes(kind, index)
        finally:
            self._choosing = False

    def show_period_info(self, label: str, status: str, cutoff: str, editable: bool) -> None:
        self.period_status.set(f"{sentence_case(label)} — {status}")
        self.cutoff.set(cutoff)

    def show_actions(self, submit: bool, reopen: bool, import_annexes: bool) -> None:
        """Actions that do not apply to this unit or period are greyed out, buttons and menu alike."""
        for button, menu, label, on in (
            (self.submit_button, self.period_menu, SUBMIT_LABEL, submit),
            (self.reopen_button, self.period_menu, REOPEN_LABEL, reopen),
            (self.import_button, self.files_menu, IMPORT_LABEL, import_annexes),
        ):
            state = "normal" if on else "disabled"
            button.configure(state=state)
            menu.entryconfigure(menu.index(label), state=state)

    def show_navigation(self, items: list[NavItem], current: str) -> None:
        existing = set(self.nav.get_children())
        for item in items:
            count = f"{item.errors}/{item.warnings}" if item.errors or item.warnings else ""
            if item.key == EXPLANATIONS_KEY:
                count = str(item.errors) if item.errors else ""
            tag = "errors" if item.open_errors else "warnings" if item.errors or item.warnings else ""
            if item.key in existing:
                self.nav.item(item.key, text=item.label, values=(count,), tags=(tag,))
            else:
                self.nav.insert("", "end", iid=item.key, text=item.label, values=(count,), tags=(tag,))
        font = tkfont.nametofont("TkDefaultFont")
        widest = max(font.measure(item.label) for item in items)
        self.nav.column("#0", width=widest + 36)
        self.nav.column("count", width=max(font.measure("00/00"), font.measure("Lỗi/CB")) + 18)
        if self.nav.selection() != (current,):
            self._choosing = True
            self.nav.selection_set(current)
            self.root.after_idle(self._release_choosing)

    def _release_choosing(self) -> None:
        self._choosing = False

    def _nav_selected(self) -> None:
        if self._choosing or self.presenter is None:
            return
        selection = self.nav.selection()
        if selection and selection[0] != self.presenter.section_key:
            self.flush()
            self.presenter.choose_section(selection[0])

    def show_section(self, spec: SectionSpec, editable: bool, text_editable: bool) -> None:
        if self.current_form is not None:
            self._release_focus(self.current_form)
            self.current_form.pack_forget()
        self.explanations.pack_forget()
        if spec.key == EXPLANATIONS_KEY:
            self.current_form = None
            self._render_explanations()
            self.explanations.pack(fill="both", expand=True)
            return
        form = self._form(spec)
        form.place_forget()
        form.set_editable(editable, text_editable)
        form.pack(fill="both", expand=True)
        self.current_form = form
        self.scroll.yview_moveto(0)

    def _grid_refused(self, event) -> None:
        """A paste refused by the review grid: the status line says so too (not an older message)."""
        message = str(event.widget.error.cget("text")) if hasattr(event.widget, "error") else ""
        if message:
            self.status.configure(style="danger.TLabel")
            self.status.set(f"Không dán được: {message.splitlines()[0]}")

    def _release_focus(self, form: SectionForm) -> None:
        """A hidden form keeps no focus: a dialog taking it later would make the hidden field save."""
        try:
            focused = self.root.focus_get()
        except (KeyError, tk.TclError):
            return
        if focused is not None and str(focused).startswith(str(form)):
            self.nav.focus_set()

    def _form(self, spec: SectionSpec) -> SectionForm:
        form = self.forms.get(spec.key)
        if form is not None and form.spec != spec:
            form.destroy()
            form = None
        if form is None:
            form = SectionForm(
                self.scroll,
                spec,
                self.presenter.commit_field,
                self.presenter.commit_many,
                self.presenter.level,
                self._scroll_to,
                self.presenter.insert_figure,
            )
            self.forms[spec.key] = form
        return form

    def warm_up(self, delay_ms: int = 60) -> None:
        """After the first frame, in the background: the dialogs' styles, then the other sections' forms."""
        warm_dialog_styles(self.root, delay_ms, lambda: self.prebuild_sections(delay_ms))

    def prebuild_sections(self, delay_ms: int = 60) -> None:
        """Build the other sections' forms in the background, one per timer tick, off-screen,
        so that the first visit of a large section costs no more than a later one."""
        if not self.scroll.winfo_exists():  # the window was closed meanwhile
            return
        pending = [spec for spec in self.presenter.specs if spec.key not in self.forms and spec.key != EXPLANATIONS_KEY]
        if not pending:
            return
        form = self._form(pending[0])
        if form is not self.current_form:
            # Off screen at the width it will be shown with: placed at its own requested width, its
            # labels would wrap to it, shrink it, wrap again… down to the minimum (seconds at start).
            form.place(x=-4000, y=0, width=max(self.scroll.winfo_width(), 400))
        self.root.after(delay_ms, self.prebuild_sections, delay_ms)

    def set_values(self, texts: dict[str, str]) -> None:
        if self.current_form is not None:
            self.current_form.set_values(texts, replace=True)

    def show_figure_notes(self, notes: dict[str, str], hints: dict[str, str], period_note: str) -> None:
        if self.current_form is not None:
            self.current_form.show_notes(notes, hints, period_note)

    def mark_fields(self, marks: dict[str, tuple[str, str]]) -> None:
        self.marks = marks
        if self.current_form is not None:
            self.current_form.mark(marks)

    def show_field_error(self, code: str, message: str) -> None:
        if self.current_form is not None:
            self.current_form.show_error(code, message)
        if message:
            self.status.configure(style="danger.TLabel")
            self.status.set(f"Không lưu: {message.splitlines()[0]}")

    def show_violations(self, items: list[ViolationItem]) -> None:
        self.violation_items = items
        self.check_panel.show(items)
        if self.current_form is None and self.presenter and self.presenter.section_key == EXPLANATIONS_KEY:
            self._render_explanations()

    def focus_field(self, code: str) -> None:
        if self.current_form is None:
            return
        widget = self.current_form.focus(code)
        if widget is not None:
            self._scroll_to(widget)

    def _scroll_to(self, widget) -> None:
        """Scroll the form just enough that `widget` (and a little around it) is in view: when the window
        is next idle, after the layout a keystroke changed (never forcing it now: a keystroke stalled
        the window up to 273 ms here); several asks before then scroll once, to the last widget."""
        pending = self._scroll_target is not None
        self._scroll_target = widget
        if not pending:
            self.root.after_idle(self._scroll_now)

    def _scroll_now(self) -> None:
        widget, self._scroll_target = self._scroll_target, None
        if widget is None or not widget.winfo_exists() or not self.scroll.winfo_exists():
            return
        total = max(self.scroll.winfo_height(), 1)
        view = self.scroll.container.winfo_height()
        top, bottom = (fraction * total for fraction in self.scroll.yview())
        y = widget.winfo_rooty() - self.scroll.winfo_rooty()
        height = min(widget.winfo_height(), view)
        margin = 40
        if y - margin < top:
            self.scroll.yview_moveto(max(0.0, (y - margin) / total))
        elif y + height + margin > bottom:
            self.scroll.yview_moveto(max(0.0, (y + height + margin - view) / total))

    def show_text_period(self, note: str) -> None:
        if self.current_form is not None:
            self.current_form.set_text_note(note)

    def show_preview(self, code: str, blocks) -> None:
        if self.current_form is not None:
            self.current_form.show_preview(code, blocks)

    def insert_text(self, code: str, text: str) -> None:
        if self.current_form is not None:
            self.current_form.insert_text(code, text)

    def show_saved(self, text: str) -> None:
        self.status.configure(style="success.TLabel")
        self.status.set(text)

    def run_job(self, progress, work, on_done, on_failed) -> None:
        self.busy.run(progress, work, on_done, on_failed)

    # ----- check panel and explanations page ---------------------------------------------------
    def _activate(self, index: int) -> None:
        self.presenter.activate_violation(index)

    def _explain(self, index: int) -> None:
        self.presenter.explain_violation(index)

    def _render_explanations(self) -> None:
        sections = {spec.key: spec.nav_label for spec in self.presenter.specs} if self.presenter else {}
        room = max(self.scroll.container.winfo_width() - 80, 300)
        render_explanations(self.explanations, self.violation_items, sections, room, self._explain)
