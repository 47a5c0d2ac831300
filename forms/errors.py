"""The one error base of the program and the errors of the forms package.

`UserError` is a problem the person can act on, with a Vietnamese message; every layer's
person-facing error derives from it (db's StorageError, exports' ExportError), so the application
never translates errors. Anything that is not a UserError is a bug.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused operation; the message says why and nothing was changed."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {line}" for line in self.details)


class TemplateError(UserError):
    """A template file is broken; the message says which file and what is wrong."""


class ValueInputError(UserError, ValueError):
    """A value a person typed cannot be accepted; str() is a Vietnamese message naming the value."""

    def __init__(self, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.value = value
