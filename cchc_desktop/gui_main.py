"""Entry point of `cchc-desktop`: lock the database, open it (first start: setup or demo), show the window."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback

from cchc_desktop.app import UserError, Workspace
from cchc_desktop.app.infra import logs, memory, paths
from cchc_desktop.app.infra.instance_lock import InstanceLock
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from cchc_desktop.app.presenters.setup_presenter import NewDatabasePresenter, SetupPresenter
from cchc_desktop.app.usecases.recovery import missing_offer, recovery_offer
from cchc_desktop.app.workspace.databases import first_start_demo
from cchc_desktop.gui_session import WindowSession

log = logging.getLogger(__name__)


def _logged(exc_type, exc, tb) -> None:
    log.error("unexpected error", exc_info=(exc_type, exc, tb))


def _install_error_hook(root) -> None:
    """UserError is shown plainly; anything else is a bug: logged, and pointed at."""
    from cchc_desktop.ui.dialogs import show_message

    def report(exc_type, exc, tb):
        if isinstance(exc, UserError):
            show_message(root, "Không thực hiện được", str(exc), error=True)
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        show_message(root, "Lỗi hệ thống", f"Lỗi hệ thống — chi tiết trong {logs.log_path()}", error=True)

    root.report_callback_exception = report


def build(root, db_path, period: str | None = None, clock=None):
    """Open the database in the window `root`; returns (workspace, presenter, window) or None if cancelled.
    `clock`: what "now" is (default: the computer's; tests inject a fixed one)."""
    from cchc_desktop.ui.dialogs import FirstStartDialog, UnitDialog
    from cchc_desktop.ui.main_window import MainWindow

    ws = None
    if not paths.database_exists(db_path):
        root.withdraw()
        choice = FirstStartDialog(root, str(db_path))
        choice.run()
        if choice.choice is None:
            return None
        if choice.choice == "demo":  # the sample in its own file: the unit's own is made when declared
            db_path = first_start_demo(db_path)
        else:  # the database is created only once the unit is saved
            dialog = UnitDialog(root, "Khai báo đơn vị")
            declared = NewDatabasePresenter(db_path, dialog, clock)
            dialog.presenter = declared
            declared.start()
            dialog.run()
            declared.cancelled()
            if declared.workspace is None:
                return None
            ws = declared.workspace
    if ws is None:
        ws = Workspace.open(db_path, create=True, clock=clock)
    if not ws.units.has_unit():  # a database without a unit (an older version's, or an interrupted start)
        root.withdraw()
        dialog = UnitDialog(root, "Khai báo đơn vị")
        presenter = SetupPresenter(ws, dialog)
        dialog.presenter = presenter
        presenter.start()
        dialog.run()
        if not presenter.saved:
            ws.close()
            return None
    root.deiconify()

    window = MainWindow(root, ws.units.self_unit().frequency, ws)
    presenter = MainPresenter(ws, window)
    window.presenter = presenter
    presenter.start(period)
    memory.settle()  # the window's widgets live as long as it: out of the collector's rounds too
    root.after(400, window.warm_up)
    if ws.warnings:  # e.g. the daily backup could not be written: said once, the work goes on
        from cchc_desktop.ui.dialogs import show_message

        root.update_idletasks()
        show_message(root, "Chưa sao lưu được", "\n\n".join(ws.warnings))
    return ws, presenter, window


def open_or_recover(root, db_path, period: str | None = None, clock=None):
    """`build`, and when the database file is damaged (or missing) while backups exist, the recovery
    dialog first: the chosen backup restored, then the window opens on it. Closed: None for a damaged
    file (nothing is opened); for a missing one, the first start (a new unit or the demo) as before."""
    from cchc_desktop.ui.dialogs import show_message
    from cchc_desktop.ui.recovery_dialog import RecoveryDialog

    offer = missing_offer(db_path)
    if offer is None:
        try:
            return build(root, db_path, period, clock)
        except UserError as exc:
            offer = recovery_offer(db_path, exc)
            if offer is None:
                raise
    root.withdraw()
    dialog = RecoveryDialog(root, offer)
    dialog.run()
    if dialog.done_text is None:
        return build(root, db_path, period, clock) if offer.missing else None
    show_message(root, "Đã khôi phục", dialog.done_text)
    return build(root, db_path, period, clock)


# Set to 1: the window quits once its first frame is drawn, printing "first-frame <epoch seconds>" (bench_bundle.py).
EXIT_AFTER_FIRST_FRAME = "CCHC_EXIT_AFTER_FIRST_FRAME"

WINDOW_SIZE = (1366, 740)
MIN_SIZE = (1000, 600)


def window_geometry(screen_width: int, screen_height: int) -> str:
    """The main window's first geometry: at most 1366×740, within the screen above the taskbar, top-left."""
    from cchc_desktop.ui.modal import TASKBAR, TITLE_BAR

    width = min(WINDOW_SIZE[0], screen_width)
    height = min(WINDOW_SIZE[1], screen_height - TITLE_BAR - TASKBAR)
    return f"{width}x{height}+0+0"


def make_root():
    import ttkbootstrap as ttk

    from cchc_desktop.ui import tk_vietnamese
    from cchc_desktop.ui.help_launcher import install_help

    root = ttk.App(title="CCHC Desktop", theme="bootstrap-light")
    tk_vietnamese.install(root)
    install_help(root)  # F1 from the first start's dialogs on
    width, height = root.winfo_screenwidth(), root.winfo_screenheight()
    root.geometry(window_geometry(width, height))
    root.minsize(min(MIN_SIZE[0], width), min(MIN_SIZE[1], height - 80))
    return root


def startup_error(root, title: str, text: str) -> None:
    """A message before the main window exists: the root stays withdrawn, the message is centred on the screen."""
    from cchc_desktop.ui.dialogs import show_message

    root.withdraw()
    show_message(root, title, text, error=True)


DESCRIPTION = "CCHC Desktop — cửa sổ nhập, kiểm tra và xuất báo cáo cải cách hành chính."
EPILOG = """\
Không có tùy chọn: mở cơ sở dữ liệu của người dùng (lần đầu: khai báo đơn vị hoặc mở dữ liệu mẫu).
Ví dụ: cchc-desktop --period 2023-Q3"""


def build_parser():
    """`cchc-desktop`'s few arguments, its help and its errors in Vietnamese (the parser of `cchc`)."""
    from cchc_desktop.cli.parser import PERIOD_EXAMPLES, VietnameseParser, db_help

    parser = VietnameseParser(prog="cchc-desktop", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--db", metavar="TỆP|URL", help=db_help("mà lệnh cchc dùng"))
    parser.add_argument("--period", metavar="KỲ", help=f"kỳ mở sẵn khi cửa sổ mở: {PERIOD_EXAMPLES}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Start the window on the user's database (or --db)."""
    from cchc_desktop.cli.parser import utf8_streams

    utf8_streams()  # --help and argument errors, through a pipe on Windows too
    args = build_parser().parse_args(argv)
    logs.setup_logging()
    sys.excepthook = _logged  # a bug outside Tk's callbacks goes to the log (redacted), not raw to stderr
    root = make_root()
    _install_error_hook(root)
    try:
        db_path = paths.default_db_path(args.db)
    except UserError as exc:  # e.g. a server address with a bad %-escape: said plainly, nothing opened
        startup_error(root, "Không mở được cơ sở dữ liệu", str(exc))
        root.destroy()
        return 2
    lock = InstanceLock(db_path)
    if not lock.acquire():
        startup_error(
            root,
            "Đang mở ở cửa sổ khác",
            f"Cơ sở dữ liệu {db_path} đang được mở ở một cửa sổ CCHC Desktop khác. "
            "Hãy dùng cửa sổ đó (mỗi cơ sở dữ liệu chỉ mở ở một cửa sổ để không mất dữ liệu).",
        )
        root.destroy()
        return 2
    session = WindowSession(root, lock)  # Tệp → Khai báo đơn vị mới…, Khôi phục… reopen the window through it
    try:
        built = session.open(db_path, args.period)
    except UserError as exc:
        startup_error(root, "Không mở được cơ sở dữ liệu", str(exc))
        root.destroy()
        lock.release()
        return 2
    except Exception:
        log.exception("unexpected error while opening %s", db_path)
        startup_error(root, "Lỗi hệ thống", f"Lỗi hệ thống — chi tiết trong {logs.log_path()}")
        root.destroy()
        lock.release()
        return 3
    if built is None:
        root.destroy()
        session.close()
        return 0
    try:
        if os.environ.get(EXIT_AFTER_FIRST_FRAME) == "1":
            root.update_idletasks()
            root.update()
            print(f"first-frame {time.time():.6f}", flush=True)
            root.destroy()
        else:
            root.mainloop()
    finally:
        session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
