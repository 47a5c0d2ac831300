"""The template loads, holds every code of INDICATORS.md, and a broken file names its line."""

from __future__ import annotations

import re
import shutil
import unicodedata

import pytest

from forms.catalog import FORMS_DIR, PLACEHOLDER, load_template
from forms.errors import TemplateError
from tests.conftest import shared_file

T = load_template()


def _spec_codes() -> set[str]:
    text = shared_file("spec", "INDICATORS.md").read_text(encoding="utf-8").split("## Consistency rules")[0]
    codes = set(re.findall(r"^\| ((?:cd|tc|tthc|tcbm|cv|tcc|cds)\.[a-z_.0-9]+) \|", text, flags=re.M))
    for group in ("cc", "vc"):
        for suffix in (
            "giao",
            "co_mat",
            "nu",
            "dang_vien",
            "cm.tien_si",
            "cm.thac_si",
            "cm.dai_hoc",
            "cm.cao_dang",
            "cm.trung_cap",
            "cm.khac",
            "llct.cao_cap",
            "llct.trung_cap",
            "ql.hang1",
            "ql.hang2",
            "ql.hang3",
            "ql.hang4",
            "th.trung_cap",
            "th.chung_chi",
            "nn.dai_hoc",
            "nn.chung_chi",
        ):
            codes.add(f"tcbm.{group}.{suffix}")
    codes |= {
        "nx.cd",
        "nx.tc",
        "nx.tthc",
        "nx.tcbm",
        "nx.cv",
        "nx.tcc",
        "nx.cds",
        "nx.uu_diem",
        "nx.han_che",
        "nx.nguyen_nhan",
        "nx.phuong_huong",
        "nx.kien_nghi",
    }
    return codes


def test_every_spec_code_is_in_the_template():
    table_columns = {"tthc.rs.tong", "tthc.rs.don_gian_hoa", "tthc.rs.bai_bo", "tthc.rs.giu_nguyen"}
    missing = {code for code in _spec_codes() - table_columns if code not in T.indicators}
    assert missing == set()
    assert "tthc.rs.don_gian_hoa@huyen/tu_phap" in T.indicators


def test_sections_in_report_order():
    assert [s.id for s in T.sections] == ["I", "II.1", "II.2", "II.3", "II.4", "II.5", "II.6", "III", "IV", "V"]


def test_indicator_fields_follow_the_spec():
    assert T.indicators["tthc.hs.ky_truoc"].time == "first"
    assert T.indicators["tthc.hs.tiep_nhan"].time == "derived"
    assert T.indicators["tthc.ck.tong"].units == "none"
    assert T.indicators["tcc.thu.thuc_hien"].type == "decimal"
    assert T.indicators["tcc.ngay_chot"].type == "date"
    assert T.indicators["cds.vb.dien_tu"].type == "percent"
    assert T.indicators["nx.cd"].type == "text"


def test_all_text_is_nfc_and_every_sentence_code_known():
    for indicator in T.indicators.values():
        assert unicodedata.is_normalized("NFC", indicator.label)
    for section in T.sections:
        for group in section.groups:
            for code in PLACEHOLDER.findall(group.sentence):
                assert code in T.indicators or code in T.computed or code in ("period", "unit_short", "unit_name")


