"""The main window's questions and messages: the dialogs of the MainView, on the window's root."""

from __future__ import annotations

import tkinter as tk
from tkinter import filedialog

from cchc_desktop.app.infra import paths
from cchc_desktop.app.outputs.formats import export_format
from cchc_desktop.app.usecases.data_files import NEW_UNIT_LABEL, OWN_LABEL, SAMPLE_LABEL, DataFileActions
from cchc_desktop.ui.action_question import ask_with_actions
from cchc_desktop.ui.backup_dialog import choose_backup
from cchc_desktop.ui.choice_dialog import ask_choice
from cchc_desktop.ui.dialogs import TextDialog, ask_yes_no, show_message
from cchc_desktop.ui.figure_dialog import choose_figure


class ViewDialogs:
    """A mixin of MainWindow (it needs `self.root`, and `self.busy`, `self.files_menu` for the last ones)."""

    # Set by the entry point (gui_session): reopens the window on another database, (target, how, done_text).
    database_switcher = None

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
        saved = export_format(kind)  # its file type and extension, as registered
        path = filedialog.asksaveasfilename(
            parent=self.root,
            title=title,
            initialdir=str(paths.documents_dir()),
            initialfile=file_name,
            defaultextension=saved.extension,
            filetypes=[(saved.file_type, f"*{saved.extension}")],
        )
        return path or None

    def ask_choice(self, title: str, text: str, choices) -> str | None:
        return ask_choice(self.root, title, text, choices)

    def choose_backup(self, title: str, entries: list, folder) -> str | None:
        return choose_backup(self.root, title, entries, folder)

    def ask_backup_copy_path(self, title: str, file_name: str) -> str | None:
        path = filedialog.asksaveasfilename(
            parent=self.root,
            title=title,
            initialdir=str(paths.documents_dir()),
            initialfile=file_name,
            defaultextension=".sqlite",
            filetypes=[("Bản sao lưu CCHC", "*.sqlite")],
        )
        return path or None

    def run_exclusive_job(self, progress, work, on_done, on_failed) -> None:
        """run_job while the window takes no input: the progress strip holds the grab until the work ends."""
        strip = self.busy

        def released(callback):
            def call(value) -> None:
                try:
                    strip.grab_release()
                except tk.TclError:
                    pass
                callback(value)

            return call

        self.run_job(progress, work, released(on_done), released(on_failed))
        strip.update_idletasks()
        try:
            strip.grab_set()
            strip.cancel_button.focus_set()
        except tk.TclError:  # not viewable yet: the work goes on, the window merely stays open to input
            pass

    def open_database(self, target, how: str, done_text: str = "") -> None:
        """The entry point reopens the window on `target` once this event is handled (the window is rebuilt)."""
        if self.database_switcher is not None:
            self.root.after_idle(self.database_switcher, target, how, done_text)
            return
        if how == "reopen":  # a window without the entry point (a test's): the data shown again in place
            self.presenter.choose_period(self.presenter.period)
            if done_text:
                self.show_message("Khôi phục dữ liệu", done_text)
            return
        self.show_message("Không mở được", "Cửa sổ này không chuyển được sang dữ liệu khác.", error=True)

    def show_data_files(self, actions: DataFileActions) -> None:
        """Tệp's data entries greyed out where they do not apply (the sample shown, no own data yet)."""
        menu = self.files_menu
        for label, on in ((NEW_UNIT_LABEL, True), (SAMPLE_LABEL, actions.sample), (OWN_LABEL, actions.own)):
            menu.entryconfigure(menu.index(label), state="normal" if on else "disabled")
