"""The report's serif fonts: the Liberation Serif shipped with the program, so a PDF is the same on every PC.

Search order (the first complete family — regular, bold, italic, bold italic — with Vietnamese glyphs wins):

1. the folder named by CCHC_FONT_DIR (a support person's override), any family below;
2. Times New Roman installed on the machine, when the office chooses it: CCHC_REPORT_FONT="Times New Roman";
3. Liberation Serif shipped in exports/shipped_fonts/ (SIL Open Font License, OFL.txt beside it; metric-compatible
   with Times New Roman, so the layout is the same);
4. the machine's Times New Roman, Liberation Serif, DejaVu Serif (only when the shipped files are missing).

With no complete family, the best family with a regular face is used and a missing face is printed with the
closest one (a warning in the log); with none at all, an ExportError says what to do.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from exports.errors import ExportError

log = logging.getLogger(__name__)

STYLES = ("", "B", "I", "BI")
FONT_DIR_ENV = "CCHC_FONT_DIR"
CHOICE_ENV = "CCHC_REPORT_FONT"
TIMES = "Times New Roman"
SHIPPED = "Liberation Serif"
SHIPPED_DIR = Path(__file__).resolve().with_name("shipped_fonts")
VIETNAMESE_SAMPLE = "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
MISSING_FONT_MESSAGE = (
    "Không tìm thấy phông chữ của báo cáo: các tệp phông Liberation Serif kèm chương trình bị thiếu hoặc hỏng, "
    "và máy không có Times New Roman hay phông thay thế (Liberation Serif, DejaVu Serif) có đủ dấu tiếng Việt. "
    "Hãy cài lại chương trình, hoặc cài Times New Roman (trên Debian/Ubuntu: sudo apt-get install fonts-liberation2)."
)

# (family as fontconfig knows it, {style: accepted file names, lower case, in order of preference})
FAMILIES: tuple[tuple[str, dict[str, tuple[str, ...]]], ...] = (
    (
        "Times New Roman",
        {
            "": ("times.ttf", "times_new_roman.ttf", "times new roman.ttf", "timesnewroman.ttf"),
            "B": ("timesbd.ttf", "times_new_roman_bold.ttf", "times new roman bold.ttf", "timesnewroman-bold.ttf"),
            "I": ("timesi.ttf", "times_new_roman_italic.ttf", "times new roman italic.ttf", "timesnewroman-italic.ttf"),
            "BI": (
                "timesbi.ttf",
                "times_new_roman_bold_italic.ttf",
                "times new roman bold italic.ttf",
                "timesnewroman-bolditalic.ttf",
            ),
        },
    ),
    (
        "Liberation Serif",
        {
            "": ("liberationserif-regular.ttf",),
            "B": ("liberationserif-bold.ttf",),
            "I": ("liberationserif-italic.ttf",),
            "BI": ("liberationserif-bolditalic.ttf",),
        },
    ),
    (
        "DejaVu Serif",
        {
            "": ("dejavuserif.ttf",),
            "B": ("dejavuserif-bold.ttf",),
            "I": ("dejavuserif-italic.ttf", "dejavuserif-oblique.ttf"),
            "BI": ("dejavuserif-bolditalic.ttf", "dejavuserif-boldoblique.ttf"),
        },
    ),
)
FAMILY_NAMES = tuple(family for family, _names in FAMILIES)
FC_STYLES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "Bold Italic"}
SUBSTITUTES = {"": ("",), "B": ("B", "BI", ""), "I": ("I", "BI", ""), "BI": ("BI", "B", "I", "")}


def find_serif_fonts() -> dict[str, Path]:
    """The four TTF files ("", "B", "I", "BI") of the report's family, in the module's search order;
    ExportError if none. A missing face of a partial family is printed with the closest one that exists."""
    return dict(_find_cached(os.environ.get(FONT_DIR_ENV) or "", chosen_family()))


def chosen_family() -> str:
    """The family the office chose (CCHC_REPORT_FONT): Times New Roman, or "" for the shipped Liberation Serif."""
    choice = " ".join((os.environ.get(CHOICE_ENV) or "").split()).casefold()
    if choice in {"times new roman", "times", "timesnewroman"}:
        return TIMES
    if choice and choice != SHIPPED.casefold():
        log.warning("%s=%r is not a report font; using %s", CHOICE_ENV, os.environ.get(CHOICE_ENV), SHIPPED)
    return ""


def clear_font_cache() -> None:
    """Forget the fonts found so far (after installing a font, or in tests)."""
    _find_cached.cache_clear()
    _index_folder.cache_clear()


@functools.lru_cache(maxsize=8)
def _find_cached(extra_dir: str, chosen: str) -> tuple[tuple[str, Path], ...]:
    """The first complete family in the search order; else the first family with a regular face."""
    partial: tuple[str, dict[str, Path]] | None = None
    for place, family, files in _candidates(extra_dir, chosen):
        if len(files) == len(STYLES):
            if extra_dir and place != "extra":
                log.warning("%s=%s holds no complete serif family; using the next in order", FONT_DIR_ENV, extra_dir)
            if chosen and family != chosen:
                log.warning("%s=%s: not installed on this machine; printing with %s", CHOICE_ENV, chosen, family)
            log.info("Report font: %s (%s)", family, files[""])
            return tuple((style, files[style]) for style in STYLES)
        partial = partial or (family, files)
    if partial is None:
        raise ExportError(MISSING_FONT_MESSAGE)
    family, files = partial
    log.info("Report font: %s (%s)", family, files[""])
    for style in STYLES:
        if style not in files:
            substitute = FC_STYLES[_substitute(style, files)]
            log.warning("Report font %s has no %s face; printing it as %s", family, FC_STYLES[style], substitute)
    return tuple((style, files[_substitute(style, files)]) for style in STYLES)


def _substitute(style: str, files: dict[str, Path]) -> str:
    """The style itself when installed, else the closest installed face: keep bold or italic if possible."""
    return next(other for other in SUBSTITUTES[style] if other in files)


def _candidates(extra_dir: str, chosen: str) -> Iterator[tuple[str, str, dict[str, Path]]]:
    """(place, family, faces) of the families with a regular face covering Vietnamese, in search order."""
    places: list[tuple[str, list[Path], bool, tuple[str, ...]]] = []
    if extra_dir:
        places.append(("extra", [Path(extra_dir)], False, FAMILY_NAMES))
    if chosen:
        places.append(("system", system_font_dirs(), True, (chosen,)))
    places.append(("shipped", [SHIPPED_DIR], False, (SHIPPED,)))
    places.append(("system", system_font_dirs(), True, FAMILY_NAMES))
    for place, folders, use_fontconfig, families in places:
        for family in families:
            files = _family_files(family, dict(FAMILIES)[family], folders, use_fontconfig)
            if files and has_vietnamese_glyphs(files[""]):
                yield place, family, files


def _family_files(
    family: str, names: dict[str, tuple[str, ...]], folders: list[Path], use_fontconfig: bool
) -> dict[str, Path]:
    """The faces of a family that are installed; empty without the regular face."""
    files: dict[str, Path] = {}
    for style in STYLES:
        path = _find_file(names[style], folders)
        if path is None and use_fontconfig:
            path = _fontconfig_file(family, style, names[style])
        if path is None and not style:
            return {}
        if path is not None:
            files[style] = path
    return files


def _find_file(names: tuple[str, ...], folders: Iterable[Path]) -> Path | None:
    for folder in folders:
        index = _index_folder(str(folder))
        for name in names:
            if name in index:
                return index[name]
    return None


@functools.lru_cache(maxsize=32)
def _index_folder(folder: str) -> dict[str, Path]:
    """Static .ttf files under folder (recursively), by lower-case file name; the first found wins."""
    index: dict[str, Path] = {}
    root = Path(folder)
    if not root.is_dir():
        return index
    for dirpath, _dirnames, filenames in os.walk(root):
        for filename in sorted(filenames):
            lower = filename.lower()
            if lower.endswith(".ttf") and _is_static(filename):
                index.setdefault(lower, Path(dirpath) / filename)
    return index


def _is_static(filename: str) -> bool:
    return "variable" not in filename.lower() and "[" not in filename


def _fontconfig_file(family: str, style: str, names: tuple[str, ...]) -> Path | None:
    """Ask fc-match where the style lives; accept only a file with one of the expected names."""
    fc_match = None if sys.platform.startswith("win") else shutil.which("fc-match")
    if not fc_match:
        return None
    try:
        result = subprocess.run(
            [fc_match, "-f", "%{file}", f"{family}:style={FC_STYLES[style]}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(result.stdout.strip())
    if result.returncode == 0 and path.name.lower() in names and _is_static(path.name) and path.is_file():
        return path
    return None


def system_font_dirs() -> list[Path]:
    """Where the operating system keeps fonts, for all users and for the current user."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows")
        dirs = [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [
            Path("/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/System/Library/Fonts"),
            home / "Library" / "Fonts",
        ]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        data_home / "fonts",
        home / ".fonts",
    ]


def has_vietnamese_glyphs(path: Path) -> bool:
    """Whether the font's cmap maps every Vietnamese letter; True when no parser is available."""
    cmap = _read_cmap(path)
    if cmap is None:
        return True
    return all(ord(char) in cmap for char in VIETNAMESE_SAMPLE)


def _read_cmap(path: Path) -> set[int] | None:
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return _read_cmap_with_fpdf(path)
    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            best = font.getBestCmap() or {}
            return set(best)
    except Exception:  # a damaged font file is simply not used
        log.warning("Cannot read the character map of %s", path, exc_info=True)
        return set()


def _read_cmap_with_fpdf(path: Path) -> set[int] | None:
    try:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_font("probe", "", str(path))
        font = pdf.fonts["probe"]
        return set(font.cmap) if hasattr(font, "cmap") else None  # a TrueType font's (the probe is one)
    except Exception:  # fall back to trusting the family
        return None
