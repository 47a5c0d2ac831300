"""A recording fake of a view Protocol (after dupeGuru's CallLogger), which cannot drift from the protocol.

    class FakeView(RecordingFake, protocol=MainView):
        def ask_yes_no(self, title, text):  # a method written by hand: an answer, or what to remember
            return self.yes

- every method of the protocol is there: the ones the fake writes by hand, the others recorded and
  answering None;
- every call of a protocol method is recorded in `calls` (name and arguments, bound to the protocol's
  signature: a call the protocol would not accept raises TypeError);
- a method written by hand that the protocol lacks, or whose parameters differ from the protocol's, fails
  when the class is made (TypeError); a method the code under test asks for that the protocol lacks raises
  AttributeError at once, naming the protocol; a test may replace a protocol method on an instance
  (`view.run_job = ...`), not add another one.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar, NamedTuple, Protocol


class Call(NamedTuple):
    """One call of a protocol method: its name and its arguments by parameter name (defaults filled in)."""

    name: str
    args: dict[str, Any]


def protocol_methods(protocol: type) -> dict[str, inspect.Signature]:
    """The public methods a Protocol declares (its bases' too), with their signatures (self included)."""
    methods: dict[str, inspect.Signature] = {}
    for klass in reversed(protocol.__mro__):
        if klass is object or klass is Protocol or klass.__module__ == "typing":
            continue
        for name, value in vars(klass).items():
            if not name.startswith("_") and inspect.isfunction(value):
                methods[name] = inspect.signature(value)
    return methods


def _shape(signature: inspect.Signature) -> list[tuple[str, Any, bool]]:
    """What a caller relies on: each parameter's name, kind and whether it may be left out."""
    return [(p.name, p.kind, p.default is not p.empty) for p in signature.parameters.values()]


class RecordingFake:
    """Base of the fakes of a view Protocol: subclass it with `protocol=TheProtocol` (see the module's text)."""

    protocol: ClassVar[type]
    methods: ClassVar[dict[str, inspect.Signature]] = {}

    def __init_subclass__(cls, protocol: type | None = None, **kwargs):
        super().__init_subclass__(**kwargs)
        if protocol is not None:
            cls.protocol, cls.methods = protocol, protocol_methods(protocol)
        if not cls.methods:
            raise TypeError(f"{cls.__qualname__}: give the view protocol it fakes (protocol=...)")
        for name, value in vars(cls).items():
            if name.startswith("_") or not inspect.isfunction(value):
                continue
            expected = cls.methods.get(name)
            if expected is None:
                raise TypeError(f"{cls.__qualname__}.{name}: {cls.protocol.__name__} has no such method")
            if _shape(inspect.signature(value)) != _shape(expected):
                raise TypeError(
                    f"{cls.__qualname__}.{name}{inspect.signature(value)} differs from "
                    f"{cls.protocol.__name__}.{name}{expected}"
                )

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def __getattribute__(self, name: str):
        signature = type(self).methods.get(name)
        if signature is None:
            return object.__getattribute__(self, name)
        calls = object.__getattribute__(self, "calls")
        implementation = object.__getattribute__(self, "_implementation")(name)

        def record(*args, **kwargs):
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            calls.append(Call(name, dict(list(bound.arguments.items())[1:])))
            return None if implementation is None else implementation(*args, **kwargs)

        record.__name__ = name
        return record

    def _implementation(self, name: str):
        """The test's own replacement on this instance, else the method written by hand, else None."""
        own = object.__getattribute__(self, "__dict__")
        if name in own:
            return own[name]
        for klass in type(self).__mro__:
            if name in vars(klass):
                return vars(klass)[name].__get__(self, type(self))
        return None

    def __getattr__(self, name: str):  # only reached when nothing has this name
        raise AttributeError(
            f"{type(self).protocol.__name__} has no {name!r}: the fake {type(self).__name__} refuses what the "
            "protocol does not declare"
        )

    def __setattr__(self, name: str, value) -> None:
        if callable(value) and not name.startswith("_") and name not in type(self).methods:
            raise AttributeError(f"{type(self).protocol.__name__} has no method {name!r} to replace")
        object.__setattr__(self, name, value)

    def called(self, name: str) -> list[dict[str, Any]]:
        """The arguments of each call of `name`, in order."""
        if name not in type(self).methods:
            raise AttributeError(f"{type(self).protocol.__name__} has no method {name!r}")
        return [call.args for call in self.calls if call.name == name]
