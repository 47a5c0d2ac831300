"""The proof table of issue 10: bad command-line inputs across every command are each refused with
exit 2 and a Vietnamese message naming the field and the value, and the database is unchanged, byte
for byte (the file and its `.dump`). Run in-process: one prepared database copied per case."""

from __future__ import annotations

import codecs
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from cchc_desktop.cli import main
from db.connection import close_database
from tests.hostile_packs import KINDS

COUNT = ("tcc.kt.kien_nghi", "Kiến nghị của Kiểm toán nhà nước phải thực hiện")
AMOUNT = ("tcc.thu.thuc_hien", "Thu NSNN trên địa bàn lũy kế")
PERCENT = ("cds.vb.dien_tu", "Tỷ lệ văn bản đi/đến xử lý trên môi trường điện tử")
DAY = ("tcc.ngay_chot", "Số liệu tài chính tính đến ngày")
TEXT = ("nx.uu_diem", "1. Ưu điểm")

# (value typed, words the refusal must hold besides the field's label); the value shown is checked too
BAD_NUMBERS = [
    ("9" * 310, "quá dài"),
    ("1" + "0" * 5000, "quá dài"),
    ("1.000.000.000.000.000", "quá lớn"),
    ("1000000000000000", "quá lớn"),
    ("-5", "số âm"),
    ("abc", "chỉ được gõ chữ số"),
    ("1,2,3", "một dấu phẩy"),
    ("12.34.5", "nhóm 3 chữ số"),
    ("1,234.5", "kiểu tiếng Anh"),
    ("1e5", "chỉ được gõ chữ số"),
    ("NaN", "chỉ được gõ chữ số"),
    ("Infinity", "chỉ được gõ chữ số"),
    ("0x10", "chỉ được gõ chữ số"),
    ("5\x1b", "chỉ được gõ chữ số"),
    ("5\x00", "chỉ được gõ chữ số"),
    ("١٢", "chỉ được gõ chữ số"),
]
BAD_COUNTS = [("1,5", "số nguyên"), ("2,75", "số nguyên")]
BAD_AMOUNTS = [("1,2345", "chữ số thập phân"), ("99.999.999.999.999,99", "15 chữ số")]
BAD_PERCENTS = [("100,01", "từ 0 đến 100"), ("101%", "từ 0 đến 100"), ("50,123", "chữ số thập phân")]
BAD_DATES = [
    ("31/2/2023", "chỉ có 28 ngày"),
    ("1/1/0001", "từ 1900 đến 2100"),
    ("1/1/2101", "từ 1900 đến 2100"),
    ("0001-01-01", "từ 1900 đến 2100"),
    ("13/13/2023", "tháng phải từ 1 đến 12"),
    ("hôm qua", "ngày/tháng/năm"),
    ("1" * 200, "quá dài"),
]
BAD_TEXTS = [
    ("Tốt\x1b[31m", "U+001B"),
    ("a\x00b", "U+0000"),
    ("a\x07b", "U+0007"),
    ("a\x7fb", "U+007F"),
    ("a\x0bb", "U+000B"),
    ("a\x0cb", "U+000C"),
    ("a\x9bb", "U+009B"),
    ("ă" * 60_000, "quá dài: 120 kB, tối đa 100 kB"),
]
BAD_PERIODS = [
    ("0001-07", "từ 2000 đến 2100"),
    ("1999-12", "từ 2000 đến 2100"),
    ("2101-Q1", "từ 2000 đến 2100"),
    ("9999", "từ 2000 đến 2100"),
    ("2023-13", "tháng phải từ 01 đến 12"),
    ("2023-Q5", "quý phải từ Q1 đến Q4"),
    ("2023-H2", "chỉ có kỳ 6 tháng đầu năm"),
    ("2023/07", "Không đọc được kỳ báo cáo"),
    ("quý 3", "Không đọc được kỳ báo cáo"),
    ("2023-07\x1b", "Không đọc được kỳ báo cáo"),
]


