"""What the content builders read, each named exactly (structural: the workspace has them all, a test
may hand in less). Content never imports the Workspace: it is handed the use cases it reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.checking import Checks
    from cchc_desktop.app.usecases.consolidated import ConsolidatedCache
    from cchc_desktop.app.usecases.context import Context
    from cchc_desktop.app.usecases.entry import Entry
    from cchc_desktop.app.usecases.maintenance import Settings
    from cchc_desktop.app.usecases.narratives import Narratives
    from cchc_desktop.app.usecases.reporting import Reports
    from cchc_desktop.app.usecases.units import Units


class UnitSources(Protocol):
    """What every output's content reads: the unit, the header fields, the slips; `ctx` for the template
    of the period."""

    @property
    def ctx(self) -> Context: ...
    @property
    def units(self) -> Units: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def checks(self) -> Checks: ...


class ReportSources(UnitSources, Protocol):
    """The report's content (`ReportBuilder`): the unit's sources and the texts with their live figures."""

    @property
    def narratives(self) -> Narratives: ...


class GapsSources(ReportSources, Protocol):
    """What the report lacks (`report_gaps`): the report's sources, and the entry periods' figures."""

    @property
    def entry(self) -> Entry: ...


class AnnexSources(UnitSources, Protocol):
    """The annexes' content (`AnnexBuilder`): the unit's sources, the entry periods' figures and the
    consolidated ones, when the period was submitted, and the time of the export."""

    @property
    def entry(self) -> Entry: ...
    @property
    def consolidated(self) -> ConsolidatedCache: ...
    @property
    def reports(self) -> Reports: ...
    @property
    def clock(self) -> Callable[[], datetime]: ...
