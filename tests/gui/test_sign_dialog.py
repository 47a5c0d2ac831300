"""Issue 22, the window's door: Tệp → Ký số báo cáo… on a new ward whose report and annex were just exported.
The files are proposed; a wrong password is said in the dialog, the field emptied, nothing written; the right
one (typed key by key) signs both files beside the originals; the dialog is whole on a 1366×768 screen at
100 % and 125 %, no window manager. The "token" is a .p12 file of a test CA (the PKCS#11 path is tested with
SoftHSM2 in tests/test_signing_token.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from asn1crypto import x509

from cchc_desktop.app.presenters.sign_presenter import MENU_LABEL
from cchc_desktop.app.usecases.signatures import Signatures
from cchc_desktop.ui.sign_dialog import SignDialog
from exports.signing.pdf_verify import verify_pdf
from tests.gui.conftest import FIXED_NOW, opened_window, pump
from tests.gui.dialog_driver import DialogDriver, assert_focus_in, assert_on_screen, assert_seen
from tests.gui.test_discard_ask import click, type_keys
from tests.support.test_ca import PASSWORD, issue, make_root, write_pkcs12

pytestmark = pytest.mark.gui
PERIOD = "2023-Q3"


@pytest.fixture
def ward(cchc, db_path, tmp_path):
    assert (
        cchc("init", "--unit-code", "P-ANHOA", "--unit-name", "UBND phường An Hòa", "--frequency", "quarter").code == 0
    )
    assert cchc("set", "--period", PERIOD, "tthc.hs.truc_tuyen=130").code == 0
    folder = tmp_path / "xuat"
    folder.mkdir()
    report, annex = folder / "Báo cáo quý III.pdf", folder / "Phụ lục quý III.xlsx"
    assert cchc("export", "pdf", "--period", PERIOD, "-o", str(report)).code == 0
    assert cchc("export", "xlsx", "--period", PERIOD, "-o", str(annex)).code == 0
    root_ca = make_root()
    p12 = write_pkcs12(issue(root_ca, "Nguyễn Văn An", "UBND phường An Hòa"), root_ca, tmp_path / "An.p12")
    return {"db": db_path, "report": report, "annex": annex, "p12": p12, "root": root_ca, "folder": folder}


def _until(root, condition, seconds: float = 30.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        pump(root, 0.05)
    raise AssertionError("the dialog did not finish in time")


def test_the_report_and_annex_are_signed_from_the_window(root, scaling, ward, monkeypatch):
    monkeypatch.setattr(Signatures, "token_libraries", staticmethod(lambda: []))
    seen: dict[str, object] = {}

    def sign(dialog):
        assert_seen(dialog)
        for widget in (dialog.sign_button, dialog.close_button, dialog.secret, dialog.annex):
            assert_on_screen(widget)
        assert dialog.report.get() == str(ward["report"]) and dialog.annex.get() == str(ward["annex"])
        assert_focus_in(dialog, dialog.secret)
        assert dialog.message_text().startswith("Chưa tìm thấy thư viện PKCS#11")  # none on this computer
        click(dialog.kind_buttons["pkcs12"])
        pump(root, 0.05)
        assert dialog.message_text() == ""
        assert dialog.secret_label.cget("text") == "Mật khẩu của tệp:"
        dialog.key_path.set(str(ward["p12"]))
        click(dialog.kind_buttons["pkcs12"])  # the kind already chosen, clicked again: the path stays
        pump(root, 0.05)
        assert dialog.key_path.get() == str(ward["p12"])
        assert dialog.secret.tk_focusNext() is dialog.sign_button  # Tab from the PIN reaches Ký first
        type_keys(dialog.secret, "sai")
        click(dialog.sign_button)
        _until(root, lambda: dialog.message_text())
        seen["wrong"] = dialog.message_text()
        seen["after_wrong"] = sorted(path.name for path in ward["folder"].iterdir())
        assert dialog.secret.get() == ""  # emptied: never kept
        type_keys(dialog.secret, PASSWORD)
        assert dialog.message_text() == ""  # typing again clears the last problem
        click(dialog.sign_button)
        _until(root, lambda: dialog.signed)
        seen["done"] = dialog.message_text()
        assert dialog.secret.get() == ""
        click(dialog.close_button)

    with opened_window(root, ward["db"], PERIOD) as window:
        window.presenter.exports.last.update({(PERIOD, "pdf"): ward["report"], (PERIOD, "xlsx"): ward["annex"]})
        with DialogDriver(root) as driver:
            driver.expect(SignDialog, sign)
            window.files_menu.invoke(window.files_menu.index(MENU_LABEL))
            _until(root, lambda: not driver.steps or driver.errors, 60)
        pump(root, 0.2)
        assert window.status.full_text.startswith("Đã ký số lúc")
    assert "mật khẩu không đúng" in str(seen["wrong"])
    assert seen["after_wrong"] == ["Báo cáo quý III.pdf", "Phụ lục quý III.xlsx"]
    assert "Đã ký Báo cáo quý III.pdf → Báo cáo quý III-da-ky.pdf (hình chữ ký số ở trang" in str(seen["done"])
    assert f"cùng thư mục với tệp gốc: {ward['folder']}." in str(seen["done"])
    assert "Phụ lục quý III-da-ky.xlsx" in str(seen["done"])
    signed = ward["folder"] / "Báo cáo quý III-da-ky.pdf"
    roots = [x509.Certificate.load(ward["root"].der())]
    verdict = verify_pdf(signed, roots, FIXED_NOW.astimezone())
    assert verdict.ok and verdict.signatures[0].signer.name == "Nguyễn Văn An"
    assert Path(ward["folder"] / "Phụ lục quý III-da-ky.xlsx").is_file()
