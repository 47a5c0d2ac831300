"""Screenshots of Tệp → Khai báo đơn vị mới…, Sao lưu…, Khôi phục… and the export's Mở tệp / Mở thư mục
→ docs/screenshots/70–77-*.png. Reached as a clerk reaches them: from an empty data folder, the sample
that `bash scripts/start.sh` opens, then the menu.

Run: .venv/bin/python scripts/screenshots_backup.py [--scale 1.25]
Starts its own Xvfb (1366×768, 24-bit) when DISPLAY is not set.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import grab, settle, shooting  # noqa: E402
from scripts.screenshots_import import wait  # noqa: E402

UNIT = (
    ("name", "Ủy ban nhân dân phường An Hòa"),
    ("code", "P-ANHOA"),
    ("short_name", "UBND phường"),
    ("body", "ỦY BAN NHÂN DÂN PHƯỜNG AN HÒA"),
    ("place", "An Hòa"),
    ("parent_name", "UBND tỉnh Đồng Tháp"),
    ("signer_name", "Nguyễn Văn An"),
)
PAST = (  # the backups a ward has after a week of work: one a day, one before an upgrade
    ("2026-12-01_074512", "ngay"),
    ("2026-12-02_080233", "ngay"),
    ("2026-12-02_080231", "truoc-nang-cap-v6"),
    ("2026-12-03_073955", "ngay"),
    ("2026-12-04_075810", "ngay"),
)


def dialog_of(root, kind):
    shown = [w for w in root.winfo_children() if isinstance(w, kind) and w.winfo_exists() and w.winfo_viewable()]
    return shown[0] if shown else None


def shoot(root, action, shots) -> None:
    """Run `action`, then photograph each dialog of `shots` (kind, file, prepare, then) once it is on
    screen: prepared, photographed, then acted on (else cancelled). The steps run from the event loop,
    since a dialog waits in a nested loop of its own."""
    pending = list(shots)

    def poll() -> None:
        if not pending:
            return
        kind, path, before, then = pending[0]
        dialog = dialog_of(root, kind)
        if dialog is None:
            root.after(30, poll)
            return
        pending.pop(0)
        if before is not None:
            before(dialog)
        settle(root)
        grab(path)
        root.after(30, poll)
        (then or (lambda d: d.cancel()))(dialog)

    root.after(30, poll)
    action()
    wait(root, lambda: not pending)
    settle(root, 0.2)


def main() -> None:
    with shooting(user_data=True) as run:
        from datetime import datetime

        from cchc_desktop.app.presenters.backup_presenter import BACKUP_LABEL, RESTORE_LABEL
        from cchc_desktop.app.usecases.data_files import NEW_UNIT_LABEL
        from cchc_desktop.app.workspace import databases
        from cchc_desktop.gui_session import WindowSession
        from cchc_desktop.ui.backup_dialog import RestoreDialog
        from cchc_desktop.ui.choice_dialog import ChoiceDialog
        from cchc_desktop.ui.dialogs import MessageDialog, QuestionDialog, UnitDialog
        from db.connection import close_database

        root, out, suffix, folder = run.root, run.out, run.suffix, run.folder
        sample = databases.ensure_sample()
        close_database()
        now = datetime(2026, 12, 5, 16, 42, 3)
        session = WindowSession(root, None, clock=lambda: now)
        session.open(sample, "2023-Q3")
        settle(root)

        def menu(label: str):
            def invoke() -> None:
                files = session.built[2].files_menu
                files.invoke(files.index(label))

            return invoke

        def fill_unit(dialog) -> None:
            fields = {key: widget for key, (_, widget) in dialog.widgets.items()}
            for key, text in UNIT:
                fields[key].insert(0, text)

        shoot(
            root,
            menu(NEW_UNIT_LABEL),
            [
                (UnitDialog, out / f"70-khai-bao-don-vi-moi{suffix}.png", fill_unit, lambda d: d._save()),
                (MessageDialog, out / f"71-don-vi-moi-da-khai-bao{suffix}.png", None, lambda d: d.close()),
            ],
        )
        ws = session.built[0]
        ws.entry.set_values("2026-11", {"cd.van_ban_chi_dao": "3", "tthc.hs.tiep_nhan": "214"})
        backups = ws.maintenance.backups_folder()
        made = ws.maintenance.backup(folder / "mau.sqlite")
        backups.mkdir(parents=True, exist_ok=True)
        for stamp, reason in PAST:
            shutil.copyfile(made, backups / f"cchc-{stamp}-{reason}.sqlite")
        shoot(root, menu(BACKUP_LABEL), [(ChoiceDialog, out / f"72-sao-luu-xong{suffix}.png", None, None)])

        def pick_second(dialog) -> None:
            dialog.table.selection_set("1")  # the day before's daily backup
            dialog.table.focus("1")

        shoot(
            root,
            menu(RESTORE_LABEL),
            [
                (RestoreDialog, out / f"73-khoi-phuc-chon-ban{suffix}.png", pick_second, lambda d: d._restore()),
                (QuestionDialog, out / f"74-khoi-phuc-hoi-lai{suffix}.png", None, lambda d: d._yes()),
                (MessageDialog, out / f"75-khoi-phuc-xong{suffix}.png", None, lambda d: d.close()),
            ],
        )
        target = folder / "Tài liệu" / "Phụ lục CCHC tháng 11 năm 2026 - UBND phường An Hòa.xlsx"
        target.parent.mkdir()
        session.built[2].ask_save_path = lambda title, name, kind: str(target)
        shoot(root, menu("Xuất phụ lục Excel…"), [(ChoiceDialog, out / f"76-xuat-xong-mo-tep{suffix}.png", None, None)])
        files = session.built[2].files_menu
        files.post(root.winfo_rootx() + 4, root.winfo_rooty() + 4)
        settle(root)
        grab(out / f"77-menu-tep{suffix}.png")
        files.unpost()
        session.close_window()
        session.close()


if __name__ == "__main__":
    main()
