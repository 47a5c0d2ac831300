"""Open an untrusted .xlsx safely: refuse hostile archives before unpacking, stream sheets within bounds.

Everything here reads the zip with the standard library and parses XML with defusedxml, one element at a
time, so a file claiming a million rows or a cell at XFD1048576 is refused at the first cell out of bounds,
without building the sheet in memory.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml.ElementTree import iterparse
from defusedxml.ElementTree import parse as parse_xml

from exports.errors import ExportError

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_PART = 10 * 1024 * 1024  # any part other than a worksheet (shared strings, styles, workbook…)
MAX_MEMBERS = 2000
MAX_RATIO = 500  # deflate tops out near 1032:1 on zeros; real xlsx parts stay under 100:1
RATIO_FLOOR = 1024 * 1024  # small parts may compress oddly well: the ratio only counts above 1 MB
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_NAMES = (".xlsm", ".xltm", ".xlam", ".xlsb")
CHUNK = 256 * 1024

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?")


def _refuse(name: str, problem: str) -> ExportError:
    return ExportError(f"Tệp {name} {problem}")


def check_archive(handle, name: str) -> zipfile.ZipFile:
    """The open zip of an .xlsx that passed every check before unpacking; refuses with ExportError."""
    if name.lower().endswith(MACRO_NAMES):
        raise _refuse(name, "là sổ tính có macro (.xlsm/.xlsb); phần mềm không mở loại tệp này vì có thể chứa mã độc.")
    head = handle.read(8)
    handle.seek(0)
    if head == OLE_MAGIC:
        raise _refuse(
            name,
            "là tệp Excel cũ (.xls) hoặc tệp Excel đặt mật khẩu mở; hãy đề nghị đơn vị gửi lại tệp phụ lục "
            ".xlsx gốc do phần mềm CCHC xuất, không đặt mật khẩu.",
        )
    if not zipfile.is_zipfile(handle):
        if head[:4] == b"PK\x03\x04":
            raise _refuse(
                name,
                "bị cắt cụt hoặc hỏng (có thể tải về hay sao chép chưa xong); hãy đề nghị đơn vị gửi lại tệp.",
            )
        raise _refuse(name, "không phải là tệp Excel (.xlsx); hãy chọn tệp phụ lục do phần mềm CCHC xuất ra.")
    try:
        archive = zipfile.ZipFile(handle)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(name, "bị hỏng, không mở được như một tệp Excel (.xlsx).") from None
    try:
        _check_members(archive, members, name)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> None:
    if len(members) > MAX_MEMBERS:
        count = format(len(members), ",").replace(",", ".")
        raise _refuse(
            name, f"có quá nhiều thành phần ({count}). Đây không phải là tệp phụ lục CCHC; phần mềm không mở tệp này."
        )
    bomb = (
        "khi giải nén lớn hơn 50 MB. Đây không phải là tệp phụ lục CCHC (tệp phụ lục chỉ vài trăm KB); "
        "phần mềm không mở tệp này."
    )
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED:
        raise _refuse(name, bomb)
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _refuse(
            name,
            "là tệp nén (zip) nhưng không phải là sổ tính Excel (.xlsx); "
            "hãy chọn tệp phụ lục do phần mềm CCHC xuất ra.",
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise _refuse(name, "có thành phần được mã hóa bằng mật khẩu; phần mềm không mở tệp này.")
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise _refuse(
                name,
                f"có thành phần “{member.filename}” nén bất thường (tỷ lệ nén quá lớn – dấu hiệu “bom nén”); "
                "phần mềm không mở tệp này.",
            )
        if not member.filename.startswith("xl/worksheets/") and member.file_size > MAX_PART:
            raise _refuse(name, f"có thành phần “{member.filename}” lớn bất thường; phần mềm không mở tệp này.")
    macro = (
        "chứa macro (mã VBA) hoặc đối tượng nhúng; tệp phụ lục của phần mềm CCHC không bao giờ có macro, "
        "phần mềm không mở tệp này vì có thể chứa mã độc."
    )
    total = 0
    for member in members:
        lowered = member.filename.lower()
        if "vbaproject" in lowered or "vbadata" in lowered:
            raise _refuse(name, macro)
        try:
            with archive.open(member) as stream:
                first = True
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > MAX_UNCOMPRESSED:
                        raise _refuse(name, bomb)
                    if first and chunk[:8] == OLE_MAGIC:
                        raise _refuse(name, macro)
                    if lowered.endswith(".rels") or lowered == "[content_types].xml":
                        text = chunk.lower()
                        if b"vbaproject" in text or b"macroenabled" in text or b"vnd.ms-office.activex" in text:
                            raise _refuse(name, macro)
                    first = False
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
            raise _refuse(
                name,
                f"bị hỏng (thành phần “{member.filename}” không giải nén được hoặc sai mã kiểm tra CRC); "
                "hãy đề nghị đơn vị gửi lại tệp.",
            ) from None


@dataclass
class SheetInfo:
    title: str
    path: str
    state: str = "visible"


def workbook_sheets(archive: zipfile.ZipFile, name: str) -> dict[str, SheetInfo]:
    """Sheet title → its part in the archive, from xl/workbook.xml and its relationships."""
    try:
        with archive.open("xl/workbook.xml") as stream:
            root = parse_xml(stream).getroot()
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in archive.namelist():
            with archive.open("xl/_rels/workbook.xml.rels") as stream:
                for rel in parse_xml(stream).getroot().iter(f"{_PKG_REL}Relationship"):
                    targets[rel.get("Id", "")] = rel.get("Target", "")
    except Exception:
        raise _refuse(name, "bị hỏng: không đọc được danh sách trang tính (xl/workbook.xml).") from None
    sheets: dict[str, SheetInfo] = {}
    for sheet in root.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id", ""), "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        sheets[sheet.get("name", "")] = SheetInfo(sheet.get("name", ""), path, sheet.get("state", "visible"))
    return sheets


def shared_strings(archive: zipfile.ZipFile, name: str) -> list[str]:
    """The shared strings table (Excel writes one when it re-saves a file; the exporter writes inline text)."""
    part = "xl/sharedStrings.xml"
    if part not in archive.namelist():
        return []
    strings: list[str] = []
    try:
        with archive.open(part) as stream:
            for _, element in iterparse(stream, events=("end",)):
                if element.tag == f"{_MAIN}si":
                    strings.append(_rich_text(element))
                    element.clear()
    except Exception:
        raise _refuse(name, "bị hỏng: không đọc được bảng chữ dùng chung (xl/sharedStrings.xml).") from None
    return strings


def _rich_text(element) -> str:
    parts = []
    for child in element:
        if child.tag == f"{_MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{_MAIN}r":
            parts.extend(t.text or "" for t in child.iter(f"{_MAIN}t"))
    return "".join(parts)


@dataclass
class Bounds:
    """The largest row and column a sheet may use; the reader may lower rows once it knows more."""

    rows: int
    columns: int
    declared: tuple[int, int] | None = field(default=None)  # (rows, columns) from <dimension>, when present


def column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class OutOfBounds(Exception):
    """A sheet declares or holds a cell beyond its bounds: (row, column, declared)."""

    def __init__(self, row: int, column: int, declared: bool):
        super().__init__(f"{column_letters(column)}{row}")
        self.row, self.column, self.declared = row, column, declared

    @property
    def ref(self) -> str:
        return f"{column_letters(self.column)}{self.row}"


def stream_rows(
    archive: zipfile.ZipFile, part: str, strings: list[str], bounds: Bounds
) -> Iterator[tuple[int, dict[int, object]]]:
    """(row number, {column: value}) for each non-empty row, one at a time; raises OutOfBounds at once.

    Values are what openpyxl gives without data_only: numbers as int/float, text as str, formulas as
    "=…", booleans as bool. Nothing beyond bounds.rows/bounds.columns is ever built.
    """
    row_number = 0
    column = 0
    cells: dict[int, object] = {}
    sheet_data = None
    with archive.open(part) as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{_MAIN}row":
                    row_number = _int(element.get("r"), row_number + 1)
                    column = 0
                    if row_number > bounds.rows:
                        raise OutOfBounds(row_number, 1, False)
                elif tag == f"{_MAIN}c":
                    column = _cell_column(element.get("r"), column + 1)
                    if column > bounds.columns:
                        raise OutOfBounds(row_number, column, False)
                elif tag == f"{_MAIN}sheetData":
                    sheet_data = element
                elif tag == f"{_MAIN}dimension":
                    _check_dimension(element.get("ref", ""), bounds)
                continue
            if tag == f"{_MAIN}c":
                value = _cell_value(element, strings)
                if value is not None:
                    cells[column] = value
                element.clear()
            elif tag == f"{_MAIN}row":
                if cells:
                    yield row_number, cells
                    cells = {}
                if sheet_data is not None:
                    sheet_data.clear()


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def _cell_column(ref: str | None, default: int) -> int:
    if not ref:
        return default
    letters = ref.rstrip("0123456789$").lstrip("$")
    return column_index(letters) if letters.isalpha() and len(letters) <= 3 else default


def _check_dimension(ref: str, bounds: Bounds) -> None:
    last = ref.split(":")[-1]
    found = _REF.fullmatch(last)
    if not found:
        return
    letters, digits = found.groups()
    rows = int(digits) if digits else 1
    columns = column_index(letters) if letters else 1
    bounds.declared = (rows, columns)
    if rows > bounds.rows or columns > bounds.columns:
        raise OutOfBounds(rows, columns, True)


def _cell_value(element, strings: list[str]) -> object:
    kind = element.get("t", "n")
    value = formula = None
    inline = None
    for child in element:
        if child.tag == f"{_MAIN}v":
            value = child.text
        elif child.tag == f"{_MAIN}f":
            formula = child.text
        elif child.tag == f"{_MAIN}is":
            inline = _rich_text(child)
    if formula is not None:
        return f"={formula}"
    if kind == "inlineStr":
        return inline
    if value is None:
        return None
    if kind == "s":
        index = _int(value, -1)
        return strings[index] if 0 <= index < len(strings) else None
    if kind == "b":
        return value.strip() in ("1", "true")
    if kind == "n":
        try:
            return float(value) if any(mark in value for mark in ".eE") else int(value)
        except ValueError:
            return value
    return value
