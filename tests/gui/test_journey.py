"""A new ward's whole journey, from an empty data folder to the PDF, under Xvfb without a window manager.

First start → declare the ward → three months typed with events → the quarter's report text with
a live figure inserted from the list → an explanation → submit → export PDF and Excel; then the
PDF is read back: the text with the figure filled in, and no internal code anywhere.
"""

from __future__ import annotations

import io
import re
from tkinter import filedialog

import openpyxl
import pytest
from pypdf import PdfReader

from cchc_desktop.gui_main import build
from cchc_desktop.ui.dialogs import FirstStartDialog, MessageDialog, QuestionDialog, TextDialog, UnitDialog
from cchc_desktop.ui.figure_dialog import FigureDialog
from db.connection import close_database
from tests.gui.conftest import pump
from tests.gui.dialog_driver import DialogDriver, assert_seen, press

pytestmark = pytest.mark.gui

CODE_PATTERN = re.compile(r"\b[a-z]+(?:\.[a-z_]+)+\b|\{|\}|\[[a-z.]+\]")
MONTHS = {
    7: {"cd.van_ban_chi_dao": "3", "cd.giao.tong": "1", "cd.giao.dung_han": "2"},
    8: {"cd.van_ban_chi_dao": "4"},
    9: {"cd.van_ban_chi_dao": "5"},
}


def type_and_enter(root, entry, text: str) -> None:
    """Focus the field, type the digits key by key, press Enter."""
    entry.focus_force()
    pump(root, 0.05)
    entry.select_range(0, "end")
    entry.event_generate("<Delete>")
    for digit in text:
        entry.event_generate("<KeyPress>", keysym=digit, when="now")
    assert entry.get() == text
    entry.event_generate("<Return>")
    pump(root, 0.1)


def choose_period(window, kind_label: str, index_label: str) -> None:
    window.year.delete(0, "end")
    window.year.insert(0, "2023")
    window.year.event_generate("<Return>")
    pump(window.root)
    kinds = list(window.kind.cget("values"))
    window.kind.current(kinds.index(kind_label))
    window.kind.event_generate("<<ComboboxSelected>>")
    pump(window.root)
    indexes = list(window.index.cget("values"))
    window.index.current(indexes.index(index_label))
    window.index.event_generate("<<ComboboxSelected>>")
    pump(window.root, 0.3)


def open_section(window, key: str):
    window.nav.selection_set(key)
    pump(window.root, 0.3)
    assert window.presenter.section_key == key
    return window.current_form


