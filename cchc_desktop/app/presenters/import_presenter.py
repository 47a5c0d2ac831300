"""The window's import of the units' annexes: choose files, check them off the window's thread, one
verdict list with the person's choices per file, then import off the window's thread.

The view is anything with the methods of `ImportView`; tests hand in a fake that records calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.infra.progress import Cancelled, Progress
from cchc_desktop.app.usecases.context import sentence_case
from cchc_desktop.app.usecases.import_choices import ImportOptions
from cchc_desktop.app.usecases.importing import FileVerdict, ImportCancelled
from cchc_desktop.app.workspace import Workspace
from forms.errors import os_reason
from forms.periods import parse_period

TITLE = "Nhập phụ lục của đơn vị cấp dưới"
_COMMAND_LINE = re.compile(r" \(dòng lệnh:[^)]*\)")
# The verdict's word in the list, and its colour: done (green), ready (plain), choice (amber), refused (red).
CHECKED = {"imported": ("Sẵn sàng nhập", "ready"), "replaced": ("Sẵn sàng nhập, thay số cũ", "ready")}
IMPORTED = {"imported": ("Đã nhập", "done"), "replaced": ("Đã nhập, thay số cũ", "done")}
REFUSED = ("Từ chối", "refused")
VISIBLE_LABELS = {"exported": "giữ số đã xuất", "visible": "nhận số đang hiển thị"}


class ImportView(Protocol):
    """What the presenter asks of the import dialog."""

    def ask_open_paths(self) -> list[str]: ...
    def ask_folder(self) -> str | None: ...
    def show_rows(self, rows: list[ImportRow], selected: str | None) -> None: ...
    def show_summary(self, text: str, can_import: bool) -> None: ...
    def set_busy(self, busy: bool) -> None: ...
    def show_message(self, title: str, text: str, error: bool = False) -> None: ...
    def run_job(self, progress: Progress, work, on_done, on_failed) -> None: ...


@dataclass(frozen=True)
class ImportRow:
    """One file of the list as the person reads it, with the questions still open for it."""

    key: str  # the file's path: the row's id
    file: str
    unit: str
    period: str
    verdict: str
    tone: str  # done / ready / choice / refused
    reason: str
    changed: tuple[tuple[str, str, str], ...] = ()  # (cell, exported, shown) edited in Excel
    ask_visible: bool = False
    ask_replace: bool = False
    ask_declare: bool = False
    options: ImportOptions = field(default_factory=ImportOptions)
    can_take: bool = True  # the numbers shown may be taken (False: an edited sum; only “keep exported”)


class ImportPresenter:
    """The files chosen, their latest verdicts and the person's choices; `changed` once anything was stored."""

    def __init__(self, ws: Workspace, view: ImportView):
        self.ws, self.view = ws, view
        self.paths: list[Path] = []
        self.verdicts: dict[Path, FileVerdict] = {}
        self.options: dict[Path, ImportOptions] = {}
        self.imported: set[Path] = set()  # files stored by this dialog: not imported twice
        self.edited: dict[Path, int] = {}  # how many numbers the check found edited in Excel, per file
        self.running: Progress | None = None
        self.changed = False

    def start(self) -> None:
        """The list as it stands (empty at first: the dialog asks for files at once)."""
        self._show(None)

    # ----- choosing files --------------------------------------------------------------------
    def add_files(self) -> None:
        """Tệp…: several files at once; they are checked at once."""
        self._add([Path(path) for path in self.view.ask_open_paths() or []])

    def add_folder(self) -> None:
        """Thư mục…: every .xlsx file of a folder (not its subfolders; Excel's “~$” lock files left out)."""
        folder = self.view.ask_folder()
        if not folder:
            return
        try:
            found = sorted(
                (p for p in Path(folder).iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$")),
                key=lambda p: p.name.lower(),
            )
        except OSError as exc:
            self.view.show_message(TITLE, f"Không đọc được thư mục {folder}: {os_reason(exc)}.", error=True)
            return
        if not found:
            self.view.show_message(TITLE, f"Thư mục {folder} không có tệp Excel (.xlsx) nào.")
            return
        self._add(found)

    def _add(self, paths: list[Path]) -> None:
        if self.running is not None or not paths:
            return
        new = [path for path in dict.fromkeys(paths) if path not in self.paths]
        self.paths += new
        for path in new:
            self.options[path] = ImportOptions()
        self._check()

    def _check(self) -> None:
        """Check every file not imported yet, as one batch, off the window's thread; nothing stored."""
        pending = [path for path in self.paths if path not in self.imported]
        if not pending:
            return
        progress = Progress(f"Đang kiểm tra {len(pending)} tệp…")

        def work() -> list[FileVerdict]:
            return self.ws.detached().imports.check_files(pending, progress)

        def done(verdicts: list[FileVerdict]) -> None:
            self._finished()
            self._checked(verdicts)
            self._show(pending[0] if pending else None)

        self._run(progress, work, done)

    # ----- the person's choices ---------------------------------------------------------------
    def choose(self, key: str, visible: str | None = None, replace: bool | None = None, declare: bool | None = None):
        """A choice made in the list for one file; kept for its import."""
        path = Path(key)
        if path not in self.options or path in self.imported:
            return
        current = self.options[path]
        replace = current.replace if replace is None else replace
        self.options[path] = ImportOptions(
            current.visible if visible is None else visible,
            replace,
            current.declare if declare is None else declare,
            self._replacing(path, replace),
        )
        self._show(path)

    def _replacing(self, path: Path, replace: bool) -> str | None:
        """What the person agrees to replace: the figures the file's check found stored (if others are
        stored by the time it is imported, it is refused rather than stored over them)."""
        verdict = self.verdicts.get(path)
        return verdict.held if replace and verdict is not None else None

    def agree_all(self) -> None:
        """“Đồng ý tất cả”: for every file still asking, add its unit as a child and replace earlier
        figures (what `--yes` does); numbers edited in Excel still need a choice per file."""
        for path in self.paths:
            row = self.row(path)
            if row.ask_declare or row.ask_replace:
                current = self.options.get(path, ImportOptions())
                replace = current.replace or row.ask_replace
                self.options[path] = ImportOptions(
                    current.visible, replace, current.declare or row.ask_declare, self._replacing(path, replace)
                )
        self._show(None)

    def open_questions(self) -> int:
        """How many files still wait for the person to allow adding their unit or replacing figures."""
        count = 0
        for path in self.paths:
            row = self.row(path)
            options = row.options
            count += (row.ask_declare and not options.declare) or (row.ask_replace and not options.replace)
        return count

    # ----- importing --------------------------------------------------------------------------
    def import_files(self) -> None:
        """Nhập: every file that can be imported, with its choices, off the window's thread."""
        if self.running is not None:
            return
        paths = [path for path in self.paths if self._importable(path)]
        if not paths:
            self.view.show_message(
                TITLE, "Không có tệp nào nhập được: hãy chọn tệp, hoặc chọn cách xử lý cho từng tệp."
            )
            return
        progress = Progress(f"Đang nhập {len(paths)} tệp…")
        options = {path: self.options[path] for path in paths}

        def work() -> list[FileVerdict]:
            return self.ws.detached().imports.import_files(paths, progress=progress, options=options)

        def done(verdicts: list[FileVerdict]) -> None:
            self._finished()
            self._imported(verdicts)

        self._run(progress, work, done, importing=True)

    def _checked(self, verdicts: list[FileVerdict]) -> None:
        for verdict in verdicts:
            self.verdicts[verdict.path] = verdict
            self.edited[verdict.path] = len(verdict.changed)

    def _importable(self, path: Path) -> bool:
        """A file checked, not yet imported here, and every question about it answered."""
        verdict = self.verdicts.get(path)
        if verdict is None or path in self.imported:
            return False
        return self.row(path).tone == "ready"

    def _imported(self, verdicts: list[FileVerdict]) -> None:
        for verdict in verdicts:
            self.verdicts[verdict.path] = verdict
            if verdict.ok:
                self.imported.add(verdict.path)
                self.changed = True
            elif verdict.holding and verdict.path in self.options:  # figures stored meanwhile: ask again
                current = self.options[verdict.path]
                self.options[verdict.path] = ImportOptions(current.visible, False, current.declare)
        self._show(verdicts[0].path if verdicts else None)

    def _run(self, progress: Progress, work, done, importing: bool = False) -> None:
        self.running = progress
        if importing:
            self.changed = True  # until the outcome says otherwise: a window closed meanwhile refreshes
        self.view.set_busy(True)

        def failed(error: BaseException) -> None:
            self._finished()
            if isinstance(error, ImportCancelled):
                if importing:
                    self._imported(error.verdicts)
                    self.changed = bool(self.imported)
                else:
                    self._checked(error.verdicts)
                    self._show(None)
                self.view.show_message(TITLE, str(error))
            elif isinstance(error, Cancelled | UserError):
                self.view.show_message(TITLE, str(error), error=not isinstance(error, Cancelled))
            else:
                raise error

        self.view.run_job(progress, work, done, failed)

    def _finished(self) -> None:
        self.running = None
        self.view.set_busy(False)
        if not self.imported:
            self.changed = False

    # ----- what the list shows ----------------------------------------------------------------
    def rows(self) -> list[ImportRow]:
        return [self.row(path) for path in self.paths]

    def row(self, path: Path) -> ImportRow:
        verdict = self.verdicts.get(path)
        options = self.options.get(path, ImportOptions())
        if verdict is None:
            reason = "Tệp chưa được kiểm tra (đã dừng giữa chừng). Bấm “Chọn tệp…” và chọn lại tệp để kiểm tra."
            return ImportRow(str(path), path.name, "", "", "Chưa kiểm tra", "ready", reason, options=options)
        ask_visible = bool(verdict.changed) and path not in self.imported
        ask_replace = verdict.holding and not verdict.ok
        ask_declare = verdict.new_unit and not verdict.ok
        word, tone = self._word(path, verdict, options, ask_visible, ask_replace, ask_declare)
        unit = f"{verdict.unit_name} ({verdict.unit_code})" if verdict.unit_name else verdict.unit_code
        reason = reason_text(verdict)
        if path in self.imported and self.edited.get(path) and options.visible in VISIBLE_LABELS:
            reason += (
                f" Số đã bị sửa trong Excel sau khi xuất ({self.edited[path]} ô): {VISIBLE_LABELS[options.visible]}."
            )
        return ImportRow(
            str(path),
            path.name,
            unit,
            _period_label(verdict.period),
            word,
            tone,
            reason,
            tuple(verdict.changed),
            ask_visible,
            ask_replace,
            ask_declare,
            options,
            verdict.takeable,
        )

    def _word(self, path, verdict, options, ask_visible, ask_replace, ask_declare) -> tuple[str, str]:
        if path in self.imported:
            word, tone = IMPORTED.get(verdict.status, REFUSED)
            return (f"{word}, thêm đơn vị" if verdict.new_unit else word), tone
        if verdict.ok:
            return CHECKED[verdict.status]
        if not (ask_visible or ask_replace or ask_declare):
            return REFUSED
        open_questions = [
            text
            for asked, answered, text in (
                (ask_declare, options.declare, "đơn vị chưa khai báo"),
                (
                    ask_visible,
                    options.visible == "exported" or (options.visible == "visible" and verdict.takeable),
                    "số đã bị sửa trong Excel",
                ),
                (ask_replace, options.replace, "đã có số liệu"),
            )
            if asked and not answered
        ]
        if open_questions:
            return f"Cần chọn: {', '.join(open_questions)}", "choice"
        return "Sẵn sàng nhập (đã chọn)", "ready"

    def _show(self, selected: Path | None) -> None:
        rows = self.rows()
        self.view.show_rows(rows, str(selected) if selected is not None else None)
        self.view.show_summary(self.summary(rows), any(self._importable(path) for path in self.paths))

    def summary(self, rows: list[ImportRow]) -> str:
        if not rows:
            return "Chưa chọn tệp nào. Bấm “Chọn tệp…” hoặc “Chọn thư mục…”."
        counts = {tone: sum(row.tone == tone for row in rows) for tone in ("done", "ready", "choice", "refused")}
        parts = [
            f"{counts[tone]} {text}"
            for tone, text in (
                ("done", "đã nhập"),
                ("ready", "sẵn sàng nhập"),
                ("choice", "cần chọn"),
                ("refused", "bị từ chối"),
            )
            if counts[tone]
        ]
        return f"{len(rows)} tệp: {', '.join(parts)}."


def _period_label(text: str) -> str:
    try:
        return sentence_case(parse_period(text).label())
    except (UserError, ValueError):
        return text


def reason_text(verdict: FileVerdict) -> str:
    """The verdict's message as the window says it: without the file's name in front (the list has a
    column for it) nor the command line's options (the window has its own choices)."""
    prefix = f"Tệp {verdict.name}: "
    said = verdict.said  # with the signatures' words
    text = said[len(prefix) :] if said.startswith(prefix) else said
    return sentence_case(_COMMAND_LINE.sub("", text))
