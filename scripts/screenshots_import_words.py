"""Screenshots of the import's verdicts in a clerk's words → docs/screenshots/41–42-*.png.

The city of scripts/screenshots_import.py receives, besides its communes' annexes, Phường 2's file
whose hidden data sheet was edited after export (41: “mã kiểm tra của tệp không khớp — tệp đã bị sửa
sau khi xuất”) and Phường 1's file with a number changed in Excel (42: “Ô D… của biểu Số liệu, dòng …”).

Run: .venv/bin/python scripts/screenshots_import_words.py [--scale 1.25]
Starts its own Xvfb (1366×768, 24-bit) when DISPLAY is not set.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import grab, settle, shooting  # noqa: E402
from scripts.screenshots_import import prepare, wait  # noqa: E402

DATA = "xl/worksheets/sheet5.xml"  # the hidden data sheet, after the four annexes


def edit_data_sheet(source: Path, target: Path) -> Path:
    """Phường 2's July intake changed from 311 to 399 in the hidden data sheet, as a person might."""
    with zipfile.ZipFile(source) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    xml = parts[DATA].decode()
    assert "<t>311</t>" in xml
    parts[DATA] = xml.replace("<t>311</t>", "<t>399</t>", 1).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item, data in parts.items():
            archive.writestr(item, data)
    return target


def main() -> None:
    with shooting() as run:
        from cchc_desktop.gui_main import build
        from cchc_desktop.ui import import_dialog
        from cchc_desktop.ui.import_dialog import ImportDialog
        from cchc_desktop.ui.menus import IMPORT_LABEL

        root, out, suffix = run.root, run.out, run.suffix
        city, files = prepare(run.folder)
        edited, tampered = files[0], edit_data_sheet(files[1], files[1].with_name("Phụ lục CCHC P2 (đã sửa).xlsx"))
        chosen = [edited, tampered, files[2]]
        ws, presenter, window = build(root, city, "2023-Q3")
        settle(root)
        import_dialog.ImportDialog.ask_open_paths = lambda self: [str(path) for path in chosen]

        def shots() -> None:
            dialog = next(w for w in root.winfo_children() if isinstance(w, ImportDialog))
            wait(root, lambda: len(dialog.table.get_children()) == len(chosen) and not dialog.busy_now)
            dialog.table.selection_set(str(tampered))
            settle(root)
            grab(out / f"41-nhap-phu-luc-sai-ma-kiem-tra{suffix}.png")
            dialog.table.selection_set(str(edited))
            settle(root)
            grab(out / f"42-nhap-phu-luc-o-bi-sua{suffix}.png")
            dialog.close_button.invoke()

        root.after(300, shots)
        window.files_menu.invoke(window.files_menu.index(IMPORT_LABEL))
        ws.close()


if __name__ == "__main__":
    main()
