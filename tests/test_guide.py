"""The user guide without a display: its Markdown read into blocks, the shipped guide whole, the topic F1
opens for every section and dialog, search, the shortcuts' key sequences, the guide shipped as package data."""

from __future__ import annotations

import configparser
import fnmatch
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

from cchc_desktop.app.content.guide import (
    GUIDE_DIR,
    GUIDE_FILE,
    find_all,
    fold,
    guide_problems,
    load_guide,
    parse_guide,
)
from cchc_desktop.app.presenters import help_topics
from cchc_desktop.app.presenters.layout import EXPLANATIONS_KEY, section_specs
from forms.registry import shipped_template, shipped_versions

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = """<!-- a note for the writers,
over two lines: never shown -->
# Hướng dẫn thử

## Bắt đầu {#bat-dau}

Một đoạn văn
viết trên hai dòng có **đậm** và *nghiêng*.

1. Bước một
   còn tiếp dòng sau.
2. Bước hai
  - Ý nhỏ bên trong
- Ý thường

> Lưu ý: ghi chú
> hai dòng.

![Cửa sổ chào mừng](anh/bat-dau.png)

### Sao lưu dữ liệu
Dòng ngay sau tiêu đề.\r
"""


@pytest.fixture(scope="module")
def guide():
    return load_guide()


def test_markdown_subset_is_read_into_blocks(tmp_path):
    parsed = parse_guide(SAMPLE, tmp_path)
    kinds = [(block.kind, block.level, block.marker, block.text) for block in parsed.blocks]
    assert kinds == [
        ("title", 1, "", "Hướng dẫn thử"),
        ("heading", 2, "", "Bắt đầu"),
        ("paragraph", 0, "", "Một đoạn văn viết trên hai dòng có đậm và nghiêng."),
        ("item", 0, "1.", "Bước một còn tiếp dòng sau."),
        ("item", 0, "2.", "Bước hai"),
        ("item", 1, "•", "Ý nhỏ bên trong"),
        ("item", 0, "•", "Ý thường"),
        ("note", 0, "", "Lưu ý: ghi chú hai dòng."),
        ("image", 0, "", "Cửa sổ chào mừng"),
        ("heading", 3, "", "Sao lưu dữ liệu"),
        ("paragraph", 0, "", "Dòng ngay sau tiêu đề."),
    ]
    paragraph = parsed.blocks[2]
    assert [(run.text, run.bold, run.italic) for run in paragraph.runs] == [
        ("Một đoạn văn viết trên hai dòng có ", False, False),
        ("đậm", True, False),
        (" và ", False, False),
        ("nghiêng", False, True),
        (".", False, False),
    ]
    assert parsed.blocks[8].image == str((tmp_path / "anh" / "bat-dau.png").resolve())
    assert parsed.title == "Hướng dẫn thử"
    assert [(t.anchor, t.level, t.parent) for t in parsed.topics] == [
        ("bat-dau", 2, ""),
        ("sao-luu-du-lieu", 3, "bat-dau"),  # no {#id}: made from the words
    ]
    assert "Dòng ngay sau" in parsed.words["sao-luu-du-lieu"] and "ghi chú" in parsed.words["bat-dau"]
    assert guide_problems(parsed) == [f"missing image: {parsed.blocks[8].image}"]


def test_text_is_nfc_and_a_lone_star_stays(tmp_path):
    decomposed = "## Nhập số {#a}\n\nSo\u0302\u0301 5 * 3 la\u0300 *không* đổi.\n"
    [heading, paragraph] = parse_guide(decomposed, tmp_path).blocks
    assert paragraph.text == "Số 5 * 3 là không đổi."
    assert heading.text == "Nhập số"


def test_search_ignores_case_and_diacritics_and_puts_headings_first(guide):
    assert fold("Sao lưu DỮ LIỆU Đơn vị") == "sao luu du lieu don vi"
    assert len(fold("Trợ giúp → Hướng dẫn")) == len("Trợ giúp → Hướng dẫn")
    found = guide.search("sao luu")
    assert found[0] == "sao-luu" and "khoi-phuc" in found
    assert guide.search("  ") == [topic.anchor for topic in guide.topics]
    assert guide.search("không có chữ này đâu xyz") == []
    assert guide.search("GIẢI TRÌNH")[0] == help_topics.EXPLANATIONS
    assert guide.search("giai trinh")[0] == help_topics.EXPLANATIONS  # the words as typed in a heading first
    text = "Vào Tệp → Sao lưu…, rồi lưu sang USB."
    assert [text[a:b] for a, b in find_all("sao luu", text)] == ["Sao", "lưu", "lưu"]
    assert [text[a:b] for a, b in find_all("sao  luu", text, phrase=True)] == ["Sao lưu"]


def test_the_shipped_guide_is_whole(guide):
    assert guide_problems(guide) == []
    assert guide.title == "Hướng dẫn sử dụng CCHC Desktop"
    assert guide.topics[0].anchor == help_topics.FIRST_TOPIC
    shown = {Path(block.image).name for block in guide.blocks if block.kind == "image"}
    on_disk = {path.name for path in (GUIDE_DIR / "anh").glob("*.png")}
    assert shown == on_disk, "every picture is shown, no picture is left behind"
    assert all(block.text for block in guide.blocks if block.kind == "image"), "every picture has a caption"


