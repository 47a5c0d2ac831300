"""Which topic of the guide F1 opens: the section the main window shows, or the dialog open above it.

Every section of the template has a topic `muc-<key>` in the guide (a test holds the guide to it); a
section a newer template pack brings and the guide does not know yet opens the topic on entering
figures. Each dialog of the window has a topic by its kind; the plain message, question and text
dialogs take theirs from their title, and one the guide has nothing on opens the screen beneath.
"""

from __future__ import annotations

from cchc_desktop.app.content.guide import Guide
from cchc_desktop.app.outputs.formats import export_formats
from cchc_desktop.app.presenters.backup_presenter import BACKUP_TITLE, COPY_TITLE, RESTORE_TITLE
from cchc_desktop.app.presenters.conflicts import TITLE as CONFLICT_TITLE
from cchc_desktop.app.presenters.layout import EXPLANATIONS_KEY
from cchc_desktop.app.usecases.templates import VERDICT_TITLE

FIRST_TOPIC = "gioi-thieu"
MAIN_SCREEN = "man-hinh-chinh"
ENTRY = "nhap-so-lieu"
EXPLANATIONS = "kiem-tra-giai-trinh"
SECTION_PREFIX = "muc-"
EXPORT = "xuat-bao-cao"  # the dialogs of every export format (titled `Xuất <what>`, app/outputs/formats.py)

# The window's dialogs by class; a new dialog is added here (tests/test_guide.py names any left out).
DIALOG_TOPICS = {
    "FirstStartDialog": "bat-dau",
    "UnitDialog": "khai-bao-don-vi",
    "ChildUnitsDialog": "don-vi-truc-thuoc",
    "ChildUnitDialog": "don-vi-truc-thuoc",
    "MergeDialog": "sap-nhap-don-vi",
    "ImportDialog": "nhap-phu-luc",
    "ReceivedStatusDialog": "tinh-hinh-nhan-bao-cao",
    "FigureDialog": "so-lieu-song",
    "RecoveryDialog": "khoi-phuc",
    "AboutDialog": "su-co",
    "RestoreDialog": "khoi-phuc",
    "NewUnitDialog": "khai-bao-don-vi",
    "ReportHeaderDialog": "thong-tin-van-ban",
    "OneStopDialog": "mot-cua",
    "SignDialog": "ky-so",
}
# Dialogs that say or ask one thing for many screens: their topic comes from their title.
GENERIC_DIALOGS = ("MessageDialog", "QuestionDialog", "TextDialog", "ChoiceDialog", "ActionQuestionDialog")
TITLE_TOPICS = {
    "Giải trình": EXPLANATIONS,
    "Không cần giải trình": EXPLANATIONS,
    "Không lưu được giải trình": EXPLANATIONS,
    "Gửi báo cáo": "gui-bao-cao",
    "Chưa gửi được": "gui-bao-cao",
    "Đã gửi": "gui-bao-cao",
    "Mở lại kỳ báo cáo": "mo-lai-ky",
    "Chưa mở lại được": "mo-lai-ky",
    "Không sửa được": "mo-lai-ky",
    "Kỳ báo cáo": "chon-ky",
    "Chèn số liệu": "so-lieu-song",
    "Tình hình nhận báo cáo": "tinh-hinh-nhan-bao-cao",
    "Nhập số liệu từ Hệ thống Một cửa": "mot-cua",
    VERDICT_TITLE: "cai-mau-bao-cao",
    CONFLICT_TITLE: "nhieu-nguoi-cung-nhap",
    "Đã khôi phục": "khoi-phuc",
    "Chưa sao lưu được": "sao-luu",
    "In hướng dẫn": "in-huong-dan",
    BACKUP_TITLE: "sao-luu",
    COPY_TITLE: "sao-luu",
    RESTORE_TITLE: "khoi-phuc",
    "Khai báo đơn vị mới": "khai-bao-don-vi",
}


def section_topic(section_key: str, guide: Guide) -> str:
    """The topic of a section of the main window."""
    if section_key == EXPLANATIONS_KEY:
        return EXPLANATIONS
    own = SECTION_PREFIX + section_key.replace("_", "-")
    return own if guide.has(own) else ENTRY


def dialog_topic(kind: str, title: str) -> str | None:
    """The topic of an open dialog (its class name and title); None: the screen beneath it."""
    if kind in DIALOG_TOPICS:
        return DIALOG_TOPICS[kind]
    for prefix, topic in (*TITLE_TOPICS.items(), *((f.title, EXPORT) for f in export_formats())):
        if title == prefix or title.startswith(prefix + " "):
            return topic
    return None


def all_topics() -> set[str]:
    """Every topic id this module may open (each must be a heading of the guide)."""
    return {FIRST_TOPIC, MAIN_SCREEN, ENTRY, EXPLANATIONS, EXPORT, *DIALOG_TOPICS.values(), *TITLE_TOPICS.values()}
