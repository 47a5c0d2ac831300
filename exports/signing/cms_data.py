"""A detached CMS (PKCS#7) signature over bytes — an annex's canonical data — and its check."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from exports.signing.certificates import CertSummary, summarize
from exports.signing.credentials import OpenKey, is_token_failure, token_failure
from exports.signing.errors import SigningError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DataVerdict:
    intact: bool  # the signature matches the data
    signer: CertSummary | None
    trusted: bool
    readable: bool = True  # False: the signature itself is damaged
    revoked: bool = False
    signed_at: datetime | None = None

    def words(self) -> str:
        who = self.signer.short() if self.signer else "không rõ người ký"
        if not self.readable:
            return "chữ ký số bị hỏng"
        if not self.intact:
            return f"ký số bởi {who} nhưng số liệu đã bị sửa sau khi ký"
        if self.revoked:
            return f"ký số bởi {who}, nhưng chứng thư số ĐÃ BỊ THU HỒI"
        if not self.trusted:
            return (
                f"đã ký số bởi {who} (chưa xác minh được chứng thư số: cài chứng thư gốc của tổ chức cấp bằng "
                "«cchc trust add»)"
            )
        return f"đã ký số bởi {who}"


def sign_data(key: OpenKey, data: bytes, moment: datetime) -> bytes:
    """The DER bytes of a detached CMS signature over data (SHA-256, signing time from our clock)."""
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    try:
        signed = asyncio.run(
            key.signer.async_sign_general_data(
                data, "sha256", detached=True, signed_attr_settings=PdfCMSSignedAttributes(signing_time=moment)
            )
        )
    except SigningError:
        raise
    except Exception as exc:
        if is_token_failure(exc):
            raise token_failure(exc) from None
        log.exception("CMS signature failed")
        raise SigningError("Không ký được số liệu của phụ lục; chi tiết đã ghi vào nhật ký.") from None
    return signed.dump()


def verify_data(
    data: bytes, signature: bytes, roots: list, moment: datetime, crls: list[bytes] | None = None
) -> DataVerdict:
    """Does signature (DER) sign data, by whom, and does the signer's chain reach one of roots at moment."""
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    from exports.signing.pdf_verify import validation_context

    try:
        info = cms.ContentInfo.load(signature)
        signed_data = info["content"]
        certs = [c.chosen for c in signed_data["certificates"]]
        sid = signed_data["signer_infos"][0]["sid"].chosen
        signer = next(
            (
                summarize(c)
                for c in certs
                if c.serial_number == sid["serial_number"].native and c.issuer == sid["issuer"]
            ),
            None,
        )
    except Exception as exc:
        log.warning("annex signature unreadable: %r", exc)
        return DataVerdict(False, None, False, readable=False)
    context = validation_context(roots, moment, list(crls or []))
    try:
        status = asyncio.run(async_validate_detached_cms(data, signed_data, signer_validation_context=context))
    except Exception as exc:
        log.warning("annex signature not verifiable: %r", exc)
        return DataVerdict(False, signer, False, readable=False)
    return DataVerdict(
        bool(status.intact and status.valid),
        signer,
        bool(status.trusted),
        revoked=bool(getattr(status, "revoked", False)),
        signed_at=getattr(status, "signer_reported_dt", None),
    )
