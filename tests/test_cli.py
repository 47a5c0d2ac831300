"""The `cchc` command line contract (CLI.md): exit codes, all-or-nothing, JSON shapes, messages."""

from __future__ import annotations

import json
import sqlite3
import unicodedata

import pytest


def test_init_refuses_second_unit_unless_forced(cchc, db_path):
    assert cchc("init", "--unit-code", "X1", "--unit-name", "UBND xã Một").code == 0
    assert db_path.exists()
    again = cchc("init", "--unit-code", "X2", "--unit-name", "UBND xã Hai")
    assert again.code == 2
    assert "đã có đơn vị" in again.err
    forced = cchc("init", "--unit-code", "X2", "--unit-name", "UBND xã Hai", "--force")
    assert forced.code == 0
    units = cchc("units")
    assert "X2" in units.out and "X1" not in units.out


def test_set_and_get_vietnamese_notation(monthly_unit):
    cchc = monthly_unit
    result = cchc(
        "set",
        "--period",
        "2023-07",
        "tthc.hs.truc_tuyen=1.028",
        "tcc.thu.thuc_hien=301.953,3",
        "cds.vb.dien_tu=92,52",
        "tcc.ngay_chot=31/8/2023",
    )
    assert result.code == 0, result
    values = cchc("get", "--period", "2023-07", "--json").json()
    assert values["tthc.hs.truc_tuyen"] == 1028
    assert values["tcc.thu.thuc_hien"] == pytest.approx(301953.3)
    assert values["cds.vb.dien_tu"] == pytest.approx(92.52)
    assert values["tcc.ngay_chot"] == "2023-08-31"
    plain = cchc("get", "--period", "2023-07")
    assert "1.028 hồ sơ" in plain.out
    assert "301.953,3 triệu đồng" in plain.out


def test_empty_value_clears(monthly_unit):
    cchc = monthly_unit
    cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=5")
    assert cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=").code == 0
    assert "cd.van_ban_chi_dao" not in cchc("get", "--period", "2023-07", "--json").json()


@pytest.mark.parametrize(
    ("assignment", "words"),
    [
        ("tthc.hs.truc_tuyen=abc", ["abc"]),
        ("tthc.hs.truc_tuyen=-5", ["âm"]),
        ("cds.vb.dien_tu=101", ["100"]),
        ("tthc.hs.truc_tuyen=1,5", ["nguyên"]),
        ("khong.co.ma=1", ["khong.co.ma"]),
        ("tcc.ngay_chot=31/2/2023", ["31/2/2023"]),
        ("rate.tcc.thu=50", ["tự tính"]),
    ],
)
def test_bad_value_changes_nothing(monthly_unit, assignment, words):
    cchc = monthly_unit
    result = cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=7", assignment)
    assert result.code == 2
    for word in words:
        assert word in result.err
    assert cchc("get", "--period", "2023-07", "--json").json() == {}


def test_figures_only_on_entry_periods(monthly_unit):
    cchc = monthly_unit
    refused = cchc("set", "--period", "2023-Q3", "cd.van_ban_chi_dao=3")
    assert refused.code == 2
    assert "2023-07" in refused.err and "không phải kỳ nhập số liệu" in refused.err
    narrative = cchc("set", "--period", "2023-Q3", "nx.cd=Đã triển khai kế hoạch.")
    assert narrative.code == 0
    assert cchc("get", "--period", "2023-Q3", "--json").json()["nx.cd"] == "Đã triển khai kế hoạch."


def test_bad_period_is_refused(monthly_unit):
    result = monthly_unit("set", "--period", "2023-13", "cd.van_ban_chi_dao=3")
    assert result.code == 2
    assert "2023-13" in result.err


def test_narrative_is_stored_nfc(monthly_unit):
    decomposed = unicodedata.normalize("NFD", "Cải cách hành chính")
    assert monthly_unit("set", "--period", "2023-Q3", f"nx.tc={decomposed}").code == 0
    stored = monthly_unit("get", "--period", "2023-Q3", "--json").json()["nx.tc"]
    assert stored == unicodedata.normalize("NFC", decomposed)
    assert stored != decomposed


