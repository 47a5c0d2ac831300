"""Write a file completely or not at all: a temporary file beside the target, then os.replace."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from exports.errors import ExportError


def atomic_write(target: str | os.PathLike, write: Callable[[Path], None]) -> Path:
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
        temp.unlink(missing_ok=True)
        raise ExportError(f"Không có quyền ghi vào thư mục {folder}; hãy chọn nơi lưu khác.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    try:
        os.replace(temp, target)
    except PermissionError:
        temp.unlink(missing_ok=True)
        raise ExportError(
            f"Không ghi được {target.name}: tệp đang được mở trong chương trình khác (Excel, trình đọc PDF…). "
            "Hãy đóng tệp đó rồi xuất lại; tệp cũ vẫn được giữ nguyên."
        ) from None
    return target
