"""Reading a template pack into memory, safely: a `.zip`, or a folder, holding `template.toml` and
its section files (at its top or in its single sub-folder).

A pack comes from outside (e-mail, a USB stick) and is read as hostile: links and special files are
refused (never followed: a link to /dev/zero or /etc/passwd is not a template file), every read is
bounded (files, bytes; a zip's declared sizes are not trusted), and any broken archive is a refusal
naming the file. Only the TOML files of the pack's folder are kept; they are what is checked and,
byte for byte, what is installed.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cchc_desktop.app.infra.errors import UserError
from forms.errors import os_reason

MAX_MEMBERS = 200  # entries of a pack (a template has a dozen files)
MAX_BYTES = 5 * 1024 * 1024  # what a pack may unpack to (a template is about 150 KB)
MAIN = "template.toml"
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    struct.error,
    KeyError,
)
REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)  # a Windows link or junction
NOT_INSTALLED = "không cài gì cả"


@dataclass(frozen=True)
class PackFiles:
    """A pack's TOML files as read (name → bytes), and how to name the pack in a message."""

    name: str
    files: dict[str, bytes]

    def fingerprint(self) -> str:
        return fingerprint(self.files)

    def folder(self) -> MemoryFolder:
        """The pack as a folder the template loader reads (forms.loader.build_template), in memory:
        checking it writes nothing anywhere, so a process killed meanwhile leaves nothing behind."""
        return MemoryFolder(self.files)


@dataclass(frozen=True)
class MemoryFile:
    name: str
    data: bytes | None

    def is_file(self) -> bool:
        return self.data is not None

    def read_bytes(self) -> bytes:
        if self.data is None:
            raise FileNotFoundError(self.name)
        return self.data


@dataclass(frozen=True)
class MemoryFolder:
    """A folder of files held in memory (name → bytes), read as a `pathlib.Path` is: `folder / name`."""

    files: dict[str, bytes]
    name: str = ""

    def __truediv__(self, name: str) -> MemoryFile:
        return MemoryFile(name, self.files.get(name))


def fingerprint(files: dict[str, bytes]) -> str:
    """The identity of a version's content: a hash of its files' names and bytes."""
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def is_pack_file(name: str) -> bool:
    """A file of the pack's folder that belongs to the template (what is checked and installed)."""
    stem, dot, ext = name.rpartition(".")
    return dot == "." and ext == "toml" and bool(stem) and all(c.isascii() and (c.isalnum() or c == "_") for c in stem)


def read_pack_files(source: Path) -> PackFiles:
    """The pack at `source` (a .zip or a folder), read bounded; UserError when it cannot be one."""
    source = Path(source)
    name = source.name or str(source)
    try:
        info = source.stat()  # the path the person chose may itself be a link: theirs to choose
    except OSError:
        raise UserError(f"Không tìm thấy {source}: hãy chọn tệp .zip hoặc thư mục của gói mẫu báo cáo.") from None
    if stat.S_ISDIR(info.st_mode):
        return PackFiles(name, _from_folder(source, name))
    if stat.S_ISREG(info.st_mode):
        return PackFiles(name, _from_zip(source, name))
    raise UserError(f"{source} không phải tệp .zip hay thư mục của gói mẫu báo cáo; {NOT_INSTALLED}.")


# ----- a folder ---------------------------------------------------------------------------------
def _listing(folder: Path, name: str) -> dict[str, os.stat_result]:
    """The entries of a pack folder, not followed: a link or a special file is refused."""
    found: dict[str, os.stat_result] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if len(found) >= MAX_MEMBERS:
                    raise UserError(f"Gói mẫu {name} có quá {MAX_MEMBERS} mục, quá giới hạn của một gói mẫu.")
                # os.lstat, not entry.stat(): on Windows a DirEntry's st_ino and st_dev are 0, and the file
                # opened later would never be "the file listed" (every pack from a folder was refused there).
                info = os.lstat(entry.path)
                if stat.S_ISLNK(info.st_mode) or getattr(info, "st_file_attributes", 0) & REPARSE_POINT:
                    raise UserError(
                        f"Gói mẫu {name} chứa liên kết (symlink) “{entry.name}”; gói mẫu chỉ được chứa tệp thật, "
                        f"{NOT_INSTALLED}."
                    )
                if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                    raise UserError(
                        f"Gói mẫu {name} chứa “{entry.name}” không phải tệp thường (thiết bị, ống dẫn…); "
                        f"{NOT_INSTALLED}."
                    )
                found[entry.name] = info
    except OSError as exc:
        raise UserError(f"Không đọc được thư mục {folder}: {os_reason(exc)}; {NOT_INSTALLED}.") from None
    return found


def _from_folder(folder: Path, name: str) -> dict[str, bytes]:
    entries = _listing(folder, name)
    root = folder
    if MAIN not in entries or not stat.S_ISREG(entries[MAIN].st_mode):
        inner = [key for key, info in entries.items() if stat.S_ISDIR(info.st_mode) and _holds_main(folder / key)]
        if len(inner) != 1:
            raise UserError(f"{name} không phải gói mẫu báo cáo: không thấy tệp {MAIN}.")
        root = folder / inner[0]
        entries = _listing(root, name)
    files: dict[str, bytes] = {}
    budget = MAX_BYTES
    for key, info in sorted(entries.items()):
        if stat.S_ISREG(info.st_mode) and is_pack_file(key):
            files[key] = _read_regular(root / key, info, budget, name)
            budget -= len(files[key])
    return files


