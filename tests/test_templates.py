"""Template versions by period and template packs: 2024.1 (tests/data) installed from a zip."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from cchc_desktop.app.content.annex_content import AnnexBuilder
from cchc_desktop.app.presenters.layout import section_specs
from cchc_desktop.app.usecases.templates import install_pack, list_versions, template_set, templates_dir
from cchc_desktop.app.workspace import Workspace
from forms.catalog import TemplateSet, load_template
from forms.errors import TemplateError, UserError
from forms.periods import parse_period
from forms.registry import shipped_root

PACK_DATA = Path(__file__).parent / "data" / "template-2024.1"
NOTHING = lambda version: False  # noqa: E731 - no version holds values


def _pack_folder(target: Path, edit=None) -> Path:
    """The full 2024.1 pack: tests/data's changed files over the shipped 2023.1 section files."""
    target.mkdir(parents=True)
    shipped = shipped_root() / "2023.1"
    for entry in shipped.iterdir():
        if entry.name.endswith(".toml"):
            (target / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    for path in PACK_DATA.glob("*.toml"):
        shutil.copyfile(path, target / path.name)
    if edit:
        edit(target)
    return target


def _zip(folder: Path, zip_path: Path, prefix: str = "2024.1/") -> Path:
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.toml")):
            archive.write(path, prefix + path.name)
    return zip_path


def _replace(name: str, old: str, new: str):
    def edit(folder: Path) -> None:
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text
        (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


@pytest.fixture
def pack_zip(tmp_path) -> Path:
    return _zip(_pack_folder(tmp_path / "pack"), tmp_path / "mau-2024.1.zip")


@pytest.fixture
def installed(pack_zip, tmp_path) -> TemplateSet:
    folder = tmp_path / "installed"
    result = install_pack(pack_zip, NOTHING, folder=folder)
    assert result.message == "Đã cài mẫu báo cáo phiên bản 2024.1 (áp dụng từ tháng 1/2024)."
    return TemplateSet.load(folder)


# ----- the version of a period ---------------------------------------------------------------
def test_shipped_template_has_its_validity_and_levels():
    template = load_template()
    assert template.valid_from == "2023-01"
    assert template.levels == {"xa": "cấp xã", "huyen": "cấp huyện", "tinh": "cấp tỉnh"}
    assert [t.version for t in TemplateSet.load(None).versions()] == ["2023.1", "2025.1"]  # 2025.1: two levels


def test_the_period_uses_the_version_in_force(installed):
    assert [t.version for t in installed.versions()] == ["2023.1", "2024.1", "2025.1"]
    assert installed.for_period(parse_period("2023-Q3")).version == "2023.1"
    assert installed.for_period(parse_period("2023-12")).version == "2023.1"
    assert installed.for_period(parse_period("2024-Q1")).version == "2024.1"
    assert installed.for_period(parse_period("2024")).version == "2024.1"
    # before the earliest version's start, the earliest version (last year's figures are typed in it)
    assert installed.for_period(parse_period("2022-Q4")).version == "2023.1"
    with pytest.raises(TemplateError, match="Không có mẫu báo cáo phiên bản 2030.1"):
        installed.version("2030.1")


def test_a_2023_quarter_shows_the_old_form_and_2024_the_new(installed):
    def codes(period: str) -> set[str]:
        specs = section_specs(installed.for_period(parse_period(period)), "huyen")
        return {field.code for spec in specs for block in spec.blocks for field in block.fields}

    old, new = codes("2023-Q3"), codes("2024-Q1")
    assert {"cd.van_ban_chi_dao", "cd.sk.tap_the"} <= old and "cd.vb.ban_hanh" not in old
    assert {"cd.vb.ban_hanh", "cd.sk.nhan_rong"} <= new
    assert not {"cd.van_ban_chi_dao", "cd.sk.tap_the"} & new


def test_translate_renames_drops_retired_and_goes_back(installed):
    stored = {"cd.van_ban_chi_dao": 7, "cd.sk.tap_the": 2, "cd.sk.mo_hinh": 3, "tthc.hs.tiep_nhan": 1138}
    forward = installed.translate(stored, "2023.1", "2024.1")
    assert forward == {"cd.vb.ban_hanh": 7, "cd.sk.mo_hinh": 3, "tthc.hs.tiep_nhan": 1138}
    back = installed.translate({"cd.vb.ban_hanh": 7, "cd.sk.nhan_rong": 1}, "2024.1", "2023.1")
    assert back == {"cd.van_ban_chi_dao": 7}
    assert installed.translate(stored, "2023.1", "2023.1") == stored


def test_renames_chain_through_every_newer_version(tmp_path, pack_zip):
    folder = tmp_path / "installed"
    install_pack(pack_zip, NOTHING, folder=folder)

    def edit(target: Path) -> None:
        for name, old, new in (
            ("template.toml", 'version = "2024.1"', 'version = "2025.2"'),
            ("template.toml", 'valid_from = "2024-01"', 'valid_from = "2025-10"'),
            ("template.toml", '"cd.van_ban_chi_dao" = "cd.vb.ban_hanh"', '"cd.vb.ban_hanh" = "cd.vb.so_van_ban"'),
            ("cd.toml", 'code = "cd.vb.ban_hanh"', 'code = "cd.vb.so_van_ban"'),
            ("cd.toml", "{cd.vb.ban_hanh}", "{cd.vb.so_van_ban}"),
        ):
            _replace(name, old, new)(target)

    install_pack(_pack_folder(tmp_path / "p2025", edit), NOTHING, folder=folder)
    versions = TemplateSet.load(folder)
    assert versions.for_period(parse_period("2025-Q2")).version == "2024.1"
    assert versions.for_period(parse_period("2025-Q3")).version == "2025.1"  # shipped: the two-level template
    assert versions.for_period(parse_period("2025-Q4")).version == "2025.2"
    assert versions.translate({"cd.van_ban_chi_dao": 4}, "2023.1", "2025.2") == {"cd.vb.so_van_ban": 4}


# ----- PL1's "cùng kỳ năm trước" across versions ------------------------------------------------
def test_pl1_last_year_follows_the_mapping(installed, clean_demo_db):
    ws = Workspace.open(clean_demo_db)
    try:
        t2024 = installed.version("2024.1")
        stored = ws.entry.get_values("2023-Q3", computed=False)
        assert stored["cd.van_ban_chi_dao"] not in (None, "")

        def read(period):  # what the workspace passes: stored values translated to the period's template
            return installed.translate(ws.entry.get_values(str(period), computed=False), "2023.1", "2024.1")

        builder = AnnexBuilder(ws, "2024-Q3", template=t2024, read=read)
        rows = {row.code: row for row in builder.pl1() if row.code}
        assert builder.build().pl1_columns[1] == "Cùng kỳ năm 2023"
    finally:
        ws.close()
    assert rows["cd.vb.ban_hanh"].last_year == stored["cd.van_ban_chi_dao"]
    assert rows["cd.vb.ban_hanh"].label == t2024.label_of("cd.vb.ban_hanh")
    assert "cd.sk.tap_the" not in rows and "cd.van_ban_chi_dao" not in rows
    assert rows["cd.sk.nhan_rong"].last_year is None


# ----- installing packs --------------------------------------------------------------------------
def test_install_from_a_folder_lists_it(tmp_path):
    folder = tmp_path / "installed"
    install_pack(_pack_folder(tmp_path / "pack"), NOTHING, folder=folder)
    assert sorted(p.name for p in (folder / "2024.1").iterdir()) == sorted(
        [".pack-sha256", *(p.name for p in (shipped_root() / "2023.1").iterdir() if p.name.endswith(".toml"))]
    )
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def _refused(tmp_path: Path, source: Path, *fragments: str, has_values=NOTHING) -> None:
    folder = tmp_path / "installed"
    with pytest.raises(UserError) as caught:
        install_pack(source, has_values, folder=folder)
    for fragment in fragments:
        assert fragment in str(caught.value), str(caught.value)
    assert not (folder / "2024.1").exists()
    assert not folder.exists() or not any(folder.iterdir())


def test_a_bad_toml_line_is_named_and_nothing_installed(tmp_path):
    pack = _pack_folder(tmp_path / "pack", _replace("cd.toml", 'unit = "mô hình"', 'unit = "mô hình'))
    line = next(
        n
        for n, text in enumerate((pack / "cd.toml").read_text(encoding="utf-8").splitlines(), 1)
        if 'unit = "mô hình' in text
    )
    _refused(tmp_path, _zip(pack, tmp_path / "x.zip"), f"cd.toml, dòng {line}", "sai cú pháp TOML")


def test_an_unknown_code_in_a_rule_is_named_with_its_line(tmp_path):
    edit = _replace("tthc.toml", 'left = "tthc.hs.tiep_nhan"', 'left = "tthc.hs.tiep_nhann"')
    pack = _pack_folder(tmp_path / "pack", edit)
    lines = (pack / "tthc.toml").read_text(encoding="utf-8").splitlines()
    rule_line = next(n for n, text in enumerate(lines, 1) if text == 'id = "tthc.hs.3"')
    _refused(tmp_path, pack, f"tthc.toml, dòng {rule_line}", 'mã không tồn tại "tthc.hs.tiep_nhann"')


def test_an_unknown_renamed_target_is_named(tmp_path):
    edit = _replace("template.toml", '= "cd.vb.ban_hanh"', '= "cd.vb.khong_co"')
    pack = _pack_folder(tmp_path / "pack", edit)
    line = next(
        n for n, t in enumerate((pack / "template.toml").read_text(encoding="utf-8").splitlines(), 1) if "khong_co" in t
    )
    _refused(tmp_path, pack, f"template.toml, dòng {line}", "cd.vb.khong_co")


def test_a_zip_reaching_outside_is_refused(tmp_path):
    pack = _pack_folder(tmp_path / "pack")
    archive = _zip(pack, tmp_path / "x.zip")
    with zipfile.ZipFile(archive, "a") as zipped:
        zipped.writestr("../x", "bị chặn")
    _refused(tmp_path, archive, "đường dẫn không an toàn", "../x")
    assert not (tmp_path / "x").exists()


def test_a_too_large_or_too_crowded_zip_is_refused(tmp_path):
    big = _zip(_pack_folder(tmp_path / "pack"), tmp_path / "big.zip")
    with zipfile.ZipFile(big, "a", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("2024.1/ghi_chu.txt", "0" * (5 * 1024 * 1024))
    assert big.stat().st_size < 200_000  # small on disk, too large unpacked
    _refused(tmp_path, big, "quá giới hạn 5 MB")
    crowded = _zip(_pack_folder(tmp_path / "pack2"), tmp_path / "crowded.zip")
    with zipfile.ZipFile(crowded, "a") as zipped:
        for number in range(200):
            zipped.writestr(f"2024.1/thua/{number}.txt", "")
    _refused(tmp_path, crowded, "quá giới hạn 200")


def test_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "mau.zip"
    fake.write_text("không phải zip", encoding="utf-8")
    _refused(tmp_path, fake, "không phải tệp .zip hợp lệ")


def test_a_version_with_stored_values_is_never_replaced(tmp_path, pack_zip):
    _refused(tmp_path, pack_zip, "đã có số liệu", has_values=lambda version: version == "2024.1")
    folder = tmp_path / "installed"
    install_pack(pack_zip, NOTHING, folder=folder)
    marker = folder / "2024.1" / "cd.toml"
    before = marker.read_text(encoding="utf-8")
    with pytest.raises(UserError, match="đã có số liệu"):
        install_pack(pack_zip, lambda version: True, force=True, folder=folder)
    assert marker.read_text(encoding="utf-8") == before


def test_reinstalling_without_values_asks_for_force(tmp_path, pack_zip):
    folder = tmp_path / "installed"
    install_pack(pack_zip, NOTHING, folder=folder)
    with pytest.raises(UserError, match="--force"):
        install_pack(pack_zip, NOTHING, folder=folder)
    assert install_pack(pack_zip, NOTHING, force=True, folder=folder).replaced
    assert TemplateSet.load(folder).version("2024.1").valid_from == "2024-01"


def test_a_shipped_version_or_a_taken_month_is_refused(tmp_path):
    shipped = _pack_folder(tmp_path / "p1", _replace("template.toml", 'version = "2024.1"', 'version = "2023.1"'))
    with pytest.raises(UserError, match="đã có sẵn trong chương trình"):
        install_pack(shipped, NOTHING, folder=tmp_path / "installed")
    same_month = _pack_folder(tmp_path / "p2", _replace("template.toml", '"2024-01"', '"2023-01"'))
    with pytest.raises(TemplateError, match=r"template.toml, dòng \d+: mẫu 2023.1 cũng áp dụng từ tháng 1/2023"):
        install_pack(same_month, NOTHING, folder=tmp_path / "installed")


def test_a_broken_installed_version_is_left_out_and_named(tmp_path, pack_zip):
    folder = tmp_path / "installed"
    install_pack(pack_zip, NOTHING, folder=folder)
    (folder / "2024.1" / "cd.toml").write_text("[section\n", encoding="utf-8")
    versions, problems = list_versions(folder)
    assert [v.version for v in versions] == ["2023.1", "2025.1"]
    assert len(problems) == 1 and "cd.toml, dòng 1" in problems[0]


# ----- the command line ----------------------------------------------------------------------------
def test_cli_template_list_and_install(cchc, pack_zip, tmp_path):
    listed = cchc("template", "list")
    assert listed.code == 0, listed
    assert listed.out.splitlines()[0].startswith("2023.1\táp dụng từ tháng 1/2023\tkèm chương trình")
    installed = cchc("template", "install", str(pack_zip))
    assert installed.code == 0, installed
    assert installed.out.strip() == "Đã cài mẫu báo cáo phiên bản 2024.1 (áp dụng từ tháng 1/2024)."
    assert (templates_dir() / "2024.1" / "template.toml").is_file()
    assert str(tmp_path / "xdg") in str(templates_dir())  # the test's user data folder, never the real one
    lines = cchc("template", "list").out.splitlines()
    assert [line.split("\t")[:3] for line in lines] == [
        ["2023.1", "áp dụng từ tháng 1/2023", "kèm chương trình"],
        ["2024.1", "áp dụng từ tháng 1/2024", "đã cài"],
        ["2025.1", "áp dụng từ tháng 7/2025", "kèm chương trình"],
    ]
    data = cchc("template", "list", "--json").json()
    assert [(d["version"], d["valid_from"], d["origin"]) for d in data] == [
        ("2023.1", "2023-01", "shipped"),
        ("2024.1", "2024-01", "installed"),
        ("2025.1", "2025-07", "shipped"),
    ]
    again = cchc("template", "install", str(pack_zip))
    assert again.code == 2 and "--force" in again.err
    assert cchc("template", "install", str(pack_zip), "--force").code == 0


def test_cli_refuses_a_broken_pack_and_a_version_holding_values(cchc, demo_db, tmp_path, capsys):
    broken = _pack_folder(tmp_path / "pack", _replace("cd.toml", 'unit = "mô hình"', 'unit = "mô hình'))
    result = cchc("template", "install", str(_zip(broken, tmp_path / "x.zip")))
    assert result.code == 2 and "cd.toml, dòng" in result.err and result.out == ""
    assert not (templates_dir() / "2024.1").exists()
    with pytest.raises(SystemExit) as exited:  # argparse's own refusal, in Vietnamese
        cchc("template", "install")
    assert exited.value.code == 2 and "thiếu đối số bắt buộc: TỆP.zip|THƯ_MỤC" in capsys.readouterr().err

    from db.models import Value  # a value stored with 2024.1 (as a 2024 period would be)

    ws = Workspace.open(demo_db)
    try:
        Value.update(template_version="2024.1").where(Value.code == "cd.van_ban_chi_dao").execute()
    finally:
        ws.close()
    good = _zip(_pack_folder(tmp_path / "good"), tmp_path / "good.zip")
    refused = cchc("template", "install", str(good), "--force", db=demo_db)
    assert refused.code == 2 and "đã có số liệu" in refused.err
    assert not (templates_dir() / "2024.1").exists()
    assert cchc("template", "install", str(good)).code == 0  # the empty default database holds none
    assert [t.version for t in template_set().versions()] == ["2023.1", "2024.1", "2025.1"]


def test_cli_version_names_the_template_versions(cchc, pack_zip, capsys):
    assert cchc("template", "install", str(pack_zip)).code == 0
    with pytest.raises(SystemExit) as stopped:
        cchc("--version")
    assert stopped.value.code in (0, None)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("CCHC Desktop ")
    assert lines[1:] == [
        "Mẫu báo cáo 2023.1: áp dụng từ tháng 1/2023 (kèm chương trình)",
        "Mẫu báo cáo 2024.1: áp dụng từ tháng 1/2024 (đã cài)",
        "Mẫu báo cáo 2025.1: áp dụng từ tháng 7/2025 (kèm chương trình)",
    ]


def test_stored_rows_are_translated_from_their_own_version(installed):
    from cchc_desktop.app.usecases.templates import translate_rows

    rows = [("cd.van_ban_chi_dao", 7, "2023.1"), ("cd.sk.tap_the", 2, "2023.1"), ("cd.sk.nhan_rong", 1, "2024.1")]
    assert translate_rows(installed, rows, "2024.1") == {"cd.vb.ban_hanh": 7, "cd.sk.nhan_rong": 1}
    assert translate_rows(installed, rows, "2023.1") == {"cd.van_ban_chi_dao": 7, "cd.sk.tap_the": 2}


def test_cli_install_takes_force_before_or_after_the_file(cchc, pack_zip):
    assert cchc("template", "install", str(pack_zip)).code == 0
    assert cchc("template", "install", "--force", str(pack_zip)).code == 0
    assert cchc("template", "install", str(pack_zip), "--force").code == 0
