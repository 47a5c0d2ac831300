"""The program's long-lived objects, kept out of the cyclic garbage collector's rounds.

A full collection walks every object the process tracks: with the templates and the open workspace
about 100 000 of them (more in the window, with its widgets), 50 ms or more each time. It comes when
the young generations overflow, in the middle of whatever runs then: a keystroke, a period switch, an
export (a third of an annex's export time, measured). Those objects live as long as the workspace,
so once it is open they are set aside (`gc.freeze`): a collection then walks only what was made
since, and what an action makes is still collected as before. Closing the workspace puts them back
(`gc.unfreeze`), so a process that opens many workspaces (the tests) still frees what it closed.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """What the process holds now lives on: leave it out of the collector's rounds."""
    gc.freeze()


def release() -> None:
    """The long-lived objects may go (a workspace closed): back into the collector's rounds."""
    gc.unfreeze()