def _broken_copy(tmp_path, name, old, new):
    folder = tmp_path / "2023.1"
    shutil.copytree(FORMS_DIR / "2023.1", folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder, text.split(old)[0].count("\n") + 1


@pytest.mark.parametrize(
    ("name", "old", "new", "words"),
    [
        ("cd.toml", 'type = "int"', 'type = "integer"', ["cd.toml", "integer"]),
        ("cds.toml", 'time = "last"', 'time = "cuoi_ky"', ["cds.toml", "cuoi_ky"]),
        ("tthc.toml", 'left = "tthc.hs.tiep_nhan"', 'left = "tthc.hs.tiep_nhan_sai"', ["tthc.toml", "tiep_nhan_sai"]),
    ],
)
def test_template_mistake_names_file_and_line(tmp_path, name, old, new, words):
    folder, line = _broken_copy(tmp_path, name, old, new)
    with pytest.raises(TemplateError) as exc:
        load_template("2023.1", str(folder))
    message = str(exc.value)
    for word in words:
        assert word in message
    assert re.search(r"dòng \d+", message)


def test_toml_syntax_error_names_line(tmp_path):
    folder, line = _broken_copy(tmp_path, "tc.toml", "[section]", "[section")
    with pytest.raises(TemplateError) as exc:
        load_template("2023.1", str(folder))
    assert "tc.toml" in str(exc.value) and f"dòng {line}" in str(exc.value)


def test_unknown_version_is_a_clear_error():
    with pytest.raises(TemplateError) as exc:
        load_template("1999.9")
    assert "1999.9" in str(exc.value) and "2023.1" in str(exc.value)


def test_unknown_level_names_file_and_line(tmp_path):
    old = 'levels = ["huyen", "tinh"]   # a commune has no units of this kind below it\n'
    folder, line = _broken_copy(tmp_path, "cd.toml", old, old.replace('"tinh"', '"phuong"'))
    with pytest.raises(TemplateError) as exc:
        load_template("2023.1", str(folder))
    message = str(exc.value)
    assert "cd.toml" in message and "phuong" in message and f"dòng {line}" in message


def test_group_levels_reach_its_indicators():
    group = next(g for s in T.sections for g in s.groups if g.id == "tcbm.cq")
    assert group.levels == ("huyen", "tinh")
    assert all(T.indicators[code].levels == ("huyen", "tinh") for code in group.codes)


def test_a_template_without_huyen_refuses_huyen_anywhere(tmp_path):
    """A later template may drop a level (the 2025 reorganization removes huyen): then a cấp of a
    table or a `levels` list naming it is a mistake with its line."""
    folder, line = _broken_copy(tmp_path, "template.toml", 'huyen = "cấp huyện"\n', "")
    with pytest.raises(TemplateError) as exc:
        load_template("2023.1", str(folder))
    caps_line = next(
        n for n, t in enumerate((folder / "template.toml").read_text(encoding="utf-8").splitlines(), 1) if t == "[caps]"
    )
    assert f"template.toml, dòng {caps_line + 2}" in str(exc.value) and '"huyen"' in str(exc.value)


def test_the_template_facts_that_were_in_python():
    assert T.valid_from == "2023-01" and T.renamed == {}
    assert list(T.levels) == ["xa", "huyen", "tinh"] and T.level_name("xa") == "cấp xã"
    assert T.parts == {"II": "Kết quả thực hiện công tác cải cách hành chính"}
    assert [c.number for c in T.annex.dossier_columns] == [f"({n})" for n in range(3, 14)]
    assert [(g.first, g.last) for g in T.annex.dossier_groups] == [(3, 6), (7, 10), (11, 13)]
    assert T.annex.review_table == "tthc.rs" and [r.total for r in T.annex.review_rates] == ["tong", "tong"]
    assert [g.id for s in T.sections for g in s.groups if g.by_level] == [
        "tthc.hs.nhan",
        "tthc.hs.giai_quyet",
        "tthc.hs.dang_xu_ly",
    ]
    assert T.report.closing.endswith("{unit_name}./.")


def test_one_code_grammar():
    from forms import codes

    cell = codes.cell_code("tthc.rs", "tong", "huyen", "tu_phap")
    assert cell == "tthc.rs.tong@huyen/tu_phap" and cell in T.indicators
    assert codes.parse_cell(cell) == ("tthc.rs", "tong", "huyen", "tu_phap")
    assert codes.parse_cell("sum.tthc.rs.tong@huyen") is None and codes.parse_cell("tthc.hs.tiep_nhan") is None
    assert codes.table_sum("tthc.rs", "tong", "xa") == "sum.tthc.rs.tong@xa" in T.computed
    assert codes.table_sum("tthc.rs", "tong") == "sum.tthc.rs.tong" in T.computed
    assert codes.split_level(codes.at_level("tthc.hs.tiep_nhan", "xa")) == ("tthc.hs.tiep_nhan", "xa")
    assert codes.split_level("tthc.hs.tiep_nhan") == ("tthc.hs.tiep_nhan", "")
    assert codes.belongs_to_table("sum.tthc.rs.bai_bo@xa", "tthc.rs") and not codes.belongs_to_table(
        "tthc.ck.tong", "tthc.rs"
    )
    assert codes.split_section_id("II.2") == ("II", "2") and codes.split_section_id("III") == ("III", None)
