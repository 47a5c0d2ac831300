"""Shared fixtures: a temporary database on each engine (SQLite file, PostgreSQL database) and an
in-process `cchc` runner."""

from __future__ import annotations

import json
import os
import sys
import uuid
from datetime import datetime
from pathlib import Path

import pytest

import exports  # noqa: F401 - first: openpyxl set up as the program uses it (exports/__init__.py)
from cchc_desktop.app.infra import logs
from cchc_desktop.cli import main
from db.connection import close_database

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out[:400]!r}, err={self.err[:400]!r})"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path, monkeypatch):
    """Never touch the real user data folder; close the database after each test."""
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "default" / "cchc.sqlite"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "xdg" / "CCHC Desktop"))  # the same folder, on Windows too
    yield
    close_database()
    logs.stop_logging()  # a command that logged opened cchc.log in this test's data folder


@pytest.fixture(scope="session")
def display():
    """The X display the window tests draw on: DISPLAY when set, else an Xvfb without a window manager
    (1366×768×24) on a free display number for the session (tests/support/display.py)."""
    from tests.support.display import DisplayError, virtual_display

    try:
        with virtual_display() as name:
            yield name
    except DisplayError as exc:
        pytest.fail(str(exc))


# Two fixed moments the date-sensitive tests run under: a one-digit day and a two-digit one, so a test
# that only passes on some days of the month fails here, every day (the clock is injected, never read).
TEST_MOMENTS = (datetime(2026, 12, 6, 9, 5, 7), datetime(2026, 12, 28, 16, 42, 3))


@pytest.fixture(params=TEST_MOMENTS, ids=["ngay-06", "ngay-28"])
def moment(request) -> datetime:
    """Each of TEST_MOMENTS in turn: what "now" is for the workspace and the presenter of a test."""
    return request.param


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "cchc.sqlite"


@pytest.fixture
def cchc(db_path, capsys):
    """Run `cchc --db <tmp> …` in-process; returns a CliResult."""

    def run(*args: str, db: Path | None = None) -> CliResult:
        capsys.readouterr()
        code = main(["--db", str(db or db_path), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def monthly_unit(cchc):
    result = cchc("init", "--unit-code", "P-ANHOA", "--unit-name", "UBND phường An Hòa", "--place", "Sa Đéc")
    assert result.code == 0, result
    return cchc


@pytest.fixture
def demo_db(tmp_path_factory) -> Path:
    """A fresh copy of the demo database as the reference prints it (its slips give the checks work)."""
    from cchc_desktop.app.workspace.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, as_printed=True)
    close_database()
    return path


@pytest.fixture
def clean_demo_db(tmp_path_factory) -> Path:
    """A fresh copy of the default demo: figures corrected where the reference implies them."""
    from cchc_desktop.app.workspace.demo import create_demo

    path = tmp_path_factory.mktemp("clean") / "demo.sqlite"
    create_demo(path)
    close_database()
    return path


PG_URL_VARIABLE = "CCHC_TEST_PG_URL"


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_URL_VARIABLE) or None


def pytest_report_header(config):
    if _pg_admin_url():
        return f"PostgreSQL: {_pg_admin_url()}"
    why = "lỗi trong CI" if os.environ.get("CI") == "true" else "bỏ qua"
    return f"PostgreSQL: không có máy chủ kiểm thử ({PG_URL_VARIABLE} chưa đặt) — các kiểm thử PostgreSQL: {why}"


def pytest_collection_modifyitems(config, items):
    """On Windows a posix_only test is skipped with its reason. Without a server (and outside CI), the
    PostgreSQL tests are left out, said in one line at the end."""
    skip_posix_only(items)
    if _pg_admin_url() or os.environ.get("CI") == "true":
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
        config._cchc_pg_left_out = len(left_out)


def skip_posix_only(items, platform: str = sys.platform) -> None:
    """`@pytest.mark.posix_only(reason=...)`: skipped on Windows, saying why; a mark without a reason is refused."""
    for item in items:
        mark = item.get_closest_marker("posix_only")
        if mark is None:
            continue
        reason = mark.kwargs.get("reason") or (mark.args[0] if mark.args else "")
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: posix_only needs reason=... (why it cannot run on Windows)")
        if platform == "win32":
            item.add_marker(pytest.mark.skip(reason=f"posix_only: {reason}"))


def pytest_terminal_summary(terminalreporter, config):
    count = getattr(config, "_cchc_pg_left_out", 0)
    if count:
        terminalreporter.write_line(
            f"PostgreSQL: {count} kiểm thử không chạy — không có máy chủ kiểm thử ({PG_URL_VARIABLE} chưa đặt; "
            "bash scripts/test.sh tự khởi động một máy chủ)."
        )


def _require_pg() -> str:
    url = _pg_admin_url()
    if url:
        return url
    message = (
        f"không có máy chủ PostgreSQL kiểm thử ({PG_URL_VARIABLE} chưa đặt; bash scripts/test.sh khởi động một máy chủ)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {message}")
    pytest.skip(message)


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_require_pg(), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for this test (dropped afterwards); its URL."""
    admin = _require_pg()
    name = f"cchc_t_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    yield admin.rsplit("/", 1)[0] + "/" + name
    close_database()
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def engine_target(request, tmp_path) -> str:
    """The database of the test on each engine: a file path, or a postgresql:// URL (as text)."""
    if request.param == "sqlite":
        return str(tmp_path / "cchc.sqlite")
    return request.getfixturevalue("pg_url")


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"shared/ is missing beside the repository: {path}")
    return path


os.environ.setdefault("HYPOTHESIS_PROFILE", "default")
