"""Which data file the window and `cchc` open: the sample in a folder of its own, a unit declared from the
window in a NEW file that is remembered (the next start opens it), the sample never touched."""

from __future__ import annotations

import hashlib

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra import paths
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from cchc_desktop.app.presenters.setup_presenter import SetupPresenter
from cchc_desktop.app.usecases import data_files
from cchc_desktop.app.workspace import databases
from cchc_desktop.cli import main as cchc_main
from db.connection import close_database
from tests.test_presenters import FakeView


@pytest.fixture
def data_folder(monkeypatch, tmp_path):
    """A user's data folder with no CCHC_DB: the default is decided by the folder alone."""
    monkeypatch.delenv("CCHC_DB", raising=False)
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "CCHC Desktop")
    return tmp_path / "CCHC Desktop"


class UnitFormView:
    """The unit dialog as SetupPresenter sees it."""

    def __init__(self):
        self.values, self.errors, self.first_time, self.closed = {}, [], None, False

    def show_form(self, fields, values, first_time):
        self.values, self.first_time = dict(values), first_time

    def show_error(self, message):
        self.errors.append(message)

    def close(self):
        self.closed = True


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def declare(target, name="Ủy ban nhân dân phường An Hòa", code="P-ANHOA") -> str:
    """The unit dialog's flow on a new file, as Tệp → Khai báo đơn vị mới… runs it."""
    ws = databases.start_new_unit(target)
    view = UnitFormView()
    setup = SetupPresenter(ws, view)
    setup.start()
    assert view.first_time and view.values["level"] == "xa"
    assert setup.save({**view.values, "name": name, "code": code, "place": "An Hòa"})
    text = databases.unit_declared(ws, target)
    ws.close()
    return text


def test_the_sample_lives_apart_and_the_unit_declared_becomes_the_default(data_folder):
    sample = databases.ensure_sample()
    close_database()
    assert sample == data_folder / "du-lieu-mau" / "du-lieu-mau.sqlite"
    before = digest(sample)
    assert paths.default_db_path() == data_folder / "cchc.sqlite"  # nothing declared: the usual place
    target = paths.new_unit_db_path()
    assert target == data_folder / "cchc.sqlite"
    text = declare(target)
    assert text.startswith("Đã khai báo Ủy ban nhân dân phường An Hòa. Dữ liệu của đơn vị lưu tại ")
    assert "Tệp → Mở dữ liệu mẫu" in text
    assert digest(sample) == before  # the sample untouched
    assert paths.default_db_path() == target  # the next start, and `cchc` without --db, open it
    with Workspace.open(paths.default_db_path()) as ws:
        assert ws.units.self_unit().code == "P-ANHOA"
    with Workspace.open(sample) as ws:  # each keeps its backups apart: the daily one of each is made
        assert ws.maintenance.backups_folder() == data_folder / "du-lieu-mau" / "backups"


def test_a_further_unit_never_replaces_an_existing_database(data_folder, capsys):
    existing = data_folder / "cchc.sqlite"
    assert cchc_main(["--db", str(existing), "demo"]) == 0  # an older start.sh put the demo here
    close_database()
    before = digest(existing)
    target = paths.new_unit_db_path()
    assert target == data_folder / "don-vi-2" / "cchc.sqlite"
    declare(target, "UBND xã Tân Phú Đông", "TPD")
    assert digest(existing) == before
    assert paths.default_db_path() == target
    assert paths.new_unit_db_path() == data_folder / "don-vi-3" / "cchc.sqlite"
    capsys.readouterr()
    assert cchc_main(["units", "list"]) == 0  # `cchc` without --db: the remembered unit
    assert "TPD\tUBND xã Tân Phú Đông" in capsys.readouterr().out


def test_a_cancelled_declaration_leaves_nothing_behind(data_folder):
    (data_folder / "cchc.sqlite").parent.mkdir(parents=True)
    (data_folder / "cchc.sqlite").write_bytes(b"")  # taken (even empty): never used for a new unit
    target = paths.new_unit_db_path()
    ws = databases.start_new_unit(target)
    assert target.exists()
    databases.abandon_new_unit(ws, target)
    assert not target.exists() and not target.parent.exists()
    assert paths.chosen_db_path() is None and paths.default_db_path() == data_folder / "cchc.sqlite"


def test_a_database_holding_a_unit_is_never_removed(data_folder):
    target = paths.new_unit_db_path()
    ws = databases.start_new_unit(target)
    ws.units.init_unit(code="X", name="UBND xã X")
    databases.abandon_new_unit(ws, target)
    assert target.exists()
    with pytest.raises(databases.UserError, match="không ghi đè"):
        databases.start_new_unit(target)


def test_the_first_start_demo_goes_to_the_sample_file_for_the_default_database(data_folder, tmp_path):
    assert databases.first_start_demo(paths.default_db_path()) == paths.sample_db_path()
    assert not (data_folder / "cchc.sqlite").exists()
    named = tmp_path / "chon" / "x.sqlite"
    assert databases.first_start_demo(named) == named and named.exists()  # --db: that file, as before


def test_a_remembered_database_whose_folder_is_gone_is_forgotten(data_folder):
    target = data_folder / "don-vi-2" / "cchc.sqlite"
    target.parent.mkdir(parents=True)
    paths.remember_db(target)
    assert paths.default_db_path() == target
    target.parent.rmdir()  # a folder on a USB stick taken away
    assert paths.default_db_path() == data_folder / "cchc.sqlite"


def test_explicit_db_and_cchc_db_still_win(data_folder, tmp_path, monkeypatch):
    target = paths.new_unit_db_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    paths.remember_db(target)
    assert paths.default_db_path(tmp_path / "khac.sqlite") == tmp_path / "khac.sqlite"
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "moi-truong.sqlite"))
    assert paths.default_db_path() == tmp_path / "moi-truong.sqlite"


def test_the_presenter_sends_the_window_to_the_right_data(data_folder):
    sample = databases.ensure_sample()
    view = FakeView()

    def opened() -> list[tuple]:
        return [(call["target"], call["how"]) for call in view.called("open_database")]

    with Workspace.open(sample) as ws:
        presenter = MainPresenter(ws, view)
        presenter.start("2023-Q3")
        assert presenter.data_files.data_file_actions() == data_files.DataFileActions(sample=False, own=False)
        presenter.data_files.new_unit()
        presenter.data_files.open_sample()  # already on it: said, not reopened
        presenter.data_files.open_own()  # none yet: said how to make one
        assert opened() == [(data_folder / "cchc.sqlite", "new")]
        assert view.messages[-2][1] == "Cửa sổ đang mở dữ liệu mẫu."
        assert "Khai báo đơn vị mới…" in view.messages[-1][1]
    declare(data_folder / "cchc.sqlite")
    with Workspace.open(sample) as ws:
        presenter = MainPresenter(ws, view)
        presenter.start("2023-Q3")
        assert presenter.data_files.data_file_actions() == data_files.DataFileActions(sample=False, own=True)
        presenter.data_files.open_own()
        assert opened()[-1] == (data_folder / "cchc.sqlite", "open")
    with Workspace.open(data_folder / "cchc.sqlite") as ws:
        presenter = MainPresenter(ws, view)
        presenter.start()
        assert presenter.data_files.data_file_actions() == data_files.DataFileActions(sample=True, own=False)
        presenter.data_files.open_sample()
        assert opened()[-1] == (sample, "sample")
