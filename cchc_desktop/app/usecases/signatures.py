"""Digital signatures for the unit and the level above (issue 22): sign the report PDF and the annex with the
unit's certificate, verify a signed file, keep the office's trust roots, and say at import whether an
annex (and the report placed beside it) is signed and intact. The cryptography is exports.signing's."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cchc_desktop.app.usecases.onestop_match import plain_name
from exports.signing.certificates import CertSummary
from exports.signing.credentials import KeySource
from exports.signing.errors import SigningError
from forms.safe_text import quoted

log = logging.getLogger(__name__)

TRUST_FOLDER = "chung-thu-tin-cay"
CHOICE_FILE = "ky-so.json"  # where the key was last time (a library or a .p12 path; never a PIN)
SIGNABLE = {".pdf": "báo cáo PDF", ".xlsx": "phụ lục Excel"}
MAX_BESIDE = 200  # PDF files looked at beside an annex
MAX_BESIDE_SIZE = 20 * 1024 * 1024  # a report of ours is well under 1 MB; a scanned document is not one
MAX_BESIDE_TOTAL = 200 * 1024 * 1024  # bytes read in one folder, at most

__all__ = ["KeySource", "SignResult", "Signatures", "SigningError", "Verification"]


@dataclass(frozen=True)
class SignResult:
    source: Path
    path: Path
    kind: str  # "pdf" | "xlsx"
    visible: bool
    page: int | None
    size_before: int
    size_after: int

    def line(self, full: bool = True) -> str:
        """What was signed, where the signed file is (its whole path, or its name when the folder is said)."""
        if self.kind == "xlsx":
            where = "chữ ký nằm trong trang dữ liệu của phụ lục"
        elif self.visible:
            where = f"hình chữ ký số ở trang {self.page}, chỗ ký của người ký"
        else:
            where = (
                "chữ ký số không hiện hình trên trang: tệp đã có chữ ký, hoặc không có chỗ ký do chương trình đánh dấu"
            )
        return f"Đã ký {self.source.name} → {self.path if full else self.path.name} ({where})."


@dataclass
class Verification:
    name: str
    ok: bool
    lines: list[str] = field(default_factory=list)


def timestamper(url: str | None):
    """pyHanko's client of the timestamp server at url (None: no timestamp, nothing leaves the computer)."""
    if not url:
        return None
    from exports.signing.pdf_sign import http_timestamper

    return http_timestamper(url)


def aware(moment: datetime) -> datetime:
    """A clock's moment with its time zone (the computer's when the clock gives local time)."""
    return moment if moment.tzinfo is not None else moment.astimezone()


