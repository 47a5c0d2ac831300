"""Export use cases: gather the period's content, then write the file completely or not at all.

`export_file` does the whole export (reading, building, writing) with progress and cancellation:
the window runs it off the Tk thread. `prepare` reads the database on the caller's thread and
returns a function that only writes (the command line). Both take the format's key and do what its
writer (app/outputs/formats.py) says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cchc_desktop.app.infra.progress import Progress
from cchc_desktop.app.outputs.formats import export_format
from cchc_desktop.app.usecases.annex_periods import missing_text
from cchc_desktop.app.usecases.context import as_period

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from typing import Protocol

    from cchc_desktop.app.content.sources import AnnexSources, ReportSources
    from cchc_desktop.app.usecases.consolidation import Consolidation

    class ExportSources(ReportSources, AnnexSources, Protocol):
        """What an export reads: any format's content (its writer's builder), the children's
        completeness, and a twin of its own for another thread (`detached`)."""

        @property
        def consolidation(self) -> Consolidation: ...
        def detached(self) -> ExportSources: ...


@dataclass
class Writer:
    """An export read and built, ready to be written: call it; `notes` says what the clerk may want to know
    before sending it (errors still open, sections printed without text, children's figures missing)."""

    write: Callable[[], Path]
    notes: list[str] = field(default_factory=list)

    def __call__(self) -> Path:
        return self.write()


READING = "Đang đọc số liệu…"
CHECKING = "Đang kiểm tra, tổng hợp số liệu…"
WRITING = "Đang ghi tệp…"


@dataclass
class Exported:
    """A written export: where, and what the clerk may want to know before sending it."""

    path: Path
    notes: list[str] = field(default_factory=list)


def children_notes(ws: ExportSources, period: str) -> list[str]:
    """A parent's figures summed from children that sent only part of the period: named, with what
    is missing (the totals are short by it)."""
    partial = [item for item in ws.consolidation.completeness(period) if item.gaps]
    if not partial:
        return []
    shown = "; ".join(f"{item.unit.name} ({missing_text(list(item.gaps))})" for item in partial[:5])
    more = f" và {len(partial) - 5} đơn vị khác" if len(partial) > 5 else ""
    return [f"số tổng hợp còn thiếu số liệu của {shown}{more}: các tổng số chưa đủ."]


def prepare(ws: ExportSources, period: str, kind: str, target: str | Path) -> Writer:
    """The export of a period in format `kind`, read and built now, ready to be written to target;
    `writer.notes` says what the clerk may want to know before sending it (errors still open, sections
    printed without text, children's figures missing)."""
    from exports.atomic import atomic_write

    writer = export_format(kind).load_writer()
    with ws.ctx.action():  # one action: what the content and its notes read is read once
        content = writer.builder(ws, period).build()
        notes = writer.notes(content) + children_notes(ws, period)

    def write() -> Path:
        return atomic_write(target, writer.render(content))

    return Writer(write, notes)


def prepare_pdf(ws: ExportSources, period: str, target: str | Path) -> Writer:
    """The report (PDF): `prepare` of the format `pdf`."""
    return prepare(ws, period, "pdf", target)


def prepare_xlsx(ws: ExportSources, period: str, target: str | Path) -> Writer:
    """The annexes (.xlsx): `prepare` of the format `xlsx`."""
    return prepare(ws, period, "xlsx", target)


def export_file(
    ws: ExportSources, period: str, kind: str, target: str | Path, progress: Progress | None = None
) -> Exported:
    """The whole export of a period to target in format `kind` (`pdf`, `xlsx`…), reporting progress;
    stops with Cancelled at a safe point when asked: between the reads, before the file is built, and
    after the temporary file is written but before it replaces target (which is then left untouched)."""
    from exports.atomic import atomic_write

    writer = export_format(kind).load_writer()
    progress = progress or Progress()
    worker = ws.detached()  # shares no cache with the window's workspace (another thread)
    with worker.ctx.action():  # one action: what the content and its notes read is read once
        progress.report(0.0, reading_text(len(worker.units.children())))
        progress.checkpoint()
        content = _built(writer.builder(worker, period), progress, writer.building)
        notes = writer.notes(content) + children_notes(worker, period)
    save = writer.render(content)

    def write(temp: Path) -> None:
        save(temp)  # itself complete or nothing at `temp`
        progress.report(0.95, WRITING)
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


def default_file_name(ws: ExportSources, period: str, kind: str) -> str:
    """`Báo cáo CCHC quý III năm 2023 - UBND thành phố Sa Đéc.pdf` / `Phụ lục CCHC … .xlsx`: the format's
    document, the period, the unit, the format's extension."""
    chosen = export_format(kind)
    unit = _LONG_NAME.sub("UBND", unicodedata.normalize("NFC", ws.units.self_unit().name).strip())
    return f"{safe_file_name(f'{chosen.document} {as_period(period).label()} - {unit}')}{chosen.extension}"
