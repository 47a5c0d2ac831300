"""Open an untrusted .xlsx safely: refuse hostile archives before unpacking, stream sheets within bounds.

Everything here reads the zip with the standard library and parses XML with defusedxml, one element at a
time, so a file claiming a million rows or a cell at XFD1048576 is refused at the first cell out of bounds,
without building the sheet in memory.
"""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NoReturn, TypeVar
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from defusedxml.ElementTree import parse as parse_xml

from exports.errors import ExportError
from forms.errors import UserError, os_reason

T = TypeVar("T")

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_PART = 10 * 1024 * 1024  # any part other than a worksheet (shared strings, styles, workbook…)
MAX_MEMBERS = 2000
MAX_RATIO = 500  # deflate tops out near 1032:1 on zeros; real xlsx parts stay under 100:1
RATIO_FLOOR = 1024 * 1024  # small parts may compress oddly well: the ratio only counts above 1 MB
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_NAMES = (".xlsm", ".xltm", ".xlam", ".xlsb")
log = logging.getLogger(__name__)
CHUNK = 256 * 1024

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?")


def _refuse(name: str, problem: str) -> ExportError:
    return ExportError(f"Tệp {name} {problem}")


class _Forbidden(Exception):
    """A DTD or an entity declaration in a sheet: never in an xlsx, refused as defusedxml would."""


# What a file's own faults raise while a part of it is read: damaged or unsupported zip data, a part named
# but missing (KeyError), malformed XML (expat, ElementTree), a DTD or entity (defusedxml, _Forbidden), text
# that is not UTF-8 (UnicodeDecodeError, a ValueError). Anything else is a bug of the reader: see program_error.
FILE_FAULTS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    ValueError,
    KeyError,
    expat.ExpatError,
    ParseError,
    DefusedXmlException,
    _Forbidden,
)
PROGRAM_ERROR = "lỗi chương trình khi đọc tệp — đã ghi vào nhật ký"


class ProgramError(ExportError):
    """The reader itself failed on a file (our bug, not the file's fault): the clerk is told so, not “hỏng”."""


def program_error(name: str) -> ProgramError:
    """Call inside the `except` of an unexpected exception: its traceback goes to the log."""
    log.exception("annex %s: the reader failed (a bug of the program, not a fault of the file)", name)
    return ProgramError(f"Tệp {name}: {PROGRAM_ERROR}.")


class Unreadable(Exception):
    """A part of the file cannot be read as what it claims to be (one of FILE_FAULTS, chained)."""

    def __init__(self, part: str, error: BaseException):
        super().__init__(f"{part}: {error!r}")
        self.part = part


