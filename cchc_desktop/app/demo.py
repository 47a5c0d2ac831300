"""`cchc demo`: a database holding the Sa Đéc quý III/2023 report's figures, texts and settings."""

from __future__ import annotations

import tomllib
from pathlib import Path

from cchc_desktop.app.errors import UserError
from cchc_desktop.app.workspace import Workspace

DEMO_FILE = Path(__file__).with_name("demo_sa_dec_2023_q3.toml")
REPORT_KEYS = ("number", "day", "month", "year", "title")


def demo_data() -> dict:
    with DEMO_FILE.open("rb") as handle:
        return tomllib.load(handle)


def report_setting_key(period: str, key: str) -> str:
    """The settings key of a report header field (số, ngày …) of one period."""
    return f"report.{period}.{key}"


def create_demo(path: Path, force: bool = False, as_printed: bool = False) -> Path:
    """Create the demo database at path; refuses to touch an existing database unless force."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0 and not force:
        raise UserError(
            f"Đã có cơ sở dữ liệu tại {path}; không ghi đè dữ liệu mẫu lên đó. "
            "Hãy chọn tệp khác bằng --db, hoặc dùng --force nếu thật sự muốn thay."
        )
    data = demo_data()
    ws = Workspace.open(path, create=True)
    try:
        ws.init_unit(force=True, **data["unit"])
        report = data["report"]
        period = report["period"]
        ws.set_values(period, data["values"])
        ws.set_values(period, data["narrative"])
        for child in data.get("children", []):
            fields = {key: value for key, value in child.items() if key != "values"}
            ws.add_child(**fields)
            ws.set_values(period, child.get("values", {}), unit_code=fields["code"])
        for key in REPORT_KEYS:
            if key in report:
                ws.put_setting(report_setting_key(period, key), str(report[key]))
        ws.put_setting("demo", "1")
    finally:
        ws.close()
    return path
