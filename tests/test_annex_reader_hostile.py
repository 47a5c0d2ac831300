"""Hostile and broken annex files: each refused with a Vietnamese message naming the file and the problem.

Every file is made from a real exported annex and tampered with through zipfile (tests/hostile_annex.py).
Time and memory are measured by bench/bench_hostile_annex.py; here one subprocess reads the largest cases
under an address-space ceiling the old reader (1.8–2.3 GB) could not keep.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from exports.annex_reader import read_annex
from exports.errors import ExportError
from forms.errors import UserError
from tests.hostile_annex import EXPECTED, PL1_PART, _shift_rows, build, export_annex, rewrite

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return export_annex(tmp_path_factory.mktemp("good") / "Phụ lục CCHC quý III-2023.xlsx")


@pytest.mark.parametrize("case", list(EXPECTED))
def test_a_hostile_file_is_refused_in_vietnamese_naming_file_and_problem(case, good, tmp_path):
    hostile = build(case, good, tmp_path)
    with pytest.raises(ExportError, match=re.escape(hostile.name)) as caught:
        read_annex(hostile)
    assert isinstance(caught.value, UserError)
    assert re.search(EXPECTED[case], str(caught.value)), str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert read_annex(good).checksum_ok  # the good file still reads after each refusal


def test_the_good_annex_reads_and_matches_openpyxl(good):
    content = read_annex(good)
    assert content.checksum_ok and content.changed == []
    workbook = openpyxl.load_workbook(good)
    for cell in content.cells:
        expected = workbook[cell.sheet][cell.cell].value
        assert cell.current == (None if expected is None else Decimal(str(expected))), cell.ref


def test_pl1_shifted_by_a_row_still_finds_every_cell(good, tmp_path):
    shifted = rewrite(good, tmp_path / "lech.xlsx", {PL1_PART: _shift_rows})
    content = read_annex(shifted)
    assert content.changed == []
    pl1 = [cell for cell in content.cells if cell.sheet == "PL1 Số liệu" and cell.label]
    assert pl1 and all(int(cell.read_from[1:]) == int(cell.cell[1:]) + 1 for cell in pl1)


def test_excel_resaved_file_with_shared_strings_reads_the_same(good, tmp_path):
    workbook = openpyxl.load_workbook(good)  # openpyxl writes shared strings, as Excel does
    resaved = tmp_path / "luu_lai.xlsx"
    workbook.save(resaved)
    before, after = read_annex(good), read_annex(resaved)
    assert after.values == before.values and after.checksum_ok
    assert after.visible == before.visible


@pytest.mark.posix_only(reason="the memory ceiling is set with the resource module (setrlimit), which Windows lacks")
def test_the_largest_hostile_files_stay_under_a_memory_ceiling(good, tmp_path):
    files = [build(case, good, tmp_path) for case in ("data_xfd1", "data_a1048576", "pl1_shifted_million_rows")]
    script = textwrap.dedent(
        f"""
        import resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        from exports.annex_reader import read_annex
        from exports.errors import ExportError
        resource.setrlimit(resource.RLIMIT_AS, (600 * 1024 * 1024, 600 * 1024 * 1024))
        for path in sys.argv[1:]:
            try:
                read_annex(path)
            except ExportError:
                print("refused")
        """
    )
    done = subprocess.run([sys.executable, "-c", script, *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["refused"] * 3
