"""`cchc load FILE.json` reads what Notepad and Excel save and refuses anything else by name; bad
bytes in a command-line argument are refused the same way, never a traceback (issue 10)."""

from __future__ import annotations

import codecs
import json

import pytest

from cchc_desktop.cli import main
from cchc_desktop.cli.load import MAX_FILE_BYTES

GOOD = '{"tcc.kt.kien_nghi": 5, "tcc.thu.thuc_hien": 301953.3, "tcc.ngay_chot": "31/7/2023"}'


@pytest.mark.parametrize(
    "data",
    [
        GOOD.encode("utf-8"),
        codecs.BOM_UTF8 + GOOD.encode("utf-8"),
        codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_load_reads_utf8_with_or_without_bom_and_utf16_with_bom(monthly_unit, tmp_path, data):
    path = tmp_path / "v.json"
    path.write_bytes(data)
    result = monthly_unit("load", "--period", "2023-07", str(path))
    assert result.code == 0, result
    values = monthly_unit("get", "--period", "2023-07", "--json").json()
    assert values["tcc.kt.kien_nghi"] == 5 and values["tcc.thu.thuc_hien"] == 301953.3
    assert values["tcc.ngay_chot"] == "2023-07-31"


def test_a_decimal_written_in_json_keeps_its_digits(monthly_unit, tmp_path):
    path = tmp_path / "v.json"
    path.write_text('{"tcc.thu.thuc_hien": 123456789012.125}', encoding="utf-8")
    assert monthly_unit("load", "--period", "2023-07", str(path)).code == 0
    shown = monthly_unit("get", "--period", "2023-07").out
    assert "123.456.789.012,125" in shown


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (GOOD.encode("utf-16-le"), "byte 0 (NUL)"),
        (codecs.BOM_UTF32_LE + GOOD.encode("utf-32-le"), "UTF-32"),
        ('{"nx.uu_diem": "Ưu"}'.encode("cp1258"), "không phải văn bản UTF-8 hợp lệ: byte"),
        (codecs.BOM_UTF16_LE + b"{\x00\x00\xd8}\x00", "không phải văn bản UTF-16 hợp lệ"),
        (b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "lồng nhau quá sâu"),
        (b'{"tcc.kt.kien_nghi": 5, "tcc.kt.kien_nghi": 6}', "mã “tcc.kt.kien_nghi” xuất hiện hai lần"),
        (b'{"tcc.kt.kien_nghi": [5]}', "là danh sách"),
        (b'{"tcc.kt.kien_nghi": {"x": 5}}', "là đối tượng lồng nhau"),
        (b'{"tcc.kt.kien_nghi": true}', "không phải là số"),
        (b'{"tcc.kt.kien_nghi": NaN}', "“NaN” không phải là số"),
        (b'{"tcc.kt.kien_nghi": Infinity}', "“Infinity” không phải là số"),
        (b'{"nx.uu_diem": "a\\ud800b"}', "U+D800 đứng một mình"),
        (b'{"tcc\\udfff": 1}', "U+DFFF đứng một mình"),
        (b'{"' + b"x" * 500 + b'": 1}', "quá dài (500 ký tự)"),
        (b'{"": 1}', "một mã để trống"),
        (b'{"tcc\\u001b": 1}', "ký tự điều khiển"),
        (b"[1, 2]", "phải chứa một đối tượng JSON"),
        (b'{"tcc.kt.kien_nghi": 5', "không phải JSON hợp lệ (dòng 1"),
        (b"", "không phải JSON hợp lệ"),
        (b'{"tcc.kt.kien_nghi": 1' + b"0" * 5000 + b"}", "quá lớn: tối đa 999.999.999.999.999"),
        (b'{"tcc.thu.thuc_hien": 1e999999999}', "quá lớn: tối đa 999.999.999.999.999"),
        (b'{"tcc.thu.thuc_hien": 1e-999999999}', "quá nhiều chữ số thập phân"),
        (b'{"tcc.kt.kien_nghi": 1e15}', "quá lớn"),
        (b'{"nx.uu_diem": "a\\u001bb"}', "có ký tự điều khiển U+001B"),
    ],
)
def test_load_refuses_a_bad_file_by_name_and_stores_nothing(monthly_unit, tmp_path, data, words):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    period = "2023-Q3" if b"nx.uu_diem" in data else "2023-07"
    result = monthly_unit("load", "--period", period, str(path))
    assert result.code == 2, result
    assert words in result.err, result
    assert "Traceback" not in result.err and "Lỗi hệ thống" not in result.err
    assert len(result.err) < 1000
    assert monthly_unit("get", "--period", period, "--json").json() == {}


