"""The `cchc` argument parser, in Vietnamese: help, usage and argparse's own errors (CLI.md).

argparse (3.11–3.14) looks its strings up through the module-level `gettext` functions `_` and
`ngettext` at call time. `vietnamese_argparse()` swaps in a translation table for as long as one of
our parsers works, so other argparse users in the same process (pytest, for one) are untouched, and a
message that a future Python words differently falls back to its English text instead of failing.
Invalid choices and unknown commands get their own messages (with a close match) in `_check_value`.
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import sys
import textwrap

from cchc_desktop.app.outputs.formats import choices_text, export_formats
from cchc_desktop.cli.output import utf8_streams
from cchc_desktop.cli.parser_onestop import add_onestop_commands
from cchc_desktop.cli.parser_report import add_report_commands
from cchc_desktop.cli.parser_sign import add_sign_commands
from cchc_desktop.cli.parser_units import JSON_HELP, add_level_above_commands

__all__ = ["VietnameseParser", "build_parser", "unknown_command_message", "utf8_streams", "vietnamese_argparse"]

EXIT_REFUSED = 2

_MESSAGES = {
    "usage: ": "cách dùng: ",
    "positional arguments": "đối số vị trí",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "subcommands": "các lệnh",
    "show this help message and exit": "hiện trợ giúp này rồi thoát",
    "show program's version number and exit": "hiện phiên bản chương trình rồi thoát",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "unrecognized arguments: %s": "đối số không nhận ra: %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "chỉ nhận tối đa một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn không rõ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không được dùng cùng với đối số %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "lệnh không hợp lệ: %(parser_name)r (các lệnh: %(choices)s)"
    ),
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "can't open '%(filename)s': %(error)s": "không mở được tệp '%(filename)s': %(error)s",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r — có phải ý bạn là %(closest)r? (chọn một trong: %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' sắp bị bỏ",
    "argument '%(argument_name)s' is deprecated": "đối số '%(argument_name)s' sắp bị bỏ",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' sắp bị bỏ",
}
_PLURALS = {("expected %s argument", "expected %s arguments"): "cần %s giá trị"}


class _Vietnamese(gettext.NullTranslations):
    """argparse's strings in Vietnamese; anything not in the table is returned unchanged."""

    def gettext(self, message):
        return _MESSAGES.get(message, message)

    def ngettext(self, msgid1, msgid2, n):
        return _PLURALS.get((msgid1, msgid2)) or (msgid1 if n == 1 else msgid2)


_TRANSLATION = _Vietnamese()


@contextlib.contextmanager
def vietnamese_argparse():
    """argparse speaks Vietnamese inside this block (re-entrant; restored on the way out)."""
    # argparse's own translation hooks (module globals its messages go through; not in its typed interface)
    saved = getattr(argparse, "_"), getattr(argparse, "ngettext")  # noqa: B009
    setattr(argparse, "_", _TRANSLATION.gettext)  # noqa: B010
    setattr(argparse, "ngettext", _TRANSLATION.ngettext)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


def _quoted(values) -> str:
    return ", ".join(str(value) for value in values)


def unknown_command_message(word: str, commands: list[str]) -> str:
    """'lệnh không hợp lệ' with the closest command, or the list of commands when none is close."""
    import difflib  # only for a mistyped command

    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
    if close:
        return f"lệnh không hợp lệ: '{word}' — có phải ý bạn là '{close[0]}'?"
    return f"lệnh không hợp lệ: '{word}' (các lệnh: {_quoted(commands)})"


class _Formatter(argparse.HelpFormatter):
    """Descriptions and epilogs keep their line breaks (examples) and wrap each long line."""

    def __init__(self, prog, indent_increment=2, max_help_position=32, width=None, **kwargs):
        super().__init__(prog, indent_increment, max_help_position, width, **kwargs)

    def _fill_text(self, text, width, indent):
        lines = []
        for line in text.splitlines():
            lines.extend(textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent) or [""])
        return "\n".join(lines)


