"""Workspace: one open database and the use cases that work on it.

The command line and the window hold one Workspace and reach the data through its use cases:
`units`, `entry`, `checks`, `reports`, `consolidation`, `imports`, `onestop`, `maintenance`, `settings`, `narratives`
and the `consolidated` figures. They share one Context (the open database, the template of each period).
The composition root: each use case is given its collaborators here (none knows the Workspace), and is
made (and its module imported) when it is first used: `cchc check` does not load the import of annexes or
the backups (issue 19). The caches a workspace keeps (`consolidated`, `narratives`' figure sources) are
objects of its own: a detached workspace shares none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path

from cchc_desktop import __version__
from cchc_desktop.app.infra import memory, paths
from cchc_desktop.app.infra.template_versions import template_set
from cchc_desktop.app.usecases.context import Context, as_period
from db.connection import close_database, open_database, opened
from db.target import ServerTarget

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.checking import Checks
    from cchc_desktop.app.usecases.consolidated import ConsolidatedCache
    from cchc_desktop.app.usecases.consolidation import Consolidation
    from cchc_desktop.app.usecases.entry import Entry
    from cchc_desktop.app.usecases.importing import Imports
    from cchc_desktop.app.usecases.maintenance import Maintenance, Settings
    from cchc_desktop.app.usecases.narratives import Narratives
    from cchc_desktop.app.usecases.onestop import OneStop
    from cchc_desktop.app.usecases.reading import Reader
    from cchc_desktop.app.usecases.report_header import ReportHeader
    from cchc_desktop.app.usecases.reporting import Reports
    from cchc_desktop.app.usecases.signatures import Signatures
    from cchc_desktop.app.usecases.units import Units
    from forms.model import Template
    from forms.periods import Period
    from forms.registry import TemplateSet


class Workspace:
    """One open database: the single door to the data for the command line and the window."""

    def __init__(self, path: Path | ServerTarget, templates: TemplateSet, clock: Callable[[], datetime] = datetime.now):
        self.clock = clock  # what "now" and "today" are for this workspace: tests inject a fixed one
        self.ctx = Context(path, templates, clock=clock)
        self.warnings: list[str] = []  # said once at opening (e.g. the daily backup failed; the work goes on)

    @cached_property
    def reader(self) -> Reader:
        from cchc_desktop.app.usecases.reading import Reader

        return Reader(self.ctx)

    @cached_property
    def units(self) -> Units:
        from cchc_desktop.app.usecases.units import Units

        return Units(self.ctx)

    @cached_property
    def entry(self) -> Entry:
        from cchc_desktop.app.usecases.entry import Entry

        return Entry(self.ctx, self.reader, self.consolidated)

    @cached_property
    def consolidated(self) -> ConsolidatedCache:
        from cchc_desktop.app.usecases.consolidated import ConsolidatedCache

        return ConsolidatedCache(self.ctx, self.reader)

    @cached_property
    def narratives(self) -> Narratives:
        from cchc_desktop.app.usecases.narratives import Narratives

        return Narratives(self.ctx, self.units, self.settings, self.entry, self.consolidated)

    @cached_property
    def checks(self) -> Checks:
        from cchc_desktop.app.usecases.checking import Checks

        return Checks(self.ctx, self.reader, self.narratives, self.consolidated)

    @cached_property
    def reports(self) -> Reports:
        from cchc_desktop.app.usecases.reporting import Reports

        return Reports(self.ctx, self.checks)

    @cached_property
    def consolidation(self) -> Consolidation:
        from cchc_desktop.app.usecases.consolidation import Consolidation

        return Consolidation(self.ctx, self.clock)

    @cached_property
    def maintenance(self) -> Maintenance:
        from cchc_desktop.app.usecases.maintenance import Maintenance

        return Maintenance(self.ctx)

    @cached_property
    def imports(self) -> Imports:
        from cchc_desktop.app.usecases.importing import Imports

        return Imports(self.ctx, self.units, self.signatures)

    @cached_property
    def signatures(self) -> Signatures:
        from cchc_desktop.app.usecases.signatures import Signatures

        return Signatures(paths.data_dir(), self.clock)

    @cached_property
    def onestop(self) -> OneStop:
        from cchc_desktop.app.usecases.onestop import OneStop

        return OneStop(self.ctx, self.entry, self.units)

    @cached_property
    def report_header(self) -> ReportHeader:
        from cchc_desktop.app.usecases.report_header import ReportHeader

        return ReportHeader(self.ctx, self.settings)

    @cached_property
    def settings(self) -> Settings:
        from cchc_desktop.app.usecases.maintenance import Settings

        return Settings(self.ctx)

    @classmethod
    def open(
        cls,
        path: str | Path | ServerTarget | None = None,
        create: bool = False,
        clock: Callable[[], datetime] | None = None,
        refuse_newer: bool = True,
    ) -> Workspace:
        """Open (or with create=True, create) the database; upgrades its schema, daily backup.
        `clock` (default: the computer's) stamps changes and says which day it is. `refuse_newer`
        False: a database a later version wrote is opened all the same (only to restore a backup over it)."""
        db_path = paths.default_db_path(path)
        templates = template_set()
        clock = clock or datetime.now
        open_database(
            db_path,
            create=create,
            backup_dir=paths.backups_dir(db_path),
            program=__version__ if refuse_newer else None,
            clock=clock,
            templates=templates,
        )
        ws = cls(db_path, templates, clock)
        ws.warnings = list(opened().warnings)
        memory.settle()  # the templates and the workspace live on: out of the collector's rounds
        return ws

    @property
    def path(self) -> Path | ServerTarget:
        return self.ctx.path

    @property
    def template(self) -> Template:
        """The template in force this month (a period's own: `template_for`)."""
        return self.ctx.template

    def template_for(self, period: Period | str) -> Template:
        return self.ctx.template_for(as_period(period))

    def period(self, text: Period | str) -> Period:
        """A period typed by a person, parsed (a Vietnamese UserError when it is not one)."""
        return as_period(text)

    def reload_templates(self) -> None:
        """A template pack was installed: its version is used from now on (the figures read with the
        old set are forgotten)."""
        self.ctx.reload_templates(template_set())
        self.narratives.clear()
        self.consolidated.clear()

    def detached(self) -> Workspace:
        """A workspace of its own on the same database, for work on another thread: it shares no
        cache with this one (the window keeps per-keystroke caches on its workspace)."""
        return Workspace(self.ctx.path, self.ctx.templates, self.clock)

    def close(self) -> None:
        close_database()
        memory.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
