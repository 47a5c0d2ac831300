"""Template versions by period: the shipped ones, the installed packs, and codes across versions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from forms.errors import TemplateError
from forms.loader import build_template
from forms.model import Template
from forms.periods import Period
from forms.toml_source import Source

SHIPPED = "shipped"
INSTALLED = "installed"
ORIGIN_LABELS = {SHIPPED: "kèm chương trình", INSTALLED: "đã cài"}


def shipped_root() -> Traversable:
    """The folder of the templates shipped with the program (works inside an installer bundle)."""
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
    return build_template(shipped_root() / version, version)


def read_pack(folder: Path) -> Template:
    """Check a template pack (a folder holding template.toml and its section files): the Template,
    or TemplateError naming the file and line of the first mistake. Reads the TOML files only."""
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
        version that cannot be read is left out and named in `problems`."""
        entries = [Entry(shipped_template(version), SHIPPED) for version in shipped_versions()]
        problems: list[str] = []
        shipped = {entry.template.version for entry in entries}
        if user_folder is not None and user_folder.is_dir():
            for folder in sorted(user_folder.iterdir()):
                if not (folder / "template.toml").is_file() or folder.name in shipped:
                    continue
                try:
                    entries.append(Entry(build_template(folder, folder.name, folder.name), INSTALLED))
                except TemplateError as exc:
                    problems.append(str(exc))
        return cls(entries, problems)

    def versions(self) -> list[Template]:
        """Every version, ordered by valid_from."""
        return [entry.template for entry in self._entries]

    def has(self, version: str) -> bool:
        return version in self._by_version

    def check_newcomer(self, template: Template, folder: Path) -> None:
        """A pack about to join the set: its valid_from is not another version's, and every old code
        of its [renamed] table is a code of an earlier version. TemplateError naming the line."""
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

    def for_period(self, period: Period) -> Template:
        """The version in force for the period: the latest valid_from not after its first month.

        A period before the earliest version's start is read with the earliest version: figures of
        earlier years (last year's for comparison) are typed into the form the program first had."""
        if not self._entries:
            raise TemplateError(f"Chưa có mẫu báo cáo nào để dùng cho {period.label()}.")
        month = month_of(period)
        found = [entry.template for entry in self._entries if entry.template.valid_from <= month]
        return found[-1] if found else self._entries[0].template

    def translate(self, values: dict[str, object], from_version: str, to_version: str) -> dict[str, object]:
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
