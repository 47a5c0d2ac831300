"""Pure logic behind the window (issue 7, part 5): no display needed."""

from __future__ import annotations

from datetime import datetime

import pytest

from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.presenters.layout import plan_paste, section_specs
from cchc_desktop.app.presenters.main_presenter import carry_index, when_text
from forms.catalog import load_template
from forms.numbers import format_datetime
from forms.rules import Violation, distinct_violations

T = load_template()


def review_table():
    spec = next(spec for spec in section_specs(T, "xa") if spec.key == "tthc")
    return spec.tables[0]


def test_format_datetime_is_vietnamese():
    assert format_datetime(datetime(2026, 11, 27, 13, 42, 5)) == "13:42 ngày 27/11/2026"
    assert format_datetime(datetime(2023, 10, 5, 9, 3, 7), seconds=True) == "09:03:07 ngày 05/10/2023"
    assert when_text("2026-11-27 13:42:05.123456") == "13:42 ngày 27/11/2026"


@pytest.mark.parametrize(
    ("kind", "index", "new", "expected"),
    [
        ("month", 9, "quarter", 3),
        ("month", 1, "quarter", 1),
        ("quarter", 3, "month", 7),
        ("quarter", 4, "month", 10),
        ("month", 9, "half", 1),
        ("month", 9, "9m", 1),
        ("month", 9, "year", 1),
        ("year", 1, "quarter", 1),
    ],
)
def test_period_picker_keeps_its_place(kind, index, new, expected):
    assert carry_index(kind, index, new) == expected


def test_levels_hide_indicators_from_a_ward():
    assert not T.applies("cd.kt.cap_xa", "xa") and T.applies("cd.kt.cap_xa", "huyen")
    assert T.applies("cd.kt.cap_xa", "tinh") and T.applies("cd.van_ban_chi_dao", "xa")
    assert T.applies("cd.kt.cap_xa", None)
    assert T.indicators["tcbm.cq.tong"].levels == ("huyen", "tinh")
    assert T.indicators["cd.van_ban_chi_dao"].levels == ()


def violation(rule, codes, period=""):
    return Violation(rule=rule, importance="error", message="m", codes=tuple(codes), period=period)


def test_a_quarter_violation_explained_by_a_month_is_listed_once():
    found = [
        violation("cd.giao", ["a", "b"]),
        violation("tthc.hs.3", ["x"]),
        violation("cd.giao", ["a", "b"], "2023-07"),
        violation("cd.giao", ["a", "b"], "2023-08"),
    ]
    assert distinct_violations(found) == [1, 2, 3]
    assert distinct_violations([violation("cd.giao", ["a"]), violation("cd.giao", ["a", "b"], "2023-07")]) == [0, 1]


def test_paste_with_labels_into_an_empty_table_adds_the_rows():
    table = review_table()
    block = "1\tTư pháp\t12\t3\t1\t8\r\n2\tCấp xã – Thanh tra\t4\t\t\t4\r\nCộng\t16\t3\t1\t12\r\n"
    plan = plan_paste(table, block, [], cap="xa")
    assert plan.rows == (("xa", "tu_phap"), ("xa", "thanh_tra"))
    assert plan.changes["tthc.rs.tong@xa/tu_phap"] == "12"
    assert plan.changes["tthc.rs.giu_nguyen@xa/tu_phap"] == "8"
    assert plan.changes["tthc.rs.tong@xa/thanh_tra"] == "4"
    assert plan.changes["tthc.rs.giu_nguyen@xa/thanh_tra"] == "4"
    assert len(plan.changes) == 8


def test_paste_numbers_only_starts_at_the_chosen_row_and_never_guesses_a_row():
    table = review_table()
    with pytest.raises(UserError, match="Thêm dòng"):
        plan_paste(table, "5\t1", [])
    plan = plan_paste(table, "5\t1", [], cap="xa", first_row=("xa", "tu_phap"))
    assert plan.rows == (("xa", "tu_phap"),)
    assert plan.changes["tthc.rs.tong@xa/tu_phap"] == "5" and plan.changes["tthc.rs.don_gian_hoa@xa/tu_phap"] == "1"
    with pytest.raises(UserError, match="tên lĩnh vực"):  # the second line names no lĩnh vực: not invented
        plan_paste(table, "5\t1\n6\t2", [], cap="xa", first_row=("xa", "tu_phap"))


def test_paste_numbers_fill_the_rows_shown_from_the_selected_cell():
    table = review_table()
    shown = [("xa", "tu_phap"), ("xa", "thanh_tra")]
    plan = plan_paste(table, "7\n8", shown, start=0, column=1)
    assert plan.changes["tthc.rs.don_gian_hoa@xa/tu_phap"] == "7"
    assert plan.changes["tthc.rs.don_gian_hoa@xa/thanh_tra"] == "8"
    assert plan.rows == tuple(shown)
    with pytest.raises(UserError, match="tên lĩnh vực"):
        plan_paste(table, "7\n8\n9", shown, start=0, column=1)


def test_paste_with_an_unknown_label_or_too_many_cells_is_refused():
    table = review_table()
    with pytest.raises(UserError, match="Xây nhà"):
        plan_paste(table, "Xây nhà\t1\t2", [], cap="xa")
    with pytest.raises(UserError, match="cột"):
        plan_paste(table, "Tư pháp\t1\t2\t3\t4\t5", [], cap="xa")
