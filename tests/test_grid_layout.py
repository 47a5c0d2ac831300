"""Where a grid's keys go and how it shares its width (app.grid_moves, app.grid_fit), without a display."""

from __future__ import annotations

from cchc_desktop.app.presenters.grid_fit import fit_lines, share_columns, share_width, wrap_words
from cchc_desktop.app.presenters.grid_moves import (
    LOCKED_NOTE,
    NO_CELL_NOTE,
    NO_ROW_NOTE,
    READ_ONLY_NOTE,
    editable_rows,
    first_cell,
    next_cell,
    refusal,
)

# Y tế (huyện), Cộng cấp huyện, Tư pháp, Thanh tra (xã), Cộng cấp xã, Tổng cộng
ROWS = editable_rows(["cell", "subtotal", "cell", "cell", "subtotal", "total"])


def measure(text: str) -> int:
    return 10 * len(text)


def test_tab_runs_along_the_row_then_to_the_next_typed_row_past_the_totals():
    assert next_cell(ROWS, 4, (0, 0), "Tab") == (0, 1)
    assert next_cell(ROWS, 4, (0, 3), "Tab") == (2, 0)
    assert next_cell(ROWS, 4, (2, 3), "Tab") == (3, 0)
    assert next_cell(ROWS, 4, (3, 3), "Tab") is None  # past the last typed cell: the grid is left
    assert next_cell(ROWS, 4, (1, 2), "Tab") == (2, 0)  # from a total row (selected with the mouse)


def test_shift_tab_and_enter_skip_the_totals_too():
    assert next_cell(ROWS, 4, (2, 0), "Shift-Tab") == (0, 3)
    assert next_cell(ROWS, 4, (0, 0), "Shift-Tab") is None
    assert next_cell(ROWS, 4, (0, 2), "Return") == (2, 2)
    assert next_cell(ROWS, 4, (3, 1), "Return") is None
    assert first_cell(ROWS) == (0, 0)
    assert first_cell(editable_rows(["total"])) is None


def test_a_key_that_cannot_go_in_is_answered():
    assert refusal(ROWS, 0, True) == ""
    assert refusal(ROWS, 1, True) == READ_ONLY_NOTE and READ_ONLY_NOTE.startswith("Ô này do chương trình tự tính")
    assert refusal(ROWS, None, True) == NO_CELL_NOTE
    assert refusal(editable_rows(["total"]), 0, True) == NO_ROW_NOTE
    assert refusal(editable_rows(["cell", "total"], editable=False), 0, False) == LOCKED_NOTE


def test_the_labels_give_way_to_the_number_columns_and_wrap():
    widths = share_width(room=600, index_natural=480, index_least=90, columns_least=[100, 100, 100, 100])
    assert widths.index == 200 and sum(widths.columns) + widths.index == 600
    roomy = share_width(room=900, index_natural=480, index_least=90, columns_least=[100, 100, 100, 100])
    assert roomy.index == 480 and roomy.columns == (105, 105, 105, 105)  # the rest widens the columns
    assert wrap_words("Cấp xã – Nông nghiệp và Phát triển nông thôn", 200, measure) == [
        "Cấp xã – Nông nghiệp",
        "và Phát triển nông",
        "thôn",
    ]
    assert all(
        measure(line) <= 200 for line in wrap_words("Cấp xã – Nông nghiệp và Phát triển nông thôn", 200, measure)
    )


def test_a_long_text_keeps_its_first_whole_words_and_ends_with_an_ellipsis():
    text = "Tổng số hồ sơ tiếp nhận (1.138) phải bằng trực tuyến + trực tiếp + kỳ trước chuyển qua (1.237)"
    lines = fit_lines(text, 200, 2, measure)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(measure(line) <= 200 for line in lines)
    assert text.startswith(" ".join(lines).removesuffix("…"))
    assert fit_lines("Đúng hạn", 200, 2, measure) == ["Đúng hạn"]


def test_columns_give_way_widest_first_never_below_their_least():
    assert share_columns([300, 100, 200], [100, 50, 100], 500) == [200, 100, 200]
    assert share_columns([300, 100, 200], [100, 50, 100], 1000) == [300, 100, 200]
    assert share_columns([300, 100, 200], [250, 50, 190], 400) == [250, 50, 190]
