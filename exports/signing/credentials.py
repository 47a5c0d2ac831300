"""The unit's signing key: a certificate on a USB token (PKCS#11, the CA's driver library) or in a PKCS#12
file (.p12/.pfx). The PIN or password is handed in by the caller and kept nowhere: not in an attribute, a
log line or a file. Every failure becomes a SigningError that says what to do."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from exports.signing.certificates import CertSummary, summarize
from exports.signing.errors import SigningError, read_limited

log = logging.getLogger(__name__)
MAX_PKCS12_FILE = 1 << 20


@dataclass(frozen=True)
class KeySource:
    """Where the key is: exactly one of pkcs12 (a file) and pkcs11 (the token driver's library)."""

    pkcs12: Path | None = None
    pkcs11: Path | None = None
    slot: int | None = None  # the token's slot number, when several tokens are plugged in
    token_label: str | None = None

    def __post_init__(self) -> None:
        if (self.pkcs12 is None) == (self.pkcs11 is None):
            raise SigningError("Hãy chọn một nơi chứa chứng thư số: thiết bị ký số (USB token) hoặc tệp .p12/.pfx.")

    @property
    def secret_words(self) -> str:
        return "mật khẩu của tệp chứng thư số" if self.pkcs12 else "mã PIN của thiết bị ký số"

    @property
    def env_name(self) -> str:
        return "CCHC_PKCS12_PASSWORD" if self.pkcs12 else "CCHC_TOKEN_PIN"


@dataclass
class OpenKey:
    """A key ready to sign with: pyHanko's signer and the certificate it signs as."""

    signer: Any  # pyhanko.sign.signers.Signer
    summary: CertSummary  # of the certificate it signs as


@contextlib.contextmanager
def open_key(source: KeySource, secret: str, moment: datetime) -> Iterator[OpenKey]:
    """The key of source unlocked with secret; a token's session is closed when the block ends."""
    if source.pkcs12 is not None:
        yield _pkcs12_key(source.pkcs12, secret)
        return
    assert source.pkcs11 is not None
    with _token_session(source, secret) as session:
        yield _token_key(session, moment)


def _pkcs12_key(path: Path, password: str) -> OpenKey:
    from pyhanko.sign.signers import SimpleSigner

    data = read_limited(path, MAX_PKCS12_FILE, "tệp chứng thư số .p12/.pfx")
    try:
        signer = SimpleSigner.load_pkcs12_data(data, (), password.encode("utf-8") if password else None)
    except ValueError:
        raise SigningError(
            f"Không mở được tệp chứng thư số {path.name}: mật khẩu không đúng, hoặc tệp không phải tệp .p12/.pfx. "
            "Hãy nhập lại mật khẩu; chưa có tệp nào được ký."
        ) from None
    cert = signer.signing_cert
    return OpenKey(signer, summarize(cert))


def _library(path: Path):
    import pkcs11

    if not path.is_file():
        raise SigningError(
            f"Không thấy thư viện PKCS#11 {path}. Hãy cài phần mềm (driver) của thiết bị ký số, rồi chọn tệp thư "
            "viện của nó (Hướng dẫn sử dụng, mục «Ký số» có tên tệp của các hãng thường gặp)."
        )
    try:
        return pkcs11.lib(str(path))
    except Exception as exc:
        log.warning("PKCS#11 library %s not loaded: %r", path, exc)
        raise SigningError(
            f"Tệp {path.name} không nạp được như thư viện PKCS#11 của thiết bị ký số (sai tệp, hoặc bản 32-bit "
            "với chương trình 64-bit). Hãy chọn tệp thư viện của hãng cung cấp thiết bị."
        ) from None


@contextlib.contextmanager
def _token_session(source: KeySource, pin: str) -> Iterator[object]:
    from pkcs11 import TokenFlag
    from pkcs11 import exceptions as p11

    assert source.pkcs11 is not None
    lib = _library(source.pkcs11)
    try:
        slots = lib.get_slots(token_present=True)
    except p11.PKCS11Error as exc:
        raise token_failure(exc) from None
    tokens = []
    for slot in slots:
        if source.slot is not None and slot.slot_id != source.slot:
            continue
        with contextlib.suppress(p11.PKCS11Error):
            token = slot.get_token()
            if not token.flags & TokenFlag.TOKEN_INITIALIZED:
                continue  # an empty slot of the driver (SoftHSM keeps one), not a token that holds a key
            if source.token_label is None or token.label.strip() == source.token_label.strip():
                tokens.append(token)
    if not tokens:
        which = ""
        if source.slot is not None:
            which = f" ở khe số {source.slot}"
        if source.token_label:
            which += f" mang tên «{source.token_label}»"
        raise SigningError(
            f"Không thấy thiết bị ký số{which}. Hãy cắm USB token vào máy (đèn của thiết bị sáng) rồi ký lại."
        )
    if len(tokens) > 1:
        names = ", ".join(f"«{token.label.strip()}»" for token in tokens)
        raise SigningError(f"Đang cắm nhiều thiết bị ký số ({names}); hãy chọn một theo tên hoặc theo khe.")
    try:
        session = tokens[0].open(user_pin=pin)
    except (p11.PinIncorrect, p11.PinLenRange, p11.PinInvalid):
        raise SigningError(
            "Mã PIN không đúng; chưa có tệp nào được ký. Hãy nhập lại mã PIN của thiết bị ký số."
        ) from None
    except p11.PinLocked:
        raise SigningError(
            "Thiết bị ký số đã bị khóa vì nhập sai mã PIN nhiều lần. Hãy liên hệ đơn vị cấp chứng thư số để mở khóa."
        ) from None
    except p11.PKCS11Error as exc:
        raise token_failure(exc) from None
    try:
        yield session
    finally:
        with contextlib.suppress(Exception):
            session.close()


def _token_key(session, moment: datetime) -> OpenKey:
    from asn1crypto import x509
    from pkcs11 import Attribute, ObjectClass
    from pkcs11 import exceptions as p11
    from pyhanko.sign.pkcs11 import PKCS11Signer

    try:
        key_ids = {bytes(key[Attribute.ID]) for key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})}
        found = [
            (bytes(obj[Attribute.ID]), x509.Certificate.load(bytes(obj[Attribute.VALUE])))
            for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
        ]
    except p11.PKCS11Error as exc:
        raise token_failure(exc) from None
    usable = [(cert_id, cert) for cert_id, cert in found if cert_id in key_ids and not summarize(cert).is_ca]
    if not usable:
        raise SigningError(
            "Trên thiết bị ký số không có chứng thư số nào đi kèm khóa ký. Hãy kiểm tra thiết bị với phần mềm "
            "của hãng cung cấp."
        )
    valid = [item for item in usable if item[1].not_valid_before <= moment <= item[1].not_valid_after]
    cert_id, cert = max(valid or usable, key=lambda item: item[1].not_valid_after)
    signer = PKCS11Signer(session, cert_id=cert_id, key_id=cert_id, signing_cert=cert)
    return OpenKey(signer, summarize(cert))


def token_failure(exc: BaseException) -> SigningError:
    """A token that stopped answering (pulled out, a driver error) in words; nothing was written."""
    log.warning("PKCS#11 failure: %r", exc)
    return SigningError(
        "Thiết bị ký số không trả lời (đã bị rút ra, hoặc phần mềm của thiết bị gặp lỗi); chưa có tệp nào được ký. "
        "Hãy cắm lại thiết bị rồi ký lại."
    )


def is_token_failure(exc: BaseException) -> bool:
    try:
        from pkcs11 import exceptions as p11
    except ImportError:  # pragma: no cover - python-pkcs11 is a dependency
        return False
    seen: BaseException | None = exc
    while seen is not None:  # pyHanko may wrap the token's error in its own
        if isinstance(seen, p11.PKCS11Error):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
