"""Issue 22: the report PDF signed (PAdES) with a PKCS#12 certificate of a test CA made here, and checked.
The demo's report is exported by the real program; the signature is checked by pyHanko's own validator
and by `cchc verify`; a byte changed, a page changed after signing, a wrong password, an unknown root,
a revoked certificate, a timestamp, a second signer, a PDF of another program (no stamp place)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from pypdf import PdfReader

from cchc_desktop.cli import sign as cli_sign
from exports.signing.credentials import KeySource, open_key
from exports.signing.errors import SigningError
from exports.signing.marks import read_marks
from exports.signing.pdf_sign import open_pdf, sign_pdf, xmp_of
from exports.signing.pdf_verify import verify_pdf
from exports.signing.stamp import stamp_lines, stamp_pdf
from tests.support.test_ca import PASSWORD, SIGNING_MOMENT, issue, make_root, write_crl, write_pkcs12

ROOT_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ca")
    root = make_root()
    office = issue(root)
    (folder / "goc.pem").write_bytes(root.pem())
    return {
        "root": root,
        "office": office,
        "root_file": folder / "goc.pem",
        "p12": write_pkcs12(office, root, folder / "chu-ky.p12"),
        "folder": folder,
    }


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The demo's report exported by the program (module scope: one export for the file's tests)."""
    from cchc_desktop.app.workspace.demo import create_demo
    from cchc_desktop.cli import main
    from db.connection import close_database

    folder = tmp_path_factory.mktemp("report")
    db = folder / "demo.sqlite"
    create_demo(db)
    close_database()
    assert main(["--db", str(db), "export", "pdf", "--period", "2023-Q3", "-o", str(folder / "bao-cao.pdf")]) == 0
    close_database()
    return folder / "bao-cao.pdf"


@pytest.fixture
def cli(cchc, monkeypatch, ca):
    """`cchc …` in-process at the signing moment, the password in its environment variable."""
    monkeypatch.setattr(cli_sign, "clock", lambda: SIGNING_MOMENT)
    monkeypatch.setenv("CCHC_PKCS12_PASSWORD", PASSWORD)
    return cchc


def copy(source: Path, folder: Path, name: str | None = None) -> Path:
    target = folder / (name or source.name)
    target.write_bytes(source.read_bytes())
    return target


def roots(ca) -> list:
    return [asn1_x509.Certificate.load(ca["root"].der())]


def signed(report: Path, folder: Path, ca, **kwargs) -> Path:
    source = copy(report, folder)
    with open_key(KeySource(pkcs12=ca["p12"]), PASSWORD, SIGNING_MOMENT) as key:
        return sign_pdf(source, folder / "da-ky.pdf", key, lambda: SIGNING_MOMENT, **kwargs).path


# ----- sign and verify ---------------------------------------------------------------------------
def test_the_demo_report_signed_verifies_with_pyhankos_validator_and_cchc_verify(cli, report, ca, tmp_path):
    source = copy(report, tmp_path)
    result = cli("sign", str(source), "--pkcs12", str(ca["p12"]))
    assert result.code == 0, result
    target = tmp_path / "bao-cao-da-ky.pdf"
    assert "bao-cao-da-ky.pdf" in result.out and "trang 14" in result.out
    assert source.read_bytes() == report.read_bytes()  # the original is kept as it was

    # pyHanko's validator, called here directly, not through our wrapper
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with target.open("rb") as handle:
        (embedded,) = PdfFileReader(handle).embedded_signatures
        status = validate_pdf_signature(
            embedded, ValidationContext(trust_roots=roots(ca), moment=SIGNING_MOMENT, allow_fetching=False)
        )
        assert status.intact and status.valid and status.trusted
        assert status.coverage.name == "ENTIRE_FILE"
        assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES, not adbe.pkcs7
        assert status.signing_cert.subject.native["common_name"] == "Nguyễn Văn An"

    assert cli("trust", "add", str(ca["root_file"])).code == 0
    verified = cli("verify", str(target))
    assert verified.code == 0, verified
    assert "NGUYÊN VẸN" in verified.out
    assert "Người ký: Nguyễn Văn An – UBND phường 1" in verified.out
    assert "09:30:00 ngày 05/10/2023" in verified.out
    assert "dẫn đến chứng thư gốc tin cậy đã cài" in verified.out


