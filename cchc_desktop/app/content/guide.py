"""The user guide (Hướng dẫn sử dụng): its one Markdown source read into blocks, its topics, search.

The source is `app/content/guide/huong-dan.md` (images in `app/content/guide/anh/`), shipped as package data. The help
window shows the blocks, `exports.guide_pdf` prints them. The Markdown is a small subset:

- `# Tên` the guide's title (once); `## Chủ đề {#ma}` a topic, `### Mục nhỏ {#ma}` a sub-topic: both
  are listed in the help window; `{#ma}` is the topic id F1 and links use (else one is made from the words);
- a paragraph: lines up to a blank line;
- `- ` or `1. ` a list item (lines after it without a blank line continue it); indented by two spaces
  or more, an item of the list inside;
- `> ` a note (Lưu ý), shown boxed;
- `![chú thích](anh/tep.png)` alone on its line: an image under its caption;
- `**đậm**` and `*nghiêng*` inside text (exports.inline, the grammar of the report texts);
- `<!-- … -->` a comment for the guide's writers, never shown.

Anything else is text as written. Pure: no window, no PDF library.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from exports.guide_model import GuideBlock, GuideDocument
from exports.inline import parse_inline

GUIDE_DIR = Path(__file__).with_name("guide")
GUIDE_FILE = GUIDE_DIR / "huong-dan.md"
IMAGE_DIR = "anh"

COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
HEADING = re.compile(r"^(#{1,3})\s+(.+?)(?:\s+\{#([A-Za-z0-9_-]+)\})?\s*$")
IMAGE = re.compile(r"^!\[(.*)\]\(([^()\s]+)\)\s*$")
ITEM = re.compile(r"^(\s*)(?:([-*])|(\d{1,2})[.)])\s+(.*)$")
NOTE = re.compile(r"^\s*>\s?(.*)$")
BULLET = "•"


@dataclass(frozen=True)
class Topic:
    """A heading of the guide as the topic list shows it: level 2 (a topic) or 3 (inside the one above)."""

    anchor: str
    title: str
    level: int
    parent: str = ""


@dataclass(frozen=True)
class Guide:
    """The parsed guide: the document (blocks) plus its topics and each topic's own words for search."""

    document: GuideDocument
    topics: tuple[Topic, ...]
    words: dict[str, str]  # topic → its heading and the text under it (up to the next heading)
    folder: Path

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def blocks(self) -> tuple[GuideBlock, ...]:
        return self.document.blocks

    def has(self, anchor: str) -> bool:
        return anchor in self.words

    def topic(self, anchor: str) -> Topic | None:
        return next((topic for topic in self.topics if topic.anchor == anchor), None)

    def search(self, query: str) -> list[str]:
        """Topics holding every word of `query`, case and diacritics ignored (“sao luu” finds “Sao lưu”): first
        those whose heading holds the words as typed, then the heading the words, then the text the words as
        typed, then the rest; each group in guide order."""
        words = fold(query).split()
        if not words:
            return [topic.anchor for topic in self.topics]
        phrase = " ".join(words)

        def rank(topic: Topic) -> int:
            title, text = fold(topic.title), fold(self.words[topic.anchor])
            if phrase in title:
                return 0
            if all(word in title for word in words):
                return 1
            return 2 if phrase in text else 3

        found = [t for t in self.topics if all(word in fold(self.words[t.anchor]) for word in words)]
        return [topic.anchor for topic in sorted(found, key=rank)]


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one (so positions found in the folded text are
    positions in the text): “Sao lưu dữ liệu” → “sao luu du lieu”, “Đ” → “d”."""
    out = []
    for char in text:
        if char in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", char)[0].lower()
        out.append(base[0] if base else char)
    return "".join(out)


def find_all(query: str, text: str, phrase: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every place `text` holds a word of `query` (or, with `phrase`, its words as typed, one
    space between them), folded as `fold` does."""
    haystack = fold(text)
    words = fold(query).split()
    spans = []
    for word in [" ".join(words)] if phrase and words else words:
        start = haystack.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = haystack.find(word, start + len(word))
    return sorted(spans)


