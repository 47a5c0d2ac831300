"""The lock files' format and targets (requirements/*.lock): which systems and Pythons they serve, how a
requirement with its marker and hashes is written and read, which wheel fits a target. Pure: no network,
no pip; scripts/update-lock.py does the resolving and tests/test_lock.py reads the files with it."""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.11", "3.12", "3.13")
# Linux: manylinux wheels (glibc 2.17 to 2.36, Debian 12's); Windows: 64-bit.
LINUX_PLATFORMS = tuple(f"manylinux_2_{minor}_x86_64" for minor in range(36, 16, -1)) + (
    "manylinux2014_x86_64",
    "manylinux2010_x86_64",
    "manylinux1_x86_64",
)
SYSTEMS = {
    "linux": {
        "platforms": LINUX_PLATFORMS,
        "markers": {
            "sys_platform": "linux",
            "platform_system": "Linux",
            "os_name": "posix",
            "platform_machine": "x86_64",
        },
    },
    "win32": {
        "platforms": ("win_amd64",),
        "markers": {
            "sys_platform": "win32",
            "platform_system": "Windows",
            "os_name": "nt",
            "platform_machine": "AMD64",
        },
    },
}
TARGETS = tuple((system, python) for system in SYSTEMS for python in PYTHONS)
LAYERS = (
    ("app", "the program's dependencies (what the bundle ships)"),
    ("build", "-r app.lock, plus the bundle's builder (PyInstaller)"),
    ("test", "-r build.lock, plus the test and lint tools"),
)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def marker_values(system: str, python: str) -> dict[str, str]:
    return {
        **SYSTEMS[system]["markers"],
        "python_version": python,
        "python_full_version": f"{python}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }


# ---- setup.cfg ------------------------------------------------------------------------------------------


def setup_requirements(setup_cfg: Path = ROOT / "setup.cfg") -> dict[str, list[str]]:
    """setup.cfg's requirements per layer: app (install_requires), build and test (their extras)."""
    config = configparser.ConfigParser()
    config.read(setup_cfg, encoding="utf-8")

    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]

    extras = config["options.extras_require"]
    return {
        "app": lines(config["options"]["install_requires"]),
        "build": lines(extras.get("build", "")),
        "test": lines(extras.get("test", "")),
    }


# ---- lock files -----------------------------------------------------------------------------------------


@dataclass
class Locked:
    name: str
    version: str
    marker: str | None = None
    hashes: list[str] = field(default_factory=list)


def read_lock(path: Path) -> list[Locked]:
    """The requirements of one lock file (not those of the files it includes with -r)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-r ")):
            continue
        hashes = re.findall(r"--hash=sha256:([0-9a-f]+)", line)
        spec = re.sub(r"--hash=\S+", "", line).strip()
        requirement, _, marker = spec.partition(";")
        name, _, version = requirement.strip().partition("==")
        found.append(Locked(canonical(name), version.strip(), marker.strip() or None, hashes))
    return found


def render_lock(layer: str, about: str, items: list[Locked], include: str | None) -> str:
    lines = [
        f"# CCHC Desktop — {about}.",
        "# Exact versions with the sha256 of every wheel pip may pick on Linux x86_64 and Windows x64, CPython "
        + f"{PYTHONS[0]}–{PYTHONS[-1]}.",
        "# Made by scripts/update-lock.py (README: «Khóa phiên bản»); do not edit by hand.",
        f"# Install: python -m pip install --require-hashes -r requirements/{layer}.lock",
    ]
    if include:
        lines.append(f"-r {include}")
    for item in sorted(items, key=lambda found: found.name):
        head = f"{item.name}=={item.version}" + (f" ; {item.marker}" if item.marker else "")
        lines.append(" \\\n".join([head] + [f"    --hash=sha256:{digest}" for digest in item.hashes]))
    return "\n".join(lines) + "\n"


# ---- markers --------------------------------------------------------------------------------------------


def python_marker(pythons: set[str]) -> str | None:
    """The python_version marker true for exactly these of PYTHONS (None: all of them)."""
    chosen = [python for python in PYTHONS if python in pythons]
    if len(chosen) == len(PYTHONS):
        return None
    first, last = PYTHONS.index(chosen[0]), PYTHONS.index(chosen[-1])
    if last - first + 1 == len(chosen):  # contiguous
        if first == 0:
            return f'python_version < "{PYTHONS[last + 1]}"'
        if last == len(PYTHONS) - 1:
            return f'python_version >= "{chosen[0]}"'
    if len(chosen) == 1:
        return f'python_version == "{chosen[0]}"'
    return "(" + " or ".join(f'python_version == "{python}"' for python in chosen) + ")"


def target_marker(targets: set[tuple[str, str]]) -> str | None:
    """The marker true on exactly these targets (system, python) of TARGETS (None: on all of them)."""
    by_system = {system: {python for found, python in targets if found == system} for system in SYSTEMS}
    wanted = {system: pythons for system, pythons in by_system.items() if pythons}
    if len(wanted) == len(SYSTEMS) and len({frozenset(pythons) for pythons in wanted.values()}) == 1:
        return python_marker(next(iter(wanted.values())))
    clauses = []
    for system, pythons in wanted.items():
        parts = [f'sys_platform == "{system}"']
        version = python_marker(pythons)
        if version:
            parts.append(version)
        clauses.append(" and ".join(parts))
    if len(clauses) == 1:
        return clauses[0]
    return " or ".join(f"({clause})" if " and " in clause else clause for clause in clauses)


# ---- wheels ---------------------------------------------------------------------------------------------

MANYLINUX_X86_64 = re.compile(r"manylinux(1|2010|2014|_\d+_\d+)_x86_64")


def wheel_fits(filename: str, system: str, python: str) -> bool:
    """Whether pip may install this wheel on the target (CPython `python` on `system`, x86_64)."""
    if not filename.endswith(".whl"):
        return False
    parts = filename[: -len(".whl")].split("-")
    if len(parts) < 5:
        return False
    pythons, abis, platforms = (set(part.split(".")) for part in parts[-3:])
    minor = int(python.split(".")[1])
    if system == "linux":
        platform_ok = any(platform == "any" or MANYLINUX_X86_64.fullmatch(platform) for platform in platforms)
    else:
        platform_ok = bool(platforms & {"any", "win_amd64"})
    if not platform_ok:
        return False
    own = f"cp3{minor}"
    for tag in pythons:
        for abi in abis:
            if abi == own and tag == own:
                return True
            if abi == "abi3" and re.fullmatch(r"cp3(\d+)", tag) and 2 <= int(tag[3:]) <= minor:
                return True
            if abi == "none":
                if tag in (own, "py3"):
                    return True
                if re.fullmatch(r"py3(\d+)", tag) and int(tag[3:]) <= minor:
                    return True
    return False


def version_of(filename: str) -> str:
    stem = filename[: -len(".whl")] if filename.endswith(".whl") else re.sub(r"\.(tar\.gz|zip)$", "", filename)
    return stem.split("-")[1] if filename.endswith(".whl") else stem.rsplit("-", 1)[-1]
