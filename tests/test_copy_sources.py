"""scripts/copy_sources.py: what the Wine lane builds its wheel from and runs its tests in — the project's files
as they are now (uncommitted and new ones included), never caches, environments or ignored files."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("copy_sources", ROOT / "scripts" / "copy_sources.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def _project(root: Path) -> None:
    for name, text in {
        "setup.cfg": "[metadata]\n",
        "cchc_desktop/cli.py": "print('xin chào')\n",
        "cchc_desktop/__pycache__/cli.cpython-311.pyc": "",
        ".venv/bin/python": "",
        ".cache/windows/python.exe": "",
        "build/lib/cchc_desktop/cli.py": "old\n",
        "tests/test_cũ.py": "",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_a_git_checkout_gives_its_files_as_they_are_now(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root, dest = tmp_path / "repo", tmp_path / "copy"
    root.mkdir()
    _project(root)
    (root / ".gitignore").write_text(".venv/\n.cache/\nbuild/\n__pycache__/\n", encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], check=True)
    (root / "tests" / "test_cũ.py").unlink()  # deleted, not yet committed
    (root / "cchc_desktop" / "cli.py").write_text("print('đã sửa')\n", encoding="utf-8")  # changed
    (root / "cchc_desktop" / "moi.py").write_text("", encoding="utf-8")  # new, not yet added
    assert _script().copy_project(str(root), str(dest)) == 4
    assert _files(dest) == [".gitignore", "cchc_desktop/cli.py", "cchc_desktop/moi.py", "setup.cfg"]
    assert (dest / "cchc_desktop" / "cli.py").read_text(encoding="utf-8") == "print('đã sửa')\n"


@pytest.mark.parametrize("git", ["git", "khong-co-git"], ids=["not-a-checkout", "no-git-installed"])
def test_without_git_every_file_but_caches_and_environments(tmp_path, monkeypatch, git):
    script = _script()
    real_run = subprocess.run
    monkeypatch.setattr(script.subprocess, "run", lambda args, **kw: real_run([git, *args[1:]], **kw))
    root, dest = tmp_path / "tarball", tmp_path / "copy"
    _project(root)
    script.copy_project(str(root), str(dest))
    assert _files(dest) == ["cchc_desktop/cli.py", "setup.cfg", "tests/test_cũ.py"]
