"""Hostile and broken annex files, each built from a real exported annex (shared by the tests and the bench)."""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from exports.xlsx_annex import write_annex_xlsx

DATA_PART = "xl/worksheets/sheet5.xml"  # `_cchc`, the fifth sheet the exporter writes
PL1_PART = "xl/worksheets/sheet1.xml"
PL2_PART = "xl/worksheets/sheet2.xml"
MILLION = 1_000_000


def export_annex(target: Path) -> Path:
    from tests.test_xlsx_annex import make_book

    return write_annex_xlsx(make_book(), target)


def rewrite(source: Path, target: Path, change: dict[str, Callable[[str], str]], extra=None, stored=False) -> Path:
    """Copy the zip, passing the named members' text through change; extra(archive) may add members."""
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", method) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in change:
                data = change[info.filename](data.decode("utf-8")).encode("utf-8")
            new.writestr(info.filename, data, compress_type=method)
        if extra:
            extra(new)
    return target


def _stream_member(source: Path, target: Path, part: str, tail: Callable[[int], object]) -> Path:
    """Copy the zip; the member part gets rows written by a generator before </sheetData>, never in memory."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            text = old.read(info)
            if info.filename != part:
                new.writestr(info.filename, text)
                continue
            xml = text.decode("utf-8")
            before, after = xml.split("</sheetData>")
            last = max(int(r) for r in re.findall(r'<row r="(\d+)"', before))
            with new.open(info.filename, "w", force_zip64=True) as member:
                member.write(before.encode("utf-8"))
                for chunk in tail(last):
                    member.write(chunk)
                member.write(("</sheetData>" + after).encode("utf-8"))
    return target


def million_rows(last: int):
    """10⁶ one-cell rows after row last, written 10,000 at a time."""
    for start in range(last + 1, last + 1 + MILLION, 10_000):
        yield "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(start, start + 10_000)).encode()


def bare_rows(last: int):
    """10⁶ one-cell rows without addresses (the smallest form: about 117 kB compressed)."""
    for _ in range(0, MILLION, 10_000):
        yield b"<row><c><v>1</v></c></row>" * 10_000


def _shift_rows(xml: str) -> str:
    head, body = xml.split("<sheetData>")
    body = re.sub(r'<row r="(\d+)"', lambda m: f'<row r="{int(m.group(1)) + 1}"', body)
    body = re.sub(r'<c r="([A-Z]+)(\d+)"', lambda m: f'<c r="{m.group(1)}{int(m.group(2)) + 1}"', body)
    return head + "<sheetData>" + body


def _first_row_cell(ref: str) -> Callable[[str], str]:
    return lambda xml: xml.replace("</row>", f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>', 1)


def _last_row(ref: str) -> Callable[[str], str]:
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return lambda xml: xml.replace(
        "</sheetData>", f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )


def _declare(ref: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)


def _zeros(size: int) -> Callable[[zipfile.ZipFile], None]:
    def add(archive: zipfile.ZipFile) -> None:
        with archive.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(size):
                member.write(chunk)

    return add


def _member(name: str, data: bytes) -> Callable[[zipfile.ZipFile], None]:
    return lambda archive: archive.writestr(name, data)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def build(case: str, good: Path, folder: Path) -> Path:
    """The hostile file named case, made from the good annex; its name ends like the case says."""
    target = folder / f"{case}.xlsx"
    if case == "not_zip":
        target.write_text("Đây không phải tệp Excel", encoding="utf-8")
    elif case == "zip_not_xlsx":
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("thu.txt", "xin chào")
    elif case == "xlsm_name":
        target = folder / "phu_luc.xlsm"
        shutil.copy(good, target)
    elif case == "vba_renamed":
        rewrite(good, target, {}, _member("xl/media/image1.png", OLE))
    elif case == "vba_project":
        rewrite(good, target, {}, _member("xl/vbaProject.bin", b"not even ole"))
    elif case == "macro_content_type":
        rewrite(
            good,
            target,
            {
                "[Content_Types].xml": lambda xml: xml.replace(
                    "spreadsheetml.sheet.main+xml", "ms-excel.sheet.macroEnabled.main+xml"
                )
            },
        )
    elif case == "over_50_mb":
        rewrite(good, target, {}, _zeros(60))
    elif case == "bomb_ratio":
        rewrite(good, target, {}, _zeros(20))
    elif case == "too_many_members":
        rewrite(good, target, {}, lambda a: [a.writestr(f"xl/extra/{n}.xml", "") for n in range(2001)])
    elif case == "truncated":
        data = good.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif case == "crc_error":
        rewrite(good, target, {}, stored=True)
        data = target.read_bytes()
        target.write_bytes(data.replace(b"cchc-annex", b"cchc-annez", 1))
    elif case == "encrypted":
        rewrite(good, target, {}, _member("xl/secret.xml", b"<x/>"))
        data = bytearray(target.read_bytes())
        central = data.rfind(b"PK\x01\x02")  # the last member's central directory entry
        data[central + 8] |= 0x1  # general purpose flag: encrypted
        target.write_bytes(bytes(data))
    elif case == "other_program":
        from openpyxl import Workbook

        Workbook().save(target)
    elif case == "future_format":
        rewrite(good, target, {DATA_PART: _future})
    elif case == "data_xfd1":
        rewrite(good, target, {DATA_PART: _first_row_cell("XFD1")})
    elif case == "data_a1048576":
        rewrite(good, target, {DATA_PART: _last_row("A1048576")})
    elif case == "data_declares_xfd1048576":
        rewrite(
            good,
            target,
            {DATA_PART: lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml)},
        )
    elif case == "data_million_rows":
        _stream_member(good, target, DATA_PART, million_rows)
    elif case == "data_million_bare_rows":
        _stream_member(good, target, DATA_PART, bare_rows)
    elif case == "pl1_shifted_million_rows":
        shifted = rewrite(good, folder / "shifted.xlsx", {PL1_PART: _shift_rows})
        _stream_member(shifted, target, PL1_PART, million_rows)
        shifted.unlink()
    elif case == "cell_map_far_away":
        rewrite(good, target, {DATA_PART: lambda xml: xml.replace("<t>C10</t>", "<t>C5000000</t>", 1)})
    elif case == "pl2_xfd1":
        rewrite(good, target, {PL2_PART: _first_row_cell("XFD1")})
    else:
        raise ValueError(case)
    return target


def _future(xml: str) -> str:
    return re.sub(r"(<t>format_version</t></is></c><c [^>]*><is><t>)1(</t>)", r"\g<1>2\g<2>", xml, count=1)


# case → what the refusal must say (a regular expression over the Vietnamese message)
EXPECTED = {
    "not_zip": "không phải là tệp Excel",
    "zip_not_xlsx": "không phải là sổ tính Excel",
    "xlsm_name": "macro",
    "vba_renamed": "macro",
    "vba_project": "macro",
    "macro_content_type": "macro",
    "over_50_mb": "50 MB",
    "bomb_ratio": "bom nén",
    "too_many_members": "quá nhiều thành phần",
    "truncated": "cắt cụt",
    "crc_error": "một phần của tệp không giải nén được",
    "encrypted": "mã hóa",
    "other_program": "không phải là tệp phụ lục do CCHC Desktop xuất",
    "future_format": "phiên bản 2",
    "data_xfd1": "trang dữ liệu ẩn có dữ liệu ở ô XFD1",
    "data_a1048576": "trang dữ liệu ẩn có dữ liệu ở ô A1048576",
    "data_declares_xfd1048576": "trang dữ liệu ẩn khai báo vùng dữ liệu đến ô XFD1048576",
    "data_million_rows": "trang dữ liệu ẩn có dữ liệu ở ô A",
    "data_million_bare_rows": "trang dữ liệu ẩn có dữ liệu ở ô A|bom nén",
    "pl1_shifted_million_rows": "biểu Số liệu có dữ liệu ở ô A",
    "cell_map_far_away": "trang dữ liệu ẩn chỉ tới ô C5000000 của biểu Hồ sơ TTHC",
    "pl2_xfd1": "biểu Hồ sơ TTHC có dữ liệu ở ô XFD1",
}


_HEADER_CELL = re.compile(
    r'<c r="A(\d+)"[^>]*><is><t>([a-z_]+)</t></is></c><c r="B\1"[^>]*><is><t>([^<]*)</t></is></c>'
)


def resign(xml: str, values) -> str:
    """A `_cchc` sheet edited by hand, then signed again as a determined tamperer would: the values'
    checksum recomputed, then the header's (which covers it) from the header as the sheet now holds it."""
    from exports.checksum import checksum, header_checksum

    header = {key: html.unescape(text) for _, key, text in _HEADER_CELL.findall(xml)}
    old_values, old_header = header.get("checksum", ""), header.get("header_checksum", "")
    header["checksum"] = checksum(values)
    xml = xml.replace(f"<t>{old_values}</t>", f"<t>{header['checksum']}</t>", 1)
    if old_header:
        xml = xml.replace(f"<t>{old_header}</t>", f"<t>{header_checksum(header)}</t>", 1)
    return xml
