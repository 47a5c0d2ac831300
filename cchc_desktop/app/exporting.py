"""Export use cases: gather the period's content, then write the file completely or not at all.

`export_file` does the whole export (reading, building, writing) with progress and cancellation:
the window runs it off the Tk thread. `prepare_*` reads the database on the caller's thread and
returns a function that only writes (the command line).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cchc_desktop.app.annex_content import AnnexBuilder, build_annex
from cchc_desktop.app.annex_periods import missing_text
from cchc_desktop.app.progress import Progress
from cchc_desktop.app.report_content import ReportBuilder, build_report
from cchc_desktop.app.report_gaps import empty_sections, empty_sections_note, missing_figures_note
from cchc_desktop.app.workspace import Workspace

Writer = Callable[[], Path]
READING = "Đang đọc số liệu…"
CHECKING = "Đang kiểm tra, tổng hợp số liệu…"


@dataclass
class Exported:
    """A written export: where, and what the clerk may want to know before sending it."""

    path: Path
    notes: list[str] = field(default_factory=list)


def children_notes(ws: Workspace, period: str) -> list[str]:
    """A parent's figures summed from children that sent only part of the period: named, with what
    is missing (the totals are short by it)."""
    partial = [item for item in ws.consolidation.completeness(period) if item.gaps]
    if not partial:
        return []
    shown = "; ".join(f"{item.unit.name} ({missing_text(list(item.gaps))})" for item in partial[:5])
    more = f" và {len(partial) - 5} đơn vị khác" if len(partial) > 5 else ""
    return [f"số tổng hợp còn thiếu số liệu của {shown}{more}: các tổng số chưa đủ."]


def _open_errors_notes(count: int) -> list[str]:
    """The note on errors still open, from the count the content already holds (no second check)."""
    if not count:
        return []
    return [f"còn {count} lỗi chưa sửa hoặc chưa giải trình; báo cáo ghi “số liệu chưa hoàn chỉnh”."]


def prepare_pdf(ws: Workspace, period: str, target: str | Path) -> Writer:
    """The report of a period, ready to be written to target (PDF); `writer.notes` says what the
    clerk may want to know before sending it (errors still open, sections printed without text)."""
    from exports.pdf_report import write_report_pdf

    document = build_report(ws, period)

    def writer() -> Path:
        return write_report_pdf(document, Path(target))

    writer.notes = _pdf_notes(document) + children_notes(ws, period)
    return writer


def _pdf_notes(document) -> list[str]:
    empty = empty_sections(document.blocks)
    notes = _open_errors_notes(len(document.incomplete))
    if document.missing_figures:
        notes.append(missing_figures_note(document.missing_figures))
    return notes + ([empty_sections_note(empty)] if empty else [])


def prepare_xlsx(ws: Workspace, period: str, target: str | Path) -> Writer:
    """The annexes of a period, ready to be written to target (.xlsx), with `writer.notes` as for the PDF."""
    from exports.xlsx_annex import write_annex_xlsx

    book = build_annex(ws, period)

    def writer() -> Path:
        return write_annex_xlsx(book, Path(target))

    writer.notes = _xlsx_notes(book) + children_notes(ws, period)
    return writer


def _xlsx_notes(book) -> list[str]:
    own = [row for row in book.pl4 if not row.group]  # a child's slips do not make this report incomplete
    return _open_errors_notes(sum(1 for row in own if row.importance == "Lỗi" and not row.explanation))


def export_file(
    ws: Workspace, period: str, kind: str, target: str | Path, progress: Progress | None = None
) -> Exported:
    """The whole export of a period to target (`pdf` or `xlsx`), reporting progress; stops with
    Cancelled at a safe point when asked: between the reads, before the file is built, and after
    the temporary file is written but before it replaces target (which is then left untouched)."""
    from exports.atomic import atomic_write

    progress = progress or Progress()
    worker = ws.detached()  # shares no cache with the window's workspace (another thread)
    progress.report(0.0, reading_text(len(worker.units.children())))
    progress.checkpoint()
    if kind == "pdf":
        from exports.pdf_report import render_report_pdf

        document = _built(ReportBuilder(worker, period), progress, "Đang dựng trang…")
        notes = _pdf_notes(document) + children_notes(worker, period)
        data = render_report_pdf(document)

        def write(temp: Path) -> None:
            progress.report(0.95, "Đang ghi tệp…")
            temp.write_bytes(data)
            progress.checkpoint(last=True)

    else:
        from exports.xlsx_annex import write_annex_xlsx

        book = _built(AnnexBuilder(worker, period), progress, "Đang dựng bảng…")
        notes = _xlsx_notes(book) + children_notes(worker, period)

        def write(temp: Path) -> None:
            write_annex_xlsx(book, temp)  # itself complete or nothing at `temp`
            progress.report(0.95, "Đang ghi tệp…")
            progress.checkpoint(last=True)

    path = atomic_write(target, write)  # a Cancelled raised by write removes the temporary file
    progress.report(1.0, "Đã ghi tệp.")
    return Exported(path, notes)


def _built(builder, progress: Progress, building: str):
    """The content a builder made from what it read, a safe point before and after the build."""
    progress.report(0.35, CHECKING)
    progress.checkpoint()
    content = builder.build()
    progress.report(0.65, building)
    progress.checkpoint()
    return content


def reading_text(children: int) -> str:
    """What the export reads first: the unit's figures, and its children's when it has some."""
    return f"Đang đọc số liệu (cùng {children} đơn vị trực thuộc)…" if children else READING


# Characters Windows refuses in a file name, and control characters.
_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_LONG_NAME = re.compile(r"^(ủy|uỷ) ban nhân dân\b", re.IGNORECASE)


def safe_file_name(text: str, limit: int = 150) -> str:
    """A name Windows accepts: Vietnamese letters kept (NFC), illegal characters made spaces, no trailing dot."""
    text = unicodedata.normalize("NFC", text)
    text = _ILLEGAL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit].rstrip(" .") or "bao-cao"


def default_file_name(ws: Workspace, period: str, kind: str) -> str:
    """`Báo cáo CCHC quý III năm 2023 - UBND thành phố Sa Đéc.pdf` / `Phụ lục CCHC … .xlsx`."""
    what = "Báo cáo CCHC" if kind == "pdf" else "Phụ lục CCHC"
    unit = _LONG_NAME.sub("UBND", unicodedata.normalize("NFC", ws.units.self_unit().name).strip())
    return f"{safe_file_name(f'{what} {ws.period(period).label()} - {unit}')}.{kind}"
