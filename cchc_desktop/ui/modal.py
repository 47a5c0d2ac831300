"""The base of every dialog: built hidden, then shown where it is seen, focused, and within the screen.

A dialog is made transient only to a parent that is itself on screen: Tk keeps a transient of a
withdrawn window withdrawn (with or without a window manager, on Windows too), so on the first
start — the main window still withdrawn — a transient dialog would never appear.
"""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.typed_content import discard_question, unsaved

# What the screen loses to things Tk cannot see: a window manager's title bar above the dialog,
# the taskbar below it (Windows: 40 px at 100%, 48 px at 125%).
TITLE_BAR = 32
TASKBAR = 48
SIDE_MARGIN = 16


def usable_size(widget: tk.Misc) -> tuple[int, int]:
    """The largest window (without its title bar) that fits on the screen above the taskbar."""
    width = widget.winfo_screenwidth() - 2 * SIDE_MARGIN
    height = widget.winfo_screenheight() - TITLE_BAR - TASKBAR
    return width, height


def dialog_position(widget: tk.Misc, parent: tk.Misc | None, width: int, height: int) -> tuple[int, int]:
    """Top-left corner: centred on a parent that is on screen, else on the screen; never off it."""
    screen_w, screen_h = widget.winfo_screenwidth(), widget.winfo_screenheight()
    if parent is not None and parent.winfo_viewable():
        x = parent.winfo_rootx() + (parent.winfo_width() - width) // 2
        y = parent.winfo_rooty() + (parent.winfo_height() - height) // 2
    else:
        x = (screen_w - width) // 2
        y = (screen_h - height) // 2
    x = max(0, min(x, screen_w - width))
    y = max(min(TITLE_BAR, screen_h - height), min(y, screen_h - TASKBAR - height))
    return x, max(0, y)


def button(parent: tk.Misc, text: str, command, bootstyle: str = "primary") -> ttk.Button:
    """A button that Enter (and the space bar, as always) presses when it has the focus."""
    widget = ttk.Button(parent, text=text, bootstyle=bootstyle, command=command)
    for key in ("<Return>", "<KP_Enter>"):
        widget.bind(key, lambda _e: (widget.invoke(), "break")[1])
    return widget


def action_buttons(parent: tk.Misc, actions, pick) -> dict:
    """One outlined button per (key, label) on the left of a dialog's button row; pressing one calls
    `pick(key)`. Returns the buttons by key."""
    made = {}
    for key, label in actions:
        widget = button(parent, label, lambda key=key: pick(key), "primary-outline")
        widget.pack(side="left", padx=(0, 8))
        made[key] = widget
    return made


def bind_tab_out(text: tk.Text) -> None:
    """Tab and Shift+Tab leave a multi-line field like any other; Ctrl+Tab types a tab character."""

    def move(forward: bool) -> str:
        target = text.tk_focusNext() if forward else text.tk_focusPrev()
        if target is not None:
            target.focus_set()
        return "break"

    def insert_tab() -> str:
        text.insert("insert", "\t")
        return "break"

    text.bind("<Tab>", lambda _e: move(True))
    text.bind("<Shift-Tab>", lambda _e: move(False))
    try:
        text.bind("<ISO_Left_Tab>", lambda _e: move(False))
    except tk.TclError:
        pass
    text.bind("<Control-Tab>", lambda _e: insert_tab())


def text_field(parent: tk.Misc, height: int, width: int, initial: str = "") -> tk.Text:
    """A multi-line field that looks like the theme's entries and that Tab leaves."""
    colors = ttk.Style().colors
    text = tk.Text(
        parent,
        height=height,
        width=width,
        wrap="word",
        undo=True,
        font="TkDefaultFont",
        padx=6,
        pady=4,
        relief="flat",
        borderwidth=0,
        highlightthickness=1,
        highlightbackground=colors.border,
        highlightcolor=colors.primary,
        background=colors.inputbg,
        foreground=colors.inputfg,
        insertbackground=colors.inputfg,
    )
    text.insert("1.0", initial)
    bind_tab_out(text)
    return text


class ScrollBody(ttk.Frame):
    """A body that scrolls when the dialog is capped to the screen; `inner` holds the content."""

    def __init__(self, master):
        super().__init__(master)
        self.canvas = tk.Canvas(self, highlightthickness=0, borderwidth=0)
        self.bar = ttk.Scrollbar(self, orient="vertical", command=self.canvas.yview)
        self.canvas.configure(yscrollcommand=self.bar.set)
        self.inner = ttk.Frame(self.canvas)
        self.canvas.create_window(0, 0, window=self.inner, anchor="nw")
        self.canvas.configure(background=ttk.Style().colors.bg)
        self.canvas.pack(side="left", fill="both", expand=True)
        self.inner.bind("<Configure>", lambda _e: self._content_changed())
        self.canvas.bind("<Configure>", lambda _e: self._update_bar())
        for sequence in ("<MouseWheel>", "<Button-4>", "<Button-5>"):
            self.winfo_toplevel().bind(sequence, self._wheel, add="+")

    def _content_changed(self) -> None:
        width, height = self.inner.winfo_reqwidth(), self.inner.winfo_reqheight()
        self.canvas.configure(width=width, height=height, scrollregion=(0, 0, width, height))
        self._update_bar()

    def _update_bar(self) -> None:
        needed = self.inner.winfo_reqheight() > self.canvas.winfo_height() > 1
        if needed and not self.bar.winfo_ismapped():
            self.bar.pack(side="right", fill="y", before=self.canvas)
        elif not needed and self.bar.winfo_ismapped():
            self.bar.pack_forget()
            self.canvas.yview_moveto(0)

    def _wheel(self, event) -> None:
        if not self.bar.winfo_ismapped() or not str(event.widget).startswith(str(self)):
            return
        step = -1 if getattr(event, "num", 0) == 4 or getattr(event, "delta", 0) > 0 else 1
        self.canvas.yview_scroll(step * 3, "units")

    def show(self, widget: tk.Misc) -> None:
        """Scroll so that widget (inside the body) is fully visible."""
        if not self.bar.winfo_ismapped():
            return
        total = max(self.inner.winfo_reqheight(), 1)
        top = widget.winfo_rooty() - self.inner.winfo_rooty()
        bottom = top + widget.winfo_height()
        view_top = self.canvas.canvasy(0)
        view_bottom = view_top + self.canvas.winfo_height()
        if top < view_top:
            self.canvas.yview_moveto(max(0, top - 24) / total)
        elif bottom > view_bottom:
            self.canvas.yview_moveto((bottom + 12 - self.canvas.winfo_height()) / total)

    def watch(self, widget: tk.Misc) -> None:
        """Keep widget in view when it gets the focus (Tab, Enter)."""
        widget.bind("<FocusIn>", lambda _e: self.show(widget), add="+")


