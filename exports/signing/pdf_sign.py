"""A PAdES signature on a PDF (baseline B-B; B-T when a timestamp server is given): an incremental update,
so the pages stay byte for byte what was printed. The report's stamp (signer, organisation, time: the
digital signature's image of Nghị định 30, Phụ lục I) goes into the room between the signer's title and
name that the PDF writer marked; a PDF without that mark (an annex printed to PDF, a file of another
program) gets an invisible signature. The signed file is written beside the original, completely or not
at all."""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from exports.atomic import atomic_write
from exports.signing.credentials import OpenKey, is_token_failure, token_failure
from exports.signing.errors import SigningError, read_limited
from exports.signing.marks import SignatureBox, read_marks
from exports.signing.stamp import stamp_lines, stamp_pdf

log = logging.getLogger(__name__)

FIELD_NAME = "ChuKySo"
MAX_PDF = 200 * 1024 * 1024
SIGNED_SUFFIX = "-da-ky"


@dataclass(frozen=True)
class SignedPdf:
    path: Path
    visible: bool  # the stamp is on the page (False: the file had no place marked for it)
    page: int | None  # 1-based page of the stamp
    signed_at: datetime
    size_before: int
    size_after: int


def http_timestamper(url: str):
    """An RFC 3161 timestamp server's client (PAdES B-T): used only when the office configured a server."""
    if not url.lower().startswith(("http://", "https://")):
        raise SigningError(f"Địa chỉ máy chủ dấu thời gian «{url[:200]}» không hợp lệ (cần http:// hoặc https://).")
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url)


def signed_name(source: Path) -> Path:
    """«bao-cao.pdf» → «bao-cao-da-ky.pdf», beside it."""
    return source.with_name(f"{source.stem}{SIGNED_SUFFIX}{source.suffix or '.pdf'}")


def read_pdf_bytes(path: Path) -> bytes:
    return read_limited(path, MAX_PDF, "tệp PDF cần ký (tối đa 200 MB)")


def open_pdf(data: bytes, name: str):
    """pyHanko's reader over data; SigningError for a file that is not a readable PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise SigningError(f"Tệp {name} không phải là tệp PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root  # noqa: B018 - parse the catalogue now: a broken file is refused here
    except Exception as exc:
        log.warning("PDF %s unreadable: %r", name, exc)
        raise SigningError(f"Tệp {name} bị hỏng: không đọc được cấu trúc PDF.") from None
    if reader.encrypted:
        raise SigningError(f"Tệp {name} có đặt mật khẩu; hãy bỏ mật khẩu rồi ký.")
    return reader


def xmp_of(reader) -> bytes | None:
    try:
        metadata = reader.root.get("/Metadata")
        return metadata.get_object().data if metadata is not None else None
    except Exception as exc:
        log.info("no readable XMP: %r", exc)
        return None


def sign_pdf(
    source: Path,
    target: Path,
    key: OpenKey,
    clock: Callable[[], datetime],
    *,
    visible: bool = True,
    timestamper=None,
) -> SignedPdf:
    """Sign source into target (atomically); SigningError when nothing could be signed or written."""
    data = read_pdf_bytes(source)
    reader = open_pdf(data, source.name)
    box = read_marks(xmp_of(reader)).box if visible else None
    if box is not None and _signed_already(reader):
        box = None  # the room holds the first signer's stamp: a second one there would be drawn over it
    if box is not None and not _box_fits(reader, box):
        log.warning("signature box %s outside %s; signing invisibly", box, source.name)
        box = None
    moment = clock()
    try:
        signed = _signed_bytes(data, reader, key, moment, box, timestamper)
    except SigningError:
        raise
    except Exception as exc:
        if is_token_failure(exc):
            raise token_failure(exc) from None
        log.exception("signing %s failed", source.name)
        raise SigningError(
            f"Không ký được tệp {source.name}: {_reason(exc)}. Chưa có tệp nào được ghi; chi tiết đã ghi vào nhật ký."
        ) from None
    path = atomic_write(target, lambda temp: temp.write_bytes(signed))
    return SignedPdf(path, box is not None, box.page + 1 if box else None, moment, len(data), len(signed))


def _reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "key usage" in text or "keyusage" in text:
        return "chứng thư số không được phép dùng để ký văn bản"
    return "lỗi khi tạo chữ ký"


def _signed_already(reader) -> bool:
    try:
        return any(True for _ in reader.embedded_signatures)
    except Exception:
        return False


def _box_fits(reader, box: SignatureBox) -> bool:
    try:
        pages = int(reader.root["/Pages"]["/Count"])
    except Exception:
        return False
    return box.page < pages


def _signed_bytes(data, reader, key: OpenKey, moment, box, timestamper) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    name = _free_field_name(reader)
    meta = signers.PdfSignatureMetadata(
        field_name=name, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES, name=key.summary.name
    )
    spec = (
        fields.SigFieldSpec(name, on_page=box.page, box=(box.left, box.bottom, box.right, box.top))
        if box is not None
        else fields.SigFieldSpec(name)
    )
    with tempfile.TemporaryDirectory(prefix="cchc-ky-") as folder:
        style = None
        if box is not None:
            stamp_file = Path(folder) / "dau-chu-ky.pdf"
            lines = stamp_lines(key.summary.name, key.summary.organisation, moment)
            stamp_file.write_bytes(stamp_pdf(box, lines))
            style = _stamp_style(stamp_file)
        signer = _ClockedPdfSigner(
            moment, meta, signer=key.signer, timestamper=timestamper, stamp_style=style, new_field_spec=spec
        )
        out = io.BytesIO()
        signer.sign_pdf(writer, output=out)
    return out.getvalue()


def _free_field_name(reader) -> str:
    """ChuKySo, or ChuKySo2… when the file is signed already (a second signer: KT. CHỦ TỊCH, then the seal)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        taken = {name for name, *_ in enumerate_sig_fields(reader, filled_status=None)}
    except Exception:
        taken = set()
    name, number = FIELD_NAME, 1
    while name in taken:
        number += 1
        name = f"{FIELD_NAME}{number}"
    return name


def _stamp_style(stamp_file: Path):
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle.from_pdf_file(str(stamp_file), border_width=0)


def _clocked_signer_class():
    from pyhanko.sign import signers

    class ClockedPdfSigner(signers.PdfSigner):
        """pyHanko's signer with the signing time from our clock (tests and the stamp agree on it)."""

        def __init__(self, moment: datetime, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._moment = moment

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = self._moment
            return session

    return ClockedPdfSigner


def _ClockedPdfSigner(moment, *args, **kwargs):  # noqa: N802 - built on first use: pyHanko loads when signing
    return _clocked_signer_class()(moment, *args, **kwargs)
