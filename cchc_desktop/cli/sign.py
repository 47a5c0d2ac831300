"""`cchc sign`, `cchc verify`, `cchc trust add|list` (CLI.md): they need no database."""

from __future__ import annotations

import getpass
import os
import sys
from datetime import datetime
from pathlib import Path

from cchc_desktop.app.infra import paths
from cchc_desktop.app.usecases.signatures import KeySource, Signatures, SigningError
from cchc_desktop.cli.output import say

EXIT_OK, EXIT_REFUSED = 0, 2
clock = datetime.now  # what "now" is when signing and verifying (tests put a fixed moment here)


def signatures() -> Signatures:
    return Signatures(paths.data_dir(), lambda: clock())


def read_secret(source: KeySource) -> str:
    """The PIN or password: from its environment variable, else asked at the terminal (not echoed), else
    the first line of standard input. Never an argument (it would stay in the shell's history)."""
    secret = os.environ.get(source.env_name)
    if secret is not None:
        return secret
    prompt = f"Nhập {source.secret_words}: "
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise SigningError(
            f"Chưa có {source.secret_words}: hãy nhập khi được hỏi, đưa vào đầu vào chuẩn, hoặc đặt biến môi "
            f"trường {source.env_name}."
        )
    return line.rstrip("\r\n")


def run_sign(args) -> int:
    if args.secret_argument is not None:
        raise SigningError(
            "Mã PIN và mật khẩu không bao giờ nhận qua đối số dòng lệnh (sẽ còn lại trong lịch sử lệnh): bỏ "
            "--pin/--password; chương trình sẽ hỏi, hoặc đặt biến môi trường CCHC_TOKEN_PIN / CCHC_PKCS12_PASSWORD."
        )
    files = [Path(name) for name in args.files]
    output = Path(args.output) if args.output else None
    found = signatures()
    found.check_files(files, output)  # a wrong file is refused before the PIN is asked
    source = KeySource(
        pkcs12=Path(args.pkcs12) if args.pkcs12 else None,
        pkcs11=Path(args.pkcs11) if args.pkcs11 else None,
        slot=args.slot,
        token_label=args.token_label,
    )
    secret = read_secret(source)
    for result in found.sign(source, secret, files, output, tsa_url=args.tsa):
        print(result.line())
    return EXIT_OK


def run_verify(args) -> int:
    verdict = signatures().verify(Path(args.file), [Path(name) for name in args.crl or []])
    for line in verdict.lines:
        print(line)
    if not verdict.ok:
        say(f"Tệp {verdict.name} KHÔNG đạt: chỉ đạt khi nguyên vẹn và chứng thư số được tin cậy.", error=True)
    return EXIT_OK if verdict.ok else EXIT_REFUSED


def run_trust(args) -> int:
    found = signatures()
    if args.action == "add":
        for summary, new in found.trust_add(Path(args.cert)):
            state = "Đã cài" if new else "Đã có sẵn"
            print(f"{state} chứng thư gốc: {summary.words()}; dấu vân tay SHA-256 {summary.sha256}.")
        return EXIT_OK
    installed = found.trust_list()
    if not installed:
        print("Chưa cài chứng thư gốc nào (cchc trust add TỆP).")
    for summary in installed:
        print(f"- {summary.words()}; SHA-256 {summary.sha256}")
    return EXIT_OK