def test_the_stamp_sits_in_the_room_between_the_signers_title_and_name(report, ca, tmp_path):
    box = read_marks(xmp_of(open_pdf(report.read_bytes(), report.name))).box
    assert box is not None and box.page == 13  # the last page of the demo's 14
    page = PdfReader(report).pages[13]
    text = page.extract_text()
    assert text.index("CHỦ TỊCH") < text.index("Nguyễn Văn Hon")  # title above the room, name below it

    signed_file = signed(report, tmp_path, ca)
    reader = PdfReader(signed_file)
    (widget,) = [a.get_object() for a in reader.pages[13].get("/Annots", []) if a.get_object()["/Subtype"] == "/Widget"]
    rect = [float(v) for v in widget["/Rect"]]
    assert rect == pytest.approx([box.left, box.bottom, box.right, box.top], abs=0.01)
    assert "/N" in widget["/AP"]  # a visible appearance

    # the stamp's picture says who, for which office, when (Nghị định 30's time format)
    stamp = PdfReader(io.BytesIO(stamp_pdf(box, stamp_lines("Nguyễn Văn An", "UBND phường 1", SIGNING_MOMENT))))
    words = stamp.pages[0].extract_text()
    assert "Ký bởi: Nguyễn Văn An" in words
    assert "Cơ quan: UBND phường 1" in words
    assert "Thời gian ký: 05.10.2023 09:30:00 +07:00" in words


def test_signing_adds_little_to_the_file(report, ca, tmp_path):
    signed_file = signed(report, tmp_path, ca)
    growth = signed_file.stat().st_size - report.stat().st_size
    assert 0 < growth < 64 * 1024, growth
    assert signed_file.read_bytes().startswith(report.read_bytes())  # an incremental update: pages unchanged


def test_one_byte_changed_is_reported_altered(cli, report, ca, tmp_path):
    signed_file = signed(report, tmp_path, ca)
    assert cli("trust", "add", str(ca["root_file"])).code == 0
    data = bytearray(signed_file.read_bytes())
    where = data.index(b"stream", len(data) // 4) + 40  # inside a page's content, within the signed bytes
    data[where] ^= 0x01
    tampered = tmp_path / "sua.pdf"
    tampered.write_bytes(bytes(data))
    result = cli("verify", str(tampered))
    assert result.code == 2
    assert "ĐÃ BỊ SỬA" in result.out + result.err
    assert "NGUYÊN VẸN" not in result.out
    assert "cchc trust add" not in result.out  # the root is installed: the file, not the trust, is the problem


def test_a_page_changed_after_signing_is_reported_altered(cli, report, ca, tmp_path):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed_file = signed(report, tmp_path, ca)
    assert cli("trust", "add", str(ca["root_file"])).code == 0
    with signed_file.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle)
        page = writer.root["/Pages"]["/Kids"][0].get_object()
        content = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 100 700 Td (999) Tj ET"))
        page["/Contents"] = content
        writer.update_container(page)
        out = io.BytesIO()
        writer.write(out)
    changed = tmp_path / "sua-trang.pdf"
    changed.write_bytes(out.getvalue())
    result = cli("verify", str(changed))
    assert result.code == 2
    assert "ĐÃ BỊ SỬA — tệp bị thay đổi sau khi ký" in result.out


def test_a_wrong_password_is_said_and_writes_nothing(cli, report, ca, tmp_path, monkeypatch):
    source = copy(report, tmp_path)
    monkeypatch.setenv("CCHC_PKCS12_PASSWORD", "sai-mat-khau")
    result = cli("sign", str(source), "--pkcs12", str(ca["p12"]))
    assert result.code == 2
    assert "mật khẩu không đúng" in result.err and "chưa có tệp nào được ký" in result.err
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf" or p.name.startswith(".~")) == [
        "bao-cao.pdf"
    ]


