"""The `cchc` command line (CLI.md): its entry point (`python -m cchc_desktop.cli`: `__main__`).

A command imports what it needs when it runs (issue 19): `--version` is answered here, before the
argument parser is built, the log set up or anything of the database loaded (argparse would act on it
first as well: nothing before it is read, nothing after it matters); every other command goes through
`cli.commands`, where the parser and the use cases are, and `check` loads no spreadsheet or PDF library.
"""

from __future__ import annotations

import sys

from cchc_desktop.app.infra import paths
from cchc_desktop.cli.output import utf8_streams

__all__ = ["main"]  # COMMANDS and build_parser too, through __getattr__


def main(argv: list[str] | None = None) -> int:
    """Entry point of `cchc`; returns the exit status (0 ok, 1 errors found, 2 refused)."""
    utf8_streams()
    paths.protect_data_folder()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--version"]:
        from cchc_desktop.cli.version import version_text

        print(version_text())
        sys.exit(0)  # as argparse's version action ends
    from cchc_desktop.cli.commands import run

    return run(argv)


def __getattr__(name: str):
    """`COMMANDS` and `build_parser`, from the module that holds them (loaded at first use)."""
    if name in ("COMMANDS", "build_parser"):
        from cchc_desktop.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
