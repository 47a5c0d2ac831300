"""The installer's Vietnamese messages file (installer/Vietnamese.isl), without Wine or the network.

Inno Setup ships no Vietnamese.isl, so the project writes its own from the message names of the
compilers' Default.isl. Two compilers build the same installer/cchc.iss: Inno Setup 6.4.1 (the Wine
lane) and 6.7.1 (the GitHub workflow), whose messages are those of 6.5.0, which renamed, removed and
added some. The file holds both sets, and each reference — names, and the arguments, accelerator,
line breaks and final period of each English text, not the text — is stored in
tests/data/inno-default-<version>-keys.txt. A missing name would show that message in English; a
lost %1 would drop a folder or program name from what the clerk reads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ISL = ROOT / "installer" / "Vietnamese.isl"
ISS = ROOT / "installer" / "cchc.iss"
DATA = ROOT / "tests" / "data"
# Inno Setup version -> its Default.isl's message names; 6.5.0's are also those of 6.7.1.
REFERENCES = {
    "6.4.1": DATA / "inno-default-6.4.1-keys.txt",
    "6.5.0": DATA / "inno-default-6.5.0-keys.txt",
}
SECTIONS = ("LangOptions", "Messages", "CustomMessages")

BOM = b"\xef\xbb\xbf"
ARGUMENT = re.compile(r"%[1-9]|\[(?:name|name/ver|mb|gb)\]")
ACCELERATOR = re.compile(r"&(?!&)(.?)")

# Messages with no letter only Vietnamese has: sizes, marks around arguments and "OK" read the same in
# both languages; "Xem %1" (View %1) is Vietnamese without a diacritic.
WITHOUT_VIETNAMESE_LETTERS = {
    "RunEntryShellExec",
    "ButtonOK",
    "ComponentSize1",
    "ComponentSize2",
    "UninstallDisplayNameMark",
    "UninstallDisplayNameMarks",
    "UninstallDisplayNameMark32Bit",
    "UninstallDisplayNameMark64Bit",
}
VIETNAMESE_LETTER = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u00c0-\u1ef9]")
ENGLISH_WORDS = {
    "back",
    "next",
    "install",
    "cancel",
    "yes",
    "no",
    "finish",
    "browse",
    "setup",
    "uninstall",
    "information",
    "confirm",
    "error",
    "password",
    "folder",
    "file",
    "click",
    "please",
    "the",
    "your",
    "you",
    "and",
    "to",
    "of",
    "is",
    "was",
    "will",
    "cannot",
    "select",
    "components",
    "shortcut",
}

# Controls shown together (one wizard page, one dialog): their accelerator letters must differ.
SAME_DIALOG = {
    "wizard, license page": ["ButtonBack", "ButtonNext", "LicenseAccepted", "LicenseNotAccepted"],
    "wizard, password page": ["ButtonBack", "ButtonNext", "PasswordEditLabel"],
    "wizard, user information page": [
        "ButtonBack",
        "ButtonNext",
        "UserInfoName",
        "UserInfoOrg",
        "UserInfoSerial",
    ],
    "wizard, destination page": ["ButtonBack", "ButtonNext", "ButtonWizardBrowse"],
    "wizard, tasks page": [
        "ButtonBack",
        "ButtonNext",
        "CreateDesktopIcon",
        "CreateQuickLaunchIcon",
        "AssocFileExtension",
    ],
    "wizard, Start Menu page": ["ButtonBack", "ButtonNext", "ButtonWizardBrowse", "NoProgramGroupCheck2"],
    "wizard, ready page": ["ButtonBack", "ButtonInstall"],
    "wizard, preparing page": [
        "ButtonBack",
        "ButtonNext",
        "ButtonInstall",
        "CloseApplications",
        "DontCloseApplications",
    ],
    "wizard, download page": ["ButtonBack", "ButtonNext", "ButtonInstall", "ButtonStopDownload"],
    "wizard, extraction page": ["ButtonBack", "ButtonNext", "ButtonInstall", "ButtonStopExtraction"],
    "wizard, finished page": ["ButtonFinish", "YesRadio", "NoRadio"],
    "install mode dialog": ["PrivilegesRequiredOverrideAllUsers", "PrivilegesRequiredOverrideCurrentUser"],
    "install mode dialog, all users recommended": [
        "PrivilegesRequiredOverrideAllUsersRecommended",
        "PrivilegesRequiredOverrideCurrentUser",
    ],
    "install mode dialog, current user recommended": [
        "PrivilegesRequiredOverrideAllUsers",
        "PrivilegesRequiredOverrideCurrentUserRecommended",
    ],
    "message box": ["ButtonYes", "ButtonYesToAll", "ButtonNo", "ButtonNoToAll"],
    "next disk dialog": ["PathLabel", "ButtonBrowse"],
    "error dialog": ["AbortRetryIgnoreRetry", "AbortRetryIgnoreIgnore"],
    "file error dialog": ["AbortRetryIgnoreRetry", "FileAbortRetryIgnoreSkipNotRecommended"],
    "file error dialog, ignore": ["AbortRetryIgnoreRetry", "FileAbortRetryIgnoreIgnoreNotRecommended"],
    "read-only file dialog": ["ExistingFileReadOnlyRetry", "ExistingFileReadOnlyKeepExisting"],
    "file exists dialog": [
        "FileExistsOverwriteExisting",
        "FileExistsKeepExisting",
        "FileExistsOverwriteOrKeepAll",
    ],
    "newer file dialog": [
        "ExistingFileNewerOverwriteExisting",
        "ExistingFileNewerKeepExisting",
        "ExistingFileNewerOverwriteOrKeepAll",
    ],
}


@dataclass(frozen=True)
class Reference:
    section: str
    name: str
    arguments: frozenset[str]
    accelerator: bool
    line_breaks: int
    period: bool
    empty: bool


def parse_isl(text: str) -> dict[str, list[tuple[str, str]]]:
    """Sections of an Inno Setup messages file, as (name, value) pairs in file order."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = sections.setdefault(stripped[1:-1], [])
            continue
        assert current is not None, f"an entry before any section: {line!r}"
        name, sep, value = line.partition("=")
        assert sep, f"not a name=value line: {line!r}"
        current.append((name.strip(), value))
    return sections


