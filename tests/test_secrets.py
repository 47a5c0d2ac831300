"""Issue 17, case 9: a server password never reaches a message, stderr or the log. An address with a bad
%-escape (or a / ? # @ of the password written as such) is a clear refusal (exit 2, the window says it),
not a bug; a bug whose message quotes the address is logged with the password blanked out."""

from __future__ import annotations

import sys
from urllib.parse import quote

import pytest

from cchc_desktop import gui_main
from cchc_desktop.app.infra import paths
from cchc_desktop.cli import main
from db.connection import close_database
from db.target import parse_target, redact, safe_url

PASSWORD = "Zq7Kx@Vm9/Lp3"  # as the person knows it; in an address: Zq7Kx%40Vm9%2FLp3
WRITTEN = "Zq7Kx%40Vm9%2FLp3"
FRAGMENTS = ("Zq7Kx", "Vm9", "Lp3")  # any form of it, whole or partly encoded, holds one of these
BAD_ADDRESSES = {
    "bad-escape": "postgresql://can-bo:Zq7Kx%zzVm9%23Lp3@127.0.0.1:1/cchc",
    "cut-escape": "postgresql://can-bo:Zq7Kx%40Vm9%2@127.0.0.1:1/cchc",
    "percent-at-end": "postgresql://can-bo:Zq7Kx%40Vm9Lp3%@127.0.0.1:1/cchc",
    "bad-escape-in-user": "postgresql://Zq7Kx%G1:Vm9Lp3@127.0.0.1:1/cchc",
    "slash": "postgresql://can-bo:Zq7Kx/Vm9Lp3@127.0.0.1:1/cchc",
    "hash": "postgresql://can-bo:Zq7Kx#Vm9Lp3@127.0.0.1:1/cchc",
    "question-mark": "postgresql://can-bo:Zq7Kx?Vm9Lp3@127.0.0.1:1/cchc",
    "two-at-signs": "postgresql://can-bo:Zq7Kx@Vm9Lp3@127.0.0.1:1/cchc",
    "port-not-a-number": "postgresql://can-bo:Zq7Kx%40Vm9Lp3@127.0.0.1:x1/cchc",
}


def leaks(*texts: str) -> list[str]:
    return [fragment for fragment in FRAGMENTS if any(fragment in text for text in texts)]


def log_text() -> str:
    path = paths.log_path()
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.mark.parametrize("address", BAD_ADDRESSES.values(), ids=BAD_ADDRESSES.keys())
def test_a_malformed_address_is_refused_without_showing_the_password(address, capsys, monkeypatch):
    for args in (["--db", address, "get", "--period", "2023-Q3"], ["init", "--unit-code", "X", "--unit-name", "Y"]):
        monkeypatch.setenv("CCHC_DB", address)
        code = main(args)
        close_database()
        captured = capsys.readouterr()
        assert code == 2, captured
        assert "Chưa kết nối" in captured.err or "%40" in captured.err, captured.err
        assert leaks(captured.out, captured.err, log_text()) == []


def test_the_window_says_the_address_is_malformed_and_logs_nothing_of_it(capsys, monkeypatch):
    shown = []

    class Root:
        def destroy(self) -> None:
            shown.append("destroyed")

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the window sets its own: put back after
    monkeypatch.setattr(gui_main, "make_root", Root)
    monkeypatch.setattr(gui_main, "startup_error", lambda root, title, text: shown.append((title, text)))
    assert gui_main.main(["--db", BAD_ADDRESSES["bad-escape"]]) == 2
    (title, text), destroyed = shown
    assert title == "Không mở được cơ sở dữ liệu" and "%25" in text and destroyed == "destroyed"
    captured = capsys.readouterr()
    assert leaks(text, captured.out, captured.err, log_text()) == []


def test_a_bug_quoting_the_address_is_logged_with_the_password_blanked(capsys, monkeypatch):
    address = f"postgresql://can-bo:{WRITTEN}@127.0.0.1:1/cchc"

    def bug(*args, **kwargs):
        raise RuntimeError(f"không kết nối được {address} (mật khẩu {PASSWORD!r}, {WRITTEN.replace('%2F', '%2f')})")

    monkeypatch.setattr("cchc_desktop.app.workspace.Workspace.open", bug)
    assert main(["--db", address, "get", "--period", "2023-Q3"]) == 3
    captured = capsys.readouterr()
    assert "Lỗi hệ thống" in captured.err
    logged = log_text()
    assert "RuntimeError" in logged and "postgresql://can-bo:***@127.0.0.1:1/cchc" in logged
    assert leaks(captured.out, captured.err, logged) == []


def test_every_form_of_the_password_is_hidden():
    target = parse_target(f"postgresql://can-bo:{WRITTEN}@may-chu:5432/cchc?password=Pw0Query")
    for shown in (str(target), repr(target), safe_url(target.url)):
        assert "Zq7Kx" not in shown and "Pw0Query" not in shown and "can-bo:***@may-chu:5432/cchc" in shown
    for form in (WRITTEN, PASSWORD, quote(PASSWORD, safe=""), WRITTEN.replace("%2F", "%2f"), "Pw0Query"):
        assert redact(f"lỗi: {form}.") == "lỗi: ***.", form
