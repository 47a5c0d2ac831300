"""Application layer: the single door to the data for the command line and the window."""

from cchc_desktop.app.errors import UserError
from cchc_desktop.app.units import UnitInfo
from cchc_desktop.app.workspace import Workspace
from forms.safe_text import printable, quoted

__all__ = ["UnitInfo", "UserError", "Workspace", "printable", "quoted"]
