"""Trợ giúp → Giới thiệu…: a read-only dialog drawn from AboutPresenter's lines."""

from __future__ import annotations

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.about import MENU_LABEL, AboutPresenter, workspace_facts
from cchc_desktop.ui.modal import Modal, button

__all__ = ["MENU_LABEL", "AboutDialog", "open_about"]

VALUE_WRAP = "12c"


class AboutDialog(Modal):
    """The version, the templates and the data's places; `Chép thông tin` and `Đóng`."""

    def __init__(self, master, facts):
        self.presenter = AboutPresenter(self, facts)
        self._master = master
        self.presenter.show()

    def present(self, title: str, heading: str, sections) -> None:  # AboutView.present: builds the dialog
        super().__init__(self._master, title)
        self.resizable(False, False)
        body = ttk.Frame(self, padding=(18, 14, 18, 14))
        body.pack(fill="both", expand=True)
        self.heading = ttk.Label(body, text=heading, font=("TkDefaultFont", 12, "bold"))
        self.heading.grid(row=0, column=0, columnspan=2, sticky="w", pady=(0, 8))
        row = 1
        self.values: dict[str, ttk.Label] = {}
        for section, lines in sections:
            ttk.Label(body, text=section, bootstyle="primary", font=("TkDefaultFont", 10, "bold")).grid(
                row=row, column=0, columnspan=2, sticky="w", pady=(8, 2)
            )
            row += 1
            for label, value in lines:
                ttk.Label(body, text=label).grid(row=row, column=0, sticky="nw", padx=(8, 12))
                shown = ttk.Label(body, text=value, wraplength=VALUE_WRAP, justify="left")
                shown.grid(row=row, column=1, sticky="w")
                self.values[label] = shown
                row += 1
        self.status = ttk.Label(body, text="", bootstyle="success")
        self.status.grid(row=row, column=0, columnspan=2, sticky="w", pady=(10, 0))
        buttons = ttk.Frame(body)
        buttons.grid(row=row + 1, column=0, columnspan=2, sticky="e", pady=(8, 0))
        self.close_button = button(buttons, "Đóng", self.close)
        self.copy_button = button(buttons, "Chép thông tin", self.presenter.copy, "secondary")
        self.close_button.pack(side="right")
        self.copy_button.pack(side="right", padx=(0, 8))
        self.initial_focus = self.close_button

    def put_on_clipboard(self, text: str) -> None:
        self.clipboard_clear()
        self.clipboard_append(text)

    def say(self, text: str) -> None:
        self.status.configure(text=text)


def open_about(master, workspace) -> None:
    AboutDialog(master, workspace_facts(workspace)).run()