def test_a_new_ward_from_the_first_start_to_the_pdf(root, tmp_path, monkeypatch):
    db = tmp_path / "du-lieu" / "cchc.sqlite"
    db.parent.mkdir()

    def declare(dialog):
        assert_seen(dialog)
        fields = {key: widget for key, (_field, widget) in dialog.widgets.items()}
        for key, text in (("name", "Ủy ban nhân dân phường An Hòa"), ("code", "P-ANHOA"), ("place", "An Hòa")):
            fields[key].focus_force()
            fields[key].insert(0, text)
        fields["short_name"].insert(0, "UBND phường")
        press(fields["place"], "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(FirstStartDialog, lambda dialog: (assert_seen(dialog), dialog.new_button.invoke()))
        driver.expect(UnitDialog, declare)
        built = build(root, db, None)
    assert built is not None
    ws, presenter, window = built
    try:
        root.deiconify()
        pump(root, 0.3)
        assert root.winfo_viewable()

        # Three months typed with events.
        for month, values in MONTHS.items():
            choose_period(window, "Tháng", f"Tháng {month}")
            assert str(presenter.period) == f"2023-{month:02d}"
            form = open_section(window, "cd")
            for code, text in values.items():
                type_and_enter(root, form.entries[code], text)
            assert ws.entry.stored_texts(f"2023-{month:02d}")["cd.van_ban_chi_dao"] == values["cd.van_ban_chi_dao"]

        # In July, the text area says it edits the quarter's text.
        choose_period(window, "Tháng", "Tháng 7")
        form = open_section(window, "cd")
        area = form.text_areas["nx.cd"]
        assert "Thuyết minh báo cáo quý III năm 2023" in area.note.cget("text")

        # The quarter's report text, with a live figure picked from the list.
        choose_period(window, "Quý", "Quý III")
        form = open_section(window, "cd")
        area = form.text_areas["nx.cd"]
        area.text.focus_force()
        area.text.delete("1.0", "end")
        area.text.insert("1.0", "Trong {period}, UBND phường đã ban hành ")

        def pick(dialog):
            assert_seen(dialog)
            dialog.search.insert(0, "Văn bản chỉ đạo")
            dialog.search.event_generate("<KeyRelease>")
            press(dialog.search, "<Return>")

        with DialogDriver(root) as driver:
            driver.expect(FigureDialog, pick)
            area.insert_button.invoke()
        area.text.insert("end", " văn bản chỉ đạo, hướng dẫn về CCHC.")
        area.text.event_generate("<FocusOut>")
        pump(root, 0.3)
        typed = "Trong {period}, UBND phường đã ban hành {cd.van_ban_chi_dao} văn bản chỉ đạo, hướng dẫn về CCHC."
        assert ws.entry.stored_texts("2023-Q3")["nx.cd"] == typed
        assert "đã ban hành 12 văn bản chỉ đạo" in area.preview_text()

        # The month's error, seen in the quarter, is explained.
        item = next(i for i in window.check_panel.items if i.rule == "cd.giao")
        assert item.text.startswith("Tháng 7:")
        window.check_panel.select(item.index)

        def explain(dialog):
            assert_seen(dialog)
            dialog.text.insert("1.0", "Nhiệm vụ giao bổ sung trong tháng, chưa có trong kế hoạch.")
            dialog.ok.invoke()

        with DialogDriver(root) as driver:
            driver.expect(TextDialog, explain)
            window.check_panel.explain_button.invoke()
        assert all(i.explanation for i in window.check_panel.items if i.importance == "error")

        # Submit the quarter.
        with DialogDriver(root) as driver:
            driver.expect(QuestionDialog, lambda dialog: dialog.yes.invoke())
            driver.expect(MessageDialog, lambda dialog: dialog.ok.invoke())
            window.submit_button.invoke()
        assert ws.reports.status("2023-Q3").status == "submitted"

        # Export the PDF and the annexes; the save dialog answers with a path in the data folder.
        for kind in ("pdf", "xlsx"):
            target = tmp_path / f"bao-cao.{kind}"
            monkeypatch.setattr(filedialog, "asksaveasfilename", lambda target=target, **_kw: str(target))
            with DialogDriver(root) as driver:
                driver.expect(MessageDialog, lambda dialog: dialog.ok.invoke())
                presenter.export_pdf() if kind == "pdf" else presenter.export_xlsx()
                for _ in range(300):
                    pump(root, 0.05)
                    if target.exists() and not driver.steps:
                        break
            assert target.exists()
    finally:
        ws.close()
        for child in root.winfo_children():
            child.destroy()
        root.configure(menu="")
        close_database()

    reader = PdfReader(io.BytesIO((tmp_path / "bao-cao.pdf").read_bytes()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Trong quý III năm 2023, UBND phường đã ban hành 12 văn bản chỉ đạo, hướng dẫn về CCHC." in text
    assert "SỐ LIỆU CHƯA HOÀN CHỈNH" not in text
    assert CODE_PATTERN.findall(text) == []
    book = openpyxl.load_workbook(tmp_path / "bao-cao.xlsx")
    pl1 = book["PL1 Số liệu"]
    row = next(r for r in pl1.iter_rows(values_only=True) if r[1] and str(r[1]).startswith("Văn bản chỉ đạo"))
    assert 12 in row
    explanations = [c for r in book["PL4 Kiểm tra số liệu"].iter_rows(values_only=True) for c in r if c]
    assert "Nhiệm vụ giao bổ sung trong tháng, chưa có trong kế hoạch." in explanations
