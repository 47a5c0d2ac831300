"""The keyboard of a table grid: every key typed reaches a cell the clerk may type in, or is refused aloud.

tksheet opens its cell editor on the first key and gives it the focus, but the editor is a window
inside the table's canvas that is mapped only when the canvas next redraws (at idle); until then
Tk cannot move the focus, so the next key still reaches the table, which drops it because an
editor is already open. With 5–12 ms between keys that lost a second digit now and then. Here the
editor is mapped and focused before the key handler returns, and a key that still reaches the
table while the editor is open is put into the editor. Tab, Shift+Tab and Enter move only between
typed cells (app.grid_moves); a key on a total row or in a locked period is answered in the grid's
message line instead of vanishing.
"""

from __future__ import annotations

from typing import Protocol

from tksheet import Sheet

from cchc_desktop.app.presenters.grid_moves import first_cell, next_cell, refusal

EDITOR_KEYS = {
    "<Tab>": "Tab",
    "<ISO_Left_Tab>": "Shift-Tab",
    "<Shift-Tab>": "Shift-Tab",
    "<Return>": "Return",
    "<KP_Enter>": "Return",
}
OPENING_KEYS = ("F2", "BackSpace")


class KeyedGrid(Protocol):
    sheet: Sheet
    editable: bool
    last_commit_ok: bool

    def row_states(self) -> list[bool]: ...

    def column_count(self) -> int: ...

    def say(self, note: str) -> None: ...

    def leave(self) -> None: ...

    def typed_as_shown(self, row: int, column: int, text: str) -> None: ...


def _printable(event) -> str:
    char = getattr(event, "char", "") or ""
    return char if len(char) == 1 and char.isprintable() else ""


class GridKeys:
    """Binds the keys of `grid.sheet`; the grid says what it may type in (`row_states`)."""

    def __init__(self, grid: KeyedGrid):
        self.grid = grid
        sheet = grid.sheet
        self.table = sheet.MT
        self.typed = False  # the open editor was opened by a typed key (its text is the clerk's)
        for widget in (sheet.MT, sheet.RI, sheet.CH):
            widget.bind("<Key>", self._key)  # replaces tksheet's: opens the editor only where one may type
        sheet.bind("<<SheetSelect>>", self._selected, add="+")
        self._tksheet_close = self.table.close_text_editor
        self.table.close_text_editor = self._close  # every way an editor closes: keys, a click, the focus leaving
        for sequence, key in EDITOR_KEYS.items():
            for widget in (sheet.MT, sheet.RI, sheet.CH, sheet.TL):  # tksheet's Tab would land on a total row
                widget.bind(sequence, lambda _e, key=key: self.move(key))
            sheet.bind_key_text_editor(sequence, lambda e, key=key: self._close_and_move(e, key))

    # ----- typing --------------------------------------------------------------------------
    def _key(self, event) -> str | None:
        editor = self.table.text_editor
        char = _printable(event)
        if editor.open:  # the editor is open but not yet focused: the key belongs in it
            if char:
                editor.tktext.insert("end", char)
            editor.tktext.focus_set()
            return "break"
        if not char and event.keysym not in OPENING_KEYS:
            return None
        selected = self.grid.sheet.get_currently_selected()
        row = selected.row if selected and selected.column is not None else None
        note = refusal(self.grid.row_states(), row, self.grid.editable)
        if note:
            self.grid.say(note)
            return "break"
        self.grid.say("")
        self.table.open_cell(event)
        self.typed = bool(char) or event.keysym == "BackSpace"
        if editor.open:
            self.table.update_idletasks()  # map the editor now: the next key must find it focused
            editor.tktext.focus_set()
        return "break"

    def _selected(self, _event=None) -> None:
        """A typed cell chosen (a click, an arrow key): the note about a total row goes."""
        selected = self.grid.sheet.get_currently_selected()
        rows = self.grid.row_states()
        if selected and selected.row is not None and 0 <= selected.row < len(rows) and rows[selected.row]:
            self.grid.say("")

    def _close(self, event) -> str | None:
        """tksheet stores a value only when it differs from the cell's text; a figure typed over the
        same figure shown grey (derived) must be stored all the same: it is now typed, not derived."""
        editor = self.table.text_editor
        before = (*editor.coords, editor.get()) if editor.open and self.typed else None
        result = self._tksheet_close(event)
        if before is not None and not editor.open and getattr(event, "keysym", "") != "Escape":
            self.grid.typed_as_shown(*before)
        return result

    # ----- moving ---------------------------------------------------------------------------
    def _close_and_move(self, event, key: str) -> str:
        self.grid.last_commit_ok = True
        self.table.close_text_editor(event)  # stores the value (the grid's <<SheetModified>>)
        if self.grid.last_commit_ok:
            self.move(key)
        else:  # refused: the reason is under the grid, the cell stays selected to be corrected
            self.table.focus_set()
        return "break"

    def move(self, key: str) -> str:
        """Tab / Shift+Tab / Enter: the next typed cell; past the last one, Tab leaves the grid."""
        rows = self.grid.row_states()
        selected = self.grid.sheet.get_currently_selected()
        if selected and selected.row is not None and selected.column is not None:
            target = next_cell(rows, self.grid.column_count(), (selected.row, selected.column), key)
        else:
            target = first_cell(rows) if key != "Shift-Tab" else None
        if target is None:
            if key == "Tab":
                self.grid.leave()
            return "break"
        self.grid.say("")
        self.grid.sheet.select_cell(*target, redraw=False)
        self.grid.sheet.see(*target, redraw=False)
        self.grid.sheet.refresh()
        self.table.focus_set()
        return "break"

    # ----- a period change or a closing window -----------------------------------------------
    def typed_text(self) -> tuple[int, int, str] | None:
        """(row, column, text) of an editor still open, which is then closed; None when none is open."""
        editor = self.table.text_editor
        if not editor.open:
            return None
        row, column = editor.coords
        text = editor.get() if self.typed else None
        self.table.hide_text_editor_and_dropdown(redraw=False)
        return (row, column, text) if text is not None else None
