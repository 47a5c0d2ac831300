"""The main window's menu bar: Tệp, Kỳ báo cáo, Đơn vị, Trợ giúp; every entry calls the presenter."""

from __future__ import annotations

import ttkbootstrap as ttk

from cchc_desktop.app.outputs.formats import export_formats
from cchc_desktop.app.outputs.guide_print import PRINT_LABEL as PRINT_GUIDE_LABEL
from cchc_desktop.app.presenters.backup_presenter import BACKUP_LABEL, RESTORE_LABEL
from cchc_desktop.app.presenters.onestop_presenter import MENU_LABEL as ONESTOP_LABEL
from cchc_desktop.app.presenters.sign_presenter import MENU_LABEL as SIGN_LABEL
from cchc_desktop.app.usecases.data_files import NEW_UNIT_LABEL, OWN_LABEL, SAMPLE_LABEL
from cchc_desktop.ui.about_dialog import MENU_LABEL as ABOUT_LABEL
from cchc_desktop.ui.about_dialog import open_about
from cchc_desktop.ui.child_units import MENU_LABEL as CHILD_UNITS_LABEL
from cchc_desktop.ui.received_status import MENU_LABEL as RECEIVED_LABEL
from cchc_desktop.ui.template_install import MENU_LABEL, install_template_pack
from cchc_desktop.ui.window_help import open_guide, print_guide

GUIDE_LABEL = "Hướng dẫn sử dụng"
SUBMIT_LABEL = "Gửi báo cáo (khóa kỳ)"
REOPEN_LABEL = "Mở lại kỳ…"
IMPORT_LABEL = "Nhập phụ lục của đơn vị cấp dưới…"
REPORT_HEADER_LABEL = "Thông tin văn bản báo cáo…"


def build_menu(window):
    """Put the menu bar on the window's root; returns the Tệp, Kỳ báo cáo and Đơn vị menus."""
    bar = ttk.Menu(window.root)
    files = ttk.Menu(bar, tearoff=False)
    files.add_command(label=NEW_UNIT_LABEL, command=lambda: window.presenter.data_files.new_unit())
    files.add_command(label=SAMPLE_LABEL, command=lambda: window.presenter.data_files.open_sample())
    files.add_command(label=OWN_LABEL, command=lambda: window.presenter.data_files.open_own())
    files.add_separator()
    for offered in export_formats():
        files.add_command(label=offered.menu_label, command=lambda key=offered.key: window.presenter.export(key))
    files.add_command(label=SIGN_LABEL, command=lambda: window.presenter.sign_report())
    files.add_command(label=IMPORT_LABEL, command=lambda: window.presenter.import_annexes())
    files.add_command(label=ONESTOP_LABEL, command=lambda: window.presenter.import_onestop())
    files.add_command(
        label=MENU_LABEL,
        command=lambda: install_template_pack(
            window.root, window.presenter.ws, lambda: window.presenter.templates_installed()
        ),
    )
    files.add_separator()
    files.add_command(label=BACKUP_LABEL, command=lambda: window.presenter.backup())
    files.add_command(label=RESTORE_LABEL, command=lambda: window.presenter.restore())
    files.add_separator()
    files.add_command(label="Thoát", command=window.close)
    bar.add_cascade(label="Tệp", menu=files)
    period = ttk.Menu(bar, tearoff=False)
    period.add_command(label=SUBMIT_LABEL, command=lambda: window.presenter.submit())
    period.add_command(label=REOPEN_LABEL, command=lambda: window.presenter.reopen())
    period.add_separator()
    period.add_command(label=REPORT_HEADER_LABEL, command=lambda: window.presenter.edit_report_header())
    bar.add_cascade(label="Kỳ báo cáo", menu=period)
    unit = ttk.Menu(bar, tearoff=False)
    unit.add_command(label="Thông tin đơn vị…", command=lambda: window.presenter.edit_unit())
    unit.add_command(label=CHILD_UNITS_LABEL, command=lambda: window.presenter.edit_children())
    unit.add_command(label=RECEIVED_LABEL, command=lambda: window.presenter.show_received())
    bar.add_cascade(label="Đơn vị", menu=unit)
    helps = ttk.Menu(bar, tearoff=False)
    helps.add_command(label=GUIDE_LABEL, accelerator="F1", command=lambda: open_guide(window))
    helps.add_command(label=PRINT_GUIDE_LABEL, command=lambda: print_guide(window))
    helps.add_separator()
    helps.add_command(label=ABOUT_LABEL, command=lambda: open_about(window.root, window.presenter.ws))
    bar.add_cascade(label="Trợ giúp", menu=helps)
    window.helps = helps
    window.root.configure(menu=bar)
    return files, period, unit
