"""What counts as typed content a dialog must not throw away, and the first start that writes nothing
until the unit is saved (issue 18, item 2) — without a display."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra import paths
from cchc_desktop.app.presenters.setup_presenter import NEW_UNIT_VALUES, NewDatabasePresenter
from cchc_desktop.app.presenters.typed_content import DISCARD_QUESTION, discard_question, unsaved
from db.connection import close_database

OPENED = {"name": "", "code": "", "recipients": "Lưu: VT", "level": "xa", "sources": []}


@pytest.mark.parametrize(
    ("now", "lost"),
    [
        (dict(OPENED), False),
        ({**OPENED, "name": "UBND phường An Hòa"}, True),
        ({**OPENED, "recipients": "Lưu: VT\nUBND tỉnh Đồng Tháp"}, True),
        ({**OPENED, "recipients": ""}, True),  # erasing what was there is a change too
        ({**OPENED, "level": "tinh"}, True),  # a choice made
        ({**OPENED, "sources": ["P2"]}, True),  # a unit ticked
        ({**OPENED, "name": "   "}, False),  # only spaces: nothing to lose
        ({**OPENED, "recipients": "  Lưu: VT\n"}, False),  # the same text, spaces around it
        ({**OPENED, "recipients": "Lưu: VT".replace("\n", "\r\n")}, False),
    ],
)
def test_a_change_is_what_counts(now, lost):
    assert unsaved(OPENED, now) is lost


def test_the_same_letters_typed_another_way_are_no_change():
    decomposed = unicodedata.normalize("NFD", "Giải trình số liệu")  # e.g. pasted from another program
    assert unsaved({"text": "Giải trình số liệu"}, {"text": decomposed}) is False


def test_ticks_in_another_order_are_no_change():
    assert unsaved({"sources": ["P1", "P2"]}, {"sources": ("P2", "P1")}) is False
    assert unsaved({"sources": ["P1", "P2"]}, {"sources": ["P1"]}) is True


def test_a_dialog_without_typed_content_never_asks():
    assert unsaved(None, None) is False
    assert unsaved({"text": "x"}, None) is False
    assert unsaved(None, {"text": ""}) is False
    assert unsaved(None, {"text": "x"}) is True  # content given, never shown: nothing to compare with


def test_the_question_in_vietnamese():
    assert DISCARD_QUESTION == "Bỏ nội dung vừa nhập?"
    assert discard_question().startswith(DISCARD_QUESTION)
    assert "Không" in discard_question() and unicodedata.is_normalized("NFC", discard_question())


class FakeSetupView:
    def __init__(self):
        self.form = None
        self.errors: list[str] = []
        self.closed = False

    def show_form(self, fields, values, first_time):
        self.form = (fields, values, first_time)

    def show_error(self, message):
        self.errors.append(message)

    def close(self):
        self.closed = True


def _values(**typed: str) -> dict[str, str]:
    return {**NEW_UNIT_VALUES, "name": "", "code": "", **typed}


def _left_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def new_folder(tmp_path) -> Path:
    return tmp_path / "du-lieu"


def test_new_database_shows_the_new_unit_form_and_writes_nothing_when_cancelled(new_folder):
    db = new_folder / "cchc.sqlite"
    view = FakeSetupView()
    presenter = NewDatabasePresenter(db, view)
    presenter.start()
    fields, values, first_time = view.form
    assert first_time and values == NEW_UNIT_VALUES
    assert [field.key for field in fields][:3] == ["name", "code", "level"]
    assert dict(next(f for f in fields if f.key == "level").choices)["xa"].lower().startswith("cấp xã")
    presenter.cancelled()
    assert not presenter.saved and presenter.workspace is None
    assert _left_in(new_folder) == [] and not paths.database_exists(db)


def test_a_refused_unit_writes_nothing_a_saved_one_creates_the_database(new_folder):
    db = new_folder / "cchc.sqlite"
    view = FakeSetupView()
    presenter = NewDatabasePresenter(db, view)
    presenter.start()
    assert presenter.save(_values(code="P-ANHOA")) is False
    assert view.errors == ["Tên đơn vị không được để trống."] and not view.closed
    assert presenter.save(_values(name="UBND phường An Hòa", code="P AN HOA")) is False
    assert len(view.errors) == 2 and "Mã đơn vị" in view.errors[1]
    assert _left_in(new_folder) == [], "a refusal creates no file and no backups folder"

    assert presenter.save(_values(name=" UBND phường An Hòa ", code="P-ANHOA", recipients="- UBND tỉnh;\n- Lưu: VT."))
    try:
        assert view.closed and presenter.saved and db.exists()
        unit = presenter.workspace.units.self_unit()
        assert (unit.name, unit.code, unit.level, unit.recipients) == (
            "UBND phường An Hòa",
            "P-ANHOA",
            "xa",
            ("UBND tỉnh", "Lưu: VT"),
        )
        presenter.cancelled()  # the dialog closes after a save: the database stays open for the window
        assert presenter.workspace is not None
    finally:
        presenter.workspace.close()
        close_database()


@pytest.mark.postgresql
def test_on_a_server_nothing_is_created_until_the_unit_is_saved(pg_url):
    target = paths.default_db_path(pg_url)
    view = FakeSetupView()
    presenter = NewDatabasePresenter(target, view)
    presenter.start()
    assert presenter.save(_values()) is False
    presenter.cancelled()
    assert not paths.database_exists(target), "the next start still welcomes"
    presenter = NewDatabasePresenter(target, view)
    assert presenter.save(_values(name="UBND tỉnh Đồng Tháp", code="DT", level="tinh"))
    presenter.workspace.close()
    close_database()
    assert paths.database_exists(target)
    ws = Workspace.open(target)
    try:
        assert ws.units.self_unit().code == "DT"
    finally:
        ws.close()
