"""Issue 17, cases 1, 5, 6 and 7: a template pack never changes stored figures.

1. A pack valid from a past month leaves every period holding values with the version its values
   were stored with, and the install names those periods.
5. An installed version never takes other content, `--force` or not, whichever database asks.
6. A reinstall interrupted at any step leaves the old copy or the new one, never neither or a mix.
7. Versions (and validity months) are matched whole: `2024.1\\n` is not a version.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.usecases import template_folder as on_disk
from cchc_desktop.app.usecases.templates import install_pack, templates_dir
from db.models import Value
from forms.registry import TemplateSet, installed_folders, shipped_root
from tests.hostile_packs import database_state, folder_state
from tests.test_templates import NOTHING, _pack_folder, _replace, _zip

DOSSIERS = ("tthc.hs.truc_tuyen", "tthc.hs.truc_tiep")


def past_pack(target: Path, version: str = "2023.2", valid_from: str = "2023-04") -> Path:
    """A province's pack valid from a past month: the shipped 2023.1 with the new dossiers of a
    quarter taken as its last month's (time = "last"). Read with it, a quarter's sums would change."""
    target.mkdir(parents=True)
    for entry in (shipped_root() / "2023.1").iterdir():
        if entry.name.endswith(".toml"):
            (target / entry.name).write_bytes(entry.read_bytes())
    _replace("template.toml", 'version = "2023.1"', f'version = "{version}"')(target)
    _replace("template.toml", 'valid_from = "2023-01"', f'valid_from = "{valid_from}"')(target)
    text = (target / "tthc.toml").read_text(encoding="utf-8")
    for code in DOSSIERS:
        start = text.index(f'code = "{code}"')
        at = text.index('time = "sum"', start)
        text = text[:at] + 'time = "last"' + text[at + len('time = "sum"') :]
    (target / "tthc.toml").write_text(text, encoding="utf-8")
    return target


def _figures(cchc, db, period: str) -> dict:
    result = cchc("get", "--period", period, "--json", db=db)
    assert result.code == 0, result
    return result.json()


def _versions(db) -> dict[str, set[str]]:
    with Workspace.open(db):
        found: dict[str, set[str]] = {}
        for period, version in Value.select(Value.period, Value.template_version).tuples():
            found.setdefault(period, set()).add(version)
        return found


# ----- case 1 ----------------------------------------------------------------------------------------
def test_a_pack_valid_from_a_past_month_changes_no_period_holding_values(cchc, engine_target, tmp_path):
    db = engine_target
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa", db=db).code == 0
    for month, online, counter in (("04", 10, 5), ("05", 20, 6), ("06", 30, 7)):
        typed = cchc("set", "--period", f"2023-{month}", f"{DOSSIERS[0]}={online}", f"{DOSSIERS[1]}={counter}", db=db)
        assert typed.code == 0, typed
    assert cchc("set", "--period", "2023-08", f"{DOSSIERS[0]}=3", db=db).code == 0
    assert cchc("submit", "--period", "2023-Q2", db=db).code == 0
    quarter = _figures(cchc, db, "2023-Q2")
    assert (quarter[DOSSIERS[0]], quarter[DOSSIERS[1]], quarter["sum.tthc.hs.moi"]) == (60, 18, 78)
    months = {month: _figures(cchc, db, f"2023-{month}") for month in ("04", "05", "06", "08")}
    before = database_state(db)

    installed = cchc("template", "install", str(past_pack(tmp_path / "mau-2023.2")), db=db)

    assert installed.code == 0, installed
    assert installed.out.startswith("Đã cài mẫu báo cáo phiên bản 2023.2 (áp dụng từ tháng 4/2023).")
    assert "vẫn giữ mẫu đã dùng khi lưu, số liệu không đổi: quý II năm 2023, quý III năm 2023 (mẫu 2023.1)." in (
        installed.out
    )
    assert _figures(cchc, db, "2023-Q2") == quarter
    assert {month: _figures(cchc, db, f"2023-{month}") for month in months} == months
    assert database_state(db) == before
    # a month typed later in a quarter holding values joins its version; a quarter without any takes the pack's
    assert cchc("set", "--period", "2023-09", f"{DOSSIERS[0]}=4", db=db).code == 0
    assert cchc("set", "--period", "2023-10", f"{DOSSIERS[0]}=4", db=db).code == 0
    assert cchc("set", "--period", "2023-11", f"{DOSSIERS[0]}=6", db=db).code == 0
    assert _figures(cchc, db, "2023-Q3")[DOSSIERS[0]] == 3 + 4  # summed, as 2023.1 says
    assert _figures(cchc, db, "2023-Q4")[DOSSIERS[0]] == 6  # the last month, as 2023.2 says
    versions = _versions(db)
    assert versions["2023-09"] == {"2023.1"} and versions["2023-10"] == versions["2023-11"] == {"2023.2"}
    with Workspace.open(db) as ws:
        assert [ws.template_for(p).version for p in ("2023-05", "2023-Q2", "2023-Q3", "2023-12", "2023")] == [
            "2023.1",
            "2023.1",
            "2023.1",
            "2023.2",
            "2023.1",
        ]


def test_a_pack_valid_from_a_past_month_without_values_there_names_no_period(cchc, tmp_path):
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa").code == 0
    assert cchc("set", "--period", "2023-02", f"{DOSSIERS[0]}=3").code == 0  # before the pack's validity
    installed = cchc("template", "install", str(past_pack(tmp_path / "mau")))
    assert installed.code == 0 and installed.out.strip() == (
        "Đã cài mẫu báo cáo phiên bản 2023.2 (áp dụng từ tháng 4/2023)."
    )


def test_the_window_install_names_the_periods_that_keep_their_version(db_path, cchc, tmp_path):
    from cchc_desktop.app.usecases.templates import install_verdict

    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa").code == 0
    assert cchc("set", "--period", "2023-05", f"{DOSSIERS[0]}=3").code == 0
    with Workspace.open(db_path) as ws:
        verdict = install_verdict(past_pack(tmp_path / "mau"), ws.ctx, lambda question: True)
        assert not verdict.error
        assert "số liệu không đổi: quý II năm 2023 (mẫu 2023.1)." in verdict.text
        ws.reload_templates()
        assert ws.template_for("2023-05").version == "2023.1"


# ----- case 5 ----------------------------------------------------------------------------------------
def _changed(tmp_path: Path, name: str = "doi") -> Path:
    """A pack of the same number, 2024.1, with one label changed: another content."""
    edit = _replace("cd.toml", 'label = "', 'label = "Đã sửa: ')
    return _zip(_pack_folder(tmp_path / name, edit), tmp_path / f"{name}.zip")


def test_no_database_of_the_pc_can_have_an_installed_version_replaced(cchc, engine_target, tmp_path):
    first, second = engine_target, tmp_path / "csdl-thu-hai.sqlite"
    genuine = _zip(_pack_folder(tmp_path / "that"), tmp_path / "mau-2024.1.zip")
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa", db=first).code == 0
    assert cchc("template", "install", str(genuine), db=first).code == 0
    assert cchc("set", "--period", "2024-02", "cd.vb.ban_hanh=4", db=first).code == 0
    assert cchc("init", "--unit-code", "P2", "--unit-name", "UBND phường Tân Quy", db=second).code == 0
    before = folder_state(templates_dir()), database_state(first)

    for options in (["--force"], []):
        refused = cchc("template", "install", str(_changed(tmp_path, f"doi{len(options)}")), *options, db=second)
        assert refused.code == 2, refused
        assert "phiên bản 2024.1 đã cài trên máy này có nội dung khác gói" in refused.err
        assert "kể cả với --force" in refused.err and "ví dụ 2024.2" in refused.err
        assert (folder_state(templates_dir()), database_state(first)) == before

    # the very same pack: written again for a database that has not used it (a repair), never for one that has
    again = cchc("template", "install", str(genuine), "--force", db=second)
    assert again.code == 0 and again.out.startswith("Đã cài lại mẫu báo cáo phiên bản 2024.1")
    assert folder_state(templates_dir()) == before[0]
    holding = cchc("template", "install", str(genuine), "--force", db=first)
    assert holding.code == 2 and "đã có số liệu" in holding.err
    assert (folder_state(templates_dir()), database_state(first)) == before
    assert _figures(cchc, first, "2024-02")["cd.vb.ban_hanh"] == 4


def test_a_damaged_copy_is_repaired_by_the_same_pack_only(tmp_path):
    folder = tmp_path / "installed"
    genuine = _zip(_pack_folder(tmp_path / "that"), tmp_path / "that.zip")
    install_pack(genuine, NOTHING, folder=folder)
    good = folder_state(folder)
    (folder / "2024.1" / "cd.toml").write_text("[section\n", encoding="utf-8")  # damaged by hand
    assert TemplateSet.load(folder).problems
    with pytest.raises(Exception, match="nội dung khác"):
        install_pack(_changed(tmp_path), NOTHING, force=True, folder=folder)
    assert install_pack(genuine, NOTHING, force=True, folder=folder).replaced
    assert folder_state(folder) == good and not TemplateSet.load(folder).problems


def test_a_copy_installed_without_a_fingerprint_is_compared_by_its_files(tmp_path):
    folder = tmp_path / "installed"
    genuine = _zip(_pack_folder(tmp_path / "that"), tmp_path / "that.zip")
    install_pack(genuine, NOTHING, folder=folder)
    (folder / "2024.1" / on_disk.FINGERPRINT).unlink()  # as an older program installed it
    with pytest.raises(Exception, match="nội dung khác"):
        install_pack(_changed(tmp_path), NOTHING, force=True, folder=folder)
    assert install_pack(genuine, NOTHING, force=True, folder=folder).replaced


# ----- case 6 ----------------------------------------------------------------------------------------
class Crash(BaseException):
    """The process dies here (not an exception any code of the program would catch)."""


def _copy_state(folder: Path) -> dict[str, bytes]:
    copies = installed_folders(folder)[0]["2024.1"]
    return {path.name: path.read_bytes() for path in copies[-1].iterdir()}


def _hand_edit(folder: Path) -> dict[str, bytes]:
    """Make the installed copy differ from the pack in every file (a comment added), so that the old
    copy and the new one are told apart file by file."""
    copy = installed_folders(folder)[0]["2024.1"][-1]
    for path in copy.glob("*.toml"):
        with path.open("a", encoding="utf-8") as stream:
            stream.write("\n# sửa tay\n")
    return _copy_state(folder)


def _interrupt_at(patch, step: int) -> None:
    """The install's `step`-th write, sync, rename or removal dies (Crash) instead of happening."""
    calls = [0]

    def interrupting(real):
        def step_of_install(*args, **kwargs):
            calls[0] += 1
            if calls[0] == step:
                raise Crash
            return real(*args, **kwargs)

        return step_of_install

    for name in ("_rename", "_remove", "_write", "_sync"):
        patch.setattr(on_disk, name, interrupting(getattr(on_disk, name)))