class Signatures:
    """Signing and checking, with the trust roots installed in the data folder."""

    def __init__(self, data_folder: Path, clock: Callable[[], datetime]):
        self.data_folder = data_folder
        self.trust_folder = data_folder / TRUST_FOLDER
        self.clock = clock
        self._beside: dict[Path, list[tuple[str, str, Path]]] = {}

    def now(self) -> datetime:
        return aware(self.clock())

    # ----- where the key is (remembered on this computer, never the PIN) --------------------------------
    def remembered(self) -> tuple[str, str]:
        """("pkcs11" | "pkcs12", path) chosen last time on this computer; ("pkcs11", "") the first time."""
        import json

        try:
            data = json.loads((self.data_folder / CHOICE_FILE).read_text(encoding="utf-8"))
            kind, path = str(data.get("kind", "pkcs11")), str(data.get("path", ""))
        except (OSError, ValueError, AttributeError):
            return "pkcs11", ""
        return (kind if kind in ("pkcs11", "pkcs12") else "pkcs11"), path

    def remember(self, kind: str, path: str) -> None:
        import json

        try:
            self.data_folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"kind": kind, "path": path}, ensure_ascii=False)
            (self.data_folder / CHOICE_FILE).write_text(text, encoding="utf-8")
        except OSError as exc:  # only a convenience: signing goes on
            log.warning("signing choice not remembered: %s", exc)

    @staticmethod
    def token_libraries() -> list[Path]:
        from exports.signing.libraries import candidate_libraries

        return candidate_libraries()

    # ----- trust roots -------------------------------------------------------------------------
    def _store(self):
        from exports.signing.trust import TrustStore

        return TrustStore(self.trust_folder)

    def trust_add(self, path: Path) -> list[tuple[CertSummary, bool]]:
        return self._store().add(Path(path))

    def trust_list(self) -> list[CertSummary]:
        return self._store().summaries()

    def roots(self) -> list:
        return self._store().certificates()

    # ----- signing -------------------------------------------------------------------------------
    @staticmethod
    def check_files(files: list[Path], output: Path | None = None) -> None:
        """Refuse what cannot be signed before the PIN is asked: a missing file, another kind of file."""
        if not files:
            raise SigningError("Hãy chọn tệp cần ký.")
        if output is not None and len(files) > 1:
            raise SigningError("Chỉ đặt được tên tệp đã ký (-o) khi ký một tệp.")
        for path in files:
            if path.suffix.lower() not in SIGNABLE:
                raise SigningError(
                    f"Tệp {quoted(path.name, 120)}: chỉ ký được báo cáo PDF (.pdf) và phụ lục Excel (.xlsx) do "
                    "chương trình xuất."
                )
            if not path.is_file():
                raise SigningError(f"Không thấy tệp {path}.")

    @staticmethod
    def signed_path(source: Path) -> Path:
        from exports.signing.pdf_sign import signed_name

        return signed_name(source)

    def sign(
        self,
        source: KeySource,
        secret: str,
        files: list[Path],
        output: Path | None = None,
        step: Callable[[str], None] | None = None,
        tsa_url: str | None = None,
    ) -> list[SignResult]:
        """Sign each file with the key of source (unlocked once); a file written completely or not at all.
        A failure stops at the file it happened to; the files signed before it stay signed. `tsa_url`: a
        timestamp server the office configured (PAdES B-T); offline (B-B) without one."""
        from exports.signing.annex_sign import sign_annex
        from exports.signing.credentials import open_key
        from exports.signing.pdf_sign import sign_pdf

        files = [Path(path) for path in files]
        self.check_files(files, output)
        results = []
        stamper = timestamper(tsa_url)
        with open_key(source, secret, self.now()) as key:
            for path in files:
                target = Path(output) if output is not None else self.signed_path(path)
                if target.resolve() == path.resolve():
                    raise SigningError("Tệp đã ký phải khác tệp gốc; hãy đặt tên khác.")
                if step is not None:
                    step(f"Đang ký {path.name}…")
                if path.suffix.lower() == ".pdf":
                    signed = sign_pdf(path, target, key, self.now, timestamper=stamper)
                    results.append(
                        SignResult(
                            path, signed.path, "pdf", signed.visible, signed.page, signed.size_before, signed.size_after
                        )
                    )
                else:
                    annex = sign_annex(path, target, key, self.now)
                    results.append(
                        SignResult(path, annex.path, "xlsx", False, None, annex.size_before, annex.size_after)
                    )
        return results

    # ----- verifying -----------------------------------------------------------------------------
    def verify(self, path: Path, crls: list[Path] | None = None) -> Verification:
        """Is the file intact and signed by a certificate whose chain reaches an installed root (and, with
        CRL files, not revoked)."""
        from exports.signing.certificates import read_crl

        path = Path(path)
        crl_data = [read_crl(Path(crl)) for crl in crls or []]
        if path.suffix.lower() == ".xlsx":
            return self._verify_annex(path, crl_data)
        from exports.signing.pdf_verify import verify_pdf

        verdict = verify_pdf(path, self.roots(), self.now(), crl_data)
        return Verification(path.name, verdict.ok, verdict.lines())

    def _verify_annex(self, path: Path, crls: list[bytes]) -> Verification:
        from exports.annex_reader import read_annex

        content = read_annex(path)
        head = f"Tệp {path.name}:"
        if not content.checksum_ok:
            return Verification(path.name, False, [head, "Phụ lục: ĐÃ BỊ SỬA — mã kiểm tra của phụ lục không khớp."])
        verdict = self.annex_verdict(content, crls)
        if verdict is None:
            return Verification(path.name, False, [head, "Phụ lục chưa ký số."])
        lines = [head, f"Số liệu đã ký: {'NGUYÊN VẸN' if verdict.intact else 'ĐÃ BỊ SỬA'} — {verdict.words()}."]
        if verdict.signer is not None:
            lines.append(f"  Người ký: {verdict.signer.words()}")
        if verdict.signed_at is not None:
            lines.append(f"  Thời điểm ký (theo máy của người ký): {verdict.signed_at:%H:%M:%S ngày %d/%m/%Y}")
        edited = content.changed
        if edited:
            lines.append(
                f"Trang phụ lục: ĐÃ BỊ SỬA — {len(edited)} số trên các trang in khác số đã ký (đầu tiên: "
                f"{edited[0].place}). Số đã ký là số trong trang dữ liệu; hãy đề nghị đơn vị xuất và ký lại."
            )
        other = self.other_unit(content, verdict)
        if other:
            lines.append(f"  Lưu ý: {other}")
        ok = verdict.intact and verdict.trusted and not verdict.revoked and not edited
        return Verification(path.name, ok, lines)

    def annex_verdict(self, content, crls: list[bytes] | None = None):
        """The annex's signature verdict (exports.signing.cms_data.DataVerdict), None when unsigned."""
        if content.signature is None:
            return None
        from exports.signing.annex_sign import annex_verdict

        return annex_verdict(content, self.roots(), self.now(), crls)

    @staticmethod
    def other_unit(content, verdict) -> str:
        """When the certificate names an organisation that is not the annex's unit: words saying so ("" else).
        Compared as the one-stop rows' unit names are: without diacritics, case or «UBND»/«Ủy ban nhân dân»."""
        signer = verdict.signer.organisation if verdict is not None and verdict.signer is not None else ""
        unit = content.header.get("unit_name", "")
        if not signer or not unit:
            return ""
        mine, theirs = plain_name(unit), plain_name(signer)
        if not mine or not theirs or mine in theirs or theirs in mine:
            return ""
        return f"người ký thuộc «{quoted(signer, 120)}», không phải đơn vị gửi phụ lục «{quoted(unit, 120)}»"

    def report_beside(self, annex: Path, unit_code: str, period: str) -> str:
        """The verdict of the unit's signed report PDF placed in the annex's folder ("" when none is there)."""
        found = [pdf for code, when, pdf in self._reports_in(annex.parent) if code == unit_code and when == period]
        if not found:
            return ""
        from exports.signing.pdf_verify import verify_pdf

        verdicts = [verify_pdf(pdf, self.roots(), self.now()) for pdf in found]
        signed = [v for v in verdicts if v.signatures or v.damaged] or verdicts
        best = signed[-1]
        return f"báo cáo {best.name}: {best.headline()}"

    def _reports_in(self, folder: Path) -> list[tuple[str, str, Path]]:
        """The report PDFs of a folder with their unit and period (from the marks the PDF writer left)."""
        folder = folder.resolve()
        if folder not in self._beside:
            from exports.signing.marks import NAMESPACE, read_marks
            from exports.signing.pdf_sign import open_pdf, xmp_of

            reports = []
            try:
                candidates = sorted(path for path in folder.iterdir() if path.suffix.lower() == ".pdf")[:MAX_BESIDE]
            except OSError:
                candidates = []
            budget = MAX_BESIDE_TOTAL
            for pdf in candidates:
                try:
                    size = pdf.stat().st_size
                    if size > MAX_BESIDE_SIZE or size > budget:
                        continue
                    budget -= size
                    data = pdf.read_bytes()
                    if NAMESPACE.encode() not in data:  # not a report of this program: not parsed
                        continue
                    marks = read_marks(xmp_of(open_pdf(data, pdf.name)))
                except (OSError, SigningError):
                    continue
                if marks.unit_code and marks.period:
                    reports.append((marks.unit_code, marks.period, pdf))
            self._beside[folder] = reports
        return self._beside[folder]

    def forget_folders(self) -> None:
        """A new batch: the folders are looked at again."""
        self._beside.clear()
