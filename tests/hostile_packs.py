"""Hostile template packs, one builder per kind: links and special files in a folder or a zip, a zip
whose sizes lie, TOML nested too deep, not UTF-8, versions with a trailing newline… Each builder
makes the pack under a folder and returns its path; KINDS pairs it with the words the refusal must say.
Shared by tests/test_template_pack_hostile.py and the proof test in tests/slow/."""

from __future__ import annotations

import os
import stat
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.test_templates import _pack_folder, _replace, _zip

BOMB_BYTES = 64 * 1024 * 1024  # what the lying zip member really unpacks to


@dataclass(frozen=True)
class Kind:
    name: str
    build: Callable[[Path], Path]
    says: str  # a fragment of the Vietnamese refusal
    needs_links: bool = False  # a symlink or FIFO on disk (POSIX)


def _folder(base: Path, edit=None) -> Path:
    return _pack_folder(base / "goi", edit)


def _linked(target: str, name: str) -> Callable[[Path], Path]:
    def build(base: Path) -> Path:
        pack = _folder(base)
        if (pack / name).exists():
            (pack / name).unlink()
        os.symlink(target, pack / name)
        return pack

    return build


def _linked_subfolder(base: Path) -> Path:
    real = _folder(base)
    outer = base / "ngoai"
    outer.mkdir()
    os.symlink(real, outer / "2024.1", target_is_directory=True)
    return outer


def _fifo(base: Path) -> Path:
    pack = _folder(base)
    (pack / "cd.toml").unlink()
    os.mkfifo(pack / "cd.toml")
    return pack


def _zip_with(base: Path, extra: Callable[[zipfile.ZipFile], None], skip: str = "") -> Path:
    pack = _folder(base)
    target = base / "goi.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(pack.glob("*.toml")):
            if path.name != skip:
                archive.write(path, "2024.1/" + path.name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names are the point of one kind
            extra(archive)
    return target


def _member(name: str, mode: int, data: bytes = b"") -> Callable[[zipfile.ZipFile], None]:
    def add(archive: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = mode << 16
        archive.writestr(info, data)

    return add


def _zip_link_member(base: Path) -> Path:
    return _zip_with(base, _member("2024.1/cd.toml", stat.S_IFLNK | 0o777, b"/dev/zero"), skip="cd.toml")


def _zip_linked_folder(base: Path) -> Path:
    """A member `2024.1` that is a link to a folder, then the pack's files under `2024.1/`."""
    pack = _folder(base)
    target = base / "goi.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        _member("2024.1", stat.S_IFLNK | 0o777, b"/tmp")(archive)
        for path in sorted(pack.glob("*.toml")):
            archive.write(path, "2024.1/" + path.name)
    return target


def _zip_device(base: Path) -> Path:
    return _zip_with(base, _member("2024.1/thiet_bi.toml", stat.S_IFCHR | 0o644))


def _zip_duplicate(base: Path) -> Path:
    return _zip_with(base, lambda archive: archive.writestr("2024.1/cd.toml", "# bản thứ hai\n"))


def _zip_file_and_folder(base: Path) -> Path:
    return _zip_with(base, lambda archive: archive.writestr("2024.1/cd.toml/x.toml", ""))


def _zip_bomb(base: Path) -> Path:
    """cd.toml really unpacks to 64 MB, but its headers say 2 KB (local and central sizes patched)."""
    target = _zip_with(base, lambda archive: archive.writestr("2024.1/cd.toml", b"#" * BOMB_BYTES), skip="cd.toml")
    data = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as archive:
        member = archive.getinfo("2024.1/cd.toml")
        local = member.header_offset
    struct.pack_into("<I", data, local + 22, 2048)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")  # the central directory's headers
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_len]) == b"2024.1/cd.toml":
            struct.pack_into("<I", data, central + 24, 2048)  # central directory: uncompressed size
        central = data.find(b"PK\x01\x02", central + 4)
    target.write_bytes(bytes(data))
    return target


def _zip_declared_huge(base: Path) -> Path:
    return _zip_with(base, lambda archive: archive.writestr("2024.1/ghi_chu.txt", "0" * (6 * 1024 * 1024)))


