"""Server accounts as offices set them up, on the throw-away PostgreSQL server: every command a clerk
runs, with each kind of account, ends in exit 0 or 2 — a Vietnamese message naming what the account
lacks and the GRANT that gives it, no traceback — and a refused command changes no row. Then the
server cuts connections at random moments while commands run (what a restart does to a clerk's
command): exit 0 or 2 again, never a system error. Figures: per account and command, the exit code."""

from __future__ import annotations

import io
import random
import threading
import time
import uuid
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import psycopg
import pytest

from cchc_desktop.cli import main
from db.connection import close_database
from tests.conftest import _require_pg
from tests.refusals import assert_vietnamese, bare_logging, problem_of
from tests.slow.figures import record

pytestmark = pytest.mark.postgresql

TABLES = "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
SEQUENCES = "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}"
# account → (the database holds the CCHC tables already, what the account is granted)
ACCOUNTS = {
    "may_not_create_tables": (False, []),
    "may_not_connect": (True, ["REVOKE CONNECT ON DATABASE {db} FROM PUBLIC"]),
    "login_only": (True, []),
    "select_only": (True, ["GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"]),
    "tables_without_sequences": (True, [TABLES]),
    "read_write": (True, [TABLES, SEQUENCES]),
}
COMMANDS = {
    "init": ["init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa"],
    "get": ["get", "--period", "2023-07", "--json"],
    "check": ["check", "--period", "2023-07"],
    "set": ["set", "--period", "2023-07", "cd.van_ban_chi_dao=6"],
    "backup": ["backup", "-o", "{out}/sao-luu.sqlite"],
    "export pdf": ["export", "pdf", "--period", "2023-Q3", "-o", "{out}/bao-cao.pdf"],
    "export xlsx": ["export", "xlsx", "--period", "2023-Q3", "-o", "{out}/phu-luc.xlsx"],
    "restore": ["restore", "{out}/tot.sqlite"],
}
CUT_ROUNDS = 60


def _admin(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _rows(url: str) -> dict[str, list]:
    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"').fetchall())) for table in tables}


def _cchc(*argv: str) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(err), bare_logging():
        try:
            code = main(list(argv))
        finally:
            close_database()
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - start


@pytest.fixture
def server(tmp_path, monkeypatch):
    """Fresh databases on the test server (dropped afterwards), and the good backup restore runs use."""
    admin = _require_pg()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    made: list[str] = []
    roles: list[str] = []

    def database(filled: bool) -> str:
        name = f"cchc_r_{uuid.uuid4().hex[:10]}"
        _admin(admin, f'CREATE DATABASE "{name}"')
        made.append(name)
        url = admin.rsplit("/", 1)[0] + "/" + name
        _admin(url, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        if filled:
            assert _cchc("--db", url, *COMMANDS["init"])[0] == 0
            assert _cchc("--db", url, "set", "--period", "2023-07", "cd.van_ban_chi_dao=5")[0] == 0
        return url

    def role(url: str, grants: list[str]) -> str:
        name = f"vai_{uuid.uuid4().hex[:8]}"
        _admin(admin, f"CREATE ROLE {name} LOGIN")
        roles.append(name)
        _admin(url, *[grant.format(role=name, db=f'"{url.rsplit("/", 1)[1]}"') for grant in grants])
        return f"postgresql://{name}@{url.split('@', 1)[1]}"

    first = database(True)
    assert _cchc("--db", first, "backup", "-o", str(tmp_path / "tot.sqlite"))[0] == 0
    yield database, role
    close_database()
    for name in made:
        _admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for name in roles:
        _admin(admin, f"DROP ROLE IF EXISTS {name}")


def test_every_account_gets_a_result_or_a_vietnamese_refusal(server, tmp_path):
    database, role = server
    figures: dict[str, dict] = {}
    problems: list[str] = []
    for account, (filled, grants) in ACCOUNTS.items():
        codes: dict[str, int] = {}
        slowest = 0.0
        for command, argv in COMMANDS.items():
            url = database(filled)  # each command meets the account's database as it was set up
            target = role(url, grants)
            before = _rows(url)
            out_dir = tmp_path / f"{account}-{command.replace(' ', '-')}"
            out_dir.mkdir()
            (out_dir / "tot.sqlite").write_bytes((tmp_path / "tot.sqlite").read_bytes())
            args = [arg.replace("{out}", str(out_dir)) for arg in argv]
            code, out, err, seconds = _cchc("--db", target, *args)
            codes[command] = code
            slowest = max(slowest, seconds)
            where = f"{account}/{command}"
            problem = problem_of(code, err)
            if problem:
                problems.append(f"{where}: {problem}")
            if code == 2:
                if "không có quyền" not in err and not (filled and command == "init"):  # init: a unit is there
                    problems.append(f"{where}: refused without naming the missing right: {err.strip()[:300]}")
                if _rows(url) != before:
                    problems.append(f"{where}: refused, but rows changed")
                if command == "backup" and (out_dir / "sao-luu.sqlite").exists():
                    problems.append(f"{where}: refused, but a backup file was left")
            elif code == 0 and "Traceback" in out + err:
                problems.append(f"{where}: a traceback with exit 0")
        figures[account] = {"exit_codes": codes, "max_seconds": round(slowest, 3)}
    cuts = _cut_connections(database(True), tmp_path)
    record("postgres_roles", {"accounts": figures, "commands": list(COMMANDS), "cut_connections": cuts})
    assert not problems, "\n".join(problems)
    assert figures["read_write"]["exit_codes"] == dict.fromkeys(COMMANDS, 0) | {"init": 2}
    assert cuts["exit_codes"].get(3, 0) == 0, cuts


def _cut_connections(url: str, out_dir: Path) -> dict:
    """Commands run while the server ends every connection to the database at a random moment (as a
    restart does): each ends in 0 or 2, and the database still answers afterwards."""
    rng = random.Random(17)
    name = url.rsplit("/", 1)[1]
    admin = _require_pg()
    codes: dict[int, int] = {}
    samples: set[str] = set()
    cut_commands = ["set", "get", "check", "export pdf", "backup"]
    for number in range(CUT_ROUNDS):
        command = cut_commands[number % len(cut_commands)]
        delay = rng.uniform(0.0, 0.05)

        def cut(delay=delay) -> None:
            time.sleep(delay)
            _admin(admin, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")

        cutter = threading.Thread(target=cut)
        cutter.start()
        args = [arg.replace("{out}", str(out_dir)) for arg in COMMANDS[command]]
        if command == "set":
            args[-1] = f"cd.van_ban_chi_dao={number}"
        code, _out, err, _seconds = _cchc("--db", url, *args)
        cutter.join()
        codes[code] = codes.get(code, 0) + 1
        if code == 2:
            assert_vietnamese(err)
            samples.add(err.split(": ", 1)[-1].strip()[:120])
    after = _cchc("--db", url, "get", "--period", "2023-07", "--json")
    assert after[0] == 0, after
    return {"runs": CUT_ROUNDS, "exit_codes": dict(sorted(codes.items())), "messages": sorted(samples)}
