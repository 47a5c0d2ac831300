"""How the program words numbers, outside text and an operating system's refusal for a person (from
forms), for the command line: it reaches forms only through app (the contracts in pyproject.toml)."""

from __future__ import annotations

from forms.errors import os_reason
from forms.numbers import format_number
from forms.safe_text import printable, quoted

__all__ = ["format_number", "os_reason", "printable", "quoted"]
