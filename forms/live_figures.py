"""Live figures in report texts: `{code}`, `{code@xa}`, `{period}` — finding and checking them.

A report text is the clerk's prose; every figure in it is written as a placeholder that the report
fills with the stored value, so a figure has one source (OUTPUTS.md §1). This module only reads the
syntax against a template; filling and formatting happen in the exports layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forms.codes import WORDS, split_level, word_of
from forms.model import Template

FIGURE = re.compile(r"\{([A-Za-z][A-Za-z0-9_.@/\-]*)\}")
BRACES = re.compile(r"\{([^{}\n]*)\}")  # anything in braces: a figure, or a mistake to point at


@dataclass(frozen=True)
class FigureRef:
    """One placeholder: the code it names and, for `{code@xa}`, the level whose units are summed."""

    text: str  # what is between the braces
    code: str
    level: str | None = None

    @property
    def is_word(self) -> bool:
        """`{period}`, `{unit_short}`, `{unit_short@xa}`: words of the report, not figures."""
        return self.code in WORDS


def parse_ref(template: Template, text: str) -> FigureRef | None:
    """The figure a placeholder names, or None when it names nothing the template knows."""
    word = word_of(text)
    if word is not None:
        level = split_level(text)[1]
        if level and level not in template.levels:
            return None
        return FigureRef(text, word, level or None)
    if _known(template, text):
        return FigureRef(text, text)
    code, level = split_level(text)
    if level and level in template.levels and _known(template, code):
        return FigureRef(text, code, level)
    return None


def _known(template: Template, code: str) -> bool:
    if code in template.computed:
        return True
    indicator = template.indicators.get(code)
    return indicator is not None and indicator.type != "text"


def placeholders(text: str) -> list[str]:
    """Every `{…}` placeholder text in order (duplicates kept)."""
    return FIGURE.findall(text or "")


def unknown_figures(template: Template, text: str) -> list[str]:
    """Placeholders that name no figure of the template, as typed (`{abc}`), without duplicates."""
    found = [f"{{{name}}}" for name in BRACES.findall(text or "") if parse_ref(template, name.strip()) is None]
    return list(dict.fromkeys(found))


def figure_refs(template: Template, text: str) -> list[FigureRef]:
    """The known figures (not words) a text uses, without duplicates, in order."""
    refs: dict[str, FigureRef] = {}
    for name in placeholders(text):
        ref = parse_ref(template, name)
        if ref is not None and not ref.is_word:
            refs.setdefault(name, ref)
    return list(refs.values())


def describe(template: Template, ref: FigureRef) -> str:
    """A figure's label for a person: `Văn bản chỉ đạo … (cấp xã)`."""
    if ref.is_word:
        return WORDS[ref.code] + (f" ({template.level_name(ref.level)})" if ref.level else "")
    label = template.label_of(ref.code)
    return f"{label} ({template.level_name(ref.level)})" if ref.level else label