def read_guarded(path: Path, name: str, read: Callable[[BinaryIO], T]) -> T:
    """`read(handle)` of a file opened for reading; a file that cannot be opened is refused (ExportError), one
    the reader refuses stays refused, and a bug of the reader itself is logged and said as such (ProgramError),
    never as a damaged file."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        log.warning("cannot open %s: %r", path, exc)
        raise ExportError(f"Không mở được tệp {name}: {os_reason(exc)}.") from None
    try:
        with handle:
            return read(handle)
    except UserError:
        raise
    except Exception:
        raise program_error(name) from None


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
            log.warning("annex %s: member %r inflates to %d bytes", name, member.filename, member.file_size)
            raise _refuse(
                name,
                "có một phần nén bất thường (tỷ lệ nén quá lớn – dấu hiệu “bom nén”); phần mềm không mở tệp này.",
            )
        if not member.filename.startswith("xl/worksheets/") and member.file_size > MAX_PART:
            log.warning("annex %s: member %r is %d bytes", name, member.filename, member.file_size)
            raise _refuse(name, "có một phần lớn bất thường; phần mềm không mở tệp này.")
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
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
            log.warning("annex %s: member %r unreadable: %r", name, member.filename, exc)
            raise _refuse(
                name,
                "bị hỏng (một phần của tệp không giải nén được hoặc đã bị thay đổi khi chép); hãy đề nghị đơn vị gửi "
                "lại tệp.",
            ) from None


@dataclass
class SheetInfo:
    title: str
    path: str
    state: str = "visible"


def workbook_sheets(archive: zipfile.ZipFile, name: str) -> dict[str, SheetInfo]:
    """Sheet title → its part in the archive, from xl/workbook.xml and its relationships."""
    rels = "xl/_rels/workbook.xml.rels"
    try:
        root = _parsed(archive, "xl/workbook.xml")
        relations = _parsed(archive, rels) if rels in archive.namelist() else None
    except Unreadable as exc:
        log.warning("annex %s: %s unreadable: %r", name, exc.part, exc.__cause__)
        raise _refuse(name, "bị hỏng: không đọc được danh sách trang tính.") from None
    targets: dict[str, str] = {}
    for rel in relations.iter(f"{_PKG_REL}Relationship") if relations is not None else ():
        targets[rel.get("Id", "")] = rel.get("Target", "")
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
        with _opened(archive, part) as stream:
            for _, element in _guarded(iterparse(stream, events=("end",)), part):
                if element.tag == f"{_MAIN}si":
                    strings.append(_rich_text(element))
                    element.clear()
    except Unreadable as exc:
        log.warning("annex %s: %s unreadable: %r", name, part, exc.__cause__)
        raise _refuse(name, "bị hỏng: không đọc được phần chữ của các ô.") from None
    return strings


def _opened(archive: zipfile.ZipFile, part: str):
    """A part of the archive opened; one named but missing, or not readable, is Unreadable."""
    try:
        return archive.open(part)
    except FILE_FAULTS as exc:
        raise Unreadable(part, exc) from exc


def _parsed(archive: zipfile.ZipFile, part: str):
    """The root element of a small XML part (defusedxml); a file's fault is Unreadable."""
    with _opened(archive, part) as stream:
        try:
            return parse_xml(stream).getroot()
        except FILE_FAULTS as exc:
            raise Unreadable(part, exc) from exc


def _guarded(items, part: str) -> Iterator:
    """The items of a parse of part, one at a time: what the file's faults raise while it is parsed comes out
    as Unreadable, what the caller's own code raises between two items as itself."""
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except FILE_FAULTS as exc:
            raise Unreadable(part, exc) from exc
        yield item


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


_NS = _MAIN[1:-1] + " "  # expat's names: "namespace-uri local-name"
_ROW, _CELL, _SHEET_DATA, _DIMENSION = _NS + "row", _NS + "c", _NS + "sheetData", _NS + "dimension"
_V, _F, _IS, _T, _R = _NS + "v", _NS + "f", _NS + "is", _NS + "t", _NS + "r"
_CHUNK = 64 * 1024


def _forbid(*_args: object) -> NoReturn:
    raise _Forbidden("DTD or entity declaration")


