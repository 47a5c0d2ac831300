"""LibreOffice, headless, as the print tests use it: a file converted to PDF the way an office would print it.
Required on Linux CI (scripts/setup-env.sh test installs Calc and Writer); the test is skipped elsewhere when
LibreOffice is missing (Windows)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")


def printed_pdf(source: Path, work: Path, package: str) -> Path:
    """`source` converted to PDF by LibreOffice in a profile of its own under `work`; `package` names what
    scripts/setup-env.sh installs for it (libreoffice-calc-nogui, libreoffice-writer-nogui)."""
    if SOFFICE is None:
        if os.environ.get("CI") == "true" and sys.platform != "win32":
            pytest.fail(f"CI=true: LibreOffice (soffice) thiếu; scripts/setup-env.sh test cài {package}")
        pytest.skip("LibreOffice (soffice) không có trên máy này")
    out = work / "lo"
    profile = (work / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = out / f"{source.stem}.pdf"
    if not converted.exists():
        pytest.fail(f"LibreOffice không chuyển được {source.name} sang PDF (thiếu {package}?)")
    return converted
