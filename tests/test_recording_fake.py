"""The recording fake of a view protocol (tests/support/fakes.py) cannot drift from the protocol."""

from __future__ import annotations

from typing import Protocol

import pytest

from tests.support.fakes import Call, RecordingFake


class ShortView(Protocol):
    def show(self, text: str, error: bool = False) -> None: ...
    def ask(self, title: str) -> bool: ...


class Fake(RecordingFake, protocol=ShortView):
    def ask(self, title):
        return title == "Có?"


def test_every_call_is_recorded_with_its_arguments_by_name_and_hand_written_answers_are_kept():
    view = Fake()
    view.show("Đã lưu")
    assert view.ask("Có?") is True
    view.show("Lỗi", error=True)
    assert view.calls == [
        Call("show", {"text": "Đã lưu", "error": False}),
        Call("ask", {"title": "Có?"}),
        Call("show", {"text": "Lỗi", "error": True}),
    ]
    assert view.called("show")[-1] == {"text": "Lỗi", "error": True}


def test_a_method_the_protocol_lacks_is_refused_at_once():
    view = Fake()
    with pytest.raises(AttributeError, match="ShortView has no 'open_import'"):
        view.open_import()
    with pytest.raises(AttributeError, match="ShortView has no method 'open_import'"):
        view.open_import = lambda: True
    with pytest.raises(AttributeError):
        view.called("open_import")


def test_a_call_the_protocol_would_not_accept_is_refused():
    with pytest.raises(TypeError):
        Fake().show("a", False, "b")


def test_a_fake_cannot_add_a_method_or_change_one_s_parameters():
    with pytest.raises(TypeError, match="ShortView has no such method"):

        class Extra(Fake):
            def nav_counts(self, key):
                return 0, 0

    with pytest.raises(TypeError, match="differs from ShortView.ask"):

        class Drifted(Fake):
            def ask(self, title, default):
                return default


def test_a_test_may_replace_a_protocol_method_on_its_instance_and_the_call_is_still_recorded():
    view = Fake()
    view.ask = lambda title: False
    assert view.ask("Có?") is False
    assert view.called("ask") == [{"title": "Có?"}]
