"""The signing dialog's presenter without a display (issue 22): what it proposes (the files exported last, the
key's place remembered on this computer, the token libraries found), what it refuses before the key is
opened, that the PIN is kept nowhere, and the words of the outcome. The job runs at once here."""

from __future__ import annotations

import pytest

from cchc_desktop.app.presenters.sign_presenter import NO_LIBRARY, SignPresenter, SignView
from cchc_desktop.app.usecases.signatures import Signatures
from exports.signing import libraries
from tests.support.fakes import RecordingFake
from tests.support.test_ca import PASSWORD, SIGNING_MOMENT, issue, make_root, write_pkcs12


class FakeSignView(RecordingFake, protocol=SignView):
    def run_job(self, progress, work, on_done, on_failed) -> None:
        try:
            result = work()
        except BaseException as error:  # noqa: BLE001 - as the window hands it over
            on_failed(error)
            return
        on_done(result)


@pytest.fixture
def files(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(bytes(pdf.output()))
    root = make_root()
    return {"report": report, "p12": write_pkcs12(issue(root), root, tmp_path / "ky.p12"), "folder": tmp_path}


def presenter_for(folder, report=None, annex=None) -> tuple[SignPresenter, FakeSignView]:
    view = FakeSignView()
    return SignPresenter(Signatures(folder / "du-lieu", lambda: SIGNING_MOMENT), view, report, annex), view


def last(view, name):
    return [call.args for call in view.calls if call.name == name][-1]


def test_the_files_exported_last_and_the_key_chosen_last_are_proposed(files, monkeypatch):
    monkeypatch.setattr(Signatures, "token_libraries", staticmethod(lambda: []))
    presenter, view = presenter_for(files["folder"], files["report"])
    presenter.start()
    assert last(view, "show_choices") == {
        "report": str(files["report"]),
        "annex": "",
        "kind": "pkcs11",
        "key_path": "",
        "libraries": [],
        "note": NO_LIBRARY,
    }
    presenter.sign(str(files["report"]), "", "pkcs12", str(files["p12"]), PASSWORD)
    again, view = presenter_for(files["folder"])
    again.start()
    choices = last(view, "show_choices")
    assert (choices["kind"], choices["key_path"]) == ("pkcs12", str(files["p12"]))  # remembered, not the password
    assert choices["note"] == ""
    remembered = (files["folder"] / "du-lieu" / "ky-so.json").read_text(encoding="utf-8")
    assert PASSWORD not in remembered


def test_a_token_library_found_on_the_computer_is_proposed(files, tmp_path):
    folder = tmp_path / "System32"
    folder.mkdir()
    for name in ("eps2003csp11.dll", "kernel32.dll", "vendor-pkcs11.dll", "libsofthsm2.so", "libc.so"):
        (folder / name).write_bytes(b"MZ")
    found = libraries.candidate_libraries([folder, tmp_path / "khong-co"], windows=True)
    assert [path.name for path in found] == ["eps2003csp11.dll", "vendor-pkcs11.dll"]
    found = libraries.candidate_libraries([folder], windows=False)
    assert [path.name for path in found] == ["libsofthsm2.so"]


def test_what_can_be_refused_is_refused_before_the_key_is_opened(files):
    presenter, view = presenter_for(files["folder"])
    presenter.sign("", "", "pkcs12", str(files["p12"]), PASSWORD)
    assert last(view, "show_problem")["text"] == "Hãy chọn báo cáo PDF cần ký."
    presenter.sign(str(files["report"]), "", "pkcs12", "", PASSWORD)
    assert last(view, "show_problem")["text"] == "Hãy chọn tệp chứng thư số .p12/.pfx."
    presenter.sign(str(files["report"]), "", "pkcs11", str(files["p12"]), "")
    assert last(view, "show_problem")["text"] == "Hãy nhập mã PIN của thiết bị ký số."
    presenter.sign(str(files["report"]), str(files["folder"] / "khong-co.xlsx"), "pkcs12", str(files["p12"]), "x")
    assert "Không thấy tệp" in last(view, "show_problem")["text"]
    assert not any(call.name == "run_job" for call in view.calls)


def test_signed_then_said_and_the_pin_kept_nowhere(files):
    presenter, view = presenter_for(files["folder"])
    presenter.sign(str(files["report"]), "", "pkcs12", str(files["p12"]), PASSWORD)
    lines = last(view, "show_signed")["lines"]
    assert lines[0].startswith("Đã ký bao-cao.pdf →") and "bao-cao-da-ky.pdf" in lines[0]
    assert "không hiện hình trên trang" in lines[0]  # a PDF of another program: no place marked for the stamp
    assert PASSWORD not in repr(vars(presenter))
    presenter.sign(str(files["report"]), "", "pkcs12", str(files["p12"]), "sai")
    assert "mật khẩu không đúng" in last(view, "show_problem")["text"]
    assert presenter.busy is False
