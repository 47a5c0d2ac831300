"""The `cchc` command line speaks Vietnamese: help, usage, argparse's errors; no internal codes in plain output."""

from __future__ import annotations

import argparse
import gettext
import json
import os
import re
import subprocess
import sysconfig
from pathlib import Path

import pytest

from cchc_desktop.cli import main
from cchc_desktop.cli.parser import build_parser

ENGLISH = ("usage", "positional arguments", "options:", "optional arguments", "show this help", "show program's")
CODE = re.compile(r"\b[a-z]+(\.[a-z_]+)+\b")
CCHC = Path(sysconfig.get_path("scripts")) / ("cchc.exe" if os.name == "nt" else "cchc")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.nargs == argparse.PARSER)
    return dict(action.choices)


COMMANDS = sorted(_subparsers())


def _run(capsys, *args: str) -> tuple[int, str, str]:
    """main() with argv; returns (exit status, stdout, stderr) whether it returns or exits."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_program_help_is_vietnamese(capsys):
    code, out, err = _run(capsys, "--help")
    assert code == 0 and err == ""
    assert out.startswith("cách dùng: cchc")
    assert "-h, --help" in out and "hiện trợ giúp này rồi thoát" in out
    assert "tùy chọn:" in out and "các lệnh:" in out
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", out, re.M), command
    for period in ("2023-07", "2023-Q3", "2023-H1", "2023-9M", "2023 "):
        assert period in out
    lowered = out.lower()
    assert not [word for word in ENGLISH if word in lowered]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_is_vietnamese(capsys, command):
    code, out, err = _run(capsys, command, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"cách dùng: cchc {command}")
    assert "hiện trợ giúp này rồi thoát" in out and "tùy chọn:" in out
    lowered = out.lower()
    assert not [word for word in ENGLISH if word in lowered]
    if _subparsers()[command]._get_positional_actions():
        assert "đối số vị trí:" in out


def _arguments():
    for name, parser in [("cchc", build_parser()), *_subparsers().items()]:
        for action in parser._actions:
            if action.nargs != argparse.PARSER:
                yield name, action


@pytest.mark.parametrize(("command", "action"), list(_arguments()), ids=lambda x: getattr(x, "dest", x))
def test_every_argument_is_described(command, action):
    assert action.help and action.help.strip(), f"{command} {action.option_strings or action.dest}"
    if action.choices:
        for choice in action.choices:
            assert choice in action.help, f"{command} {action.dest}: {choice} not explained"
    if action.default not in (None, False, "", argparse.SUPPRESS):
        assert "mặc định" in action.help and str(action.default) in action.help, action.dest
    if action.dest == "period":
        for period in ("2023-07", "2023-Q3", "2023-H1", "2023-9M", "2023"):
            assert period in action.help


def test_misspelt_command_is_suggested(capsys):
    code, out, err = _run(capsys, "chek", "--period", "2023-Q3")
    assert code == 2 and out == ""
    assert "lệnh không hợp lệ: 'chek' — có phải ý bạn là 'check'?" in err
    assert err.startswith("cách dùng: cchc")
    assert 'Gõ "cchc --help"' in err


def test_unknown_command_lists_the_commands(capsys):
    code, _, err = _run(capsys, "frobnicate")
    assert code == 2
    assert "lệnh không hợp lệ: 'frobnicate' (các lệnh: init, set, load, get, check" in err
    assert "có phải ý bạn" not in err


def test_missing_required_argument(capsys):
    code, _, err = _run(capsys, "check")
    assert code == 2
    assert "cchc check: lỗi: thiếu đối số bắt buộc: --period" in err
    assert "cách dùng: cchc check" in err
    code, _, err = _run(capsys)
    assert code == 2 and "thiếu đối số bắt buộc: LỆNH" in err


def test_invalid_choice(capsys):
    code, _, err = _run(capsys, "init", "--unit-code", "A", "--unit-name", "B", "--level", "huyện")
    assert code == 2
    assert "đối số --level: lựa chọn không hợp lệ: 'huyện' (chọn một trong: xa, huyen, tinh)" in err
    assert "có phải ý bạn là 'huyen'?" in err
    code, _, err = _run(capsys, "export", "odt", "--period", "2023-Q3", "-o", "x.odt")
    assert code == 2 and "lựa chọn không hợp lệ: 'odt' (chọn một trong: pdf, xlsx, docx)" in err


def test_unrecognized_and_missing_value(capsys):
    code, _, err = _run(capsys, "get", "--period", "2023-Q3", "--foo")
    assert code == 2 and "lỗi: đối số không nhận ra: --foo" in err
    code, _, err = _run(capsys, "get", "--period")
    assert code == 2 and "đối số --period: cần một giá trị" in err
    assert "error" not in err and "expected" not in err


def test_translation_is_only_lent_to_our_parsers(capsys):
    _run(capsys, "chek")
    assert argparse._ is gettext.gettext
    plain = argparse.ArgumentParser(prog="other")
    assert "usage: other" in plain.format_help()
    assert "cách dùng: cchc" in build_parser().format_usage()


def test_demo_as_printed_is_accepted(capsys, tmp_path):
    path = tmp_path / "mau.sqlite"
    code, out, err = _run(capsys, "demo", "--as-printed", "--db", str(path))
    assert code == 0, err
    assert path.exists() and "giữ đúng số liệu như báo cáo gốc" in out


@pytest.mark.parametrize(("flags", "expected"), [([], False), (["--as-printed"], True)])
def test_demo_passes_as_printed(capsys, tmp_path, monkeypatch, flags, expected):
    import cchc_desktop.app.workspace.demo as demo

    calls = []
    monkeypatch.setattr(demo, "create_demo", lambda path, **kwargs: calls.append(kwargs) or Path(path))
    code, _, _ = _run(capsys, "demo", *flags, "--db", str(tmp_path / "x.sqlite"))
    assert code == 0
    assert calls == [{"force": False, "as_printed": expected}]


@pytest.fixture
def printed_demo(capsys, tmp_path) -> Path:
    path = tmp_path / "in-nguyen.sqlite"
    assert _run(capsys, "demo", "--as-printed", "--db", str(path))[0] == 0
    return path


def test_plain_check_shows_no_codes(capsys, printed_demo):
    db = ["--db", str(printed_demo)]
    code, out, _ = _run(capsys, *db, "check", "--period", "2023-Q3", "--json")
    items = json.loads(out)
    assert items, "the as-printed demo must have slips to list"
    json_code = code
    code, out, _ = _run(capsys, *db, "check", "--period", "2023-Q3")
    assert code == json_code
    for item in items:
        assert f"[{item['rule']}]" not in out
        assert item["message"] in out
    assert not CODE.search(out), CODE.search(out)
    assert out.splitlines()[0].startswith("1. [")


def test_explain_by_number(capsys, printed_demo):
    db = ["--db", str(printed_demo)]
    items = json.loads(_run(capsys, *db, "check", "--period", "2023-Q3", "--json")[1])
    code, out, err = _run(capsys, *db, "explain", "--period", "2023-Q3", "1", "Số liệu theo báo cáo gốc.")
    assert code == 0, err
    assert items[0]["message"] in out and items[0]["rule"] not in out
    after = json.loads(_run(capsys, *db, "check", "--period", "2023-Q3", "--json")[1])
    assert after[0]["explanation"] == "Số liệu theo báo cáo gốc."
    code, _, err = _run(capsys, *db, "explain", "--period", "2023-Q3", str(len(items) + 1), "x")
    assert code == 2 and f"Không có sai sót số {len(items) + 1}" in err


def test_get_shows_label_value_then_code(monthly_unit):
    monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=7", "tcc.thu.thuc_hien=301.953,3")
    out = monthly_unit("get", "--period", "2023-07").out
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0] == ["Chỉ tiêu", "Giá trị", "Mã (dùng cho lệnh set)"]
    by_code = {row[-1]: row for row in rows[1:]}
    label, value, _ = by_code["cd.van_ban_chi_dao"]
    assert label == "Văn bản chỉ đạo, hướng dẫn triển khai CCHC ban hành trong kỳ" and value == "7 văn bản"
    assert not any(CODE.search(cell) for row in rows[1:] for cell in row[:-1])
    empty = monthly_unit("get", "--period", "2023-08")
    assert empty.code == 0 and "Chưa có số liệu nào cho tháng 8 năm 2023" in empty.out


def test_units_in_words(monthly_unit):
    out = monthly_unit("units").out
    assert "UBND phường An Hòa\tcấp xã\tnhập theo tháng" in out
    assert "\txa\t" not in out and "month" not in out


def _subprocess(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": ""}
    return subprocess.run([str(CCHC), *args], capture_output=True, env=env, timeout=120, check=False)


def test_real_program_speaks_vietnamese(tmp_path):
    assert CCHC.exists(), f"the console script is not installed at {CCHC}"
    wrong = _subprocess("chek")
    assert wrong.returncode == 2
    assert "lệnh không hợp lệ: 'chek' — có phải ý bạn là 'check'?" in wrong.stderr.decode("utf-8")
    help_text = _subprocess("demo", "--help")
    assert help_text.returncode == 0
    assert "--as-printed" in help_text.stdout.decode("utf-8")
    db = str(tmp_path / "mau.sqlite")
    assert _subprocess("demo", "--as-printed", "--db", db).returncode == 0
    check = _subprocess("--db", db, "check", "--period", "2023-Q3")
    out = check.stdout.decode("utf-8")
    assert check.returncode in (0, 1) and "Tổng cộng:" in out
    assert not CODE.search(out)
