"""What every `cchc` command shares in its output: the exit statuses (CLI.md) and the JSON it prints."""

from __future__ import annotations

import json

EXIT_OK, EXIT_FOUND_ERRORS, EXIT_REFUSED = 0, 1, 2


def print_json(data) -> None:
    """UTF-8 JSON, indented; an object's keys sorted (lists keep their order)."""
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=isinstance(data, dict)))
