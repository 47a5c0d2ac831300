"""The template versions kept compiled in the data folder between runs (issue 19): used only while
nothing they were read from changed, never trusted when damaged, never creating the data folder."""

from __future__ import annotations

import os
import pickle
import sys

import pytest

from cchc_desktop import __version__
from cchc_desktop.app.infra import paths, template_cache
from cchc_desktop.app.usecases.templates import install_pack, list_versions, template_set, templates_dir
from tests.test_templates import NOTHING, _pack_folder, _zip

SHIPPED = ["2023.1", "2025.1"]  # the versions in forms/


def _versions() -> list[str]:
    return [template.version for template in template_set().versions()]


def test_the_set_is_kept_and_read_back_the_same():
    paths.data_dir().mkdir(parents=True)
    first = template_set()
    assert template_cache.cache_path().is_file()
    if os.name == "posix":
        assert oct(template_cache.cache_path().stat().st_mode & 0o777) == "0o600"
    again = template_set()
    assert [t.version for t in again.versions()] == [t.version for t in first.versions()] == SHIPPED
    assert again.version("2023.1").indicators == first.version("2023.1").indicators
    listed, problems = list_versions()
    assert [(v.version, v.validity, v.origin_label) for v in listed] == [
        ("2023.1", "áp dụng từ tháng 1/2023", "kèm chương trình"),
        ("2025.1", "áp dụng từ tháng 7/2025", "kèm chương trình"),
    ]
    assert problems == []


def test_an_installed_pack_and_a_changed_toml_are_seen_at_once(tmp_path):
    paths.data_dir().mkdir(parents=True)
    assert _versions() == SHIPPED  # cached without the pack
    install_pack(_zip(_pack_folder(tmp_path / "pack"), tmp_path / "mau.zip"), NOTHING)
    assert _versions() == ["2023.1", "2024.1", "2025.1"]
    assert [v.version for v in list_versions()[0]] == ["2023.1", "2024.1", "2025.1"]
    cd = templates_dir() / "2024.1" / "cd.toml"
    cd.write_text("[section\n", encoding="utf-8")  # same folder, same names: only the content differs
    versions, problems = list_versions()
    assert [v.version for v in versions] == SHIPPED
    assert len(problems) == 1 and "cd.toml, dòng 1" in problems[0]


def test_a_damaged_cache_is_read_again_from_the_templates():
    paths.data_dir().mkdir(parents=True)
    template_set()
    template_cache.cache_path().write_bytes(b"\x80\x05 not a pickle")
    assert _versions() == SHIPPED
    assert list_versions()[0][0].version == "2023.1"
    assert template_cache.read_set(template_cache.fingerprint(templates_dir())) is not None  # written anew


def test_no_data_folder_is_created_for_the_cache():
    assert _versions() == SHIPPED
    assert not paths.data_dir().exists()


def test_a_bundle_installed_over_another_at_the_same_path_does_not_read_its_cache(tmp_path, monkeypatch):
    """In a bundle the code lives in the executable: a newer build installed at the same path (another
    size, or the same size written at another time) and a newer version are other programs."""
    exe = tmp_path / "CCHC Desktop" / "cchc.exe"
    exe.parent.mkdir()
    exe.write_bytes(b"MZ" + b"\0" * 100)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    paths.data_dir().mkdir(parents=True)
    template_set()
    first = template_cache.fingerprint(templates_dir())
    assert template_cache.listed_versions() is not None  # the old build's cache, read by the old build
    exe.write_bytes(b"MZ" + b"\1" * 120)  # the upgrade: a bigger executable
    assert template_cache.fingerprint(templates_dir()) != first
    assert template_cache.listed_versions() is None and template_cache.read_set(first) is not None
    exe.write_bytes(b"MZ" + b"\0" * 100)
    os.utime(exe, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))  # same size, another build
    assert template_cache.fingerprint(templates_dir()) != first
    assert template_cache.listed_versions() is None
    assert _versions() == SHIPPED  # read from the templates, and kept for this build
    again = template_cache.fingerprint(templates_dir())
    assert template_cache.listed_versions() is not None
    monkeypatch.setattr(template_cache, "__version__", "9.9.9")
    assert template_cache.fingerprint(templates_dir()) != again
    assert template_cache.listed_versions() is None


def test_a_cache_of_the_earlier_format_is_read_again(monkeypatch):
    """The first format (a pickled header) is not read: the versions come from the templates."""
    paths.data_dir().mkdir(parents=True)
    template_set()
    key = template_cache.fingerprint(templates_dir())
    with open(template_cache.cache_path(), "wb") as stream:
        pickle.dump({"key": key, "versions": [("9.9", "x", "2023-01", "y", "shipped", "z")], "problems": []}, stream)
    assert template_cache.listed_versions() is None and template_cache.read_set(key) is None
    assert [v.version for v in list_versions()[0]] == SHIPPED
    assert template_set() is not None and template_cache.read_set(key) is not None  # written anew


def test_version_says_the_same_from_the_cache_as_from_the_templates(capsys):
    """`cchc --version` (answered before the parser) and `cchc --db F --version` (by the parser), with and
    without the cache: the same lines."""
    from cchc_desktop.cli import main

    def version(*args: str) -> str:
        with pytest.raises(SystemExit) as stopped:
            main([*args, "--version"])
        assert stopped.value.code in (0, None)
        return capsys.readouterr().out

    without = version()  # no data folder: nothing kept, read from the templates
    assert not paths.data_dir().exists()
    paths.data_dir().mkdir(parents=True)
    assert version("--db", "x.sqlite") == without  # reads the templates and keeps them
    assert template_cache.listed_versions() is not None
    assert version() == version("--db", "x.sqlite") == without
    assert without == (
        f"CCHC Desktop {__version__}\nMẫu báo cáo 2023.1: áp dụng từ tháng 1/2023 (kèm chương trình)\n"
        "Mẫu báo cáo 2025.1: áp dụng từ tháng 7/2025 (kèm chương trình)\n"
    )
