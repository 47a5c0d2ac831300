"""Template versions on this computer: the shipped ones, the installed packs, installing a pack.

A province distributes a new report template as a pack (a `.zip` or a folder holding
`template.toml` and its section files). Installing reads it bounded (pack_files), checks it
completely, then puts its TOML files in `<user data folder>/templates/<version>/` atomically
(template_folder); a broken pack installs nothing. An installed version never changes content:
a pack of the same number with other content is refused, `--force` or not. A pack valid from a
month whose periods already hold values leaves those periods with the version their values were
stored with (Context.template_for), and the install names them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.infra.template_versions import (  # noqa: F401 - listing versions lives there; importers keep this name
    VersionInfo,
    list_versions,
    template_set,
    templates_dir,
)
from cchc_desktop.app.usecases.context import Context, report_period_of
from cchc_desktop.app.usecases.pack_files import MemoryFolder, PackFiles, read_pack_files
from cchc_desktop.app.usecases.template_folder import (
    current_copy,
    install_lock,
    installed_fingerprint,
    installed_names,
    put_in_place,
)
from db import store
from forms.catalog import Template, TemplateSet, read_pack, validity_text
from forms.figures import lacking_text
from forms.periods import Period, parse_period
from forms.registry import SHIPPED

VERDICT_TITLE = "Cài mẫu báo cáo"


class AlreadyInstalled(UserError):
    """The pack's version is installed already, with the same content (and no stored values): writing
    it again (a repair) needs `force`."""

    def __init__(self, version: str):
        super().__init__(
            f"Mẫu báo cáo phiên bản {version} đã được cài, cùng nội dung với gói này; không cần cài lại "
            "(--force chép lại các tệp của mẫu, để sửa một bản cài bị hỏng)."
        )
        self.version = version


@dataclass(frozen=True)
class InstallResult:
    version: str
    validity: str
    replaced: bool
    kept: tuple[tuple[Period, str], ...] = ()  # periods holding values that keep their older version

    @property
    def message(self) -> str:
        done = "Đã cài lại" if self.replaced else "Đã cài"
        return f"{done} mẫu báo cáo phiên bản {self.version} ({self.validity}).{kept_text(self.kept)}"


def kept_text(kept) -> str:
    """` Các kỳ đã có số liệu giữ mẫu đã dùng khi lưu, số liệu không đổi: quý II năm 2023 (mẫu 2023.1).`"""
    if not kept:
        return ""
    by_version: dict[str, list[Period]] = {}
    for period, version in kept:
        by_version.setdefault(version, []).append(period)
    named = "; ".join(
        f"{lacking_text(periods, lambda period: period.label())} (mẫu {version})"
        for version, periods in by_version.items()
    )
    return (
        " Mẫu mới chỉ dùng cho các kỳ chưa có số liệu; các kỳ đã có số liệu vẫn giữ mẫu đã dùng khi lưu, "
        f"số liệu không đổi: {named}."
    )


def install_pack(
    source: Path,
    has_values: Callable[[str], bool],
    force: bool = False,
    folder: Path | None = None,
) -> InstallResult:
    """Check the pack at `source` (a .zip or a folder) and install it; UserError (nothing installed)
    when it is broken, when its version ships with the program, when another content is installed
    under its number, when its version holds stored values (`has_values(version)`), or when it is
    installed already and `force` is not given (then the same content is written again)."""
    folder = folder or templates_dir()
    pack = read_pack_files(source)
    root = pack.folder()
    template = read_pack(root)
    seen = installed_names(folder)
    _refuse(template, pack, template_set(folder), has_values, force, root, folder)
    with install_lock(folder):
        if installed_names(folder) != seen:  # another install finished meanwhile: check again
            _refuse(template, pack, template_set(folder), has_values, force, root, folder)
        replaced = put_in_place(folder, template.version, pack.files, pack.fingerprint())
    return InstallResult(template.version, validity_text(template), replaced)


def _refuse(
    template: Template, pack: PackFiles, known: TemplateSet, has_values, force: bool, root: MemoryFolder, folder: Path
) -> None:
    version = template.version
    if known.has(version) and known.origin(version) == SHIPPED:
        raise UserError(f"Mẫu báo cáo phiên bản {version} đã có sẵn trong chương trình; không cần cài.")
    installed = current_copy(folder, version)
    if installed is not None and installed_fingerprint(installed) != pack.fingerprint():
        year, number = version.split(".")
        raise UserError(
            f"Gói {pack.name} bị từ chối: mẫu báo cáo phiên bản {version} đã cài trên máy này có nội dung "
            "khác gói này. Một phiên bản đã cài không bao giờ bị thay bằng nội dung khác, kể cả với --force "
            "(số liệu của mọi cơ sở dữ liệu trên máy này được đọc theo nó); mẫu đã sửa phải mang số phiên bản "
            f"mới (ví dụ {year}.{int(number) + 1})."
        )
    if has_values(version):
        raise UserError(
            f"Không thể thay mẫu báo cáo phiên bản {version}: đã có số liệu được lưu theo mẫu này. "
            "Mẫu mới phải mang số phiên bản khác."
        )
    if installed is not None and not force:
        raise AlreadyInstalled(version)
    known.check_newcomer(template, root)


def stored_versions() -> set[str]:
    """The template versions that values of the open database were stored with."""
    return store.stored_template_versions()


def kept_periods(ctx: Context, version: str, folder: Path | None = None) -> tuple[tuple[Period, str], ...]:
    """The report periods of the open database where `version` (just installed) is in force for
    some month but whose stored values keep them with another version, with that version."""
    templates = template_set(folder)
    if not templates.has(version):
        return ()
    fresh = Context(ctx.path, templates, clock=ctx.clock)
    new = templates.version(version)
    scopes: set[Period] = set()
    for other in templates.versions():
        if other.version == version:
            continue
        for text in store.periods_of_version(other.version):
            try:
                period = parse_period(text)
            except UserError:
                continue
            if f"{period.year:04d}-{period.last_month:02d}" >= new.valid_from:
                scopes.add(report_period_of(period))
    kept = []
    for scope in sorted(scopes):
        inside = (scope, *scope.months()) if scope.kind == "quarter" else (scope,)
        in_force = [p for p in inside if templates.for_period(p) is new]
        try:
            used = fresh.template_for(in_force[0]).version if in_force else version
        except UserError:  # a version the data uses is not installed here: that period is refused anyway
            continue
        if used != version:
            kept.append((scope, used))
    return tuple(kept)


@dataclass(frozen=True)
class Verdict:
    """What the window shows after Tệp → Cài mẫu báo cáo…"""

    title: str
    text: str
    error: bool


def install_verdict(source: Path, ctx: Context | None, confirm: Callable[[str], bool]) -> Verdict | None:
    """Install a pack chosen in the window (`ctx`: the open database, which tells the versions holding
    values and the periods that keep theirs); `confirm(question)` is asked before writing an installed
    version again. None when the clerk declines."""
    holding = stored_versions() if ctx is not None else set()
    try:
        try:
            result = install_pack(source, holding.__contains__)
        except AlreadyInstalled as exc:
            question = (
                f"Mẫu báo cáo phiên bản {exc.version} đã được cài (cùng nội dung với gói vừa chọn) và chưa có số "
                "liệu nào lưu theo mẫu này. Cài lại (chép lại các tệp của mẫu)?"
            )
            if not confirm(question):
                return None
            result = install_pack(source, holding.__contains__, force=True)
    except UserError as exc:
        return Verdict(VERDICT_TITLE, f"Không cài được mẫu báo cáo. {exc}\n\nKhông có gì được thay đổi.", True)
    kept = kept_periods(ctx, result.version) if ctx is not None else ()
    return Verdict(
        VERDICT_TITLE,
        f"{InstallResult(result.version, result.validity, result.replaced, kept).message} "
        "Các kỳ báo cáo từ thời điểm này trở đi sẽ dùng mẫu mới; các kỳ trước vẫn giữ mẫu cũ.",
        False,
    )


V = TypeVar("V")  # a stored value, kept as it is


def translate_rows(versions: TemplateSet, rows: Iterable[tuple[str, V, str | None]], to_version: str) -> dict[str, V]:
    """Stored values as (code, value, template_version) rows, named by `to_version`'s codes: each
    row translated from the version it was stored with (TemplateSet.translate); retired codes dropped."""
    by_version: dict[str, dict[str, V]] = {}
    for code, value, version in rows:
        by_version.setdefault(version or to_version, {})[code] = value
    result: dict[str, V] = {}
    for version, values in by_version.items():
        result.update(versions.translate(values, version, to_version))
    return result