@pytest.mark.parametrize(
    "flow",
    [
        "bat-dau",
        "khai-bao-don-vi",
        "du-lieu-mau",
        "nhap-so-lieu",
        "so-lieu-song",
        "kiem-tra-giai-trinh",
        "gui-bao-cao",
        "xuat-bao-cao",
        "nhap-phu-luc",
        "tinh-hinh-nhan-bao-cao",
        "sao-luu",
        "khoi-phuc",
        "cai-mau-bao-cao",
    ],
)
def test_the_guide_covers_each_flow_with_a_picture(guide, flow):
    blocks = guide.blocks
    start = next(i for i, b in enumerate(blocks) if b.kind == "heading" and b.anchor == flow)
    level = blocks[start].level
    end = next((i for i in range(start + 1, len(blocks)) if blocks[i].kind == "heading"), len(blocks))
    if level == 2 and flow in ("sao-luu",):  # its picture is in its sub-topic (khoi-phuc)
        end = next((i for i in range(end + 1, len(blocks)) if blocks[i].kind == "heading"), len(blocks))
    own = blocks[start + 1 : end]
    assert any(b.kind in ("item", "paragraph") for b in own)
    if flow != "du-lieu-mau":
        assert any(b.kind == "image" for b in own), f"{flow} has no picture"


def test_every_topic_f1_may_open_is_in_the_guide(guide):
    missing = sorted(topic for topic in help_topics.all_topics() if not guide.has(topic))
    assert missing == []


@pytest.mark.parametrize("version", shipped_versions())
@pytest.mark.parametrize("level", [None, "xa", "huyen", "tinh"])
def test_every_section_of_the_template_has_its_own_topic(guide, version, level):
    for spec in section_specs(shipped_template(version), level):
        topic = help_topics.section_topic(spec.key, guide)
        if spec.key == EXPLANATIONS_KEY:
            assert topic == help_topics.EXPLANATIONS
            continue
        assert topic == f"muc-{spec.key.replace('_', '-')}", f"{version} {spec.key}: no topic in the guide"
        assert guide.topic(topic).title.startswith(spec.nav_label.split(" ")[0]), (topic, spec.nav_label)


def test_a_section_the_guide_does_not_know_opens_the_entry_topic(guide):
    assert help_topics.section_topic("muc_moi_cua_goi_mau", guide) == help_topics.ENTRY


def _dialog_classes() -> list[type]:
    import cchc_desktop.ui as ui
    from cchc_desktop.ui.modal import Modal

    found = set()
    for module in pkgutil.iter_modules(ui.__path__):
        loaded = importlib.import_module(f"cchc_desktop.ui.{module.name}")
        for _name, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, Modal) and value is not Modal and not value.__name__.startswith("_"):
                found.add(value)
    return sorted(found, key=lambda kind: kind.__name__)


def test_every_dialog_of_the_window_has_a_topic():
    classes = _dialog_classes()
    assert len(classes) >= 12
    left_out = [
        kind.__name__
        for kind in classes
        if kind.__name__ not in help_topics.DIALOG_TOPICS and kind.__name__ not in help_topics.GENERIC_DIALOGS
    ]
    assert left_out == [], "add these dialogs to app/help_topics.DIALOG_TOPICS"


@pytest.mark.parametrize(
    ("kind", "title", "topic"),
    [
        ("UnitDialog", "Thông tin đơn vị", "khai-bao-don-vi"),
        ("ChildUnitDialog", "Thêm đơn vị trực thuộc", "don-vi-truc-thuoc"),
        ("TextDialog", "Giải trình", "kiem-tra-giai-trinh"),
        ("TextDialog", "Mở lại kỳ báo cáo", "mo-lai-ky"),
        ("QuestionDialog", "Gửi báo cáo", "gui-bao-cao"),
        ("MessageDialog", "Xuất báo cáo PDF", "xuat-bao-cao"),
        ("MessageDialog", "Cài mẫu báo cáo", "cai-mau-bao-cao"),
        ("MessageDialog", "Đóng chương trình", None),  # the screen beneath
    ],
)
def test_dialog_topics(kind, title, topic):
    assert help_topics.dialog_topic(kind, title) == topic


def test_shortcut_sequences_bind_both_letter_cases():
    from cchc_desktop.ui.shortcuts import sequences, shortcuts

    assert sequences("Ctrl+E") == ("<Control-e>", "<Control-E>")
    assert sequences("Ctrl+Shift+E") == ("<Control-Shift-e>", "<Control-Shift-E>")
    assert sequences("F1") == ("<F1>",)
    assert [s.accelerator for s in shortcuts()] == ["Ctrl+E", "Ctrl+Shift+E", "Ctrl+I", "Ctrl+B"]


def test_the_guide_is_shipped_as_package_data():
    """setup.cfg's package data and the PyInstaller spec's datas take the guide and every picture."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    patterns = [p.strip() for p in config["options.package_data"]["cchc_desktop.app.content"].split(",")]
    package = ROOT / "cchc_desktop" / "app" / "content"
    files = [path.relative_to(package).as_posix() for path in GUIDE_DIR.rglob("*") if path.is_file()]
    assert GUIDE_FILE.relative_to(package).as_posix() in files and len(files) > 10
    for name in files:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
    spec = (ROOT / "installer" / "cchc.spec").read_text(encoding="utf-8")
    assert '"content/guide/*.md", "content/guide/anh/*.png"' in spec
