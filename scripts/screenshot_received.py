"""Screenshot of Đơn vị → Tình hình nhận báo cáo… over a city's window → docs/screenshots/30-*.png.

Nine wards of Sa Đéc: five sent annexes (exported by the real export from their own databases, the
export times set in the `_cchc` header to a plausible September 2023), one typed in by hand at the
city, three missing — green, amber and red rows at once.

Run: .venv/bin/python scripts/screenshot_received.py [--scale 1.25]  (DISPLAY set, or its own Xvfb)
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "scripts"))
from screenshots import grab, settle, shooting, when_shown  # noqa: E402

from exports.annex_reader import read_annex  # noqa: E402
from tests.hostile_annex import resign  # noqa: E402

DATA_PART = "xl/worksheets/sheet5.xml"
CITY = ("SADEC", "UBND thành phố Sa Đéc")
# code, name, (exported at, submitted at or "" or None for an older file) or "manual" or None (missing)
WARDS = [
    ("P1", "UBND Phường 1", ("2023-09-15T08:12:00", "2023-09-14T16:40:00")),
    ("P2", "UBND Phường 2", ("2023-09-18T10:05:00", "")),
    ("P3", "UBND Phường 3", ("2023-09-22T14:30:00", "2023-09-22T14:20:00")),
    ("P4", "UBND Phường 4", None),
    ("AH", "UBND phường An Hòa", ("2023-09-19T09:45:00", None)),
    ("TQD", "UBND xã Tân Quy Đông", "manual"),
    ("TKD", "UBND xã Tân Khánh Đông", ("2023-09-25T15:00:00", "")),
    ("TQT", "UBND xã Tân Quy Tây", None),
    ("TPD", "UBND xã Tân Phú Đông", None),
]


def _cli(db: Path, *args: str) -> None:
    from cchc_desktop.cli import main
    from db.connection import close_database

    assert main(["--db", str(db), *args]) == 0, args
    close_database()


def _set_header(source: Path, target: Path, exported: str, submitted: str | None) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == DATA_PART:
                xml = data.decode("utf-8")
                xml = re.sub(r"(<t>exported_at</t>.*?<t>)[^<]*(</t>)", rf"\g<1>{exported}\g<2>", xml, count=1)
                if submitted is None:  # an annex of an older version: it does not say
                    xml = xml.replace("<t>submitted</t>", "<t>x</t>").replace("<t>submitted_at</t>", "<t>y</t>")
                elif submitted:
                    xml = re.sub(r"(<t>submitted_at</t>.*?<t>)[^<]*(</t>)", rf"\g<1>{submitted}\g<2>", xml, count=1)
                xml = resign(xml, read_annex(source).values)  # as the export would sign such a file
                data = xml.encode("utf-8")
            new.writestr(info.filename, data)
    return target


def build_city(folder: Path) -> Path:
    from cchc_desktop.app import Workspace
    from db import store
    from db.connection import close_database

    city = folder / "city.sqlite"
    _cli(city, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen")
    for code, name, _ in WARDS:
        _cli(city, "units", "add", "--code", code, "--name", name, "--level", "xa")
    files = []
    for number, (code, name, sent) in enumerate(WARDS):
        if not isinstance(sent, tuple):
            continue
        db = folder / f"{code}.sqlite"
        _cli(db, "init", "--unit-code", code, "--unit-name", name, "--parent-code", CITY[0])
        for month in (7, 8, 9):
            _cli(db, "set", "--period", f"2023-{month:02d}", f"tthc.hs.tiep_nhan={100 + 7 * number + month}")
        if sent[1]:
            with Workspace.open(db) as ws:
                store.set_status(ws.ctx.self_row(), "2023-Q3", "submitted")
            close_database()
        raw = folder / f"{code}-raw.xlsx"
        _cli(db, "export", "xlsx", "--period", "2023-Q3", "-o", str(raw))
        files.append(_set_header(raw, folder / f"PL-{code}-2023-Q3.xlsx", sent[0], sent[1]))
    with Workspace.open(city) as ws:
        verdicts = ws.imports.import_files(files)
        assert all(v.ok for v in verdicts), [v.message for v in verdicts]
        ws.entry.set_values("2023-08", {"tthc.hs.tiep_nhan": 64}, unit_code="TQD")
    close_database()
    return city


def main() -> None:
    with shooting() as run:
        from cchc_desktop.gui_main import build
        from cchc_desktop.ui.received_status import MENU_LABEL, ReceivedStatusDialog

        root, out, suffix = run.root, run.out, run.suffix
        city = build_city(run.folder)
        ws, presenter, window = build(root, city, "2023-Q3")
        settle(root, 0.8)
        grab(out / f"30-thanh-pho-da-nhan{suffix}.png")

        def show_slips(dialog) -> None:  # the first unit with slips selected: its slips under the table
            with_slips = [code for code, row in dialog.rows.items() if row.slips]
            if with_slips:
                dialog.table.selection_set(with_slips[0])
                dialog.update()
            settle(root, 0.3)
            grab(out / f"31-tinh-hinh-nhan-bao-cao{suffix}.png")
            dialog.close()

        shots = [(ReceivedStatusDialog, out / f"31-tinh-hinh-nhan-bao-cao{suffix}.png", show_slips)]
        when_shown(root, shots)
        window.unit_menu.invoke(window.unit_menu.index(MENU_LABEL))
        ws.close()


if __name__ == "__main__":
    main()
