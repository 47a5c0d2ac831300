"""The db layer on both engines: schema equals the models, the write path, conflicts, one-query reads,
rename, backup and restore (a server's backup is an SQLite file that restores anywhere)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from db import backup, migrations, restore, store, value_writes
from db.connection import close_database, engine_kind, open_database
from db.engines import SqliteEngine
from db.errors import BackupInvalid, DatabaseTooNew, ValueConflict
from db.models import ALL_MODELS, Audit, Unit, Value, database
from db.target import ServerTarget, parse_target

TYPES = {
    "integer": "int",
    "int": "int",
    "serial": "int",
    "boolean": "bool",
    "character varying": "varchar",
    "varchar": "varchar",
    "text": "text",
    "datetime": "datetime",
    "timestamp without time zone": "datetime",
    "timestamp": "datetime",
}


def _type_class(data_type: str, kind: str) -> str:
    name = data_type.lower().split("(")[0].strip()
    if kind == "sqlite" and name == "integer":
        return "int"  # SQLite stores booleans as INTEGER too
    return TYPES[name]


def _shape(db, kind: str) -> dict:
    """Tables -> columns (name, type class, nullable) and indexes (columns, unique), primary keys aside."""
    shape = {}
    for table in sorted(t for t in db.get_tables() if not t.startswith("sqlite_")):
        primary = set(db.get_primary_keys(table))
        columns = {
            (
                c.name,
                _type_class(c.data_type, kind) if c.name not in primary else "key",
                c.null and c.name not in primary,
            )
            for c in db.get_columns(table)
        }
        indexes = {
            (tuple(index.columns), bool(index.unique))
            for index in db.get_indexes(table)
            if set(index.columns) != primary
        }
        shape[table] = (columns, indexes)
    return shape


@pytest.fixture
def opened(engine_target, tmp_path):
    open_database(engine_target, create=True, backup_dir=tmp_path / "backups")
    unit = store.save_unit({"code": "X-A", "name": "UBND xã A"}, is_self=True)
    yield unit
    close_database()


def test_migrated_schema_equals_the_models(engine_target, tmp_path):
    open_database(engine_target, create=True, backup_dir=tmp_path / "backups")
    kind = engine_kind()
    assert migrations.current_version(database) == migrations.LATEST
    migrated = _shape(database, kind)
    # the same models created directly by peewee, in a scratch place of the same engine
    if kind == "sqlite":
        from peewee import SqliteDatabase

        scratch = SqliteDatabase(str(tmp_path / "scratch.sqlite"))
    else:
        database.execute_sql("CREATE SCHEMA scratch")
        database.execute_sql("SET search_path TO scratch")
        scratch = database
    with scratch.bind_ctx(ALL_MODELS):
        scratch.create_tables(ALL_MODELS)
        direct = _shape(scratch, kind)
    # the index each engine's sums need (db.migrations V7), not a model's
    direct["value"][1].add(((("period", "code", "unit_id", "value") if kind == "sqlite" else ("period",)), False))
    assert set(migrated) == {m._meta.table_name for m in ALL_MODELS}
    assert migrated == direct


def test_write_values_audits_real_changes_only(opened):
    unit = opened
    assert store.write_values(unit, "2023-07", {"a": "1", "b": "2"}, "2023.1") == 2
    assert store.write_values(unit, "2023-07", {"a": "1", "b": "3", "c": None}, "2023.1") == 1
    assert store.write_values(unit, "2023-07", {"a": None}, "2023.1") == 1
    assert store.stored_values(unit, ["2023-07"]) == {"2023-07": {"b": "3"}}
    rows = list(Audit.select(Audit.code, Audit.old, Audit.new).where(Audit.action == "nhap").tuples())
    assert rows == [("a", None, "1"), ("b", None, "2"), ("b", "2", "3"), ("a", "1", None)]


def test_many_values_in_one_write(opened):
    changes = {f"code.{i}": str(i) for i in range(1500)}
    assert store.write_values(opened, "2023-08", changes, "2023.1") == 1500
    assert store.stored_values(opened, ["2023-08"])["2023-08"] == changes


def test_expected_value_conflict_writes_nothing(opened, monkeypatch):
    unit = opened
    monkeypatch.setattr(value_writes, "current_user", lambda: "chi.lan")
    store.write_values(unit, "2023-07", {"a": "5", "gone": "1"}, "2023.1")
    store.write_values(unit, "2023-07", {"gone": None}, "2023.1")
    before = Audit.select().count()
    monkeypatch.setattr(value_writes, "current_user", lambda: "anh.binh")
    with pytest.raises(ValueConflict) as caught:
        store.write_values(
            unit, "2023-07", {"a": "6", "b": "1", "gone": "2"}, "2023.1", expected={"a": "4", "gone": "1", "b": None}
        )
    conflicts = {c.code: c for c in caught.value.conflicts}
    assert set(conflicts) == {"a", "gone"}
    assert conflicts["a"].stored == "5" and conflicts["a"].updated_by == "chi.lan"
    assert isinstance(conflicts["a"].updated_at, datetime)
    assert conflicts["gone"].stored is None and conflicts["gone"].updated_by == "chi.lan"
    message = str(caught.value)
    assert "chi.lan" in message and "ngày" in message and "Chưa lưu gì" in message
    assert store.stored_values(unit, ["2023-07"])["2023-07"] == {"a": "5"}
    assert Audit.select().count() == before
    # what the writer saw matches: written
    assert store.write_values(unit, "2023-07", {"a": "6"}, "2023.1", expected={"a": "5"}) == 1


def test_values_and_last_updates_of_many_units_in_one_query(opened):
    child = store.save_unit({"code": "X-B", "name": "UBND xã B", "parent_code": "X-A"}, is_self=False)
    empty = store.save_unit({"code": "X-C", "name": "UBND xã C", "parent_code": "X-A"}, is_self=False)
    store.write_values(opened, "2023-07", {"a": "1"}, "2023.1")
    store.write_values(child, "2023-08", {"a": "2", "b": "x"}, "2023.1")
    values = store.values_of_units([opened, child, empty], ["2023-07", "2023-08"])
    assert values[(opened.id, "2023-07")] == {"a": "1"} and values[(opened.id, "2023-08")] == {}
    assert values[(child.id, "2023-08")] == {"a": "2", "b": "x"} and values[(empty.id, "2023-07")] == {}
    stamps = store.last_updates([opened, child, empty], ["2023-08"])
    assert stamps[opened.id] is None and stamps[empty.id] is None
    assert isinstance(stamps[child.id], datetime)


def test_rename_unit_code_is_one_audited_change(opened):
    store.save_unit({"code": "X-B", "name": "UBND xã B", "parent_code": "X-A"}, is_self=False)
    store.rename_unit_code("X-A", "X-AA")
    assert store.self_unit().code == "X-AA"
    assert [u.code for u in store.children_of(store.self_unit())] == ["X-B"]
    row = Audit.select().where(Audit.action == "doi_ma_don_vi").get()
    assert (row.old, row.new) == ("X-A", "X-AA")


def test_backup_is_an_sqlite_file_and_restores(opened, tmp_path):
    store.write_values(opened, "2023-07", {"a": "1", "b": "2"}, "2023.1")
    store.put_setting("template_version", "2023.1")
    dest = backup.backup_to(tmp_path / "out" / "copy.sqlite")
    conn = sqlite3.connect(dest)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == migrations.LATEST
    assert dict(conn.execute("SELECT code, value FROM value")) == {"a": "1", "b": "2"}
    assert conn.execute("SELECT is_self FROM unit").fetchone()[0] == 1
    conn.close()
    store.write_values(opened, "2023-07", {"a": "9", "c": "3"}, "2023.1")
    safety = restore.restore_from(dest)
    assert safety.exists() and "truoc-khoi-phuc" in safety.name
    unit = store.self_unit()
    assert store.stored_values(unit, ["2023-07"])["2023-07"] == {"a": "1", "b": "2"}
    assert Audit.select().where(Audit.action == "khoi_phuc").count() == 1
    # numbering goes on after the restored rows (a server's sequences follow them)
    store.save_unit({"code": "X-NEW", "name": "UBND xã Mới"}, is_self=False)
    store.write_values(unit, "2023-09", {"a": "4"}, "2023.1")
    assert Value.select().count() == 3


def test_restore_refuses_bad_sources_before_touching_anything(opened, tmp_path):
    store.write_values(opened, "2023-07", {"a": "1"}, "2023.1")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"junk" * 100)
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE khach (id INTEGER)")
    conn.commit()
    conn.close()
    future = tmp_path / "future.sqlite"
    future.write_bytes(backup.backup_to(tmp_path / "ok.sqlite").read_bytes())
    conn = sqlite3.connect(future)
    conn.execute(f"UPDATE schema_version SET version = {migrations.LATEST + 1}")
    conn.commit()
    conn.close()
    for source, error in ((junk, BackupInvalid), (foreign, BackupInvalid), (future, DatabaseTooNew)):
        with pytest.raises(error):
            restore.restore_from(source)
    with pytest.raises(BackupInvalid):
        restore.restore_from(tmp_path / "missing.sqlite")
    assert store.stored_values(opened, ["2023-07"])["2023-07"] == {"a": "1"}
    assert backup.list_backups(tmp_path / "backups") == []


def test_restore_of_an_old_schema_backup(opened, tmp_path):
    old = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(old)
    for statement in migrations.statements(0, SqliteEngine.schema_words):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO unit (code, name, is_self, created_at) VALUES ('OLD', 'Đơn vị cũ', 1, '2023-01-01')")
    conn.execute(
        "INSERT INTO value (unit_id, period, code, value, template_version, updated_at) "
        "VALUES (1, '2023-01', 'a', '7', '2023.1', '2023-01-02 08:00:00')"
    )
    conn.execute("INSERT INTO setting (key, value) VALUES ('template_version', '2023.1')")
    conn.commit()
    conn.close()
    restore.restore_from(old)
    unit = store.self_unit()
    assert unit.code == "OLD" and unit.signer_name == ""
    assert store.stored_values(unit, ["2023-01"])["2023-01"] == {"a": "7"}
    assert migrations.current_version(database) == migrations.LATEST


def test_server_url_never_shows_the_password():
    target = parse_target("postgresql://clerk:b%C3%AD-m%E1%BA%ADt@db.example:5433/cchc")
    assert isinstance(target, ServerTarget)
    assert str(target) == "postgresql://clerk:***@db.example:5433/cchc"
    assert target.folder_name() == "db.example_5433_cchc"
    assert parse_target("postgresql://db.example/cchc").dbname == "cchc"


@pytest.mark.postgresql
def test_unreachable_server_is_a_clear_error_without_password(pg_url):
    from db.errors import DatabaseUnavailable

    port = pg_url.split(":")[2].split("/")[0]
    wrong = pg_url.replace(f":{port}/", ":1/").replace("://cchc@", "://cchc:matkhau-bi-mat@")
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(wrong)
    assert "matkhau-bi-mat" not in str(caught.value) and "***" in str(caught.value)
    missing = pg_url.rsplit("/", 1)[0] + "/khong_co_csdl_nay"
    with pytest.raises(DatabaseUnavailable, match="không có cơ sở dữ liệu này"):
        open_database(missing)


def test_unit_model_reads_the_booleans_back(opened):
    assert store.self_unit().is_self is True
    assert Unit.get(Unit.code == "X-A").is_self is True


def test_integrity_is_checked_once_a_day_with_the_daily_backup(tmp_path, monkeypatch):
    path = tmp_path / "daily.sqlite"
    open_database(path, create=True)
    close_database()
    calls = []
    real = backup.integrity_problem
    monkeypatch.setattr(backup, "integrity_problem", lambda: calls.append(1) or real())
    for _ in range(3):
        open_database(path)
        close_database()
    assert len(calls) == 1
    assert len([p for p in backup.list_backups(tmp_path / "backups") if p.name.endswith("-ngay.sqlite")]) == 1


def test_daily_check_refuses_a_damaged_file_and_keeps_the_backups(tmp_path, monkeypatch):
    from db.errors import DatabaseCorrupt

    path = tmp_path / "damaged.sqlite"
    open_database(path, create=True)
    close_database()
    monkeypatch.setattr(backup, "integrity_problem", lambda: "*** in database main *** Page 7: btreeInitPage() error")
    with pytest.raises(DatabaseCorrupt, match="bị hỏng"):
        open_database(path)
    assert backup.list_backups(tmp_path / "backups") == []
    assert database.is_closed()


def test_a_file_that_is_not_sqlite_is_refused_without_reading_it(tmp_path):
    from db.errors import DatabaseCorrupt

    path = tmp_path / "note.sqlite"
    path.write_text("Đây là một ghi chú, không phải cơ sở dữ liệu." * 50, encoding="utf-8")
    with pytest.raises(DatabaseCorrupt, match="không phải tệp cơ sở dữ liệu"):
        open_database(path)
    assert path.read_text(encoding="utf-8").startswith("Đây là")


def test_repeated_writes_of_one_shape_bind_their_own_values(opened):
    """The write path compiles a statement once per shape: each later write must still store its own values."""
    for round_ in range(3):
        for month in ("2023-01", "2023-02"):
            store.write_values(opened, month, {"a": f"{month}/{round_}", "b": None if round_ else "x"}, "v")
    assert store.stored_values(opened, ["2023-01", "2023-02"]) == {
        "2023-01": {"a": "2023-01/2"},
        "2023-02": {"a": "2023-02/2"},
    }
    rows = list(
        Audit.select(Audit.period, Audit.code, Audit.old, Audit.new)
        .where(Audit.action == "nhap")
        .order_by(Audit.id)
        .tuples()
    )
    assert rows[:4] == [
        ("2023-01", "a", None, "2023-01/0"),
        ("2023-01", "b", None, "x"),
        ("2023-02", "a", None, "2023-02/0"),
        ("2023-02", "b", None, "x"),
    ]
    assert rows[4:6] == [("2023-01", "a", "2023-01/0", "2023-01/1"), ("2023-01", "b", "x", None)]
    assert len(rows) == 10
