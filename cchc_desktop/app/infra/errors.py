"""The application's errors: the one UserError base (from forms) and what only the app raises."""

from __future__ import annotations

from forms.errors import UserError

__all__ = ["UserError", "NotAvailable"]


class NotAvailable(UserError):
    """A feature that this release does not have yet; said plainly instead of failing."""
