#!/usr/bin/env python3
"""Regenerate the lock files requirements/{app,build,test}.lock: exact versions with hashes, for Linux x86_64
and Windows x64, CPython 3.11 to 3.13. Standard library only; run it with the project's Python:

    .venv/bin/python scripts/update-lock.py                          # same versions, setup.cfg's changes added
    .venv/bin/python scripts/update-lock.py --upgrade-package fpdf2  # this one at its newest (repeatable)
    .venv/bin/python scripts/update-lock.py --upgrade                # everything at its newest
    .venv/bin/python scripts/update-lock.py --check                  # every target's files downloaded, hashes checked

Three layers, each file holding only what the one before it lacks:
  app.lock    setup.cfg's install_requires and everything they need: what the bundle ships;
  build.lock  -r app.lock, plus the [build] extra (PyInstaller) and its needs: what builds the bundle;
  test.lock   -r build.lock, plus the [test] extra (pytest, ruff, ...): the developer's and the CI's tools.

How: pip resolves each layer for every (system, Python) pair (pip install --dry-run --report, with the
target's --platform and --python-version and only wheels). pip evaluates environment markers against the
Python that runs it, not the target, so pip runs here with the target's marker values put in place
(sys_platform, platform_system, os_name, platform_machine, python_version): colorama, tzdata, pefile come in
for Windows only, typing-extensions only where a Python needs it. The results are merged, a package missing
from some targets gets the marker that names where it is needed, and its hashes are those of every wheel
PyPI holds for that version that pip may pick on a target (read from PyPI's JSON simple index, PEP 691).

Versions stay at the current lock's (the first time: at `pip freeze` of this Python); a package not yet
pinned, or named by --upgrade-package, is resolved to its newest version that fits.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from lock_format import (
    LAYERS,
    ROOT,
    SYSTEMS,
    TARGETS,
    Locked,
    canonical,
    marker_values,
    read_lock,
    render_lock,
    setup_requirements,
    target_marker,
    version_of,
    wheel_fits,
)

LOCK_DIR = ROOT / "requirements"
INDEX_URL = "https://pypi.org/simple"
# Marker variables set for every target; a dependency's marker on any other one is reported.
KNOWN_MARKER_VARIABLES = {
    "sys_platform",
    "platform_system",
    "os_name",
    "platform_machine",
    "python_version",
    "python_full_version",
    "implementation_name",
    "platform_python_implementation",
    "extra",
}

# pip, run with the target's marker values: sys.argv[1] holds them (JSON), the rest is pip's command line.
PIP_WITH_MARKERS = """
import json, sys
import pip._vendor.packaging.markers as markers
target = json.loads(sys.argv[1])
here = markers.default_environment
def default_environment():
    values = here()
    values.update(target)
    return values
markers.default_environment = default_environment
from pip._internal.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def locked_versions(lock_dir: Path = LOCK_DIR) -> dict[str, str]:
    versions = {}
    for layer, _ in LAYERS:
        path = lock_dir / f"{layer}.lock"
        if path.exists():
            versions.update({item.name: item.version for item in read_lock(path)})
    return versions


