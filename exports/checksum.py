"""SHA-256 over the canonical list of exported values, so an import can tell a file was altered."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def canonical(values: Iterable[tuple[str, str, str, str]]) -> bytes:
    """One line per value, `code<TAB>period<TAB>unit_code<TAB>value`, sorted, UTF-8."""
    lines = sorted("\t".join(item) for item in values)
    return ("\n".join(lines) + "\n").encode("utf-8")


def checksum(values: Iterable[tuple[str, str, str, str]]) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()
