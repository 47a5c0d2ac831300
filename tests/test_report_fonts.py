"""The report's fonts: the Liberation Serif shipped with the program first (the same PDF on every PC), the
machine's Times New Roman only when the office chooses it, the machine's families only when the shipped
files are missing."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports import fonts
from exports.pdf_report import render_report_pdf
from tests.test_pdf_report import sample_document

SHIPPED_NAMES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}
TIMES_NAMES = {"": "times.ttf", "B": "timesbd.ttf", "I": "timesi.ttf", "BI": "timesbi.ttf"}


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """The machine's font folder, empty at first (no fontconfig); the font cache forgotten before and after."""
    folder = tmp_path / "Windows" / "Fonts"
    folder.mkdir(parents=True)
    monkeypatch.delenv(fonts.FONT_DIR_ENV, raising=False)
    monkeypatch.delenv(fonts.CHOICE_ENV, raising=False)
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [folder])
    monkeypatch.setattr(fonts, "_fontconfig_file", lambda *args: None)
    fonts.clear_font_cache()
    yield folder
    fonts.clear_font_cache()


def install_times(folder: Path) -> None:
    """A Times New Roman as Windows names its files (the shipped faces under those names: real glyphs)."""
    for style, name in TIMES_NAMES.items():
        shutil.copyfile(fonts.SHIPPED_DIR / SHIPPED_NAMES[style], folder / name)


def names(found: dict[str, Path]) -> dict[str, str]:
    return {style: path.name for style, path in found.items()}


def test_the_shipped_liberation_serif_is_used_on_a_machine_without_fonts(machine):
    found = fonts.find_serif_fonts()
    assert names(found) == SHIPPED_NAMES
    assert {path.parent for path in found.values()} == {fonts.SHIPPED_DIR}


def test_the_shipped_font_wins_over_the_machines_times_new_roman_unless_chosen(machine, monkeypatch):
    install_times(machine)
    assert names(fonts.find_serif_fonts()) == SHIPPED_NAMES
    monkeypatch.setenv(fonts.CHOICE_ENV, "Times New Roman")
    found = fonts.find_serif_fonts()
    assert names(found) == TIMES_NAMES
    assert {path.parent for path in found.values()} == {machine}


@pytest.mark.parametrize("spelling", ["Times New Roman", "times", "  TIMES   new roman "])
def test_the_choice_of_times_new_roman_is_read_loosely(machine, monkeypatch, spelling):
    install_times(machine)
    monkeypatch.setenv(fonts.CHOICE_ENV, spelling)
    assert names(fonts.find_serif_fonts()) == TIMES_NAMES


def test_times_new_roman_chosen_but_missing_prints_with_the_shipped_font_and_says_so(machine, monkeypatch, caplog):
    monkeypatch.setenv(fonts.CHOICE_ENV, "Times New Roman")
    caplog.set_level(logging.WARNING, logger="exports.fonts")
    assert names(fonts.find_serif_fonts()) == SHIPPED_NAMES
    assert [r.getMessage() for r in caplog.records] == [
        "CCHC_REPORT_FONT=Times New Roman: not installed on this machine; printing with Liberation Serif"
    ]


def test_an_unknown_choice_keeps_the_shipped_font_and_is_logged(machine, monkeypatch, caplog):
    install_times(machine)
    monkeypatch.setenv(fonts.CHOICE_ENV, "Comic Sans")
    caplog.set_level(logging.WARNING, logger="exports.fonts")
    assert names(fonts.find_serif_fonts()) == SHIPPED_NAMES
    assert "'Comic Sans' is not a report font" in caplog.text


def test_without_the_shipped_files_the_machines_family_is_used(machine, monkeypatch, tmp_path):
    install_times(machine)
    monkeypatch.setattr(fonts, "SHIPPED_DIR", tmp_path / "removed")
    assert names(fonts.find_serif_fonts()) == TIMES_NAMES


def test_the_report_embeds_the_shipped_font(machine):
    reader = PdfReader(io.BytesIO(render_report_pdf(sample_document())))
    used = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            used.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert used == {"LiberationSerif", "LiberationSerifBold", "LiberationSerifItalic", "LiberationSerifBoldItalic"}


def test_the_shipped_font_comes_with_its_licence():
    licence = (fonts.SHIPPED_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Version 1.1" in licence
    assert "Reserved Font Name Liberation" in licence
    assert sorted(path.name for path in fonts.SHIPPED_DIR.glob("*.ttf")) == sorted(SHIPPED_NAMES.values())
