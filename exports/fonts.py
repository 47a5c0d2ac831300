"""Find a serif TrueType family with Vietnamese glyphs: Times New Roman, else Liberation Serif, else DejaVu Serif."""

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
VIETNAMESE_SAMPLE = "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
MISSING_FONT_MESSAGE = (
    "Không tìm thấy phông chữ Times New Roman hay phông thay thế (Liberation Serif, DejaVu Serif) "
    "có đủ dấu tiếng Việt. Hãy cài Times New Roman, hoặc trên Debian/Ubuntu: sudo apt-get install fonts-liberation2."
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
FC_STYLES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "Bold Italic"}
SUBSTITUTES = {"": ("",), "B": ("B", "BI", ""), "I": ("I", "BI", ""), "BI": ("BI", "B", "I", "")}


def find_serif_fonts() -> dict[str, Path]:
    """The four TTF files ("", "B", "I", "BI") of the best installed serif family; ExportError if none.

    A family with all four faces is preferred; when none is installed, the best family with a regular face is
    used and a missing face is printed with the closest one that exists (logged as a warning).
    """
    return dict(_find_cached(os.environ.get(FONT_DIR_ENV) or ""))


def clear_font_cache() -> None:
    """Forget the fonts found so far (after installing a font, or in tests)."""
    _find_cached.cache_clear()
    _index_folder.cache_clear()


@functools.lru_cache(maxsize=8)
def _find_cached(extra_dir: str) -> tuple[tuple[str, Path], ...]:
    """A complete family first (the font folder, then the system); else the best family with a regular face."""
    partial: tuple[str, dict[str, Path], bool] | None = None
    for family, files, in_extra_dir in _candidates(extra_dir):
        if len(files) == len(STYLES):
            if extra_dir and not in_extra_dir:
                log.warning("%s=%s holds no complete serif family; using the system's", FONT_DIR_ENV, extra_dir)
            log.info("Report font: %s (%s)", family, files[""])
            return tuple((style, files[style]) for style in STYLES)
        partial = partial or (family, files, in_extra_dir)
    if partial is None:
        raise ExportError(MISSING_FONT_MESSAGE)
    family, files, _ = partial
    log.info("Report font: %s (%s)", family, files[""])
    for style in STYLES:
        if style not in files:
            substitute = FC_STYLES[_substitute(style, files)]
            log.warning("Report font %s has no %s face; printing it as %s", family, FC_STYLES[style], substitute)
    return tuple((style, files[_substitute(style, files)]) for style in STYLES)


def _substitute(style: str, files: dict[str, Path]) -> str:
    """The style itself when installed, else the closest installed face: keep bold or italic if possible."""
    return next(other for other in SUBSTITUTES[style] if other in files)


def _candidates(extra_dir: str) -> Iterator[tuple[str, dict[str, Path], bool]]:
    """Families with a regular face covering Vietnamese, in preference order: the font folder's, then the system's."""
    places = [([Path(extra_dir)], False, True)] if extra_dir else []
    places.append((system_font_dirs(), True, False))
    for folders, use_fontconfig, in_extra_dir in places:
        for family, names in FAMILIES:
            files = _family_files(family, names, folders, use_fontconfig)
            if files and has_vietnamese_glyphs(files[""]):
                yield family, files, in_extra_dir


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
        return set(pdf.fonts["probe"].cmap)
    except Exception:  # fall back to trusting the family
        return None
