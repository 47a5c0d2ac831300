"""Errors of the persistence layer, each with a Vietnamese message for the person."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from forms.errors import (
    UserError,
    os_reason,  # noqa: F401 - db's modules say a file's trouble with it
)
from forms.numbers import format_datetime

NOT_A_DATABASE = "không phải tệp cơ sở dữ liệu"  # a file that is no SQLite database, as the person is told


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


class RestoreInterrupted(DatabaseMissing):
    """The file is gone because a restore stopped between moving the damaged file aside and putting the
    verified copy in its place (power cut, program closed): both are beside it, and are offered."""

    def __init__(self, path, copy=None, damaged=None, backup=None):
        parts = [
            f"Không tìm thấy cơ sở dữ liệu tại {path}: lần khôi phục trước bị ngắt giữa chừng "
            "(máy tắt hoặc chương trình bị đóng). Đừng tạo cơ sở dữ liệu mới."
        ]
        if copy:
            parts.append(
                f"Bản sao lưu đã chép sẵn để khôi phục nằm ở {copy}; hoàn tất việc khôi phục bằng lệnh: "
                f"{restore_command(path, copy)} (bản này được kiểm tra lại trước khi dùng)."
            )
        if damaged:
            parts.append(f"Tệp cũ (bị hỏng) được giữ lại tại {damaged}, không bị xóa.")
        if backup:
            lead = "Hoặc khôi phục" if copy else "Khôi phục"
            parts.append(f"{lead} bản sao lưu gần nhất {backup} bằng lệnh: {restore_command(path, backup)}.")
        StorageError.__init__(self, " ".join(parts))
        self.path = path
        self.backup = backup
        self.copy = copy
        self.damaged = damaged


class DamagedRecord(DatabaseCorrupt):
    """A stored record the program never writes (a figure that is not a number, a time that is not one),
    found on read: the command stops, changing nothing, and says how to get good data back."""

    def __init__(self, where, detail: str, backup=None, fix: str = ""):
        text = f"Cơ sở dữ liệu {where} có dữ liệu bị hỏng (không phải do CCHC Desktop ghi): {detail}. Chưa thay đổi gì."
        if fix:
            text += f" Sửa bằng cách {fix}."
        if backup:
            lead = "Hoặc khôi phục" if fix else "Khôi phục"
            text += (
                f" {lead} bản sao lưu gần nhất còn tốt: {backup} — lệnh: {restore_command(where, backup)} "
                "(dữ liệu hiện tại được sao lưu trước khi bị thay)."
            )
        else:
            text += " Không có bản sao lưu nào còn tốt để khôi phục."
        StorageError.__init__(self, text)
        self.path = where
        self.detail = detail
        self.backup = backup


class DatabaseReadOnly(StorageError):
    """The database file, or the folder holding it, cannot be written (read-only, no permission)."""

    def __init__(self, where, opening: bool = False):
        what = (
            f"Không mở được cơ sở dữ liệu {where} để ghi (chương trình cần tạo thêm tệp tạm bên cạnh nó)"
            if opening
            else f"Không ghi được vào cơ sở dữ liệu {where}"
        )
        super().__init__(
            f"{what}: tệp hoặc thư mục chứa nó chỉ cho đọc, hoặc tài khoản đang dùng không có quyền ghi vào đó. "
            "Chưa thay đổi gì. Hãy bỏ thuộc tính «Chỉ đọc» (Read-only) của tệp và thư mục (chuột phải → "
            "Properties), hoặc chép cả thư mục sang nơi có quyền ghi (ví dụ Documents) rồi mở bằng --db."
        )


class NoServerRights(StorageError):
    """The server account may not do what the command needs (create the tables, read or write them)."""

    def __init__(self, where, user: str, what: str, grant: str):
        super().__init__(
            f"Tài khoản “{user}” của cơ sở dữ liệu {where} không có quyền {what}. Chưa thay đổi gì. "
            f"Người quản trị máy chủ PostgreSQL cần cấp quyền, ví dụ: {grant}"
        )


def sqlite_damage(text: str) -> str:
    """SQLite's words for a damaged file (an error, or integrity_check's lines), said in Vietnamese."""
    lowered = text.lower()
    if "not a database" in lowered:
        return f"phần đầu tệp bị hỏng hoặc đây {NOT_A_DATABASE}"
    if "could not decode" in lowered:
        return "có chữ bị hỏng, không đọc được"
    pages = sorted({int(page) for page in re.findall(r"page (\d+)", lowered)})
    if pages:
        shown = ", ".join(str(page) for page in pages[:5]) + (" …" if len(pages) > 5 else "")
        return f"trang {shown} của tệp bị hỏng"
    if "index" in lowered:
        return "chỉ mục không khớp với dữ liệu"
    return "cấu trúc tệp bị hỏng"


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
        self.reason = reason


class NotCchcDatabase(StorageError):
    def __init__(self, where, tables):
        super().__init__(
            f"Cơ sở dữ liệu {where} không phải cơ sở dữ liệu CCHC (có bảng lạ: {', '.join(tables[:5])}); "
            "không dùng được. Hãy tạo một cơ sở dữ liệu trống riêng cho CCHC Desktop."
        )


class BackupInvalid(StorageError):
    def __init__(self, source, detail: str):
        super().__init__(f"Tệp {source} không phải bản sao lưu cơ sở dữ liệu CCHC hợp lệ ({detail}); không khôi phục.")


class BackupTooNew(StorageError):
    """A backup last written by a later version of the program: restoring it would lock this one out."""

    def __init__(self, source, recorded: str, running: str):
        super().__init__(
            f"Bản sao lưu {source} được ghi bởi CCHC Desktop phiên bản {recorded}, mới hơn phiên bản đang chạy "
            f"({running}): nếu khôi phục, phiên bản này sẽ không mở được dữ liệu nữa. Không khôi phục, chưa thay "
            f"đổi gì. Hãy cài CCHC Desktop phiên bản {recorded} hoặc mới hơn rồi khôi phục."
        )


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
