"""Errors of the writers, each with a Vietnamese message for the person."""

from __future__ import annotations

from forms.errors import UserError


class ExportError(UserError):
    """The file could not be written (target locked, folder missing, no font…); nothing was replaced."""