def frozen_versions() -> dict[str, str]:
    """`pip freeze` of this Python (the first lock: the versions the .venv runs today)."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"], capture_output=True, text=True, check=True
    ).stdout
    versions = {}
    for line in out.splitlines():
        name, sep, version = line.partition("==")
        if sep:
            versions[canonical(name)] = version.strip()
    return versions


def index_files(name: str, index_url: str = INDEX_URL) -> list[dict]:
    """Every file of a project on the index (PEP 691 JSON simple API): filename, hashes, ..."""
    request = urllib.request.Request(
        f"{index_url.rstrip('/')}/{canonical(name)}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)["files"]


def wheel_hashes(name: str, version: str, targets: set[tuple[str, str]], files: list[dict]) -> list[str]:
    """The sha256 of each wheel of name==version that pip may pick on one of the targets; every target has one."""
    fitting = {}
    for target in sorted(targets):
        here = [
            entry
            for entry in files
            if entry["filename"].endswith(".whl")
            and canonical(entry["filename"].split("-")[0]) == canonical(name)
            and version_of(entry["filename"]) == version
            and wheel_fits(entry["filename"], *target)
        ]
        if not here:
            raise SystemExit(f"{name}=={version}: no wheel for {target[0]}, Python {target[1]} on the index")
        fitting.update({entry["filename"]: entry["hashes"]["sha256"] for entry in here})
    return sorted(set(fitting.values()))


# ---- resolution -----------------------------------------------------------------------------------------


def pip_environment() -> dict[str, str]:
    """This environment without a local pip configuration: no config file, no extra index, no find-links."""
    drop = {
        "PIP_FIND_LINKS",
        "PIP_INDEX_URL",
        "PIP_EXTRA_INDEX_URL",
        "PIP_NO_INDEX",
        "PIP_CONSTRAINT",
        "PIP_REQUIRE_HASHES",
    }
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def pip_command(system: str, python: str, index_url: str, *arguments: str) -> list[str]:
    """pip for the target: its markers in place, its platform and Python, only wheels, from index_url."""
    command = [sys.executable, "-c", PIP_WITH_MARKERS, json.dumps(marker_values(system, python)), *arguments]
    command += ["--only-binary=:all:", "--python-version", python, "--implementation", "cp", "--index-url", index_url]
    for platform in SYSTEMS[system]["platforms"]:
        command += ["--platform", platform]
    return command


def run_pip(command: list[str], failure: str) -> None:
    done = subprocess.run(command, env=pip_environment(), capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(failure)


def resolve(
    requirements: list[str], constraints: dict[str, str], system: str, python: str, work: Path, index_url: str
) -> dict[str, dict]:
    """pip's choice for the target: {canonical name: report item} (metadata, download_info)."""
    constraint_file = work / f"constraints-{system}-{python}.txt"
    constraint_file.write_text("".join(f"{name}=={version}\n" for name, version in sorted(constraints.items())))
    report = work / f"report-{system}-{python}.json"
    arguments = ["install", "--dry-run", "--ignore-installed", "--quiet", "--report", str(report)]
    arguments += ["--target", str(work / "target"), "--constraint", str(constraint_file), *requirements]
    run_pip(pip_command(system, python, index_url, *arguments), f"pip could not resolve for {system}, Python {python}")
    data = json.loads(report.read_text(encoding="utf-8"))
    if data["environment"]["sys_platform"] != system or data["environment"]["python_version"] != python:
        raise SystemExit(f"pip did not take the target's markers ({data['environment']})")
    return {canonical(item["metadata"]["name"]): item for item in data["install"]}


