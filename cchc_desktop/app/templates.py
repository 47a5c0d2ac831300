"""Template versions on this computer: the shipped ones, the installed packs, installing a pack.

A province distributes a new report template as a pack (a `.zip` or a folder holding
`template.toml` and its section files). Installing checks it completely first, then copies its
TOML files to `<user data folder>/templates/<version>/`; a broken pack installs nothing, and a
version that already holds stored values is never replaced.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cchc_desktop.app import paths
from cchc_desktop.app.errors import UserError
from db.models import Value
from db.private import create_private_file, private_folder
from forms.catalog import Template, TemplateSet, read_pack, validity_text
from forms.registry import INSTALLED, ORIGIN_LABELS, SHIPPED

MAX_MEMBERS = 200
MAX_BYTES = 5 * 1024 * 1024
VERDICT_TITLE = "Cài mẫu báo cáo"


class AlreadyInstalled(UserError):
    """The pack's version is installed already (without stored values): replacing it needs `force`."""

    def __init__(self, version: str):
        super().__init__(
            f"Mẫu báo cáo phiên bản {version} đã được cài; cài lại sẽ thay mẫu đang có (dùng --force để thay)."
        )
        self.version = version


def templates_dir() -> Path:
    """Where installed template versions live: `<user data folder>/templates/`."""
    return paths.data_dir() / "templates"


def template_set(folder: Path | None = None) -> TemplateSet:
    """Every template version on this computer (shipped and installed)."""
    return TemplateSet.load(folder or templates_dir())


@dataclass(frozen=True)
class VersionInfo:
    """A template version as `cchc template list` and the window show it."""

    version: str
    title: str
    valid_from: str  # "2023-01"
    validity: str  # "áp dụng từ tháng 1/2023"
    origin: str  # "shipped" | "installed"
    origin_label: str  # "kèm chương trình" | "đã cài"

    def line(self) -> str:
        return f"{self.version}\t{self.validity}\t{self.origin_label}"


def list_versions(folder: Path | None = None) -> tuple[list[VersionInfo], list[str]]:
    """The versions ordered by validity, and the installed ones that could not be read (why)."""
    found = template_set(folder)
    infos = [
        VersionInfo(
            template.version,
            template.title,
            template.valid_from,
            validity_text(template),
            found.origin(template.version),
            ORIGIN_LABELS[found.origin(template.version)],
        )
        for template in found.versions()
    ]
    return infos, found.problems


@dataclass(frozen=True)
class InstallResult:
    version: str
    validity: str
    replaced: bool

    @property
    def message(self) -> str:
        done = "Đã cài lại" if self.replaced else "Đã cài"
        return f"{done} mẫu báo cáo phiên bản {self.version} ({self.validity})."


def install_pack(
    source: Path,
    has_values: Callable[[str], bool],
    force: bool = False,
    folder: Path | None = None,
) -> InstallResult:
    """Check the pack at `source` (a .zip or a folder) and install it; UserError (nothing installed)
    when it is broken, when its version ships with the program or holds stored values
    (`has_values(version)`), or when it is installed already and `force` is not given."""
    folder = folder or templates_dir()
    source = Path(source)
    with tempfile.TemporaryDirectory(prefix="cchc-mau-") as scratch:
        if source.is_dir():
            root = _pack_root(source, source.name)
        elif source.is_file():
            root = _pack_root(_unzip(source, Path(scratch)), source.name)
        else:
            raise UserError(f"Không tìm thấy {source}: hãy chọn tệp .zip hoặc thư mục của gói mẫu báo cáo.")
        _check_size(root, source.name)
        template = read_pack(root)
        known = template_set(folder)
        _refuse(template, known, has_values, force, root)
        replaced = (folder / template.version).exists()
        _copy(root, folder, template.version)
    return InstallResult(template.version, validity_text(template), replaced)


