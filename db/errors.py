"""Errors of the persistence layer, each with a Vietnamese message for the person."""

from __future__ import annotations

from forms.errors import UserError


class StorageError(UserError):
    """A database problem the person can act on (missing, corrupt, too new, locked)."""


class DatabaseMissing(StorageError):
    def __init__(self, path, backup=None):
        hint = f' Bản sao lưu gần nhất: {backup} (khôi phục bằng lệnh: cchc restore "{backup}").' if backup else ""
        super().__init__(
            f'Không tìm thấy cơ sở dữ liệu tại {path}. Hãy tạo mới bằng lệnh "cchc init" '
            f'hoặc mở dữ liệu mẫu bằng "cchc demo".{hint}'
        )
        self.path = path
        self.backup = backup


class DatabaseCorrupt(StorageError):
    def __init__(self, path, detail, backup=None):
        hint = (
            f' Bản sao lưu gần nhất: {backup} — khôi phục bằng lệnh: cchc restore "{backup}".'
            if backup
            else " Không có bản sao lưu nào."
        )
        super().__init__(f"Tệp cơ sở dữ liệu {path} bị hỏng hoặc không phải cơ sở dữ liệu CCHC ({detail}).{hint}")
        self.path = path
        self.backup = backup


class DatabaseTooNew(StorageError):
    def __init__(self, version, latest):
        super().__init__(
            f"Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của chương trình (lược đồ {version}, "
            f"chương trình này chỉ đọc được đến {latest}). Hãy cập nhật CCHC Desktop."
        )
