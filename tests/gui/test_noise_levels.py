"""Issue 18, item 9 in the real window (Xvfb, no window manager, 100 % and 125 %): a ward's forms hold no
city-only indicator while its city's do; an untouched month lists no check; a stock kept wrong in two
months is one item of the quarter. The sections are opened by clicking the navigator."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from tests.gui.conftest import opened_window, pump

pytestmark = pytest.mark.gui

CITY_ONLY = {
    "cd": ("cd.kt.cap_xa", "UBND cấp xã được kiểm tra công tác CCHC"),
    "tcbm": ("tcbm.vc.giao", "Biên chế, chất lượng đội ngũ viên chức"),
}


def _unit(folder, level: str):
    """A unit created in an empty data folder, with a few figures typed in July and August only."""
    folder.mkdir()
    db = folder / "cchc.sqlite"
    with Workspace.open(db, create=True) as ws:
        name = "UBND phường An Hòa" if level == "xa" else "UBND thành phố Sa Đéc"
        ws.units.init_unit(code=f"U-{level.upper()}", name=name, frequency="month", level=level)
        for month in ("2023-07", "2023-08"):  # staff kept wrong: more women than staff present, twice
            ws.entry.set_values(month, {"cd.van_ban_chi_dao": "2", "tcbm.cc.co_mat": "5", "tcbm.cc.nu": "6"})
        ws.entry.set_values("2023-Q3", {"nx.cd": "Đã ban hành {cd.van_ban_chi_dao} văn bản chỉ đạo."})
    return db


def _open_section(window, key: str):
    """Click the section's line in the navigator, as a clerk does."""
    nav = window.nav
    nav.see(key)
    pump(window.root, 0.05)
    x, y, width, height = nav.bbox(key)
    nav.event_generate("<Button-1>", x=x + width // 3, y=y + height // 2)
    nav.event_generate("<ButtonRelease-1>", x=x + width // 3, y=y + height // 2)
    pump(window.root, 0.3)
    assert window.presenter.section_key == key
    return window.forms[key]


def _texts(widget) -> list[str]:
    """Every label and frame title shown inside a widget."""
    found = []
    for child in widget.winfo_children():
        try:
            text = str(child.cget("text"))
        except Exception:  # noqa: BLE001 - widgets without a text option
            text = ""
        if text:
            found.append(text)
        found.extend(_texts(child))
    return found


def _choose_period(window, kind: str, index: str) -> None:
    for combo, label in ((window.kind, kind), (window.index, index)):
        combo.set(label)
        combo.event_generate("<<ComboboxSelected>>")
        pump(window.root, 0.2)


def test_a_wards_form_has_no_city_indicator_its_citys_has(root, tmp_path, scaling):
    ward = _unit(tmp_path / "phuong", "xa")
    with opened_window(root, ward, "2023-09") as window:
        for key, (code, label) in CITY_ONLY.items():
            form = _open_section(window, key)
            assert code not in form.entries and label not in _texts(form)
        assert "cd.van_ban_chi_dao" in window.forms["cd"].entries and "tcbm.cc.giao" in window.forms["tcbm"].entries
    city = _unit(tmp_path / "thanh-pho", "huyen")
    with opened_window(root, city, "2023-09") as window:
        for key, (code, label) in CITY_ONLY.items():
            form = _open_section(window, key)
            assert code in form.entries and label in _texts(form)


def test_an_untouched_month_lists_nothing_and_a_kept_slip_is_one_item(root, tmp_path, scaling):
    ward = _unit(tmp_path / "phuong", "xa")
    with opened_window(root, ward, "2023-09") as window:
        _choose_period(window, "Tháng", "Tháng 10")  # a new quarter: Q3's text is copied into it
        assert str(window.presenter.period) == "2023-10"
        assert window.check_panel.items == []
        _choose_period(window, "Quý", "Quý IV")
        assert window.check_panel.items == [] and "không có sai sót" in window.check_panel.summary.cget("text")
        _choose_period(window, "Quý", "Quý III")
        items = [item for item in window.check_panel.items if item.rule == "tcbm.cc.part"]
        assert len(items) == 1 and items[0].text.startswith("Tháng 7, tháng 8: Số công chức nữ (6)")
        shown = window.check_panel.tree.item(str(items[0].index), "values")[1]
        assert shown.startswith("Tháng 7, tháng 8: ")
