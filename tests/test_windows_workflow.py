""".github/workflows/windows.yml (it cannot run here) keeps its promises: the dependencies from the lock with
--require-hashes, Windows' own code page (no PYTHONUTF8), the data folder through CCHC_DATA_DIR, Inno Setup
pinned at 6.5 or later and its compiler found, not named by a folder; scripts/setup-env.sh uses the lock too."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
SETUP_ENV = (ROOT / "scripts" / "setup-env.sh").read_text(encoding="utf-8")


def test_every_pip_install_takes_the_lock_with_hashes_or_no_dependencies():
    for text in (WORKFLOW, SETUP_ENV):
        installs = re.findall(r"-m pip install[^\n]*", text)
        assert installs
        for line in installs:
            locked = re.search(r'--require-hashes -r "?\S*requirements/(app|build|test|\$layer)\.lock', line)
            assert locked or "--no-deps" in line, line
    assert "--require-hashes -r requirements/test.lock" in WORKFLOW  # the tests
    assert "--require-hashes -r requirements/build.lock" in WORKFLOW  # the bundle: no test tools


def test_windows_keeps_its_own_code_page_and_the_data_folder_is_the_programs_variable():
    assert "PYTHONUTF8" not in WORKFLOW.replace("PYTHONUTF8 and PYTHONIOENCODING are NOT set", "")
    assert "PYTHONIOENCODING:" not in WORKFLOW
    assert re.search(r"^\s+CCHC_DATA_DIR: .*Nguyễn Văn A", WORKFLOW, re.MULTILINE)
    assert "$env:LOCALAPPDATA =" not in WORKFLOW  # platformdirs does not read it


def test_inno_setup_is_pinned_at_6_5_or_later_and_iscc_is_found_not_named():
    (version,) = re.findall(r'INNO_SETUP_VERSION: "(\d+)\.(\d+)\.(\d+)"', WORKFLOW)
    assert tuple(map(int, version)) >= (6, 5, 0)
    assert "choco install innosetup --version $env:INNO_SETUP_VERSION" in WORKFLOW
    assert not re.search(r"Inno Setup \d\\+ISCC|Program Files", WORKFLOW, re.IGNORECASE)
    assert "InstallLocation" in WORKFLOW and "VersionInfo.ProductVersion" in WORKFLOW


def test_the_actions_are_official_at_a_major_version_and_the_steps_are_there():
    uses = re.findall(r"uses: (\S+)", WORKFLOW)
    assert uses and all(re.fullmatch(r"actions/(checkout|setup-python|upload-artifact)@v\d+", use) for use in uses)
    assert re.search(r'-m "not slow and not gui and not postgresql" --ignore=tests/gui --ignore=tests/slow', WORKFLOW)
    assert "runs-on: windows-latest" in WORKFLOW
    for step in ("installer/cchc.spec", "installer\\cchc.iss", "/VERYSILENT", "/CURRENTUSER", "CopyFromScreen"):
        assert step in WORKFLOW, step
