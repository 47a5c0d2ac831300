"""Issue 17, cases 11 and 14: a hostile template pack (links, special files, a zip whose sizes lie,
TOML nested too deep or not UTF-8, a version with a newline) is refused with exit 2 and a Vietnamese
message naming the problem; the templates folder and the database are exactly as before, on both
engines, and nothing is left in the temporary folder."""

from __future__ import annotations

import os
import tempfile
import time
import unicodedata

import pytest

from cchc_desktop.app.templates import templates_dir
from tests.hostile_packs import KINDS, database_state, folder_state
from tests.test_templates import _pack_folder, _zip


@pytest.fixture
def ward(cchc, engine_target, tmp_path):
    """A ward's database holding values, with the genuine 2024.1 installed on the PC."""
    genuine = _zip(_pack_folder(tmp_path / "that"), tmp_path / "mau-2024.1.zip")
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa", db=engine_target).code == 0
    assert cchc("template", "install", str(genuine), db=engine_target).code == 0
    assert cchc("set", "--period", "2024-02", "cd.vb.ban_hanh=4", db=engine_target).code == 0
    return engine_target


def _scratch() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("cchc-mau-")}


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_hostile_pack_is_refused_naming_the_problem_and_nothing_changes(kind, ward, cchc, tmp_path):
    if kind.needs_links and os.name != "posix":
        pytest.skip("links and FIFOs are made here with POSIX calls")
    pack = kind.build(tmp_path / "doc-hai")
    before = folder_state(templates_dir()), database_state(ward), _scratch()
    started = time.monotonic()
    result = cchc("template", "install", str(pack), "--force", db=ward)
    took = time.monotonic() - started
    assert result.code == 2, result
    assert kind.says in result.err, result.err
    assert result.out == "" and unicodedata.is_normalized("NFC", result.err)
    assert "Lỗi hệ thống" not in result.err
    assert took < 10, f"{kind.name}: {took:.1f} s"
    assert (folder_state(templates_dir()), database_state(ward), _scratch()) == before
    assert cchc("get", "--period", "2024-02", "--json", db=ward).json()["cd.vb.ban_hanh"] == 4


def test_a_link_to_dev_zero_is_never_read(cchc, tmp_path, monkeypatch):
    """The link is refused from the folder's listing: not one byte of /dev/zero is read or written."""
    if os.name != "posix":
        pytest.skip("POSIX links")
    kind = next(kind for kind in KINDS if "/dev/zero" in kind.name)
    pack = kind.build(tmp_path / "zero")
    opened = []
    real_open = os.open
    monkeypatch.setattr(
        os, "open", lambda path, *args, **kw: (opened.append(str(path)), real_open(path, *args, **kw))[1]
    )
    result = cchc("template", "install", str(pack))
    assert result.code == 2 and "“cd.toml”" in result.err
    assert not [path for path in opened if path.endswith("cd.toml")]
    assert not templates_dir().exists()
