"""Compare the command-line journey run on Linux with the same journey run under Wine (scripts/windows-check.sh).

Each side's folder holds steps.tsv (step, exit status), one NAME.txt per step (what `cchc` printed), paths.json
(the clerk's folder and the data folder as the program wrote them), expect.json (the figures each child typed)
and files/ (the PDFs, the annexes, cchc.log). The same means: the same steps with the same exit statuses; the
same output modulo the two folders (and the time in a backup's name); the same PDF text (pdftotext) and fonts
(pdffonts); the same value in every cell of every annex (openpyxl) but the export time; a log that is UTF-8 and
holds the Vietnamese user name. Each side must also be right on its own: every child's figures imported, and
the restore undoing the change made after the backup.

Usage: python scripts/compare_journeys.py LINUX_FOLDER WINDOWS_FOLDER   (exit 0: the same; 1: differences listed)
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
from pathlib import Path

TIME_IN_NAME = re.compile(r"\d{4}-\d{2}-\d{2}_\d{6}(?:_\d+)?")
VOLATILE_ANNEX_KEYS = {"exported_at", "header_checksum"}  # _cchc rows that change with the moment of export
USER_NAME = "Nguyễn Văn A"


def normalize_text(text: str, paths: dict[str, str]) -> str:
    """The folders as <DOCS>/<DATA>, '/' after them, a backup's time as <TIME>, Windows line ends as '\\n'."""
    text = text.replace("\r\n", "\n")
    for key in sorted(paths, key=lambda key: -len(paths[key])):
        text = text.replace(paths[key], f"<{key.upper()}>")
    lines = []
    for line in text.split("\n"):
        first = min((i for i in (line.find("<DOCS>"), line.find("<DATA>")) if i >= 0), default=-1)
        if first >= 0:
            line = line[:first] + line[first:].replace("\\", "/")
        lines.append(TIME_IN_NAME.sub("<TIME>", line))
    return "\n".join(lines)


def normalize_json(value, paths: dict[str, str]):
    if isinstance(value, str):
        return normalize_text(value, paths)
    if isinstance(value, list):
        return [normalize_json(item, paths) for item in value]
    if isinstance(value, dict):
        return {key: normalize_json(item, paths) for key, item in value.items()}
    return value


def read_output(folder: Path, name: str, paths: dict[str, str]):
    """A step's output: parsed JSON when it is JSON, else text; normalized."""
    text = (folder / f"{name}.txt").read_bytes().decode("utf-8")
    stripped = text.strip()
    if stripped[:1] in "[{":
        try:
            return normalize_json(json.loads(stripped), paths)
        except json.JSONDecodeError:
            pass
    return normalize_text(text, paths)


def diff(left: str, right: str, name: str) -> str:
    lines = difflib.unified_diff(
        left.splitlines(), right.splitlines(), f"linux/{name}", f"windows/{name}", n=1, lineterm=""
    )
    return "\n".join(list(lines)[:30])


def compare_steps(linux: Path, windows: Path) -> tuple[list[str], list[str]]:
    """(problems, step names) — the steps must be the same, with the same exit statuses."""
    left = (linux / "steps.tsv").read_text(encoding="utf-8")
    right = (windows / "steps.tsv").read_text(encoding="utf-8")
    names = [line.split("\t")[0] for line in left.splitlines() if line]
    if left != right:
        return [f"các bước hoặc mã thoát khác nhau:\n{diff(left, right, 'steps.tsv')}"], names
    return [], names


def compare_outputs(linux: Path, windows: Path, names: list[str]) -> list[str]:
    problems = []
    paths = (_paths(linux), _paths(windows))
    for name in names:
        left, right = read_output(linux, name, paths[0]), read_output(windows, name, paths[1])
        if left != right:
            as_text = [
                value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=1)
                for value in (left, right)
            ]
            problems.append(f"đầu ra {name} khác nhau:\n{diff(*as_text, name)}")
    return problems


