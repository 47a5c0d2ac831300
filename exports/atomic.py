"""Write a file completely or not at all: a temporary file beside the target, then os.replace."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from exports.errors import ExportError
from forms.errors import os_reason

log = logging.getLogger(__name__)


def atomic_write(target: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Call write(temp_path), then move it over target; a locked or unwritable target raises ExportError."""
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"Thư mục {folder} không tồn tại; hãy chọn nơi lưu khác.")
    if target.is_dir():
        raise ExportError(f"{target} là một thư mục, không phải tệp; hãy đặt tên tệp khác.")
    temp = folder / f".~{target.name}.tmp"
    try:
        write(temp)
    except PermissionError:
        _remove(temp)
        raise ExportError(f"Không có quyền ghi vào thư mục {folder}; hãy chọn nơi lưu khác.") from None
    except OSError as exc:  # a full disk, a USB stick pulled out: the old file is untouched
        _remove(temp)
        raise _not_written(target, exc) from None
    except BaseException:
        _remove(temp)
        raise
    try:
        os.replace(temp, target)
    except PermissionError:
        _remove(temp)
        raise ExportError(
            f"Không ghi được {target.name}: tệp đang được mở trong chương trình khác (Excel, Word, trình đọc PDF…). "
            "Hãy đóng tệp đó rồi xuất lại; tệp cũ vẫn được giữ nguyên."
        ) from None
    except OSError as exc:
        _remove(temp)
        raise _not_written(target, exc) from None
    return target


def _not_written(target: Path, exc: OSError) -> ExportError:
    log.warning("writing %s failed: %s", target, exc)
    kept = " Tệp cũ vẫn được giữ nguyên." if target.exists() else ""
    return ExportError(
        f"Không ghi được tệp {target.name} vào {target.parent}: {os_reason(exc)}. Hãy kiểm tra ổ đĩa (còn chỗ "
        f"trống, không bị khóa ghi) hoặc chọn nơi lưu khác rồi xuất lại.{kept}"
    )


def _remove(temp: Path) -> None:
    """The half-written temporary file goes (when the disk is full, removing it is what frees room)."""
    try:
        temp.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s: %s", temp, exc)
