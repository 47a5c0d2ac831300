"""The views conform to their presenters' Protocols, checked by the type checker (mypy, pyproject.toml):
each function below hands a real window or dialog class where its presenter expects the Protocol, so a view
lacking a method of its Protocol, or with one the presenter cannot call as the Protocol says (another number
or name of arguments, an incompatible annotation), fails `mypy` (scripts/test.sh).

Nothing here runs: pytest does not collect it (no test_ prefix) and no test imports it.
tests/test_type_check.py proves that a view missing a method fails the check.
"""

from __future__ import annotations

from cchc_desktop.app.presenters.about import AboutView
from cchc_desktop.app.presenters.backup_presenter import BackupView
from cchc_desktop.app.presenters.check_list import CheckListView
from cchc_desktop.app.presenters.child_units_presenter import ChildUnitsView, MergeView
from cchc_desktop.app.presenters.data_files_presenter import DataFilesView
from cchc_desktop.app.presenters.entry_presenter import EntryView
from cchc_desktop.app.presenters.import_presenter import ImportView
from cchc_desktop.app.presenters.main_view import MainView
from cchc_desktop.app.presenters.onestop_presenter import OneStopView
from cchc_desktop.app.presenters.received_status_presenter import ReceivedStatusView
from cchc_desktop.app.presenters.recovery_presenter import RecoveryView
from cchc_desktop.app.presenters.setup_presenter import SetupView
from cchc_desktop.app.presenters.sign_presenter import SignView
from cchc_desktop.app.presenters.submit_presenter import SubmitView
from cchc_desktop.ui.about_dialog import AboutDialog
from cchc_desktop.ui.child_units import ChildUnitDialog, ChildUnitsDialog
from cchc_desktop.ui.dialogs import UnitDialog
from cchc_desktop.ui.import_dialog import ImportDialog
from cchc_desktop.ui.main_window import MainWindow
from cchc_desktop.ui.merge_dialog import MergeDialog
from cchc_desktop.ui.onestop_dialog import OneStopDialog
from cchc_desktop.ui.received_status import ReceivedStatusDialog
from cchc_desktop.ui.recovery_dialog import RecoveryDialog
from cchc_desktop.ui.sign_dialog import SignDialog


def main_window(view: MainWindow) -> MainView:  # gui_main: MainPresenter(ws, window)
    return view


# MainPresenter hands its view to its parts, each typed by its own small Protocol (main_presenter.py checks
# that MainView, the union, satisfies each): the window satisfies each too.
def check_list_view(view: MainWindow) -> CheckListView:
    return view


def submit_view(view: MainWindow) -> SubmitView:
    return view


def entry_view(view: MainWindow) -> EntryView:
    return view


def backup_view(view: MainWindow) -> BackupView:
    return view


def data_files_view(view: MainWindow) -> DataFilesView:
    return view


def unit_dialog(view: UnitDialog) -> SetupView:  # SetupPresenter, NewDatabasePresenter
    return view


def child_unit_dialog(view: ChildUnitDialog) -> SetupView:  # ChildUnitPresenter
    return view


def child_units_dialog(view: ChildUnitsDialog) -> ChildUnitsView:
    return view


def merge_dialog(view: MergeDialog) -> MergeView:
    return view


def import_dialog(view: ImportDialog) -> ImportView:
    return view


def received_status_dialog(view: ReceivedStatusDialog) -> ReceivedStatusView:
    return view


def recovery_dialog(view: RecoveryDialog) -> RecoveryView:
    return view


def about_dialog(view: AboutDialog) -> AboutView:
    return view


def sign_dialog(view: SignDialog) -> SignView:  # SignPresenter
    return view


def onestop_dialog(view: OneStopDialog) -> OneStopView:  # OneStopPresenter
    return view
