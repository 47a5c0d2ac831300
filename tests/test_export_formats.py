"""Export formats as a registry (issue 20, item 7): each format is registered once (app/outputs/formats.py) and
every door reads it. A third format registered here, with only its writer, is offered by the command line
and by the window's presenter, exported through both, then gone once unregistered."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_desktop.app import UserError
from cchc_desktop.app.infra.progress import Progress
from cchc_desktop.app.outputs.exporting import default_file_name, export_file
from cchc_desktop.app.outputs.formats import ExportFormat, export_format, export_formats, register, unregister
from cchc_desktop.app.presenters import help_topics
from cchc_desktop.cli import main
from tests.test_presenters import FakeView, demo  # noqa: F401 - the presenter on the demo, with a fake view

PERIOD = "2023-Q3"
WRITTEN = "Ủy ban nhân dân thành phố Sa Đéc — quý III năm 2023\n"  # what the fake writer writes of the demo
DEFAULT_NAME = "Bản chữ CCHC quý III năm 2023 - UBND thành phố Sa Đéc.txt"


class _Sheet:
    """A fake content: the unit and the period, read when built."""

    def __init__(self, ws, period: str):
        self.ws, self.period = ws, period

    def build(self) -> str:
        return f"{self.ws.units.self_unit().name} — {self.ws.period(self.period).label()}\n"


class TextWriter:
    """The writer a new format brings (see app/outputs/formats.py): here, one line of plain text."""

    building = "Đang dựng chữ…"

    def builder(self, ws, period: str) -> _Sheet:
        return _Sheet(ws, period)

    def notes(self, content: str) -> list[str]:
        return ["bản chữ chỉ để thử."]

    def render(self, content: str):
        def write(path: Path) -> None:
            path.write_text(content, encoding="utf-8")

        return write


WRITER = TextWriter()
TEXT = ExportFormat(
    key="txt",
    extension=".txt",
    file_type="Tệp văn bản",
    what="bản chữ",
    button="Xuất chữ",
    document="Bản chữ CCHC",
    summary="bản chữ để thử",
    writer=f"{__name__}:WRITER",
)


@pytest.fixture
def third_format():
    register(TEXT)
    yield TEXT
    unregister("txt")


def test_pdf_xlsx_and_docx_are_registered_once_with_the_words_the_window_shows():
    pdf, xlsx, docx = export_formats()
    assert (pdf.key, pdf.extension, pdf.file_type, pdf.accelerator) == ("pdf", ".pdf", "Tệp PDF", "Ctrl+E")
    assert (pdf.menu_label, pdf.title, pdf.button) == ("Xuất báo cáo PDF…", "Xuất báo cáo PDF", "Xuất PDF")
    assert (xlsx.key, xlsx.extension, xlsx.file_type) == ("xlsx", ".xlsx", "Sổ tính Excel")
    assert (xlsx.menu_label, xlsx.title, xlsx.button) == ("Xuất phụ lục Excel…", "Xuất phụ lục Excel", "Xuất Excel")
    assert xlsx.accelerator == "Ctrl+Shift+E"
    assert (docx.key, docx.extension, docx.file_type, docx.accelerator) == ("docx", ".docx", "Tài liệu Word", "")
    assert (docx.menu_label, docx.title, docx.document) == ("Xuất bản Word…", "Xuất bản Word", "Báo cáo CCHC")
    assert pdf.button_shown and xlsx.button_shown and not docx.button_shown  # the bar keeps its width
    with pytest.raises(ValueError, match="registered already"):
        register(pdf)


def test_an_unknown_format_is_refused_in_vietnamese():
    with pytest.raises(UserError, match="Không có định dạng xuất “odt”; các định dạng có: pdf, xlsx, docx."):
        export_format("odt")


def _export_help(capsys) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as stop:
        main(["export", "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


def test_the_command_line_offers_what_is_registered(capsys):
    text = _export_help(capsys)
    assert "{pdf|xlsx|docx}" not in text and "pdf|xlsx|docx" in text
    words = " ".join(text.split())
    assert "pdf: báo cáo; xlsx: các phụ lục Excel; docx: bản Word của báo cáo, để sửa trước khi ký" in words


def test_a_third_format_is_offered_and_exported_by_the_command_line(third_format, cchc, demo_db, tmp_path, capsys):
    text = " ".join(_export_help(capsys).split())
    assert "pdf|xlsx|docx|txt" in text and "txt: bản chữ để thử" in text
    target = tmp_path / "ban-chu.txt"
    result = cchc("export", "txt", "--period", PERIOD, "-o", str(target), db=demo_db)
    assert result.code == 0, result.err
    assert target.read_text(encoding="utf-8") == WRITTEN
    assert result.out == f"Đã xuất {target}.\nLưu ý: bản chữ chỉ để thử.\n"


def test_a_third_format_is_offered_and_exported_by_the_presenter(third_format, demo, tmp_path):  # noqa: F811
    ws, view, presenter = demo
    assert [f.key for f in presenter.export_formats()] == ["pdf", "xlsx", "docx", "txt"]
    asked = []
    view.ask_save_path = lambda title, name, kind: asked.append((title, name, kind)) or str(tmp_path / name)
    view.run_job = lambda progress, work, done, failed: done(work())
    presenter.export("txt")
    assert asked == [("Xuất bản chữ", DEFAULT_NAME, "txt")]
    written = tmp_path / DEFAULT_NAME
    assert written.read_text(encoding="utf-8") == WRITTEN
    title, text, _ = view.messages[-1]
    assert title == "Xuất bản chữ" and str(written) in text and "Lưu ý: bản chữ chỉ để thử." in text
    assert help_topics.dialog_topic("MessageDialog", "Xuất bản chữ") == "xuat-bao-cao"


def test_a_third_format_reports_its_own_building_step(third_format, demo_db, tmp_path):
    from cchc_desktop.app import Workspace

    lines = []

    class Recorder(Progress):
        def report(self, fraction, text=None):
            super().report(fraction, text)
            lines.append(text)

    with Workspace.open(demo_db) as ws:
        assert default_file_name(ws, PERIOD, "txt") == DEFAULT_NAME
        result = export_file(ws, PERIOD, "txt", tmp_path / "a.txt", Recorder())
    assert result.path.read_text(encoding="utf-8").startswith("Ủy ban nhân dân thành phố Sa Đéc")
    assert [line for line in lines if line and line.startswith("Đang dựng")] == ["Đang dựng chữ…"]
    assert result.notes[0] == "bản chữ chỉ để thử."


def test_once_unregistered_the_format_is_offered_no_more(demo_db, tmp_path, capsys):
    register(TEXT)
    unregister("txt")
    assert [f.key for f in export_formats()] == ["pdf", "xlsx", "docx"]
    assert "txt" not in _export_help(capsys)
    with pytest.raises(SystemExit) as stop:
        main(["--db", str(demo_db), "export", "txt", "--period", PERIOD, "-o", str(tmp_path / "a.txt")])
    assert stop.value.code == 2 and not (tmp_path / "a.txt").exists()
    assert "lựa chọn không hợp lệ: 'txt' (chọn một trong: pdf, xlsx, docx)" in capsys.readouterr().err