def test_quarter_aggregates_months(monthly_unit):
    cchc = monthly_unit
    months = {
        "2023-07": [
            "tthc.hs.ky_truoc=10",
            "tthc.hs.truc_tuyen=100",
            "tthc.hs.truc_tiep=20",
            "tthc.hs.tiep_nhan=130",
            "tthc.hs.dang_giai_quyet=15",
            "cds.mt.tong=40",
            "cd.van_ban_chi_dao=3",
        ],
        "2023-08": [
            "tthc.hs.ky_truoc=15",
            "tthc.hs.truc_tuyen=50",
            "tthc.hs.truc_tiep=5",
            "tthc.hs.tiep_nhan=70",
            "tthc.hs.dang_giai_quyet=12",
            "cds.mt.tong=42",
            "cd.van_ban_chi_dao=4",
        ],
        "2023-09": [
            "tthc.hs.ky_truoc=12",
            "tthc.hs.truc_tuyen=30",
            "tthc.hs.truc_tiep=2",
            "tthc.hs.tiep_nhan=44",
            "tthc.hs.dang_giai_quyet=9",
            "cd.van_ban_chi_dao=5",
        ],
    }
    for period, items in months.items():
        assert cchc("set", "--period", period, *items).code == 0
    quarter = cchc("get", "--period", "2023-Q3", "--json").json()
    assert quarter["cd.van_ban_chi_dao"] == 12
    assert quarter["tthc.hs.ky_truoc"] == 10
    assert quarter["tthc.hs.dang_giai_quyet"] == 9
    assert quarter["cds.mt.tong"] == 42
    assert quarter["tthc.hs.tiep_nhan"] == 10 + 120 + 55 + 32
    nine_months = cchc("get", "--period", "2023-9M", "--json").json()
    assert nine_months["cd.van_ban_chi_dao"] == 12


def test_rates_are_computed(monthly_unit):
    cchc = monthly_unit
    cchc(
        "set",
        "--period",
        "2023-07",
        "cds.mt.tong=445",
        "cds.mt.mat_khau=340",
        "tcc.thu.du_toan=483.434",
        "tcc.thu.thuc_hien=301.953,3",
    )
    values = cchc("get", "--period", "2023-07", "--json").json()
    assert values["rate.cds.mt.mat_khau"] == pytest.approx(76.40)
    assert values["rate.tcc.thu"] == pytest.approx(62.46)


def test_check_json_and_exit_codes(monthly_unit):
    cchc = monthly_unit
    cchc(
        "set",
        "--period",
        "2023-07",
        "tthc.hs.tiep_nhan=1.138",
        "tthc.hs.truc_tuyen=1.028",
        "tthc.hs.truc_tiep=110",
        "tthc.hs.ky_truoc=99",
    )
    result = cchc("check", "--period", "2023-07", "--json")
    assert result.code == 1
    items = result.json()
    hs3 = [item for item in items if item["rule"] == "tthc.hs.3"]
    assert len(hs3) == 1
    item = hs3[0]
    assert set(item) >= {"rule", "importance", "message", "codes", "left", "right"}
    assert item["importance"] == "error"
    assert item["left"] == 1138 and item["right"] == 1237
    assert "1.138" in item["message"] and "1.237" in item["message"] and "99" in item["message"]
    assert "tthc.hs.tiep_nhan" in item["codes"]
    plain = cchc("check", "--period", "2023-07")
    assert plain.code == 1
    assert "1. [LỖI] Tổng số hồ sơ tiếp nhận (1.138)" in plain.out
    assert "tthc.hs.3" not in plain.out


def test_check_clean_period_exits_zero(monthly_unit):
    monthly_unit("set", "--period", "2023-07", "cd.ck.tong=3", "cd.ck.hoan_thanh=1", "cd.ck.dang_thuc_hien=2")
    result = monthly_unit("check", "--period", "2023-07", "--json")
    assert result.code == 0
    assert [item["rule"] for item in result.json() if item["importance"] == "error"] == []


def test_quarter_check_reports_month_violations(monthly_unit):
    cchc = monthly_unit
    cchc("set", "--period", "2023-08", "cds.mt.tong=10", "cds.mt.mat_khau=12")
    cchc("set", "--period", "2023-09", "cds.mt.tong=20", "cds.mt.mat_khau=12")
    items = cchc("check", "--period", "2023-Q3", "--json").json()
    month_items = [item for item in items if item["rule"] == "cds.mt"]
    assert [item.get("period") for item in month_items] == ["2023-08"]


def test_explain_submit_reopen_cycle(monthly_unit):
    cchc = monthly_unit
    cchc("set", "--period", "2023-07", "cd.giao.tong=5", "cd.giao.dung_han=6")
    refused = cchc("submit", "--period", "2023-Q3")
    assert refused.code == 2 and "Tháng 7/2023: Số nhiệm vụ hoàn thành đúng hạn" in refused.err
    assert "cd.giao" not in refused.err
    month = cchc("submit", "--period", "2023-07")
    assert month.code == 2 and "2023-Q3" in month.err
    assert cchc("explain", "--period", "2023-Q3", "tc.vb", "không có").code == 2
    assert cchc("explain", "--period", "2023-Q3", "khong.co", "x").code == 2
    in_month = cchc("explain", "--period", "2023-07", "cd.giao", "Có 01 nhiệm vụ giao bổ sung ngoài kỳ.")
    assert in_month.code == 2 and "quý III năm 2023" in in_month.err
    assert cchc("explain", "--period", "2023-Q3", "cd.giao", "Có 01 nhiệm vụ giao bổ sung ngoài kỳ.").code == 0
    for period in ("2023-07", "2023-Q3"):
        checked = cchc("check", "--period", period, "--json")
        assert checked.code == 0
        assert checked.json()[0]["explanation"] == "Có 01 nhiệm vụ giao bổ sung ngoài kỳ."
    assert cchc("submit", "--period", "2023-Q3").code == 0
    locked = cchc("set", "--period", "2023-07", "cd.giao.tong=6")
    assert locked.code == 2 and "khóa" in locked.err
    assert cchc("get", "--period", "2023-07", "--json").json()["cd.giao.tong"] == 5
    month = cchc("reopen", "--period", "2023-07", "--reason", "Sửa số nhiệm vụ giao")
    assert month.code == 2 and "mở lại quý III năm 2023" in month.err
    assert cchc("reopen", "--period", "2023-Q3", "--reason", " ").code == 2
    assert cchc("reopen", "--period", "2023-Q3", "--reason", "Sửa số nhiệm vụ giao").code == 0
    assert cchc("set", "--period", "2023-07", "cd.giao.tong=6").code == 0


