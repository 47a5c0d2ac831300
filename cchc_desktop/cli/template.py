"""`cchc template list` / `cchc template install FILE.zip|DIR` (CLI.md)."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra import paths
from cchc_desktop.app.usecases.templates import install_pack, kept_periods, list_versions, stored_versions


def run_template(args) -> int:
    """The `template` command; returns the exit status (a refusal raises UserError → exit 2)."""
    if args.action == "list":
        return _list(args)
    path = paths.default_db_path(args.db)
    if not paths.database_exists(path):
        result = install_pack(args.file, lambda version: False, force=args.force)
    else:
        ws = Workspace.open(args.db)
        try:
            result = install_pack(args.file, stored_versions().__contains__, force=args.force)
            result = replace(result, kept=kept_periods(ws.ctx, result.version))
        finally:
            ws.close()
    print(result.message)
    return 0


def _list(args) -> int:
    versions, problems = list_versions()
    if args.json:
        data = [
            {"version": v.version, "title": v.title, "valid_from": v.valid_from, "origin": v.origin} for v in versions
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for info in versions:
            print(f"{info.version}\t{info.validity}\t{info.origin_label}\t{info.title}")
    for problem in problems:
        print(f"Bỏ qua một mẫu đã cài vì bị lỗi: {problem}", file=sys.stderr)
    return 0