class VietnameseParser(argparse.ArgumentParser):
    """argparse whose help, usage and errors are Vietnamese; bad usage exits 2 with a hint."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        with vietnamese_argparse():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):  # noqa: D102 - argparse hook
        with vietnamese_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):  # noqa: D102 - argparse hook
        with vietnamese_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self):  # noqa: D102 - argparse hook
        with vietnamese_argparse():
            return super().format_usage()

    def format_help(self):  # noqa: D102 - argparse hook
        with vietnamese_argparse():
            return super().format_help()

    def _check_value(self, action, value):
        if action.choices is None or value in action.choices:
            return
        choices = [str(choice) for choice in action.choices]
        if action.nargs == argparse.PARSER:
            raise argparse.ArgumentError(None, unknown_command_message(str(value), choices))
        message = f"lựa chọn không hợp lệ: '{value}' (chọn một trong: {_quoted(choices)})"
        import difflib  # only for a mistyped choice

        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
        if close:
            message += f" — có phải ý bạn là '{close[0]}'?"
        raise argparse.ArgumentError(action, message)

    def error(self, message: str):  # noqa: D102 - argparse hook
        self.print_usage(sys.stderr)
        print(f"{self.prog}: lỗi: {message}", file=sys.stderr)
        print(f'Gõ "{self.prog} --help" để xem hướng dẫn.', file=sys.stderr)
        self.exit(EXIT_REFUSED)


# "6 tháng" and "9 tháng" are joined by a no-break space so a line is never broken inside them.
PERIOD_EXAMPLES = "tháng 2023-07, quý 2023-Q3, 6\u00a0tháng 2023-H1, 9\u00a0tháng 2023-9M, năm 2023"
PERIOD_HELP = f"kỳ báo cáo (bắt buộc): {PERIOD_EXAMPLES}"
UNIT_HELP = "mã đơn vị (mặc định: đơn vị báo cáo của cơ sở dữ liệu này)"

MAIN_DESCRIPTION = "CCHC Desktop — nhập, kiểm tra và xuất báo cáo cải cách hành chính (bản dòng lệnh)."
MAIN_EPILOG = """\
Kỳ báo cáo viết: 2023-07 (tháng 7), 2023-Q3 (quý III), 2023-H1 (6 tháng đầu năm), 2023-9M (9 tháng), 2023 (cả năm).
Mã thoát: 0 thành công; 1 lệnh check tìm thấy lỗi chưa giải trình; \
2 lệnh gõ sai hoặc thao tác bị từ chối (không có gì bị thay đổi).
Hướng dẫn của từng lệnh: cchc LỆNH --help, ví dụ cchc set --help."""


def db_help(shared: str) -> str:
    """--db's help; `shared` says which other program opens the same database by default."""
    return (
        "tệp cơ sở dữ liệu, hoặc cơ sở dữ liệu dùng chung trên máy chủ PostgreSQL dạng "
        "postgresql://người_dùng:mật_khẩu@máy_chủ:cổng/tên_csdl (mặc định: biến môi trường CCHC_DB nếu có, "
        f"nếu không là cchc.sqlite trong thư mục dữ liệu của người dùng — cùng cơ sở dữ liệu {shared})"
    )


def _command(commands, name: str, summary: str, description: str = "", epilog: str | None = None):
    return commands.add_parser(
        name, help=summary, description=description or summary[:1].upper() + summary[1:] + ".", epilog=epilog
    )


def _add_period(parser, unit: bool = True) -> None:
    parser.add_argument("--period", required=True, metavar="KỲ", help=PERIOD_HELP)
    if unit:
        parser.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ", help=UNIT_HELP)