def test_submitted_quarter_locks_its_months(monthly_unit):
    cchc = monthly_unit
    cchc("set", "--period", "2023-08", "cd.van_ban_chi_dao=2")
    assert cchc("submit", "--period", "2023-Q3").code == 0
    assert cchc("set", "--period", "2023-08", "cd.van_ban_chi_dao=3").code == 2
    assert cchc("set", "--period", "2023-10", "cd.van_ban_chi_dao=3").code == 0


def test_audit_log_records_old_and_new(monthly_unit, db_path):
    monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5")
    monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=6")
    rows = (
        sqlite3.connect(db_path)
        .execute("SELECT old, new, author FROM audit WHERE code = 'cd.van_ban_chi_dao' ORDER BY id")
        .fetchall()
    )
    assert [(old, new) for old, new, _ in rows] == [(None, "5"), ("5", "6")]
    assert all(author for _, _, author in rows)


def test_load_json_all_or_nothing(monthly_unit, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"cd.van_ban_chi_dao": 4, "tcc.thu.thuc_hien": "301.953,3"}), encoding="utf-8")
    assert monthly_unit("load", "--period", "2023-07", str(good)).code == 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"cd.van_ban_chi_dao": 9, "cds.mt.tong": -1}), encoding="utf-8")
    result = monthly_unit("load", "--period", "2023-07", str(bad))
    assert result.code == 2
    assert monthly_unit("get", "--period", "2023-07", "--json").json()["cd.van_ban_chi_dao"] == 4
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert monthly_unit("load", "--period", "2023-07", str(broken)).code == 2


def test_missing_database_is_explained(cchc, tmp_path):
    result = cchc("get", "--period", "2023-07", db=tmp_path / "nowhere" / "x.sqlite")
    assert result.code == 2
    assert "Không tìm thấy cơ sở dữ liệu" in result.err
    assert not (tmp_path / "nowhere" / "x.sqlite").exists()


def test_corrupt_database_offers_latest_backup(monthly_unit, db_path, tmp_path):
    monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5")
    backup = monthly_unit("backup")
    assert backup.code == 0
    from db.connection import close_database

    close_database()
    for suffix in ("-wal", "-shm"):
        (db_path.parent / (db_path.name + suffix)).unlink(missing_ok=True)
    db_path.write_bytes(b"this is not a database" * 100)
    result = monthly_unit("get", "--period", "2023-07")
    assert result.code == 2
    # the hint names the exact command, with the database (see tests/test_recovery.py, which runs it)
    assert "bị hỏng" in result.err and f'cchc --db "{db_path}" restore' in result.err and "backups" in result.err


def test_backup_and_restore(monthly_unit, tmp_path, db_path):
    cchc = monthly_unit
    cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=5")
    target = tmp_path / "sao-luu.sqlite"
    assert cchc("backup", "-o", str(target)).code == 0
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=9")
    restored = cchc("restore", str(target))
    assert restored.code == 0, restored
    assert cchc("get", "--period", "2023-07", "--json").json()["cd.van_ban_chi_dao"] == 5
    safety = list((db_path.parent / "backups").glob("*truoc-khoi-phuc*"))
    assert len(safety) == 1
    assert (
        sqlite3.connect(safety[0]).execute("SELECT value FROM value WHERE code='cd.van_ban_chi_dao'").fetchone()[0]
        == "9"
    )
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"junk" * 50)
    assert cchc("restore", str(junk)).code == 2
    assert cchc("get", "--period", "2023-07", "--json").json()["cd.van_ban_chi_dao"] == 5


def test_import_of_a_missing_file_is_refused(monthly_unit, tmp_path):
    result = monthly_unit("import", str(tmp_path / "a.xlsx"))
    assert result.code == 2 and "TỪ CHỐI" in result.out and "a.xlsx" in result.out


def test_unknown_command_usage_exit_2(cchc):
    with pytest.raises(SystemExit) as exc:
        cchc("frobnicate")
    assert exc.value.code == 2


def test_demo_refuses_to_overwrite(cchc, tmp_path):
    path = tmp_path / "d.sqlite"
    assert cchc("demo", "--db", str(path)).code == 0
    again = cchc("demo", "--db", str(path))
    assert again.code == 2 and "không ghi đè" in again.err