def test_a_reinstall_interrupted_at_any_step_leaves_the_old_copy_or_the_new(tmp_path, monkeypatch):
    folder = tmp_path / "installed"
    genuine = _zip(_pack_folder(tmp_path / "that"), tmp_path / "that.zip")
    install_pack(genuine, NOTHING, folder=folder)
    new = _copy_state(folder)
    seen, step = [], 0
    while True:
        step += 1
        old = _hand_edit(folder)
        with monkeypatch.context() as patch:
            _interrupt_at(patch, step)
            try:
                install_pack(genuine, NOTHING, force=True, folder=folder)
                finished = True
            except Crash:
                finished = False
        versions = TemplateSet.load(folder)
        assert versions.has("2024.1") and not versions.problems, (step, versions.problems)
        state = _copy_state(folder)
        assert state in (old, new), f"step {step}: a mix of the old copy and the new"
        seen.append("new" if state == new else "old")
        if finished:
            break
    assert step >= 8 and seen[0] == "old" and seen[-1] == "new", seen
    install_pack(genuine, NOTHING, force=True, folder=folder)  # tidies what the interruptions left
    assert sorted(path.name for path in folder.iterdir()) == ["2024.1"]


def test_an_install_interrupted_before_its_rename_leaves_nothing_installed(tmp_path, monkeypatch):
    folder = tmp_path / "installed"
    genuine = _zip(_pack_folder(tmp_path / "that"), tmp_path / "that.zip")

    def die(*args):
        raise Crash

    with monkeypatch.context() as patch:
        patch.setattr(on_disk, "_rename", die)
        with pytest.raises(Crash):
            install_pack(genuine, NOTHING, folder=folder)
    assert not TemplateSet.load(folder).has("2024.1")
    install_pack(genuine, NOTHING, folder=folder)
    assert sorted(path.name for path in folder.iterdir()) == ["2024.1"]


