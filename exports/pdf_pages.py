"""Pages of the report: the flow of body lines down each page with the footnotes at the foot of the same page."""

from __future__ import annotations

from dataclasses import dataclass, field

from fpdf import FPDF

from exports.pdf_layout import PT, Line, Typesetter

SPLITTABLE_NOTE_LINES = 6  # a note this long may continue at the foot of the next page
KEPT_NOTE_LINES = 2  # … when at least this many of its lines stay with the mark
FOOT_RULE = 50.0  # mm, the short rule above the notes
FOOT_GAP_ABOVE = 3.0
FOOT_GAP_BELOW = 1.5


def baseline(top: float, line_height: float, size: float) -> float:
    """Baseline of a line of type `size` pt set in a box of line_height mm starting at top."""
    em = size * PT
    return top + (line_height - em) / 2 + 0.8 * em


@dataclass
class PageGeometry:
    width: float = 210.0
    height: float = 297.0
    top: float = 20.0
    bottom: float = 20.0
    left: float = 30.0
    right: float = 15.0

    @property
    def text_width(self) -> float:
        """Width between the left and right margins."""
        return self.width - self.left - self.right

    @property
    def floor(self) -> float:
        """Lowest y any text may reach."""
        return self.height - self.bottom


@dataclass
class FootStyle:
    size: float
    line_height: float
    notes: dict[int, list[Line]] = field(default_factory=dict)


class PageFlow:
    """Keeps the cursor, the notes reserved at the foot of the current page, and notes carried to the next one."""

    def __init__(self, pdf: FPDF, typesetter: Typesetter, geometry: PageGeometry, foot: FootStyle):
        self.pdf = pdf
        self.typesetter = typesetter
        self.page = geometry
        self.foot = foot
        self.y = geometry.top
        self.page_lines: list[Line] = []
        self.carried: list[Line] = []

    def start(self) -> None:
        """Open the first page."""
        self.pdf.add_page()
        self.typesetter.forget_font()
        self.y = self.page.top

    @property
    def at_page_top(self) -> bool:
        """Whether nothing has been placed yet on the current page (page 1 never counts as empty)."""
        return self.pdf.page_no() > 1 and self.y <= self.page.top + 1e-6

    def foot_height(self, line_count: int) -> float:
        """Room taken at the foot of the page by line_count note lines (with the rule above them)."""
        if line_count <= 0:
            return 0.0
        return FOOT_GAP_ABOVE + FOOT_GAP_BELOW + line_count * self.foot.line_height

    def limit(self, extra_note_lines: int = 0) -> float:
        """Lowest y the body may reach with the notes already reserved plus extra_note_lines."""
        return self.page.floor - self.foot_height(len(self.page_lines) + extra_note_lines)

    def space(self, height: float) -> None:
        """Vertical space, dropped at the top of a page."""
        if not self.at_page_top:
            self.y = min(self.y + height, self.limit())

    def ensure(self, height: float) -> None:
        """Start a new page unless height fits below the cursor."""
        if self.y + height > self.limit() + 1e-6 and not self.at_page_top:
            self.new_page()

    def new_page(self) -> None:
        """Finish the current page (its notes) and start the next with any carried notes."""
        self._draw_foot()
        self.pdf.add_page()
        self.typesetter.forget_font()
        self.y = self.page.top
        capacity = int((self.page.floor - self.page.top) * 0.5 / self.foot.line_height)
        self.page_lines, self.carried = self.carried[:capacity], self.carried[capacity:]

    def finish(self) -> None:
        """Draw the last page's notes, adding pages while a long note still continues."""
        self._draw_foot()
        while self.carried:
            self.page_lines = []
            self.new_page()
            self._draw_foot()
        self.page_lines = []

    def _note_lines(self, line: Line) -> list[Line]:
        return [note_line for number in line.notes for note_line in self.foot.notes.get(number, [])]

    def _fits(self, y: float, line_height: float, reserved: int, line: Line) -> tuple[bool, int]:
        """Whether line fits at y with `reserved` note lines already on the page; and how many of its note lines."""
        new = self._note_lines(line)
        if y + line_height <= self.page.floor - self.foot_height(reserved + len(new)) + 1e-6:
            return True, len(new)
        if not new or not self.foot.notes.get(line.notes[-1]):
            return False, 0
        last_note = self.foot.notes[line.notes[-1]]
        if len(last_note) < SPLITTABLE_NOTE_LINES:
            return False, 0
        before = len(new) - len(last_note)
        keep = self._free_note_lines(y, line_height, reserved) - before
        if keep >= KEPT_NOTE_LINES:
            return True, before + min(keep, len(last_note))
        return False, 0

    def _free_note_lines(self, y: float, line_height: float, reserved: int) -> int:
        """How many more note lines fit on the page below a line of line_height placed at y."""
        free = (self.page.floor - y - line_height - FOOT_GAP_ABOVE - FOOT_GAP_BELOW) / self.foot.line_height
        return int(free + 1e-6) - reserved

    def fitting(self, lines: list[Line], line_height: float) -> tuple[int, bool]:
        """How many of lines fit on the current page, notes included; and whether the last of them splits a note."""
        y, reserved = self.y, len(self.page_lines)
        for count, line in enumerate(lines):
            fits, taken = self._fits(y, line_height, reserved, line)
            if not fits:
                return count, False
            y += line_height
            reserved += taken
            if taken < len(self._note_lines(line)):
                return count + 1, True
        return len(lines), False

    def flow(self, lines: list[Line], line_height: float, size: float, left: float, align: str = "J") -> None:
        """Place a paragraph's lines, breaking pages without orphan or widow lines."""
        index = 0
        while index < len(lines):
            remaining = len(lines) - index
            count, note_fills_page = self.fitting(lines[index:], line_height)
            if count < remaining and not note_fills_page:
                if remaining - count == 1 and count >= 2:
                    count -= 1
                if index == 0 and count == 1 and remaining > 1:
                    count = 0
            if count == 0 and self.at_page_top:
                count = 1
            for line in lines[index : index + count]:
                self.place(line, line_height, size, left, align)
            index += count
            if index < len(lines):
                self.new_page()

    def place(self, line: Line, line_height: float, size: float, left: float, align: str = "J") -> None:
        """Draw one line at the cursor and reserve its notes (what does not fit is carried to the next page)."""
        fits, taken = self._fits(self.y, line_height, len(self.page_lines), line)
        new = self._note_lines(line)
        if not fits:
            taken = max(0, min(len(new), self._free_note_lines(self.y, line_height, len(self.page_lines))))
        self.typesetter.draw_line(line, left, baseline(self.y, line_height, size), align)
        self.y += line_height
        self.page_lines.extend(new[:taken])
        self.carried.extend(new[taken:])

    def _draw_foot(self) -> None:
        if not self.page_lines:
            return
        top = self.page.floor - self.foot_height(len(self.page_lines))
        rule_y = top + FOOT_GAP_ABOVE
        self.pdf.set_draw_color(0, 0, 0)
        self.pdf.set_line_width(0.2)
        self.pdf.line(self.page.left, rule_y, self.page.left + FOOT_RULE, rule_y)
        y = rule_y + FOOT_GAP_BELOW
        for line in self.page_lines:
            self.typesetter.draw_line(line, self.page.left, baseline(y, self.foot.line_height, self.foot.size), "J")
            y += self.foot.line_height