def test_load_refuses_a_file_past_5_mb_without_reading_it_all(monthly_unit, tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b'{"nx.uu_diem": "' + b"a" * MAX_FILE_BYTES + b'"}')
    result = monthly_unit("load", "--period", "2023-Q3", str(path))
    assert result.code == 2 and "quá lớn: hơn 5 MB" in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ["set", "--period", "2023-07\udcff", "tcc.kt.kien_nghi=5"],
        ["set", "--period", "2023-Q3", "nx.uu_diem=\udcc3"],
        ["set", "--period", "2023-07", "tcc.kt.kien_nghi=\ud800"],
        ["init", "--unit-code", "X\udc80", "--unit-name", "Y"],
        ["get\udcfe", "--period", "2023-07"],
    ],
)
def test_an_argument_that_is_not_utf8_is_refused_in_vietnamese(tmp_path, capsys, argv):
    code = main(["--db", str(tmp_path / "x.sqlite"), *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert "không phải chữ" in err and "\\" in err and "Traceback" not in err, err
    assert not (tmp_path / "x.sqlite").exists()


@pytest.mark.posix_only(
    reason="a Windows command line is UTF-16 text: an argument cannot hold bytes that are not UTF-8"
)
def test_an_argument_that_is_not_utf8_is_refused_by_the_real_program(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "CCHC_DB": str(tmp_path / "x.sqlite"), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "cchc_desktop.cli", "get", "--period", b"2023-07\xff"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert "đối số thứ 3 “2023-07\\xff” có byte không phải chữ UTF-8 (0xFF)" in err
    assert "Traceback" not in err


def test_an_argument_in_utf8_bytes_escaped_by_another_locale_is_read_as_utf8(monthly_unit):
    # "Tốt" as UTF-8 bytes that a non-UTF-8 locale handed over as lone surrogates
    escaped = "Tốt".encode().decode("ascii", "surrogateescape")
    assert monthly_unit("set", "--period", "2023-Q3", f"nx.uu_diem={escaped}").code == 0
    assert monthly_unit("get", "--period", "2023-Q3", "--json").json()["nx.uu_diem"] == "Tốt"


def test_json_output_still_round_trips(monthly_unit):
    assert monthly_unit("set", "--period", "2023-07", "tcc.kt.kien_nghi=999.999.999.999.999").code == 0
    assert json.loads(monthly_unit("get", "--period", "2023-07", "--json").out)["tcc.kt.kien_nghi"] == 10**15 - 1


def test_a_control_character_stored_by_an_earlier_release_is_printed_by_its_code(monthly_unit, db_path):
    import sqlite3

    from db.connection import close_database

    assert monthly_unit("set", "--period", "2023-Q3", "nx.uu_diem=Tốt").code == 0
    close_database()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE value SET value = ? WHERE code = 'nx.uu_diem'", ("Tốt\x1b[31m đỏ\x00",))
    connection.close()
    shown = monthly_unit("get", "--period", "2023-Q3").out
    assert "Tốt\\x1b[31m đỏ\\x00" in shown and "\x1b" not in shown and "\x00" not in shown


def test_the_window_year_picker_refuses_a_year_outside_2000_to_2100():
    from cchc_desktop.app.presenters.main_view import make_period
    from forms.errors import ValueInputError

    assert str(make_period(2100, "quarter", 4)) == "2100-Q4"
    with pytest.raises(ValueInputError, match="năm phải từ 2000 đến 2100"):
        make_period(1999, "quarter", 3)
