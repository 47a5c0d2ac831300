"""UserError: a problem the person can fix, with a Vietnamese message; anything else is a bug."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused operation; the message says why and nothing was changed."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []

    def __str__(self) -> str:
        base = super().__str__()
        if not self.details:
            return base
        return base + "\n" + "\n".join(f"  - {line}" for line in self.details)


class NotAvailable(UserError):
    """A feature that this release does not have yet; said plainly instead of failing."""
