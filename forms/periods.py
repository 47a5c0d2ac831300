"""Report periods (`2023-07`, `2023-Q3`, `2023-H1`, `2023-9M`, `2023`) and their cut-off dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import total_ordering

from .errors import ValueInputError

MIN_YEAR, MAX_YEAR = 2000, 2100  # the years a report period can be typed or read in
KINDS = ("month", "quarter", "half", "9m", "year")
FREQUENCIES = ("month", "quarter")

_SPAN = {"month": 1, "quarter": 3, "half": 6, "9m": 9, "year": 12}
_MAX_INDEX = {"month": 12, "quarter": 4, "half": 1, "9m": 1, "year": 1}
_ROMAN = ("I", "II", "III", "IV")
_ACCEPTED = "2023-07 (tháng), 2023-Q3 (quý), 2023-H1 (6 tháng đầu năm), 2023-9M (9 tháng) hoặc 2023 (năm)"

_MONTH_ID = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_QUARTER_ID = re.compile(r"([0-9]{4})-[Qq]([0-9]+)")
_HALF_ID = re.compile(r"([0-9]{4})-[Hh]1")
_NINE_ID = re.compile(r"([0-9]{4})-9[Mm]")
_YEAR_ID = re.compile(r"([0-9]{4})")


@total_ordering
@dataclass(frozen=True, eq=True, order=False)
class Period:
    """A report period: kind is month (index 1–12), quarter (1–4), half, 9m or year (index 1)."""

    kind: str
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueInputError(
                f'Loại kỳ báo cáo "{self.kind}" không hợp lệ: chỉ có tháng, quý, 6 tháng, 9 tháng hoặc năm.',
                str(self.kind),
            )
        if isinstance(self.year, bool) or not isinstance(self.year, int) or not 1 <= self.year <= 9999:
            raise ValueInputError(f'Năm "{self.year}" không hợp lệ: năm phải có 4 chữ số.', str(self.year))
        top = _MAX_INDEX[self.kind]
        if isinstance(self.index, bool) or not isinstance(self.index, int) or not 1 <= self.index <= top:
            what = {"month": "tháng phải từ 1 đến 12", "quarter": "quý phải từ 1 đến 4"}.get(
                self.kind, "kỳ này chỉ có chỉ số 1"
            )
            raise ValueInputError(f'Kỳ báo cáo không hợp lệ (chỉ số "{self.index}"): {what}.', str(self.index))

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year:04d}-H1"
        if self.kind == "9m":
            return f"{self.year:04d}-9M"
        return f"{self.year:04d}"

    @property
    def id(self) -> str:
        """The period identifier, as str()."""
        return str(self)

    @property
    def first_month(self) -> int:
        """Number (1–12) of the first month covered."""
        if self.kind == "month":
            return self.index
        if self.kind == "quarter":
            return 3 * self.index - 2
        return 1

    @property
    def last_month(self) -> int:
        """Number (1–12) of the last month covered."""
        return self.first_month + _SPAN[self.kind] - 1

    def _sort_key(self) -> tuple[int, int]:
        return (self.year * 12 + self.first_month, _SPAN[self.kind])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def months(self) -> list[Period]:
        """The month periods covered, in order."""
        return [Period("month", self.year, m) for m in range(self.first_month, self.last_month + 1)]

    def quarters(self) -> list[Period]:
        """The whole quarters covered, in order (empty for a month)."""
        if self.kind == "month":
            return []
        return [Period("quarter", self.year, (m + 2) // 3) for m in range(self.first_month, self.last_month + 1, 3)]

    def inner(self) -> list[Period]:
        """Every period lying inside this one, itself included: its months, quarters, and for a year
        or 9 months the 6 months (and 9 months) inside it."""
        found = [*self.months(), *self.quarters()]
        if self.kind in ("9m", "year"):
            found.append(Period("half", self.year))
        if self.kind == "year":
            found.append(Period("9m", self.year))
        return list(dict.fromkeys([*found, self]))

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.kind == "month":
            return Period("month", self.year - 1, 12) if self.index == 1 else Period("month", self.year, self.index - 1)
        if self.kind == "quarter":
            return (
                Period("quarter", self.year - 1, 4) if self.index == 1 else Period("quarter", self.year, self.index - 1)
            )
        return Period(self.kind, self.year - 1, self.index)

    def same_period_last_year(self) -> Period:
        """The same period one year earlier (cùng kỳ năm trước)."""
        return Period(self.kind, self.year - 1, self.index)

    def contains(self, other: Period) -> bool:
        """True when every month of `other` lies inside this period."""
        return self.year == other.year and self.first_month <= other.first_month and other.last_month <= self.last_month

    def label(self) -> str:
        """Vietnamese label for prose: `quý III năm 2023`."""
        if self.kind == "month":
            return f"tháng {self.index} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.index - 1]} năm {self.year}"
        if self.kind == "half":
            return f"6 tháng đầu năm {self.year}"
        if self.kind == "9m":
            return f"9 tháng năm {self.year}"
        return f"năm {self.year}"

    def short_label(self) -> str:
        """Short Vietnamese label for headings and lists: `Quý III/2023`."""
        if self.kind == "month":
            return f"Tháng {self.index}/{self.year}"
        if self.kind == "quarter":
            return f"Quý {_ROMAN[self.index - 1]}/{self.year}"
        if self.kind == "half":
            return f"6 tháng/{self.year}"
        if self.kind == "9m":
            return f"9 tháng/{self.year}"
        return f"Năm {self.year}"

    def cutoff(self) -> tuple[date, date]:
        """Cut-off per Nghị định 09/2019/NĐ-CP: 15th of the month before to 14th of the last."""
        if self.first_month == 1:
            start = date(self.year - 1, 12, 15)
        else:
            start = date(self.year, self.first_month - 1, 15)
        return start, date(self.year, self.last_month, 14)

    def deadline(self, day: int = 20) -> date:
        """The day the report of this period is due: `day` of its last month (default the 20th)."""
        last_day = calendar.monthrange(self.year, self.last_month)[1]
        return date(self.year, self.last_month, min(max(day, 1), last_day))

    def entry_periods(self, frequency: str) -> list[Period]:
        """The periods inside this one that a unit entering at `frequency` fills in."""
        _check_frequency(frequency)
        if frequency == "month":
            return self.months()
        if self.kind == "month":
            raise ValueInputError(
                f"Đơn vị nhập số liệu theo quý nên không có số liệu riêng của {self.label()}; "
                f"hãy chọn quý {_ROMAN[(self.index - 1) // 3]} năm {self.year}.",
                str(self),
            )
        return self.quarters()

    def is_shorter_than_entry(self, frequency: str) -> bool:
        """True for a month of a unit that enters figures quarterly (it holds no figures of its own)."""
        _check_frequency(frequency)
        return self.kind == "month" and frequency != "month"

    def is_entry_period(self, frequency: str) -> bool:
        """True when a unit entering at `frequency` fills in figures for exactly this period."""
        _check_frequency(frequency)
        return self.kind == frequency


def _check_frequency(frequency: str) -> None:
    if frequency not in FREQUENCIES:
        raise ValueInputError(
            f'Tần suất nhập số liệu "{frequency}" không hợp lệ: chỉ có "month" (hằng tháng) hoặc "quarter" (hằng quý).',
            str(frequency),
        )


def _unreadable(text: str, reason: str = "") -> ValueInputError:
    shown = text.strip()
    return ValueInputError(
        f'Không đọc được kỳ báo cáo "{shown}": {reason}hãy gõ theo một trong các dạng {_ACCEPTED}.',
        text,
    )


def parse_period(text: str) -> Period:
    """Read a period identifier: `2023-07`, `2023-Q3`, `2023-H1`, `2023-9M` or `2023`."""
    if not isinstance(text, str):
        raise TypeError(f"parse_period expects str, got {type(text).__name__}")
    compact = text.strip()
    if len(compact) > 16:
        raise _unreadable(text[:40] + ("…" if len(text) > 40 else ""))
    if match := _MONTH_ID.fullmatch(compact):
        kind, index = "month", int(match[2])
        if not 1 <= index <= 12:
            raise _unreadable(text, "tháng phải từ 01 đến 12; ")
    elif match := _QUARTER_ID.fullmatch(compact):
        kind, index = "quarter", int(match[2])
        if not 1 <= index <= 4:
            raise _unreadable(text, "quý phải từ Q1 đến Q4; ")
    elif match := _HALF_ID.fullmatch(compact):
        kind, index = "half", 1
    elif match := _NINE_ID.fullmatch(compact):
        kind, index = "9m", 1
    elif re.fullmatch(r"[0-9]{4}-[Hh][0-9]+", compact):
        raise _unreadable(text, "chỉ có kỳ 6 tháng đầu năm (H1); ")
    elif match := _YEAR_ID.fullmatch(compact):
        kind, index = "year", 1
    else:
        raise _unreadable(text)
    year = int(match[1])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueInputError(
            f'Kỳ báo cáo "{compact}" không hợp lệ: năm phải từ {MIN_YEAR} đến {MAX_YEAR} (đã gõ năm {match[1]}).',
            text,
        )
    return Period(kind, year, index)
