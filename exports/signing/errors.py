"""The signing errors, each with a Vietnamese message for the person."""

from __future__ import annotations

from pathlib import Path

from exports.errors import ExportError


class SigningError(ExportError):
    """Nothing was signed and no file was written: a wrong PIN, no token, a certificate that cannot sign…"""


def read_limited(path: Path, limit: int, kind: str) -> bytes:
    """A file's bytes; SigningError naming it for a missing, unreadable or oversized file (`kind`: what the
    file should be, «tệp PDF», «tệp chứng thư số»)."""
    try:
        if path.stat().st_size > limit:
            raise SigningError(f"Tệp {path.name} quá lớn để là {kind}.")
        return path.read_bytes()
    except FileNotFoundError:
        raise SigningError(f"Không thấy tệp {path}.") from None
    except IsADirectoryError:
        raise SigningError(f"{path} là một thư mục, không phải {kind}.") from None
    except OSError as exc:
        raise SigningError(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from None
