"""Figures of the slow proof tests, merged into the JSON file named by CCHC_RELIABILITY_JSON (if set);
scripts/reliability.py reads it to write docs/reliability.md."""

from __future__ import annotations

import json
import os
from pathlib import Path


def record(section: str, figures: dict) -> None:
    target = os.environ.get("CCHC_RELIABILITY_JSON")
    if not target:
        return
    path = Path(target)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data[section] = figures
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
