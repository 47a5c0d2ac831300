"""Issue 17, cases 11 and 14: a hostile template pack (links, special files, a zip whose sizes lie,
TOML nested too deep or not UTF-8, a version with a newline) is refused with exit 2 and a Vietnamese
message naming the problem; the templates folder and the database are exactly as before, on both
engines, and nothing is left in the temporary folder."""

from __future__ import annotations

import os
import random
import re
import tempfile
import time
import unicodedata

import pytest

from cchc_desktop.app.usecases.pack_files import MemoryFolder
from cchc_desktop.app.usecases.templates import templates_dir
from forms.errors import TemplateError
from forms.registry import TemplateSet, read_pack, shipped_root
from tests.hostile_packs import KINDS, database_state, folder_state
from tests.test_templates import _pack_folder, _zip


@pytest.fixture
def ward(cchc, engine_target, tmp_path):
    """A ward's database holding values, with the genuine 2024.1 installed on the PC."""
    genuine = _zip(_pack_folder(tmp_path / "that"), tmp_path / "mau-2024.1.zip")
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa", db=engine_target).code == 0
    assert cchc("template", "install", str(genuine), db=engine_target).code == 0
    assert cchc("set", "--period", "2024-02", "cd.vb.ban_hanh=4", db=engine_target).code == 0
    return engine_target


def _scratch() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("cchc-mau-")}


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_hostile_pack_is_refused_naming_the_problem_and_nothing_changes(kind, ward, cchc, tmp_path):
    if kind.needs_links and os.name != "posix":
        pytest.skip("links and FIFOs are made here with POSIX calls")
    pack = kind.build(tmp_path / "doc-hai")
    before = folder_state(templates_dir()), database_state(ward), _scratch()
    started = time.monotonic()
    result = cchc("template", "install", str(pack), "--force", db=ward)
    took = time.monotonic() - started
    assert result.code == 2, result
    assert kind.says in result.err, result.err
    assert result.out == "" and unicodedata.is_normalized("NFC", result.err)
    assert "Lỗi hệ thống" not in result.err
    assert took < 10, f"{kind.name}: {took:.1f} s"
    assert (folder_state(templates_dir()), database_state(ward), _scratch()) == before
    assert cchc("get", "--period", "2024-02", "--json", db=ward).json()["cd.vb.ban_hanh"] == 4


def test_a_link_to_dev_zero_is_never_read(cchc, tmp_path, monkeypatch):
    """The link is refused from the folder's listing: not one byte of /dev/zero is read or written."""
    if os.name != "posix":
        pytest.skip("POSIX links")
    kind = next(kind for kind in KINDS if "/dev/zero" in kind.name)
    pack = kind.build(tmp_path / "zero")
    opened = []
    real_open = os.open
    monkeypatch.setattr(
        os, "open", lambda path, *args, **kw: (opened.append(str(path)), real_open(path, *args, **kw))[1]
    )
    result = cchc("template", "install", str(pack))
    assert result.code == 2 and "“cd.toml”" in result.err
    assert not [path for path in opened if path.endswith("cd.toml")]
    assert not templates_dir().exists()


MUTANTS = 200
WRONG_VALUES = ["1", "[]", "{}", "true", "[1]", "[{a = 1}]", "-1", "1.5", '["x"]', '{a = "b"}', '""', "[[1]]"]
WRONG_VALUES += ["1979-05-27", '"{x}"', '"[a|b"', '"{rate.x}"', '"x]"', "99999999", '"tthc.hs.truc_tuyen"', '"xa"']


def _mutant(files: dict[str, str], rng) -> dict[str, str]:
    """The shipped template with one to three lines changed: a value of another kind or a broken
    sentence, a line dropped or doubled, a table header turned into an array's or back."""
    name = rng.choice(sorted(files))
    lines = files[name].splitlines()
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines))
        line, roll = lines[at], rng.random()
        key = re.match(r'^(\s*[\w."-]+\s*=\s*)(.*)$', line)
        if roll < 0.5 and key and not (key.group(2).startswith(("[", "{")) and key.group(2)[-1:] not in "]}"):
            lines[at] = key.group(1) + rng.choice(WRONG_VALUES)
        elif roll < 0.65:
            del lines[at]
        elif roll < 0.8:
            lines.insert(rng.randrange(len(lines)), line)
        elif line.startswith("[["):
            lines[at] = line[1:-1]
        elif line.startswith("["):
            lines[at] = f"[{line}]"
        elif '= "' in line:
            cut = line.index('= "') + 3 + rng.randrange(max(1, len(line) - line.index('= "') - 3))
            lines[at] = line[:cut] + rng.choice(["{", "}", "[", "]", "|", "{x:n}", "{@xa}"]) + line[cut:]
    return {**files, name: "\n".join(lines) + "\n"}


def test_a_mutated_template_is_a_template_or_a_named_mistake_never_a_crash():
    """Values of the wrong kind, broken sentences, dropped or doubled lines, a table where an array of
    tables is due: the loader answers with the template or a TemplateError naming the file and line."""
    files = {
        e.name: e.read_text(encoding="utf-8") for e in (shipped_root() / "2023.1").iterdir() if e.name.endswith(".toml")
    }
    versions = TemplateSet.load(None)
    rng = random.Random(1717)
    refused = 0
    for _ in range(MUTANTS):
        mutant = _mutant(files, rng)
        folder = MemoryFolder({name: text.encode("utf-8") for name, text in mutant.items()})
        try:
            template = read_pack(folder)
            if template.version != "2023.1":
                versions.check_newcomer(template, folder)
        except TemplateError as exc:
            assert re.search(r"(Lỗi trong (tệp )?mẫu|template\.toml)", str(exc)), str(exc)
            refused += 1
    assert refused > MUTANTS // 2
