"""A rule's verdict: a violation (error or warning) or an information item, and what the checks need
beyond a period's own figures."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

INFO = "info"  # a figure is missing: not an error, not a warning, nothing to explain, never blocks


@dataclass
class Violation:
    """A broken rule: which, how grave, the message with the figures, and the codes involved."""

    rule: str
    importance: str
    message: str
    codes: tuple[str, ...]
    left: object = None
    right: object = None
    period: str = ""
    explanation: str = ""
    also: tuple[str, ...] = ()  # earlier entry periods where the very same slip stands (a stock kept as typed)

    @property
    def is_error(self) -> bool:
        return self.importance == "error"

    @property
    def is_info(self) -> bool:
        """Information (a figure missing), not a slip: nothing to explain, never in PL4, never blocks."""
        return self.importance == INFO

    def to_json(self) -> dict:
        def plain(value):
            if isinstance(value, Decimal):
                return int(value) if value == value.to_integral_value() else float(value)
            return value

        data = {
            "rule": self.rule,
            "importance": self.importance,
            "message": self.message,
            "codes": list(self.codes),
            "left": plain(self.left),
            "right": plain(self.right),
        }
        if self.period:
            data["period"] = self.period
        if self.also:
            data["also"] = list(self.also)
        data["explanation"] = self.explanation or None
        return data


@dataclass
class CheckContext:
    """What rules need beyond the period's own values."""

    period_label: str = ""
    previous: Mapping[str, object] | None = None
    history: Sequence[Mapping[str, object]] = field(default_factory=list)
    previous_entry: Mapping[str, object] | None = None
    previous_entry_label: str = ""
    names: Mapping[str, str] = field(default_factory=dict)  # month or unit ids → how a person names them
    infos: bool = True  # False: the slips alone (a parent listing its children's slips needs no more)

    def name(self, key: str) -> str:
        return self.names.get(key, key)


def distinct_violations(violations: list[Violation]) -> list[int]:
    """Indexes of the violations to list once. Checking a period longer than the entry periods (a
    monthly unit's quarter) finds a slip both in the aggregated figures and in the month where it
    is; a violation of the whole period with the same rule and codes as some entry period's is
    left out, since the month says where the slip is. One that no entry period explains stays."""
    parts = {(v.rule, v.codes, v.is_info) for v in violations if v.period}
    return [i for i, v in enumerate(violations) if v.period or (v.rule, v.codes, v.is_info) not in parts]


def one_per_slip(violations: list[Violation], is_stock: Callable[[Violation], bool]) -> list[Violation]:
    """Each slip once, for a period made of entry periods: the whole period's violation that an entry
    period shows too is left out (`distinct_violations`), and a slip of stocks (`is_stock`: figures that
    stand as typed from one month to the next, e.g. the TTHC review, the staff) found with the very same
    figures in several entry periods is listed once, in the latest of them, naming the earlier ones in
    `also` and keeping the first explanation any of them has."""
    kept = [violations[i] for i in distinct_violations(violations)]
    groups: dict[tuple, list[Violation]] = {}
    for violation in kept:
        if violation.period and not violation.is_info and is_stock(violation):
            key = (violation.rule, violation.codes, violation.importance, violation.left, violation.right)
            groups.setdefault(key, []).append(violation)
    result = []
    for violation in kept:
        key = (violation.rule, violation.codes, violation.importance, violation.left, violation.right)
        group = groups.get(key) if violation.period and not violation.is_info else None
        if group and len(group) > 1:
            if violation is not group[-1]:
                continue
            earlier = group[:-1]
            violation.also = tuple(dict.fromkeys(p for v in earlier for p in (*v.also, v.period)))
            violation.explanation = violation.explanation or next((v.explanation for v in group if v.explanation), "")
        result.append(violation)
    return result
