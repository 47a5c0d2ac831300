"""Issue 22: signing with a real PKCS#11 token, emulated by SoftHSM2 (tests/support/softhsm.py): the demo's
report signed on the token verifies with pyHanko's validator and `cchc verify`; a wrong PIN, a token not
plugged in, a library that is not one and a token pulled out in the middle of signing each give a clear
message and leave no file (not even half of one)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509

from cchc_desktop.cli import sign as cli_sign
from exports.signing.credentials import KeySource, open_key
from exports.signing.errors import SigningError
from exports.signing.pdf_sign import sign_pdf
from exports.signing.pdf_verify import verify_pdf
from tests.support.softhsm import find_library, make_token
from tests.support.test_ca import SIGNING_MOMENT, issue, make_root

PASSWORD = "Pin-7531"  # the token's PIN (scripts/find_test_passwords.py looks for it in every log)

pytestmark = pytest.mark.posix_only("SoftHSM2 is a Linux package; the Windows lane signs with a PKCS#12 file")


@pytest.fixture(scope="module")
def token(tmp_path_factory):
    if find_library() is None:
        if sys.platform.startswith("linux") and __import__("os").environ.get("CI"):
            pytest.fail("SoftHSM2 is required on Linux CI (scripts/setup-env.sh test installs softhsm2)")
        pytest.skip("SoftHSM2 not installed")
    folder = tmp_path_factory.mktemp("token")
    root = make_root()
    office = issue(root, "Lê Thị Hoa", "UBND xã Tân Phú Đông")
    made = make_token(folder, office, PASSWORD)
    (folder / "goc.pem").write_bytes(root.pem())
    return {"token": made, "root": root, "root_file": folder / "goc.pem"}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from cchc_desktop.app.workspace.demo import create_demo
    from cchc_desktop.cli import main
    from db.connection import close_database

    folder = tmp_path_factory.mktemp("report")
    create_demo(folder / "demo.sqlite")
    close_database()
    target = folder / "bao-cao.pdf"
    assert main(["--db", str(folder / "demo.sqlite"), "export", "pdf", "--period", "2023-Q3", "-o", str(target)]) == 0
    close_database()
    return target


@pytest.fixture
def cli(cchc, monkeypatch, token):
    monkeypatch.setattr(cli_sign, "clock", lambda: SIGNING_MOMENT)
    monkeypatch.setenv("CCHC_TOKEN_PIN", PASSWORD)
    return cchc


def source_of(token) -> KeySource:
    return KeySource(pkcs11=token["token"].library, token_label=token["token"].label)


def copy(report: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    target = folder / report.name
    target.write_bytes(report.read_bytes())
    return target


def left_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_the_demo_report_signed_on_the_token_verifies(cli, report, token, tmp_path):
    source = copy(report, tmp_path)
    label = token["token"].label
    result = cli("sign", str(source), "--pkcs11", str(token["token"].library), "--token-label", label)
    assert result.code == 0, result
    signed = tmp_path / "bao-cao-da-ky.pdf"

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = asn1_x509.Certificate.load(token["root"].der())
    with signed.open("rb") as handle:
        (embedded,) = PdfFileReader(handle).embedded_signatures
        status = validate_pdf_signature(
            embedded, ValidationContext(trust_roots=[root], moment=SIGNING_MOMENT, allow_fetching=False)
        )
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["common_name"] == "Lê Thị Hoa"

    assert cli("trust", "add", str(token["root_file"])).code == 0
    verified = cli("verify", str(signed))
    assert verified.code == 0, verified
    assert "Người ký: Lê Thị Hoa – UBND xã Tân Phú Đông" in verified.out

    data = bytearray(signed.read_bytes())
    data[data.index(b"stream", len(data) // 3) + 30] ^= 0x20
    (tmp_path / "sua.pdf").write_bytes(bytes(data))
    altered = cli("verify", str(tmp_path / "sua.pdf"))
    assert altered.code == 2 and "ĐÃ BỊ SỬA" in altered.out


def test_the_only_token_plugged_in_is_used_without_naming_it(cli, report, token, tmp_path):
    result = cli("sign", str(copy(report, tmp_path)), "--pkcs11", str(token["token"].library))
    assert result.code == 0, result
    assert (tmp_path / "bao-cao-da-ky.pdf").is_file()


def test_a_wrong_pin_is_said_and_writes_nothing(cli, report, token, tmp_path, monkeypatch):
    tmp_path = tmp_path / "ky"
    source = copy(report, tmp_path)
    monkeypatch.setenv("CCHC_TOKEN_PIN", "0000-sai")
    result = cli("sign", str(source), "--pkcs11", str(token["token"].library))
    assert result.code == 2
    assert "Mã PIN không đúng; chưa có tệp nào được ký" in result.err
    assert left_files(tmp_path) == ["bao-cao.pdf"]


def test_a_token_not_plugged_in_is_said(cli, report, token, tmp_path):
    tmp_path = tmp_path / "ky"
    result = cli("sign", str(copy(report, tmp_path)), "--pkcs11", str(token["token"].library), "--token-label", "KHAC")
    assert result.code == 2
    assert "Không thấy thiết bị ký số mang tên «KHAC»" in result.err and "cắm USB token" in result.err
    assert left_files(tmp_path) == ["bao-cao.pdf"]


def test_a_library_that_is_not_one_is_said(cli, report, token, tmp_path):
    tmp_path = tmp_path / "ky"
    source = copy(report, tmp_path)
    missing = cli("sign", str(source), "--pkcs11", str(tmp_path / "khong-co.dll"))
    assert missing.code == 2 and "Không thấy thư viện PKCS#11" in missing.err
    fake = tmp_path / "gia.so"
    fake.write_bytes(b"\x7fELF not a library")
    wrong = cli("sign", str(source), "--pkcs11", str(fake))
    assert wrong.code == 2 and "không nạp được như thư viện PKCS#11" in wrong.err
    assert left_files(tmp_path) == ["bao-cao.pdf", "gia.so"]


def test_a_token_pulled_out_while_signing_leaves_no_file(report, token, tmp_path):
    source = copy(report, tmp_path)
    with open_key(source_of(token), PASSWORD, SIGNING_MOMENT) as key:
        signer = key.signer
        original = signer.async_sign_raw

        async def pulled_out(*args, **kwargs):
            signer.pkcs11_session.close()  # the token is gone between the digest and the signature
            return await original(*args, **kwargs)

        signer.async_sign_raw = pulled_out
        with pytest.raises(SigningError, match="Thiết bị ký số không trả lời") as refused:
            sign_pdf(source, tmp_path / "da-ky.pdf", key, lambda: SIGNING_MOMENT)
    assert "chưa có tệp nào được ký" in str(refused.value)
    assert left_files(tmp_path) == ["bao-cao.pdf"]  # neither the signed file nor a temporary one


def test_the_annex_is_signed_with_the_token_too(report, token, tmp_path):
    from cchc_desktop.app.usecases.signatures import Signatures

    signatures = Signatures(tmp_path / "du-lieu", lambda: SIGNING_MOMENT)
    signatures.trust_add(token["root_file"])
    pdf = copy(report, tmp_path)
    (result,) = signatures.sign(source_of(token), PASSWORD, [pdf])
    assert result.visible and result.page == 14
    verdict = verify_pdf(result.path, signatures.roots(), SIGNING_MOMENT)
    assert verdict.ok and verdict.signatures[0].signer.name == "Lê Thị Hoa"
