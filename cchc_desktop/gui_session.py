"""The window's open database and its one-window lock, and the window reopened on another database:
Tệp → Khai báo đơn vị mới… (a new file, the unit declared in it), Mở dữ liệu mẫu, Mở dữ liệu của
đơn vị, and the same database again after Khôi phục…. The presenters decide where to go
(app.presenters.data_files_presenter, app.workspace.databases, app.presenters.backup_presenter); this
entry-point module closes one window and builds the next."""

from __future__ import annotations

import logging

from cchc_desktop.app import UserError
from cchc_desktop.app.infra import paths
from cchc_desktop.app.infra.instance_lock import InstanceLock
from cchc_desktop.app.presenters.setup_presenter import SetupPresenter
from cchc_desktop.app.usecases import data_files
from cchc_desktop.app.workspace import databases

log = logging.getLogger(__name__)

BUSY_ELSEWHERE = (
    "Dữ liệu {target} đang được mở ở một cửa sổ CCHC Desktop khác. Hãy dùng cửa sổ đó "
    "(mỗi cơ sở dữ liệu chỉ mở ở một cửa sổ để không mất dữ liệu)."
)


class WindowSession:
    """`open` the first database, then `switch` (the window's `database_switcher`); `close` at the end."""

    def __init__(self, root, lock: InstanceLock | None, clock=None):
        self.root = root
        self.lock = lock
        self.clock = clock
        self.built = None  # (workspace, presenter, window)
        self._declared = ""  # what the window says once on the unit just declared
        self._left = None  # the database the window showed before a switch

    # ----- opening ---------------------------------------------------------------------------------
    def open(self, db_path, period: str | None = None):
        """The window on `db_path` as `cchc-desktop` opens it (first start, recovery); None if cancelled."""
        from cchc_desktop.gui_main import open_or_recover

        return self._attach(open_or_recover(self.root, db_path, period, clock=self.clock))

    def _attach(self, built):
        """Hold the lock of what was opened (the first start may open the sample instead), hook the window."""
        if built is None:
            return None
        ws, presenter, window = built
        if not self._hold(ws.path):
            from cchc_desktop.ui.dialogs import show_message

            ws.close()
            self._clear()
            show_message(self.root, "Đang mở ở cửa sổ khác", BUSY_ELSEWHERE.format(target=ws.path), error=True)
            return None
        self.built = built
        window.database_switcher = self.switch
        window.show_data_files(presenter.data_files.data_file_actions())
        return built

    def _hold(self, target) -> bool:
        """This session holds the lock of `target` (taken now, the previous one released), or False."""
        wanted = paths.lock_path(target)
        if self.lock is not None and self.lock.path == wanted:
            return True
        lock = InstanceLock(target)
        if not lock.acquire():
            return False
        if self.lock is not None:
            self.lock.release()
        self.lock = lock
        return True

    # ----- switching -------------------------------------------------------------------------------
    def switch(self, target, how: str, done_text: str = "") -> bool:
        """Reopen the window on `target` (how: open, new, sample, reopen); on a refusal or a cancelled
        declaration the window comes back on the database it showed. True when the window moved."""
        from cchc_desktop.ui.dialogs import show_message

        ws, presenter, window = self.built
        if not self._typing_stored(window):
            return False
        current, period = ws.path, str(presenter.period) if presenter.period else None
        if how == "reopen":
            target = current
        elif not self._free(target, window):
            return False
        self._left = current
        self.close_window()
        try:
            built = self._open_as(target, how, period if how == "reopen" else None)
        except UserError as exc:
            show_message(self.root, "Không mở được dữ liệu", str(exc), error=True)
            built = None
        except Exception:  # a bug: the window comes back where it was, then the error is reported
            log.exception("switching the window to %s (%s) failed", target, how)
            self._clear()
            self._attach(self._build(current, period))
            raise
        if built is None:  # cancelled or refused: back where the clerk was
            self._attach(self._build(current, period))
            return False
        if not self._attach(built):
            self._attach(self._build(current, period))
            return False
        text, self._declared = done_text or self._declared, ""
        if text:
            show_message(self.root, "Đã chuyển dữ liệu" if how != "reopen" else "Khôi phục dữ liệu", text)
        return True

    def _typing_stored(self, window) -> bool:
        """What is being typed is stored first; a value that cannot be, named: the clerk may stay."""
        refused = window.flush()
        if refused is None:
            return True
        code, typed = refused
        question = (
            f"Giá trị “{typed}” vừa gõ không lưu được (lý do ghi ngay dưới ô). Vẫn chuyển dữ liệu và bỏ giá trị đó?"
        )
        if window.ask_yes_no("Chuyển dữ liệu", question):
            return True
        window.current_form.put_back(code, typed)
        return False

    def _free(self, target, window) -> bool:
        """No other window holds `target` (checked before this window closes)."""
        if paths.lock_path(target) == (self.lock.path if self.lock else None):
            return True
        probe = InstanceLock(target)
        if probe.acquire():
            probe.release()
            return True
        window.show_message("Đang mở ở cửa sổ khác", BUSY_ELSEWHERE.format(target=target), error=True)
        return False

    def _open_as(self, target, how: str, period: str | None):
        from cchc_desktop.gui_main import open_or_recover

        if how == "new":
            return self._declare(target)
        if how == "sample":
            databases.ensure_sample()
        return open_or_recover(self.root, target, period, clock=self.clock)

    def _declare(self, target):
        """Khai báo đơn vị mới: the unit dialog on a new database; saved, it is the clerk's own from now on."""
        from cchc_desktop.ui.new_unit_dialog import NewUnitDialog

        ws = databases.start_new_unit(target, self.clock)
        self.root.withdraw()
        dialog = NewUnitDialog(self.root, data_files.NEW_UNIT_TITLE, data_files.new_unit_note(target, self._left))
        setup = SetupPresenter(ws, dialog)
        dialog.presenter = setup
        setup.start()
        dialog.run()
        if not setup.saved:
            databases.abandon_new_unit(ws, target)
            return None
        self._declared = databases.unit_declared(ws, target)
        ws.close()
        return self._build(target, None)

    def _build(self, target, period: str | None):
        from cchc_desktop.gui_main import build

        return build(self.root, target, period, clock=self.clock)

    # ----- closing ---------------------------------------------------------------------------------
    def close_window(self) -> None:
        """The window's widgets and its database closed (work still running is cancelled and awaited)."""
        if self.built is None:
            return
        ws, _, window = self.built
        self.built = None
        window.busy.stop_job()
        ws.close()
        self._clear()

    def _clear(self) -> None:
        for child in self.root.winfo_children():
            child.destroy()
        self.root.configure(menu="")

    def close(self) -> None:
        """At the end: the database closed and the lock released."""
        if self.built is not None:
            self.built[0].close()
            self.built = None
        if self.lock is not None:
            self.lock.release()
