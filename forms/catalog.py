"""The report template: the objects (forms.model), loading (forms.loader), versions (forms.registry).

Importers keep writing `from forms.catalog import load_template, Template, …`. The TOML reader
(forms.loader) is imported when a template is built, not with this module (issue 19: a template set
read from the cache needs none of it).
"""

from __future__ import annotations

from pathlib import Path

from forms.model import (
    IMPORTANCES,
    OPS,
    RULE_KINDS,
    TIMES,
    TYPES,
    UNITS,
    AnnexFacts,
    Column,
    ColumnGroup,
    Computed,
    DossierColumn,
    Group,
    Indicator,
    ReportFacts,
    ReviewRate,
    Rule,
    Section,
    Table,
    Template,
)
from forms.registry import TemplateSet, read_pack, shipped_template, shipped_versions, validity_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from forms.loader import PLACEHOLDER, SPECIAL_PLACEHOLDERS
    from forms.toml_source import split_expr


FORMS_DIR = Path(__file__).resolve().parent
DEFAULT_VERSION = "2023.1"

__all__ = [
    "DEFAULT_VERSION",
    "FORMS_DIR",
    "IMPORTANCES",
    "OPS",
    "PLACEHOLDER",
    "RULE_KINDS",
    "SPECIAL_PLACEHOLDERS",
    "TIMES",
    "TYPES",
    "UNITS",
    "AnnexFacts",
    "Column",
    "ColumnGroup",
    "Computed",
    "DossierColumn",
    "Group",
    "Indicator",
    "ReportFacts",
    "ReviewRate",
    "Rule",
    "Section",
    "Table",
    "Template",
    "TemplateSet",
    "available_versions",
    "load_template",
    "read_pack",
    "split_expr",
    "validity_text",
]


def __getattr__(name: str):
    if name in ("PLACEHOLDER", "SPECIAL_PLACEHOLDERS"):
        from forms import loader

        return getattr(loader, name)
    if name == "split_expr":
        from forms.toml_source import split_expr

        return split_expr
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def available_versions() -> list[str]:
    """Template versions shipped with the program."""
    return shipped_versions()


def load_template(version: str = DEFAULT_VERSION, folder: str | None = None) -> Template:
    """A shipped template version, or the one in `folder`; a mistake raises TemplateError naming file and line."""
    if folder:
        from forms.loader import build_template

        return build_template(Path(folder), version)
    return shipped_template(version)