def _sheet_parser(strings: list[str], bounds: Bounds, rows: list[tuple[int, dict[int, object]]], cached: bool = False):
    """An expat parser that appends each non-empty row of a sheet to `rows` as (row, {column: value}),
    building no element (an element tree per cell cost more than the rest of an import). Its handlers
    are closures over a few locals: attribute look-ups per element were a third of the reading time."""
    row_number = column = skipped = 0
    cells: dict[int, object] = {}
    kind = "n"
    value: list[str] | None = None
    formula: list[str] | None = None
    inline: list[str] | None = None
    target: list[str] | None = None  # where character data goes now
    in_cell = in_inline = False
    columns_limit = bounds.columns

    def start(tag: str, attributes: dict) -> None:
        nonlocal row_number, column, skipped, kind, value, formula, inline, target, in_cell, in_inline
        if tag == _CELL:
            column = _cell_column(attributes.get("r"), column + 1)
            if column > columns_limit:
                raise OutOfBounds(row_number, column, False)
            kind = attributes.get("t", "n")
            value = formula = inline = None
            in_cell = True
        elif not in_cell:
            if tag == _ROW:
                row_number = _int(attributes.get("r"), row_number + 1)
                column = 0
                if row_number > bounds.rows:
                    raise OutOfBounds(row_number, 1, False)
            elif tag == _DIMENSION:
                _check_dimension(attributes.get("ref", ""), bounds)
        elif in_inline:
            if tag == _T and not skipped:
                target = inline  # the text of an inline string, its runs' included (as _rich_text)
            elif tag != _R and tag != _T:
                skipped += 1  # a phonetic run or run properties: not the cell's text
        elif tag == _V:
            target = value = []
        elif tag == _F:
            target = formula = []
        elif tag == _IS:
            inline = []
            in_inline = True

    def end(tag: str) -> None:
        nonlocal cells, skipped, value, formula, inline, target, in_cell, in_inline
        if tag == _CELL:
            found = _cell_value(kind, value, None if cached and value else formula, inline, strings)
            if found is not None:
                cells[column] = found
            value = formula = inline = target = None
            in_cell = in_inline = False
            skipped = 0
        elif tag == _ROW:
            if cells:
                rows.append((row_number, cells))
                cells = {}
        elif tag == _IS:
            in_inline = False
            target = None
        elif in_inline and tag != _R and tag != _T:
            skipped -= 1
        else:
            target = None

    def text(data: str) -> None:
        if target is not None:
            target.append(data)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    return parser


def _cell_value(kind: str, value, formula, inline, strings: list[str]) -> object:
    """A cell's value as openpyxl gives it without data_only."""
    if formula:
        text = "".join(formula)
        if text:
            return f"={text}"
    if kind == "inlineStr":
        return None if inline is None else "".join(inline)
    if not value:
        return None
    text = "".join(value)
    if kind == "s":
        index = _int(text, -1)
        return strings[index] if 0 <= index < len(strings) else None
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "n":
        try:
            return float(text) if any(mark in text for mark in ".eE") else int(text)
        except ValueError:
            return text
    return text


def stream_rows(
    archive: zipfile.ZipFile, part: str, strings: list[str], bounds: Bounds, cached: bool = False
) -> Iterator[tuple[int, dict[int, object]]]:
    """(row number, {column: value}) for each non-empty row, one at a time; raises OutOfBounds at once.

    Values are what openpyxl gives without data_only: numbers as int/float, text as str, formulas as
    "=…", booleans as bool; with `cached`, as with data_only: a formula's last result where the file keeps
    one (a formula never calculated stays "=…"). Nothing beyond bounds.rows/bounds.columns is ever built:
    the XML is read in 64 kB pieces and the rows of each piece handed out before the next is read. What the file's own
    faults raise (FILE_FAULTS) comes out as Unreadable; a bug of the parser's handlers as itself.
    """
    rows: list[tuple[int, dict[int, object]]] = []
    parser = _sheet_parser(strings, bounds, rows, cached)
    with _opened(archive, part) as stream:
        while True:
            try:
                chunk = stream.read(_CHUNK)
                parser.Parse(chunk, not chunk)
            except FILE_FAULTS as exc:
                raise Unreadable(part, exc) from exc
            if rows:
                for number, cells in rows:
                    if number > bounds.rows:  # lowered by the reader since this piece was parsed
                        raise OutOfBounds(number, 1, False)
                    yield number, cells
                rows.clear()
            if not chunk:
                return


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


_COLUMNS: dict[str, int] = {}


def _cell_column(ref: str | None, default: int) -> int:
    if not ref:
        return default
    letters = ref.rstrip("0123456789$").lstrip("$")
    found = _COLUMNS.get(letters)
    if found is None:
        if not (letters.isalpha() and letters.isascii() and len(letters) <= 3):
            return default
        found = _COLUMNS[letters] = column_index(letters)  # at most 26³ entries
    return found


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
