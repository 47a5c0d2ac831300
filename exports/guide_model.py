"""The user guide as plain data: blocks the help window shows and the printed guide prints."""

from __future__ import annotations

from dataclasses import dataclass

from exports.inline import Run

KINDS = ("title", "heading", "paragraph", "item", "note", "image")


@dataclass(frozen=True)
class GuideBlock:
    """One block of the guide.

    kind: "title" (the guide's name, once), "heading" (level 2: a topic, 3: a sub-topic; `anchor` is
    its topic id), "paragraph", "item" (a list item: `marker` "•" or "1.", `level` 0 or 1 for a nested
    item), "note" (a boxed remark), "image" (`image`: the PNG's path, `runs`: its caption).
    """

    kind: str
    runs: tuple[Run, ...] = ()
    level: int = 0
    marker: str = ""
    anchor: str = ""
    image: str = ""

    @property
    def text(self) -> str:
        """The block's words without emphasis (search, outline, tests)."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class GuideDocument:
    """The whole guide: its title and its blocks in reading order."""

    title: str
    blocks: tuple[GuideBlock, ...]
