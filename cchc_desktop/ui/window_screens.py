"""The screens the main window opens over itself on its workspace: the unit's settings, the child
units, who has sent their annex, the import of annexes (the MainView's `open_…` methods)."""

from __future__ import annotations

from cchc_desktop.app.presenters.setup_presenter import SetupPresenter
from cchc_desktop.ui.child_units import open_child_units
from cchc_desktop.ui.dialogs import UnitDialog
from cchc_desktop.ui.import_dialog import open_import
from cchc_desktop.ui.received_status import open_received_status


class WindowScreens:
    """A mixin of MainWindow: it needs `self.root` and `self.workspace` (given once, at construction)."""

    def open_unit_settings(self) -> bool:
        """Thông tin đơn vị: True when the unit was saved."""
        dialog = UnitDialog(self.root, "Thông tin đơn vị")
        setup = SetupPresenter(self.workspace, dialog)
        dialog.presenter = setup
        setup.start()
        dialog.run()
        return setup.saved

    def open_report_header(self, period: str) -> bool:
        """Thông tin văn bản báo cáo: True when it was saved."""
        from cchc_desktop.app.presenters.report_header_presenter import ReportHeaderPresenter
        from cchc_desktop.ui.dialogs import ReportHeaderDialog

        dialog = ReportHeaderDialog(self.root, "Thông tin văn bản báo cáo")
        presenter = ReportHeaderPresenter(self.workspace.report_header, dialog, period)
        dialog.presenter = presenter
        dialog.headings = (presenter.title(), presenter.title())
        presenter.start()
        dialog.run()
        return presenter.saved

    def open_child_units(self) -> bool:
        return open_child_units(self.root, self.workspace)

    def open_received_status(self, period: str) -> None:
        open_received_status(self.root, self.workspace, period)

    def open_import(self) -> bool:
        return open_import(self.root, self.workspace)

    def open_onestop(self, period: str) -> bool:
        from cchc_desktop.ui.onestop_dialog import open_onestop

        return open_onestop(self.root, self.workspace, period)

    def open_sign(self, report, annex) -> bool:
        from cchc_desktop.ui.sign_dialog import open_sign

        return open_sign(self.root, self.workspace.signatures, report, annex)
