"""Where a signing token's PKCS#11 library usually is, so the clerk picks it from a list instead of
searching the disk: the token drivers install it into the system folder (Windows) or the PKCS#11 folder
(Linux). Only file names are looked at; nothing is loaded until the clerk signs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# File names of common drivers' PKCS#11 libraries (the token's vendor, not the CA, decides the name).
KNOWN = (
    "eps2003csp11.dll",  # Feitian ePass2003
    "eTPKCS11.dll",  # SafeNet / Thales eToken
    "IDPrimePKCS11.dll",  # Thales (Gemalto) IDPrime
    "opensc-pkcs11.dll",  # OpenSC
)
PATTERNS_WINDOWS = ("*pkcs11*.dll", "*csp11*.dll", "*p11*.dll")
PATTERNS_LINUX = ("*pkcs11*.so", "libsofthsm2.so", "*p11*.so")
MAX_FOUND = 20


def library_folders() -> list[Path]:
    if sys.platform.startswith("win"):
        windows = Path(os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows")
        return [windows / "System32", windows / "SysWOW64"]
    return [
        Path("/usr/lib/x86_64-linux-gnu/pkcs11"),
        Path("/usr/lib/x86_64-linux-gnu"),
        Path("/usr/lib/softhsm"),
        Path("/usr/lib/pkcs11"),
        Path("/usr/local/lib"),
    ]


def candidate_libraries(folders: list[Path] | None = None, windows: bool | None = None) -> list[Path]:
    """Libraries found in the usual folders (the system's kind: .dll on Windows, .so elsewhere), the known
    names first; at most MAX_FOUND."""
    windows = sys.platform.startswith("win") if windows is None else windows
    patterns = PATTERNS_WINDOWS if windows else PATTERNS_LINUX
    known = KNOWN if windows else ()
    found: list[Path] = []
    for folder in library_folders() if folders is None else folders:
        try:
            if not folder.is_dir():
                continue
            names = [folder / name for name in known if (folder / name).is_file()]
            for pattern in patterns:
                names += sorted(path for path in folder.glob(pattern) if path.is_file())
        except OSError:
            continue
        for path in names:
            if path not in found:
                found.append(path)
    return found[:MAX_FOUND]
