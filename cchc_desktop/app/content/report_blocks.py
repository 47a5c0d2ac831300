"""A report text cut into the report's blocks, and the same blocks styled for the window's preview."""

from __future__ import annotations

import re
from dataclasses import dataclass

from exports.footnotes import FootnoteNumbering
from exports.inline import Run, bullet_runs, parse_inline, styled_runs
from exports.model import Block

SUBHEADING = re.compile(r"^[a-zđ]\.\s")
BLOCK_STYLES = {"heading3": "BI", "paragraph": "", "bullet": ""}
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def narrative_blocks(text: str) -> list[Block]:
    """One block a line: `- `/`+ ` bullets, short `a. …` sub-headings, the rest paragraphs."""
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith(("- ", "+ ", "– ")):
            blocks.append(Block("bullet", line))
        elif SUBHEADING.match(line) and len(line) < 180 and "^[" not in line:
            blocks.append(Block("heading3", line))
        else:
            blocks.append(Block("paragraph", line))
    return blocks


@dataclass(frozen=True)
class PreviewRun:
    """A piece of text in one style: "", "B", "I", "BI", or "sup" for a footnote mark."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class PreviewBlock:
    """A paragraph of the preview: kind as in the report ("paragraph", "bullet", "heading3", "note")."""

    kind: str
    runs: tuple[PreviewRun, ...]


def _style(base: str, run: Run) -> str:
    bold = "B" in base or run.bold
    italic = "I" in base or run.italic
    return ("B" if bold else "") + ("I" if italic else "")


def preview_blocks(filled: str) -> list[PreviewBlock]:
    """The text (figures already filled in) as the PDF prints it: emphasis, footnote marks, then the notes."""
    numbering = FootnoteNumbering()
    result = []
    for block in narrative_blocks(filled):
        base = BLOCK_STYLES.get(block.kind, "")
        items = bullet_runs(block.text, numbering) if block.kind == "bullet" else styled_runs(block.text, numbering)
        runs = tuple(
            PreviewRun(str(item).translate(SUPERSCRIPT), "sup")
            if isinstance(item, int)
            else PreviewRun(item.text, _style(base, item))
            for item in items
        )
        result.append(PreviewBlock(block.kind, runs))
    for note in numbering.notes:
        note_runs = [PreviewRun(f"{note.number}. ", "")]
        note_runs += [PreviewRun(run.text, _style("", run)) for run in parse_inline(note.text)]
        result.append(PreviewBlock("note", tuple(note_runs)))
    return result
