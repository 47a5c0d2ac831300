"""Tệp → Ký số báo cáo…: the report PDF (and, if wanted, the annex) signed with the unit's certificate on its
USB token or in a .p12 file. The PIN is read from the dialog for one attempt and then forgotten: it is not
kept by this presenter, written anywhere or logged. Signing runs off the window's thread."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.infra.progress import Progress
from cchc_desktop.app.usecases.signatures import KeySource, Signatures, SignResult

TITLE = "Ký số báo cáo"
MENU_LABEL = f"{TITLE}…"
KINDS = (("pkcs11", "Thiết bị ký số (USB token)"), ("pkcs12", "Tệp chứng thư số (.p12, .pfx)"))
SECRET_LABELS = {"pkcs11": "Mã PIN của thiết bị:", "pkcs12": "Mật khẩu của tệp:"}
PATH_LABELS = {"pkcs11": "Thư viện PKCS#11 của thiết bị:", "pkcs12": "Tệp chứng thư số:"}
PDF_TYPES = [("Báo cáo PDF (.pdf)", "*.pdf"), ("Mọi tệp", "*")]
XLSX_TYPES = [("Phụ lục Excel (.xlsx)", "*.xlsx"), ("Mọi tệp", "*")]
KEY_TYPES = {
    "pkcs11": [("Thư viện PKCS#11 (.dll, .so)", "*.dll *.so"), ("Mọi tệp", "*")],
    "pkcs12": [("Tệp chứng thư số (.p12, .pfx)", "*.p12 *.pfx"), ("Mọi tệp", "*")],
}
NO_LIBRARY = (
    "Chưa tìm thấy thư viện PKCS#11 của thiết bị ký số trên máy này. Cài phần mềm (driver) của USB token, hoặc "
    "bấm Chọn… và chọn tệp .dll của thiết bị trong C:\\Windows\\System32 (Hướng dẫn sử dụng, mục Ký số báo cáo)."
)
HINT = (
    "Mã PIN (hoặc mật khẩu) chỉ dùng cho lần ký này, không được lưu ở đâu. Tệp đã ký được ghi bên cạnh tệp gốc "
    "(…-da-ky.pdf); tệp gốc giữ nguyên. Chương trình không gửi gì ra ngoài máy."
)


class SignView(Protocol):
    def show_choices(self, report: str, annex: str, kind: str, key_path: str, libraries: list[str], note: str) -> None:
        """The files proposed, where the key was last time, the token libraries found on this computer, and
        what to know first ("" nothing)."""

    def run_job(self, progress: Progress, work, on_done, on_failed) -> None: ...

    def show_problem(self, text: str) -> None:
        """Why nothing was signed (the dialog stays open for another try; the PIN field is emptied)."""

    def show_signed(self, lines: list[str]) -> None: ...


class SignPresenter:
    def __init__(self, signatures: Signatures, view: SignView, report: Path | None, annex: Path | None):
        self.signatures, self.view = signatures, view
        self.report, self.annex = report, annex
        self.results: list[SignResult] = []
        self.busy = False

    def start(self) -> None:
        kind, key_path = self.signatures.remembered()
        libraries = [str(path) for path in self.signatures.token_libraries()]
        if kind == "pkcs11" and not key_path and libraries:
            key_path = libraries[0]
        note = "" if libraries or key_path else NO_LIBRARY
        report, annex = (str(path) if path else "" for path in (self.report, self.annex))
        self.view.show_choices(report, annex, kind, key_path, libraries, note)

    def sign(self, report: str, annex: str, kind: str, key_path: str, secret: str) -> None:
        """Ký: check what can be checked here, then sign off the window's thread."""
        if self.busy:
            return
        files = [Path(name.strip()) for name in (report, annex) if name.strip()]
        try:
            if not report.strip():
                raise UserError("Hãy chọn báo cáo PDF cần ký.")
            self.signatures.check_files(files)
            if not key_path.strip():
                words = "thư viện PKCS#11 của thiết bị ký số" if kind == "pkcs11" else "tệp chứng thư số .p12/.pfx"
                raise UserError(f"Hãy chọn {words}.")
            if not secret:
                words = "mã PIN của thiết bị ký số" if kind == "pkcs11" else "mật khẩu của tệp chứng thư số"
                raise UserError(f"Hãy nhập {words}.")
            path = Path(key_path.strip())
            source = KeySource(pkcs11=path) if kind == "pkcs11" else KeySource(pkcs12=path)
        except UserError as exc:
            self.view.show_problem(str(exc))
            return
        self.signatures.remember(kind, str(path))
        progress = Progress("Đang mở chứng thư số…")
        progress.checkpoint(last=True)  # a signature is written whole or not at all: nothing to cancel midway
        self.busy = True
        done = iter(range(len(files)))

        def step(text: str) -> None:
            progress.report((next(done, len(files) - 1) + 0.5) / len(files), text)

        def work() -> list[SignResult]:
            return self.signatures.sign(source, secret, files, step=step)

        self.view.run_job(progress, work, self._done, self._failed)

    def _done(self, results: list[SignResult]) -> None:
        self.busy = False
        self.results = results
        lines = [result.line(full=False) for result in results]
        folders = sorted({str(result.path.parent) for result in results})
        lines.append(f"Tệp đã ký nằm cùng thư mục với tệp gốc: {'; '.join(folders)}.")
        grown = sum(result.size_after - result.size_before for result in results)
        lines.append(f"Các tệp đã ký lớn thêm {max(grown, 0) // 1024 + 1} KB. Gửi các tệp …-da-ky lên cấp trên.")
        self.view.show_signed(lines)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, UserError):
            self.view.show_problem(str(error))
            return
        self.view.show_problem("Lỗi chương trình khi ký — đã ghi vào nhật ký. Chưa có tệp nào được ký.")
