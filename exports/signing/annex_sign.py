"""The unit's signature on its annex workbook: a detached CMS over the `_cchc` header's canonical lines
(which hold the SHA-256 of every value and giải trình), kept in the file itself as the data sheet's last
section, so it travels with the annex through e-mail and survives Excel opening and saving the file. The
rest of the package is copied byte for byte."""

from __future__ import annotations

import base64
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from exports.annex_format import SHEET_DATA, SIGNATURE_HEADER, SIGNATURE_KIND
from exports.annex_reader import AnnexContent, read_annex
from exports.atomic import atomic_write
from exports.checksum import signed_content
from exports.signing.cms_data import DataVerdict, sign_data, verify_data
from exports.signing.credentials import OpenKey
from exports.signing.errors import SigningError
from exports.xlsx_guard import check_archive, column_letters, workbook_sheets

CHUNK = 32000  # characters a cell holds, as the annex writer splits long texts
COPY_CHUNK = 1 << 20  # bytes of a member copied at a time (as the annex writer; its module loads openpyxl)
_ROW = re.compile(rb'<row r="(\d+)"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+\d+):([A-Z]+)(\d+)"\s*/>')


@dataclass(frozen=True)
class SignedAnnex:
    path: Path
    signed_at: datetime
    size_before: int
    size_after: int


def sign_annex(source: Path, target: Path, key: OpenKey, clock: Callable[[], datetime]) -> SignedAnnex:
    """Sign the annex at source into target; refused (SigningError) for a file altered since its export."""
    content = read_annex(source)
    name = source.name
    if not content.checksum_ok:
        raise SigningError(f"Tệp {name} đã bị sửa sau khi xuất (mã kiểm tra không khớp); hãy xuất lại phụ lục rồi ký.")
    if content.changed:
        raise SigningError(
            f"Tệp {name}: số trên trang phụ lục đã bị sửa sau khi xuất ({content.changed[0].place}); hãy xuất lại "
            "phụ lục rồi ký."
        )
    if content.signature is not None:
        raise SigningError(f"Tệp {name} đã được ký số rồi.")
    moment = clock()
    der = sign_data(key, signed_content(content.header), moment)
    text = base64.b64encode(der).decode("ascii")
    before = source.stat().st_size
    path = atomic_write(target, lambda temp: _write(source, temp, text))
    return SignedAnnex(path, moment, before, path.stat().st_size)


def annex_verdict(
    content: AnnexContent, roots: list, moment: datetime, crls: list[bytes] | None = None
) -> DataVerdict | None:
    """The signature's verdict, or None for an unsigned annex."""
    if content.signature is None:
        return None
    kind, text = content.signature
    if kind != SIGNATURE_KIND:
        return DataVerdict(False, None, False, readable=False)
    try:
        der = base64.b64decode(text, validate=True)
    except ValueError:
        return DataVerdict(False, None, False, readable=False)
    return verify_data(signed_content(content.header), der, roots, moment, crls)


def _write(source: Path, temp: Path, signature: str) -> None:
    with source.open("rb") as handle, check_archive(handle, source.name) as archive:
        part = workbook_sheets(archive, source.name)[SHEET_DATA].path
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                if info.filename == part:
                    out.writestr(info, _with_signature(archive.read(info), signature), zipfile.ZIP_DEFLATED)
                    continue
                with archive.open(info) as reading, out.open(info, "w") as writing:
                    shutil.copyfileobj(reading, writing, COPY_CHUNK)


def _with_signature(xml: bytes, signature: str) -> bytes:
    rows = _ROW.findall(xml)
    last = int(rows[-1]) if rows else 0
    end = xml.rfind(b"</sheetData>")
    if end < 0:
        raise SigningError("Trang dữ liệu của phụ lục không đúng cấu trúc; hãy xuất lại phụ lục rồi ký.")
    chunks = [signature[i : i + CHUNK] for i in range(0, len(signature), CHUNK)]
    added = _row(last + 2, SIGNATURE_HEADER) + _row(last + 3, (SIGNATURE_KIND, *chunks))
    xml = xml[:end] + added + xml[end:]
    return _DIMENSION.sub(lambda m: b'<dimension ref="%s:%s%d"/>' % (m.group(1), m.group(2), last + 3), xml, count=1)


def _row(number: int, texts: tuple[str, ...]) -> bytes:
    cells = "".join(
        f'<c r="{column_letters(index)}{number}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        for index, text in enumerate(texts, 1)
    )
    return f'<row r="{number}">{cells}</row>'.encode()
