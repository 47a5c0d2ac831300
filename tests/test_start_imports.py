"""A command imports what it needs when it needs it (issue 19): the PostgreSQL driver only for a server
database, openpyxl only for Excel, fpdf only for PDF."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("psycopg", "psycopg2", "openpyxl", "fpdf")
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
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), *args], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    assert loaded_by("--db", str(path), "demo")["code"] == 0
    return path


def test_check_and_version_load_no_driver_no_excel_no_pdf(demo_file):
    assert loaded_by("--version")["loaded"] == []
    checked = loaded_by("--db", str(demo_file), "check")
    assert checked["code"] in (0, 2) and checked["loaded"] == []


def test_each_export_loads_its_own_library_only(demo_file, tmp_path):
    pdf = loaded_by("--db", str(demo_file), "export", "pdf", "--period", "2023-Q3", "-o", str(tmp_path / "a.pdf"))
    assert pdf["code"] == 0 and pdf["loaded"] == ["fpdf"]
    xlsx = loaded_by("--db", str(demo_file), "export", "xlsx", "--period", "2023-Q3", "-o", str(tmp_path / "a.xlsx"))
    assert xlsx["code"] == 0 and xlsx["loaded"] == ["openpyxl"]


@pytest.mark.postgresql
def test_a_server_database_loads_the_driver_then(pg_url):
    status = loaded_by("--db", pg_url, "init", "--unit-code", "P1", "--unit-name", "UBND Phường 1", "--level", "xa")
    assert status["code"] == 0 and status["loaded"] == ["psycopg"]
