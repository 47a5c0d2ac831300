"""Trợ giúp → Hướng dẫn sử dụng (F1): the guide's blocks in a Text, its topics on the left, a search box.

The window only shows what app.guide parsed. Opened over the main window it is not modal (the clerk
reads and types side by side); opened with F1 over a dialog it takes the dialog's grab while open and
hands it back on closing.
"""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont

import ttkbootstrap as ttk

from cchc_desktop.app.content.guide import Guide, find_all
from cchc_desktop.ui.modal import SIDE_MARGIN, TASKBAR, TITLE_BAR

TITLE = "Hướng dẫn sử dụng — CCHC Desktop"
HINT = "F1: hướng dẫn cho màn hình đang mở · Ctrl+F: tìm · Esc: đóng"
WIDTH_CHARS = 100  # the window's width in average characters of the body font, at most the screen's
IMAGE_MARGIN = 36
RESIZE_DELAY_MS = 150
MARK_PREFIX = "topic:"


class HelpWindow(ttk.Toplevel):
    """The guide: topics (and search results) on the left, the text on the right."""

    def __init__(self, master, guide: Guide):
        super().__init__(master=master, title=TITLE)
        self.withdraw()
        self.guide = guide
        self.images: dict[str, tuple[str, object]] = {}  # image name in the Text → (file, PhotoImage)
        self.runs: list[tuple[str, str]] = []  # (index where inserted, text): for search marks
        self.owner: tk.Toplevel | None = None  # a dialog whose grab this window holds while open
        self.shown_width = 0
        self.current: str | None = None
        self.hits: list[str] = []
        self.hit_number = -1
        self._choosing = False
        self._resize_job = None
        self._search_job = None
        self.fonts = self._fonts()
        self._layout()
        self._render()
        self.protocol("WM_DELETE_WINDOW", self.close)
        self.bind("<Escape>", lambda _e: self.close())
        for key in ("<Control-f>", "<Control-F>"):
            self.bind(key, lambda _e: (self.search.focus_set(), self.search.select_range(0, "end"), "break")[2])

    # ----- layout ------------------------------------------------------------------------------
    def _fonts(self) -> dict[str, tkfont.Font]:
        base = tkfont.nametofont("TkDefaultFont").actual()
        family, size = base["family"], abs(int(base["size"])) or 10

        def font(delta: int = 0, weight: str = "normal", slant: str = "roman") -> tkfont.Font:
            return tkfont.Font(self, family=family, size=size + delta, weight=weight, slant=slant)

        return {
            "body": font(1),
            "b": font(1, "bold"),
            "i": font(1, slant="italic"),
            "bi": font(1, "bold", "italic"),
            "title": font(7, "bold"),
            "h2": font(4, "bold"),
            "h3": font(2, "bold"),
            "caption": font(0, slant="italic"),
        }

    def _layout(self) -> None:
        colors = ttk.Style().colors
        footer = ttk.Frame(self, padding=(12, 6, 12, 10))
        footer.pack(side="bottom", fill="x")
        ttk.Label(footer, text=HINT, bootstyle="secondary").pack(side="left")
        self.close_button = ttk.Button(footer, text="Đóng", bootstyle="secondary", command=self.close)
        self.close_button.pack(side="right")
        panes = ttk.Panedwindow(self, orient="horizontal")
        panes.pack(side="top", fill="both", expand=True, padx=8, pady=(8, 0))
        left = ttk.Frame(panes, padding=(0, 0, 6, 0))
        ttk.Label(left, text="Tìm trong hướng dẫn").pack(side="top", anchor="w")
        self.search = ttk.Entry(left)
        self.search.pack(side="top", fill="x", pady=(2, 4))
        self.search.bind("<KeyRelease>", self._search_later)
        self.search.bind("<Return>", self._enter_in_search)
        self.found = ttk.Label(left, text="", bootstyle="secondary", justify="left")
        self.found.pack(side="top", anchor="w", fill="x")
        listing = ttk.Frame(left)
        listing.pack(side="top", fill="both", expand=True, pady=(4, 0))
        self.topics = ttk.Treeview(listing, show="tree", selectmode="browse")
        self.topics_bar = ttk.Scrollbar(listing, orient="vertical", command=self.topics.yview)
        self.topics.configure(yscrollcommand=self.topics_bar.set)
        self.topics_bar.pack(side="right", fill="y")
        self.topics.pack(side="left", fill="both", expand=True)
        self.topics.bind("<<TreeviewSelect>>", lambda _e: self._topic_chosen())
        panes.add(left, weight=0)
        right = ttk.Frame(panes)
        self.text = tk.Text(
            right,
            wrap="word",
            font=self.fonts["body"],
            padx=16,
            pady=12,
            relief="flat",
            borderwidth=0,
            highlightthickness=1,
            highlightbackground=colors.border,
            background="#ffffff",
            foreground="#212529",
            cursor="arrow",
            spacing1=1,
            spacing3=1,
        )
        bar = ttk.Scrollbar(right, orient="vertical", command=self.text.yview)
        self.text.configure(yscrollcommand=bar.set)
        bar.pack(side="right", fill="y")
        self.text.pack(side="left", fill="both", expand=True)
        panes.add(right, weight=1)
        self.text.bind("<Configure>", self._resized, add="+")
        self._tags(colors)
        self._fill_topics(None)

    def _tags(self, colors) -> None:
        body = self.fonts["body"]
        digit = body.measure("0")
        line = body.metrics("linespace")
        text = self.text
        text.tag_configure("title", font=self.fonts["title"], foreground=colors.primary, spacing3=line // 2)
        text.tag_configure("h2", font=self.fonts["h2"], foreground=colors.primary, spacing1=line, spacing3=line // 3)
        text.tag_configure("h3", font=self.fonts["h3"], spacing1=line * 2 // 3, spacing3=line // 4)
        text.tag_configure("paragraph", spacing1=line // 4, spacing3=line // 4)
        for level in (0, 1):
            left = digit * (2 + 4 * level)
            hang = left + digit * 3
            text.tag_configure(f"item{level}", lmargin1=left, lmargin2=hang, tabs=(hang,), spacing1=line // 6)
        text.tag_configure(
            "note",
            lmargin1=digit * 2,
            lmargin2=digit * 2,
            rmargin=digit * 2,
            background="#eef3fa",
            spacing1=line // 3,
            spacing3=line // 3,
            borderwidth=0,
        )
        text.tag_configure("image", justify="center", spacing1=line // 2)
        text.tag_configure("caption", font=self.fonts["caption"], foreground="#5a5a5a", justify="center", spacing3=line)
        text.tag_configure("b", font=self.fonts["b"])
        text.tag_configure("i", font=self.fonts["i"])
        text.tag_configure("bi", font=self.fonts["bi"])
        text.tag_configure("hit", background="#ffe69c")
        text.tag_configure("current_hit", background="#ffc107")
        text.tag_raise("hit")
        text.tag_raise("current_hit")

    def _fill_topics(self, anchors: list[str] | None) -> None:
        """All topics as a tree, or (a search) the topics found, in a flat list."""
        self.topics.delete(*self.topics.get_children())
        if anchors is None:
            for topic in self.guide.topics:
                parent = topic.parent if topic.level == 3 and self.topics.exists(topic.parent) else ""
                self.topics.insert(parent, "end", iid=topic.anchor, text=topic.title, open=True)
        else:
            for anchor in anchors:
                self.topics.insert("", "end", iid=anchor, text=self.guide.topic(anchor).title)
        self._fit_topics()

    def _fit_topics(self) -> None:
        font = tkfont.nametofont("TkDefaultFont")
        indent = int(ttk.Style().lookup("Treeview", "indent") or 20)
        widest = max((font.measure(t.title) + (indent if t.level == 3 else 0) for t in self.guide.topics), default=200)
        self.topics.column("#0", width=widest + indent + 24, minwidth=120)

    # ----- the text ----------------------------------------------------------------------------
    def _render(self) -> None:
        text = self.text
        text.configure(state="normal")
        text.delete("1.0", "end")
        self.runs.clear()
        for block in self.guide.blocks:
            if block.kind == "heading":
                text.mark_set(MARK_PREFIX + block.anchor, "end-1c")
                text.mark_gravity(MARK_PREFIX + block.anchor, "left")
                self._runs(block.runs, ("h2" if block.level == 2 else "h3",))
            elif block.kind == "title":
                self._runs(block.runs, ("title",))
            elif block.kind == "item":
                tag = f"item{min(block.level, 1)}"
                self._insert(f"{block.marker}\t", (tag,))
                self._runs(block.runs, (tag,))
            elif block.kind == "image":
                self._image(block)
                if block.runs:
                    self._runs(block.runs, ("caption",))
                continue
            else:
                self._runs(block.runs, (block.kind,))
        text.configure(state="disabled")

    def _insert(self, chars: str, tags: tuple[str, ...]) -> None:
        self.runs.append((self.text.index("end-1c"), chars))
        self.text.insert("end", chars, tags)

    def _runs(self, runs, tags: tuple[str, ...]) -> None:
        for run in runs:
            style = ("b" if run.bold else "") + ("i" if run.italic else "")
            self._insert(run.text, (*tags, style) if style else tags)
        self.text.insert("end", "\n", tags)

    def _image(self, block) -> None:
        name = f"img{len(self.images)}"
        photo = self._photo(block.image, self._image_room())
        if photo is None:
            self._insert(f"[Thiếu ảnh: {block.image}]", ("caption",))
            self.text.insert("end", "\n", ("caption",))
            return
        self.text.image_create("end", image=photo, name=name, padx=2, pady=4)
        self.text.tag_add("image", f"{name}", f"{name} + 1c")
        self.text.insert("end", "\n", ("image",))
        self.images[name] = (block.image, photo)

    def _image_room(self) -> int:
        width = self.text.winfo_width()
        if width <= 1:
            width = self.text.winfo_reqwidth()
        return max(width - 2 * int(self.text.cget("padx")) - IMAGE_MARGIN, 200)

    def _photo(self, path: str, room: int):
        """The picture at its own size, or narrowed (smoothly) to the room the text has."""
        from PIL import Image, ImageTk

        try:
            with Image.open(path) as picture:
                picture.load()
                if picture.width > room:
                    height = max(1, round(picture.height * room / picture.width))
                    picture = picture.resize((room, height), Image.LANCZOS)
                return ImageTk.PhotoImage(picture, master=self)
        except OSError:
            return None

    def _resized(self, event) -> None:
        if abs(event.width - self.shown_width) < 24:
            return
        if self._resize_job is not None:
            self.after_cancel(self._resize_job)
        self._resize_job = self.after(RESIZE_DELAY_MS, self._refit_images)

    def _refit_images(self) -> None:
        """Images follow the text's width (a screenshot narrower than the text keeps its own size)."""
        self._resize_job = None
        self.shown_width = self.text.winfo_width()
        room = self._image_room()
        for name, (path, _old) in list(self.images.items()):
            photo = self._photo(path, room)
            if photo is not None:
                self.text.image_configure(name, image=photo)
                self.images[name] = (path, photo)

    # ----- topics and search -------------------------------------------------------------------
    def show_topic(self, anchor: str | None) -> None:
        """Scroll the text so that the topic's heading is at the top, and select it in the list."""
        if not anchor or not self.guide.has(anchor):
            anchor = self.guide.topics[0].anchor if self.guide.topics else None
        if anchor is None:
            return
        self.update_idletasks()
        self.text.yview(MARK_PREFIX + anchor)
        if self.topics.exists(anchor) and self.topics.selection() != (anchor,):
            self._choosing = True
            self.topics.selection_set(anchor)
            self.topics.see(anchor)
            self.after_idle(lambda: setattr(self, "_choosing", False))
        self.current = anchor

    def _topic_chosen(self) -> None:
        if self._choosing:
            return
        selection = self.topics.selection()
        if selection:
            self.text.yview(MARK_PREFIX + selection[0])
            self.current = selection[0]
            self._show_hits_in(selection[0])

    def _search_later(self, event) -> None:
        if event.keysym in ("Return", "KP_Enter", "Escape", "Tab"):
            return
        if self._search_job is not None:
            self.after_cancel(self._search_job)
        self._search_job = self.after(200, self._search_now)

    def _search_now(self) -> None:
        self._search_job = None
        query = self.search.get().strip()
        self.text.tag_remove("hit", "1.0", "end")
        self.text.tag_remove("current_hit", "1.0", "end")
        self.hits = []
        if not query:
            self._fill_topics(None)
            self.found.configure(text="")
            return
        anchors = self.guide.search(query)
        self._fill_topics(anchors)
        spans = [(start, find_all(query, chars, phrase=True)) for start, chars in self.runs]
        if not any(found for _start, found in spans):  # the words as typed are nowhere: each word
            spans = [(start, find_all(query, chars)) for start, chars in self.runs]
        for start, found in spans:
            for begin, end in found:
                self.text.tag_add("hit", f"{start} + {begin}c", f"{start} + {end}c")
                self.hits.append(f"{start} + {begin}c")
        self.hit_number = -1
        if anchors:
            self.found.configure(text=f"Tìm thấy ở {len(anchors)} mục.")
        else:
            self.found.configure(text=f"Không tìm thấy “{query}”.")

    def _enter_in_search(self, _event=None) -> str:
        """Enter: the first topic found and its first place found; Enter again: the next place."""
        if self._search_job is not None or self.hit_number < 0:
            if self._search_job is not None:
                self.after_cancel(self._search_job)
            self._search_now()
            found = self.topics.get_children()
            if found:
                self.topics.selection_set(found[0])  # shows it, and its first place found
                self.update_idletasks()
                self._topic_chosen()
            return "break"
        self._next_hit()
        return "break"

    def _next_hit(self) -> None:
        """Enter in the search box: the next place found, highlighted and scrolled into view."""
        if not self.hits:
            return
        self.hit_number = (self.hit_number + 1) % len(self.hits)
        self._mark_hit(self.hits[self.hit_number])

    def _mark_hit(self, index: str) -> None:
        self.text.tag_remove("current_hit", "1.0", "end")
        ranges = self.text.tag_nextrange("hit", index)
        if ranges:
            self.text.tag_add("current_hit", *ranges)
        self.text.see(index)

    def _show_hits_in(self, anchor: str) -> None:
        """After choosing a topic found by search: its first place found, in view."""
        if not self.hits:
            return
        start = self.text.index(MARK_PREFIX + anchor)
        for number, index in enumerate(self.hits):
            if self.text.compare(index, ">=", start):
                self.hit_number = number
                self.text.yview(MARK_PREFIX + anchor)
                self._mark_hit(index)  # in view, the heading above it when both fit
                return

    # ----- showing and closing -----------------------------------------------------------------
    def place_on_screen(self) -> None:
        """As wide as about a hundred characters (at most the screen), as high as the screen leaves."""
        screen_w, screen_h = self.winfo_screenwidth(), self.winfo_screenheight()
        wanted = self.fonts["body"].measure("0") * WIDTH_CHARS + self.topics.winfo_reqwidth() + 60
        width = min(wanted, screen_w - 2 * SIDE_MARGIN)
        height = screen_h - TITLE_BAR - TASKBAR
        self.geometry(f"{width}x{height}+{screen_w - width - SIDE_MARGIN}+{TITLE_BAR}")

    def open(self, anchor: str | None) -> None:
        """Show the window at a topic; over a modal dialog it holds the dialog's grab until closed."""
        if not self.winfo_viewable():
            if self.search.get():  # a new visit starts from every topic, not from an old search
                self.search.delete(0, "end")
                self._search_now()
            self.place_on_screen()
            self.deiconify()
            self.update_idletasks()
            if self.text.winfo_width() != self.shown_width:
                self._refit_images()
        grabbed = self.grab_current()
        if grabbed is not None and grabbed is not self:
            self.owner = grabbed.winfo_toplevel()
            if self.owner.winfo_viewable():
                self.transient(self.owner)
            self._take_grab()
        elif grabbed is None:
            self.transient("")
        self.lift()
        self.show_topic(anchor)
        self.focus_force()
        self.topics.focus_set()

    def _take_grab(self, attempts: int = 40) -> None:
        try:
            self.grab_set()
        except tk.TclError:
            if attempts and self.winfo_exists():
                self.after(25, self._take_grab, attempts - 1)

    def close(self) -> None:
        owner, self.owner = self.owner, None
        try:
            self.grab_release()
        except tk.TclError:
            pass
        self.withdraw()
        if owner is not None and owner.winfo_exists():
            try:
                owner.grab_set()
            except tk.TclError:
                pass
            owner.focus_force()
