"""The export formats, each registered once: its key, file extension, the words the window and the command
line show for it, and its writer.

Everything that offers or names an export reads this registry: the Tệp menu, the window's buttons and
shortcuts (ui/menus.py, ui/main_window.py, ui/shortcuts.py), the save dialog's file type
(ui/view_dialogs.py), the command line's `export` choices (cli/parser.py, cli/commands.py), the export
itself and its default file name (app/exporting.py), the help topic of its dialogs (app/presenters/help_topics.py).

Adding a format (a Word copy, say) is one `register(...)` here plus its writer: a module of `app` whose
WRITER has
  building: str                          the progress line while the content is laid out
  builder(ws, period)                    an object whose build() reads the period and returns the content
  notes(content) -> list[str]            what the clerk may want to know before sending the file
  render(content) -> (Path) -> None      lays the file out; what it returns writes it at a path (complete
                                         or not at all: the export moves it over the target afterwards)
The writer's module is imported at the first export in that format, and its own library (fpdf,
openpyxl…) only when it renders: this module stays light, the command line starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from cchc_desktop.app.infra.errors import UserError


@dataclass(frozen=True)
class ExportFormat:
    key: str  # the command line's word and the save dialog's kind: "pdf"
    extension: str  # with its dot: ".pdf"
    file_type: str  # the save dialog's file type: "Tệp PDF"
    what: str  # what is exported, as the menu and the dialogs' titles name it: "báo cáo PDF"
    button: str  # the window's button: "Xuất PDF"
    document: str  # the default file name's first words: "Báo cáo CCHC"
    summary: str  # the command line's help of the choice: "báo cáo"
    writer: str  # "package.module:NAME" of its writer, imported at the first export in this format
    accelerator: str = ""  # the menu entry's shortcut, as the menu shows it: "Ctrl+E"
    button_shown: bool = True  # a button in the window's bar too (the menu always offers it)

    @property
    def title(self) -> str:
        """The export's dialogs' title: `Xuất báo cáo PDF`."""
        return f"Xuất {self.what}"

    @property
    def menu_label(self) -> str:
        """The Tệp menu's entry: `Xuất báo cáo PDF…`."""
        return f"{self.title}…"

    def load_writer(self):
        """The writer (see the module's docstring), its module imported now."""
        module, _, name = self.writer.partition(":")
        return getattr(import_module(module), name)


_REGISTRY: dict[str, ExportFormat] = {}


def register(export_format: ExportFormat) -> ExportFormat:
    """Offer a format from now on, after those registered before it; a key registered twice is a bug."""
    if export_format.key in _REGISTRY:
        raise ValueError(f"export format {export_format.key!r} is registered already")
    _REGISTRY[export_format.key] = export_format
    return export_format


def unregister(key: str) -> None:
    """No longer offer the format `key` (tests)."""
    del _REGISTRY[key]


def export_formats() -> tuple[ExportFormat, ...]:
    """Every format offered, in the order the menu, the buttons and the command line show them."""
    return tuple(_REGISTRY.values())


def export_format(key: str) -> ExportFormat:
    """The format registered as `key`; an unknown one is refused in Vietnamese, naming those there are."""
    try:
        return _REGISTRY[key]
    except KeyError:
        known = ", ".join(_REGISTRY)
        raise UserError(f"Không có định dạng xuất “{key}”; các định dạng có: {known}.") from None


def choices_text(words: list[str]) -> str:
    """`a`, `a hoặc b`, `a, b hoặc c`: the formats named in one phrase."""
    return " hoặc ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


register(
    ExportFormat(
        key="pdf",
        extension=".pdf",
        file_type="Tệp PDF",
        what="báo cáo PDF",
        button="Xuất PDF",
        document="Báo cáo CCHC",
        summary="báo cáo",
        writer="cchc_desktop.app.outputs.pdf_export:WRITER",
        accelerator="Ctrl+E",
    )
)
register(
    ExportFormat(
        key="xlsx",
        extension=".xlsx",
        file_type="Sổ tính Excel",
        what="phụ lục Excel",
        button="Xuất Excel",
        document="Phụ lục CCHC",
        summary="các phụ lục Excel",
        writer="cchc_desktop.app.outputs.xlsx_export:WRITER",
        accelerator="Ctrl+Shift+E",
    )
)
register(
    ExportFormat(
        key="docx",
        extension=".docx",
        file_type="Tài liệu Word",
        what="bản Word",
        button="Xuất Word",
        document="Báo cáo CCHC",
        summary="bản Word của báo cáo, để sửa trước khi ký",
        writer="cchc_desktop.app.outputs.docx_export:WRITER",
        button_shown=False,  # the bar stays within 1366 px at 125 %; offices reach it from Tệp
    )
)