def unknown_marker_variables(items: dict[str, dict]) -> set[str]:
    """Marker variables of the chosen packages' dependencies that the targets do not set."""
    found = set()
    for item in items.values():
        for requirement in item["metadata"].get("requires_dist", []):
            _, _, marker = requirement.partition(";")
            words = re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", re.sub(r"(['\"]).*?\1", " ", marker))
            found |= set(words) - {"and", "or", "in", "not"}
    return found - KNOWN_MARKER_VARIABLES


def check(lock_dir: Path, index_url: str) -> None:
    """Download every target's wheels with --require-hashes, the target's markers in place: each file pip
    picks there is in the lock with its hash (the Windows-only ones included)."""
    with tempfile.TemporaryDirectory(prefix="cchc-lock-check-") as temporary:
        for system, python in TARGETS:
            folder = Path(temporary) / f"{system}-{python}"
            arguments = ["download", "--quiet", "--require-hashes", "-d", str(folder)]
            arguments += ["-r", str(lock_dir / f"{LAYERS[-1][0]}.lock")]
            run_pip(pip_command(system, python, index_url, *arguments), f"no install on {system}, Python {python}")
            wheels = list(folder.glob("*.whl"))
            print(f"{system}, Python {python}: {len(wheels)} wheels downloaded, hashes checked")


def resolve_layers(pins: dict[str, str], index_url: str) -> tuple[dict[str, str], dict[str, dict]]:
    """The versions, and for each layer and target pip's choice ({layer: {target: {name: report item}}})."""
    wanted = setup_requirements()
    with tempfile.TemporaryDirectory(prefix="cchc-lock-") as temporary:
        work = Path(temporary)
        # First everything (test), so that every layer then takes the same versions.
        everything = wanted["app"] + wanted["build"] + wanted["test"]
        full = {target: resolve(everything, pins, *target, work, index_url) for target in TARGETS}
        versions: dict[str, str] = {}
        for target, items in full.items():
            for name, item in items.items():
                version = item["metadata"]["version"]
                if versions.setdefault(name, version) != version:
                    raise SystemExit(f"{name}: {versions[name]} on one target, {version} on {target}")
            unknown = unknown_marker_variables(items)
            if unknown:
                print(f"warning: {target}: markers on {sorted(unknown)}, not set for the targets", file=sys.stderr)
        layers = {
            "app": {target: resolve(wanted["app"], versions, *target, work, index_url) for target in TARGETS},
            "build": {
                target: resolve(wanted["app"] + wanted["build"], versions, *target, work, index_url)
                for target in TARGETS
            },
            "test": full,
        }
    return versions, layers


def write_locks(versions: dict[str, str], layers: dict[str, dict], lock_dir: Path, index_url: str) -> list[str]:
    """Each layer's file: what the layers before it lack, with markers and hashes. Returns a line per file."""
    # Where each package is needed, over every layer: a package the program needs on some targets and a
    # tool on others is locked once, in the program's layer, for all of them.
    where: dict[str, set[tuple[str, str]]] = {}
    picked: dict[str, set[str]] = {}
    for results in layers.values():
        for target, items in results.items():
            for name, item in items.items():
                where.setdefault(name, set()).add(target)
                picked.setdefault(name, set()).add(item["download_info"]["archive_info"]["hashes"]["sha256"])
    lock_dir.mkdir(exist_ok=True)
    done: set[str] = set()
    previous = None
    totals = []
    for layer, about in LAYERS:
        names = {name for items in layers[layer].values() for name in items} - done
        entries = []
        for name in sorted(names):
            hashes = wheel_hashes(name, versions[name], where[name], index_files(name, index_url))
            if picked[name] - set(hashes):
                raise SystemExit(f"{name}=={versions[name]}: pip picked a wheel that is not among the hashed ones")
            entries.append(Locked(name, versions[name], target_marker(where[name]), hashes))
        path = lock_dir / f"{layer}.lock"
        path.write_text(render_lock(layer, about, entries, previous), encoding="utf-8")
        totals.append(f"{path.name}: {len(entries)} packages, {sum(len(entry.hashes) for entry in entries)} hashes")
        done |= names
        previous = path.name
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upgrade", action="store_true", help="every package at its newest version that fits")
    parser.add_argument("--upgrade-package", action="append", default=[], metavar="NAME", help="this one newer")
    parser.add_argument("--index-url", default=INDEX_URL, help=f"a PEP 691 index (default {INDEX_URL})")
    parser.add_argument("--lock-dir", type=Path, default=LOCK_DIR)
    parser.add_argument("--check", action="store_true", help="only download every target's files, hashes checked")
    args = parser.parse_args(argv)
    if args.check:
        check(args.lock_dir, args.index_url)
        return 0

    if args.upgrade:
        pins = {}
    else:
        pins = locked_versions(args.lock_dir) or frozen_versions()
        for name in args.upgrade_package:
            pins.pop(canonical(name), None)
    pins.pop("cchc-desktop", None)
    versions, layers = resolve_layers(pins, args.index_url)
    print("\n".join(write_locks(versions, layers, args.lock_dir, args.index_url)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
