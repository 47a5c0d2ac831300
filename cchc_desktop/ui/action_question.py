"""A yes/no question with buttons that open what to fix first (submit: Thông tin đơn vị, a section)."""

from __future__ import annotations

from cchc_desktop.ui.dialogs import QuestionDialog
from cchc_desktop.ui.modal import action_buttons

WIDE_WRAP = "16c"  # the list of what is missing reads better on longer lines than a short question


class ActionQuestionDialog(QuestionDialog):
    """`Có` / `Không`, and on the left one button per action; `choice` is "yes", "no" or the action's key.

    Esc and closing the window answer no, as in every question; the focus starts on the first action
    (Enter there changes nothing yet), else on `Có`."""

    def __init__(self, master, title: str, text: str, actions: list[tuple[str, str]]):
        super().__init__(master, title, text)
        self.text.configure(wraplength=WIDE_WRAP)
        self.choice = "no"
        self.actions = action_buttons(self.buttons, actions, self._act)
        if self.actions:
            self.initial_focus = next(iter(self.actions.values()))

    def _yes(self) -> None:
        self.choice = "yes"
        super()._yes()

    def _act(self, key: str) -> None:
        self.choice = key
        self.close()


def ask_with_actions(master, title: str, text: str, actions: list[tuple[str, str]]) -> str:
    dialog = ActionQuestionDialog(master, title, text, actions)
    dialog.run()
    return dialog.choice
