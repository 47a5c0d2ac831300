"""Drive modal dialogs from the event loop while the code that opened them waits for an answer."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cchc_desktop.ui.modal import TASKBAR, TITLE_BAR, Modal

POLL_MS = 20
# How many idle polls a dialog may take to appear before the test gives up (and closes what is open).
PATIENCE = 500


class DialogDriver:
    """`with DialogDriver(root) as drive: drive.expect(Kind, step); code_that_opens_dialogs()`.

    Each step runs once a dialog of its kind is on screen (viewable); a failing step closes the
    open dialogs so the waiting code returns, and the failure is raised when the block ends. A
    dialog that never becomes viewable fails the test instead of hanging it.
    """

    def __init__(self, root):
        self.root = root
        self.steps: list[tuple[type, Callable]] = []
        self.errors: list[BaseException | str] = []
        self.polls = 0
        self.active = False
        self.handled: list[Modal] = []  # dialogs a step was run on: closing, not unexpected, for a while
        self.closing_polls = 0

    def expect(self, kind: type, step: Callable) -> DialogDriver:
        self.steps.append((kind, step))
        return self

    def __enter__(self) -> DialogDriver:
        self.active = True
        self.root.after(POLL_MS, self._poll)
        return self

    def __exit__(self, *exc) -> None:
        self.active = False
        self.root.update()
        if exc[0] is not None:
            return
        for error in self.errors:
            if isinstance(error, BaseException):
                raise error
            pytest.fail(error)
        assert not self.steps, f"dialogs never shown: {[kind.__name__ for kind, _ in self.steps]}"

    def _open_dialogs(self) -> list[Modal]:
        """The dialogs open on the root and, nested, over other dialogs (e.g. "Bỏ nội dung vừa nhập?")."""
        found: list[Modal] = []
        pending = [w for w in self.root.winfo_children() if isinstance(w, Modal)]
        while pending:
            dialog = pending.pop(0)
            if dialog.winfo_exists():
                found.append(dialog)
                pending.extend(w for w in dialog.winfo_children() if isinstance(w, Modal))
        return found

    def _abort(self, error: BaseException | str) -> None:
        self.errors.append(error)
        self.steps.clear()
        for dialog in self._open_dialogs():
            dialog.destroy()

    def _poll(self) -> None:
        if not self.active:
            return
        self.root.after(POLL_MS, self._poll)
        dialogs = self._open_dialogs()
        if not self.steps:
            viewable = [dialog for dialog in dialogs if dialog.winfo_viewable()]
            # A dialog its step closed (Esc, a button pressed with events) may still be on screen at the next
            # poll on a busy machine: it is given PATIENCE polls to go before it counts as left open.
            closing = [dialog for dialog in viewable if any(dialog is seen for seen in self.handled)]
            self.closing_polls = self.closing_polls + 1 if closing else 0
            if len(closing) < len(viewable):
                self._abort(f"unexpected dialog: {[type(d).__name__ for d in viewable]}")
            elif self.closing_polls > PATIENCE:
                self._abort(f"dialog left open after its step: {[type(d).__name__ for d in closing]}")
            return
        kind, step = self.steps[0]
        shown = [dialog for dialog in dialogs if isinstance(dialog, kind) and dialog.winfo_viewable()]
        if not shown:
            self.polls += 1
            if self.polls > PATIENCE:
                states = [(type(d).__name__, d.winfo_ismapped(), d.winfo_viewable()) for d in dialogs]
                self._abort(f"{kind.__name__} never became viewable; open dialogs (mapped, viewable): {states}")
            return
        self.polls = 0
        self.steps.pop(0)
        self.handled.append(shown[0])
        try:
            step(shown[0])
        except BaseException as exc:  # noqa: BLE001 - reported when the block ends
            self._abort(exc)


def rect(widget) -> tuple[int, int, int, int]:
    """x, y, width, height of a widget on the screen."""
    return widget.winfo_rootx(), widget.winfo_rooty(), widget.winfo_width(), widget.winfo_height()


def assert_on_screen(widget) -> None:
    """Fully inside the screen."""
    x, y, width, height = rect(widget)
    screen = widget.winfo_screenwidth(), widget.winfo_screenheight()
    assert x >= 0 and y >= 0 and x + width <= screen[0] and y + height <= screen[1], (rect(widget), screen)


def assert_seen(dialog) -> None:
    """Mapped, viewable, fully on screen, and no larger than a 1366×768 screen leaves for a dialog."""
    assert dialog.winfo_ismapped() and dialog.winfo_viewable()
    assert_on_screen(dialog)
    _, _, width, height = rect(dialog)
    assert width <= 1366 and height <= 768 - TITLE_BAR - TASKBAR, (width, height)


def assert_centred_on_screen(dialog) -> None:
    x, y, width, height = rect(dialog)
    assert abs(x + width / 2 - dialog.winfo_screenwidth() / 2) <= 2
    assert abs(y + height / 2 - dialog.winfo_screenheight() / 2) <= TASKBAR, rect(dialog)


def assert_focus_in(dialog, widget) -> None:
    assert dialog.focus_get() is widget, dialog.focus_get()


def press(widget, key: str) -> None:
    """A key pressed in widget (handled at once; no nested event loop inside a step)."""
    widget.event_generate(key)
