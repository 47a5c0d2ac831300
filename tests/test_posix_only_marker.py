"""The posix_only marker (tests/conftest.py): what cannot run on Windows is skipped there, saying why; a mark
without a reason is refused, so nothing is left out silently."""

from __future__ import annotations

import pytest

from tests.conftest import skip_posix_only


class Item:
    def __init__(self, *marks: pytest.MarkDecorator):
        self.nodeid = "tests/test_x.py::test_y"
        self.marks = [mark.mark for mark in marks]

    def get_closest_marker(self, name: str):
        return next((mark for mark in self.marks if mark.name == name), None)

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.marks.append(marker.mark)


def test_a_posix_only_test_is_skipped_on_windows_with_its_reason():
    item = Item(pytest.mark.posix_only(reason="POSIX file modes (0600)"))
    skip_posix_only([item], platform="win32")
    assert item.get_closest_marker("skip").kwargs == {"reason": "posix_only: POSIX file modes (0600)"}


def test_a_posix_only_test_runs_on_linux_and_other_tests_everywhere():
    marked, plain = Item(pytest.mark.posix_only(reason="fcntl")), Item()
    skip_posix_only([marked, plain], platform="linux")
    skip_posix_only([plain], platform="win32")
    assert marked.get_closest_marker("skip") is None and plain.get_closest_marker("skip") is None


@pytest.mark.parametrize("mark", [pytest.mark.posix_only, pytest.mark.posix_only(reason="")], ids=["bare", "empty"])
def test_a_posix_only_mark_without_a_reason_is_refused(mark):
    with pytest.raises(pytest.UsageError, match="posix_only needs reason"):
        skip_posix_only([Item(mark)], platform="linux")