PACK_KINDS = [  # issue 17, cases 7, 11 and 14 (every kind, on both engines: tests/test_template_pack_hostile.py)
    "phiên bản có xuống dòng",
    "zip: thư mục là liên kết",
    "zip: bom, kích thước khai báo sai",
    "TOML: danh sách lồng 5.000 tầng",
    "TOML: lưu dạng UTF-16",
]
SHOWN_AS = {"1000000000000000": "1.000.000.000.000.000", "101%": "101"}  # shown back in Vietnamese notation


def _shown(value: str) -> str:
    """What of a value the message must show: its start (long values are shortened)."""
    return SHOWN_AS.get(value, value.strip()[:12])


def _cases() -> list:
    cases = []
    for (code, label), bad in [
        (COUNT, BAD_NUMBERS + BAD_COUNTS),
        (AMOUNT, BAD_NUMBERS[:8] + BAD_AMOUNTS),
        (PERCENT, BAD_PERCENTS),
        (DAY, BAD_DATES),
    ]:
        for value, words in bad:
            shown = [] if any(ord(ch) < 32 or ch in "١٢" for ch in value) else [_shown(value)]
            period = "2023-07"
            cases.append(
                pytest.param(["set", "--period", period, f"{code}={value}"], [label, words, *shown], id=f"set-{code}")
            )
    for value, words in BAD_TEXTS:
        cases.append(
            pytest.param(["set", "--period", "2023-Q3", f"{TEXT[0]}={value}"], [TEXT[1], words], id="set-text")
        )
    for period, words in BAD_PERIODS:
        shown = period[:7]
        for command in (["set", "--period", period, f"{COUNT[0]}=5"], ["get", "--period", period]):
            cases.append(pytest.param(command, ["Kỳ báo cáo", words, shown], id=f"{command[0]}-period"))
    for period, words in BAD_PERIODS[:4]:
        for command in (
            ["check", "--period", period],
            ["submit", "--period", period],
            ["reopen", "--period", period, "--reason", "sửa số"],
            ["explain", "--period", period, "1", "vì sao"],
            ["status", "--period", period],
            ["export", "xlsx", "--period", period, "-o", "{tmp}/a.xlsx"],
        ):
            cases.append(pytest.param(command, ["Kỳ báo cáo", words, period], id=f"{command[0]}-period"))
    cases += [
        pytest.param(["set", "--period", "2023-07", "khong.co=5"], ["khong.co"], id="set-unknown-code"),
        pytest.param(
            ["set", "--period", "2023-07", "tcc.kt.kien_nghi"], ["MÃ=GIÁ_TRỊ", "tcc.kt.kien_nghi"], id="set-no-equals"
        ),
        pytest.param(["set", "--period", "2023-07", "=5"], ["MÃ=GIÁ_TRỊ", "=5"], id="set-no-code"),
        pytest.param(
            ["set", "--period", "2023-07", "tcc.kt.kien_nghi=1", "tcc.kt.kien_nghi=2"],
            ["hai lần", "tcc.kt.kien_nghi"],
            id="set-twice",
        ),
        pytest.param(["set", "--period", "2023-07", "rate.tcc.thu=5"], ["tự tính"], id="set-computed"),
        pytest.param(
            ["set", "--period", "2023-07", f"{TEXT[0]}=Tốt"], ["Phần thuyết minh", "2023-Q3"], id="set-text-in-month"
        ),
        pytest.param(
            ["set", "--period", "2023-Q3", f"{COUNT[0]}=5"], ["Quý III", "không phải kỳ nhập số liệu"], id="set-quarter"
        ),
        pytest.param(
            ["set", "--period", "2023-07", "--unit", "KHONG", f"{COUNT[0]}=5"], ["KHONG"], id="set-unknown-unit"
        ),
        pytest.param(
            ["set", "--period", "2023-07\udcff", f"{COUNT[0]}=5"],
            ["đối số thứ 5", "2023-07\\xff", "UTF-8"],
            id="set-bytes",
        ),
        pytest.param(
            ["set", "--period", "2023-07", f"{TEXT[0]}=\udcc3"],
            ["đối số thứ 6", "\\xc3", "UTF-8"],
            id="set-bytes-value",
        ),
        pytest.param(["explain", "--period", "2023-Q3", "99", "vì sao"], ["sai sót số 99"], id="explain-number"),
        pytest.param(["explain", "--period", "2023-Q3", "khong.co", "vì sao"], ["khong.co"], id="explain-rule"),
        pytest.param(
            ["explain", "--period", "2023-Q3", "nx.so_lieu", "a\x1bb"],
            ["Nội dung giải trình", "U+001B"],
            id="explain-control",
        ),
        pytest.param(
            ["explain", "--period", "2023-Q3", "nx.so_lieu", "x" * 10_001],
            ["Nội dung giải trình", "10.001"],
            id="explain-long",
        ),
        pytest.param(
            ["explain", "--period", "2023-07", "1", "vì sao"], ["sai sót số 1", "tháng 7 năm 2023"], id="explain-month"
        ),
        pytest.param(
            ["reopen", "--period", "2023-Q3", "--reason", "a\x00b"], ["Lý do mở lại", "U+0000"], id="reopen-control"
        ),
        pytest.param(["reopen", "--period", "2023-Q3", "--reason", "  "], ["lý do mở lại"], id="reopen-empty"),
        pytest.param(
            ["reopen", "--period", "2023-07", "--reason", "sửa"], ["tháng 7 năm 2023", "2023-Q3"], id="reopen-month"
        ),
        pytest.param(
            ["init", "--unit-code", "X Y", "--unit-name", "Z", "--force"], ["Mã đơn vị", "X Y"], id="init-space"
        ),
        pytest.param(
            ["init", "--unit-code", "X", "--unit-name", "A\x1bB", "--force"],
            ["Tên đơn vị", "U+001B"],
            id="init-control",
        ),
        pytest.param(
            ["init", "--unit-code", "X", "--unit-name", "A" * 201, "--force"],
            ["Tên đơn vị", "201 ký tự"],
            id="init-long",
        ),
        pytest.param(
            ["init", "--unit-code", "X", "--unit-name", "B", "--place", "p\x07"],
            ["Địa danh", "U+0007"],
            id="init-place",
        ),
        pytest.param(
            ["init", "--unit-code", "X", "--unit-name", "B", "--level", "xom"], ["--level", "xom"], id="init-level"
        ),
        pytest.param(["init", "--unit-code", "X", "--unit-name", "B"], ["đã có đơn vị", "P-ANHOA"], id="init-again"),
        pytest.param(["units", "add", "--code", "P1", "--name", "Lại"], ["P1", "đã có"], id="units-add-twice"),
        pytest.param(["units", "add", "--code", "P 2", "--name", "Hai"], ["Mã đơn vị", "P 2"], id="units-add-space"),
        pytest.param(
            ["units", "add", "--code", "P2", "--name", "Hai\x1b"], ["Tên đơn vị", "U+001B"], id="units-add-control"
        ),
        pytest.param(
            ["units", "add", "--code", "P2", "--name", "Hai", "--deadline-day", "32"],
            ["Hạn gửi báo cáo", "32"],
            id="units-deadline",
        ),
        pytest.param(
            ["units", "add", "--code", "P2", "--name", "Hai", "--valid-from", "2023-02-30"],
            ["Ngày bắt đầu hiệu lực", "2023-02-30"],
            id="units-date",
        ),
        pytest.param(
            ["units", "add", "--code", "P2", "--name", "Hai", "--frequency", "week"],
            ["--frequency", "week"],
            id="units-frequency",
        ),
        pytest.param(["units", "edit", "KHONG", "--name", "Mới"], ["KHONG"], id="units-edit-unknown"),
        pytest.param(["units", "edit", "P1", "--name", "x" * 300], ["Tên đơn vị", "300 ký tự"], id="units-edit-long"),
        pytest.param(
            ["export", "pdf", "--period", "2023-Q3", "-o", "{tmp}/khong-co/a.pdf"], ["khong-co"], id="export-folder"
        ),
        pytest.param(
            ["export", "xlsx", "--period", "2023-Q3", "-o", "{tmp}"], ["là một thư mục"], id="export-directory"
        ),
        pytest.param(["load", "--period", "2023-07", "{tmp}"], ["thư mục"], id="load-directory"),
        pytest.param(["export", "doc", "--period", "2023-Q3", "-o", "{tmp}/a.doc"], ["doc"], id="export-kind"),
        pytest.param(["import", "{tmp}/khong-co.xlsx"], ["khong-co.xlsx"], id="import-missing"),
        pytest.param(["import", "{tmp}/text.xlsx"], ["text.xlsx"], id="import-not-xlsx"),
        pytest.param(["import", "{tmp}/empty.xlsx"], ["empty.xlsx"], id="import-empty"),
        pytest.param(["import", "{tmp}/values.json"], ["values.json"], id="import-json"),
        pytest.param(["status", "--period", "2023-07", "--unit", "P1"], ["--unit"], id="status-unit"),
        pytest.param(["backup", "-o", "{db}"], ["sao lưu đè lên chính cơ sở dữ liệu"], id="backup-onto-itself"),
        pytest.param(["frobnicate"], ["frobnicate"], id="unknown-command"),
        # issue 17: a code that only looks new, a name that reverses the text, an address that would
        # leak its password, a template pack that is not one
        pytest.param(
            ["units", "add", "--code", "P1\u200b", "--name", "Hai"], ["P1", "đã có", "!\u200b"], id="units-add-zwsp"
        ),
        pytest.param(
            ["units", "add", "--code", "P2", "--name", "Hai\u202e"], ["Tên đơn vị", "U+202E", "!\u202e"], id="units-rlo"
        ),
        pytest.param(
            ["init", "--unit-code", "XA-001\u2066", "--unit-name", "Xã", "--force"],
            ["Mã đơn vị", "!\u2066"],
            id="init-bidi-code",
        ),
        pytest.param(
            ["--db", "postgresql://can-bo:Bi%zzMat@127.0.0.1/cchc", "get", "--period", "2023-07"],
            ["%25", "chưa ghi gì", "!Bi%zzMat", "!zzMat"],
            id="db-bad-escape",
        ),
        pytest.param(
            ["--db", "postgresql://can-bo:BiMat@127.0.0.1:abc/cchc", "set", "--period", "2023-07", f"{COUNT[0]}=5"],
            ["cổng", "!BiMat"],
            id="db-bad-port",
        ),
    ]
    for name in PACK_KINDS:
        kind = next(kind for kind in KINDS if kind.name == name)
        cases.append(
            pytest.param(["template", "install", f"{{pack:{name}}}", "--force"], [kind.says], id="template-install")
        )
    for name, _data, words in LOAD_FILES:
        about_a_value = any(label in words for _, label in (COUNT, AMOUNT)) or name in ("unknown.json", "control.json")
        needles = words if about_a_value else [name, *words]  # a value's refusal names its field instead
        cases.append(pytest.param(["load", "--period", "2023-07", f"{{tmp}}/{name}"], needles, id=f"load-{name}"))
    cases.append(
        pytest.param(
            ["load", "--period", "2023-07", "{tmp}/khong-co.json"],
            ["khong-co.json", "không có tệp này"],
            id="load-missing",
        )
    )
    return cases