def _zip_crc(base: Path) -> Path:
    target = _zip(_folder(base), base / "goi.zip")
    data = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as archive:
        member = archive.getinfo("2024.1/tthc.toml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    data[start + member.compress_size // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def _zip_truncated(base: Path) -> Path:
    target = _zip(_folder(base), base / "goi.zip")
    target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    return target


def _not_a_zip(base: Path) -> Path:
    target = base / "goi.zip"
    base.mkdir(parents=True, exist_ok=True)
    target.write_bytes(os.urandom(4096))
    return target


def _appended(name: str, text: str) -> Callable[[Path], Path]:
    def build(base: Path) -> Path:
        pack = _folder(base)
        with (pack / name).open("a", encoding="utf-8") as stream:
            stream.write(text)
        return _zip(pack, base / "goi.zip")

    return build


def _bytes_of(name: str, encode: Callable[[str], bytes]) -> Callable[[Path], Path]:
    def build(base: Path) -> Path:
        pack = _folder(base)
        (pack / name).write_bytes(encode((pack / name).read_text(encoding="utf-8")))
        return _zip(pack, base / "goi.zip")

    return build


def _edited(name: str, old: str, new: str) -> Callable[[Path], Path]:
    def build(base: Path) -> Path:
        return _zip(_folder(base, _replace(name, old, new)), base / "goi.zip")

    return build


def _not_utf8(text: str) -> bytes:
    return text.encode("utf-8") + b"\n# Ch\xe1\xbb \xc3\x28 (Windows-1258?)\n"


KINDS = [
    Kind("thư mục: liên kết tới /dev/zero", _linked("/dev/zero", "cd.toml"), "liên kết (symlink)", True),
    Kind("thư mục: liên kết tới /etc/passwd", _linked("/etc/passwd", "mat_khau.toml"), "liên kết (symlink)", True),
    Kind("thư mục: thư mục con là liên kết", _linked_subfolder, "liên kết (symlink)", True),
    Kind("thư mục: ống dẫn (FIFO) thay tệp", _fifo, "không phải tệp thường", True),
    Kind("zip: mục là liên kết", _zip_link_member, "liên kết (symlink)"),
    Kind("zip: thư mục là liên kết", _zip_linked_folder, "liên kết (symlink)"),
    Kind("zip: mục là thiết bị", _zip_device, "không phải tệp thường"),
    Kind("zip: hai mục cùng tên", _zip_duplicate, "hai mục cùng tên"),
    Kind("zip: một tên vừa là tệp vừa là thư mục", _zip_file_and_folder, "vừa là tệp vừa là thư mục"),
    Kind("zip: bom, kích thước khai báo sai", _zip_bomb, "bị hỏng"),
    Kind("zip: kích thước khai báo quá lớn", _zip_declared_huge, "quá giới hạn 5 MB"),
    Kind("zip: dữ liệu hỏng (CRC)", _zip_crc, "bị hỏng"),
    Kind("zip: bị cắt cụt", _zip_truncated, "không phải tệp .zip hợp lệ"),
    Kind("zip: không phải zip", _not_a_zip, "không phải tệp .zip hợp lệ"),
    Kind(
        "TOML: danh sách lồng 5.000 tầng",
        _appended("template.toml", "\nx = " + "[" * 5000 + "]" * 5000 + "\n"),
        "lồng nhau quá sâu",
    ),
    Kind(
        "TOML: khóa chấm 3.000 tầng",
        _appended("template.toml", "\n" + ".".join(["a"] * 3000) + " = 1\n"),
        "lồng nhau quá sâu",
    ),
    Kind("TOML: không phải UTF-8", _bytes_of("cd.toml", _not_utf8), "không phải văn bản UTF-8"),
    Kind("TOML: lưu dạng UTF-16", _bytes_of("template.toml", lambda text: text.encode("utf-16")), "UTF-16"),
    Kind("TOML: số 5.000 chữ số", _appended("template.toml", "\nx = " + "9" * 5000 + "\n"), "số quá dài"),
    Kind(
        "TOML: sections không phải danh sách",
        _edited("template.toml", "sections = [", 'sections = "cd"\nx = ['),
        '"sections" phải là',
    ),
    Kind(
        "TOML: tên phần ra ngoài thư mục",
        _edited("template.toml", 'sections = ["cd"', 'sections = ["../cd"'),
        "tên phần",
    ),
    Kind(
        "TOML: chỉ tiêu sai kiểu",
        _edited("cd.toml", 'unit = "mô hình"', "unit = [1]"),
        '"group.indicator.unit" phải là chuỗi',
    ),
    Kind(
        "phiên bản có xuống dòng",
        _edited("template.toml", 'version = "2024.1"', 'version = "2024.1\\n"'),
        '"version" phải là',
    ),
    Kind(
        "phiên bản chữ số toàn khổ",
        _edited("template.toml", 'version = "2024.1"', 'version = "２０２４.1"'),
        '"version" phải là',
    ),
    Kind(
        "valid_from có xuống dòng",
        _edited("template.toml", 'valid_from = "2024-01"', 'valid_from = "2024-01\\n"'),
        '"valid_from" phải là',
    ),
]


def folder_state(folder: Path) -> dict[str, bytes] | None:
    """Every entry under a folder (links not followed) with its bytes: None when it does not exist."""
    if not folder.exists():
        return None
    state: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink() or not path.is_file():
            state[key] = b"<thu muc>" if path.is_dir() and not path.is_symlink() else b"<khac>"
        else:
            state[key] = path.read_bytes()
    return state


def database_state(target) -> dict[str, list[str]]:
    """Every row of every data table, on either engine."""
    from cchc_desktop.app import Workspace
    from db.models import DATA_MODELS

    ws = Workspace.open(target)
    try:
        return {model.__name__: sorted(map(repr, model.select().tuples())) for model in DATA_MODELS}
    finally:
        ws.close()
