"""The demo's nine communes: their figures add up to exactly the commune-level totals the reference
prints, each commune's figures hold together, and the city's report consolidates them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cchc_desktop.app import Workspace
from tests.conftest import REPO

PERIOD = "2023-Q3"
COMMUNES = {
    "XA-SADEC-P1": "UBND Phường 1",
    "XA-SADEC-P2": "UBND Phường 2",
    "XA-SADEC-P3": "UBND Phường 3",
    "XA-SADEC-P4": "UBND Phường 4",
    "XA-SADEC-ANHOA": "UBND phường An Hòa",
    "XA-SADEC-TANQUYDONG": "UBND phường Tân Quy Đông",
    "XA-SADEC-TANKHANHDONG": "UBND xã Tân Khánh Đông",
    "XA-SADEC-TANQUYTAY": "UBND xã Tân Quy Tây",
    "XA-SADEC-TANPHUDONG": "UBND xã Tân Phú Đông",
}
# The reference's cấp xã figures (section II.2 and II.6): sums over the nine (units = "sum") …
PRINTED_TOTALS = {
    "tthc.hs.tiep_nhan": 4523,
    "tthc.hs.truc_tuyen": 3812,  # as printed; the clean demo: 3.636 = 4.347 − 711
    "tthc.hs.truc_tiep": 711,
    "tthc.hs.ky_truoc": 176,
    "tthc.hs.da_giai_quyet": 4269,
    "tthc.hs.truoc_han": 4002,
    "tthc.hs.dung_han": 267,
    "tthc.hs.qua_han": 0,
    "tthc.hs.dang_giai_quyet": 148,
    "tthc.hs.dang_trong_han": 148,
    "tthc.hs.dang_qua_han": 0,
    "tthc.sh.phai_so_hoa": 4523,
    "tthc.sh.da_so_hoa": 4044,
    "tthc.bpmc.tong": 9,
    "tthc.bpmc.nhan_dien": 9,
}
# … and the lists every commune publishes alike (units = "none"): each commune holds the value.
SAME_IN_EACH = {
    "tthc.ck.tong": 164,
    "tthc.ck.mot_cua": 119,
    "tthc.ck.lien_thong": 45,
    "cds.dvc.toan_trinh": 69,
    "cds.dvc.mot_phan": 36,
}


def _children(db) -> dict[str, dict[str, object]]:
    with Workspace.open(db) as ws:
        children = ws.units.children()
        assert {child.code: child.name for child in children} == COMMUNES
        assert {(child.level, child.frequency) for child in children} == {("xa", "quarter")}
        return {child.code: ws.entry.get_values(PERIOD, child.code, computed=False) for child in children}


@pytest.mark.parametrize("printed", [True, False], ids=["as-printed", "clean"])
def test_the_nine_add_up_to_the_reference(demo_db, clean_demo_db, printed):
    values = _children(demo_db if printed else clean_demo_db)
    expected = dict(PRINTED_TOTALS)
    if not printed:
        expected["tthc.hs.truc_tuyen"] = 4523 - 711 - 176
    for code, total in expected.items():
        assert sum(figures[code] for figures in values.values()) == total, code
    for code, value in SAME_IN_EACH.items():
        assert {figures[code] for figures in values.values()} == {value}, code
    assert {figures["tthc.bpmc.tong"] for figures in values.values()} == {1}
    assert len({figures["tthc.hs.tiep_nhan"] for figures in values.values()}) > 3  # not one figure copied nine times


def test_each_commune_holds_together_and_keeps_the_reference_slip_only_as_printed(cchc, demo_db, clean_demo_db):
    for code in COMMUNES:
        clean = cchc("check", "--period", PERIOD, "--unit", code, "--json", db=clean_demo_db)
        assert clean.code == 0, clean
        found = clean.json()
        assert [item["rule"] for item in found] == ["tthc.hs.bal"]  # the reference's 106 dossiers, explained
        printed = cchc("check", "--period", PERIOD, "--unit", code, "--json", db=demo_db)
        assert printed.code == 1, printed
        rules = sorted(item["rule"] for item in printed.json())
        assert rules == ["tthc.hs.3", "tthc.hs.bal"]
    with Workspace.open(clean_demo_db) as ws:
        explained = [
            next(v for v in ws.checks.check(PERIOD, unit_code=code) if v.rule == "tthc.hs.bal") for code in COMMUNES
        ]
    gaps = [int(v.explanation.split()[2]) for v in explained]  # "Chênh lệch N hồ sơ …"
    assert sum(gaps) == 4523 - 4269 - 148


def test_the_city_consolidates_the_nine(cchc, clean_demo_db):
    total = cchc("get", "--period", PERIOD, "--consolidated", "--json", db=clean_demo_db).json()
    assert total["tthc.bpmc.tong"] == 10 and total["tthc.bpmc.nhan_dien"] == 10
    assert (total["tthc.sh.da_so_hoa"], total["tthc.sh.phai_so_hoa"]) == (5035, 5661)
    assert (total["tthc.hs.tiep_nhan"], total["tthc.hs.da_giai_quyet"]) == (5661, 5238)


def test_the_toml_is_what_the_script_writes():
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "demo_communes.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
