"""The window's import driven through a fake view (no display): check → verdict list → choices → import,
cancel between files, an unknown unit declared only after confirmation and never left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.import_presenter import ImportPresenter
from db import store
from db.connection import close_database
from forms.errors import UserError
from tests.hostile_annex import PL1_PART, rewrite
from tests.test_import import CHILDREN, CITY, _edit_visible, annexes, dump, run  # noqa: F401 - fixture


class FakeImportView:
    """Records what the presenter shows; runs jobs at once on the caller's thread."""

    def __init__(self):
        self.paths: list[str] = []
        self.folder: str | None = None
        self.rows = []
        self.selected = None
        self.summary = ""
        self.can_import = False
        self.busy: list[bool] = []
        self.messages: list[tuple[str, str, bool]] = []
        self.on_report = None  # called with each progress text, to cancel between files

    def ask_open_paths(self):
        return list(self.paths)

    def ask_folder(self):
        return self.folder

    def show_rows(self, rows, selected):
        self.rows, self.selected = rows, selected

    def show_summary(self, text, can_import):
        self.summary, self.can_import = text, can_import

    def set_busy(self, busy):
        self.busy.append(busy)

    def show_message(self, title, text, error=False):
        self.messages.append((title, text, error))

    def run_job(self, progress, work, on_done, on_failed):
        if self.on_report is not None:
            original = progress.report

            def report(fraction, text=None):
                original(fraction, text)
                self.on_report(progress, text or "")

            progress.report = report
        try:
            result = work()
        except BaseException as exc:  # noqa: BLE001 - handed over as the window does
            close_database()
            on_failed(exc)
            return
        close_database()
        on_done(result)

    def row(self, name: str):
        return next(row for row in self.rows if row.file == name)


