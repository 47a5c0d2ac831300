"""Import use case: the child units' annex files, checked one by one, each stored in one transaction.

A file that fails a check changes nothing and gets a verdict naming the reason; `check_file` runs
the same checks without storing anything. The window runs `import_files` off the Tk thread with a
Progress (cancel between files only); the command line prints one line per verdict.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.app.infra.progress import Cancelled, Progress
from cchc_desktop.app.usecases import annex_parses
from cchc_desktop.app.usecases.import_checks import check_parent_lock, map_version, meanwhile_message, tampered_message
from cchc_desktop.app.usecases.import_choices import (
    ImportOptions,
    declaration,
    declare_child,
    default_options,
    unknown_unit_message,
)
from cchc_desktop.app.usecases.import_values import (
    cell_start,
    changed_listing,
    file_explanations,
    file_texts,
    take_visible,
    takeable,
)
from cchc_desktop.app.usecases.units import outside_validity
from db import store
from db.records import Unit, unit_from_fields
from exports.annex_reader import file_name
from forms.errors import UserError
from forms.periods import Period, parse_period
from forms.safe_text import normal_code, quoted

if TYPE_CHECKING:
    from cchc_desktop.app.usecases.context import Context
    from cchc_desktop.app.usecases.signatures import Signatures
    from cchc_desktop.app.usecases.units import Units

log = logging.getLogger(__name__)
IMPORT_ACTION = "nhap_phu_luc"
STATUSES = ("imported", "replaced", "refused", "needs_choice", "unknown_unit")


@dataclass
class FileVerdict:
    """What became of one file: imported, replaced an earlier import, refused, or waiting for a choice."""

    path: Path
    status: str
    message: str
    unit_code: str = ""
    unit_name: str = ""
    period: str = ""
    value_count: int = 0
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # (label, exported, current) as shown
    holding: bool = False  # the unit already holds figures of the file's periods (an earlier import)
    new_unit: bool = False  # the unit is not (yet) a child: declared from the file's header when confirmed
    takeable: bool = True  # the edited numbers can be taken as shown (not sums over months, last year …)
    held: str = ""  # what the unit held of the file's periods when checked (a fingerprint; "" nothing)
    signature: str = ""  # the annex's digital signature in words ("chưa ký số", "đã ký số bởi …")
    report: str = ""  # the verdict on the unit's signed report PDF placed beside the annex ("" none there)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return self.status in ("imported", "replaced")

    @property
    def said(self) -> str:
        """The message with the signatures' words, for a verdict whose message does not hold them (a
        refusal or a choice waiting after the signatures were read)."""
        text = self.message
        if self.signature and "Phụ lục: " not in text:
            text += f" Phụ lục: {self.signature}."
        if self.report and "Bên cạnh có " not in text:
            text += f" Bên cạnh có {self.report}."
        return text

    def to_json(self) -> dict:
        return {
            "file": str(self.path),
            "status": self.status,
            "message": self.message,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "period": self.period,
            "value_count": self.value_count,
            "changed": [list(item) for item in self.changed],
            "holding": self.holding,
            "new_unit": self.new_unit,
            "visible_takeable": self.takeable,
            "signature": self.signature,
            "report": self.report,
        }


@dataclass
class _Plan:
    """A file that passed every check: what it would store."""

    unit: Unit
    period: Period
    texts: dict[str, dict[str, str]]  # period → {code: text}
    version: str
    replaces: bool
    source: str
    declare: dict[str, str] | None = None  # the child unit to declare first (code, name, level, frequency)
    notes: dict[tuple[str, str], str] | None = None  # the unit's giải trình: (period, rule) → text
    held: str = ""  # what the unit held of the file's periods when checked (a fingerprint; "" nothing)
    expected: str | None = ""  # what must still be stored when writing (a fingerprint); None: anything (--yes)
    signature: str = ""  # the annex's signature in words
    report: str = ""  # the verdict on the signed report beside it


class ImportCancelled(Cancelled):
    """Stopped between two files: `verdicts` are those of the files handled before (stored, if importing)."""

    def __init__(self, verdicts: list[FileVerdict], total: int, stored: bool):
        done = sum(verdict.ok for verdict in verdicts) if stored else len(verdicts)
        what = f"đã nhập {done} tệp" if stored else f"đã kiểm tra {done} tệp"
        super().__init__(f"Đã dừng giữa chừng: {what}; {total - len(verdicts)}/{total} tệp còn lại chưa được xử lý.")
        self.verdicts = verdicts


@dataclass
class _BatchReads:
    """What every file of a batch is checked against, read once per batch (not once per file): this
    unit's row, its children by normalised code, and its submitted periods. An import decides again
    inside each file's transaction; these only serve the checks before it."""

    parent: Unit
    children: dict[str, Unit]
    locks: list[Period]
    keep: bool = False  # a check: each file's parse is kept for the import that follows
    take: bool = False  # an import: a parse the check kept is used when the file is unchanged

    @classmethod
    def read(cls, ctx, keep: bool = False, take: bool = False) -> _BatchReads:
        parent = ctx.self_row()
        children = {normal_code(child.code): child for child in ctx.reads.children_of(parent)}
        return cls(parent, children, ctx.submitted(parent), keep, take)


