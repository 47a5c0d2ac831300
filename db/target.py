"""Where the data lives: an SQLite file (a Path) or a PostgreSQL server (a `postgresql://` URL)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from db.errors import StorageError

SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class ServerTarget:
    """A PostgreSQL database; str() never shows the password."""

    url: str

    def __str__(self) -> str:
        return safe_url(self.url)

    @property
    def dbname(self) -> str:
        return unquote(urlsplit(self.url).path.lstrip("/"))

    def folder_name(self) -> str:
        """A file-system-safe name for this server and database (its backups folder)."""
        parts = urlsplit(self.url)
        name = f"{parts.hostname or 'localhost'}_{parts.port or 5432}_{self.dbname or 'postgres'}"
        return re.sub(r"[^A-Za-z0-9_.-]+", "-", name)


Target = Path | ServerTarget


def is_server_url(text: str | os.PathLike) -> bool:
    return isinstance(text, str) and text.strip().lower().startswith(SCHEMES)


def parse_target(value: str | os.PathLike | ServerTarget) -> Target:
    """A Path for a file, a ServerTarget for a `postgresql://user:pass@host:port/dbname` URL."""
    if isinstance(value, ServerTarget):
        return value
    if is_server_url(value):
        url = str(value).strip()
        if url.lower().startswith("postgres://"):  # the short form libpq and others also accept
            url = "postgresql://" + url[len("postgres://") :]
        if urlsplit(url).netloc.count("@") > 1:
            raise StorageError(
                "Địa chỉ cơ sở dữ liệu có nhiều hơn một ký tự @: nếu mật khẩu có @, hãy viết nó là %40 "
                "(ví dụ postgresql://can-bo:Mat%40Khau@may-chu/cchc)."
            )
        _check_port(url)
        return ServerTarget(url)
    return Path(value).expanduser()


def _check_port(url: str) -> None:
    """A port that is not a number from 1 to 65535 is said, naming it (the password is never shown)."""
    netloc = urlsplit(url).netloc.rsplit("@", 1)[-1]
    host, colon, port = netloc.rpartition(":") if not netloc.endswith("]") else (netloc, "", "")
    if not colon or not port:
        return
    if not port.isascii() or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise StorageError(
            f"Cổng “{port}” trong địa chỉ cơ sở dữ liệu (sau “{host}:”) không phải số từ 1 đến 65535. "
            "Hãy viết địa chỉ dạng postgresql://tài_khoản:mật_khẩu@máy_chủ:5432/tên_csdl (cổng mặc định của "
            "PostgreSQL là 5432; bỏ “:cổng” để dùng cổng mặc định)."
        )


def safe_url(url: str) -> str:
    """The URL with its password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return url.replace(parts.netloc, f"{user}:***@{netloc[1]}", 1)
