"""The search scripts/test.sh runs after the whole suite: the tests' passwords, in every form, found in
the suite's output or in any log under the tests' folders — and nothing found where there is none."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("find_test_passwords", ROOT / "scripts" / "find_test_passwords.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_passwords_come_from_the_tests_in_every_form(tmp_path):
    script = _script()
    tests = tmp_path / "tests"
    (tests / "slow").mkdir(parents=True)
    (tests / "test_a.py").write_text(
        'URL = "postgresql://can-bo:Mat%40Khau9@may-chu/cchc"\nSHOWN = "postgresql://can-bo:***@may-chu/cchc"\n'
        'SHORT = "postgresql://can-bo:Tho@may-chu/cchc"\n',
        encoding="utf-8",
    )
    (tests / "slow" / "test_secrets_grep.py").write_text(
        'PASSWORD = "Qw8Er@Ty"\nFORMS = {\n    "fragment": "Qw8Er",\n}\n', encoding="utf-8"
    )
    assert script.test_passwords(tests) == {"Mat%40Khau9", "Mat@Khau9", "Qw8Er@Ty", "Qw8Er%40Ty", "Qw8Er"}
    real = script.test_passwords()
    assert {"Zq7Kx%40Vm9Wj%2FLp3Tb%25", "Zq7Kx@Vm9Wj/Lp3Tb%", "Zq7Kx", "Bi%zzMat"} <= real


def test_a_password_in_a_log_or_the_output_is_found_and_named_by_place_only(tmp_path, capsys):
    script = _script()
    output = tmp_path / "output.txt"
    output.write_text("........ 1321 passed\n", encoding="utf-8")
    logs = tmp_path / "pytest" / "test_x0" / "xdg" / "CCHC Desktop"
    logs.mkdir(parents=True)
    (logs / "cchc.log").write_text("INFO opened postgresql://can-bo:***@may-chu/cchc\n", encoding="utf-8")
    (tmp_path / "pytest" / "other.txt").write_text("Zq7Kx", encoding="utf-8")  # not a log: not searched
    assert script.main([str(output), str(tmp_path / "pytest")]) == 0
    assert "1 tệp nhật ký" in capsys.readouterr().out

    (logs / "cchc.log").write_text("ERROR could not connect: password=Zq7Kx%40Vm9Wj\n", encoding="utf-8")
    assert script.main([str(output), str(tmp_path / "pytest")]) == 1
    err = capsys.readouterr().err
    assert str(logs / "cchc.log") in err and "Zq7Kx" not in err

    (logs / "cchc.log").write_text("clean\n", encoding="utf-8")
    output.write_text("E   sqlalchemy: FATAL password authentication failed for bí-mật\n", encoding="utf-8")
    assert script.main([str(output), str(tmp_path / "pytest")]) == 1
    assert "đầu ra của bộ kiểm thử" in capsys.readouterr().err