class _VersionAction(argparse.Action):
    """`cchc --version`: the program's version and the template versions (CLI.md)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from cchc_desktop.cli.version import version_text

        print(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The whole `cchc` command line of CLI.md, every argument described in Vietnamese."""
    parser = VietnameseParser(prog="cchc", description=MAIN_DESCRIPTION, epilog=MAIN_EPILOG)
    parser.add_argument(
        "--db",
        metavar="TỆP|URL",
        help=db_help("mà cửa sổ mở"),
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        nargs=0,
        help="hiện phiên bản chương trình và các mẫu báo cáo rồi thoát",
    )
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh", parser_class=VietnameseParser)
    commands.required = True

    sub = _command(
        commands,
        "init",
        "tạo cơ sở dữ liệu và khai báo đơn vị báo cáo",
        epilog='Ví dụ: cchc init --unit-code P-ANHOA --unit-name "UBND phường An Hòa" --place "Sa Đéc"',
    )
    sub.add_argument("--unit-code", required=True, metavar="MÃ", help="mã đơn vị, không có khoảng trắng (bắt buộc)")
    sub.add_argument(
        "--unit-name", required=True, metavar="TÊN", help='tên đơn vị, ví dụ "UBND phường An Hòa" (bắt buộc)'
    )
    sub.add_argument(
        "--level",
        choices=["xa", "huyen", "tinh"],
        default="xa",
        metavar="xa|huyen|tinh",
        help="cấp đơn vị: xa (cấp xã, phường), huyen (cấp huyện), tinh (cấp tỉnh); mặc định xa",
    )
    sub.add_argument(
        "--frequency",
        choices=["month", "quarter"],
        default="month",
        metavar="month|quarter",
        help="nhập số liệu theo month (từng tháng) hoặc quarter (từng quý); mặc định month",
    )
    sub.add_argument("--place", default="", metavar="ĐỊA_DANH", help='địa danh ghi ở đầu báo cáo, ví dụ "Sa Đéc"')
    sub.add_argument("--parent-code", default="", metavar="MÃ", help="mã đơn vị cấp trên (nếu có)")
    sub.add_argument("--parent-name", default="", metavar="TÊN", help="tên đơn vị cấp trên (nếu có)")
    sub.add_argument(
        "--force", action="store_true", help="khai báo lại dù cơ sở dữ liệu đã có đơn vị (mặc định: từ chối)"
    )

    sub = _command(
        commands,
        "set",
        "lưu giá trị chỉ tiêu: MÃ=GIÁ_TRỊ …",
        "Lưu giá trị cho một kỳ. Tất cả hoặc không: một giá trị sai thì không lưu giá trị nào.",
        epilog="Ví dụ: cchc set --period 2023-07 tthc.hs.tiep_nhan=1.138 tcc.thu.thuc_hien=301.953,3\n"
        "Mã chỉ tiêu: xem cột cuối của lệnh cchc get.",
    )
    _add_period(sub)
    sub.add_argument(
        "assignments",
        nargs="+",
        metavar="MÃ=GIÁ_TRỊ",
        help="mã chỉ tiêu và giá trị, viết kiểu Việt Nam hoặc kiểu thường (1.138, 301.953,3, 92,52; "
        "ngày 31/8/2023); để trống sau dấu = thì xóa giá trị",
    )

    sub = _command(commands, "load", "lưu giá trị từ tệp JSON {mã: giá trị}")
    _add_period(sub)
    sub.add_argument("file", metavar="TỆP.json", help='tệp JSON dạng {"mã": giá trị, …} (số hoặc chuỗi)')

    sub = _command(
        commands,
        "get",
        "xem giá trị của một kỳ",
        "Xem giá trị của một kỳ; kỳ dài hơn kỳ nhập số liệu thì cộng dồn. "
        "Mỗi dòng: tên chỉ tiêu, giá trị, mã (dùng cho lệnh set).",
    )
    _add_period(sub)
    sub.add_argument("--json", action="store_true", help=JSON_HELP + ", theo mã chỉ tiêu, có cả các tỷ lệ tự tính")
    sub.add_argument(
        "--consolidated",
        action="store_true",
        help="tổng hợp: số của đơn vị cộng số của các đơn vị cấp dưới (mặc định: chỉ số của đơn vị)",
    )
    sub.add_argument(
        "--by-unit",
        action="store_true",
        help="tổng hợp kèm chi tiết: tổng cộng, cộng từng cấp, rồi số riêng của từng đơn vị; với --json, "
        "chi tiết nằm ở khóa _by_unit",
    )

    sub = _command(
        commands,
        "check",
        "kiểm tra số liệu theo mọi quy tắc",
        "Kiểm tra số liệu của một kỳ theo mọi quy tắc. Thoát với mã 1 nếu còn lỗi chưa giải trình.",
    )
    _add_period(sub)
    sub.add_argument("--json", action="store_true", help=JSON_HELP + ", kèm mã quy tắc và mã chỉ tiêu")

    sub = _command(
        commands,
        "explain",
        "lưu giải trình cho một sai sót",
        epilog='Ví dụ: cchc explain --period 2023-Q3 1 "Có 99 hồ sơ chuyển từ kỳ trước."',
    )
    _add_period(sub)
    sub.add_argument(
        "rule",
        metavar="SỐ",
        help="số thứ tự của sai sót trong danh sách của lệnh check (hoặc mã quy tắc của check --json)",
    )
    sub.add_argument("text", metavar="NỘI_DUNG", help="nội dung giải trình (đặt trong ngoặc kép)")

    sub = _command(
        commands, "submit", "gửi (khóa) kỳ báo cáo", "Gửi (khóa) kỳ báo cáo; từ chối khi còn lỗi chưa giải trình."
    )
    _add_period(sub, unit=False)

    sub = _command(commands, "reopen", "mở lại kỳ đã gửi", "Mở lại kỳ đã gửi để sửa; lý do được ghi lại.")
    _add_period(sub, unit=False)
    sub.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do mở lại (bắt buộc, được ghi vào nhật ký)")

    offered = export_formats()  # the registered formats (app/outputs/formats.py)
    sub = _command(
        commands,
        "export",
        f"xuất {choices_text([f.what for f in offered])}",
        epilog="Ví dụ: cchc export pdf --period 2023-Q3 -o bao-cao-quy-III.pdf",
    )
    sub.add_argument(
        "kind",
        choices=[f.key for f in offered],
        metavar="|".join(f.key for f in offered),
        help="; ".join(f"{f.key}: {f.summary}" for f in offered),
    )
    _add_period(sub, unit=False)
    sub.add_argument(
        "-o", "--output", required=True, metavar="TỆP", help="tệp sẽ ghi (bắt buộc); tệp cũ chỉ bị thay khi ghi xong"
    )

    add_level_above_commands(commands, _command, _add_period)
    add_report_commands(commands, _command)
    add_onestop_commands(commands, _command)
    add_sign_commands(commands, _command)

    sub = _command(
        commands,
        "template",
        "liệt kê / cài mẫu báo cáo",
        "Liệt kê các phiên bản mẫu báo cáo và thời điểm áp dụng, hoặc cài gói mẫu do cấp trên gửi "
        "(kiểm tra trước; không thay mẫu đã có số liệu).",
        epilog="Ví dụ: cchc template list\n        cchc template install mau-2024.1.zip",
    )
    actions = sub.add_subparsers(dest="action", metavar="list|install", required=True)
    listing = _command(actions, "list", "liệt kê các phiên bản mẫu báo cáo và thời điểm áp dụng")
    listing.add_argument("--json", action="store_true", help=JSON_HELP)
    installing = _command(
        actions, "install", "cài gói mẫu do cấp trên gửi (kiểm tra trước; không thay mẫu đã có số liệu)"
    )
    installing.add_argument("file", metavar="TỆP.zip|THƯ_MỤC", help="gói mẫu cần cài")
    installing.add_argument(
        "--force",
        action="store_true",
        help="chép lại đúng gói đã cài (sửa bản cài bị hỏng; chưa có số liệu); không bao giờ thay bằng nội dung khác",
    )

    sub = _command(commands, "backup", "sao lưu cơ sở dữ liệu")
    sub.add_argument(
        "-o", "--output", metavar="TỆP", help="tệp sao lưu (mặc định: thư mục backups bên cạnh cơ sở dữ liệu)"
    )

    sub = _command(
        commands,
        "restore",
        "khôi phục từ bản sao lưu",
        "Khôi phục từ bản sao lưu; cơ sở dữ liệu hiện tại được sao lưu trước.",
    )
    sub.add_argument("file", metavar="TỆP", help="tệp sao lưu cần khôi phục")

    sub = _command(
        commands,
        "guide",
        "in hướng dẫn sử dụng ra tệp PDF",
        "In hướng dẫn sử dụng (cùng nội dung với Trợ giúp → Hướng dẫn sử dụng trong cửa sổ) ra tệp PDF, "
        "có mục lục và hình minh họa. Không cần cơ sở dữ liệu.",
        epilog='Ví dụ: cchc guide pdf -o "Hướng dẫn sử dụng CCHC Desktop.pdf"',
    )
    sub.add_argument("kind", choices=["pdf"], metavar="pdf", help="định dạng tệp (hiện chỉ có pdf)")
    sub.add_argument(
        "-o", "--output", required=True, metavar="TỆP", help="tệp sẽ ghi (bắt buộc); tệp cũ chỉ bị thay khi ghi xong"
    )

    sub = _command(
        commands,
        "demo",
        "tạo cơ sở dữ liệu mẫu (Sa Đéc, quý III/2023)",
        "Tạo cơ sở dữ liệu mẫu: báo cáo quý III/2023 của UBND thành phố Sa Đéc, để xem mọi màn hình và tệp xuất "
        "đã có số liệu.",
    )
    sub.add_argument(
        "--db", dest="demo_db", metavar="TỆP", help="tệp cơ sở dữ liệu mẫu sẽ tạo (mặc định: như --db của cchc)"
    )
    sub.add_argument(
        "--as-printed",
        action="store_true",
        help="giữ mọi số liệu đúng như báo cáo gốc đã in, để lệnh check chỉ ra các sai sót của chính báo cáo "
        "gốc; không có tùy chọn này thì số liệu mẫu được sửa ở những chỗ chính báo cáo gốc cho biết số đúng",
    )
    sub.add_argument("--force", action="store_true", help="ghi đè lên cơ sở dữ liệu đã có (mặc định: từ chối)")
    return parser