def test_the_password_is_never_an_argument(cli, report, ca, tmp_path):
    for option in ("--password", "--pin"):
        result = cli("sign", str(copy(report, tmp_path)), "--pkcs12", str(ca["p12"]), option, "97531")
        assert result.code == 2
        assert "không bao giờ nhận qua đối số dòng lệnh" in result.err and "CCHC_PKCS12_PASSWORD" in result.err
        assert "97531" not in result.out + result.err  # the value typed is not shown back
    assert not (tmp_path / "bao-cao-da-ky.pdf").exists()


def test_the_password_is_read_from_standard_input_when_it_is_not_a_terminal(report, ca, tmp_path):
    source = copy(report, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "cchc_desktop.cli", "sign", str(source), "--pkcs12", str(ca["p12"])],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=ROOT_DIR,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "bao-cao-da-ky.pdf").is_file()
    assert PASSWORD not in done.stdout + done.stderr


def test_a_file_that_cannot_be_signed_is_refused_before_the_password_is_asked(cli, ca, tmp_path, monkeypatch):
    monkeypatch.delenv("CCHC_PKCS12_PASSWORD")
    document = tmp_path / "van-ban.docx"
    document.write_bytes(b"PK")
    result = cli("sign", str(document), "--pkcs12", str(ca["p12"]))
    assert result.code == 2
    assert "chỉ ký được báo cáo PDF (.pdf) và phụ lục Excel (.xlsx)" in result.err
    missing = cli("sign", str(tmp_path / "khong-co.pdf"), "--pkcs12", str(ca["p12"]))
    assert missing.code == 2 and "Không thấy tệp" in missing.err


def test_a_file_that_is_not_a_pdf_is_refused(cli, ca, tmp_path):
    fake = tmp_path / "gia.pdf"
    fake.write_text("không phải PDF", encoding="utf-8")
    result = cli("sign", str(fake), "--pkcs12", str(ca["p12"]))
    assert result.code == 2 and "không phải là tệp PDF" in result.err
    assert not (tmp_path / "gia-da-ky.pdf").exists()


# ----- trust -------------------------------------------------------------------------------------
def test_an_unknown_root_is_not_trusted(cli, report, ca, tmp_path):
    signed_file = signed(report, tmp_path, ca)
    result = cli("verify", str(signed_file))
    assert result.code == 2
    assert "NGUYÊN VẸN" in result.out  # intact, but…
    assert "CHƯA XÁC MINH ĐƯỢC" in result.out and "cchc trust add" in result.out
    other = make_root("CA khác")
    (tmp_path / "khac.pem").write_bytes(other.pem())
    assert cli("trust", "add", str(tmp_path / "khac.pem")).code == 0
    assert cli("verify", str(signed_file)).code == 2  # another CA's root does not vouch for this signer


def test_trust_add_and_list(cli, ca, tmp_path):
    assert "Chưa cài chứng thư gốc nào" in cli("trust", "list").out
    first = cli("trust", "add", str(ca["root_file"]))
    assert first.code == 0 and first.out.startswith("Đã cài chứng thư gốc: CA Thử nghiệm CCHC")
    again = cli("trust", "add", str(ca["root_file"]))
    assert again.code == 0 and again.out.startswith("Đã có sẵn")
    listed = cli("trust", "list").out.splitlines()
    assert len(listed) == 1 and "CA Thử nghiệm CCHC" in listed[0]
    (tmp_path / "rac.cer").write_text("không phải chứng thư", encoding="utf-8")
    refused = cli("trust", "add", str(tmp_path / "rac.cer"))
    assert refused.code == 2 and "không phải là tệp chứng thư số" in refused.err
    assert len(cli("trust", "list").out.splitlines()) == 1  # nothing added


