"""Screenshots of Tệp → Nhập phụ lục của đơn vị cấp dưới → docs/screenshots/32–34-*.png.

Three communes export their annexes from their own databases (the real export); one file has a number
changed in Excel after export, one is not a workbook, one comes from a commune the city has not
declared, one was imported before. The city opens them from the menu: the verdict list (30), the
choice of an edited number (31), the list after the import (32).

Run: .venv/bin/python scripts/screenshots_import.py [--scale 1.25]
Starts its own Xvfb (1366×768, 24-bit) when DISPLAY is not set.
"""

from __future__ import annotations

import re
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import grab, settle, shooting  # noqa: E402

CITY = ("SADEC", "UBND thành phố Sa Đéc")
COMMUNES = {
    "P1": ("UBND Phường 1", "month", {"2023-07": {"tthc.hs.tiep_nhan": "120", "tthc.hs.truc_tuyen": "100"}}),
    "P2": ("UBND Phường 2", "month", {"2023-07": {"tthc.hs.tiep_nhan": "311", "tthc.hs.truc_tuyen": "298"}}),
    "P3": ("UBND Phường 3", "month", {"2023-08": {"tthc.hs.tiep_nhan": "87"}}),
    "AH": ("UBND phường An Hòa", "quarter", {"2023-Q3": {"tthc.hs.tiep_nhan": "524", "tthc.hs.truc_tuyen": "463"}}),
}
PL1 = "xl/worksheets/sheet1.xml"


def cli(db: Path, *args: str) -> None:
    from cchc_desktop.cli import main
    from db.connection import close_database

    code = main(["--db", str(db), *args])
    close_database()
    if code != 0:
        raise SystemExit(f"cchc {' '.join(args)} → {code}")


def export(folder: Path, code: str, period: str) -> Path:
    name, frequency, figures = COMMUNES[code]
    db = folder / f"{code}.sqlite"
    cli(db, "init", "--unit-code", code, "--unit-name", name, "--frequency", frequency,
        "--parent-code", CITY[0], "--parent-name", CITY[1])  # fmt: skip
    for entry, values in figures.items():
        cli(db, "set", "--period", entry, *[f"{c}={v}" for c, v in values.items()])
    target = folder / "hop-thu" / f"Phụ lục CCHC {period} - {name}.xlsx"
    target.parent.mkdir(exist_ok=True)
    cli(db, "export", "xlsx", "--period", period, "-o", str(target))
    return target


def edit_in_excel(path: Path, old: str, new: str) -> None:
    """A number of PL1 changed after export, as a person would in Excel."""
    with zipfile.ZipFile(path) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    xml = parts[PL1].decode()
    parts[PL1] = re.sub(rf'(<c r="D\d+" s="\d+" t="n"><v>){old}(</v>)', rf"\g<1>{new}\g<2>", xml, count=1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in parts.items():
            target.writestr(item, data)


def prepare(folder: Path) -> tuple[Path, list[Path]]:
    files = [export(folder, "P1", "2023-07"), export(folder, "P2", "2023-07"), export(folder, "AH", "2023-Q3")]
    files.append(export(folder, "P3", "2023-08"))
    edit_in_excel(files[0], "120", "125")
    junk = folder / "hop-thu" / "Bảng tính khác.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a workbook")
    files.append(junk)
    city = folder / "city.sqlite"
    cli(city, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen")
    for code in ("P1", "P2", "P3"):
        cli(city, "units", "add", "--code", code, "--name", COMMUNES[code][0], "--level", "xa")
    cli(city, "import", str(files[3]))  # P3's August: imported last week, sent again
    return city, files


def wait(root, condition, seconds: float = 30.0) -> None:
    end = time.time() + seconds
    while time.time() < end:
        if condition():
            return
        settle(root, 0.05)
    raise SystemExit("the window never reached the expected state")


def main() -> None:
    with shooting() as run:
        from cchc_desktop.gui_main import build
        from cchc_desktop.ui import import_dialog
        from cchc_desktop.ui.import_dialog import ImportDialog
        from cchc_desktop.ui.menus import IMPORT_LABEL

        root, out, suffix = run.root, run.out, run.suffix
        city, files = prepare(run.folder)
        ws, presenter, window = build(root, city, "2023-Q3")
        settle(root)
        import_dialog.ImportDialog.ask_open_paths = lambda self: [str(path) for path in files]

        def shots() -> None:
            dialog = next(w for w in root.winfo_children() if isinstance(w, ImportDialog))
            wait(root, lambda: len(dialog.table.get_children()) == len(files) and not dialog.busy_now)
            dialog.table.selection_set(str(files[2]))  # the commune not declared yet
            settle(root)
            grab(out / f"32-nhap-phu-luc{suffix}.png")
            dialog.table.selection_set(str(files[0]))  # the number changed in Excel
            settle(root)
            dialog.take_radio.invoke()
            settle(root)
            grab(out / f"33-nhap-phu-luc-chon-so{suffix}.png")
            dialog.table.selection_set(str(files[2]))
            settle(root, 0.2)
            dialog.declare_check.invoke()
            dialog.table.selection_set(str(files[3]))
            settle(root, 0.2)
            dialog.replace_check.invoke()
            dialog.import_button.invoke()
            wait(root, lambda: not dialog.busy_now and "đã nhập" in dialog.summary.cget("text"))
            settle(root)
            grab(out / f"34-nhap-phu-luc-xong{suffix}.png")
            dialog.close_button.invoke()

        root.after(300, shots)
        window.files_menu.invoke(window.files_menu.index(IMPORT_LABEL))
        ws.close()


if __name__ == "__main__":
    main()
