"""Where the data lives: an SQLite file (a Path) or a PostgreSQL server (a `postgresql://` URL).

A server address may carry a password. It is never shown: str() and repr() of a ServerTarget hide it,
and every form of it the program has seen (as written, decoded, percent-encoded) is remembered so that
`redact` can blank it out of any text — an exception's message, a log record, a traceback."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote, urlsplit

from db.errors import StorageError

SCHEMES = ("postgresql://", "postgres://")
HIDDEN = "***"
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_QUERY_PASSWORD = re.compile(r"[?&]password=([^&#]*)", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(postgres(?:ql)?://[^:/@\s]*:)[^\s]*@", re.IGNORECASE)  # what redact cannot know
_secrets: set[str] = set()  # every form of every password seen in an address, longest first when used


@dataclass(frozen=True)
class ServerTarget:
    """A PostgreSQL database; str() and repr() never show the password."""

    url: str = field(repr=False)

    def __str__(self) -> str:
        return safe_url(self.url)

    def __repr__(self) -> str:
        return f"ServerTarget({safe_url(self.url)!r})"

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
        _remember_password(url)
        _check_address(url)
        return ServerTarget(url)
    return Path(value).expanduser()


def _check_address(url: str) -> None:
    """Refuse, without showing the password, an address whose parts a driver would read differently
    from what the person meant: a % not followed by two hex digits, an @ or a / ? # of the password
    written as such (the rest of the password would become the host or the database name)."""
    example = "ví dụ postgresql://can-bo:Mat%40Khau@may-chu/cchc"
    if _BAD_ESCAPE.search(url):
        raise StorageError(
            "Địa chỉ cơ sở dữ liệu có ký tự % không theo sau bởi hai chữ số thập lục phân (0–9, A–F): trong "
            "tên đăng nhập, mật khẩu hay tên cơ sở dữ liệu, dấu % phải viết là %25, @ là %40, / là %2F, "
            f"? là %3F, # là %23 ({example}). Chưa kết nối, chưa ghi gì."
        )
    parts = urlsplit(url)
    if parts.netloc.count("@") > 1:
        raise StorageError(
            f"Địa chỉ cơ sở dữ liệu có nhiều hơn một ký tự @: nếu mật khẩu có @, hãy viết nó là %40 ({example})."
        )
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise StorageError(
            "Địa chỉ cơ sở dữ liệu có cổng không hợp lệ: cổng là một số từ 1 đến 65535, viết sau tên máy chủ và "
            f"dấu hai chấm ({example.replace('may-chu', 'may-chu:5432')}), hoặc mật khẩu có ký tự /, ? hay # "
            "chưa viết là %2F, %3F, %23. Chưa kết nối, chưa ghi gì."
        ) from None
    if "@" in parts.path + parts.query + parts.fragment:
        raise StorageError(
            "Địa chỉ cơ sở dữ liệu không đọc được: nếu mật khẩu có ký tự /, ? hoặc #, hãy viết chúng là %2F, "
            f"%3F, %23 ({example}). Chưa kết nối, chưa ghi gì."
        )


def _userinfo(url: str) -> str:
    """What stands between `://` and the last `@` before the host: `user:password` (or "")."""
    rest = url.split("://", 1)[-1]
    return rest.rsplit("@", 1)[0] if "@" in rest else ""


def _remember_password(url: str) -> None:
    """Every form a password may take in a text: as written, decoded, percent-encoded (either case);
    the password of the user part and a `password=` parameter alike."""
    written = [_userinfo(url).partition(":")[2]]
    written += _QUERY_PASSWORD.findall(url)
    for text in written:
        if len(text) < 3:  # an empty or trivial password: blanking it would blank letters of every text
            continue
        decoded = unquote(text)
        forms = {text, decoded, quote(decoded, safe=""), quote_plus(decoded, safe=""), quote(decoded)}
        forms |= {_ESCAPE.sub(lambda m: m.group().lower(), form) for form in forms}
        forms |= {_ESCAPE.sub(lambda m: m.group().upper(), form) for form in forms}
        _secrets.update(form for form in forms if len(form) >= 3)


def redact(text: str) -> str:
    """`text` with every form of every password seen in an address replaced by ***, and the password of
    any other server address it quotes, too."""
    if not text:
        return text
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, HIDDEN)
    return _URL_PASSWORD.sub(rf"\g<1>{HIDDEN}@", text) if "://" in text else text


def safe_url(url: str) -> str:
    """The URL with its password replaced by *** (whatever the password holds)."""
    _remember_password(url)
    info = _userinfo(url)
    if ":" not in info:
        return redact(url)
    user = info.split(":", 1)[0]
    return redact(url.replace(info, f"{user}:{HIDDEN}", 1))
