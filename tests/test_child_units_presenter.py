"""The presenters of Đơn vị → Đơn vị trực thuộc, without a display: a refusal stays in the form."""

from __future__ import annotations

import sqlite3

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.child_units_presenter import ChildUnitPresenter, ChildUnitsPresenter, MergePresenter


class FormView:
    def __init__(self, answers: dict[str, str] | None = None):
        self.answers = answers or {}
        self.fields, self.values, self.new = (), {}, None
        self.errors: list[str] = []
        self.closed = False

    def show_form(self, fields, values, first_time):
        self.fields, self.values, self.new = fields, values, first_time

    def show_error(self, message):
        self.errors.append(message)

    def close(self):
        self.closed = True


class ListView:
    def __init__(self, ws, answers):
        self.ws, self.answers = ws, list(answers)
        self.shown = []

    def show_children(self, rows, selected):
        self.shown.append((rows, selected))

    def open_child_form(self, code):
        form = FormView()
        presenter = ChildUnitPresenter(self.ws, form, code)
        presenter.start()
        presenter.save({**form.values, **self.answers.pop(0)})
        return presenter.saved


def test_form_refuses_in_place_and_saves(tmp_path):
    ws = Workspace.open(tmp_path / "c.sqlite", create=True)
    try:
        ws.units.init_unit(code="SADEC", name="UBND thành phố Sa Đéc", level="huyen")
        form = FormView()
        presenter = ChildUnitPresenter(ws, form)
        presenter.start()
        assert form.new is True and [field.key for field in form.fields] == [
            "name",
            "code",
            "level",
            "frequency",
            "short_name",
            "valid_from",
            "deadline_day",
        ]
        assert dict(next(f for f in form.fields if f.key == "level").choices)["xa"] == "Cấp xã"
        assert presenter.save({**form.values, "name": "UBND Phường 1", "code": "SADEC"}) is False
        assert "chính đơn vị báo cáo" in form.errors[-1] and not form.closed
        assert ws.units.children() == []
        assert presenter.save({**form.values, "name": "UBND Phường 1", "code": "P1", "valid_from": ""}) is True
        assert form.closed and ws.units.unit("P1").name == "UBND Phường 1"

        edit = FormView()
        editing = ChildUnitPresenter(ws, edit, "P1")
        editing.start()
        assert edit.new is False and edit.values["code"] == "P1" and edit.values["frequency"] == "month"
        assert editing.save({**edit.values, "deadline_day": "35"}) is False and "Hạn gửi báo cáo" in edit.errors[-1]
        assert editing.save({**edit.values, "code": "P9", "name": "UBND phường 1", "deadline_day": "15"}) is True
        assert [unit.code for unit in ws.units.children()] == ["P1"]
        assert (ws.units.unit("P1").name, ws.units.unit("P1").deadline_day) == ("UBND phường 1", "15")
    finally:
        ws.close()


def test_list_shows_what_was_added_and_selects_it(tmp_path):
    ws = Workspace.open(tmp_path / "c.sqlite", create=True)
    try:
        ws.units.init_unit(code="SADEC", name="UBND thành phố Sa Đéc", level="huyen")
        view = ListView(ws, [{"name": "UBND xã Tân Quy Tây", "code": "TQT", "frequency": "quarter"}])
        presenter = ChildUnitsPresenter(ws, view)
        presenter.start()
        assert view.shown == [([], None)] and not presenter.changed
        presenter.add()
        rows, selected = view.shown[-1]
        assert selected == "TQT" and presenter.changed
        assert [(r.code, r.name, r.level, r.frequency) for r in rows] == [
            ("TQT", "UBND xã Tân Quy Tây", "Cấp xã", "Quý")
        ]
    finally:
        ws.close()


class MergeFormView:
    """The merger form: records what it is shown; `answers` are what the clerk picks, in turn."""

    def __init__(self):
        self.units, self.values = [], {}
        self.errors: list[str] = []
        self.closed = False

    def show_merge_form(self, units, values):
        self.units, self.values = units, values

    def show_error(self, message):
        self.errors.append(message)

    def close(self):
        self.closed = True


class MergingListView(ListView):
    def __init__(self, ws, picks):
        super().__init__(ws, [])
        self.picks = list(picks)
        self.forms: list[MergeFormView] = []

    def open_merge_form(self):
        form = MergeFormView()
        self.forms.append(form)
        presenter = MergePresenter(self.ws, form)
        presenter.start()
        for pick in self.picks.pop(0):
            if presenter.save(*pick):
                break
        return presenter.saved


def _dump(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_merge_form_refuses_in_place_then_records_and_the_list_shows_validity(tmp_path):
    path = tmp_path / "c.sqlite"
    ws = Workspace.open(path, create=True)
    try:
        ws.units.init_unit(code="DT", name="UBND tỉnh Đồng Tháp", level="tinh")
        for code, name in (("P1", "UBND Phường 1"), ("P2", "UBND Phường 2"), ("SADEC", "UBND phường Sa Đéc")):
            ws.units.add_child(code=code, name=name)
        ws.entry.set_values("2025-07", {"tthc.hs.tiep_nhan": "4"}, unit_code="P2")
        refusals = [
            ("", ["P1"], "2025-07-01"),  # no new unit chosen
            ("SADEC", [], "2025-07-01"),  # no old unit checked
            ("SADEC", ["P1"], "1/7/25"),  # not a date
            ("SADEC", ["P1", "P2"], "2025-07-01"),  # P2 holds figures of July 2025
        ]
        before = _dump(path)
        view = MergingListView(ws, [refusals, [("SADEC", ["P1", "P2"], "2025-08-01")]])
        presenter = ChildUnitsPresenter(ws, view)
        presenter.start()
        presenter.merge()
        form = view.forms[0]
        assert [choice.code for choice in form.units] == ["P1", "P2", "SADEC"]
        assert form.units[0].label == "UBND Phường 1 (P1)"
        assert len(form.errors) == 4 and not form.closed and not presenter.changed
        assert "đơn vị mới" in form.errors[0] and "đánh dấu" in form.errors[1]
        assert "“1/7/25”" in form.errors[2] and "tháng 7 năm 2025" in form.errors[3]
        assert _dump(path) == before  # every refusal left the database as it was
        assert len(view.shown) == 1  # the list was not redrawn
        presenter.merge()
        assert view.forms[1].closed and presenter.changed
        rows, selected = view.shown[-1]
        assert selected == "SADEC"
        assert {row.code: row.validity for row in rows} == {
            "P1": "Sáp nhập vào SADEC từ 01/08/2025",
            "P2": "Sáp nhập vào SADEC từ 01/08/2025",
            "SADEC": "Từ 01/08/2025, thay cho 2 đơn vị",
        }
        assert [unit.code for unit in ws.units.children_valid_in("2025-07")] == ["P1", "P2"]
        assert [unit.code for unit in ws.units.children_valid_in("2025-08")] == ["SADEC"]
        # merged units are no longer offered
        offered = MergeFormView()
        MergePresenter(ws, offered).start()
        assert [choice.code for choice in offered.units] == ["SADEC"]
    finally:
        ws.close()
