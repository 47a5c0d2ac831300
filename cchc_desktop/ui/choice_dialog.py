"""A message with a few actions besides `Đóng` (e.g. “Mở tệp”, “Mở thư mục” after an export)."""

from __future__ import annotations

from cchc_desktop.ui.dialogs import MessageDialog
from cchc_desktop.ui.modal import action_buttons


class ChoiceDialog(MessageDialog):
    """`choice` is the key of the button pressed; None for `Đóng`, Esc or closing the window.

    Enter presses the button that has the focus (`Đóng` at first, as for any message); Tab moves on."""

    def __init__(self, master, title: str, text: str, choices: list[tuple[str, str]] | tuple, error: bool = False):
        super().__init__(master, title, text, error)
        self.choice: str | None = None
        self.ok.configure(text="Đóng", bootstyle="secondary")
        self.ok.pack_forget()
        self.choice_buttons = action_buttons(self.buttons, choices, self._pick)
        self.ok.pack(side="right", padx=(24, 0))

    def _pick(self, key: str) -> None:
        self.choice = key
        self.close()


def ask_choice(master, title: str, text: str, choices, error: bool = False) -> str | None:
    dialog = ChoiceDialog(master, title, text, choices, error)
    dialog.run()
    return dialog.choice
