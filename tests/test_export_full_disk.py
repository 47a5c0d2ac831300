"""Issue 17, case 17: the disk fills up while an export is written. The command is refused (exit 2) in
Vietnamese, the file that was there before is intact, no temporary file is left.

Two ways: the writer's file raises OSError(ENOSPC) after writing part of the file (anywhere), and,
where the tests run as root, a real tmpfs of a few kilobytes mounted for the test."""

from __future__ import annotations

import errno
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.refusals import assert_refused

OLD = b"%PDF-1.4 the report sent last quarter, still the one on disk\n" * 40


@pytest.fixture
def quarter(monthly_unit):
    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5", "tthc.hs.tiep_nhan=40").code == 0
    return monthly_unit


def _full_after_part(write):
    """A writer that puts part of the data in the temporary file, then meets a full disk."""

    def full(self, data, *args, **kwargs):
        if not Path(self).name.startswith(".~"):
            return write(self, data, *args, **kwargs)
        with open(self, "wb") as handle:
            handle.write(data[: len(data) // 3])
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    return full


def _leftovers(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name.startswith(".~")]


def test_a_full_disk_while_the_pdf_is_written_keeps_the_old_file(quarter, tmp_path, monkeypatch):
    target = tmp_path / "ra" / "Báo cáo quý III.pdf"
    target.parent.mkdir()
    target.write_bytes(OLD)
    monkeypatch.setattr(Path, "write_bytes", _full_after_part(Path.write_bytes))
    result = quarter("export", "pdf", "--period", "2023-Q3", "-o", str(target))
    assert_refused(result, "ổ đĩa đã đầy", "Tệp cũ vẫn được giữ nguyên", target.name)
    assert target.read_bytes() == OLD
    assert _leftovers(target.parent) == []


def test_a_full_disk_while_the_annexes_are_written_keeps_the_old_file(quarter, tmp_path, monkeypatch):
    target = tmp_path / "Phụ lục quý III.xlsx"
    target.write_bytes(OLD)

    write = zipfile._ZipWriteFile.write  # every member's bytes, however the member is written

    def full(self, data):  # the package is built in memory, then written to disk: the disk fills up there
        name = self._zipfile.filename or ""
        if not Path(name).name.startswith(".~"):
            return write(self, data)
        write(self, data[: len(data) // 3])
        raise OSError(errno.ENOSPC, "No space left on device", name)

    monkeypatch.setattr(zipfile._ZipWriteFile, "write", full)
    result = quarter("export", "xlsx", "--period", "2023-Q3", "-o", str(target))
    assert_refused(result, "ổ đĩa đã đầy", "Tệp cũ vẫn được giữ nguyên")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A real tmpfs of 96 kB (mounted only where the tests run as root and may mount)."""
    if getattr(os, "geteuid", lambda: -1)() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "usb"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True, check=False)


def test_a_real_full_disk_while_the_pdf_is_written(quarter, tiny_disk):
    target = tiny_disk / "bao-cao.pdf"
    target.write_bytes(OLD)
    (tiny_disk / "chiem-cho").write_bytes(b"\0" * (60 * 1024))  # the stick is almost full
    result = quarter("export", "pdf", "--period", "2023-Q3", "-o", str(target))
    assert_refused(result, "ổ đĩa đã đầy", "Tệp cũ vẫn được giữ nguyên")
    assert target.read_bytes() == OLD
    assert _leftovers(tiny_disk) == []
    (tiny_disk / "chiem-cho").unlink()  # room again: the same export goes through
    assert quarter("export", "pdf", "--period", "2023-Q3", "-o", str(target)).code == 0
    assert target.read_bytes().startswith(b"%PDF") and target.read_bytes() != OLD
