"""The one error base of the program and the errors of the forms package.

`UserError` is a problem the person can act on, with a Vietnamese message; every layer's
person-facing error derives from it (db's StorageError, exports' ExportError), so the application
never translates errors. Anything that is not a UserError is a bug.
"""

from __future__ import annotations

import errno


class UserError(Exception):
    """Bad input or a refused operation; the message says why and nothing was changed."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {line}" for line in self.details)


class TemplateError(UserError):
    """A template file is broken; the message says which file and what is wrong."""


class ValueInputError(UserError, ValueError):
    """A value a person typed cannot be accepted; str() is a Vietnamese message naming the value."""

    def __init__(self, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.value = value


_OS_REASONS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    getattr(errno, "EDQUOT", -1): "đã hết dung lượng được phép dùng trên ổ đĩa",
    errno.EACCES: "không có quyền ghi vào thư mục này",
    errno.EPERM: "không có quyền ghi vào thư mục này",
    errno.EROFS: "ổ đĩa chỉ cho đọc, không ghi được",
    errno.EEXIST: "đường dẫn đã bị một tệp hoặc thư mục khác chiếm",
    errno.ENOTDIR: "đường dẫn đã bị một tệp hoặc thư mục khác chiếm",
    errno.EISDIR: "đường dẫn đã bị một tệp hoặc thư mục khác chiếm",
    errno.ENOENT: "không tìm thấy thư mục hoặc tệp",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.EIO: "lỗi đọc/ghi ổ đĩa (ổ USB bị rút, ổ mạng mất kết nối hoặc đĩa hỏng)",
    errno.EBUSY: "tệp đang được một chương trình khác dùng",
    errno.EMFILE: "hệ điều hành đang mở quá nhiều tệp",
    errno.EINVAL: "tên tệp có ký tự không hợp lệ",
}


def os_reason(exc: BaseException) -> str:
    """Why a file could not be written or read, in Vietnamese (never the system's English words)."""
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code in _OS_REASONS:
        return _OS_REASONS[code]
    if "disk is full" in text or "disk full" in text:
        return _OS_REASONS[errno.ENOSPC]
    if "readonly" in text or "read-only" in text or "permission" in text:
        return _OS_REASONS[errno.EACCES]
    if "malformed" in text or "not a database" in text:
        return "tệp cơ sở dữ liệu bị hỏng"
    if "disk i/o" in text:
        return _OS_REASONS[errno.EIO]
    return f"lỗi hệ điều hành, mã {code}" if code else "lỗi không rõ khi đọc hoặc ghi tệp"
