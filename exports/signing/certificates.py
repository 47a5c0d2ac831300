"""X.509 certificates as a person reads them: who, issued by whom, valid when, and the fingerprint that
tells two apart. Certificate files are read in PEM (one or several) or DER."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from exports.signing.errors import SigningError, read_limited

MAX_CERT_FILE = 1 << 20  # a certificate file is a few KB; a chain file a few tens


@dataclass(frozen=True)
class CertSummary:
    """What a person needs to recognise a certificate."""

    name: str  # the subject's common name (a person or the office)
    organisation: str
    issuer: str
    serial: str  # hexadecimal, as certificate viewers print it
    not_before: datetime
    not_after: datetime
    sha256: str  # fingerprint, hexadecimal upper case
    is_ca: bool

    def short(self) -> str:
        """«Nguyễn Văn A – UBND phường 1»"""
        return f"{self.name} – {self.organisation}" if self.organisation else self.name

    def validity(self) -> str:
        return f"hiệu lực từ {self.not_before:%d/%m/%Y} đến {self.not_after:%d/%m/%Y}"

    def words(self) -> str:
        """One line about the certificate, for messages and lists."""
        return f"{self.short()} (do {self.issuer or 'không rõ'} cấp, số sê-ri {self.serial}, {self.validity()})"


def summarize(cert) -> CertSummary:
    """The summary of an asn1crypto x509.Certificate."""
    subject = cert.subject.native
    issuer = cert.issuer.native
    constraints = cert.basic_constraints_value
    return CertSummary(
        name=_first(subject.get("common_name")) or cert.subject.human_friendly,
        organisation=_first(subject.get("organization_name")),
        issuer=_first(issuer.get("common_name")) or _first(issuer.get("organization_name")),
        serial=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before,
        not_after=cert.not_valid_after,
        sha256=hashlib.sha256(cert.dump()).hexdigest().upper(),
        is_ca=bool(constraints and constraints.native.get("ca")),
    )


def _first(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def parse_certificates(data: bytes, name: str) -> list:
    """The certificates in a file's bytes (PEM, one or more, or DER); SigningError when there are none."""
    from asn1crypto import pem, x509

    try:
        if pem.detect(data):
            found = [
                x509.Certificate.load(der) for kind, _, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"
            ]
        else:
            found = [x509.Certificate.load(data)]
        for cert in found:
            _ = cert.native  # parse every field now: a damaged file is refused here, not in the middle of a check
    except Exception:
        found = []
    if not found:
        raise SigningError(
            f"Tệp {name} không phải là tệp chứng thư số (.cer, .crt, .pem): không đọc được chứng thư nào trong đó."
        )
    return found


def read_certificates(path: Path) -> list:
    """The certificates of a file; SigningError for a missing, unreadable, oversized or foreign file."""
    return parse_certificates(read_limited(path, MAX_CERT_FILE, "tệp chứng thư số"), path.name)


def read_crl(path: Path) -> bytes:
    """The DER bytes of a certificate revocation list file (DER or PEM); SigningError for another file."""
    from asn1crypto import crl, pem

    data = read_limited(path, 64 * MAX_CERT_FILE, "danh sách thu hồi chứng thư (CRL)")
    try:
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        _ = crl.CertificateList.load(data).native  # parse every field now: a wrong file is refused by its name
    except Exception:
        raise SigningError(f"Tệp {path.name} không phải là danh sách thu hồi chứng thư (CRL).") from None
    return data