def load_reference(version: str) -> list[Reference]:
    rows = []
    for line in REFERENCES[version].read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        section, name, arguments, accelerator, line_breaks, period, empty = line.split("\t")
        rows.append(
            Reference(
                section=section,
                name=name,
                arguments=frozenset() if arguments == "-" else frozenset(arguments.split(",")),
                accelerator=accelerator == "1",
                line_breaks=int(line_breaks),
                period=period == "1",
                empty=empty == "1",
            )
        )
    return rows


@pytest.fixture(scope="module")
def raw() -> bytes:
    return ISL.read_bytes()


@pytest.fixture(scope="module")
def sections(raw) -> dict[str, list[tuple[str, str]]]:
    return parse_isl(raw.decode("utf-8-sig"))


@pytest.fixture(scope="module")
def messages(sections) -> dict[str, str]:
    """Every [Messages] and [CustomMessages] entry (their names never overlap in Default.isl)."""
    return dict(sections.get("Messages", []) + sections.get("CustomMessages", []))


@pytest.fixture(scope="module", params=sorted(REFERENCES))
def reference(request) -> list[Reference]:
    """The messages of one Inno Setup version: every check that takes it runs for each version."""
    return [row for row in load_reference(request.param) if row.section != "LangOptions"]


@pytest.mark.parametrize(
    ("version", "messages_count"),
    [("6.4.1", 266), ("6.5.0", 281)],
)
def test_the_reference_is_whole(version, messages_count):
    counts: dict[str, int] = {}
    for row in load_reference(version):
        counts[row.section] = counts.get(row.section, 0) + 1
    assert counts == {"LangOptions": 3, "Messages": messages_count, "CustomMessages": 12}


def test_the_two_references_differ_only_by_the_names_6_5_0_changed():
    """A message both versions know has the same arguments, accelerator, line breaks and period."""
    old = {(row.section, row.name): row for row in load_reference("6.4.1")}
    new = {(row.section, row.name): row for row in load_reference("6.5.0")}
    assert sorted(name for _, name in old.keys() - new.keys()) == [
        "DownloadingLabel",
        "ErrorFileHash1",
        "ErrorFileHash2",
        "ExtractionLabel",
    ]
    assert len(new.keys() - old.keys()) == 19  # DownloadingLabel2, ExtractingLabel and 17 new ones
    assert {"DownloadingLabel2", "ExtractingLabel"} <= {name for _, name in new.keys() - old.keys()}
    assert [key for key in old.keys() & new.keys() if old[key] != new[key]] == []


