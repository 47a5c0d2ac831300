"""The printed guide: every heading as text, every picture embedded, bookmarks, written completely or not at all."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cchc_desktop.app.content.guide import load_guide
from cchc_desktop.app.infra.progress import Cancelled, Progress
from cchc_desktop.app.outputs.guide_print import CANCELLED, write_guide
from cchc_desktop.cli import main as cchc


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    return write_guide(tmp_path_factory.mktemp("guide") / "Hướng dẫn sử dụng CCHC Desktop.pdf")


def _text(path: Path) -> str:
    """The PDF's text as pdftotext reads it (pypdf where poppler is not installed)."""
    if shutil.which("pdftotext"):
        command = ["pdftotext", "-layout", str(path), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_holds_every_heading_as_text(printed):
    guide = load_guide()
    text = _flat(_text(printed))
    assert guide.title in text
    for topic in guide.topics:
        assert _flat(topic.title) in text, topic.title
    assert "Mục lục" in text and "Trang 2" in text
    assert "Tệp → Xuất báo cáo PDF…" in text  # a menu path prints with its arrow and ellipsis


def test_the_pdf_embeds_every_picture(printed):
    guide = load_guide()
    pictures = [block for block in guide.blocks if block.kind == "image"]
    reader = PdfReader(printed)
    embedded = [image for page in reader.pages for image in page.images]
    assert len(embedded) == len(pictures) >= 15
    if shutil.which("pdfimages"):
        listing = subprocess.run(["pdfimages", "-list", str(printed)], capture_output=True, text=True, check=True)
        assert len(listing.stdout.strip().splitlines()) - 2 == len(pictures)


def test_the_pdf_has_a_bookmark_per_topic_and_numbered_pages(printed):
    reader = PdfReader(printed)
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    assert titles == [topic.title for topic in load_guide().topics]
    assert reader.metadata.title == "Hướng dẫn sử dụng CCHC Desktop"
    assert 10 <= len(reader.pages) <= 40


def test_a_cancelled_print_writes_nothing(tmp_path):
    target = tmp_path / "huong-dan.pdf"
    target.write_bytes(b"old")
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled) as caught:
        write_guide(target, progress)
    assert str(caught.value) == CANCELLED
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["huong-dan.pdf"]


def test_cchc_guide_pdf(tmp_path, capsys):
    target = tmp_path / "huong dẫn.pdf"
    assert cchc(["guide", "pdf", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"Đã ghi hướng dẫn sử dụng vào {target}."
    assert target.read_bytes().startswith(b"%PDF")
    assert cchc(["guide", "pdf", "-o", str(tmp_path / "khong-co" / "x.pdf")]) == 2
    assert "không tồn tại; hãy chọn nơi lưu khác" in capsys.readouterr().err


class FakeView:
    """The main view's part the print presenter uses; the job runs at once on this thread."""

    def __init__(self, path):
        self.path, self.said, self.saved, self.asked = path, [], [], []
        self.later = None

    def ask_save_path(self, title, file_name, kind):
        self.asked.append((title, file_name, kind))
        return self.path

    def run_job(self, progress, work, on_done, on_failed):
        self.later = (progress, work, on_done, on_failed)

    def finish(self):
        progress, work, on_done, on_failed = self.later
        try:
            result = work()
        except BaseException as error:  # noqa: BLE001 - handed to the presenter as the window does
            on_failed(error)
        else:
            on_done(result)

    def show_message(self, title, text, error=False):
        self.said.append((title, text, error))

    def show_saved(self, text):
        self.saved.append(text)


def test_the_print_presenter_asks_where_then_writes_off_the_window_thread(tmp_path):
    from datetime import datetime

    from cchc_desktop.app.outputs.guide_print import BUSY, FILE_NAME, TITLE, GuidePrintPresenter
    from forms.numbers import format_datetime

    target = tmp_path / "hd.pdf"
    view = FakeView(str(target))
    presenter = GuidePrintPresenter(view, lambda: datetime(2026, 12, 6, 9, 5, 7))
    presenter.print_guide()
    assert view.asked == [(TITLE, FILE_NAME, "pdf")] and not target.exists()
    presenter.print_guide()  # asked again while the first is being written: said, nothing else started
    assert view.said == [(TITLE, BUSY, False)] and len(view.asked) == 1
    view.finish()
    assert target.read_bytes().startswith(b"%PDF")
    assert view.said[-1] == (TITLE, f"Đã ghi hướng dẫn sử dụng để in:\n{target}", False)
    assert view.saved == [f"Đã ghi {target} lúc {format_datetime(datetime(2026, 12, 6, 9, 5, 7), seconds=True)}"]
    # cancelled: a plain message, no file; a folder that does not exist: a red one
    presenter.print_guide()
    view.later[0].cancel()
    target.unlink()
    view.finish()
    assert view.said[-1] == (TITLE, CANCELLED, False) and not target.exists()
    view.path = str(tmp_path / "khong-co" / "hd.pdf")
    presenter.print_guide()
    view.finish()
    assert view.said[-1][2] is True and "không tồn tại" in view.said[-1][1]
    # the clerk closes the save dialog: nothing happens
    view.path, last = None, view.later
    presenter.print_guide()
    assert view.later is last and len(view.said) == 4 and not presenter.running