LOAD_FILES = [
    ("utf16-no-bom.json", b'{\x00"\x00a\x00"\x00:\x001\x00}\x00', ["NUL"]),
    ("utf32.json", codecs.BOM_UTF32_LE + '{"a": 1}'.encode("utf-32-le"), ["UTF-32"]),
    ("cp1258.json", '{"nx.uu_diem": "Ưu"}'.encode("cp1258"), ["UTF-8", "DD"]),
    ("deep.json", b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", ["lồng nhau quá sâu"]),
    ("dup.json", b'{"tcc.kt.kien_nghi": 5, "tcc.kt.kien_nghi": 6}', ["tcc.kt.kien_nghi", "hai lần"]),
    ("surrogate.json", b'{"tcc.kt.kien_nghi": "\\ud800"}', ["tcc.kt.kien_nghi", "U+D800"]),
    ("list.json", b'{"tcc.kt.kien_nghi": [1]}', ["tcc.kt.kien_nghi", "danh sách"]),
    ("nan.json", b'{"tcc.kt.kien_nghi": NaN}', ["NaN"]),
    ("huge.json", b'{"tcc.kt.kien_nghi": 1' + b"0" * 5000 + b"}", [COUNT[1], "quá lớn"]),
    ("nines.json", b'{"tcc.thu.thuc_hien": ' + b"9" * 310 + b"}", [AMOUNT[1], "quá lớn"]),
    ("exp.json", b'{"tcc.thu.thuc_hien": 1e999999999}', [AMOUNT[1], "quá lớn"]),
    ("negative.json", b'{"tcc.kt.kien_nghi": -1}', [COUNT[1], "số âm", "-1"]),
    ("bool.json", b'{"tcc.kt.kien_nghi": true}', [COUNT[1], "True"]),
    ("array.json", b"[1, 2]", ["đối tượng JSON"]),
    ("broken.json", b'{"tcc.kt.kien_nghi": 5', ["JSON hợp lệ", "dòng 1"]),
    ("unknown.json", b'{"khong.co": 5}', ["khong.co"]),
    ("control.json", b'{"tcc.kt.kien_nghi": "5\\u001b"}', [COUNT[1]]),
    ("big.json", b'{"a": "' + b"a" * 5_000_001 + b'"}', ["5 MB"]),
]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A database with a monthly unit, a child, figures of July 2023 and a narrative of Q3."""
    folder = tmp_path_factory.mktemp("prepared")
    path = folder / "cchc.sqlite"
    for args in (
        ["init", "--unit-code", "P-ANHOA", "--unit-name", "UBND phường An Hòa", "--place", "Sa Đéc"],
        ["units", "add", "--code", "P1", "--name", "UBND Phường 1"],
        ["set", "--period", "2023-07", "tcc.kt.kien_nghi=3", "tcc.thu.thuc_hien=301.953,3"],
        ["set", "--period", "2023-Q3", "nx.uu_diem=Tốt"],
    ):
        assert main(["--db", str(path), *args]) == 0
    close_database()
    return path


def _state(path: Path) -> tuple[str, str]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        dump = "\n".join(connection.iterdump())
    connection.close()
    return digest, dump


def _write_files(folder: Path) -> None:
    for name, data, _ in LOAD_FILES:
        (folder / name).write_bytes(data)
    (folder / "text.xlsx").write_text("không phải Excel", encoding="utf-8")
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "values.json").write_text('{"tcc.kt.kien_nghi": 5}', encoding="utf-8")


CASES = _cases()


def test_the_table_holds_at_least_100_inputs_across_the_commands():
    assert len(CASES) >= 100
    commands = {case.values[0][0] for case in CASES}
    assert {
        "set",
        "load",
        "get",
        "check",
        "explain",
        "submit",
        "reopen",
        "export",
        "import",
        "units",
        "status",
        "init",
        "backup",
        "template",
    } <= commands


@pytest.mark.parametrize(("argv", "needles"), CASES)
def test_a_bad_input_is_refused_and_changes_nothing(prepared, tmp_path, capsys, argv, needles):
    db = tmp_path / "cchc.sqlite"
    shutil.copy(prepared, db)
    files = tmp_path / "files"
    files.mkdir()
    _write_files(files)
    argv = [arg.replace("{tmp}", str(files)).replace("{db}", str(db)) for arg in argv]
    for index, arg in enumerate(argv):
        if arg.startswith("{pack:"):
            kind = next(kind for kind in KINDS if kind.name == arg[6:-1])
            argv[index] = str(kind.build(tmp_path / "goi-mau"))
    before = _state(db)
    capsys.readouterr()
    try:
        code = main(["--db", str(db), *argv])
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    finally:
        close_database()
    captured = capsys.readouterr()
    # import reports each file's verdict on stdout (several files, one verdict each)
    err = captured.out + captured.err if argv[0] == "import" else captured.err
    assert code == 2, err
    assert "Traceback" not in err and "Lỗi hệ thống" not in err
    assert any(ch in err for ch in "ăâđêôơưĂÂĐÊÔƠƯáàảãạếềểễệốồổỗộớờởỡợ"), err  # Vietnamese
    for needle in needles:
        if needle.startswith("!"):  # what must never be shown (an invisible character, a password)
            assert needle[1:] not in err, f"{needle[1:]!r} shown in {err!r}"
        else:
            assert needle.lower() in err.lower(), f"{needle!r} not in {err!r}"
    assert len(err) < 2000
    assert _state(db) == before
    assert not list(files.rglob("*.pdf")) and not list(files.rglob("a.xlsx")) and not list(files.rglob("*.tmp"))