def slug(text: str) -> str:
    """A topic id made from a heading's words: “Sao lưu và khôi phục” → “sao-luu-va-khoi-phuc”."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _runs(text: str) -> tuple:
    return tuple(parse_inline(unicodedata.normalize("NFC", text.strip())))


class _Reader:
    """Lines in, blocks out: the paragraph or list item being gathered waits until a line ends it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.blocks: list[GuideBlock] = []
        self.title = ""
        self.pending: list[str] = []
        self.pending_kind = ""  # "paragraph", "item", "note"
        self.item: tuple[int, str] = (0, "")  # level, marker of the item gathered

    def flush(self) -> None:
        if self.pending:
            text = " ".join(line.strip() for line in self.pending)
            level, marker = self.item if self.pending_kind == "item" else (0, "")
            self.blocks.append(GuideBlock(self.pending_kind, _runs(text), level=level, marker=marker))
        self.pending, self.pending_kind = [], ""

    def gather(self, kind: str, text: str) -> None:
        if self.pending_kind != kind:
            self.flush()
            self.pending_kind = kind
        self.pending.append(text)

    def line(self, line: str) -> None:
        if not line.strip():
            self.flush()
            return
        heading = HEADING.match(line)
        if heading:
            self.flush()
            level, text, anchor = len(heading.group(1)), heading.group(2).strip(), heading.group(3)
            if level == 1:
                self.title = unicodedata.normalize("NFC", text)
                self.blocks.append(GuideBlock("title", _runs(text), level=1))
            else:
                self.blocks.append(GuideBlock("heading", _runs(text), level=level, anchor=anchor or slug(text)))
            return
        image = IMAGE.match(line.strip())
        if image:
            self.flush()
            path = (self.folder / image.group(2)).resolve()
            self.blocks.append(GuideBlock("image", _runs(image.group(1)), image=str(path)))
            return
        item = ITEM.match(line)
        if item:
            self.flush()
            indent, bullet, number, text = item.groups()
            level = 1 if len(indent.expandtabs(4)) >= 2 else 0
            self.item = (level, BULLET if bullet else f"{number}.")
            self.pending_kind = "item"
            self.pending = [text]
            return
        note = NOTE.match(line)
        if note:
            self.gather("note", note.group(1))
            return
        if self.pending_kind in ("item", "note"):
            self.pending.append(line)  # a line continuing the item or note above
            return
        self.gather("paragraph", line)


def parse_guide(text: str, folder: Path = GUIDE_DIR) -> Guide:
    """The guide's blocks and topics from its Markdown; image paths are taken from `folder`."""
    reader = _Reader(folder)
    for line in COMMENT.sub("", text.replace("\r\n", "\n")).split("\n"):
        reader.line(line)
    reader.flush()
    blocks = tuple(reader.blocks)
    topics, words, parent, current = [], {}, "", None
    for block in blocks:
        if block.kind == "heading":
            if block.level == 2:
                parent = block.anchor
            topics.append(Topic(block.anchor, block.text, block.level, parent if block.level == 3 else ""))
            current = block.anchor
            words[current] = block.text
        elif current is not None and block.text:
            words[current] += "\n" + block.text
    return Guide(GuideDocument(reader.title, blocks), tuple(topics), words, folder)


def load_guide(path: Path = GUIDE_FILE) -> Guide:
    """The shipped guide (or the one at `path`)."""
    return parse_guide(path.read_text(encoding="utf-8"), path.parent)


def guide_problems(guide: Guide) -> list[str]:
    """What is wrong with a guide's source (for its writers' test): a topic id used twice, a missing image."""
    problems = []
    seen: set[str] = set()
    for topic in guide.topics:
        if topic.anchor in seen:
            problems.append(f"topic id used twice: {topic.anchor}")
        seen.add(topic.anchor)
    for block in guide.blocks:
        if block.kind == "image" and not Path(block.image).is_file():
            problems.append(f"missing image: {block.image}")
    if not guide.title:
        problems.append("no title (# …)")
    return problems
