"""The real main window conforms to its view protocol: every method of MainView is a method of the
MainWindow class itself (not something the entry point attaches at run time), callable as the protocol
allows (no display needed: the class is read, not built)."""

from __future__ import annotations

import inspect

import pytest

from cchc_desktop.app.main_view import MainView

PROTOCOL_METHODS = sorted(
    name for name, member in vars(MainView).items() if inspect.isfunction(member) and not name.startswith("_")
)


def accepts(actual: inspect.Signature, declared: inspect.Signature) -> list[str]:
    """What a call allowed by `declared` could not do on `actual` (self left out of both)."""
    problems = []
    mine = [p for p in actual.parameters.values() if p.name != "self"]
    theirs = [p for p in declared.parameters.values() if p.name != "self"]
    varargs = any(p.kind is p.VAR_POSITIONAL for p in mine)
    varkw = any(p.kind is p.VAR_KEYWORD for p in mine)
    positional = [p for p in mine if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    by_name = {p.name: p for p in mine}
    for place, wanted in enumerate(theirs):
        if wanted.kind in (wanted.VAR_POSITIONAL, wanted.VAR_KEYWORD):
            if not any(p.kind is wanted.kind for p in mine):
                problems.append(f"no {wanted}")
            continue
        if wanted.kind in (wanted.POSITIONAL_ONLY, wanted.POSITIONAL_OR_KEYWORD):
            if place < len(positional):
                if wanted.kind is wanted.POSITIONAL_OR_KEYWORD and positional[place].name != wanted.name:
                    problems.append(f"argument {place + 1} is {positional[place].name!r}, not {wanted.name!r}")
            elif not varargs:
                problems.append(f"takes no argument {place + 1} ({wanted.name})")
        elif wanted.name not in by_name and not varkw:
            problems.append(f"takes no keyword {wanted.name!r}")
        if wanted.default is not wanted.empty:
            own = by_name.get(wanted.name)
            if own is not None and own.default is own.empty:
                problems.append(f"{wanted.name!r} has no default")
    allowed = {p.name for p in theirs}
    for extra in mine:
        if (
            extra.name not in allowed
            and extra.default is extra.empty
            and extra.kind
            not in (
                extra.VAR_POSITIONAL,
                extra.VAR_KEYWORD,
            )
        ):
            problems.append(f"needs {extra.name!r}, which the protocol never gives")
    return problems


def test_the_protocol_is_read():
    assert len(PROTOCOL_METHODS) >= 25
    assert {"show_unit", "open_import", "open_database"} <= set(PROTOCOL_METHODS)


@pytest.mark.parametrize("name", PROTOCOL_METHODS)
def test_the_window_class_has_every_method_of_its_protocol(name):
    from cchc_desktop.ui.main_window import MainWindow

    member = inspect.getattr_static(MainWindow, name, None)
    assert member is not None, f"MainWindow has no {name} of its own (attached at run time?)"
    assert inspect.isfunction(member), f"MainWindow.{name} is not a method: {member!r}"
    problems = accepts(inspect.signature(member), inspect.signature(getattr(MainView, name)))
    assert not problems, f"MainWindow.{name}{inspect.signature(member)}: {'; '.join(problems)}"


def test_the_signature_check_can_fail():
    def declared(self, period: str, wait: bool = False) -> None: ...
    def fine(self, period, wait=True, more=None): ...
    def renamed(self, when, wait=False): ...
    def short(self, period): ...
    def needy(self, period, wait=False, extra=1, must=None, *, now): ...

    assert accepts(inspect.signature(fine), inspect.signature(declared)) == []
    assert accepts(inspect.signature(renamed), inspect.signature(declared))
    assert accepts(inspect.signature(short), inspect.signature(declared))
    needs_now = ["needs 'now', which the protocol never gives"]
    assert accepts(inspect.signature(needy), inspect.signature(declared)) == needs_now
