"""Tệp → Cài mẫu báo cáo…: choose a pack (.zip), install it, say the verdict in a dialog."""

from __future__ import annotations

from pathlib import Path
from tkinter import filedialog

from cchc_desktop.app.infra import paths
from cchc_desktop.app.usecases.templates import VERDICT_TITLE, install_verdict
from cchc_desktop.ui.dialogs import ask_yes_no, show_message

MENU_LABEL = "Cài mẫu báo cáo…"


def install_template_pack(root, ws=None, on_installed=None) -> None:
    """Ask for the pack, install it (the open workspace `ws` tells which versions hold values and
    which periods keep theirs), show the verdict; then `on_installed()` lets the open window use the
    new version at once."""
    path = filedialog.askopenfilename(
        parent=root,
        title=VERDICT_TITLE,
        initialdir=str(paths.documents_dir()),
        filetypes=[("Gói mẫu báo cáo (.zip)", "*.zip"), ("Mọi tệp", "*")],
    )
    if not path:
        return
    ctx = ws.ctx if ws is not None else None
    verdict = install_verdict(Path(path), ctx, lambda text: ask_yes_no(root, VERDICT_TITLE, text))
    if verdict is not None:
        show_message(root, verdict.title, verdict.text, verdict.error)
        if not verdict.error and on_installed is not None:
            on_installed()
