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


# The header fields an import relies on besides the values: whose file, which period, when it was
# exported and whether the unit had submitted (the completeness view judges lateness by them).
HEADER_SIGNED = (
    "template_version",
    "unit_code",
    "unit_name",
    "unit_level",
    "parent_code",
    "period",
    "exported_at",
    "submitted",
    "submitted_at",
    "checksum",
    "explanations_checksum",
)


def header_canonical(header: dict[str, str]) -> bytes:
    """The header fields an import relies on, one `key<TAB>value` line each, UTF-8."""
    lines = [f"{key}\t{header.get(key, '')}" for key in HEADER_SIGNED]
    return ("\n".join(lines) + "\n").encode("utf-8")


def header_checksum(header: dict[str, str]) -> str:
    """SHA-256 over the header fields an import relies on (the values' checksum among them)."""
    return hashlib.sha256(header_canonical(header)).hexdigest()


def signed_content(header: dict[str, str]) -> bytes:
    """What the unit's digital signature of an annex signs: its header's canonical lines, which hold the
    SHA-256 of the values and of the giải trình (so a value moved between months, even with the checksums
    recomputed, no longer matches the signature)."""
    return b"cchc-annex-signature\n" + header_canonical(header)
