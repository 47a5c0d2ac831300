"""The presenters of Đơn vị → Đơn vị trực thuộc, without a display: a refusal stays in the form."""

from __future__ import annotations

from cchc_desktop.app import Workspace
from cchc_desktop.app.child_units_presenter import ChildUnitPresenter, ChildUnitsPresenter


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
        assert editing.save({**edit.values, "code": "P9", "name": "UBND phường 1"}) is True  # the code field is fixed
        assert [unit.code for unit in ws.units.children()] == ["P1"]
        assert ws.units.unit("P1").name == "UBND phường 1"
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
