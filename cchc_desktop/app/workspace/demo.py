"""`cchc demo`: a database holding the Sa Đéc quý III/2023 report's figures, texts and settings."""

from __future__ import annotations

import tomllib
from pathlib import Path

from cchc_desktop.app.infra import paths
from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.usecases.report_fields import setting_key
from cchc_desktop.app.workspace import Workspace
from db.connection import target_has_data
from db.target import ServerTarget

DEMO_FILE = Path(__file__).with_name("demo_sa_dec_2023_q3.toml")
REPORT_KEYS = ("number", "day", "month", "year", "title")


CHILD_DATA = ("values", "corrected", "explanations")


def _figures(data: dict, as_printed: bool) -> dict:
    """The figures as printed, or with the corrections the reference implies."""
    figures = dict(data.get("values", {}))
    if not as_printed:
        figures.update(data.get("corrected", {}))
    return figures


def demo_data() -> dict:
    with DEMO_FILE.open("rb") as handle:
        return tomllib.load(handle)


def create_demo(
    path: str | Path | ServerTarget | None, force: bool = False, as_printed: bool = False
) -> Path | ServerTarget:
    """Create the demo database at path; refuses to touch an existing database unless force.

    By default the figures are corrected where the reference report itself implies the right value
    and the warnings that stay are explained (a clean report); as_printed keeps every figure exactly
    as the reference prints it, so the checks list the reference's own slips.
    """
    path = paths.default_db_path(path)
    if target_has_data(path) and not force:
        raise UserError(
            f"Đã có cơ sở dữ liệu tại {path}; không ghi đè dữ liệu mẫu lên đó. "
            "Hãy chọn tệp khác bằng --db, hoặc dùng --force nếu thật sự muốn thay."
        )
    data = demo_data()
    ws = Workspace.open(path, create=True)
    try:
        ws.units.init_unit(force=True, **data["unit"])
        report = data["report"]
        period = report["period"]
        ws.entry.set_values(period, _figures(data, as_printed))
        ws.entry.set_values(period, data["narrative"])
        for child in data.get("children", []):
            fields = {key: value for key, value in child.items() if key not in CHILD_DATA}
            ws.units.add_child(**fields)
            ws.entry.set_values(period, _figures(child, as_printed), unit_code=fields["code"])
        if not as_printed:
            for rule, text in data.get("explanations", {}).items():
                ws.checks.explain(period, rule, text)
            for child in data.get("children", []):
                for rule, text in child.get("explanations", {}).items():
                    ws.checks.explain(period, rule, text, unit_code=child["code"])
        for key in REPORT_KEYS:
            if key in report:
                ws.settings.put(setting_key(period, key), str(report[key]))
        ws.settings.put("demo", "1")
    finally:
        ws.close()
    return path