def test_a_full_disk_is_a_refusal_and_the_installed_copy_stays(cchc, tmp_path, monkeypatch):
    genuine = _zip(_pack_folder(tmp_path / "that"), tmp_path / "that.zip")
    assert cchc("template", "install", str(genuine)).code == 0
    before = folder_state(templates_dir())

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(on_disk, "_write", full)
    result = cchc("template", "install", str(genuine), "--force")
    assert result.code == 2 and "Không ghi được mẫu báo cáo phiên bản 2024.1" in result.err, result
    assert "Mẫu đã cài vẫn như cũ." in result.err
    assert folder_state(templates_dir()) == before


# ----- case 7 ----------------------------------------------------------------------------------------
def test_a_version_with_a_trailing_newline_is_refused_and_the_genuine_one_installs(cchc, engine_target, tmp_path):
    db = engine_target
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa", db=db).code == 0
    for name, old, new in (
        ("v", 'version = "2024.1"', 'version = "2024.1\\n"'),
        ("v2", 'version = "2024.1"', 'version = "2024.1 "'),
        ("f", 'valid_from = "2024-01"', 'valid_from = "2024-01\\n"'),
    ):
        bent = _zip(_pack_folder(tmp_path / name, _replace("template.toml", old, new)), tmp_path / f"{name}.zip")
        refused = cchc("template", "install", str(bent), db=db)
        assert refused.code == 2 and "template.toml, dòng" in refused.err, refused
        assert not templates_dir().exists()
    genuine = _zip(_pack_folder(tmp_path / "that"), tmp_path / "that.zip")
    assert cchc("template", "install", str(genuine), db=db).code == 0
    assert cchc("set", "--period", "2024-02", "cd.vb.ban_hanh=4", db=db).code == 0
    assert _versions(db) == {"2024-02": {"2024.1"}}


@pytest.mark.skipif(os.name != "posix", reason="a newline in a folder name is POSIX only")
def test_a_folder_left_under_a_bent_version_name_is_named_and_not_read(cchc, tmp_path):
    genuine = _pack_folder(tmp_path / "that")
    shutil.copytree(genuine, templates_dir() / "2024.1\n")  # what the old program installed
    _replace("template.toml", 'version = "2024.1"', 'version = "2024.1\\n"')(templates_dir() / "2024.1\n")
    listed = cchc("template", "list")
    assert listed.code == 0 and [line.split("\t")[0] for line in listed.out.splitlines()] == ["2023.1", "2025.1"]
    assert "không mang tên một phiên bản" in listed.err
    assert cchc("template", "install", str(genuine)).code == 0
    assert [line.split("\t")[0] for line in cchc("template", "list").out.splitlines()] == ["2023.1", "2024.1", "2025.1"]
