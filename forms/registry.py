"""Template versions by period: the shipped ones, the installed packs, and codes across versions."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from forms.errors import TemplateError
from forms.model import Template
from forms.periods import Period

V = TypeVar("V")  # a value kept as it is (a stored text, a typed value)

# The TOML reader (template_schema, toml_source) and importlib.resources are imported when a template is
# read: a set that comes compiled from the cache (the command line's start, issue 19) needs neither.
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from forms.toml_source import Folder

SHIPPED = "shipped"
INSTALLED = "installed"
ORIGIN_LABELS = {SHIPPED: "kèm chương trình", INSTALLED: "đã cài"}
GENERATION = re.compile(r"(.+)~([0-9]{1,6})")  # `2024.1~2`: a version's copy put in place by a reinstall
LOAD_ATTEMPTS = 3


def generation_name(version: str, generation: int) -> str:
    """The folder name of a version's copy: `2024.1` (the first), `2024.1~2` (a reinstall's, until it
    takes the plain name)."""
    return version if generation <= 1 else f"{version}~{generation}"


def folder_version(name: str) -> tuple[str, int] | None:
    """(version, generation) of an installed folder's name, or None for anything else (work in
    progress of an install is hidden: its name starts with a dot)."""
    from forms.template_schema import is_version

    match = GENERATION.fullmatch(name)
    version, generation = (match.group(1), int(match.group(2))) if match else (name, 1)
    return (version, generation) if is_version(version) else None


def installed_folders(user_folder: Path) -> tuple[dict[str, list[Path]], list[Path]]:
    """Each installed version's folders, oldest copy first (the last one is read: a reinstall puts
    the new copy in place with one rename, before the old one is moved away), and the folders that
    hold a template.toml under a name that is not a version's."""
    found: dict[str, list[tuple[int, Path]]] = {}
    strays = []
    for folder in sorted(user_folder.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        named = folder_version(folder.name)
        if named is None:
            if (folder / "template.toml").is_file():
                strays.append(folder)
            continue
        found.setdefault(named[0], []).append((named[1], folder))
    return {version: [path for _, path in sorted(copies)] for version, copies in found.items()}, strays


def _shown(name: str) -> str:
    """A folder name as a message shows it: a newline or another control character written out."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in name)


def shipped_root() -> Traversable:
    """The folder of the templates shipped with the program (works inside an installer bundle)."""
    from importlib import resources

    return resources.files("forms")


def shipped_versions() -> list[str]:
    """Template versions shipped with the program, by name."""
    return sorted(
        entry.name for entry in shipped_root().iterdir() if entry.is_dir() and (entry / "template.toml").is_file()
    )


@lru_cache(maxsize=8)
def shipped_template(version: str) -> Template:
    if version not in shipped_versions():
        raise TemplateError(
            f"Không tìm thấy mẫu báo cáo phiên bản {version}. "
            f"Các phiên bản có sẵn: {', '.join(shipped_versions()) or 'không có'}."
        )
    from forms.loader import build_template  # the TOML reader only when a template is built (issue 19)

    return build_template(shipped_root() / version, version)


def read_pack(folder: Folder) -> Template:
    """Check a template pack (a folder holding template.toml and its section files): the Template,
    or TemplateError naming the file and line of the first mistake. Reads the TOML files only."""
    from forms.loader import build_template

    return build_template(folder, None)


def month_of(period: Period) -> str:
    return f"{period.year:04d}-{period.first_month:02d}"


def validity_text(template: Template) -> str:
    """`áp dụng từ tháng 1/2023`."""
    year, month = template.valid_from.split("-")
    return f"áp dụng từ tháng {int(month)}/{year}"


@dataclass(frozen=True)
class Entry:
    template: Template
    origin: str  # SHIPPED or INSTALLED


class TemplateSet:
    """The template versions the program knows, ordered by the month they come into force."""

    def __init__(self, entries: list[Entry], problems: list[str] | None = None):
        self._entries = sorted(entries, key=lambda e: (e.template.valid_from, e.template.version))
        self._by_version = {entry.template.version: entry for entry in self._entries}
        self.problems = list(problems or [])  # installed versions that could not be read, with why

    @classmethod
    def load(cls, user_folder: Path | None = None) -> TemplateSet:
        """The shipped templates and those installed under `user_folder/<version>/`; an installed
        version that cannot be read is left out and named in `problems`. A folder that an install
        running meanwhile moved away while it was read is looked for again."""
        for _ in range(LOAD_ATTEMPTS - 1):
            entries, problems, moved = cls._read(user_folder)
            if not moved:
                return cls(entries, problems)
        return cls(*cls._read(user_folder)[:2])

    @staticmethod
    def _read(user_folder: Path | None) -> tuple[list[Entry], list[str], bool]:
        from forms.loader import build_template

        entries = [Entry(shipped_template(version), SHIPPED) for version in shipped_versions()]
        problems: list[str] = []
        moved = False
        if user_folder is None or not user_folder.is_dir():
            return entries, problems, moved
        copies, strays = installed_folders(user_folder)
        problems += [f"Thư mục “{_shown(path.name)}” không mang tên một phiên bản mẫu báo cáo." for path in strays]
        shipped = {entry.template.version for entry in entries}
        for version, folders in copies.items():
            folder = folders[-1]
            if version in shipped:
                continue
            try:
                entries.append(Entry(build_template(folder, version, version), INSTALLED))
            except (TemplateError, OSError) as exc:
                moved = moved or not folder.exists()
                problems.append(str(exc) if isinstance(exc, TemplateError) else f"{version}: {exc}")
        return entries, problems, moved

    def versions(self) -> list[Template]:
        """Every version, ordered by valid_from."""
        return [entry.template for entry in self._entries]

    def level_names(self) -> dict[str, str]:
        """The levels a unit may have, {key: "cấp xã"}: those of every version (a unit keeps its level
        across versions; a newer version may drop one for its periods), names from the newest."""
        names: dict[str, str] = {}
        for template in self.versions():
            names.update(template.levels)
        return names

    def level_choices(self, today: date, keep: str = "") -> dict[str, str]:
        """The levels a unit declared on `today` may be given: those of the version in force that month (since
        1/7/2025 cấp tỉnh and cấp xã, no cấp huyện), and `keep` (the unit's own level, kept when it is edited)."""
        if not self._entries:
            return {}
        names = self.level_names()
        choices = dict(self.for_period(Period("month", today.year, today.month)).levels)
        if keep and keep not in choices and keep in names:
            choices[keep] = names[keep]
        return choices

    def has(self, version: str) -> bool:
        return version in self._by_version

    def check_newcomer(self, template: Template, folder: Folder) -> None:
        """A pack about to join the set: its valid_from is not another version's, and every old code
        of its [renamed] table is a code of an earlier version. TemplateError naming the line."""
        from forms.toml_source import Source

        source = Source(folder / "template.toml")
        for other in self.versions():
            if other.version != template.version and other.valid_from == template.valid_from:
                raise source.fail(
                    f"mẫu {other.version} cũng {validity_text(other)}; mỗi phiên bản phải có tháng bắt đầu riêng.",
                    "valid_from",
                )
        earlier = [other for other in self.versions() if other.valid_from < template.valid_from]
        for old, new in template.renamed.items():
            if not any(other.knows(old) for other in earlier):
                raise source.fail(f'[renamed]: mã cũ "{old}" không có trong mẫu nào trước mẫu này.', old, new)

    def origin(self, version: str) -> str:
        """SHIPPED or INSTALLED."""
        self.version(version)
        return self._by_version[version].origin

    def version(self, version: str) -> Template:
        entry = self._by_version.get(version)
        if entry is None:
            known = ", ".join(self._by_version) or "không có"
            raise TemplateError(f"Không có mẫu báo cáo phiên bản {version}. Các phiên bản đang có: {known}.")
        return entry.template

    def for_period(self, period: Period, holding: Collection[str] = ()) -> Template:
        """The version that reads and writes the period.

        Without stored values: the version in force, the latest valid_from not after its first month
        (a period before the earliest version's start is read with the earliest version: figures of
        earlier years are typed into the form the program first had). `holding`: the versions the
        values stored in the period were written with; when the version in force is not among them
        (a pack valid from an earlier month was installed after they were stored), the period keeps
        the one of theirs in force for it, so a pack never changes the figures of a period."""
        if not self._entries:
            raise TemplateError(f"Chưa có mẫu báo cáo nào để dùng cho {period.label()}.")
        found = self._in_force(period, self._entries)
        if not holding or found.version in holding:
            return found
        stored = [entry for entry in self._entries if entry.template.version in holding]
        return self._in_force(period, stored) if stored else found

    @staticmethod
    def _in_force(period: Period, entries: list[Entry]) -> Template:
        month = month_of(period)
        found = [entry.template for entry in entries if entry.template.valid_from <= month]
        return found[-1] if found else entries[0].template

    def translate(self, values: dict[str, V], from_version: str, to_version: str) -> dict[str, V]:
        """Values stored with one version, named by the codes of another: codes renamed through each
        newer version's [renamed] table in turn (chains), codes the target does not know dropped."""
        source, target = self.version(from_version), self.version(to_version)
        order = [entry.template for entry in self._entries]
        low, high = order.index(source), order.index(target)
        mapping = {code: code for code in values}
        if low < high:
            for step in order[low + 1 : high + 1]:
                mapping = {old: step.renamed.get(new, new) for old, new in mapping.items()}
        elif high < low:
            for step in reversed(order[high + 1 : low + 1]):
                back = {new: old for old, new in step.renamed.items()}
                mapping = {old: back.get(new, new) for old, new in mapping.items()}
        return {new: values[old] for old, new in mapping.items() if target.knows(new)}
