"""The main window's help and keys: F1 at the section shown, Trợ giúp's entries, the menu shortcuts."""

from __future__ import annotations

from cchc_desktop.app.outputs.guide_print import GuidePrintPresenter
from cchc_desktop.app.presenters.help_topics import FIRST_TOPIC, MAIN_SCREEN, section_topic
from cchc_desktop.ui.help_launcher import install_help


def install_window_help(window) -> None:
    """F1 opens the guide at the section `window` shows; the menus' shortcuts are bound and shown."""
    from cchc_desktop.ui.shortcuts import ShortcutKeys

    launcher = install_help(window.root)

    def screen_topic() -> str:
        if not window.nav.winfo_exists():  # this window was closed (the root shows another, or none yet)
            return FIRST_TOPIC
        presenter = window.presenter
        return MAIN_SCREEN if presenter is None else section_topic(presenter.section_key, launcher.load())

    launcher.screen_topic = screen_topic
    window.shortcuts = ShortcutKeys(window).install()


def open_guide(window) -> None:
    """Trợ giúp → Hướng dẫn sử dụng: the guide from its beginning (F1 opens it where the clerk is)."""
    install_help(window.root).open(FIRST_TOPIC)


def print_guide(window) -> None:
    """Trợ giúp → In hướng dẫn (PDF)…: where to save it, then written off the window's thread."""
    presenter = getattr(window, "guide_printer", None)
    if presenter is None:
        clock = window.presenter.clock if window.presenter is not None else None
        presenter = window.guide_printer = GuidePrintPresenter(window, clock or _now)
    presenter.print_guide()


def _now():
    from datetime import datetime

    return datetime.now()
