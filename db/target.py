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
        return ServerTarget(url)
    return Path(value).expanduser()


def safe_url(url: str) -> str:
    """The URL with its password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return url.replace(parts.netloc, f"{user}:***@{netloc[1]}", 1)
