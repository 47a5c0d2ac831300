"""The main window's questions and messages: the dialogs of the MainView, on the window's root."""

from __future__ import annotations

from tkinter import filedialog

from cchc_desktop.app import paths
from cchc_desktop.ui.action_question import ask_with_actions
from cchc_desktop.ui.dialogs import TextDialog, ask_yes_no, show_message
from cchc_desktop.ui.figure_dialog import choose_figure


class ViewDialogs:
    """A mixin of MainWindow (it needs `self.root`)."""

    def choose_figure(self, choices) -> str | None:
        return choose_figure(self.root, choices)

    def show_message(self, title: str, text: str, error: bool = False) -> None:
        show_message(self.root, title, text, error)

    def ask_yes_no(self, title: str, text: str) -> bool:
        return ask_yes_no(self.root, title, text)

    def ask_with_actions(self, title: str, text: str, actions: list[tuple[str, str]]) -> str:
        return ask_with_actions(self.root, title, text, actions)

    def ask_text(self, title: str, prompt: str, initial: str = "") -> str | None:
        dialog = TextDialog(self.root, title, prompt, initial)
        dialog.run()
        return dialog.result

    def ask_save_path(self, title: str, file_name: str, kind: str) -> str | None:
        types = [("Tệp PDF", "*.pdf")] if kind == "pdf" else [("Sổ tính Excel", "*.xlsx")]
        path = filedialog.asksaveasfilename(
            parent=self.root,
            title=title,
            initialdir=str(paths.documents_dir()),
            initialfile=file_name,
            defaultextension=f".{kind}",
            filetypes=types,
        )
        return path or None
