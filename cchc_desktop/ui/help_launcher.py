"""F1 and Trợ giúp → Hướng dẫn sử dụng: one help window per program, opened at the topic of what is on screen.

Installed on the root when it is made (gui_main.make_root), so F1 works from the first start's dialogs on;
the main window tells it its section (`screen_topic`) once it exists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from cchc_desktop.app.content.guide import Guide, load_guide
from cchc_desktop.app.presenters.help_topics import FIRST_TOPIC, dialog_topic
from cchc_desktop.ui.help_window import HelpWindow
from cchc_desktop.ui.modal import Modal

log = logging.getLogger(__name__)

HELP_KEYS = ("<F1>", "<KP_F1>")


class HelpLauncher:
    """Opens (or raises) the help window; `topic_here()` is the topic of the dialog or screen shown."""

    def __init__(self, root):
        self.root = root
        self.guide: Guide | None = None
        self.window: HelpWindow | None = None
        self.screen_topic: Callable[[], str] | None = None  # the main window's section, once it exists

    def install(self) -> HelpLauncher:
        for key in HELP_KEYS:
            try:
                self.root.bind_all(key, self._pressed)
            except Exception:  # noqa: BLE001 - a keysym this Tk does not know (KP_F1 on some)
                log.debug("cannot bind %s", key)
        return self

    def _pressed(self, _event=None) -> str:
        self.open(self.topic_here())
        return "break"

    def load(self) -> Guide:
        if self.guide is None:
            self.guide = load_guide()
        return self.guide

    def open_dialog(self) -> Modal | None:
        """The dialog on top: the one holding the grab, else the last one shown."""
        grabbed = self.root.grab_current()
        if isinstance(grabbed, Modal):
            return grabbed
        shown = [w for w in self.root.winfo_children() if isinstance(w, Modal) and w.winfo_viewable()]
        return shown[-1] if shown else None

    def topic_here(self) -> str:
        dialog = self.open_dialog()
        if dialog is not None:
            topic = dialog_topic(type(dialog).__name__, dialog.title())
            if topic:
                return topic
        if self.screen_topic is not None:
            return self.screen_topic()
        return FIRST_TOPIC

    def open(self, topic: str | None = None) -> HelpWindow:
        """Show the guide at `topic` (the first topic when None)."""
        if self.window is None or not self.window.winfo_exists():
            self.window = HelpWindow(self.root, self.load())
        self.window.open(topic)
        return self.window


def install_help(root) -> HelpLauncher:
    """The program's help launcher on `root` (made once)."""
    launcher = getattr(root, "help_launcher", None)
    if launcher is None:
        launcher = HelpLauncher(root).install()
        root.help_launcher = launcher
    return launcher
