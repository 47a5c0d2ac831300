"""Child process of the window-kill rounds: the real window on DB at PERIOD, typing values into the
integer fields of section SECTION one after another (insert + Tab, as a person does), printing
`code value` each time the window says it saved (its status line reads “Đã lưu lúc …”). Killed by the test."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def pump(root, seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        root.update()
        time.sleep(0.005)


def main(db: str, period: str, section: str, start: int) -> None:
    from cchc_desktop.gui_main import build
    from tests.support.display import make_window

    root = make_window()
    ws, _presenter, window = build(root, Path(db), period)
    root.deiconify()
    root.focus_force()
    pump(root, 0.15)
    window.nav.selection_set(section)
    pump(root, 0.15)
    form = window.forms[section]
    codes = [
        code
        for code, entry in form.entries.items()
        if ws.template.indicators[code].type == "int" and str(entry.cget("state")) == "normal"
    ]
    print("codes " + " ".join(codes), flush=True)
    counter = start
    while True:
        code = codes[counter % len(codes)]
        entry = form.entries[code]
        entry.focus_force()
        pump(root, 0.01)
        entry.delete(0, "end")
        for char in str(counter):  # typed key by key: a kill can land mid-number
            entry.insert("end", char)
            root.update()
        window.status.set("")
        entry.event_generate("<Tab>")
        pump(root, 0.01)
        if window.status.cget("text").startswith("Đã lưu lúc"):
            print(f"{code} {counter}", flush=True)
        counter += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
