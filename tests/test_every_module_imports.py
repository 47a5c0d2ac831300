"""Every module of the program imports (without a display): a name removed from a module another still
imports fails here, in the fast lane, not only in the window tests (the type check does not read ui or cli)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

PACKAGES = ("cchc_desktop", "db", "exports", "forms")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        root = importlib.import_module(package)
        names.append(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if not info.name.endswith("__main__"):  # runs the command line when imported
                names.append(info.name)
    return names


MODULES = _modules()


def test_the_walk_finds_the_window_the_command_line_and_the_data_door():
    assert {"cchc_desktop.ui.main_window", "cchc_desktop.cli.parser", "db.store", "exports.pdf_report"} <= set(MODULES)
    assert len(MODULES) > 150


@pytest.mark.parametrize("name", MODULES)
def test_the_module_imports(name):
    importlib.import_module(name)
