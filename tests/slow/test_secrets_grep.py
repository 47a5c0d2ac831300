"""Issue 17, case 9, the proof: a clerk's day on a PostgreSQL server whose address carries a password
(recognisable, with @ / % in it), every command of the command line run with it — successes, refusals,
an unreachable server, a bug, a malformed address — with the window's logging on. Then the log, every
stdout and stderr, and every file the program wrote (backups, exports, locks) are searched for the
password as written, decoded, encoded again, with lower-case escapes, partly encoded, and for the
fragments any of those forms holds: nothing is found."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from cchc_desktop.app.infra import logs, paths
from cchc_desktop.cli import COMMANDS, main
from db.connection import close_database
from tests.slow.figures import record
from tests.test_import import export_child

PASSWORD = "Zq7Kx@Vm9Wj/Lp3Tb%"  # as the clerk knows it
WRITTEN = quote(PASSWORD, safe="")  # in the address: Zq7Kx%40Vm9Wj%2FLp3Tb%25
FORMS = {
    "as written": WRITTEN,
    "decoded": PASSWORD,
    "lower-case escapes": re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), WRITTEN),
    "encoded twice": quote(WRITTEN, safe=""),
    "partly encoded (@)": "Zq7Kx@Vm9Wj%2FLp3Tb%25",
    "partly encoded (/ %)": "Zq7Kx%40Vm9Wj/Lp3Tb%",
    "fragment Zq7Kx": "Zq7Kx",  # five characters each: never met by chance in a few MB of binary data
    "fragment Vm9Wj": "Vm9Wj",
    "fragment Lp3Tb": "Lp3Tb",
}


def _content(path: Path) -> str:
    """A file's bytes as text; an .xlsx unzipped and a PDF's compressed streams inflated as well."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    data = path.read_bytes()
    if path.suffix == ".pdf":
        for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
            try:
                data += zlib.decompress(stream)
            except zlib.error:
                continue
    return data.decode("latin-1")


@pytest.mark.postgresql
def test_no_form_of_the_password_reaches_a_log_a_message_or_a_file(pg_url, tmp_path, capsys, monkeypatch):
    address = pg_url.replace("://cchc@", f"://cchc:{WRITTEN}@", 1)
    assert WRITTEN in address
    port = address.rsplit(":", 1)[1].split("/")[0]
    unreachable = address.replace(f":{port}/", ":1/")
    missing = address.rsplit("/", 1)[0] + "/khong_co_csdl_nay"
    malformed = address.replace(WRITTEN, WRITTEN.replace("%40", "%4"))
    child = export_child(tmp_path / "child", "P1", "2023-07")
    capsys.readouterr()
    logs.setup_logging()  # as the window logs: every INFO record goes to cchc.log
    out = tmp_path / "out"
    out.mkdir()

    def bug(ws, args):
        raise RuntimeError(f"lỗi lập trình khi đọc {address} ({PASSWORD})")

    runs = [
        (address, "init", "--unit-code", "SADEC", "--unit-name", "UBND thành phố Sa Đéc", "--level", "huyen"),
        (address, "units", "add", "--code", "P1", "--name", "UBND Phường 1"),
        (address, "set", "--period", "2023-07", "tthc.hs.tiep_nhan=1.138", "tthc.hs.truc_tuyen=1.000"),
        (address, "set", "--period", "2023-07", "tthc.hs.tiep_nhan=-5"),
        (address, "get", "--period", "2023-Q3"),
        (address, "get", "--period", "2023-Q3", "--json", "--consolidated"),
        (address, "check", "--period", "2023-Q3"),
        (address, "check", "--period", "2023-Q3", "--json"),
        (address, "status", "--period", "2023-Q3"),
        (address, "import", "--yes", str(child)),
        (address, "units", "list"),
        (address, "export", "xlsx", "--period", "2023-Q3", "-o", str(out / "phu-luc.xlsx")),
        (address, "export", "pdf", "--period", "2023-Q3", "-o", str(out / "bao-cao.pdf")),
        (address, "backup"),
        (address, "backup", "-o", str(out / "ban-sao.sqlite")),
        (address, "restore", str(out / "ban-sao.sqlite")),
        (unreachable, "get", "--period", "2023-Q3"),
        (missing, "get", "--period", "2023-Q3"),
        (malformed, "get", "--period", "2023-Q3"),
        (malformed, "init", "--unit-code", "X", "--unit-name", "Y"),
        (address, "get", "--period", "2023-Q3"),  # with the bug below
    ]
    statuses: Counter[int] = Counter()
    printed: list[str] = []
    for number, (target, *args) in enumerate(runs):
        if number == len(runs) - 1:
            monkeypatch.setitem(COMMANDS, "get", bug)
        statuses[main(["--db", target, *args])] += 1
        close_database()
        captured = capsys.readouterr()
        printed += [captured.out, captured.err]
    assert statuses[3] == 1 and statuses[0] >= 14, statuses  # the one bug; the rest ran or were refused
    assert statuses[2] >= 5  # a bad value, the unreachable and the missing database, the malformed address twice
    log = paths.log_path().read_text(encoding="utf-8")
    assert "RuntimeError" in log and "***" in log
    written = [path for folder in (paths.data_dir(), out) for path in folder.rglob("*") if path.is_file()]
    assert any("backups" in path.parts for path in written)
    sources = {"stdout and stderr": "".join(printed), "cchc.log": log}
    sources |= {str(path.relative_to(tmp_path)): _content(path) for path in written}
    found = {
        (form, source)
        for source, text in sources.items()
        for form, secret in FORMS.items()
        for shown in {secret, secret.encode("utf-8").decode("latin-1")}
        if shown in text
    }
    assert found == set()
    record(
        "secrets",
        {
            "commands": len(runs),
            "exit_statuses": {str(code): count for code, count in sorted(statuses.items())},
            "forms_searched": sorted(FORMS),
            "sources_searched": len(sources),
            "characters_searched": sum(len(text) for text in sources.values()),
            "log_characters": len(log),
            "found": len(found),
        },
    )