def _paths(folder: Path) -> dict[str, str]:
    return json.loads((folder / "paths.json").read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")


def pdf_fonts(path: Path) -> list[str]:
    """The fonts a PDF embeds, without the subset tag (ABCDEF+LiberationSerif → LiberationSerif)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode("utf-8")
    return sorted({line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()})


def annex_values(path: Path) -> dict[str, object]:
    """Every non-empty cell of every sheet as {"sheet!A1": value}, the export time and its checksum left out."""
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    values: dict[str, object] = {"(sheets)": workbook.sheetnames}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            key = row[0].value if sheet.title == "_cchc" else None
            for cell in row:
                if cell.value is None or (key in VOLATILE_ANNEX_KEYS and cell.column > 1):
                    continue
                values[f"{sheet.title}!{cell.coordinate}"] = cell.value
    workbook.close()
    return values


def compare_files(linux: Path, windows: Path) -> list[str]:
    problems = []
    left = {path.name for path in (linux / "files").iterdir()}
    right = {path.name for path in (windows / "files").iterdir()}
    if left != right:
        problems.append(f"tệp khác nhau: chỉ Linux {sorted(left - right)}, chỉ Windows {sorted(right - left)}")
    for name in sorted(left & right):
        a, b = linux / "files" / name, windows / "files" / name
        if name.endswith(".pdf"):
            if pdf_text(a) != pdf_text(b):
                problems.append(f"chữ của {name} khác nhau:\n{diff(pdf_text(a), pdf_text(b), name)}")
            if pdf_fonts(a) != pdf_fonts(b):
                problems.append(f"phông của {name} khác nhau: {pdf_fonts(a)} / {pdf_fonts(b)}")
        elif name.endswith(".xlsx"):
            problems += _compare_annex(a, b, name)
    return problems


def _compare_annex(a: Path, b: Path, name: str) -> list[str]:
    left, right = annex_values(a), annex_values(b)
    if left == right:
        return []
    cells = [cell for cell in sorted(set(left) | set(right)) if left.get(cell) != right.get(cell)]
    shown = [f"  {cell}: {left.get(cell)!r} / {right.get(cell)!r}" for cell in cells]
    return [f"giá trị trong {name} khác nhau ({len(shown)} ô):\n" + "\n".join(shown[:20])]


def check_log(folder: Path, side: str) -> list[str]:
    """The log is UTF-8 (a line with the Vietnamese user name written, not dropped)."""
    data = (folder / "files" / "cchc.log").read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [f"{side}: cchc.log không phải UTF-8 ({error})"]
    if USER_NAME not in text:
        return [f"{side}: cchc.log không có dòng nào mang tên «{USER_NAME}» (dòng bị bỏ?):\n{text[-800:]}"]
    return []


def parse_figure(text: str) -> float:
    """A figure as the clerk typed it, the Vietnamese way: 1.524 → 1524, 301.953,3 → 301953.3."""
    return float(text.replace(".", "").replace(",", "."))


def check_side(folder: Path, side: str) -> list[str]:
    """Right on its own: each child's figures imported as typed; the restore undid the later change."""
    problems = []
    expected = json.loads((folder / "expect.json").read_text(encoding="utf-8"))
    for code, figures in expected.items():
        got = json.loads((folder / f"21-get-{code}.txt").read_text(encoding="utf-8"))
        for key, typed in figures.items():
            if got.get(key) != parse_figure(typed):
                problems.append(f"{side}: {code} {key} = {got.get(key)!r} sau khi nhập, chờ {typed}")
    before = (folder / "22-consolidated.txt").read_text(encoding="utf-8")
    after = (folder / "33-consolidated-restored.txt").read_text(encoding="utf-8")
    if before != after:
        problems.append(f"{side}: số liệu sau khi khôi phục khác lúc sao lưu:\n{diff(before, after, 'restored')}")
    return problems


def compare(linux: Path, windows: Path) -> list[str]:
    problems, names = compare_steps(linux, windows)
    if problems:
        return problems
    problems += check_side(linux, "Linux") + check_side(windows, "Windows")
    problems += compare_outputs(linux, windows, names)
    problems += compare_files(linux, windows)
    problems += check_log(linux, "Linux") + check_log(windows, "Windows")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    linux, windows = (Path(arg) for arg in argv)
    problems = compare(linux, windows)
    for problem in problems:
        print(f"KHÁC: {problem}")
    if problems:
        return 1
    steps = len((linux / "steps.tsv").read_text(encoding="utf-8").splitlines())
    files = len(list((linux / "files").iterdir()))
    print(f"Giống nhau: {steps} bước (mã thoát, đầu ra), {files} tệp (chữ và phông PDF, mọi ô phụ lục, nhật ký UTF-8).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
