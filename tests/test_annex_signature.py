"""Issue 22, item 2: the annex signed with the unit's certificate and checked at the level above's import.

The annex's checksums are plain hashes: a value moved between months (the quarter total kept) with the
checksums recomputed imports without a word (the first test shows it, on an unsigned file). A signed
annex so edited is refused, naming the unit and the certificate; an unsigned one imports as before,
said "chưa ký số"; the unit's signed report placed beside the annex is verified too."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.usecases.signatures import KeySource, Signatures
from exports.annex_reader import read_annex
from tests.hostile_annex import DATA_PART, resign, rewrite
from tests.support.test_ca import PASSWORD, SIGNING_MOMENT, issue, make_root, write_pkcs12
from tests.test_import import IMPORT_MOMENT, _edit_value, dump, export_child
from tests.test_import import parent as parent  # noqa: PLC0414 - the fixture, shared


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ca")
    root = make_root()
    office = issue(root, "Nguyễn Văn An", "UBND Phường 1")
    (folder / "goc.pem").write_bytes(root.pem())
    return {"root_file": folder / "goc.pem", "p12": write_pkcs12(office, root, folder / "p1.p12"), "root": root}


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory) -> Path:
    return export_child(tmp_path_factory.mktemp("children"), "P1", "2023-Q3")


def signatures_at(folder: Path) -> Signatures:
    return Signatures(folder, lambda: SIGNING_MOMENT)


def signed_copy(unsigned: Path, folder: Path, ca) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "P1-2023-Q3.xlsx"
    source.write_bytes(unsigned.read_bytes())
    (result,) = signatures_at(folder / "ky").sign(KeySource(pkcs12=ca["p12"]), PASSWORD, [source])
    assert result.path.name == "P1-2023-Q3-da-ky.xlsx"
    source.unlink()
    return result.path


def trusting(ca):
    """The parent's data folder with the CA's root installed (CCHC_DATA_DIR is this test's)."""
    from cchc_desktop.app.infra import paths

    Signatures(paths.data_dir(), lambda: IMPORT_MOMENT).trust_add(ca["root_file"])


def import_files(db: Path, files):
    with Workspace.open(db, clock=lambda: IMPORT_MOMENT) as ws:
        return ws.imports.import_files(files)


def check_files(db: Path, files):
    with Workspace.open(db, clock=lambda: IMPORT_MOMENT) as ws:
        return ws.imports.check_files(files)


def moved_between_months(path: Path, target: Path) -> Path:
    """Five dossiers moved from August to September in `_cchc`, the quarter unchanged, every checksum recomputed."""
    values = [
        (c, p, u, {"2023-08": "125", "2023-09": "100"}.get(p, v) if c == "tthc.hs.tiep_nhan" else v)
        for c, p, u, v in read_annex(path).values
    ]

    def edit(xml: str) -> str:
        xml = _edit_value(xml, "tthc.hs.tiep_nhan", "2023-08", "P1", "130", "125")
        xml = _edit_value(xml, "tthc.hs.tiep_nhan", "2023-09", "P1", "95", "100")
        return resign(xml, values)

    return rewrite(path, target, {DATA_PART: edit})


def test_without_a_signature_a_value_moved_between_months_imports_unnoticed(parent, unsigned, tmp_path):
    """Why the signature: the plain checksums are recomputed by whoever edits the file."""
    moved = moved_between_months(unsigned, tmp_path / "P1.xlsx")
    assert read_annex(moved).checksum_ok
    (verdict,) = import_files(parent, [moved])
    assert verdict.ok, verdict.message
    assert verdict.said.endswith("Phụ lục: chưa ký số.")


def test_a_signed_annex_imports_said_signed(parent, unsigned, ca, tmp_path):
    trusting(ca)
    signed = signed_copy(unsigned, tmp_path, ca)
    content = read_annex(signed)
    assert content.checksum_ok and content.signature is not None
    assert content.values == read_annex(unsigned).values  # the data is the export's, untouched
    (verdict,) = import_files(parent, [signed])
    assert verdict.status == "imported", verdict.message
    assert verdict.said.endswith("Phụ lục: đã ký số bởi Nguyễn Văn An – UBND Phường 1.")
    assert verdict.signature == "đã ký số bởi Nguyễn Văn An – UBND Phường 1"


def test_a_signed_annex_of_an_unknown_root_imports_said_so(parent, unsigned, ca, tmp_path):
    signed = signed_copy(unsigned, tmp_path, ca)  # no trust root installed at the parent
    (verdict,) = import_files(parent, [signed])
    assert verdict.ok
    assert "chưa xác minh được chứng thư số" in verdict.signature


def test_a_signed_annex_with_a_value_moved_between_months_is_refused(parent, unsigned, ca, tmp_path):
    trusting(ca)
    signed = signed_copy(unsigned, tmp_path, ca)
    moved = moved_between_months(signed, tmp_path / "P1-sua.xlsx")
    assert read_annex(moved).checksum_ok  # the plain checksums match again…
    before = dump(parent)
    (verdict,) = import_files(parent, [moved])
    assert verdict.status == "refused"
    assert "UBND Phường 1" in verdict.message  # the unit
    assert "Nguyễn Văn An – UBND Phường 1" in verdict.message  # the certificate
    assert "đã bị sửa sau khi ký" in verdict.message
    assert dump(parent) == before  # nothing stored


def test_a_damaged_signature_is_refused(parent, unsigned, ca, tmp_path):
    signed = signed_copy(unsigned, tmp_path, ca)
    text = read_annex(signed).signature[1]
    broken = rewrite(signed, tmp_path / "hong.xlsx", {DATA_PART: lambda xml: xml.replace(text[40:80], "A" * 40, 1)})
    (verdict,) = import_files(parent, [broken])
    assert verdict.status == "refused" and "không còn khớp với chữ ký" in verdict.message


def test_an_annex_edited_after_export_is_not_signed(unsigned, ca, tmp_path):
    from exports.signing.errors import SigningError

    moved = rewrite(unsigned, tmp_path / "P1.xlsx", {DATA_PART: lambda xml: xml.replace("<t>120</t>", "<t>121</t>", 1)})
    with pytest.raises(SigningError, match="đã bị sửa sau khi xuất"):
        signatures_at(tmp_path).sign(KeySource(pkcs12=ca["p12"]), PASSWORD, [moved])
    assert not (tmp_path / "P1-da-ky.xlsx").exists()


def test_the_signed_report_beside_the_annex_is_verified_on_import(parent, unsigned, ca, tmp_path):
    """The unit's own report (its PDF says unit P1, 2023-Q3), signed, placed in the annex's folder."""
    from cchc_desktop.cli import main
    from db.connection import close_database

    trusting(ca)
    folder = tmp_path / "thu-den"
    signed = signed_copy(unsigned, folder, ca)
    child_db = unsigned.parent / "P1.sqlite"
    pdf = folder / "bao-cao-P1.pdf"
    assert main(["--db", str(child_db), "export", "pdf", "--period", "2023-Q3", "-o", str(pdf)]) == 0
    close_database()
    signatures_at(folder / "ky").sign(KeySource(pkcs12=ca["p12"]), PASSWORD, [pdf])
    pdf.unlink()
    (verdict,) = check_files(parent, [signed])
    assert verdict.ok, verdict.message
    assert verdict.report == "báo cáo bao-cao-P1-da-ky.pdf: đã ký số, nguyên vẹn, ký bởi Nguyễn Văn An – UBND Phường 1"
    assert "Bên cạnh có báo cáo bao-cao-P1-da-ky.pdf: đã ký số, nguyên vẹn" in verdict.said
    (stored,) = import_files(parent, [signed])
    assert stored.status == "imported" and stored.report == verdict.report

    data = bytearray((folder / "bao-cao-P1-da-ky.pdf").read_bytes())
    data[data.index(b"stream", len(data) // 4) + 40] ^= 0x01
    (folder / "bao-cao-P1-da-ky.pdf").write_bytes(bytes(data))
    (again,) = check_files(parent, [signed])
    assert (
        again.report == "báo cáo bao-cao-P1-da-ky.pdf: ĐÃ BỊ SỬA sau khi ký — hãy đề nghị đơn vị gửi lại báo cáo đã ký"
    )


def test_a_verdict_waiting_for_a_choice_says_the_signature_too(parent, unsigned, ca, tmp_path):
    from cchc_desktop.app.presenters.import_presenter import reason_text

    trusting(ca)
    signed = signed_copy(unsigned, tmp_path, ca)
    assert import_files(parent, [signed])[0].ok
    (again,) = check_files(parent, [signed])  # the unit's figures are there already: a choice to make
    assert again.status != "imported" and again.holding
    assert again.signature == "đã ký số bởi Nguyễn Văn An – UBND Phường 1"
    assert reason_text(again).endswith("Phụ lục: đã ký số bởi Nguyễn Văn An – UBND Phường 1.")


def test_the_command_line_says_the_signature_on_each_verdict_line(parent, unsigned, ca, tmp_path, capsys):
    from cchc_desktop.cli import main
    from db.connection import close_database

    trusting(ca)
    signed = signed_copy(unsigned, tmp_path, ca)
    capsys.readouterr()
    assert main(["--db", str(parent), "import", "--yes", str(signed)]) == 0
    close_database()
    out = capsys.readouterr()
    line = (out.out + out.err).strip().splitlines()[0]
    assert line.endswith("Phụ lục: đã ký số bởi Nguyễn Văn An – UBND Phường 1."), line


@pytest.fixture
def verify_cli(cchc, monkeypatch):
    from cchc_desktop.cli import sign as cli_sign

    monkeypatch.setattr(cli_sign, "clock", lambda: SIGNING_MOMENT)
    return cchc


def test_verify_of_an_annex_says_revoked_edited_pages_and_refuses_a_wrong_crl(verify_cli, unsigned, ca, tmp_path):
    from tests.hostile_annex import PL1_PART
    from tests.support.test_ca import write_crl
    from tests.test_import import _edit_visible

    signed = signed_copy(unsigned, tmp_path, ca)
    assert verify_cli("trust", "add", str(ca["root_file"])).code == 0
    good = verify_cli("verify", str(signed))
    assert good.code == 0 and "Số liệu đã ký: NGUYÊN VẸN" in good.out and "Thời điểm ký" in good.out
    office = read_annex(signed)  # the signer's serial, from the annex's own certificate
    revoked = write_crl(ca["root"], [1001], tmp_path / "thu-hoi.crl")
    result = verify_cli("verify", str(signed), "--crl", str(revoked))
    assert result.code == 2 and "ĐÃ BỊ THU HỒI" in result.out, result
    assert office.signature is not None
    not_a_crl = verify_cli("verify", str(signed), "--crl", str(ca["root_file"]))
    assert not_a_crl.code == 2 and "không phải là danh sách thu hồi" in not_a_crl.err
    edited = rewrite(signed, tmp_path / "sua-trang.xlsx", {PL1_PART: lambda xml: _edit_visible(xml, "345", "346")})
    shown = verify_cli("verify", str(edited))
    assert shown.code == 2
    assert "Số liệu đã ký: NGUYÊN VẸN" in shown.out  # the signed data is intact…
    assert "Trang phụ lục: ĐÃ BỊ SỬA" in shown.out  # …but the printed pages say otherwise


def test_an_annex_signed_by_another_units_certificate_is_said_so(parent, unsigned, ca, tmp_path):
    other = issue(ca["root"], "Trần Thị Bình", "UBND xã Tân Khánh", serial=1002)
    p12 = write_pkcs12(other, ca["root"], tmp_path / "khac.p12")
    trusting(ca)
    source = tmp_path / "P1.xlsx"
    source.write_bytes(unsigned.read_bytes())
    (result,) = signatures_at(tmp_path / "ky").sign(KeySource(pkcs12=p12), PASSWORD, [source])
    (verdict,) = check_files(parent, [result.path])
    assert verdict.ok
    assert verdict.signature.endswith(
        "người ký thuộc «UBND xã Tân Khánh», không phải đơn vị gửi phụ lục «UBND Phường 1»"
    )
    (own,) = check_files(parent, [signed_copy(unsigned, tmp_path / "dung", ca)])
    assert "không phải đơn vị gửi" not in own.signature  # «UBND Phường 1» signs for «UBND Phường 1»
