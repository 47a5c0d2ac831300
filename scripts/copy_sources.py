"""Copy the project's files to a folder (scripts/windows-check.sh: the wheel is built from it and the Windows
tests run in it): git's list of files, uncommitted changes and new files included; without git, every file
but caches and environments. A tracked file deleted meanwhile is not copied.

Usage: python scripts/copy_sources.py ROOT DEST
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

SKIPPED = {".git", ".venv", ".cache", "build", "dist", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def project_files(root: str) -> list[str]:
    try:
        listed = subprocess.run(["git", "-C", root, "ls-files", "-z", "-co", "--exclude-standard"], capture_output=True)
    except OSError:  # no git on this machine
        listed = None
    if listed is not None and listed.returncode == 0:
        return [name for name in listed.stdout.decode("utf-8").split("\0") if name]
    names = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [sub for sub in subfolders if sub not in SKIPPED and not sub.endswith(".egg-info")]
        names += [os.path.relpath(os.path.join(folder, name), root) for name in files]
    return names


def copy_project(root: str, dest: str) -> int:
    copied = 0
    for name in project_files(root):
        source, target = os.path.join(root, name), os.path.join(dest, name)
        if os.path.isfile(source) and not os.path.islink(source):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(source, target)
            copied += 1
    return copied


if __name__ == "__main__":
    copy_project(*sys.argv[1:3])
