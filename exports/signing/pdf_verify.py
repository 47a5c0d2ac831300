"""Check a signed PDF the way the level above needs it said: is the file as it was signed (intact, nothing
changed after the signature), who signed it, does the signer's certificate chain reach a trust root the
office installed, is it revoked (when a CRL file is given). Offline: nothing is fetched."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from exports.signing.certificates import CertSummary, summarize
from exports.signing.errors import SigningError
from exports.signing.pdf_sign import open_pdf, read_pdf_bytes

log = logging.getLogger(__name__)


@dataclass
class SignatureVerdict:
    field_name: str
    signer: CertSummary | None
    signed_at: datetime | None
    intact: bool  # the signed bytes are unchanged and the signature matches them
    unchanged_after: bool  # nothing but allowed additions (later signatures) after it
    trusted: bool  # the chain reaches an installed trust root, valid at the moment checked
    revoked: bool
    timestamped: bool
    trust_problem: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.unchanged_after and self.trusted and not self.revoked

    @property
    def altered(self) -> bool:
        return not (self.intact and self.unchanged_after)


@dataclass
class PdfVerdict:
    name: str
    signatures: list[SignatureVerdict] = field(default_factory=list)
    damaged: str = ""  # why the file could not be read as a signed PDF at all

    @property
    def ok(self) -> bool:
        """Intact and trusted: every signature, and at least one."""
        return not self.damaged and bool(self.signatures) and all(sig.ok for sig in self.signatures)

    @property
    def altered(self) -> bool:
        return bool(self.damaged) or any(sig.altered for sig in self.signatures)

    def headline(self) -> str:
        """One short verdict, for a list beside an annex's."""
        if self.damaged:
            return "tệp PDF bị hỏng hoặc đã bị sửa"
        if not self.signatures:
            return "chưa ký số"
        if self.altered:
            return "ĐÃ BỊ SỬA sau khi ký — hãy đề nghị đơn vị gửi lại báo cáo đã ký"
        if any(sig.revoked for sig in self.signatures):
            return "chứng thư số đã bị thu hồi"
        signers = ", ".join(sig.signer.short() for sig in self.signatures if sig.signer)
        if not all(sig.trusted for sig in self.signatures):
            return f"nguyên vẹn, ký bởi {signers}, nhưng chưa xác minh được chứng thư số"
        return f"đã ký số, nguyên vẹn, ký bởi {signers}"

    def lines(self) -> list[str]:
        """The whole verdict in Vietnamese, one fact a line."""
        if self.damaged:
            return [f"Tệp {self.name}: {self.damaged}"]
        if not self.signatures:
            return [f"Tệp {self.name} chưa được ký số."]
        out = [f"Tệp {self.name}:"]
        for number, sig in enumerate(self.signatures, 1):
            head = f"Chữ ký {number}" if len(self.signatures) > 1 else "Chữ ký"
            if sig.intact and sig.unchanged_after:
                out.append(f"{head}: NGUYÊN VẸN — nội dung tệp không thay đổi từ khi ký.")
            elif sig.intact:
                out.append(f"{head}: ĐÃ BỊ SỬA — tệp bị thay đổi sau khi ký (nội dung đã ký còn nguyên ở bản trước).")
            else:
                out.append(f"{head}: ĐÃ BỊ SỬA — nội dung không còn khớp với chữ ký số.")
            if sig.signer:
                out.append(f"  Người ký: {sig.signer.words()}")
            if sig.signed_at:
                kind = "theo dấu thời gian" if sig.timestamped else "theo máy của người ký"
                out.append(f"  Thời điểm ký ({kind}): {sig.signed_at:%H:%M:%S ngày %d/%m/%Y}")
            if not sig.intact:
                out.append("  Chứng thư số: không xét được, vì nội dung đã không còn khớp với chữ ký.")
            elif sig.revoked:
                out.append("  Chứng thư số: ĐÃ BỊ THU HỒI theo danh sách thu hồi (CRL) đã cho.")
            elif sig.trusted:
                out.append("  Chứng thư số: hợp lệ, chuỗi chứng thư dẫn đến chứng thư gốc tin cậy đã cài.")
            else:
                out.append(f"  Chứng thư số: CHƯA XÁC MINH ĐƯỢC — {sig.trust_problem}")
        return out


