"""Exceptions shared by the forms package; their messages are shown to people, in Vietnamese."""

from __future__ import annotations


class TemplateError(Exception):
    """A template file is broken; the message says which file and what is wrong."""


class ValueInputError(ValueError):
    """A value a person typed cannot be accepted; str() is a Vietnamese message naming the value."""

    def __init__(self, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value

    def __str__(self) -> str:
        return self.message