def _unzip(source: Path, scratch: Path) -> Path:
    """Extract a bounded zip into scratch: no absolute paths or `..`, not too many members, not too big."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise UserError(f"Tệp {source.name} không phải tệp .zip hợp lệ của gói mẫu báo cáo.") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UserError(f"Tệp {source.name} có {len(members)} mục, quá giới hạn {MAX_MEMBERS} của một gói mẫu.")
        total = 0
        for member in members:
            name = PurePosixPath(member.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts or (name.parts and name.parts[0].endswith(":")):
                raise UserError(f"Tệp {source.name} chứa đường dẫn không an toàn “{member.filename}”; không cài gì cả.")
            total += member.file_size
        if total > MAX_BYTES:
            raise UserError(
                f"Tệp {source.name} giải nén ra {total // 1024} KB, quá giới hạn {MAX_BYTES // 1024 // 1024} MB "
                "của một gói mẫu; không cài gì cả."
            )
        target = scratch / "pack"
        for member in members:
            if member.is_dir():
                continue
            path = target.joinpath(*PurePosixPath(member.filename.replace("\\", "/")).parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as stream:
                data = stream.read(MAX_BYTES + 1)
            if len(data) > member.file_size:
                raise UserError(f"Tệp {source.name} hỏng: “{member.filename}” lớn hơn kích thước khai báo.")
            path.write_bytes(data)
        target.mkdir(exist_ok=True)
        return target


def _pack_root(folder: Path, name: str) -> Path:
    """The folder holding template.toml: the pack itself, or its single sub-folder."""
    if (folder / "template.toml").is_file():
        return folder
    inner = [path for path in folder.iterdir() if path.is_dir() and (path / "template.toml").is_file()]
    if len(inner) == 1:
        return inner[0]
    raise UserError(f"{name} không phải gói mẫu báo cáo: không thấy tệp template.toml.")


def _check_size(root: Path, name: str) -> None:
    files = list(root.glob("*.toml"))
    if len(files) > MAX_MEMBERS or sum(path.stat().st_size for path in files) > MAX_BYTES:
        raise UserError(f"Gói mẫu {name} quá lớn; không cài gì cả.")


def _refuse(template: Template, known: TemplateSet, has_values, force: bool, root: Path) -> None:
    version = template.version
    origin = known.origin(version) if known.has(version) else None
    if origin == SHIPPED:
        raise UserError(f"Mẫu báo cáo phiên bản {version} đã có sẵn trong chương trình; không cần cài.")
    if has_values(version):
        raise UserError(
            f"Không thể thay mẫu báo cáo phiên bản {version}: đã có số liệu được lưu theo mẫu này. "
            "Mẫu mới phải mang số phiên bản khác."
        )
    if origin == INSTALLED and not force:
        raise AlreadyInstalled(version)
    known.check_newcomer(template, root)


def _copy(root: Path, folder: Path, version: str) -> None:
    """Copy the pack's TOML files in beside the target, then swap it in."""
    private_folder(folder)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=folder))  # 0700, as the data folder
    for path in root.glob("*.toml"):
        shutil.copyfile(path, create_private_file(staging / path.name))
    target = folder / version
    old = None
    if target.exists():
        old = target.with_name(f".{version}-cu")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def stored_versions() -> set[str]:
    """The template versions that values of the open database were stored with."""
    return {row.template_version for row in Value.select(Value.template_version).distinct()}


@dataclass(frozen=True)
class Verdict:
    """What the window shows after Tệp → Cài mẫu báo cáo…"""

    title: str
    text: str
    error: bool


def install_verdict(source: Path, has_values: Callable[[str], bool], confirm: Callable[[str], bool]) -> Verdict | None:
    """Install a pack chosen in the window; `confirm(question)` is asked before replacing an installed
    version. None when the clerk declines."""
    try:
        try:
            result = install_pack(source, has_values)
        except AlreadyInstalled as exc:
            question = (
                f"Mẫu báo cáo phiên bản {exc.version} đã được cài và chưa có số liệu nào lưu theo mẫu này. "
                "Thay bằng mẫu trong gói vừa chọn?"
            )
            if not confirm(question):
                return None
            result = install_pack(source, has_values, force=True)
    except UserError as exc:
        return Verdict(VERDICT_TITLE, f"Không cài được mẫu báo cáo. {exc}\n\nKhông có gì được thay đổi.", True)
    return Verdict(
        VERDICT_TITLE,
        f"{result.message} Các kỳ báo cáo từ thời điểm này trở đi sẽ dùng mẫu mới; các kỳ trước vẫn giữ mẫu cũ.",
        False,
    )


def translate_rows(versions: TemplateSet, rows, to_version: str) -> dict[str, object]:
    """Stored values as (code, value, template_version) rows, named by `to_version`'s codes: each
    row translated from the version it was stored with (TemplateSet.translate); retired codes dropped."""
    by_version: dict[str, dict[str, object]] = {}
    for code, value, version in rows:
        by_version.setdefault(version or to_version, {})[code] = value
    result: dict[str, object] = {}
    for version, values in by_version.items():
        result.update(versions.translate(values, version, to_version))
    return result