@pytest.fixture
def city(tmp_path) -> Path:
    """A city that has declared P1 and P2 (not An Hòa) as child units."""
    db = tmp_path / "city.sqlite"
    assert run(db, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen") == 0
    for code in ("P1", "P2"):
        assert run(db, "units", "add", "--code", code, "--name", CHILDREN[code][0], "--level", "xa") == 0
    return db


@pytest.fixture
def files(annexes, tmp_path) -> dict[str, Path]:  # noqa: F811
    junk = tmp_path / "thu-moi.xlsx"
    junk.write_bytes(b"PK not really a workbook")
    edited = rewrite(
        annexes["P1-07"], tmp_path / "p1-thang-7.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "120", "125")}
    )
    return {"P2": annexes["P2"], "edited": edited, "junk": junk, "AH": annexes["AH"]}


@pytest.fixture
def opened(city):
    ws = Workspace.open(city)
    view = FakeImportView()
    yield ws, view, ImportPresenter(ws, view)
    ws.close()


def stored(ws: Workspace, code: str) -> dict[str, dict[str, str]]:
    unit = store.unit_by_code(code)
    if unit is None:
        return {}
    return {p: v for p, v in store.stored_values(unit, sorted(store.periods_with_values(unit))).items() if v}


def test_check_then_choose_then_import(opened, city, files):
    ws, view, presenter = opened
    presenter.start()
    assert view.rows == [] and "Chưa chọn tệp" in view.summary and not view.can_import
    before = dump(city)
    view.paths = [str(files[key]) for key in ("P2", "edited", "junk", "AH")]
    presenter.add_files()
    assert dump(city) == before and view.busy == [True, False]
    p2, edited, junk, ah = (view.row(files[key].name) for key in ("P2", "edited", "junk", "AH"))
    assert (p2.verdict, p2.tone, p2.unit, p2.period) == (
        "Sẵn sàng nhập",
        "ready",
        "UBND Phường 2 (P2)",
        "Quý III năm 2023",
    )
    assert (edited.verdict, edited.tone, edited.ask_visible) == ("Cần chọn: số đã bị sửa trong Excel", "choice", True)
    assert edited.period == "Tháng 7 năm 2023"
    assert [row[1:] for row in edited.changed] == [("120", "125")] and "hồ sơ" in edited.changed[0][0].lower()
    assert (junk.verdict, junk.tone) == ("Từ chối", "refused") and junk.reason and not junk.ask_replace
    assert (ah.verdict, ah.tone, ah.ask_declare) == ("Cần chọn: đơn vị chưa khai báo", "choice", True)
    assert ah.reason.startswith("Đơn vị UBND phường An Hòa (mã AH, cấp xã)")  # no file name, capitalised
    assert all("dòng lệnh" not in row.reason for row in view.rows)  # the window has its own choices
    assert view.summary == "4 tệp: 1 sẵn sàng nhập, 2 cần chọn, 1 bị từ chối." and view.can_import

    presenter.import_files()  # nothing chosen yet: only P2 goes in
    assert view.row(files["P2"].name).verdict == "Đã nhập" and stored(ws, "P2") == CHILDREN["P2"][2]
    assert view.row(files["AH"].name).tone == "choice" and store.unit_by_code("AH") is None
    assert view.row(files["edited"].name).tone == "choice" and stored(ws, "P1") == {}
    assert presenter.changed

    presenter.choose(str(files["edited"]), visible="visible")
    assert view.row(files["edited"].name).verdict == "Sẵn sàng nhập (đã chọn)"
    presenter.choose(str(files["AH"]), declare=True)
    presenter.import_files()
    assert view.row(files["edited"].name).verdict == "Đã nhập"
    assert "(1 ô): nhận số đang hiển thị" in view.row(files["edited"].name).reason
    assert stored(ws, "P1")["2023-07"]["tthc.hs.tiep_nhan"] == "125"
    ah = view.row(files["AH"].name)
    assert (ah.verdict, ah.tone) == ("Đã nhập, thêm đơn vị", "done")
    assert [(u.code, u.level, u.frequency) for u in ws.units.children()][0] == ("AH", "xa", "quarter")
    assert stored(ws, "AH") == CHILDREN["AH"][2]
    assert view.row(files["junk"].name).tone == "refused" and not view.can_import
    assert view.summary == "4 tệp: 3 đã nhập, 1 bị từ chối."


def test_replacing_an_earlier_import_needs_confirmation(opened, files):
    ws, view, presenter = opened
    view.paths = [str(files["P2"])]
    presenter.add_files()
    presenter.import_files()
    again = ImportPresenter(ws, view)
    again.add_files()
    row = view.row(files["P2"].name)
    assert (row.verdict, row.ask_replace) == ("Cần chọn: đã có số liệu", True)
    again.import_files()
    assert view.row(files["P2"].name).tone == "choice" and not again.changed
    again.choose(str(files["P2"]), replace=True)
    again.import_files()
    assert view.row(files["P2"].name).verdict == "Đã nhập, thay số cũ" and again.changed


def test_cancel_between_files_keeps_what_was_imported(opened, city, files):
    ws, view, presenter = opened
    view.paths = [str(files["P2"]), str(files["AH"])]
    presenter.add_files()
    presenter.choose(str(files["AH"]), declare=True)

    def cancel_after_first(progress, text):
        if text.startswith("Đang nhập tệp 1/2"):
            progress.cancel()

    view.on_report = cancel_after_first
    presenter.import_files()
    assert view.row(files["P2"].name).verdict == "Đã nhập" and stored(ws, "P2") == CHILDREN["P2"][2]
    assert view.row(files["AH"].name).verdict == "Sẵn sàng nhập (đã chọn)" and store.unit_by_code("AH") is None
    assert view.can_import  # the rest can be imported later
    assert "Đã dừng giữa chừng: đã nhập 1 tệp; 1/2 tệp còn lại" in view.messages[-1][1]
    assert presenter.changed and view.busy[-1] is False


def test_cancel_while_checking_stores_nothing(opened, city, files):
    _, view, presenter = opened
    view.paths = [str(files["P2"]), str(files["AH"])]
    view.on_report = lambda progress, text: progress.cancel() if text.startswith("Đang kiểm tra tệp 1/2") else None
    before = dump(city)
    presenter.add_files()
    assert view.row(files["P2"].name).verdict == "Sẵn sàng nhập"
    assert view.row(files["AH"].name).verdict == "Chưa kiểm tra"
    view.on_report = None
    presenter.add_files()  # the same files chosen again: checked again
    assert view.row(files["AH"].name).verdict == "Cần chọn: đơn vị chưa khai báo"
    assert "đã kiểm tra 1 tệp" in view.messages[-1][1] and not presenter.changed
    assert dump(city) == before


def test_a_unit_confirmed_but_whose_file_fails_is_not_left_behind(opened, city, files, monkeypatch):
    ws, view, presenter = opened
    view.paths = [str(files["AH"])]
    presenter.add_files()
    presenter.choose(str(files["AH"]), declare=True)
    before = dump(city)

    def full_disk(*_args, **_kwargs):
        raise UserError("Ổ đĩa đầy, không ghi được.")

    monkeypatch.setattr(store, "import_unit_periods", full_disk)
    presenter.import_files()
    row = view.row(files["AH"].name)
    assert (row.verdict, row.tone) == ("Từ chối", "refused") and "Ổ đĩa đầy" in row.reason
    assert dump(city) == before and not presenter.changed


def test_a_folder_brings_its_xlsx_files(opened, files, tmp_path):
    _, view, presenter = opened
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    for key in ("P2", "AH"):
        (folder / files[key].name).write_bytes(files[key].read_bytes())
    (folder / "~$P2-2023-Q3.xlsx").write_bytes(b"Excel's lock file")
    (folder / "ghi-chu.txt").write_text("không phải phụ lục", encoding="utf-8")
    view.folder = str(folder)
    presenter.add_folder()
    assert sorted(row.file for row in view.rows) == sorted(files[key].name for key in ("P2", "AH"))
    empty = tmp_path / "trong"
    empty.mkdir()
    view.folder = str(empty)
    presenter.add_folder()
    assert "không có tệp Excel" in view.messages[-1][1] and len(view.rows) == 2


def test_an_edited_sum_can_only_keep_the_exported_numbers(opened, city, annexes, tmp_path):  # noqa: F811
    ws, view, presenter = opened
    summed = rewrite(annexes["P1"], tmp_path / "p1-quy.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "345", "346")})
    view.paths = [str(summed)]
    presenter.add_files()
    row = view.row(summed.name)
    assert (row.tone, row.ask_visible, row.can_take) == ("choice", True, False)
    assert "chỉ có thể giữ số đã xuất" in row.reason and not view.can_import
    presenter.choose(str(summed), visible="visible")  # not offered by the window; still not an answer
    assert view.row(summed.name).tone == "choice" and not view.can_import
    presenter.choose(str(summed), visible="exported")
    assert view.row(summed.name).tone == "ready" and view.can_import
    presenter.import_files()
    assert view.row(summed.name).verdict == "Đã nhập" and stored(ws, "P1") == CHILDREN["P1"][2]


def test_agree_all_adds_the_units_and_replaces_earlier_figures(opened, city, annexes):  # noqa: F811
    ws, view, presenter = opened
    view.paths = [str(annexes["P2"])]
    presenter.add_files()
    presenter.import_files()
    again = ImportPresenter(ws, view)
    view.paths = [str(annexes["AH"]), str(annexes["P2"])]
    again.add_files()
    assert [row.tone for row in view.rows] == ["choice", "choice"] and not view.can_import  # nothing to import yet
    assert again.open_questions() == 2
    before = dump(city)
    again.import_files()  # Nhập with every question open: nothing happens, the person is told why
    assert dump(city) == before and "chọn cách xử lý" in view.messages[-1][1]
    again.agree_all()
    assert again.open_questions() == 0 and [row.tone for row in view.rows] == ["ready", "ready"]
    again.import_files()
    assert [row.verdict for row in view.rows] == ["Đã nhập, thêm đơn vị", "Đã nhập, thay số cũ"]
    assert stored(ws, "AH") == CHILDREN["AH"][2] and stored(ws, "P2") == CHILDREN["P2"][2]
