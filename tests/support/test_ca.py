"""A certification authority made in the test (cryptography): a root, an office's signing certificate, a
PKCS#12 file of it, and a CRL. Fixed validity (2020–2040) and fixed moments: no test reads today's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VN = timezone(timedelta(hours=7))
SIGNING_MOMENT = datetime(2023, 10, 5, 9, 30, tzinfo=VN)  # the report of quý III/2023 is signed
NOT_BEFORE = datetime(2020, 1, 1, tzinfo=UTC)
NOT_AFTER = datetime(2040, 1, 1, tzinfo=UTC)
PASSWORD = "mat-khau-p12"
CRL_URL = "http://ca.thu-nghiem.invalid/goc.crl"


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def key_pkcs8_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def make_root(common: str = "CA Thử nghiệm CCHC", serial: int = 1) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name(common, "Ban Cơ yếu thử nghiệm")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def issue(
    root: Issued,
    common: str = "Nguyễn Văn An",
    organisation: str = "UBND phường 1",
    serial: int = 1001,
    not_after: datetime = NOT_AFTER,
    timestamping: bool = False,
) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common, organisation))
        .issuer_name(root.cert.subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.TIME_STAMPING if timestamping else ExtendedKeyUsageOID.EMAIL_PROTECTION]
            ),
            critical=timestamping,
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    return Issued(key, cert)


def write_pkcs12(issued: Issued, root: Issued, path: Path, password: str = PASSWORD) -> Path:
    data = pkcs12.serialize_key_and_certificates(
        b"chu-ky",
        issued.key,
        issued.cert,
        [root.cert],
        serialization.BestAvailableEncryption(password.encode()),
    )
    path.write_bytes(data)
    return path


def write_crl(root: Issued, revoked_serials: list[int], path: Path) -> Path:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.cert.subject)
        .last_update(datetime(2023, 9, 1, tzinfo=UTC))
        .next_update(datetime(2039, 1, 1, tzinfo=UTC))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()), critical=False)
    )
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(datetime(2023, 9, 15, tzinfo=UTC))
            .build()
        )
    path.write_bytes(builder.sign(root.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER))
    return path
