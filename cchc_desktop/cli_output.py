"""What every `cchc` command shares in its output: the exit statuses (CLI.md) and the JSON it prints."""

from __future__ import annotations

import json
import sys

from cchc_desktop.app import printable

EXIT_OK, EXIT_FOUND_ERRORS, EXIT_REFUSED = 0, 1, 2


def print_json(data) -> None:
    """UTF-8 JSON, indented; an object's keys sorted (lists keep their order)."""
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=isinstance(data, dict)))


def say(text: str, error: bool = False) -> None:
    """Print a message that may quote outside text (a file's cells, a unit's name): control and bidi
    characters shown by their code (`\\x1b`, `U+202E`), never sent raw to the terminal."""
    print(printable(text), file=sys.stderr if error else sys.stdout)
