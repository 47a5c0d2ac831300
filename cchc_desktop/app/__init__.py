"""Application layer: the single door to the data for the command line and the window.

`Workspace` and `UnitInfo` are loaded at their first use (PEP 562): importing a light module of this
package (paths, logs) does not build every use case, so `cchc --version` starts at once (issue 19)."""

from __future__ import annotations

from cchc_desktop.app.infra.errors import UserError
from forms.safe_text import printable, quoted

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.units import UnitInfo
    from cchc_desktop.app.workspace import Workspace

__all__ = ["UnitInfo", "UserError", "Workspace", "printable", "quoted"]


def __getattr__(name: str):
    if name == "Workspace":
        from cchc_desktop.app.workspace import Workspace

        return Workspace
    if name == "UnitInfo":
        from cchc_desktop.app.usecases.units import UnitInfo

        return UnitInfo
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
