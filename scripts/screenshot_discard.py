"""Screenshots of "Bỏ nội dung vừa nhập?" → docs/screenshots/35-*.png and 36-*.png.

35: over a giải trình with two typed lines (the demo's window); 36: over the first start's unit
declaration, from an empty data folder. Each is reached as a clerk reaches it (typing, then Esc),
photographed, answered Không (the text stays), then Esc and Có.

Run: .venv/bin/python scripts/screenshot_discard.py [--scale 1.25]  (DISPLAY set, or its own Xvfb)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from screenshots import grab, settle, shooting  # noqa: E402

TWO_LINES = "Số trực tuyến gồm hồ sơ chuyển từ kỳ trước.\nĐã đối chiếu với sổ theo dõi của bộ phận một cửa."


def asked_over(root, outer_kind, fill, path: Path) -> None:
    """Once a dialog of outer_kind is shown: fill it, press Esc; photograph the question, answer Không;
    then Esc again and Có."""
    from cchc_desktop.ui.dialogs import QuestionDialog

    state = {"step": "fill"}

    def shown(kind, master):
        return [w for w in master.winfo_children() if isinstance(w, kind) and w.winfo_viewable()]

    def poll() -> None:
        outers = shown(outer_kind, root)
        if not outers:
            if state["step"] != "done":
                root.after(30, poll)
            return
        outer = outers[0]
        questions = shown(QuestionDialog, outer)
        if state["step"] == "fill":
            fill(outer)
            state["step"] = "ask"
            outer.after(10, lambda: (outer.focus_get() or outer).event_generate("<Escape>"))
        elif state["step"] == "ask" and questions:
            settle(root)
            grab(path)
            state["step"] = "again"
            questions[0].no.invoke()
        elif state["step"] == "again" and not questions:
            state["step"] = "discard"
            outer.after(10, lambda: (outer.focus_get() or outer).event_generate("<Escape>"))
        elif state["step"] == "discard" and questions:
            state["step"] = "done"
            questions[0].yes.invoke()
        root.after(30, poll)

    root.after(30, poll)


def explanation_shot(root, db: Path, out: Path, suffix: str) -> None:
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui.dialogs import TextDialog

    ws, presenter, window = build(root, db, "2023-Q3")
    presenter.choose_section("giai_trinh")
    settle(root)

    def fill(dialog) -> None:
        dialog.text.insert("end", TWO_LINES)
        dialog.text.focus_force()

    asked_over(root, TextDialog, fill, out / f"35-bo-noi-dung-giai-trinh{suffix}.png")
    presenter.explain_violation(next(i for i, v in enumerate(presenter.violations) if v.importance == "error"))
    ws.close()
    for child in root.winfo_children():
        child.destroy()
    root.configure(menu="")


def first_start_shot(root, folder: Path, out: Path, suffix: str) -> None:
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui.dialogs import FirstStartDialog, UnitDialog

    def pick_new() -> None:
        dialogs = [w for w in root.winfo_children() if isinstance(w, FirstStartDialog) and w.winfo_viewable()]
        if dialogs:
            dialogs[0].new_button.invoke()
        else:
            root.after(30, pick_new)

    def fill(dialog) -> None:
        name = dialog.widgets["name"][1]
        name.insert(0, "Ủy ban nhân dân phường An Hòa")
        dialog.widgets["code"][1].insert(0, "P-ANHOA")
        name.focus_force()

    root.after(30, pick_new)
    asked_over(root, UnitDialog, fill, out / f"36-bo-noi-dung-khai-bao{suffix}.png")
    db = folder / "moi" / "cchc.sqlite"
    assert build(root, db) is None and not db.exists()


def main() -> None:
    with shooting() as run:
        from cchc_desktop.app.workspace.demo import create_demo

        db = run.folder / "demo.sqlite"
        create_demo(db, as_printed=True)
        first_start_shot(run.root, run.folder, run.out, run.suffix)
        explanation_shot(run.root, db, run.out, run.suffix)


if __name__ == "__main__":
    main()