class Modal(ttk.Toplevel):
    """A modal dialog. Build its content, set `initial_focus`, then `run()` it.

    A dialog that holds typed content gives it in `content()`; Esc, its Hủy/Đóng button and the
    window's close (all `cancel`) then ask "Bỏ nội dung vừa nhập?" before throwing a change away."""

    def __init__(self, master: tk.Misc, title: str):
        super().__init__(master=master, title=title)
        self.withdraw()
        self.parent = master.winfo_toplevel()
        self.initial_focus: tk.Misc | None = None
        self._previous_focus: tk.Misc | None = None
        self._opened_with: dict[str, object] | None = None
        self._last_field: tk.Misc | None = None  # where the clerk last typed: Không goes back there
        self._asking = False
        self.resizable(True, True)
        colors = ttk.Style().colors
        self.configure(highlightthickness=1, highlightbackground=colors.secondary, highlightcolor=colors.secondary)
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.bind("<Escape>", lambda _e: self.cancel())
        self.bind("<Map>", self._mapped, add="+")
        self.bind("<FocusIn>", self._focus_in, add="+")

    def run(self) -> None:
        """Show the dialog and wait until it is closed."""
        self.show()
        self.wait_window(self)

    def show(self) -> None:
        """Place the dialog within the screen (capping its size), make it visible, focused and modal."""
        if self.parent.winfo_viewable():
            self.transient(self.parent)
        try:
            self._previous_focus = self.focus_get()
        except (KeyError, tk.TclError):
            self._previous_focus = None
        self._opened_with = self.content()
        self.fit()
        self.deiconify()
        self.lift()
        self.update_idletasks()
        self._take_focus()
        self._grab()

    def fit(self) -> None:
        """Size (never beyond the usable screen) and position the dialog."""
        self.update_idletasks()
        max_w, max_h = usable_size(self)
        width = min(self.winfo_reqwidth(), max_w)
        height = min(self.winfo_reqheight(), max_h)
        x, y = dialog_position(self, self.parent, width, height)
        if (width, height) != (self.winfo_reqwidth(), self.winfo_reqheight()):
            self.geometry(f"{width}x{height}+{x}+{y}")
        else:
            self.geometry(f"+{x}+{y}")

    def _mapped(self, event) -> None:
        if event.widget is self:
            self._take_focus()

    def _take_focus(self) -> None:
        if not self.winfo_exists() or not self.winfo_viewable():
            return
        self.lift()
        self.focus_force()
        target = self.initial_focus if self.initial_focus is not None else self
        if target.winfo_exists():
            target.focus_force()

    def _grab(self, attempts: int = 40) -> None:
        """Make the dialog modal once the window manager has mapped it."""
        if not self.winfo_exists():
            return
        try:
            self.grab_set()
        except tk.TclError:
            if attempts:
                self.after(25, self._grab, attempts - 1)

    def content(self) -> dict[str, object] | None:
        """What the clerk can type here, field by field; None: nothing typed is held (the default)."""
        return None

    def cancel(self) -> None:
        """Esc, Hủy/Đóng, the window's close: closes at once unless typed content would be lost and
        the clerk answers Không (the default), which keeps the dialog open as it was."""
        if self._asking:  # the title bar's ✕ again while the question is open: it is still the question
            return
        if unsaved(self._opened_with, self.content()) and not self.ask_discard():
            return
        self.close()

    def ask_discard(self) -> bool:
        """Ask over this dialog whether to throw its typed content away; answered Không, the dialog is
        modal again with the focus in the field last typed in (Hủy, once clicked, held it)."""
        from cchc_desktop.ui.dialogs import QuestionDialog  # dialogs builds on this module

        question = QuestionDialog(self, self.title(), discard_question(), default_no=True)
        self._asking = True
        try:
            question.run()
        finally:
            self._asking = False
        if self.winfo_exists() and not question.answer:
            self._grab()
            field = self._last_field
            if field is not None and field.winfo_exists() and field.winfo_viewable():
                field.focus_force()
        return question.answer

    def _focus_in(self, event) -> None:
        if isinstance(event.widget, tk.Text | tk.Entry):  # ttk's Entry and Combobox are Entries too
            self._last_field = event.widget

    def close(self) -> None:
        try:
            self.grab_release()
        except tk.TclError:
            pass
        previous = self._previous_focus
        self.destroy()
        if previous is not None and previous.winfo_exists() and previous.winfo_viewable():
            previous.focus_set()