def test_the_file_is_utf8_with_a_bom_in_nfc(raw):
    assert raw.startswith(BOM), "Inno Setup reads a messages file as UTF-8 for sure only with a BOM"
    text = raw[len(BOM) :].decode("utf-8")
    assert BOM.decode("utf-8") not in text
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("version", sorted(REFERENCES))
def test_every_name_of_each_default_isl_is_defined(sections, version):
    for section in SECTIONS:
        names = {name for name, _ in sections.get(section, [])}
        expected = {row.name for row in load_reference(version) if row.section == section}
        assert sorted(expected - names) == [], f"[{section}] misses these names of Inno Setup {version}"


def test_each_name_is_defined_once_and_none_unknown_to_both_versions(sections):
    for section in SECTIONS:
        names = [name for name, _ in sections.get(section, [])]
        known = {row.name for version in REFERENCES for row in load_reference(version) if row.section == section}
        duplicates = sorted({name for name in names if names.count(name) > 1})
        assert not duplicates, f"[{section}] defines twice: {duplicates}"
        assert sorted(set(names) - known) == [], f"[{section}] has names no Inno Setup version here knows"


def test_the_language_is_vietnamese(sections):
    options = dict(sections["LangOptions"])
    assert options["LanguageName"] == "Tiếng Việt"
    assert options["LanguageID"].upper() == "$042A"
    assert options["LanguageCodePage"] in {"1258", "0"}


def test_every_argument_of_the_english_text_is_kept(messages, reference):
    wrong = {
        row.name: (sorted(row.arguments), sorted(set(ARGUMENT.findall(messages[row.name]))))
        for row in reference
        if set(ARGUMENT.findall(messages[row.name])) != row.arguments
    }
    assert wrong == {}


def test_line_breaks_and_percent_signs(messages, reference):
    for row in reference:
        value = messages[row.name]
        assert value.count("%n") == row.line_breaks, row.name
        assert re.findall(r"%(?![1-9n%])", value) == [], f"{row.name}: a lone % sign"


def test_a_period_only_where_the_english_text_has_one(messages, reference):
    """Setup itself adds a period to the messages that have none: one more would show two."""
    wrong = [row.name for row in reference if messages[row.name].endswith(".") != row.period]
    assert wrong == []


def test_accelerators_where_the_english_text_has_one(messages, reference):
    for row in reference:
        keys = ACCELERATOR.findall(messages[row.name])
        if row.accelerator:
            assert len(keys) == 1, f"{row.name}: one &-accelerator expected, found {keys}"
            assert re.fullmatch("[A-Za-z]", keys[0]), f"{row.name}: & before {keys[0]!r}, not a typable letter"
        else:
            assert keys == [], f"{row.name}: an accelerator the English text has none of"


@pytest.mark.parametrize("dialog", sorted(SAME_DIALOG))
def test_no_two_controls_of_a_dialog_share_an_accelerator(messages, dialog):
    letters = {name: ACCELERATOR.findall(messages[name])[0].lower() for name in SAME_DIALOG[dialog]}
    shared = {
        letter: sorted(name for name, own in letters.items() if own == letter)
        for letter in set(letters.values())
        if list(letters.values()).count(letter) > 1
    }
    assert shared == {}, f"{dialog}: the same letter on {shared}"


def test_nothing_is_left_in_english(messages, reference):
    for row in reference:
        value = messages[row.name]
        if row.empty:
            continue
        assert value.strip(), f"{row.name} is empty"
        words = {word.lower() for word in re.findall(r"\w+", value.replace("&", ""))}
        assert not words & ENGLISH_WORDS, f"{row.name} reads English: {value!r}"
        if row.name not in WITHOUT_VIETNAMESE_LETTERS:
            assert VIETNAMESE_LETTER.search(value), f"{row.name} has no Vietnamese letter: {value!r}"


def test_the_wizard_buttons_keep_their_arrows(messages):
    assert messages["ButtonBack"].startswith("< ")
    assert messages["ButtonNext"].endswith(" >")


def iss_section(text: str, name: str) -> list[str]:
    """The entry lines of one section of an Inno Setup script (comments and blank lines left out)."""
    lines, inside = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            inside = stripped[1:-1].lower() == name.lower()
        elif inside and stripped and not stripped.startswith(";"):
            lines.append(stripped)
    return lines


def test_the_installer_script_includes_this_file_from_its_own_folder():
    """A MessagesFile without "compiler:" is looked up in the script's source folder (installer/)."""
    entries = [
        dict(part.strip().split(": ", 1) for part in line.split(";"))
        for line in iss_section(ISS.read_text(encoding="utf-8"), "Languages")
    ]
    assert entries == [{"Name": '"vietnamese"', "MessagesFile": '"Vietnamese.isl"'}]
    assert (ISS.parent / "Vietnamese.isl").resolve() == ISL.resolve()
