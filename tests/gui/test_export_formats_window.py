"""The window's exports read the format registry (issue 20, item 7), in the real window under Xvfb at 100 %
and 125 %: the Tệp menu and the top bar show pdf and xlsx as before, a format registered (with only its
writer) gets its menu entry and button, both export through it, and the save dialog offers its file type."""

from __future__ import annotations

import pytest

from cchc_desktop.app.outputs.formats import register, unregister
from cchc_desktop.app.presenters.sign_presenter import MENU_LABEL as SIGN_LABEL
from cchc_desktop.ui import view_dialogs
from cchc_desktop.ui.menus import IMPORT_LABEL
from tests.gui.conftest import opened_window, pump
from tests.gui.test_after_export import wait_for
from tests.gui.test_discard_ask import click
from tests.test_export_formats import TEXT, WRITTEN

pytestmark = pytest.mark.gui
PERIOD = "2023-Q3"


def menu_labels(menu) -> list[str]:
    end = menu.index("end")
    return [menu.entrycget(i, "label") for i in range(end + 1) if menu.type(i) == "command"]


def buttons(widget) -> dict[str, object]:
    """Every ttk button below widget, by its text."""
    found = {}
    for child in widget.winfo_children():
        if child.winfo_class() == "TButton":
            found[child.cget("text")] = child
        found.update(buttons(child))
    return found


def _exports_shown(window) -> tuple[list[str], list[str]]:
    labels = menu_labels(window.files_menu)
    texts = list(buttons(window.root))
    menu = labels[labels.index("Xuất báo cáo PDF…") : labels.index(IMPORT_LABEL) + 1]
    return menu, texts[texts.index("Xuất PDF") : texts.index("Nhập phụ lục") + 1]


def test_pdf_and_xlsx_as_before_and_the_word_copy_in_the_menu_only(root, scaling, window):
    assert _exports_shown(window) == (
        ["Xuất báo cáo PDF…", "Xuất phụ lục Excel…", "Xuất bản Word…", SIGN_LABEL, IMPORT_LABEL],
        ["Xuất PDF", "Xuất Excel", "Nhập phụ lục"],
    )


def answered_save_dialogs(monkeypatch, folder) -> list[dict]:
    """The system's save dialog, as ask_save_path opens it, answered with its proposed name in `folder`; the
    options of each call, in order."""
    asked: list[dict] = []

    def save_dialog(**options):
        asked.append(options)
        return str(folder / options["initialfile"])

    monkeypatch.setattr(view_dialogs.filedialog, "asksaveasfilename", save_dialog)
    return asked


@pytest.fixture
def third_format():
    register(TEXT)
    yield TEXT
    unregister("txt")


def test_a_registered_format_is_offered_and_exported_by_menu_and_button(
    root, scaling, third_format, demo_db, tmp_path, monkeypatch
):
    asked = answered_save_dialogs(monkeypatch, tmp_path)
    with opened_window(root, demo_db, PERIOD) as window:
        assert _exports_shown(window) == (
            ["Xuất báo cáo PDF…", "Xuất phụ lục Excel…", "Xuất bản Word…", "Xuất bản chữ…", SIGN_LABEL, IMPORT_LABEL],
            ["Xuất PDF", "Xuất Excel", "Xuất chữ", "Nhập phụ lục"],
        )
        shown = []
        window.ask_choice = lambda title, text, choices: shown.append((title, text))
        window.files_menu.invoke(window.files_menu.index("Xuất bản chữ…"))
        wait_for(root, lambda: shown)
        (options,) = asked
        assert options["title"] == "Xuất bản chữ" and options["defaultextension"] == ".txt"
        assert options["filetypes"] == [("Tệp văn bản", "*.txt")]
        written = tmp_path / options["initialfile"]
        assert written.name.startswith("Bản chữ CCHC quý III năm 2023") and written.read_text("utf-8") == WRITTEN
        assert shown[-1][0] == "Xuất bản chữ" and "Lưu ý: bản chữ chỉ để thử." in shown[-1][1]
        written.unlink()
        click(buttons(window.root)["Xuất chữ"])
        wait_for(root, lambda: len(shown) == 2)
        assert len(asked) == 2 and written.read_text("utf-8") == WRITTEN
        pump(root, 0.05)


def test_the_word_copy_is_exported_from_the_files_menu(root, scaling, demo_db, tmp_path, monkeypatch):
    from docx import Document

    asked = answered_save_dialogs(monkeypatch, tmp_path)
    with opened_window(root, demo_db, PERIOD) as window:
        shown = []
        window.ask_choice = lambda title, text, choices: shown.append((title, text))
        window.files_menu.invoke(window.files_menu.index("Xuất bản Word…"))
        wait_for(root, lambda: shown)
        (options,) = asked
        assert options["title"] == "Xuất bản Word" and options["defaultextension"] == ".docx"
        assert options["filetypes"] == [("Tài liệu Word", "*.docx")]
        written = tmp_path / options["initialfile"]
        assert written.name == "Báo cáo CCHC quý III năm 2023 - UBND thành phố Sa Đéc.docx"
        title, text = shown[-1]
        assert title == "Xuất bản Word" and str(written) in text and "còn 1 lỗi" in text
        headings = [p.text for p in Document(written).paragraphs if p.style.name == "Heading 1"]
        assert headings[0] == "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH" and len(headings) == 5
        pump(root, 0.05)
