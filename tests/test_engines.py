"""The command line on each engine: the same clerk's journey on an SQLite file and on a PostgreSQL
database (init, set, get, check, explain, submit, reopen, backup, restore, demo, exports)."""

from __future__ import annotations

import sqlite3

import pytest
from pypdf import PdfReader

from cchc_desktop.app import paths
from exports.annex_reader import read_annex


@pytest.fixture
def run(cchc, engine_target):
    return lambda *args: cchc(*args, db=engine_target)


def test_clerk_journey(run, engine_target, tmp_path):
    assert run("init", "--unit-code", "P-ANHOA", "--unit-name", "UBND phường An Hòa").code == 0
    assert "P-ANHOA" in run("units").out
    assert (
        run("set", "--period", "2023-07", "cd.giao.tong=5", "cd.giao.dung_han=6", "tcc.thu.thuc_hien=301.953,3").code
        == 0
    )
    values = run("get", "--period", "2023-07", "--json").json()
    assert values["cd.giao.tong"] == 5 and values["tcc.thu.thuc_hien"] == pytest.approx(301953.3)
    assert run("get", "--period", "2023-Q3", "--json").json()["cd.giao.tong"] == 5
    checked = run("check", "--period", "2023-Q3", "--json")
    assert checked.code == 1 and "cd.giao" in {item["rule"] for item in checked.json()}
    assert run("submit", "--period", "2023-Q3").code == 2
    assert run("explain", "--period", "2023-Q3", "cd.giao", "Có 01 nhiệm vụ giao bổ sung.").code == 0
    assert run("check", "--period", "2023-Q3", "--json").code == 0
    assert run("submit", "--period", "2023-Q3").code == 0
    locked = run("set", "--period", "2023-07", "cd.giao.tong=6")
    assert locked.code == 2 and "khóa" in locked.err
    assert run("reopen", "--period", "2023-Q3", "--reason", "Sửa số liệu").code == 0
    assert run("set", "--period", "2023-07", "cd.giao.tong=6").code == 0

    copy = tmp_path / "sao-luu.sqlite"
    assert run("backup", "-o", str(copy)).code == 0
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT value FROM value WHERE code = 'cd.giao.tong'").fetchone()[0] == "6"
    conn.close()
    assert run("backup").code == 0  # into the backups folder
    assert run("set", "--period", "2023-07", "cd.giao.tong=9").code == 0
    restored = run("restore", str(copy))
    assert restored.code == 0, restored
    assert run("get", "--period", "2023-07", "--json").json()["cd.giao.tong"] == 6
    assert run("status", "--period", "2023-Q3").code == 0
    assert run("set", "--period", "2023-08", "cd.giao.tong=1").code == 0  # numbering goes on after a restore
    folder = paths.backups_dir(paths.default_db_path(engine_target)) or tmp_path / "backups"
    made = {name.name.rsplit("-", 1)[-1] for name in folder.glob("cchc-*.sqlite")}
    # daily (of a file: a server database is backed up on the server), by hand (thu-cong), before restoring
    daily = {"ngay.sqlite"} if engine_target.endswith(".sqlite") else set()
    assert daily | {"cong.sqlite", "phuc.sqlite"} <= made
    assert engine_target.endswith(".sqlite") or "ngay.sqlite" not in made
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"junk" * 50)
    refused = run("restore", str(junk))
    assert refused.code == 2 and "không khôi phục" in refused.err
    assert run("get", "--period", "2023-07", "--json").json()["cd.giao.tong"] == 6


def test_demo_and_exports(run, tmp_path):
    assert run("demo").code == 0
    again = run("demo")
    assert again.code == 2 and "không ghi đè" in again.err
    pdf = tmp_path / "bao-cao.pdf"
    assert run("export", "pdf", "--period", "2023-Q3", "-o", str(pdf)).code == 0
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "THÀNH PHỐ SA ĐÉC" in text and "1.138 hồ sơ" in text
    xlsx = tmp_path / "phu-luc.xlsx"
    assert run("export", "xlsx", "--period", "2023-Q3", "-o", str(xlsx)).code == 0
    content = read_annex(xlsx)
    assert content.checksum_ok and content.header["unit_code"] == "TP-SADEC"
    consolidated = run("get", "--period", "2023-Q3", "--consolidated", "--json").json()
    assert consolidated["tthc.hs.tiep_nhan"] > run("get", "--period", "2023-Q3", "--json").json()["tthc.hs.tiep_nhan"]


@pytest.mark.postgresql
def test_a_file_backup_restores_into_a_server(cchc, pg_url, clean_demo_db, tmp_path):
    """A commune's SQLite file handed to the province restores into its PostgreSQL database, and back."""
    expected = cchc("get", "--period", "2023-Q3", "--consolidated", "--json", db=clean_demo_db).json()
    assert cchc("init", "--unit-code", "TAM", "--unit-name", "Tạm", db=pg_url).code == 0
    assert cchc("restore", str(clean_demo_db), db=pg_url).code == 0
    assert cchc("get", "--period", "2023-Q3", "--consolidated", "--json", db=pg_url).json() == expected
    # the server's numbering continues after the restored rows (it had far fewer before)
    assert cchc("set", "--period", "2023-Q4", "cd.van_ban_chi_dao=4", db=pg_url).code == 0
    back = tmp_path / "tu-may-chu.sqlite"
    assert cchc("backup", "-o", str(back), db=pg_url).code == 0
    assert cchc("get", "--period", "2023-Q3", "--consolidated", "--json", db=back).json() == expected
