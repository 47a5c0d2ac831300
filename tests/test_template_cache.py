"""The template versions kept compiled in the data folder between runs (issue 19): used only while
nothing they were read from changed, never trusted when damaged, never creating the data folder."""

from __future__ import annotations

import os

from cchc_desktop.app import paths, template_cache
from cchc_desktop.app.templates import install_pack, list_versions, template_set, templates_dir
from tests.test_templates import NOTHING, _pack_folder, _zip


def _versions() -> list[str]:
    return [template.version for template in template_set().versions()]


def test_the_set_is_kept_and_read_back_the_same():
    paths.data_dir().mkdir(parents=True)
    first = template_set()
    assert template_cache.cache_path().is_file()
    if os.name == "posix":
        assert oct(template_cache.cache_path().stat().st_mode & 0o777) == "0o600"
    again = template_set()
    assert [t.version for t in again.versions()] == [t.version for t in first.versions()] == ["2023.1"]
    assert again.version("2023.1").indicators == first.version("2023.1").indicators
    listed, problems = list_versions()
    assert [(v.version, v.validity, v.origin_label) for v in listed] == [
        ("2023.1", "áp dụng từ tháng 1/2023", "kèm chương trình")
    ]
    assert problems == []


def test_an_installed_pack_and_a_changed_toml_are_seen_at_once(tmp_path):
    paths.data_dir().mkdir(parents=True)
    assert _versions() == ["2023.1"]  # cached without the pack
    install_pack(_zip(_pack_folder(tmp_path / "pack"), tmp_path / "mau.zip"), NOTHING)
    assert _versions() == ["2023.1", "2024.1"]
    assert [v.version for v in list_versions()[0]] == ["2023.1", "2024.1"]
    cd = templates_dir() / "2024.1" / "cd.toml"
    cd.write_text("[section\n", encoding="utf-8")  # same folder, same names: only the content differs
    versions, problems = list_versions()
    assert [v.version for v in versions] == ["2023.1"]
    assert len(problems) == 1 and "cd.toml, dòng 1" in problems[0]


def test_a_damaged_cache_is_read_again_from_the_templates():
    paths.data_dir().mkdir(parents=True)
    template_set()
    template_cache.cache_path().write_bytes(b"\x80\x05 not a pickle")
    assert _versions() == ["2023.1"]
    assert list_versions()[0][0].version == "2023.1"
    assert template_cache.read_set(template_cache.fingerprint(templates_dir())) is not None  # written anew


def test_no_data_folder_is_created_for_the_cache():
    assert _versions() == ["2023.1"]
    assert not paths.data_dir().exists()
