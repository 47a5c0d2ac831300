"""A corpus of 240 mutated annex files (tests/slow/annex_corpus.py), each imported by a parent with
`ws.imports.import_files`: every file gets a verdict (no exception escapes), a file not imported leaves the
database dump exactly as it was, a file imported brings exactly the exported figures; the time per file is
recorded (not asserted)."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.annex_content import build_annex
from db.connection import close_database
from exports.xlsx_annex import write_annex_xlsx
from tests.slow.annex_corpus import KINDS, PER_KIND, generate
from tests.slow.figures import record

PERIOD = "2023-Q3"
# Files of the corpus that find a bug still open: each is left out of its kind's run and kept as its own
# strict xfail (it passes, and so fails as XPASS, the day the bug is fixed). None stands today.
KNOWN_BUGS: dict[str, str] = {}
# Files that found a bug now fixed: each is checked on its own as well (a verdict, nothing written).
FIXED = {
    "extreme_number-11.xlsx": "a PL1 cell holding <v>inf</v> was read as Decimal('Infinity') and crashed the "
    "import while listing it as an edited figure; a non-finite number in a cell is now text: the person may keep "
    "the exported figures, taking the text is refused",
}
CHILD_VALUES = {
    "2023-07": {"tthc.hs.da_giai_quyet": "40", "cd.van_ban_chi_dao": "3", "tthc.hs.tiep_nhan": "52"},
    "2023-08": {"tthc.hs.da_giai_quyet": "12", "tthc.hs.tiep_nhan": "15"},
    "2023-09": {"tthc.hs.da_giai_quyet": "7", "tthc.hs.tiep_nhan": "9"},
}


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    """The good annex a commune exported, and its district's database before any import."""
    folder = tmp_path_factory.mktemp("corpus")
    with Workspace.open(folder / "xa.sqlite", create=True) as ws:
        ws.units.init_unit(code="X-1", name="UBND xã Một", level="xa", frequency="month", parent_code="H-1")
        for month, values in CHILD_VALUES.items():
            ws.entry.set_values(month, values)
        good = write_annex_xlsx(build_annex(ws, PERIOD), folder / "Phụ lục xã Một quý III-2023.xlsx")
    close_database()
    pristine = folder / "huyen.sqlite"
    with Workspace.open(pristine, create=True) as ws:
        ws.units.init_unit(code="H-1", name="UBND huyện Một", level="huyen", frequency="quarter")
        ws.units.add_child(code="X-1", name="UBND xã Một", level="xa", frequency="month")
    close_database()
    probe = folder / "probe.sqlite"
    shutil.copy(pristine, probe)
    with Workspace.open(probe) as ws:  # the unmutated file is imported: the corpus starts from a good one
        assert [v.status for v in ws.imports.import_files([good])] == ["imported"]
        stored = {month: ws.entry.stored_texts(month, "X-1") for month in CHILD_VALUES}
    close_database()
    return good, pristine, stored


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize("kind", list(KINDS))
def test_mutated_annexes_get_a_verdict_and_write_nothing_partial(kind, setting, tmp_path):
    good, pristine, expected = setting
    files = [f for f in generate(kind, good, tmp_path) if f.name not in KNOWN_BUGS]
    db = tmp_path / "huyen.sqlite"
    shutil.copy(pristine, db)
    before = _dump(db)
    statuses, crashes, partial, wrong, seconds = Counter(), [], [], [], []
    ws = Workspace.open(db)
    try:
        for path in files:
            began = time.perf_counter()
            try:
                verdicts = ws.imports.import_files([path])
            except Exception as error:  # noqa: BLE001 — what the test looks for
                crashes.append(f"{path.name}: {type(error).__name__}: {error}"[:300])
                continue
            finally:
                seconds.append(time.perf_counter() - began)
            assert len(verdicts) == 1 and verdicts[0].message
            verdict = verdicts[0]
            statuses[verdict.status] += 1
            if verdict.ok:
                got = {month: ws.entry.stored_texts(month, "X-1") for month in CHILD_VALUES}
                if got != expected:
                    wrong.append(path.name)
                ws.close()
                close_database()
                shutil.copy(pristine, db)  # back to the district before any import
                ws = Workspace.open(db)
            elif _dump(db) != before:
                partial.append(f"{path.name} ({verdict.status})")
    finally:
        ws.close()
        close_database()
    record(
        f"annex_{kind}",
        {
            "files": PER_KIND,
            "known_bugs": PER_KIND - len(files),
            "verdicts": dict(statuses),
            "crashes": len(crashes),
            "partial_writes": len(partial),
            "imported_with_other_figures": len(wrong),
            "seconds_max": round(max(seconds), 3),
            "seconds_total": round(sum(seconds), 3),
        },
    )
    assert crashes == []
    assert partial == []
    assert wrong == []
    assert sum(statuses.values()) == len(files)


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=why)) for name, why in KNOWN_BUGS.items()]
    + list(FIXED),
)
def test_a_corpus_file_that_found_a_bug_gets_a_verdict(name, setting, tmp_path):
    good, pristine, _ = setting
    kind, index = name.removesuffix(".xlsx").rsplit("-", 1)
    path = generate(kind, good, tmp_path, int(index) + 1)[-1]
    assert path.name == name
    db = tmp_path / "huyen.sqlite"
    shutil.copy(pristine, db)
    before = _dump(db)
    with Workspace.open(db) as ws:
        verdicts = ws.imports.import_files([path])
    close_database()
    assert verdicts[0].status in ("refused", "needs_choice") and _dump(db) == before  # a verdict, nothing written