def _holds_main(folder: Path) -> bool:
    try:
        return stat.S_ISREG((folder / MAIN).lstat().st_mode)
    except OSError:
        return False


def _read_regular(path: Path, seen: os.stat_result, budget: int, name: str) -> bytes:
    """A regular file's bytes, at most `budget`: opened without following a link, and refused if what
    was opened is not the file listed (replaced meanwhile)."""
    too_big = f"Gói mẫu {name} quá lớn (quá {MAX_BYTES // 1024 // 1024} MB); {NOT_INSTALLED}."
    if seen.st_size > budget:
        raise UserError(too_big)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise _unreadable(path, name, exc) from None
    try:
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (seen.st_dev, seen.st_ino):
            raise UserError(f"Tệp {path.name} của gói mẫu {name} vừa bị thay trong lúc đọc; {NOT_INSTALLED}.")
        chunks, left = [], budget + 1
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _unreadable(path, name, exc) from None
    finally:
        os.close(handle)
    data = b"".join(chunks)
    if len(data) > budget:
        raise UserError(too_big)
    return data


def _unreadable(path: Path, name: str, exc: OSError) -> UserError:
    return UserError(f"Không đọc được tệp {path.name} của gói mẫu {name}: {os_reason(exc)}; {NOT_INSTALLED}.")


# ----- a zip ------------------------------------------------------------------------------------
def _from_zip(path: Path, name: str) -> dict[str, bytes]:
    broken = f"Tệp {name} không phải tệp .zip hợp lệ của gói mẫu báo cáo."
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS:
        raise UserError(broken) from None
    try:
        with archive:
            return _zip_files(archive, name)
    except ZIP_ERRORS:
        raise UserError(f"Tệp {name} bị hỏng (không giải nén được); {NOT_INSTALLED}.") from None


def _zip_files(archive: zipfile.ZipFile, name: str) -> dict[str, bytes]:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UserError(f"Tệp {name} có {len(members)} mục, quá giới hạn {MAX_MEMBERS} của một gói mẫu.")
    files: dict[str, zipfile.ZipInfo] = {}
    folders: set[str] = set()
    total = 0
    for member in members:
        parts = _member_parts(member, name)
        _refuse_special(member, name)
        key = "/".join(parts)
        if key in files or (key in folders and not member.is_dir()):
            raise UserError(f"Tệp {name} có hai mục cùng tên “{member.filename}”; {NOT_INSTALLED}.")
        folders.update("/".join(parts[:end]) for end in range(1, len(parts)))
        if member.is_dir():
            folders.add(key)
        elif key:
            files[key] = member
        total += member.file_size
    clash = sorted(set(files) & folders)
    if clash:
        raise UserError(f"Tệp {name} có “{clash[0]}” vừa là tệp vừa là thư mục; {NOT_INSTALLED}.")
    if total > MAX_BYTES:
        raise UserError(
            f"Tệp {name} giải nén ra {total // 1024} KB, quá giới hạn {MAX_BYTES // 1024 // 1024} MB "
            f"của một gói mẫu; {NOT_INSTALLED}."
        )
    prefix = _zip_root(files, name)
    chosen = {key[len(prefix) :]: member for key, member in files.items() if key.startswith(prefix)}
    result: dict[str, bytes] = {}
    budget = MAX_BYTES
    for key, member in sorted(chosen.items()):
        if "/" in key or not is_pack_file(key):
            continue
        if member.flag_bits & 0x1:
            raise UserError(f"Tệp {name} được đặt mật khẩu; gói mẫu phải là tệp .zip thường, {NOT_INSTALLED}.")
        with archive.open(member) as stream:
            data = stream.read(budget + 1)  # zipfile stops at the declared size and checks the CRC
        if len(data) > budget:
            raise UserError(f"Tệp {name} giải nén ra quá {MAX_BYTES // 1024 // 1024} MB; {NOT_INSTALLED}.")
        result[key] = data
        budget -= len(data)
    return result


def _member_parts(member: zipfile.ZipInfo, name: str) -> tuple[str, ...]:
    path = PurePosixPath(member.filename.replace("\\", "/"))
    unsafe = (
        path.is_absolute()
        or ".." in path.parts
        or any(part.endswith(":") or "\0" in part for part in path.parts)
        or member.filename.startswith(("/", "\\"))
    )
    if unsafe:
        raise UserError(f"Tệp {name} chứa đường dẫn không an toàn “{member.filename}”; {NOT_INSTALLED}.")
    return tuple(part for part in path.parts if part not in ("", "."))


def _refuse_special(member: zipfile.ZipInfo, name: str) -> None:
    """A link (unix mode bits, or a Windows reparse point) or a device in a zip is refused."""
    mode = member.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if stat.S_ISLNK(mode) or (member.create_system == 0 and member.external_attr & REPARSE_POINT):
        raise UserError(
            f"Tệp {name} chứa liên kết (symlink) “{member.filename}”; gói mẫu chỉ được chứa tệp thật, {NOT_INSTALLED}."
        )
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise UserError(f"Tệp {name} chứa “{member.filename}” không phải tệp thường; {NOT_INSTALLED}.")


def _zip_root(files: dict[str, zipfile.ZipInfo], name: str) -> str:
    """The folder of the zip holding template.toml: its top, or its single sub-folder."""
    if MAIN in files:
        return ""
    inner = {key[: -len(MAIN)] for key in files if key.endswith("/" + MAIN) and key.count("/") == 1}
    if len(inner) == 1:
        return inner.pop()
    raise UserError(f"{name} không phải gói mẫu báo cáo: không thấy tệp {MAIN}.")
