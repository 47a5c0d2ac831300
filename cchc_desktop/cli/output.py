"""What every `cchc` command shares in its output: UTF-8 streams, the exit statuses (CLI.md) and the JSON
it prints (light: `cchc --version` loads it before anything else)."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_FOUND_ERRORS, EXIT_REFUSED = 0, 1, 2


def utf8_streams() -> None:
    """Standard output and error in UTF-8, as the command line promises: a pipe on Windows is in the ANSI
    code page (cp1252 has no "ệ": the help crashed there). A missing stream (a windowed program) stays None."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def print_json(data) -> None:
    """UTF-8 JSON, indented; an object's keys sorted (lists keep their order)."""
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=isinstance(data, dict)))


def say(text: str, error: bool = False) -> None:
    """Print a message that may quote outside text (a file's cells, a unit's name): control and bidi
    characters shown by their code (`\\x1b`, `U+202E`), never sent raw to the terminal."""
    from cchc_desktop.app import printable

    print(printable(text), file=sys.stderr if error else sys.stdout)