def verify_pdf(path: Path, roots: list, moment: datetime, crls: list[bytes] | None = None) -> PdfVerdict:
    """The verdict on every signature of the file, checked at moment against roots (asn1crypto certificates)."""
    data = read_pdf_bytes(path)
    try:
        reader = open_pdf(data, path.name)
        signatures = list(reader.embedded_signatures)
    except SigningError as exc:
        return PdfVerdict(path.name, damaged=str(exc).removeprefix(f"Tệp {path.name} ").strip())
    except Exception as exc:
        log.warning("signatures of %s unreadable: %r", path.name, exc)
        return PdfVerdict(path.name, damaged="không đọc được các chữ ký trong tệp (tệp bị hỏng hoặc đã bị sửa).")
    verdict = PdfVerdict(path.name)
    for embedded in signatures:
        verdict.signatures.append(_verdict(embedded, roots, moment, crls or []))
    return verdict


def validation_context(roots: list, moment: datetime, crls: list[bytes]):
    """Offline: nothing is fetched. With CRL files given, the signer's certificate must be covered by one of
    them (a CRL of another CA says nothing about it: not verified); without, revocation is not checked."""
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )

    if crls:
        policy = RevocationCheckingPolicy(
            ee_certificate_rule=RevocationCheckingRule.CRL_REQUIRED,
            intermediate_ca_cert_rule=RevocationCheckingRule.CHECK_IF_DECLARED_SOFT,
        )
    else:
        policy = RevocationCheckingPolicy(RevocationCheckingRule.NO_CHECK, RevocationCheckingRule.NO_CHECK)
    return ValidationContext(
        trust_roots=list(roots),
        moment=moment,
        allow_fetching=False,
        crls=list(crls),
        revinfo_policy=CertRevTrustPolicy(policy),
    )


def _verdict(embedded, roots: list, moment: datetime, crls: list[bytes]) -> SignatureVerdict:
    from pyhanko.sign.validation import validate_pdf_signature

    name = str(embedded.field_name)
    try:
        cert = embedded.signer_cert
        signer = summarize(cert)
    except Exception:
        signer = None
    try:
        status = validate_pdf_signature(embedded, validation_context(roots, moment, crls))
    except Exception as exc:  # a signature container that does not even parse
        log.warning("signature %s not verifiable: %r", name, exc)
        return SignatureVerdict(name, signer, None, False, False, False, False, False, "chữ ký không đọc được")
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    unchanged = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level.name in ("NONE", "LTA_UPDATES", "FORM_FILLING")
    )
    timestamp = status.timestamp_validity
    signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    revoked = bool(getattr(status, "revoked", False))
    problem = "" if status.trusted else _trust_words(status)
    if (
        crls
        and not status.trusted
        and not revoked
        and validate_pdf_signature(embedded, validation_context(roots, moment, [])).trusted
    ):
        problem = "không có thông tin thu hồi cho chứng thư của người ký trong các danh sách thu hồi (CRL) đã cho."
    return SignatureVerdict(
        name,
        signer,
        signed_at,
        bool(status.intact and status.valid),
        unchanged,
        bool(status.trusted),
        revoked,
        timestamp is not None,
        problem,
    )


def _trust_words(status) -> str:
    indic = getattr(status, "trust_problem_indic", None)
    name = getattr(indic, "name", "") or ""
    if "REVOKED" in name:
        return "chứng thư số đã bị thu hồi."
    if "EXPIRED" in name or "NOT_YET_VALID" in name:
        return "chứng thư số đã hết hạn hoặc chưa đến ngày hiệu lực vào thời điểm kiểm tra."
    return (
        "chuỗi chứng thư không dẫn đến chứng thư gốc tin cậy nào đã cài (cài chứng thư gốc của tổ chức cấp "
        "bằng lệnh «cchc trust add»)."
    )
