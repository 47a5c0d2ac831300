"""Where the save dialog opens and the names it proposes; the main window's first size."""

from __future__ import annotations

import unicodedata

import platformdirs
import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra import paths
from cchc_desktop.app.outputs.exporting import default_file_name, safe_file_name
from cchc_desktop.gui_main import window_geometry

WINDOWS_ILLEGAL = set('<>:"/\\|?*')


@pytest.fixture
def demo_ws(demo_db):
    ws = Workspace.open(demo_db)
    yield ws
    ws.close()


def test_export_names_are_what_a_clerk_would_recognise(demo_ws):
    assert default_file_name(demo_ws, "2023-Q3", "pdf") == "Báo cáo CCHC quý III năm 2023 - UBND thành phố Sa Đéc.pdf"
    assert default_file_name(demo_ws, "2023-07", "xlsx") == "Phụ lục CCHC tháng 7 năm 2023 - UBND thành phố Sa Đéc.xlsx"


def test_a_unit_name_with_characters_windows_refuses_still_gives_a_valid_name(cchc, db_path):
    name = unicodedata.normalize("NFD", 'UBND phường "An Hòa"/Sa Đéc: tổ 1?*.')
    assert cchc("init", "--unit-code", "P-ANHOA", "--unit-name", name).code == 0
    ws = Workspace.open(db_path)
    try:
        name = default_file_name(ws, "2023-Q3", "pdf")
    finally:
        ws.close()
    stem = name.removesuffix(".pdf")
    assert not WINDOWS_ILLEGAL & set(name)
    assert unicodedata.is_normalized("NFC", name)
    assert stem.startswith("Báo cáo CCHC quý III năm 2023 - UBND phường An Hòa Sa Đéc tổ 1")
    assert not stem.endswith((".", " "))


def test_safe_file_name_keeps_vietnamese_and_drops_control_characters():
    assert safe_file_name("Phụ lục\tquý  II\n") == "Phụ lục quý II"
    assert safe_file_name("a\x01b") == "a b"
    assert safe_file_name(" . ") == "bao-cao"
    assert len(safe_file_name("x" * 400)) == 150


def test_save_dialog_opens_in_documents_or_home(tmp_path, monkeypatch):
    documents = tmp_path / "Tài liệu"
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    monkeypatch.setenv("HOME", str(tmp_path / "nha"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "nha"))  # the home folder on Windows
    assert paths.documents_dir() == tmp_path / "nha"
    documents.mkdir()
    assert paths.documents_dir() == documents


@pytest.mark.parametrize(
    ("screen", "geometry"),
    [((1366, 768), "1366x688+0+0"), ((1920, 1080), "1366x740+0+0"), ((1280, 720), "1280x640+0+0")],
)
def test_main_window_opens_within_the_screen_at_the_top_left(screen, geometry):
    assert window_geometry(*screen) == geometry
