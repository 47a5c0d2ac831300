"""The import contracts of pyproject.toml can fail: in a temporary copy of the program's packages, one
violating import per contract makes `lint-imports` fail naming that contract (and no other), and the
unmodified copy passes. A contract added without a violation here fails `test_every_contract_is_proven`.

The violating import is added to a package's `__init__.py`, which survives any move of the modules
inside it. lint-imports runs in the copy (its folder first on the path), so the copy is what it reads:
the unmodified copy passing and each violation being seen prove it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

# The contracts are about the source tree, the same on every platform; Linux CI runs them. (Under Wine
# import-linter's Rust part once did not even load; with the lane's bcryptprimitives.dll it would, but 13
# lint-imports runs of a copy of the program add minutes there and prove nothing new.)
pytestmark = pytest.mark.posix_only("the import contracts read the source tree, the same on every system")
pytest.importorskip("importlinter", exc_type=ImportError)

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("cchc_desktop", "forms", "db", "exports")
LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"  # its script's code
LAYERS = "Layers: ui | cli -> app -> {forms, db, exports}"
APP_LAYERS = "app by role: presenters -> workspace -> outputs -> content -> usecases -> infra"
APP_ACYCLIC = "app's role packages have no import circle"

# contract name -> (file of the copy, the import added to it, every contract that import breaks)
VIOLATIONS = {
    LAYERS: (
        "cchc_desktop/app/__init__.py",
        "import cchc_desktop.cli.output",  # app may not import the command line above it
        None,
    ),
    "Nothing imports the window but the entry point": (
        "cchc_desktop/cli/__init__.py",
        "import tkinter",
        None,
    ),
    "The window reaches the data only through app": (
        "cchc_desktop/ui/__init__.py",
        "import db.store",
        None,
    ),
    "The command line imports only app of the program: it reaches the data through app": (
        "cchc_desktop/cli/__init__.py",
        "import forms.errors",  # what cli.load did before it went through app.wording
        None,
    ),
    "forms is pure: no database, spreadsheet, PDF or window library": (
        "forms/__init__.py",
        "import openpyxl",
        None,
    ),
    "exports imports no db": (
        "exports/__init__.py",
        "import db.errors",  # a db module that imports no engine
        {LAYERS},  # where db and exports are independent siblings as well
    ),
    "app writes no file format itself: no openpyxl, no fpdf, no python-docx, no cryptography (exports does)": (
        "cchc_desktop/app/__init__.py",
        "import pyhanko",
        None,
    ),
    "Only db knows the database engine": (
        "cchc_desktop/app/__init__.py",
        "import sqlite3",
        None,
    ),
    "Above db, no model of the database: only records (db.records) cross the door": (
        "cchc_desktop/app/__init__.py",
        "import db.models",  # what ten use cases did for the peewee row Unit before db.records
        None,
    ),
    "db has no import circle": (
        "db/models.py",
        "import db.connection",  # what the models' time field did to say damage: connection imports models
        None,
    ),
    "Only db knows the database engine, not even through another package: forms and exports": (
        "exports/__init__.py",
        "import db.store",  # exports -> db.store -> peewee: the indirect path is what this one forbids
        {LAYERS, "exports imports no db"},  # the direct import of db breaks those as well
    ),
    APP_LAYERS: (
        "cchc_desktop/app/content/__init__.py",
        "import cchc_desktop.app.workspace",  # what 22 modules did before: a use case reaching the Workspace
        None,  # nothing below content imports content's package itself: no circle
    ),
    APP_ACYCLIC: (
        "cchc_desktop/app/infra/__init__.py",
        "import cchc_desktop.app.usecases.context",  # usecases imports infra: a circle (and an import up)
        {APP_LAYERS},
    ),
}


def contract_names() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]


def lint_imports(copy: Path) -> tuple[int, dict[str, str]]:
    """lint-imports on the copy: its exit status and each contract's verdict (KEPT / BROKEN)."""
    done = subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--config", str(copy / "pyproject.toml")],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy), "PYTHONIOENCODING": "utf-8", "COLUMNS": "1000", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    verdicts = dict(re.findall(r"^(.+?) (KEPT|BROKEN)$", done.stdout, re.MULTILINE))
    assert verdicts, done.stdout + done.stderr
    return done.returncode, verdicts


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The program's packages (Python files only: all lint-imports reads) and its configuration."""
    root = tmp_path_factory.mktemp("contracts")
    for package in PACKAGES:
        shutil.copytree(
            REPO / package, root / package, ignore=lambda folder, names: [n for n in names if n == "__pycache__"]
        )
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def test_every_contract_is_proven():
    assert sorted(VIOLATIONS) == sorted(contract_names())


def test_the_unmodified_copy_keeps_every_contract(copy):
    status, verdicts = lint_imports(copy)
    assert status == 0 and verdicts == dict.fromkeys(contract_names(), "KEPT")


@pytest.mark.parametrize("contract", list(VIOLATIONS))
def test_a_violating_import_breaks_its_contract(copy, contract):
    relative, line, also = VIOLATIONS[contract]
    target = copy / relative
    original = target.read_text(encoding="utf-8")
    target.write_text(original + f"\n{line}  # violation\n", encoding="utf-8")
    try:
        status, verdicts = lint_imports(copy)
    finally:
        target.write_text(original, encoding="utf-8")
    broken = {name for name, verdict in verdicts.items() if verdict == "BROKEN"}
    assert status != 0 and broken == {contract, *(also or ())}, verdicts
