"""The workspace uses the template in force for each period; values keep the version they were stored with."""

from __future__ import annotations

import pytest

from cchc_desktop.app import UserError, Workspace
from cchc_desktop.app.content.annex_content import build_annex
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from cchc_desktop.app.usecases.templates import install_pack
from db.models import Value
from tests.test_presenters import CLOCK, FakeView
from tests.test_templates import _pack_folder, _zip

OLD, NEW, ADDED, RETIRED = "cd.van_ban_chi_dao", "cd.vb.ban_hanh", "cd.sk.nhan_rong", "cd.sk.tap_the"


@pytest.fixture
def ward(cchc, db_path, tmp_path):
    pack = _zip(_pack_folder(tmp_path / "pack"), tmp_path / "mau-2024.1.zip")
    assert cchc("template", "install", str(pack)).code == 0  # into the user data folder, as a province would
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa").code == 0
    ws = Workspace.open(db_path)
    yield ws
    ws.close()


def test_each_period_takes_the_codes_of_its_template(ward):
    ward.entry.set_values("2023-07", {OLD: 3, RETIRED: 1})
    ward.entry.set_values("2024-07", {NEW: 5, ADDED: 2})
    with pytest.raises(UserError, match=NEW):
        ward.entry.set_values("2023-08", {NEW: 1})
    with pytest.raises(UserError, match=OLD):
        ward.entry.set_values("2024-08", {OLD: 1})
    versions = {row.period: row.template_version for row in Value.select()}
    assert versions == {"2023-07": "2023.1", "2024-07": "2024.1"}
    assert ward.entry.get_values("2023-Q3", computed=False)[OLD] == 3
    assert ward.entry.get_values("2024-Q3", computed=False)[NEW] == 5


def test_an_older_period_read_in_the_newer_template_follows_the_mapping(ward):
    ward.entry.set_values("2023-07", {OLD: 3, RETIRED: 1})
    t2024 = ward.template_for("2024-Q3")
    assert t2024.version == "2024.1"
    seen = ward.entry.get_values("2023-Q3", computed=False, template=t2024)
    assert seen[NEW] == 3 and OLD not in seen and RETIRED not in seen


def test_pl1_last_year_of_a_2024_report_shows_the_2023_figure_under_its_new_name(ward):
    for month in (7, 8, 9):
        ward.entry.set_values(f"2023-{month:02d}", {OLD: month})
        ward.entry.set_values(f"2024-{month:02d}", {NEW: 10 + month})
    book = build_annex(ward, "2024-Q3")
    assert book.template_version == "2024.1"
    rows = {row.code: row for row in book.pl1 if row.code}
    assert rows[NEW].last_year == 7 + 8 + 9
    assert OLD not in rows and RETIRED not in rows
    assert build_annex(ward, "2023-Q3").template_version == "2023.1"


def test_checks_of_2024_compare_with_2023_history_through_the_mapping(ward):
    for month in (9, 10, 11, 12):
        ward.entry.set_values(f"2023-{month:02d}", {OLD: 20})
    ward.entry.set_values("2024-01", {NEW: 200})
    outliers = [v for v in ward.checks.check("2024-01") if v.rule == "outlier"]
    assert [v.codes for v in outliers] == [(NEW,)]  # the mean of 2023's figures, stored under the old code
    ward.entry.set_values("2024-01", {NEW: 21})
    assert not [v for v in ward.checks.check("2024-01") if v.rule == "outlier"]


def test_the_window_shows_the_form_of_the_periods_template(ward):
    view = FakeView()
    presenter = MainPresenter(ward, view, clock=CLOCK)
    presenter.start("2023-07")

    def codes() -> set[str]:
        return {field.code for spec in presenter.specs for block in spec.blocks for field in block.fields}

    assert OLD in codes() and NEW not in codes()
    presenter.choose_period("2024-07")
    assert NEW in codes() and ADDED in codes() and OLD not in codes() and RETIRED not in codes()
    assert presenter.commit_field(NEW, "4")
    assert ward.entry.stored_texts("2024-07")[NEW] == "4"
    presenter.choose_period("2023-07")
    assert OLD in codes() and NEW not in codes()


def test_a_pc_without_the_version_the_shared_data_uses_refuses_those_periods(ward, db_path, monkeypatch, tmp_path):
    ward.entry.set_values("2023-07", {OLD: 3})
    ward.entry.set_values("2024-07", {NEW: 51})
    ward.close()
    monkeypatch.setenv(
        "CCHC_DATA_DIR", str(tmp_path / "may-khac" / "CCHC Desktop")
    )  # another PC: the pack not installed
    other = Workspace.open(db_path)
    try:
        for attempt in (
            lambda: other.entry.set_values("2024-08", {OLD: 60}),
            lambda: other.entry.get_values("2024-Q3"),
            lambda: other.checks.check("2024-07"),
        ):
            with pytest.raises(UserError, match="phiên bản 2024.1 .*chưa cài"):
                attempt()
        assert other.entry.get_values("2023-Q3", computed=False)[OLD] == 3  # earlier periods stay usable
        view = FakeView()
        presenter = MainPresenter(other, view, clock=CLOCK)
        presenter.start("2024-07")
        assert str(presenter.period) == "2024-06"  # the last period it can show
        assert "2024.1" in view.messages[-1][1]
        presenter.choose_period("2024-08")
        assert str(presenter.period) == "2024-06" and view.period_choice == (2024, "month", 6)
        assert OLD in {f.code for spec in presenter.specs for block in spec.blocks for f in block.fields}
    finally:
        other.close()
    assert [row.value for row in Value.select().where(Value.period.startswith("2024"))] == ["51"]


def test_a_pack_installed_from_the_open_window_is_used_at_once(db_path, cchc, tmp_path):
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa").code == 0
    ws = Workspace.open(db_path)
    try:
        view = FakeView()
        presenter = MainPresenter(ws, view, clock=CLOCK)
        presenter.start("2024-07")
        codes = {f.code for spec in presenter.specs for block in spec.blocks for f in block.fields}
        assert OLD in codes and NEW not in codes  # only the shipped 2023.1 so far
        install_pack(_zip(_pack_folder(tmp_path / "pack"), tmp_path / "mau.zip"), lambda version: False)
        presenter.templates_installed()
        codes = {f.code for spec in presenter.specs for block in spec.blocks for f in block.fields}
        assert NEW in codes and OLD not in codes
        assert presenter.commit_field(NEW, "4")
        assert {row.template_version for row in Value.select()} == {"2024.1"}
    finally:
        ws.close()
