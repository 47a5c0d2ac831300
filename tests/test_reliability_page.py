"""docs/reliability.md's integrity sections say what the proof tests recorded, never more: a system error
(exit 3) among the damaged-database runs is said, a proof that did not run says so."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _sections():
    spec = importlib.util.spec_from_file_location(
        "reliability_integrity", ROOT / "scripts" / "reliability_integrity.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _damaged(codes: dict) -> dict:
    return {
        "commands": ["get", "restore"],
        "runs": 2,
        "kinds": {"int_abc": {"runs": 2, "exit_codes": codes, "max_seconds": 0.5, "get_answers_unlike_healthy": 0}},
    }


def test_an_exit_3_among_the_damaged_databases_is_said_not_hidden():
    page = _sections()
    clean = "\n".join(page.damaged_databases(_damaged({"get": {"2": 1}, "restore": {"0": 1}})))
    assert "Không lần nào ra mã 3" in clean and "| “abc” ở một số đếm | 2 | 2 | 0 | 0,500 |" in clean
    broken = "\n".join(page.damaged_databases(_damaged({"get": {"3": 1}, "restore": {"0": 1}})))
    assert "1 lần ra mã 3" in broken and "Không lần nào" not in broken


def test_the_races_say_the_writes_after_a_submission_per_engine():
    races = {
        "submit_vs_write": {
            "sqlite": {
                "rounds": 20,
                "writes_before": 1234,
                "writes_after": 2,
                "rounds_with_writes_after": 1,
                "refused_in_transaction": 19,
            }
        }
    }
    text = "\n".join(_sections().races(races))
    assert "| gửi kỳ trong lúc đang lưu | tệp SQLite dùng chung | 20 | 1.234 lần lưu trước lúc gửi; **2 lần" in text


def test_a_proof_that_did_not_run_is_said_so():
    text = "\n".join(_sections().sections({}))
    assert text.count("(kiểm thử không chạy lần này)") == 5  # races, packs, secrets, damage, server accounts
    assert "%LOCALAPPDATA%" in text  # the Windows note is there whatever ran
