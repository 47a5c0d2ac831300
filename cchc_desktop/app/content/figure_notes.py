"""What the window shows of a period's figures: the values in the fields, and a note under each figure
that was not typed as it stands — derived from an identity, a sum short of some month or unit, the
part of a parent's units and the total — so that a clerk never mistakes one for the other.

A derived figure of a period being entered is not put in its field (a field holds what was typed:
leaving it unchanged stores nothing); the note says what the program worked out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc_desktop.app.content.report_content import missing_periods_note
from cchc_desktop.app.usecases import narratives
from cchc_desktop.app.usecases.consolidated import ConsolidatedCache, ConsolidatedFigures
from forms.catalog import Template
from forms.figures import Figures, lacking_text
from forms.periods import Period
from forms.values import display_code


@dataclass
class FigureView:
    """The fields' texts, the notes under them, and what the period lacks (`thiếu số liệu tháng 8`)."""

    texts: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)  # derived values kept out of the fields, as shown
    period_note: str = ""


def figure_view(consolidated: ConsolidatedCache, period: Period, template: Template, editable: bool) -> FigureView:
    """The figures of the unit's period as its window shows them (see the module's docstring)."""
    figures = consolidated.figures(period, template=template)
    own = figures.own
    name_of = namer(figures)
    view = FigureView(period_note=missing_periods_note(own).strip("()"))
    for code, value in own.items():
        indicator = template.indicators.get(code)
        if indicator is not None and indicator.type == "text":
            continue
        derivation = own.derived.get(code) if isinstance(own, Figures) else None
        if editable and derivation is not None and indicator is not None:
            shown = display_code(template, code, value)
            view.hints[code] = shown
            view.notes[code] = f"Chưa nhập — {derivation.text(template, own, name_of)} = {shown}"
            continue
        view.texts[code] = display_code(template, code, value)
        note = state_note(own, code, template, name_of)
        if note:
            view.notes[code] = note
    if figures.has_children:
        _children_notes(view, figures, template, name_of)
    return view


def namer(figures: ConsolidatedFigures):
    """Names for the ids a partial or derived figure gives: a unit's name, an entry period's."""
    return narratives.namer({item.unit.code: item.unit.name for item in figures.units()})


def state_note(values, code: str, template: Template, name_of) -> str:
    """`Chưa đủ: thiếu số liệu của UBND Phường 2`, `Suy ra: …`, or "" for a figure typed as it stands."""
    if not isinstance(values, Figures) or values.get(code) is None:
        return ""
    if values.partial.get(code):
        return "Chưa đủ: thiếu số liệu của " + lacking_text(values.partial[code], name_of)
    if code in values.derived:
        text = values.derived[code].text(template, values, name_of)
        return text[:1].upper() + text[1:]
    return ""


def _children_notes(view: FigureView, figures: ConsolidatedFigures, template: Template, name_of) -> None:
    """A parent's window: under its own figure, its units' part and the total of both; a rate it has
    no figures of its own for shows the consolidated one, said so."""
    part = figures.units_part()
    own, total = figures.own, figures.total
    for code, value in total.items():
        indicator = template.indicators.get(code)
        if indicator is None:  # a computed value (rate, sum)
            computed = template.computed.get(code)
            if computed is None or all(part.get(operand) is None for operand in computed.num + computed.den):
                continue  # the units sent none of what it is made of
            shown = display_code(template, code, value)
            if own.get(code) is None:
                view.texts[code] = shown
                view.notes[code] = "Tính trên số tổng hợp của đơn vị và các đơn vị trực thuộc"
            else:
                view.notes[code] = f"Tổng hợp (gồm các đơn vị trực thuộc): {shown}"
            continue
        if indicator.units != "sum" or not indicator.is_numeric or part.get(code) is None:
            continue  # not added up (each unit's own value), or the units hold none of it
        mine = display_code(template, code, own[code]) if own.get(code) is not None else "chưa nhập"
        text = (
            f"Của riêng đơn vị: {mine}; các đơn vị trực thuộc: {display_code(template, code, part[code])}; "
            f"tổng cộng: {display_code(template, code, value)}"
        )
        note = state_note(total, code, template, name_of)
        text = f"{text} ({note[:1].lower()}{note[1:]})" if note else text
        view.notes[code] = f"{view.notes[code]}. {text}" if code in view.notes else text
