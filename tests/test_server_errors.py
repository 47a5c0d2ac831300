"""A shared server database: addresses written by hand, a lost connection, an account without rights."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from cchc_desktop.app import UserError, Workspace
from db.errors import DatabaseUnavailable
from db.target import ServerTarget, parse_target
from tests.conftest import _require_pg
from tests.refusals import assert_refused, assert_vietnamese


def test_the_short_postgres_scheme_is_the_same_server_address():
    target = parse_target("postgres://can-bo:bi-mat@may-chu:5433/cchc")
    assert isinstance(target, ServerTarget) and target.url.startswith("postgresql://")
    assert str(target) == "postgresql://can-bo:***@may-chu:5433/cchc"


def test_an_unencoded_at_sign_in_the_password_is_refused_without_showing_it():
    with pytest.raises(UserError) as caught:
        parse_target("postgresql://can-bo:Tho@Sen9@127.0.0.1/cchc")
    assert "%40" in str(caught.value) and "Sen9" not in str(caught.value)


def _admin(sql: str) -> None:
    with psycopg.connect(_require_pg(), autocommit=True) as conn:
        conn.execute(sql)


@pytest.mark.postgresql
def test_a_lost_connection_is_said_once_and_the_next_action_connects_again(pg_url):
    ws = Workspace.open(pg_url, create=True)
    try:
        ws.units.init_unit(code="P1", name="UBND phường An Hòa")
        ws.entry.set_values("2023-07", {"tthc.hs.tiep_nhan": 5})
        name = pg_url.rsplit("/", 1)[1]
        _admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        with pytest.raises(DatabaseUnavailable, match="mất kết nối"):
            ws.entry.set_values("2023-07", {"tthc.hs.tiep_nhan": 6})
        assert ws.entry.set_values("2023-07", {"tthc.hs.tiep_nhan": 7}) == 1
        assert ws.entry.get_values("2023-07")["tthc.hs.tiep_nhan"] == 7
    finally:
        ws.close()


@pytest.mark.postgresql
def test_an_account_without_rights_is_told_so_in_vietnamese(pg_url, cchc):
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường", db=pg_url).code == 0
    role = f"khach_{uuid.uuid4().hex[:8]}"
    _admin(f"CREATE ROLE {role} LOGIN")
    try:
        host = pg_url.split("@", 1)[1]
        result = cchc("get", "--period", "2023-07", db=f"postgresql://{role}@{host}")
        assert result.code == 2, result
        assert "không có quyền" in result.err and "Lỗi hệ thống" not in result.err
    finally:
        _admin(f"DROP OWNED BY {role}")
        _admin(f"DROP ROLE {role}")


# ----- issue 17, case 15: accounts without rights, addresses, restarts, closed connections ----------
def _as(pg_url: str, role: str) -> str:
    return f"postgresql://{role}@{pg_url.split('@', 1)[1]}"


@pytest.fixture
def role(pg_url):
    """A login role made for the test (and dropped after), with what `grants` give it in the test's database."""
    made = []

    def make(*grants: str) -> str:
        name = f"vai_{uuid.uuid4().hex[:8]}"
        _admin(f"CREATE ROLE {name} LOGIN")
        made.append(name)
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")  # as PostgreSQL 15+ has it by default
            for grant in grants:
                conn.execute(grant.format(role=name))
        return name

    yield make
    for name in made:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {name}")
        _admin(f"DROP ROLE {name}")


def _tables(pg_url: str) -> list[str]:
    with psycopg.connect(pg_url) as conn:
        return [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]


def _values(pg_url: str) -> list:
    with psycopg.connect(pg_url) as conn:
        return conn.execute("SELECT code, value FROM value ORDER BY code").fetchall()


@pytest.mark.postgresql
def test_an_account_that_may_not_create_tables_is_told_the_grant_it_needs(pg_url, cchc, role, tmp_path):
    name = role()
    target = _as(pg_url, name)
    for args in (
        ("init", "--unit-code", "P1", "--unit-name", "UBND phường"),
        ("get", "--period", "2023-07"),
        ("set", "--period", "2023-07", "cd.van_ban_chi_dao=5"),
        ("backup", "-o", str(tmp_path / "sao-luu.sqlite")),
    ):
        result = cchc(*args, db=target)
        assert_refused(
            result, f"Tài khoản “{name}”", "không có quyền tạo bảng", f'GRANT CREATE ON SCHEMA public TO "{name}"'
        )
    assert _tables(pg_url) == []
    assert not (tmp_path / "sao-luu.sqlite").exists()


