"""The lock files (requirements/{app,build,test}.lock, made by scripts/update-lock.py) hold what setup.cfg asks,
every line pinned with == and hashed, at versions within setup.cfg's bounds, each layer complete for every
target (Linux x86_64 and Windows x64, CPython 3.11-3.13): the bundle installs app.lock alone with
--require-hashes. No network: the files are read as pip reads them, the dependencies from the installed
metadata of the same versions."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import itertools
import re
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK_DIR = ROOT / "requirements"
LAYERS = ("app", "build", "test")
SPEC = importlib.util.spec_from_file_location("lock_format", ROOT / "scripts" / "lock_format.py")
lock_format = sys.modules.setdefault("lock_format", importlib.util.module_from_spec(SPEC))
SPEC.loader.exec_module(lock_format)
TARGETS = lock_format.TARGETS


def lock_lines(path: Path) -> list[str]:
    """The logical lines of a requirements file, as pip joins them (a trailing backslash continues)."""
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in re.sub(r"\\\n", " ", text).splitlines() if line.strip()]


def parse_lock(path: Path) -> tuple[list[str], list[tuple[Requirement, list[str]]]]:
    """(its -r includes, its requirements with their sha256 hashes)."""
    includes, found = [], []
    for line in lock_lines(path):
        if line.startswith("#"):
            continue
        if line.startswith("-r "):
            includes.append(line[3:].strip())
            continue
        options = re.findall(r"\s--\S+", " " + line)
        assert all(option.strip().startswith("--hash=sha256:") for option in options), line
        hashes = [option.strip().removeprefix("--hash=sha256:") for option in options]
        found.append((Requirement(re.sub(r"\s--\S+", "", " " + line).strip()), hashes))
    return includes, found


LOCKS = {layer: parse_lock(LOCK_DIR / f"{layer}.lock") for layer in LAYERS}
# name -> (layer, requirement)
LOCKED = {canonicalize_name(req.name): (layer, req) for layer in LAYERS for req, _ in LOCKS[layer][1]}


def locked_version(name: str) -> Version:
    (spec,) = LOCKED[canonicalize_name(name)][1].specifier
    return Version(spec.version)


def applies(requirement: Requirement, target: tuple[str, str], extra: str = "") -> bool:
    environment = {**lock_format.marker_values(*target), "extra": extra}
    return requirement.marker is None or requirement.marker.evaluate(environment)


def setup_cfg_requirements() -> dict[str, list[Requirement]]:
    return {layer: [Requirement(line) for line in lines] for layer, lines in lock_format.setup_requirements().items()}


def test_every_line_is_pinned_with_hashes_and_named_once():
    names = []
    for layer in LAYERS:
        for requirement, hashes in LOCKS[layer][1]:
            (spec,) = requirement.specifier  # exactly one
            assert spec.operator == "==" and "*" not in spec.version, f"{layer}.lock: {requirement}"
            assert not requirement.extras and not requirement.url, f"{layer}.lock: {requirement}"
            assert hashes, f"{layer}.lock: {requirement} has no hash"
            assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in hashes), f"{layer}.lock: {requirement}"
            assert len(set(hashes)) == len(hashes), f"{layer}.lock: {requirement} repeats a hash"
            assert any(applies(requirement, target) for target in TARGETS), f"{layer}.lock: {requirement} never"
            names.append(canonicalize_name(requirement.name))
    assert len(names) == len(set(names)), sorted(name for name in names if names.count(name) > 1)
    assert len(names) > 20


def test_each_layer_includes_the_one_before_and_the_bundle_holds_no_tool():
    assert LOCKS["app"][0] == []
    assert LOCKS["build"][0] == ["app.lock"]
    assert LOCKS["test"][0] == ["build.lock"]
    wanted = setup_cfg_requirements()
    tools = {canonicalize_name(req.name) for req in wanted["build"] + wanted["test"]}
    in_app = {name for name, (layer, _) in LOCKED.items() if layer == "app"}
    assert not tools & in_app, tools & in_app  # the bundle needs no ruff, no pytest, no PyInstaller
    assert LOCKED["pyinstaller"][0] == "build" and LOCKED["ruff"][0] == "test"


@pytest.mark.parametrize("layer", LAYERS)
def test_setup_cfg_requirements_are_locked_within_their_bounds(layer):
    """Each requirement of setup.cfg (install_requires; the build and test extras) is in its layer or an
    earlier one, on every target, at a version its bounds accept; an extra asked for (psycopg[binary])
    brings its packages along."""
    reachable = LAYERS[: LAYERS.index(layer) + 1]
    for wanted in setup_cfg_requirements()[layer]:
        name = canonicalize_name(wanted.name)
        assert name in LOCKED and LOCKED[name][0] in reachable, f"{wanted} is not in {layer}.lock"
        locked = LOCKED[name][1]
        assert all(applies(locked, target) for target in TARGETS), f"{locked}: not on every target"
        assert wanted.specifier.contains(locked_version(name), prereleases=True), f"{locked} breaks {wanted}"
        for extra in wanted.extras:
            needs = [Requirement(line) for line in importlib.metadata.requires(wanted.name) or []]
            brought = [req for req in needs if applies(req, TARGETS[0], extra) and not applies(req, TARGETS[0])]
            assert brought, f"{wanted}: the extra {extra} brings nothing"
            for req in brought:
                assert canonicalize_name(req.name) in LOCKED, f"{wanted} needs {req}"


def installed_at_locked_version(name: str) -> bool:
    try:
        return Version(importlib.metadata.version(name)) == locked_version(name)
    except importlib.metadata.PackageNotFoundError:
        return False


def test_the_program_runs_on_the_locked_versions():
    """This Python's packages are the lock's (scripts/setup-env.sh installs app.lock, or test.lock)."""
    wrong = [
        str(requirement)
        for requirement, _ in LOCKS["app"][1]
        if (requirement.marker is None or requirement.marker.evaluate())
        and not installed_at_locked_version(requirement.name)
    ]
    assert not wrong, f"not installed here at the locked version (run scripts/setup-env.sh): {wrong}"


@pytest.mark.parametrize("target", TARGETS, ids=[f"{system}-{python}" for system, python in TARGETS])
def test_every_layer_is_complete_on_every_target(target):
    """What each locked package needs on the target (from its installed metadata, same version) is locked
    too, in the same layer or an earlier one, there, at a version it accepts: pip --require-hashes finds
    every dependency pinned. A package not installed here at its locked version (a Windows-only one on
    Linux) is not read."""
    extras = {
        canonicalize_name(req.name): set(req.extras) for reqs in setup_cfg_requirements().values() for req in reqs
    }
    here = {name: (layer, req) for name, (layer, req) in LOCKED.items() if applies(req, target)}
    problems, read = [], 0
    for name, (layer, _) in sorted(here.items()):
        if not installed_at_locked_version(name):
            continue
        read += 1
        for line in importlib.metadata.requires(name) or []:
            needed = Requirement(line)
            if not any(applies(needed, target, extra) for extra in {""} | extras.get(name, set())):
                continue
            dependency = canonicalize_name(needed.name)
            if dependency not in here:
                problems.append(f"{name} needs {needed}: not locked for {target}")
            elif LAYERS.index(here[dependency][0]) > LAYERS.index(layer):
                problems.append(f"{name} ({layer}) needs {dependency}, locked only in {here[dependency][0]}.lock")
            elif not needed.specifier.contains(locked_version(dependency), prereleases=True):
                problems.append(f"{name} needs {needed}, locked {locked_version(dependency)}")
    assert not problems, problems
    assert read > 10


# ---- scripts/lock_format.py: the markers and wheels the generator chooses ----------------------------------


def all_target_sets():
    for size in range(1, len(TARGETS) + 1):
        yield from itertools.combinations(TARGETS, size)


def test_target_marker_is_true_on_exactly_its_targets():
    for chosen in all_target_sets():
        marker = lock_format.target_marker(set(chosen))
        where = {
            target
            for target in TARGETS
            if marker is None or Marker(marker).evaluate(lock_format.marker_values(*target))
        }
        assert where == set(chosen), (chosen, marker)
    assert lock_format.target_marker(set(TARGETS)) is None
    windows = {target for target in TARGETS if target[0] == "win32"}
    assert lock_format.target_marker(windows) == 'sys_platform == "win32"'
    older = {target for target in TARGETS if target[1] != "3.13"}
    assert lock_format.target_marker(older) == 'python_version < "3.13"'


@pytest.mark.parametrize(
    ("filename", "fits"),
    [
        ("peewee-4.5.3-py3-none-any.whl", set(TARGETS)),
        ("six-1.16.0-py2.py3-none-any.whl", set(TARGETS)),
        ("pillow-13.0.0-cp313-cp313-win_amd64.whl", {("win32", "3.13")}),
        ("pillow-13.0.0-cp311-cp311-manylinux_2_28_x86_64.whl", {("linux", "3.11")}),
        ("x-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", {("linux", "3.12")}),
        ("x-1.0-cp38-abi3-win_amd64.whl", {("win32", python) for python in lock_format.PYTHONS}),
        ("x-1.0-cp312-abi3-manylinux_2_17_x86_64.whl", {("linux", "3.12"), ("linux", "3.13")}),
        ("ruff-0.17.6-py3-none-win_amd64.whl", {("win32", python) for python in lock_format.PYTHONS}),
        ("x-1.0-cp311-cp311-musllinux_1_2_x86_64.whl", set()),
        ("x-1.0-cp311-cp311-manylinux_2_28_aarch64.whl", set()),
        ("x-1.0-cp311-cp311-win32.whl", set()),
        ("x-1.0-cp314-cp314-win_amd64.whl", set()),
        ("x-1.0-cp313-cp313t-win_amd64.whl", set()),
        ("x-1.0.tar.gz", set()),
    ],
)
def test_wheel_fits_the_targets_pip_would_install_it_on(filename, fits):
    assert {target for target in TARGETS if lock_format.wheel_fits(filename, *target)} == fits


def test_a_written_lock_reads_back(tmp_path):
    entries = [
        lock_format.Locked("zeta", "1.0", None, ["a" * 64]),
        lock_format.Locked("colorama", "0.4.6", 'sys_platform == "win32"', ["b" * 64, "c" * 64]),
    ]
    path = tmp_path / "build.lock"
    path.write_text(lock_format.render_lock("build", "the tools", entries, "app.lock"), encoding="utf-8")
    assert lock_format.read_lock(path) == sorted(entries, key=lambda entry: entry.name)
    includes, requirements = parse_lock(path)
    assert includes == ["app.lock"]
    assert [(str(req), hashes) for req, hashes in requirements] == [
        ('colorama==0.4.6; sys_platform == "win32"', ["b" * 64, "c" * 64]),
        ("zeta==1.0", ["a" * 64]),
    ]
