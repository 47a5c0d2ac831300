"""A command imports what it needs when it needs it (issue 19): `--version` neither the database nor the
use cases, the PostgreSQL driver only for a server database, openpyxl only for Excel, fpdf only for PDF,
and with the template versions kept compiled (template_cache) not even the TOML reader."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

WATCHED = (
    "psycopg",
    "psycopg2",
    "openpyxl",
    "fpdf",
    "PIL",
    "tkinter",
    "ttkbootstrap",
    "peewee",
    "cchc_desktop.app.workspace",
    "forms.loader",
    "tomllib",
    "forms.model",
    "argparse",
    "logging",
    "pickle",
    "dataclasses",
    "platformdirs",
)
HEAVY = ("psycopg", "psycopg2", "openpyxl", "fpdf", "PIL", "tkinter", "ttkbootstrap")
PROBE = """
import json, sys
from cchc_desktop.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:  # --version ends as argparse's actions do
    code = stop.code
print(json.dumps({"code": code, "loaded": [name for name in %r if name in sys.modules]}))
"""


def loaded_by(*args: str) -> dict:
    """Run `cchc ARGS` in a fresh Python (this test's data folder: the environment the fixture set)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (WATCHED,), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(autouse=True)
def data_folder():
    """The clerk's data folder exists (the database lives there): the template versions are kept in it."""
    os.makedirs(os.environ["CCHC_DATA_DIR"])


def heavy(result: dict) -> list[str]:
    return [name for name in result["loaded"] if name in HEAVY]


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.sqlite"
    assert loaded_by("--db", str(path), "demo")["code"] == 0
    return path


def test_version_loads_no_database_no_use_case_no_library():
    for _ in range(2):  # the first run reads the templates and keeps them; the second reads the cache
        result = loaded_by("--version")
        assert result["code"] == 0
        assert [n for n in result["loaded"] if n in (*HEAVY, "peewee", "cchc_desktop.app.workspace")] == []
    assert "forms.model" not in result["loaded"] and "tomllib" not in result["loaded"]
    # answered before the parser is built and the log set up; the versions from the cache's marshal header;
    # the data folder from CCHC_DATA_DIR (platformdirs only without it)
    assert [n for n in result["loaded"] if n in ("argparse", "logging", "pickle", "dataclasses", "platformdirs")] == []


def test_help_loads_no_database():
    result = loaded_by("--help")
    assert result["code"] == 0 and "peewee" not in result["loaded"] and heavy(result) == []


def test_check_loads_no_driver_no_excel_no_pdf_no_window(demo_file):
    checked = loaded_by("--db", str(demo_file), "check", "--period", "2023-Q3")
    assert checked["code"] in (0, 1) and heavy(checked) == []
    assert "peewee" in checked["loaded"]  # it did open the database
    assert "forms.loader" not in checked["loaded"]  # the templates come from the cache


def test_each_export_loads_its_own_library_only(demo_file, tmp_path):
    pdf = loaded_by("--db", str(demo_file), "export", "pdf", "--period", "2023-Q3", "-o", str(tmp_path / "a.pdf"))
    assert pdf["code"] == 0 and "fpdf" in pdf["loaded"] and "openpyxl" not in pdf["loaded"]
    xlsx = loaded_by("--db", str(demo_file), "export", "xlsx", "--period", "2023-Q3", "-o", str(tmp_path / "a.xlsx"))
    assert xlsx["code"] == 0 and "openpyxl" in xlsx["loaded"] and "fpdf" not in xlsx["loaded"]  # PIL: openpyxl's


@pytest.mark.postgresql
def test_a_server_database_loads_the_driver_then(pg_url):
    status = loaded_by("--db", pg_url, "init", "--unit-code", "P1", "--unit-name", "UBND Phường 1", "--level", "xa")
    assert status["code"] == 0 and heavy(status) == ["psycopg"]