@pytest.mark.postgresql
def test_a_read_only_account_reads_and_is_refused_writes(pg_url, cchc, role, tmp_path):
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường", db=pg_url).code == 0
    assert cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=5", db=pg_url).code == 0
    source = tmp_path / "sao-luu.sqlite"
    assert cchc("backup", "-o", str(source), db=pg_url).code == 0
    name = role("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    target = _as(pg_url, name)
    assert cchc("get", "--period", "2023-07", "--json", db=target).json() == {"cd.van_ban_chi_dao": 5}
    assert cchc("check", "--period", "2023-07", db=target).code == 0
    before = _values(pg_url)
    refused = cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=6", db=target)
    assert_refused(
        refused, f"Tài khoản “{name}”", "không có quyền ghi vào bảng value", "GRANT SELECT, INSERT, UPDATE, DELETE"
    )
    assert_refused(cchc("restore", str(source), db=target), "không có quyền ghi vào bảng")
    assert _values(pg_url) == before
    backups = tmp_path / "xdg" / "CCHC Desktop" / "backups"
    assert not list(backups.rglob("*truoc-khoi-phuc*"))  # the safety copy of a refused restore is not left


def test_a_port_that_is_not_a_number_is_said(cchc):
    result = cchc("get", "--period", "2023-07", db="postgresql://can-bo:bi-mat@127.0.0.1:abc/cchc")
    assert_refused(result, "5432")
    assert "cổng" in result.err.lower() and "bi-mat" not in result.err


@pytest.mark.postgresql
def test_a_connection_lost_inside_a_write_is_said_and_the_next_command_connects_again(pg_url, cchc, monkeypatch):
    from db import value_writes
    from db.models import database

    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường", db=pg_url).code == 0
    assert cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=5", db=pg_url).code == 0
    locked = value_writes.lock_unit  # the writes of values take the lock there

    def lost(unit):  # the server restarts while the write transaction holds its lock
        locked(unit)
        pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        _admin(f"SELECT pg_terminate_backend({pid})")

    monkeypatch.setattr(value_writes, "lock_unit", lost)
    assert_refused(cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=6", db=pg_url), "mất kết nối", "chưa lưu gì")
    monkeypatch.undo()
    assert cchc("get", "--period", "2023-07", "--json", db=pg_url).json() == {"cd.van_ban_chi_dao": 5}
    assert cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=7", db=pg_url).code == 0


@pytest.mark.postgresql
def test_a_closed_connection_is_said_in_vietnamese_and_the_next_action_connects_again(pg_url):
    from db.models import database

    with Workspace.open(pg_url, create=True) as ws:
        ws.units.init_unit(code="P1", name="UBND phường An Hòa")
        ws.entry.set_values("2023-07", {"tthc.hs.tiep_nhan": 5})
        database.connection().close()  # psycopg: "the connection is closed"
        with pytest.raises(DatabaseUnavailable) as caught:
            ws.entry.get_values("2023-07")
        assert_vietnamese(str(caught.value))
        assert ws.entry.get_values("2023-07")["tthc.hs.tiep_nhan"] == 5
        with pytest.raises(DatabaseUnavailable) as caught, database.atomic():
            database.connection().close()  # inside a transaction: it unwinds, nothing in English
            ws.entry.set_values("2023-07", {"tthc.hs.tiep_nhan": 6})
        assert "mất kết nối" in str(caught.value)
        assert ws.entry.set_values("2023-07", {"tthc.hs.tiep_nhan": 7}) == 1
        assert ws.entry.get_values("2023-07")["tthc.hs.tiep_nhan"] == 7


SERVER_SAYS = [
    (
        psycopg.OperationalError,
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
        "the database system is starting up",
        "khởi động lại",
    ),
    (
        psycopg.OperationalError,
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
        "the database system is shutting down",
        "khởi động lại",
    ),
    (
        psycopg.OperationalError,
        "connection failed: FATAL:  the database system is not yet accepting connections\n"
        "DETAIL:  Consistent recovery state has not been yet reached.",
        "khởi động lại",
    ),
    (psycopg.errors.AdminShutdown, "terminating connection due to administrator command", "mất kết nối"),
    (psycopg.errors.CannotConnectNow, "the database system is in recovery mode", "khởi động lại"),
    (
        psycopg.OperationalError,
        "consuming input failed: server closed the connection unexpectedly\n\tThis probably "
        "means the server terminated abnormally",
        "mất kết nối",
    ),
    (psycopg.OperationalError, "the connection is closed", "mất kết nối"),
    (psycopg.OperationalError, "connection failed: FATAL:  sorry, too many clients already", "đủ số người kết nối"),
    (psycopg.OperationalError, "connection failed: FATAL:  something no release has said yet", "nhật ký"),
]


@pytest.mark.parametrize(("kind", "said", "words"), SERVER_SAYS)
def test_what_a_server_says_while_it_restarts_is_told_in_vietnamese(kind, said, words):
    from peewee import OperationalError

    from db.engines import PostgresEngine

    engine = PostgresEngine(ServerTarget("postgresql://can-bo@10.0.0.5:5432/cchc"))
    driver = kind(said)
    error = engine.translated(OperationalError(driver, *driver.args))  # as peewee wraps the driver's error
    assert isinstance(error, DatabaseUnavailable)
    assert words in str(error)
    assert_vietnamese(str(error))
