"""The real window under Xvfb, driven with events: typing, Tab, live checks, jumping, submitting."""

from __future__ import annotations

import pytest

from tests.gui.conftest import pump

pytestmark = pytest.mark.gui


def type_into(window, entry, text: str) -> None:
    entry.focus_force()
    pump(window.root, 0.05)
    entry.delete(0, "end")
    entry.insert(0, text)


def press(window, widget, key: str) -> None:
    widget.event_generate(key)
    pump(window.root)


def open_section(window, key: str):
    window.nav.selection_set(key)
    pump(window.root)
    assert window.presenter.section_key == key
    return window.forms[key]


def rules_listed(window) -> set[str]:
    return {item.rule for item in window.check_panel.items}


def test_window_shows_demo_and_checks(window):
    assert "Sa Đéc" in window.unit_label.cget("text")
    assert "Quý III năm 2023" in window.period_status.cget("text")
    assert rules_listed(window) == {"tthc.hs.3", "tthc.hs.bal"}
    assert len(window.check_panel.tree.get_children()) == 2
    assert window.nav.item("tthc", "values")[0] == "1/1"


def test_typing_and_tab_fix_the_slip_live(window):
    form = open_section(window, "tthc")
    entry = form.entries["tthc.hs.truc_tuyen"]
    assert str(entry.cget("style")) == "MarkError.TEntry"
    type_into(window, entry, "929")
    press(window, entry, "<Tab>")
    assert window.root.focus_get() is form.entries["tthc.hs.truc_tiep"]
    assert "tthc.hs.3" not in rules_listed(window)
    assert str(entry.cget("style")) == "TEntry"
    assert window.presenter.ws.get_values("2023-Q3")["tthc.hs.truc_tuyen"] == 929
    assert window.status.cget("text").startswith("Đã lưu lúc")
    press(window, form.entries["tthc.hs.truc_tiep"], "<Shift-Tab>")
    assert window.root.focus_get() is entry


def test_bad_entry_refused_on_the_spot(window):
    form = open_section(window, "tthc")
    entry = form.entries["tthc.hs.truc_tiep"]
    type_into(window, entry, "abc")
    press(window, entry, "<Return>")
    assert entry.get() == "110"
    label = form.error_labels["tthc.hs.truc_tiep"]
    assert "abc" in label.cget("text") and label.winfo_ismapped()
    assert window.presenter.ws.get_values("2023-Q3")["tthc.hs.truc_tiep"] == 110


def test_vietnamese_number_shown_formatted_after_leaving(window):
    form = open_section(window, "tthc")
    entry = form.entries["tthc.sh.da_so_hoa"]
    type_into(window, entry, "1005")
    press(window, entry, "<Return>")
    assert entry.get() == "1.005"
    type_into(window, entry, "1.010")
    press(window, entry, "<Tab>")
    assert entry.get() == "1.010"
    assert window.presenter.ws.get_values("2023-Q3")["tthc.sh.da_so_hoa"] == 1010


def test_click_violation_lands_on_field(window):
    open_section(window, "cd")
    index = next(item.index for item in window.check_panel.items if item.rule == "tthc.hs.3")
    window.check_panel.select(index)
    window.check_panel.tree.focus_force()
    pump(window.root, 0.05)
    press(window, window.check_panel.tree, "<Return>")
    form = window.forms["tthc"]
    assert window.presenter.section_key == "tthc"
    assert window.root.focus_get() is form.entries["tthc.hs.tiep_nhan"]


def test_narrative_typed_with_diacritics_is_saved(window):
    form = open_section(window, "phuong_huong")
    text = form.texts["nx.phuong_huong"]
    text.focus_force()
    text.delete("1.0", "end")
    text.insert("1.0", "Đẩy mạnh chuyển đổi số^[Kế hoạch số 01/KH-UBND.]")
    press(window, text, "<Tab>")
    assert window.presenter.ws.get_values("2023-Q3")["nx.phuong_huong"].startswith("Đẩy mạnh chuyển đổi số")


def test_explain_and_submit_from_the_window(window):
    window.ask_text = lambda *args, **kwargs: "Số liệu trực tuyến gồm hồ sơ kỳ trước."
    window.ask_yes_no = lambda *args: True
    shown = []
    window.show_message = lambda title, text, error=False: shown.append((title, text, error))
    index = next(item.index for item in window.check_panel.items if item.rule == "tthc.hs.3")
    window.check_panel.select(index)
    window.check_panel._explain()
    pump(window.root)
    assert window.nav.item("giai_trinh", "values")[0] == ""
    window.submit_button.invoke()
    pump(window.root)
    assert shown[-1][0] == "Đã gửi"
    assert "Đã gửi" in window.period_status.cget("text")
    form = open_section(window, "cd")
    assert str(form.entries["cd.van_ban_chi_dao"].cget("state")) == "readonly"


def test_closing_mid_entry_loses_nothing(window, demo_db):
    form = open_section(window, "cd")
    entry = form.entries["cd.van_ban_chi_dao"]
    type_into(window, entry, "35")
    ws = window.presenter.ws
    window.flush()
    assert ws.get_values("2023-Q3")["cd.van_ban_chi_dao"] == 35


def test_review_table_edit_updates_totals(window):
    form = open_section(window, "tthc")
    grid = form.grids["tthc.rs"]
    row = next(n for n, (kind, cap, slug) in enumerate(grid.layout) if (cap, slug) == ("xa", "thanh_tra"))
    grid.sheet.set_cell_data(row, 0, "10")
    grid._modified()
    pump(window.root)
    total_row = next(n for n, (kind, _, _) in enumerate(grid.layout) if kind == "total")
    assert str(grid.sheet.get_cell_data(total_row, 0)) == "154"
    assert "tthc.rs" in rules_listed(window)


def test_export_runs_off_the_window_thread(window, tmp_path):
    target = tmp_path / "phu-luc.xlsx"
    window.ask_save_path = lambda title, name, kind: str(target)
    shown = []
    window.show_message = lambda title, text, error=False: shown.append((title, text, error))
    window.presenter.export_xlsx()
    assert window.busy.winfo_manager() == "pack"
    for _ in range(200):
        pump(window.root, 0.05)
        if shown:
            break
    assert shown and shown[-1][2] is False and str(target) in shown[-1][1]
    assert target.exists() and window.busy.winfo_manager() == ""
    assert "Đã xuất" in window.status.cget("text")


def test_period_picker_switches_period(window):
    window.index.current(1)
    window.index.event_generate("<<ComboboxSelected>>")
    pump(window.root)
    assert str(window.presenter.period) == "2023-Q2"
    assert "Quý II năm 2023" in window.period_status.cget("text")
    window.kind.current(3)
    window.kind.event_generate("<<ComboboxSelected>>")
    pump(window.root)
    assert str(window.presenter.period) == "2023"
    assert "chỉ đọc" in window.period_status.cget("text")
