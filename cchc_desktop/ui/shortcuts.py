"""The main window's keyboard shortcuts: shown beside their menu entries and bound on the whole window.

Each shortcut calls a presenter method, the one its menu entry calls. Both letter cases are bound, so a
shortcut works with Caps Lock on and with a Vietnamese input method (Unikey, EVKey) switched on. What is
being typed (a field, a report text, a cell of a grid) is stored first, as a click on the menu would. No
shortcut acts while a dialog is open, nor when its menu entry is greyed out. Tk's own Ctrl+I of
multi-line fields (it types a tab; Ctrl+Tab still does) gives way to Nhập phụ lục.
"""

from __future__ import annotations

import tkinter as tk
from dataclasses import dataclass

from tksheet.text_editor import TextEditorTkText

from cchc_desktop.app.outputs.formats import export_formats
from cchc_desktop.app.presenters.backup_presenter import BACKUP_LABEL
from cchc_desktop.ui.menus import IMPORT_LABEL


@dataclass(frozen=True)
class Shortcut:
    label: str  # the menu entry it stands for
    accelerator: str  # as the menu shows it
    action: str  # the presenter's method
    args: tuple[str, ...] = ()  # what the menu entry passes it (an export: the format's key)


def shortcuts() -> tuple[Shortcut, ...]:
    """Every shortcut: the exports' as their formats are registered (app/outputs/formats.py), then the others."""
    exports = [Shortcut(f.menu_label, f.accelerator, "export", (f.key,)) for f in export_formats() if f.accelerator]
    return (*exports, Shortcut(IMPORT_LABEL, "Ctrl+I", "import_annexes"), Shortcut(BACKUP_LABEL, "Ctrl+B", "backup"))


HELP_ACCELERATOR = "F1"


def sequences(accelerator: str) -> tuple[str, ...]:
    """Tk event sequences of an accelerator, every letter in both cases: “Ctrl+Shift+E” →
    <Control-Shift-E>, <Control-Shift-e> (Caps Lock turns Shift+E into a small e)."""
    *mods, key = accelerator.split("+")
    names = {"Ctrl": "Control", "Shift": "Shift", "Alt": "Alt"}
    prefix = "".join(f"{names[mod]}-" for mod in mods)
    keys = [key.lower(), key.upper()] if len(key) == 1 and key.isalpha() else [key]
    return tuple(f"<{prefix}{k}>" for k in keys)


def menu_entries(window) -> dict[str, tuple[tk.Menu, int]]:
    """Every command entry of the window's menus by label: (menu, index)."""
    bar = window.root.nametowidget(window.root.cget("menu"))
    found: dict[str, tuple[tk.Menu, int]] = {}
    last = bar.index("end")
    for position in range(0 if last is None else last + 1):
        if bar.type(position) != "cascade":
            continue
        menu = bar.nametowidget(bar.entrycget(position, "menu"))
        end = menu.index("end")
        for index in range(0 if end is None else end + 1):
            if menu.type(index) == "command":
                found[menu.entrycget(index, "label")] = (menu, index)
    return found


class ShortcutKeys:
    """Binds the shortcuts of `window` (a MainWindow) and writes them beside their menu entries."""

    def __init__(self, window):
        self.window = window
        self.root = window.root

    def install(self) -> ShortcutKeys:
        entries = menu_entries(self.window)
        for shortcut in shortcuts():
            if shortcut.label in entries:
                menu, index = entries[shortcut.label]
                menu.entryconfigure(index, accelerator=shortcut.accelerator)
            for sequence in sequences(shortcut.accelerator):
                self.root.bind_all(sequence, lambda _e, s=shortcut: self.run(s))
        self.root.bind_class("Text", "<Control-Key-i>", "")  # not a tab: Nhập phụ lục (Ctrl+Tab types a tab)
        return self

    def run(self, shortcut: Shortcut) -> str | None:
        """Do what the menu entry does, when it could be clicked now; `break` so no widget acts on the key."""
        if self.root.grab_current() is not None:  # a dialog is open: it has the keyboard
            return None
        presenter = self.window.presenter
        if presenter is None:
            return "break"
        action = getattr(presenter, shortcut.action)
        entry = menu_entries(self.window).get(shortcut.label)
        if entry is not None and entry[0].entrycget(entry[1], "state") == "disabled":
            return "break"
        if not self.store_typing():
            return "break"
        action(*shortcut.args)
        return "break"

    def store_typing(self) -> bool:
        """Store what is being typed before acting; False when a typed value was refused (its field says why)."""
        try:
            focused = self.root.focus_get()
        except (KeyError, tk.TclError):
            focused = None
        if isinstance(focused, TextEditorTkText):  # a grid cell being typed in: leaving it stores it
            self.window.nav.focus_set()
            self.root.update()
        return self.window.flush() is None
