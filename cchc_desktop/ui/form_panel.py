"""The middle of the window: one section's fields, tables and text areas, built from a SectionSpec."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

import ttkbootstrap as ttk

from cchc_desktop.app.layout import SectionSpec
from cchc_desktop.ui.fit_label import QuietTip
from cchc_desktop.ui.styles import TOOLTIP_STYLES, entry_style
from cchc_desktop.ui.table_grid import TableGrid
from cchc_desktop.ui.text_area import ReportTextArea

TEXT_SAVE_DELAY_MS = 800
NOTE_FONT = ("TkDefaultFont", 9, "italic")


class SectionForm(ttk.Frame):
    """The widgets of one section; `entries` maps each code to its widget."""

    def __init__(
        self,
        master,
        spec: SectionSpec,
        on_commit: Callable[[str, str], bool],
        on_commit_many: Callable[[dict[str, str]], bool],
        level: str | None = None,
        on_focus: Callable[[tk.Widget], None] | None = None,
        on_insert_figure: Callable[[str], None] | None = None,
    ):
        super().__init__(master, padding=(12, 8))
        self.spec = spec
        self.on_commit = on_commit
        self.on_focus = on_focus or (lambda _widget: None)
        self.entries: dict[str, ttk.Entry] = {}
        self.computed: dict[str, ttk.Label] = {}
        self._editing: str | None = None  # the entry last entered, flushed even after the focus moved
        self.text_areas: dict[str, ReportTextArea] = {}
        self.grids: dict[str, TableGrid] = {}
        self.error_labels: dict[str, ttk.Label] = {}
        self.note_labels: dict[str, ttk.Label] = {}  # how a figure not typed as it stands is known
        self.tooltips: dict[str, QuietTip] = {}
        self.order: list[str] = []
        self._text_jobs: dict[str, str] = {}
        self._labels: dict[str, list[tuple[ttk.Label, int]]] = {}
        self._errors: dict[str, list[tuple[ttk.Label, int]]] = {}
        self._notes: dict[str, list[tuple[ttk.Label, int]]] = {}
        self.columnconfigure(0, weight=1)
        self.heading = ttk.Label(self, text=spec.heading, font=("TkDefaultFont", 13, "bold"), justify="left")
        self.heading.grid(row=0, column=0, sticky="w")
        self.period_note = ttk.Label(self, text="", bootstyle="warning", justify="left")  # the months lacking
        self.period_note.grid(row=1, column=0, sticky="w")
        self.period_note.grid_remove()
        self.bind("<Configure>", self._rewrap_heading, add="+")
        self.bind("<Map>", self._on_map, add="+")
        self._frames: list[ttk.Labelframe] = []
        row = 2
        for table in spec.tables:
            grid = TableGrid(self, table, on_commit_many, level, self.on_focus)
            grid.grid(row=row, column=0, sticky="ew", pady=(8, 4))
            self.grids[table.id] = grid
            row += 1
        for block in spec.blocks:
            frame = ttk.Labelframe(self, text=block.title, padding=(10, 6))
            frame.grid(row=row, column=0, sticky="ew", pady=(8, 0))
            frame.columnconfigure(0, weight=1)
            self._block(frame, block.fields)
            frame.bind("<Configure>", self._rewrap)
            frame.bind("<Map>", self._rewrap, add="+")  # a frame is mapped after its form: wrap it then too
            self._frames.append(frame)
            row += 1
        for field in spec.texts:
            area = ReportTextArea(self, field.code, field.label, on_insert_figure or (lambda _code: None))
            area.grid(row=row, column=0, sticky="ew", pady=(8, 0))
            self.text_areas[field.code] = area
            text = area.text
            text.bind("<FocusOut>", lambda _e, code=field.code: self._save_text(code))
            text.bind("<KeyRelease>", lambda _e, code=field.code: self._schedule_text(code))
            text.bind("<Tab>", self._text_tab)
            text.bind("<Control-Tab>", lambda e: (e.widget.insert("insert", "\t"), "break")[1])
            text.bind("<Shift-Tab>", self._text_back_tab)
            text.bind("<<PrevWindow>>", self._text_back_tab)
            text.bind("<FocusIn>", lambda e: self.on_focus(e.widget), add="+")
            self.order.append(field.code)
            row += 1

    @property
    def texts(self) -> dict[str, tk.Text]:
        """The text widgets of the section's report texts, by code."""
        return {code: area.text for code, area in self.text_areas.items()}

    def _rewrap_heading(self, event) -> None:
        """The heading and the text areas' notes wrap to the form's width (any screen scaling)."""
        if event.widget is self:
            self._wrap_heading()

    def _wrap_heading(self) -> None:
        # Only while shown: a form not yet given its width by the scrolled pane (or built off screen)
        # has its own requested width, and wrapping to it would shrink it, again and again.
        if not self.winfo_viewable():
            return
        room = max(self.winfo_width() - 40, 200)
        self.heading.configure(wraplength=room)
        self.period_note.configure(wraplength=room)
        for area in self.text_areas.values():
            area.set_wrap(room - 50)

    def _on_map(self, _event=None) -> None:
        self._wrap_heading()
        for frame in self._frames:
            self._wrap_block(frame)

    def _rewrap(self, event) -> None:
        self._wrap_block(event.widget)

    def _wrap_block(self, frame) -> None:
        """Wrap the labels to the room the entry and unit columns leave (any screen scaling)."""
        if not frame.winfo_viewable():
            return
        width = frame.winfo_width()
        spare = sum(frame.grid_bbox(column, 0)[2] for column in (1, 2)) + 40
        room = max(width - spare, 160)
        for label, indent in self._labels.get(str(frame), ()):
            label.configure(wraplength=room - indent)
        for error, indent in self._errors.get(str(frame), ()):
            error.configure(wraplength=max(width - 30 - indent, 160))
        for note, indent in self._notes.get(str(frame), ()):
            note.configure(wraplength=max(width - 30 - indent, 160))

    def _block(self, frame: ttk.Labelframe, fields) -> None:
        for index, field in enumerate(fields):
            line = index * 3
            label = ttk.Label(frame, text=field.label, wraplength=430, justify="left")
            label.grid(row=line, column=0, sticky="w", padx=(18 * field.indent, 8), pady=2)
            self._labels.setdefault(str(frame), []).append((label, 18 * field.indent))
            if field.help:
                ttk.ToolTip(label, text=field.help, wraplength=360)
            if field.computed:
                value = ttk.Label(frame, text="", width=13, anchor="e", bootstyle="info")
                value.grid(row=line, column=1, sticky="e", pady=2)
                self.computed[field.code] = value
            else:
                entry = ttk.Entry(frame, width=13, justify="right")
                entry.grid(row=line, column=1, sticky="e", pady=2)
                entry.bind("<FocusOut>", lambda _e, code=field.code: self._commit_on_leave(code))
                entry.bind("<Return>", lambda _e, code=field.code: self._commit_and_next(code))
                entry.bind("<KP_Enter>", lambda _e, code=field.code: self._commit_and_next(code))
                entry.bind("<<NextWindow>>", lambda _e, code=field.code: self._commit_or_stay(code))
                entry.bind("<<PrevWindow>>", lambda _e, code=field.code: self._commit_or_stay(code))
                entry.bind("<FocusIn>", lambda e: self.on_focus(e.widget), add="+")
                entry.bind("<FocusIn>", lambda _e, code=field.code: self._remember(code), add="+")
                self.entries[field.code] = entry
                self.order.append(field.code)
            ttk.Label(frame, text=field.unit, width=10, bootstyle="secondary").grid(
                row=line, column=2, sticky="w", padx=(6, 0)
            )
            error = ttk.Label(frame, text="", bootstyle="danger", wraplength=560, justify="left")
            self._errors.setdefault(str(frame), []).append((error, 18 * field.indent))
            self.error_labels[field.code] = error
            error.grid(row=line + 1, column=0, columnspan=3, sticky="w", padx=(18 * field.indent, 0))
            error.grid_remove()
            note = ttk.Label(frame, text="", bootstyle="secondary", wraplength=560, justify="left", font=NOTE_FONT)
            self._notes.setdefault(str(frame), []).append((note, 18 * field.indent))
            self.note_labels[field.code] = note
            note.grid(row=line + 2, column=0, columnspan=3, sticky="w", padx=(18 * field.indent + 12, 0))
            note.grid_remove()

    # ----- entry behaviour ------------------------------------------------------------------
    def _commit(self, code: str) -> bool:
        entry = self.entries[code]
        if str(entry.cget("state")) in ("readonly", "disabled"):
            return True
        return self.on_commit(code, entry.get())

    def _refused(self, code: str) -> None:
        """A refused value: the stored value is back in the field, selected, and the focus stays."""
        entry = self.entries[code]
        entry.focus_set()
        entry.select_range(0, "end")
        entry.icursor("end")
        label = self.error_labels.get(code)
        if label is not None and label.winfo_ismapped():
            self.on_focus(label)  # the reason under the field is in view, not cut at the form's foot

    def _commit_and_next(self, code: str) -> str:
        entry = self.entries[code]
        if self._commit(code):
            following = entry.tk_focusNext()
            if following is not None:
                following.focus_set()
        else:
            self._refused(code)
        return "break"

    def _commit_or_stay(self, code: str) -> str | None:
        """Tab / Shift+Tab: move on only when the value was accepted."""
        if self._commit(code):
            return None
        self._refused(code)
        return "break"

    def _commit_on_leave(self, code: str) -> None:
        if not self._commit(code) and self.entries[code].winfo_viewable():
            self.after_idle(self._refused, code)

    def _schedule_text(self, code: str) -> None:
        job = self._text_jobs.pop(code, None)
        if job:
            self.after_cancel(job)
        self._text_jobs[code] = self.after(TEXT_SAVE_DELAY_MS, lambda: self._save_text(code))

    def _save_text(self, code: str) -> None:
        job = self._text_jobs.pop(code, None)
        if job:
            self.after_cancel(job)
        widget = self.texts[code]
        if str(widget.cget("state")) == "disabled":
            return
        self.on_commit(code, widget.get("1.0", "end-1c"))

    def _text_tab(self, event) -> str:
        event.widget.tk_focusNext().focus_set()
        return "break"

    def _text_back_tab(self, event) -> str:
        event.widget.tk_focusPrev().focus_set()
        return "break"

    def _remember(self, code: str) -> None:
        self._editing = code

    def flush(self) -> tuple[str, str] | None:
        """Store what is being typed (before the period or section changes, or the window closes);
        returns (code, text) of a value that was refused, so that closing can ask first.

        The field last entered is stored even when the focus has already moved: a click on the year
        arrows takes the focus before the period changes, and its <FocusOut> comes too late.
        """
        focused = self.focus_get()
        editing = self._editing
        refused = None
        for code, entry in self.entries.items():
            if entry is focused or code == editing:
                typed = entry.get()
                if not self._commit(code):
                    refused = (code, typed)
                break
        for code, widget in self.texts.items():
            if widget is focused or code in self._text_jobs:
                self._save_text(code)
        for grid in self.grids.values():
            grid.flush()  # a cell still being typed in (its reason, if refused, is under the grid)
        return refused

    def reset_view(self) -> None:
        """Another period: the grids show their top left, nothing selected."""
        for grid in self.grids.values():
            grid.reset_view()

    def put_back(self, code: str, text: str) -> None:
        """Show again what was typed in a field (closing was cancelled to correct it)."""
        entry = self.entries[code]
        entry.delete(0, "end")
        entry.insert(0, text)
        entry.focus_set()
        entry.select_range(0, "end")

    # ----- what the presenter sets -----------------------------------------------------------
    def set_editable(self, editable: bool, text_editable: bool) -> None:
        for entry in self.entries.values():
            entry.configure(state="normal" if editable else "readonly")
        for area in self.text_areas.values():
            area.set_editable(text_editable)
        for grid in self.grids.values():
            grid.set_editable(editable)

    def set_values(self, texts: dict[str, str], replace: bool) -> None:
        """Show values; with replace, fields not in `texts` are emptied."""
        for code, entry in self.entries.items():
            if code in texts or replace:
                readonly = str(entry.cget("state")) == "readonly"
                if readonly:
                    entry.configure(state="normal")
                entry.delete(0, "end")
                entry.insert(0, texts.get(code, ""))
                if readonly:
                    entry.configure(state="readonly")
        for code, label in self.computed.items():
            if code in texts or replace:
                label.configure(text=texts.get(code, "—"))
        for code, widget in self.texts.items():
            if (code in texts or replace) and widget.get("1.0", "end-1c") != texts.get(code, ""):
                disabled = str(widget.cget("state")) == "disabled"
                widget.configure(state="normal")
                widget.delete("1.0", "end")
                widget.insert("1.0", texts.get(code, ""))
                widget.edit_reset()
                if disabled:
                    widget.configure(state="disabled")
        for grid in self.grids.values():
            grid.set_values(texts, replace)

    def mark(self, marks: dict[str, tuple[str, str]]) -> None:
        for code, entry in self.entries.items():
            importance, message = marks.get(code, ("", ""))
            entry.configure(style=entry_style(importance))
            tip = self.tooltips.get(code)
            if message:
                if tip is None:
                    self.tooltips[code] = QuietTip(
                        entry, text=message, wraplength=380, bootstyle=TOOLTIP_STYLES[importance]
                    )
                else:
                    tip.text = message
            elif tip is not None:
                tip.text = ""
        for grid in self.grids.values():
            grid.mark(marks)

    def show_notes(self, notes: dict[str, str], hints: dict[str, str], period_note: str) -> None:
        """Under each figure, how it is known when it was not typed as it stands (grey, small)."""
        for code, label in self.note_labels.items():
            text = notes.get(code, "")
            if text:
                label.configure(text=text)
                label.grid()
            else:
                label.grid_remove()
        self.period_note.configure(text=period_note)
        if period_note:
            self.period_note.grid()
        else:
            self.period_note.grid_remove()
        for grid in self.grids.values():
            grid.show_hints(hints, notes)

    def show_error(self, code: str, message: str) -> None:
        if code in self.text_areas:
            self.text_areas[code].show_error(message)
            return
        label = self.error_labels.get(code)
        if label is None:
            for grid in self.grids.values():
                if grid.owns(code):
                    grid.show_error(message)
            return
        if message:
            label.configure(text=message)
            label.grid()
        else:
            label.grid_remove()

    def set_text_note(self, note: str) -> None:
        for area in self.text_areas.values():
            area.set_note(note)

    def show_preview(self, code: str, blocks) -> None:
        if code in self.text_areas:
            self.text_areas[code].show_preview(blocks)

    def insert_text(self, code: str, text: str) -> None:
        """Insert (a live figure) at the cursor; stored like typing, after a short pause."""
        area = self.text_areas.get(code)
        if area is not None:
            area.insert(text)
            self._schedule_text(code)

    def focus(self, code: str) -> tk.Widget | None:
        widget = self.entries.get(code) or self.texts.get(code)
        if widget is not None:
            widget.focus_set()
            if isinstance(widget, ttk.Entry):
                widget.select_range(0, "end")
            return widget
        for grid in self.grids.values():
            if grid.owns(code):
                return grid.focus_code(code)
        return None
