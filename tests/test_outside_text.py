"""Issue 17, case 12: what an import prints never sends a file's control characters to the terminal
(ESC, BEL, U+202E from cells, headers, sheet names or the file's own name are shown by their code) and
never quotes a cell whole (a 1 000 000-character cell is cut to a few dozen characters)."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from cchc_desktop.cli import main
from db.connection import close_database
from exports.annex_reader import read_annex
from exports.checksum import header_checksum
from forms.safe_text import printable, quoted
from tests.hostile_annex import DATA_PART, PL1_PART, rewrite
from tests.test_import import export_child

ESC_TEXT = "_x001B_[2J_x001B_]0;pwned_x0007_\u202eevil"  # OOXML escapes: the reader turns _x001B_ into ESC
MILLION = 1_000_000
MOST_OUTPUT = 8_000  # characters: a verdict per file, never a cell whole


def _cell_text(xml: str, text: str) -> str:
    """PL1's D44 (the month's received dossiers, 120: a ward's PL1 has no city-only row) made the text `text`."""
    edited, count = re.subn(
        r'(<c r="D44" s="\d+") t="n"><v>120</v></c>', rf'\g<1> t="inlineStr"><is><t>{text}</t></is></c>', xml
    )
    assert count == 1
    return edited


def _map_label(xml: str, text: str) -> str:
    """The cell map's label of D44 (what a message names the cell by) replaced with `text`."""
    edited, count = re.subn(
        r'(<t>D44</t></is></c><c r="C\d+" t="inlineStr"><is><t>)[^<]*(</t>)', rf"\g<1>{text}\g<2>", xml
    )
    assert count == 1
    return edited


def _header(source: Path, target: Path, **fields: str) -> Path:
    """The annex with header fields changed, then signed again as a determined tamperer would."""

    def edit(xml: str) -> str:
        for key, text in fields.items():
            xml, count = re.subn(
                rf'(<t>{key}</t></is></c><c r="B\d+" t="inlineStr"><is><t>)[^<]*(</t>)', rf"\g<1>{text}\g<2>", xml
            )
            assert count == 1
        return xml

    rewrite(source, target, {DATA_PART: edit})
    header = read_annex(target).header
    old, new = header["header_checksum"], header_checksum(header)
    signed = target.with_name("signed-" + target.name)
    rewrite(target, signed, {DATA_PART: lambda xml: xml.replace(f"<t>{old}</t>", f"<t>{new}</t>", 1)})
    signed.replace(target)
    assert read_annex(target).checksum_ok
    return target


# Windows forbids control characters in a file's name (format characters such as U+202E are allowed).
HOSTILE_NAME = "t\x1b[31m\u202e\x07.xlsx" if os.name == "posix" else "t\u202e\u200b.xlsx"


def hostile_annexes(source: Path, folder: Path) -> list[Path]:
    return [
        rewrite(source, folder / "escapes.xlsx", {PL1_PART: lambda xml: _cell_text(xml, ESC_TEXT)}),
        rewrite(source, folder / "million.xlsx", {PL1_PART: lambda xml: _cell_text(xml, "9\u202e" * (MILLION // 2))}),
        rewrite(
            source,
            folder / "label.xlsx",
            {
                PL1_PART: lambda xml: _cell_text(xml, "125\u202e"),
                DATA_PART: lambda xml: _map_label(xml, "x" * MILLION + ESC_TEXT),
            },
        ),
        _header(source, folder / "version.xlsx", template_version="2023.1" + ESC_TEXT),
        _header(source, folder / "period.xlsx", period="2023-07" + ESC_TEXT),
        _header(source, folder / "name.xlsx", unit_code="P9", unit_name="UBND " + ESC_TEXT),
        rewrite(source, folder / HOSTILE_NAME, {}),  # a file's name may hold them too: imported
    ]


def raw_controls(text: str) -> list[str]:
    """Every character a terminal acts on or reorders: controls (but newline) and format characters."""
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf")})


@pytest.fixture(scope="module")
def annex(tmp_path_factory) -> Path:
    return export_child(tmp_path_factory.mktemp("child"), "P1", "2023-07")


def test_import_verdicts_show_control_characters_by_code_and_cut_long_cells(engine_target, annex, tmp_path, capsys):
    for args in (("init", "--unit-code", "SADEC", "--unit-name", "UBND thành phố Sa Đéc", "--level", "huyen"),
                 ("units", "add", "--code", "P1", "--name", "UBND Phường 1")):  # fmt: skip
        assert main(["--db", engine_target, *args]) == 0
        close_database()
    files = hostile_annexes(annex, tmp_path)
    capsys.readouterr()
    status = main(["--db", engine_target, "import", *map(str, files)])
    close_database()
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert status == 2
    assert raw_controls(printed) == []
    assert len(printed) < MOST_OUTPUT, len(printed)
    lines = captured.out.splitlines()
    assert len(lines) >= len(files) + 1 and lines[-1] == f"Đã nhập 1/{len(files)} tệp."
    assert "\\x1b[2J\\x1b]0;pwned\\x07U+202Eevil" in printed  # what the cell held, visibly
    assert "U+202E" in printed and "…" in printed
    assert all(len(line) < 1_500 for line in lines), max(map(len, lines))


def test_printable_and_quoted_show_every_hidden_character():
    text = "a\x1bb\x07c\u202ed\u200be\x9bf\u2028g"
    assert printable(text) == "a\\x1bb\\x07cU+202EdU+200Be\\x9bfU+2028g"
    assert printable("dòng 1\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"
    assert quoted("x\ny") == "x\\ny"
    cut = quoted("\x1b" * MILLION)
    assert len(cut) <= 80 and cut.endswith("…") and raw_controls(cut) == []
    assert quoted("ngắn") == "ngắn" and len(quoted("y" * 81)) == 80