class _Refused(Exception):
    def __init__(self, verdict: FileVerdict):
        super().__init__(verdict.message)
        self.verdict = verdict


class Imports:
    """Check and import the annex files of this unit's children."""

    def __init__(self, ctx: Context, units: Units, signatures: Signatures | None = None):
        self.ctx = ctx
        self.units = units
        self.signatures = signatures

    def check_file(
        self,
        path: str | Path,
        accept_visible: bool = False,
        replace: bool = False,
        options: ImportOptions | None = None,
        declare: bool = False,
    ) -> FileVerdict:
        """Every check of an import, nothing stored: the verdict importing the file would give."""
        path = Path(path)
        try:
            reads = _BatchReads.read(self.ctx)
            plan = self._plan(path, options or default_options(accept_visible, replace, declare), {}, reads)
        except _Refused as refused:
            return refused.verdict
        return self._verdict(path, plan, stored=False)

    def check_files(
        self,
        paths: Iterable[str | Path],
        progress: Progress | None = None,
        options: dict[Path, ImportOptions] | None = None,
    ) -> list[FileVerdict]:
        """The verdicts importing the files as one batch would give (a second file of one unit and
        period included), nothing stored; a file without options is checked with the defaults (ask)."""
        with self.ctx.action():
            return self._batch(paths, ImportOptions(), options, progress, stored=False)

    def import_files(
        self,
        paths: Iterable[str | Path],
        accept_visible: bool = False,
        replace: bool = False,
        progress: Progress | None = None,
        options: dict[Path, ImportOptions] | None = None,
        declare: bool = False,
    ) -> list[FileVerdict]:
        """Import each file in its own transaction; one verdict per file, in the order given.

        A second file of the same unit and period in the batch is refused. `options` holds the
        person's choices per file; a file without options takes the keyword arguments (the command
        line's): with `replace` (--yes) a period already holding figures is replaced, else refused;
        with `declare` (--yes) an unknown unit is declared a child from the file's header."""
        default = default_options(accept_visible, replace, declare)
        with self.ctx.action():
            return self._batch(paths, default, options, progress, stored=True)

    def _batch(
        self,
        paths: Iterable[str | Path],
        default: ImportOptions,
        options: dict[Path, ImportOptions] | None,
        progress: Progress | None,
        stored: bool,
    ) -> list[FileVerdict]:
        files = [Path(path) for path in paths]
        chosen = {Path(path): option for path, option in (options or {}).items()}
        doing = "Đang nhập tệp" if stored else "Đang kiểm tra tệp"
        seen: dict[tuple[str, str], str] = {}  # (unit, entry period) → the file of the batch that has it
        verdicts: list[FileVerdict] = []
        if not stored:
            annex_parses.forget()  # the parses of an earlier check are not this one's
        if self.signatures is not None:
            self.signatures.forget_folders()  # a report PDF placed beside an annex since the last batch is seen
        reads = _BatchReads.read(self.ctx, keep=not stored, take=stored)
        for index, path in enumerate(files, 1):
            if progress is not None:
                try:
                    progress.checkpoint()
                except Cancelled:
                    raise ImportCancelled(verdicts, len(files), stored) from None
                progress.report((index - 1) / max(len(files), 1), f"{doing} {index}/{len(files)}: {path.name}…")
            try:
                plan = self._plan(path, chosen.get(path, default), seen, reads)
            except _Refused as refused:
                verdicts.append(refused.verdict)
                continue
            if stored:
                try:
                    self._store(plan, path, reads)
                except _Refused as refused:
                    verdicts.append(refused.verdict)
                    continue
                except UserError as exc:
                    verdicts.append(self._refusal(path, str(exc), plan.unit.code, plan.unit.name, str(plan.period)))
                    continue
            verdicts.append(self._verdict(path, plan, stored=stored))
        if progress is not None:
            progress.report(1.0, f"Đã xử lý {len(files)} tệp.")
        return verdicts

    def _store(self, plan: _Plan, path: Path, reads: _BatchReads) -> None:
        """One transaction: the unit declared from the file's header (if asked), then its values.

        It holds this unit's write lock (its submission holds it too), then the child's, and decides
        again inside what the checks before it read: this unit's submitted periods, and that the child
        still holds what the plan saw (another import of the same unit and period may have been stored
        since: this file is then refused, not silently stored over it). What it decides on is read once,
        after both locks: both units' submitted periods in one query, the child's values of the file's
        periods in another, handed to the write."""
        name, periods = path.name, list(plan.texts)

        def refuse(message: str) -> _Refused:
            return _Refused(self._refusal(path, message, plan.unit.code, plan.unit.name, str(plan.period)))

        parent = reads.parent
        with store.locked_units(parent):
            if plan.declare is not None:
                check_parent_lock(self.ctx, plan.texts, plan.period, name, refuse)
                declare_child(self.ctx, self.units, plan.declare)
                declared = store.unit_by_code(plan.declare["code"])
                assert declared is not None  # declared just above, in this transaction
                plan.unit = declared
                reads.children[normal_code(plan.unit.code)] = plan.unit
            store.lock_unit(plan.unit)  # inside this transaction: no savepoint of its own
            decided = store.import_reads([parent, plan.unit], plan.unit, periods)
            submitted = decided.submitted
            if plan.declare is None:
                locks = self.ctx.submitted(parent, submitted.get(parent.id, []))
                check_parent_lock(self.ctx, plan.texts, plan.period, name, refuse, locks)
            held = decided.texts
            current = store.fingerprint_of(held)
            if plan.expected is not None and current != plan.expected:
                refused = refuse(meanwhile_message(plan.unit, plan.period, periods, name, IMPORT_ACTION))
                refused.verdict.holding, refused.verdict.held = bool(current), current
                raise refused
            store.import_unit_periods(
                plan.unit,
                plan.texts,
                plan.version,
                IMPORT_ACTION,
                plan.source,
                plan.notes,
                stored=held,
                submitted=submitted.get(plan.unit.id, []),
                explained=decided.explanations,
            )

    # ----- the checks ----------------------------------------------------------------------
    def _plan(self, path: Path, options: ImportOptions, seen: dict[tuple[str, str], str], reads: _BatchReads) -> _Plan:
        name = file_name(path)
        try:
            content = annex_parses.read(path, keep=reads.keep, take=reads.take)
        except UserError as exc:
            raise _Refused(self._refusal(path, str(exc))) from None
        header = content.header
        code, unit_name = normal_code(header.get("unit_code", "")), quoted(header.get("unit_name", ""), 200)
        period_text = quoted(header.get("period", ""), 20)

        said = ["", ""]  # the signatures' words, once known: a refusal after that says them too

        def refuse(message: str) -> _Refused:
            verdict = self._refusal(path, message, quoted(code, 60), unit_name, period_text)
            verdict.signature, verdict.report = said
            return _Refused(verdict)

        if not content.checksum_ok:
            raise refuse(tampered_message(content, name, path))
        signature, report = said[:] = self._signatures(path, content, name, unit_name or quoted(code, 60), refuse)
        version = header.get("template_version", "")
        if not self.ctx.templates.has(version):
            raise refuse(
                f"Tệp {name} được lập theo mẫu báo cáo phiên bản {quoted(version, 40) or '?'}, máy này chưa cài mẫu "
                "đó. Hãy cài mẫu (Tệp → Cài mẫu báo cáo…, hoặc lệnh cchc template install) rồi nhập lại."
            )
        try:
            period = parse_period(header.get("period", ""))
        except UserError:
            raise refuse(f"Tệp {name}: kỳ báo cáo “{period_text}” ghi trong tệp không hợp lệ.") from None
        unit = reads.children.get(code) if code else None
        outside = outside_validity(unit, period) if unit is not None else None
        if outside:
            raise refuse(
                f"Tệp {name}: {outside} Hãy đề nghị đơn vị mới gửi phụ lục, hoặc sửa ngày hoạt động của đơn vị "
                "(Đơn vị → Đơn vị trực thuộc) nếu ngày đã ghi sai."
            )
        declare = None
        if unit is None:  # declared a child from the header once the person confirms
            try:
                declare = declaration(self.ctx, self.units, content, name)
            except UserError as exc:
                raise refuse(str(exc)) from None
            known = store.unit_by_code(declare["code"])
            unit = unit_from_fields(declare, id=known.id if known is not None else 0)
        template = self.ctx.templates.version(version)
        texts = file_texts(content, name, unit, period, template, refuse)
        notes = file_explanations(content, name, unit, texts, template, refuse)
        check_parent_lock(self.ctx, texts, period, name, refuse, reads.locks)
        changed = content.changed if options.visible != "exported" else []
        if changed and options.visible == "visible":
            take_visible(changed, texts, unit, template, refuse)
        stored = store.values_fingerprint(unit, list(texts))
        holding = bool(stored)
        if declare is not None and not options.declare:
            listing = changed_listing(changed) if options.visible == "ask" else []
            count = sum(len(v) for v in texts.values())
            message = unknown_unit_message(self.ctx, self.units, name, header, declare)
            raise _Refused(
                FileVerdict(
                    path, "unknown_unit", message, unit.code, unit.name, str(period), count, listing, holding, True
                )
            )
        if changed and options.visible == "ask":
            listing = changed_listing(changed)
            shown = "; ".join(f"{label}: xuất {before}, nay {now}" for label, before, now in listing[:5])
            more = f" (và {len(listing) - 5} ô khác)" if len(listing) > 5 else ""
            sums = [cell for cell in changed if not takeable(cell, texts, unit, template)]
            how = (
                "Hãy chọn số nào đúng (dòng lệnh: --accept-visible để nhận số đang hiển thị), hoặc đề nghị đơn vị "
                "gửi lại tệp."
                if not sums
                else f"{cell_start(sums[0])} là số tổng hợp (cộng các tháng, cùng kỳ hoặc lũy kế) nên không nhận "
                "số đang hiển thị được: chỉ có thể giữ số đã xuất (trong cửa sổ), hoặc đề nghị đơn vị sửa số liệu "
                "rồi gửi lại tệp."
            )
            raise _Refused(
                FileVerdict(
                    path,
                    "needs_choice",
                    f"Tệp {name}: {len(listing)} số trên trang phụ lục đã bị sửa trong Excel sau khi xuất — "
                    f"{shown}{more}. {how}",
                    unit.code,
                    unit.name,
                    str(period),
                    sum(len(v) for v in texts.values()),
                    listing,
                    holding,
                    declare is not None,
                    not sums,
                )
            )
        version = map_version(self.ctx, texts, template, period, name, refuse)
        keys = {(unit.code, entry) for entry in texts}  # a month's file and its quarter's overlap too
        first = next((seen[key] for key in sorted(keys) if key in seen), None)
        if first is not None:
            raise refuse(
                f"Tệp {name}: tệp {first} ở trên cũng mang số liệu của {unit.name} cho {period.label()}; chỉ xét "
                f"tệp {first}, tệp này không được nhập. Nếu tệp này mới đúng, hãy nhập riêng nó (số đã nhập sẽ được "
                "thay sau khi xác nhận)."
            )
        seen.update(dict.fromkeys(keys, name))
        if holding and not options.replace:
            refused = refuse(
                f"Tệp {name}: đã có số liệu của {unit.name} {period.label()} trong cơ sở dữ liệu; tệp không được "
                "nhập. Muốn thay số liệu cũ bằng số liệu của tệp thì xác nhận thay (dòng lệnh: dùng --yes để thay); "
                "số liệu cũ vẫn được giữ trong nhật ký thay đổi."
            )
            refused.verdict.holding, refused.verdict.new_unit, refused.verdict.held = True, declare is not None, stored
            raise refused
        # What must still be stored when the file is: what this check saw; with a replacement agreed in the
        # window, what the person saw and agreed to replace; with --yes, whatever is stored then (None).
        expected = options.replacing if options.replace else stored
        source = self._source(path, header)
        return _Plan(unit, period, texts, version, holding, source, declare, notes, stored, expected, signature, report)

    def _signatures(self, path: Path, content, name: str, unit: str, refuse) -> tuple[str, str]:
        """The annex's signature in words, and the verdict on the unit's signed report placed beside it. A
        signed annex whose data no longer matches its signature is refused, naming the unit and the signer."""
        if self.signatures is None:
            return "", ""
        verdict = self.signatures.annex_verdict(content)
        header = content.header
        if verdict is not None and not (verdict.readable and verdict.intact):
            signer = verdict.signer.words() if verdict.signer else "không đọc được chứng thư"
            log.warning("annex %s refused: its signature does not match its data", path)
            raise refuse(
                f"Tệp {name} của {unit}: phụ lục đã được ký số nhưng số liệu trong tệp không còn khớp với chữ ký "
                f"(chứng thư số: {signer}) — tệp đã bị sửa sau khi ký. Không nhập; hãy đề nghị đơn vị gửi lại "
                "tệp phụ lục đã ký."
            )
        signature = "chưa ký số" if verdict is None else verdict.words()
        other = self.signatures.other_unit(content, verdict)
        if other:
            signature += f" — {other}"
        report = self.signatures.report_beside(path, header.get("unit_code", ""), header.get("period", ""))
        return signature, report

    # ----- verdicts ------------------------------------------------------------------------
    @staticmethod
    def _source(path: Path, header: dict[str, str]) -> str:
        try:
            modified = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0).isoformat(sep=" ")
        except OSError:
            modified = ""
        data: dict[str, object] = {
            "file": path.name,
            "modified": modified,
            "exported_at": header.get("exported_at", ""),
        }
        if header.get("submitted") in ("yes", "no"):  # older files do not say: unknown
            data["submitted"] = header["submitted"] == "yes"
            data["submitted_at"] = header.get("submitted_at", "")
        return json.dumps(data, ensure_ascii=False)

    @staticmethod
    def _refusal(path: Path, message: str, code: str = "", name: str = "", period: str = "") -> FileVerdict:
        return FileVerdict(path, "refused", message, code, name, period)

    @staticmethod
    def _verdict(path: Path, plan: _Plan, stored: bool) -> FileVerdict:
        count = sum(len(texts) for texts in plan.texts.values())
        what = f"{plan.unit.name} {plan.period.label()}, {count} giá trị"
        if plan.replaces:
            message = f"Đã nhập, thay số liệu cũ: {what}." if stored else f"Sẽ thay số liệu cũ: {what}."
        else:
            message = f"Đã nhập: {what}." if stored else f"Có thể nhập: {what}."
        if plan.declare is not None:
            added = f"thêm đơn vị trực thuộc {plan.unit.name} (mã {plan.unit.code})"
            message = f"{message[:-1]}; {'đã ' if stored else 'sẽ '}{added}."
        status = "replaced" if plan.replaces else "imported"
        return FileVerdict(
            path,
            status,
            message,
            plan.unit.code,
            plan.unit.name,
            str(plan.period),
            count,
            holding=plan.replaces,
            new_unit=plan.declare is not None,
            held=plan.held,
            signature=plan.signature,
            report=plan.report,
        )
