"""Whose fault (issue 20, item 8): a file's own faults keep their verdict (“bị hỏng”, a warning in the log);
a bug of our reader is told as one (“lỗi chương trình khi đọc tệp — đã ghi vào nhật ký”), its traceback in
the log; a failed background job is logged at ERROR with its traceback."""

from __future__ import annotations

import logging
import re
import time
import zipfile
from pathlib import Path

import pytest

from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.infra.jobs import BackgroundJob
from cchc_desktop.app.infra.progress import Cancelled
from exports import annex_reader, xlsx_guard
from exports.annex_reader import read_annex
from exports.errors import ExportError
from exports.xlsx_guard import PROGRAM_ERROR, ProgramError
from tests.hostile_annex import DATA_PART, PL2_PART, export_annex, rewrite
from tests.test_import import _refused_and_nothing_stored, annexes, parent  # noqa: F401 - fixtures

WORKBOOK = "xl/workbook.xml"
RELS = "xl/_rels/workbook.xml.rels"
STRINGS = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>'
DOCTYPE = '<!DOCTYPE x [<!ENTITY a "aaaa">]>'


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return export_annex(tmp_path_factory.mktemp("good") / "Phụ lục CCHC quý III-2023.xlsx")


def _strings_part(content: bytes):
    def add(archive: zipfile.ZipFile) -> None:
        archive.writestr("xl/sharedStrings.xml", content)

    return add


# case → (members changed, members added, what the verdict says): a damaged part of the file, each reaching
# the reader's parsers (the zip itself is sound, so the archive checks let it through)
BROKEN = {
    "data_sheet_cut": ({DATA_PART: lambda xml: xml[: len(xml) // 2]}, None, "bị hỏng: không đọc được trang dữ liệu ẩn"),
    "data_sheet_with_entity": ({DATA_PART: lambda xml: DOCTYPE + xml}, None, "trang dữ liệu ẩn"),
    "pl2_sheet_not_xml": ({PL2_PART: lambda xml: xml.replace("</sheetData>", "</sheetDat>")}, None, "biểu Hồ sơ TTHC"),
    "data_sheet_missing": ({RELS: lambda xml: xml.replace("sheet5.xml", "sheet9.xml")}, None, "trang dữ liệu ẩn"),
    "workbook_not_xml": ({WORKBOOK: lambda xml: xml.replace("</sheets>", "</sheet>")}, None, "danh sách trang tính"),
    "workbook_with_entity": ({WORKBOOK: lambda xml: DOCTYPE + xml}, None, "danh sách trang"),
    "strings_not_xml": ({}, _strings_part(b"<sst><si><t>x</si></sst>"), "phần chữ của các ô"),
    "strings_not_utf8": ({}, _strings_part(b'<?xml version="1.0"?><sst><si><t>\xff\xfe</t></si></sst>'), "phần chữ"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_damaged_part_keeps_the_damaged_verdict_with_a_warning(case, good, tmp_path, caplog):
    change, extra, said = BROKEN[case]
    broken = rewrite(good, tmp_path / f"{case}.xlsx", change, extra)
    with caplog.at_level(logging.WARNING), pytest.raises(ExportError) as caught:
        read_annex(broken)
    message = str(caught.value)
    assert not isinstance(caught.value, ProgramError) and PROGRAM_ERROR not in message
    assert broken.name in message and said in message and "hỏng" in message, message
    assert [r.levelname for r in caplog.records if r.name.startswith("exports")] == ["WARNING"]
    assert read_annex(good).checksum_ok


# (module, function, what our bug raises): a row of the hidden sheet being sorted, a cell inside the XML
# parser's handlers, the check codes after the reading
BUGS = [
    (annex_reader, "_text", TypeError("unsupported operand")),
    (xlsx_guard, "_cell_value", AttributeError("'NoneType' object has no attribute 'join'")),
    (annex_reader, "checksum_problems", NameError("name 'header' is not defined")),
    (xlsx_guard, "_rich_text", KeyError("a bug's KeyError, not a missing part")),
]


def _raising(error: Exception):
    def broken(*_args, **_kwargs):
        raise error

    return broken


@pytest.mark.parametrize(("module", "function", "error"), BUGS, ids=[b[1] for b in BUGS])
def test_a_bug_of_the_reader_is_told_as_ours_with_its_traceback_in_the_log(
    good, tmp_path, monkeypatch, caplog, module, function, error
):
    source = good
    if function == "_rich_text":  # only a file Excel saved again has a shared strings table
        source = rewrite(good, tmp_path / "resaved.xlsx", {}, _strings_part(STRINGS))
    monkeypatch.setattr(module, function, _raising(error))
    with caplog.at_level(logging.WARNING), pytest.raises(ProgramError) as caught:
        read_annex(source)
    assert str(caught.value) == f"Tệp {source.name}: lỗi chương trình khi đọc tệp — đã ghi vào nhật ký."
    assert isinstance(caught.value, UserError) and "hỏng" not in str(caught.value)
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.levelname == "ERROR" and source.name in record.getMessage()
    assert record.exc_info and record.exc_info[0] is type(error)
    assert "Traceback (most recent call last)" in caplog.text and "in broken" in caplog.text  # where it was raised
    assert re.search(rf"^{type(error).__name__}: ", caplog.text, re.MULTILINE)
    assert not [r for r in caplog.records if r.levelname == "WARNING" and "unreadable" in r.getMessage()]


def test_the_import_refuses_the_file_with_the_program_error_and_stores_nothing(
    parent,  # noqa: F811
    annexes,  # noqa: F811
    monkeypatch,
    caplog,
):
    monkeypatch.setattr(annex_reader, "_text", _raising(TypeError("a bug")))
    with caplog.at_level(logging.WARNING):
        (verdict,) = _refused_and_nothing_stored(parent, [annexes["P1"]])
    assert verdict.status == "refused"
    assert PROGRAM_ERROR in verdict.message and "hỏng" not in verdict.message, verdict.message
    assert any(r.levelname == "ERROR" and r.exc_info and r.exc_info[0] is TypeError for r in caplog.records)


# ----- background jobs ------------------------------------------------------------------------------
def _outcome(job: BackgroundJob):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        event = job.poll()
        if event is not None:
            return event
        time.sleep(0.01)
    raise AssertionError("the job did not finish")


def _broken_work():
    return {}["a key our code forgot"]


def test_a_failed_job_is_logged_at_error_with_its_traceback(caplog):
    with caplog.at_level(logging.INFO, logger="cchc_desktop.app.infra.jobs"):
        event = _outcome(BackgroundJob(_broken_work).start())
    assert event.kind == "failed" and isinstance(event.error, KeyError)
    (record,) = [r for r in caplog.records if r.name == "cchc_desktop.app.infra.jobs"]
    assert record.levelname == "ERROR" and record.exc_info and record.exc_info[0] is KeyError
    assert "Traceback (most recent call last)" in caplog.text and "_broken_work" in caplog.text


@pytest.mark.parametrize("error", [Cancelled(), ExportError("Không ghi được tệp: tệp đang mở.")])
def test_a_refused_or_cancelled_job_is_no_error_in_the_log(caplog, error):
    def work():
        raise error

    with caplog.at_level(logging.INFO, logger="cchc_desktop.app.infra.jobs"):
        event = _outcome(BackgroundJob(work).start())
    assert event.kind == "failed" and event.error is error
    (record,) = [r for r in caplog.records if r.name == "cchc_desktop.app.infra.jobs"]
    assert record.levelname == "INFO" and not record.exc_info and str(error) in record.getMessage()
