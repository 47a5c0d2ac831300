"""Errors of the persistence layer, each with a Vietnamese message for the person."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from datetime import datetime

from forms.errors import UserError
from forms.numbers import format_datetime


def restore_command(path, backup) -> str:
    """The exact command that restores `backup` into the database at `path` (it works on a damaged file)."""
    return f'cchc --db "{path}" restore "{backup}"'


class StorageError(UserError):
    """A database problem the person can act on (missing, corrupt, too new, locked)."""


class DatabaseMissing(StorageError):
    def __init__(self, path, backup=None):
        hint = (
            f" Bản sao lưu gần nhất: {backup} (khôi phục bằng lệnh: {restore_command(path, backup)})." if backup else ""
        )
        super().__init__(
            f'Không tìm thấy cơ sở dữ liệu tại {path}. Hãy tạo mới bằng lệnh "cchc init" '
            f'hoặc mở dữ liệu mẫu bằng "cchc demo".{hint}'
        )
        self.path = path
        self.backup = backup


class DatabaseCorrupt(StorageError):
    def __init__(self, path, detail, backup=None):
        hint = (
            f" Bản sao lưu gần nhất: {backup} — khôi phục bằng lệnh: {restore_command(path, backup)} "
            "(tệp hỏng được giữ lại bên cạnh, không bị xóa)."
            if backup
            else " Không có bản sao lưu nào."
        )
        super().__init__(f"Tệp cơ sở dữ liệu {path} bị hỏng hoặc không phải cơ sở dữ liệu CCHC ({detail}).{hint}")
        self.path = path
        self.detail = detail
        self.backup = backup


class DatabaseTooNew(StorageError):
    def __init__(self, version, latest):
        super().__init__(
            f"Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của chương trình (lược đồ {version}, "
            f"chương trình này chỉ đọc được đến {latest}). Hãy cập nhật CCHC Desktop."
        )


class DatabaseBusy(StorageError):
    """Another writer held the database longer than the wait allowed (or a conflicting transaction won)."""

    def __init__(self, where, seconds: float | None = None):
        waited = f"đã chờ {seconds:g} giây mà người khác vẫn đang ghi" if seconds else "người khác đang ghi cùng lúc"
        super().__init__(f"Cơ sở dữ liệu đang bận: {waited} vào {where}. Chưa có gì được lưu; hãy thử lại sau ít phút.")


class DiskFull(StorageError):
    """A write found no room on the disk: SQLite rolled the transaction back, nothing of it is stored."""

    def __init__(self, where):
        super().__init__(
            f"Ổ đĩa chứa cơ sở dữ liệu {where} đã đầy: lần ghi này chưa được lưu (số liệu đã lưu trước đó "
            "vẫn nguyên vẹn). Hãy giải phóng chỗ trống trên ổ đĩa rồi thử lại."
        )


class DatabaseUnavailable(StorageError):
    """The database server cannot be reached or refuses the connection."""

    def __init__(self, where, reason: str):
        super().__init__(f"Không kết nối được cơ sở dữ liệu {where}: {reason}.")


class NotCchcDatabase(StorageError):
    def __init__(self, where, tables):
        super().__init__(
            f"Cơ sở dữ liệu {where} không phải cơ sở dữ liệu CCHC (có bảng lạ: {', '.join(tables[:5])}); "
            "không dùng được. Hãy tạo một cơ sở dữ liệu trống riêng cho CCHC Desktop."
        )


class BackupInvalid(StorageError):
    def __init__(self, source, detail: str):
        super().__init__(f"Tệp {source} không phải bản sao lưu cơ sở dữ liệu CCHC hợp lệ ({detail}); không khôi phục.")


def os_reason(exc: BaseException) -> str:
    """Why a file could not be written, in Vietnamese (disk full, no permission, or the system's words)."""
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code == errno.ENOSPC or "disk is full" in text or "disk full" in text:
        return "ổ đĩa đã đầy"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text or "permission" in text:
        return "không có quyền ghi vào thư mục này"
    if code in (errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
        return "đường dẫn đã bị một tệp hoặc thư mục khác chiếm"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


class BackupNotWritten(StorageError):
    """A backup file could not be written; nothing of the database changed, no temporary file is left."""

    def __init__(self, dest, reason: str):
        super().__init__(f"Không ghi được bản sao lưu {dest} ({reason}). Cơ sở dữ liệu không thay đổi gì.")
        self.dest = dest
        self.reason = reason


class DailyBackupFailed(StorageError):
    """The daily backup could not be written: a warning, the work goes on."""

    def __init__(self, folder, reason: str):
        super().__init__(
            f"Chưa sao lưu hằng ngày được vào {folder} ({reason}). Công việc vẫn tiếp tục và số liệu không mất; "
            'hãy giải phóng chỗ trống hoặc sao lưu sang nơi khác bằng lệnh: cchc backup -o "TỆP".'
        )
        self.folder = folder


@dataclass(frozen=True)
class Conflict:
    """A value changed by someone else since the writer read it."""

    code: str
    stored: str | None
    updated_by: str
    updated_at: datetime | None


class ValueConflict(StorageError):
    """Stored values differ from what the writer last saw: nothing was written."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = list(conflicts)
        people = []
        for conflict in self.conflicts:
            who = conflict.updated_by or "người khác"
            when = f" lúc {format_datetime(conflict.updated_at)}" if conflict.updated_at else ""
            people.append(f"{who}{when}")
        count = len(self.conflicts)
        what = "Giá trị này" if count == 1 else f"{count} giá trị"
        super().__init__(
            f"{what} vừa được {'; '.join(dict.fromkeys(people))} thay đổi sau khi bạn mở. "
            "Chưa lưu gì: hãy xem giá trị mới rồi chọn giữ hay ghi đè."
        )


class PeriodLocked(StorageError):
    """A change to a submitted (locked) report period: nothing was stored."""

    def __init__(self, period: str, label: str, author: str = "", at: datetime | None = None, what: str = "số liệu"):
        who = f" bởi {author} lúc {format_datetime(at)}" if at else ""
        super().__init__(
            f"Kỳ {label} đã được gửi (khóa){who}. Muốn sửa {what}, hãy mở lại kỳ đó "
            f'(nút “Mở lại kỳ”, hoặc lệnh "cchc reopen --period {period} --reason …").'
        )
        self.period = period


class ProgramTooOld(StorageError):
    """The database was last written by a later version of the program: this one refuses it, unchanged."""

    def __init__(self, recorded: str, running: str):
        super().__init__(
            f"Cơ sở dữ liệu này đã được ghi bởi CCHC Desktop phiên bản {recorded}, mới hơn phiên bản đang chạy "
            f"({running}). Để không làm sai hay mất số liệu, chương trình không mở nó và không thay đổi gì. "
            f"Hãy cài CCHC Desktop phiên bản {recorded} hoặc mới hơn (bộ cài đặt mới cài đè lên bản cũ, "
            "dữ liệu được giữ nguyên) rồi mở lại."
        )
        self.recorded = recorded
        self.running = running