def test_a_revoked_certificate_is_said_when_a_crl_is_given(cli, report, ca, tmp_path):
    signed_file = signed(report, tmp_path, ca)
    assert cli("trust", "add", str(ca["root_file"])).code == 0
    clean = write_crl(ca["root"], [], tmp_path / "sach.crl")
    assert cli("verify", str(signed_file), "--crl", str(clean)).code == 0
    revoked = write_crl(ca["root"], [ca["office"].cert.serial_number], tmp_path / "thu-hoi.crl")
    result = cli("verify", str(signed_file), "--crl", str(revoked))
    assert result.code == 2
    assert "THU HỒI" in result.out
    foreign = write_crl(make_root("CA khác"), [], tmp_path / "ca-khac.crl")  # says nothing of this signer
    unknown = cli("verify", str(signed_file), "--crl", str(foreign))
    assert unknown.code == 2 and "không có thông tin thu hồi" in unknown.out
    wrong = cli("verify", str(signed_file), "--crl", str(ca["root_file"]))
    assert wrong.code == 2 and "không phải là danh sách thu hồi" in wrong.err


def test_an_unsigned_pdf_does_not_pass(cli, report):
    result = cli("verify", str(report))
    assert result.code == 2 and "chưa được ký số" in result.out


# ----- more than one signature, a timestamp, a PDF of another program -------------------------------
def test_a_second_signer_signs_beside_the_first_and_both_verify(report, ca, tmp_path):
    first = signed(report, tmp_path, ca)
    deputy = issue(ca["root"], "Trần Thị Bình", "UBND phường 1", serial=1002)
    p12 = write_pkcs12(deputy, ca["root"], tmp_path / "pho.p12")
    with open_key(KeySource(pkcs12=p12), PASSWORD, SIGNING_MOMENT) as key:
        second = sign_pdf(first, tmp_path / "hai.pdf", key, lambda: SIGNING_MOMENT).path
    assert second.stat().st_size > first.stat().st_size
    verdict = verify_pdf(second, roots(ca), SIGNING_MOMENT)
    assert [s.field_name for s in verdict.signatures] == ["ChuKySo", "ChuKySo2"]
    widgets = [a.get_object() for page in PdfReader(second).pages for a in page.get("/Annots", [])]
    rects = [[float(v) for v in w["/Rect"]] for w in widgets if w["/Subtype"] == "/Widget"]
    assert len(rects) == 2 and sum(rect == [0, 0, 0, 0] for rect in rects) == 1  # not over the first stamp
    assert verdict.ok, verdict.lines()
    assert [s.signer.name for s in verdict.signatures] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_with_a_timestamp_server_the_signature_is_b_t(report, ca, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa = issue(ca["root"], "Máy chủ dấu thời gian thử", "Ban Cơ yếu thử nghiệm", serial=3001, timestamping=True)
    key_info = keys.PrivateKeyInfo.load(
        tsa.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    stamper = DummyTimeStamper(asn1_x509.Certificate.load(tsa.der()), key_info, fixed_dt=SIGNING_MOMENT)
    signed_file = signed(report, tmp_path, ca, timestamper=stamper)
    verdict = verify_pdf(signed_file, roots(ca), SIGNING_MOMENT)
    assert verdict.ok, verdict.lines()
    assert verdict.signatures[0].timestamped
    assert any("theo dấu thời gian" in line for line in verdict.lines())


def test_a_pdf_of_another_program_is_signed_invisibly(ca, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Phu luc")
    other = tmp_path / "phu-luc.pdf"
    other.write_bytes(bytes(pdf.output()))
    with open_key(KeySource(pkcs12=ca["p12"]), PASSWORD, SIGNING_MOMENT) as key:
        result = sign_pdf(other, tmp_path / "phu-luc-da-ky.pdf", key, lambda: SIGNING_MOMENT)
    assert not result.visible and result.page is None
    (widget,) = [a.get_object() for a in PdfReader(result.path).pages[0]["/Annots"]]
    assert [float(v) for v in widget["/Rect"]] == [0, 0, 0, 0]
    assert verify_pdf(result.path, roots(ca), SIGNING_MOMENT).ok


def test_a_key_source_names_exactly_one_place():
    with pytest.raises(SigningError, match="Hãy chọn một nơi chứa chứng thư số"):
        KeySource()
    with pytest.raises(SigningError):
        KeySource(pkcs12=Path("a.p12"), pkcs11=Path("b.so"))
