"""What the main window shows, as plain data, and the view protocol the presenter talks to.

Pure helpers of the period picker and the check panel live here so the presenter stays short.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from cchc_desktop.app.infra.progress import Progress
from cchc_desktop.app.presenters.layout import SectionSpec
from forms.numbers import format_datetime
from forms.periods import Period, parse_period

KIND_LABELS = {"month": "Tháng", "quarter": "Quý", "half": "6 tháng", "9m": "9 tháng", "year": "Năm"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    errors: int
    warnings: int
    open_errors: int = 0  # errors not yet explained: the section is shown red only while some stand


@dataclass(frozen=True)
class ViolationItem:
    """A line of the check panel."""

    index: int
    importance: str
    text: str
    rule: str
    codes: tuple[str, ...]
    section: str
    explanation: str
    period: str
    unit: str = ""  # a parent's window: the child unit whose slip this is (its name); "" for the unit's own


class MainView(Protocol):
    """What the presenter asks of the main window."""

    def show_unit(self, title: str) -> None: ...
    def show_period_choice(self, year: int, kind: str, index: int) -> None: ...
    def show_period_info(self, label: str, status: str, cutoff: str, editable: bool) -> None: ...
    def show_navigation(self, items: list[NavItem], current: str) -> None: ...
    def show_section(self, spec: SectionSpec, editable: bool, text_editable: bool) -> None: ...
    def set_values(self, texts: dict[str, str]) -> None: ...
    def mark_fields(self, marks: dict[str, tuple[str, str]]) -> None: ...
    def show_figure_notes(self, notes: dict[str, str], hints: dict[str, str], period_note: str) -> None:
        """Under each figure not typed as it stands, how it is known (derived, short of some month or
        unit, a parent's units' part); `hints`: derived values kept out of the fields, greyed where
        shown; `period_note`: the entry periods the period lacks."""

    def show_field_error(self, code: str, message: str) -> None: ...
    def show_violations(self, items: list[ViolationItem]) -> None: ...
    def focus_field(self, code: str) -> None: ...
    def show_saved(self, text: str) -> None: ...
    def show_actions(self, submit: bool, reopen: bool, import_annexes: bool) -> None: ...
    def show_text_period(self, note: str) -> None: ...
    def show_preview(self, code: str, blocks: list) -> None: ...
    def choose_figure(self, choices: list) -> str | None: ...
    def insert_text(self, code: str, text: str) -> None: ...
    def show_message(self, title: str, text: str, error: bool = False) -> None: ...
    def ask_yes_no(self, title: str, text: str) -> bool: ...
    def ask_with_actions(self, title: str, text: str, actions: list[tuple[str, str]]) -> str:
        """Có / Không and one button per (key, label) action: "yes", "no" (Esc too) or the action's key."""

    def ask_text(self, title: str, prompt: str, initial: str = "") -> str | None: ...
    def open_unit_settings(self) -> bool: ...
    def open_report_header(self, period: str) -> bool:
        """Thông tin văn bản báo cáo of the report period `period`: True when it was saved."""

    def open_child_units(self) -> bool: ...
    def open_received_status(self, period: str) -> None: ...
    def open_import(self) -> bool: ...
    def open_onestop(self, period: str) -> bool:
        """Nhập số liệu từ Hệ thống Một cửa for the entry period `period`: True when figures were stored."""

    def open_sign(self, report: Path | None, annex: Path | None) -> bool:
        """Ký số báo cáo, the files proposed (the report and annex exported last): True when files were signed."""

    def ask_save_path(self, title: str, file_name: str, kind: str) -> str | None: ...
    def run_job(self, progress: Progress, work, on_done, on_failed) -> None: ...
    def run_exclusive_job(self, progress: Progress, work, on_done, on_failed) -> None:
        """As run_job, the window taking no input meanwhile (it still redraws): a restore."""

    def ask_choice(self, title: str, text: str, choices) -> str | None:
        """A message with buttons (key, label) besides `Đóng`; the key pressed, None for Đóng."""

    def flush(self): ...
    def choose_backup(self, title: str, entries: list, folder) -> str | None:
        """A backup of the list (BackupEntry, from `folder`), or another file; its path, None when cancelled."""

    def ask_backup_copy_path(self, title: str, file_name: str) -> str | None: ...
    def open_database(self, target, how: str, done_text: str = "") -> None:
        """The window reopened on `target`: how = "open", "new" (declare a unit in a new file), "sample"
        (created if missing), "reopen" (the same database again, e.g. after a restore); then done_text."""


def period_kinds(frequency: str) -> list[tuple[str, str]]:
    """(kind, label) choices for the period picker of a unit with this entry frequency."""
    kinds = ["month", "quarter", "half", "9m", "year"] if frequency == "month" else ["quarter", "half", "9m", "year"]
    return [(kind, KIND_LABELS[kind]) for kind in kinds]


def period_indexes(kind: str) -> list[tuple[int, str]]:
    if kind == "month":
        return [(m, f"Tháng {m}") for m in range(1, 13)]
    if kind == "quarter":
        return [(q, f"Quý {ROMAN[q]}") for q in range(1, 5)]
    return [(1, "")]


def carry_index(kind: str, index: int, new_kind: str) -> int:
    """The index that keeps the picker's place when the kind changes: Tháng 9 → Quý III,
    Quý III → Tháng 7 (the quarter's first month); 6 tháng, 9 tháng and Năm have one index."""
    month = index if kind == "month" else 3 * index - 2 if kind == "quarter" else 1
    if new_kind == "month":
        return month
    if new_kind == "quarter":
        return (month - 1) // 3 + 1
    return 1


def when_text(stamp: str) -> str:
    """A stored ISO time (`2026-11-27 13:42:05`) as the person reads it: `13:42 ngày 27/11/2026`."""
    try:
        return format_datetime(datetime.fromisoformat(stamp))
    except ValueError:
        return stamp


def make_period(year: int, kind: str, index: int) -> Period:
    text = {"month": f"{year}-{index:02d}", "quarter": f"{year}-Q{index}", "half": f"{year}-H1", "9m": f"{year}-9M"}
    return parse_period(text.get(kind, str(year)))
