"""After the whole suite: search what it printed and every log it left for a password the tests use.

    .venv/bin/python scripts/find_test_passwords.py OUTPUT FOLDER...

OUTPUT is the suite's stdout and stderr (saved by scripts/test.sh); every `*.log` file under each FOLDER
(the tests' temporary folders: each test's data folder holds its `cchc.log`) is read too. The passwords
are collected from the tests themselves — every `postgresql://user:password@` they write, as written,
decoded and encoded, and the forms and fragments the secrets proof (tests/slow/test_secrets_grep.py) searches for —
so a test with a new password is covered without a list to keep. Exit 1 naming where a password was
found (never the password itself); 0 when none was."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = re.compile(r"postgres(?:ql)?://[^:/@\s\"'{}]+:([^@\s\"'{}]+)@")
ASSIGNED = re.compile(r'^(?:PASSWORD|WRITTEN)\s*=\s*"([^"]+)"', re.M)
FORM = re.compile(r'^\s+"[^"]+":\s*"([^"]{5,})",', re.M)  # the entries of test_secrets_grep.FORMS
SHORTEST = 5  # shorter passwords ("Tho") are words that may appear by chance; they are tested where used


def test_passwords(tests: Path = ROOT / "tests") -> set[str]:
    """Every password written in the tests, in the forms a leak could take."""
    found: set[str] = set()
    for source in sorted(tests.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        written = ADDRESS.findall(text) + ASSIGNED.findall(text)
        if source.name == "test_secrets_grep.py":
            written += FORM.findall(text)
        for password in written:
            if "*" in password:
                continue  # an address as the program shows it: *** in place of the password
            found |= {password, unquote(password), quote(unquote(password), safe="")}
    return {password for password in found if len(password) >= SHORTEST}


def leaks(texts: dict[str, str], passwords: set[str]) -> list[str]:
    """Where (by name) any of the passwords appears."""
    return sorted(name for name, text in texts.items() if any(password in text for password in passwords))


def _read(path: Path) -> str:
    data = path.read_bytes()
    return data.decode("utf-8", errors="replace") + "\n" + data.decode("latin-1")


def gather(output: Path, folders: list[Path]) -> dict[str, str]:
    texts = {"đầu ra của bộ kiểm thử (stdout, stderr)": _read(output)} if output.exists() else {}
    for folder in folders:
        for path in sorted(folder.rglob("*.log")) if folder.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                texts[str(path)] = _read(path)
    return texts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    passwords = test_passwords()
    texts = gather(Path(args[0]), [Path(arg) for arg in args[1:]])
    found = leaks(texts, passwords)
    logs = sum(1 for name in texts if name.endswith(".log"))
    if found:
        print(f"CÓ MẬT KHẨU KIỂM THỬ bị lộ trong {len(found)} nơi:", file=sys.stderr)
        for name in found:
            print(f"  {name}", file=sys.stderr)
        return 1
    print(
        f">> Không thấy mật khẩu kiểm thử nào ({len(passwords)} dạng) trong đầu ra của bộ kiểm thử "
        f"và {logs} tệp nhật ký."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
