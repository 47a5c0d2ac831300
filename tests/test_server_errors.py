"""A shared server database: addresses written by hand, a lost connection, an account without rights."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from cchc_desktop.app import UserError, Workspace
from db.errors import DatabaseUnavailable
from db.target import ServerTarget, parse_target
from tests.conftest import _require_pg


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
