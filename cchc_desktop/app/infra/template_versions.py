"""The template versions on this computer, as the program reads and lists them: the light half of
`templates` (installing a pack is the other), so that opening a database and `cchc --version` load
neither the pack reader nor, when nothing changed, the TOML reader (template_cache)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cchc_desktop.app.infra import template_cache
from cchc_desktop.app.infra.paths import templates_dir

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from forms.registry import TemplateSet


__all__ = ["VersionInfo", "list_versions", "template_set", "templates_dir"]


def template_set(folder: Path | None = None) -> TemplateSet:
    """Every template version on this computer (shipped and installed); those of the data folder kept
    compiled between runs (template_cache)."""
    from forms.registry import TemplateSet

    wanted = folder or templates_dir()
    if folder is not None and folder != templates_dir():
        return TemplateSet.load(folder)  # a pack being installed, in a folder of its own: not kept
    return template_cache.cached(wanted, lambda: TemplateSet.load(wanted), _described)


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


def _described(found: TemplateSet) -> list[tuple[str, ...]]:
    """VersionInfo's fields of each version, in their order (the cache keeps these rows: cli.version reads
    version, validity and origin_label from them)."""
    from forms.registry import ORIGIN_LABELS, validity_text

    return [
        (
            template.version,
            template.title,
            template.valid_from,
            validity_text(template),
            found.origin(template.version),
            ORIGIN_LABELS[found.origin(template.version)],
        )
        for template in found.versions()
    ]


def list_versions(folder: Path | None = None) -> tuple[list[VersionInfo], list[str]]:
    """The versions ordered by validity, and the installed ones that could not be read (why); from the
    cache's header when the templates did not change (`--version` reads no template then)."""
    if folder is None or folder == templates_dir():
        listed = template_cache.listed_versions()
        if listed is not None:
            return [VersionInfo(*row) for row in listed[0]], listed[1]
    found = template_set(folder)
    return [VersionInfo(*row) for row in _described(found)], found.problems
