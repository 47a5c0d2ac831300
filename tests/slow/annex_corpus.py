"""A corpus of mutated annex files, generated deterministically (one seed per file) from a real export.

Kinds: bytes flipped in the zip, truncated, wrong types in cells, huge strings, formulas, XML entity
tricks, duplicated members, missing members, characters flipped inside the XML, extreme numbers, text
where the header expects a value, a member replaced by garbage."""

from __future__ import annotations

import random
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

SHEETS = [f"xl/worksheets/sheet{n}.xml" for n in range(1, 6)]
DATA = "xl/worksheets/sheet5.xml"  # `_cchc`
PER_KIND = 20

_NUMBER_CELL = re.compile(r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v></c>')
_TEXT = re.compile(r"<t>([^<]*)</t>")


def _members(good: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(good) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _write(target: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            if any(i.filename == name for i in archive.infolist()):
                with warnings.catch_warnings():  # a duplicated member, on purpose
                    warnings.simplefilter("ignore", UserWarning)
                    archive.writestr(zipfile.ZipInfo(name), data)
            else:
                archive.writestr(name, data)
    return target


def _edit(good: Path, target: Path, member: str, change: Callable[[str], str]) -> Path:
    members = _members(good)
    members[member] = change(members[member].decode("utf-8")).encode("utf-8")
    return _write(target, list(members.items()))


def _sub_one(rng: random.Random, pattern: re.Pattern, xml: str, make: Callable[[re.Match], str]) -> str:
    found = list(pattern.finditer(xml))
    if not found:
        return xml
    m = rng.choice(found)
    return xml[: m.start()] + make(m) + xml[m.end() :]


def _sheet(rng: random.Random) -> str:
    return DATA if rng.random() < 0.5 else rng.choice(SHEETS)


def flipped_bytes(rng, good, target):
    data = bytearray(good.read_bytes())
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    target.write_bytes(bytes(data))


def truncated(rng, good, target):
    data = good.read_bytes()
    target.write_bytes(data[: rng.randrange(len(data))])


def wrong_type(rng, good, target):
    kinds = [
        lambda r: f'<c r="{r}" t="inlineStr"><is><t>mười hai</t></is></c>',
        lambda r: f'<c r="{r}" t="b"><v>1</v></c>',
        lambda r: f'<c r="{r}" t="e"><v>#DIV/0!</v></c>',
        lambda r: f'<c r="{r}" t="s"><v>99999</v></c>',
        lambda r: f'<c r="{r}" t="d"><v>2023-07-01T00:00:00</v></c>',
        lambda r: f'<c r="{r}"><v>abc</v></c>',
    ]
    make = rng.choice(kinds)
    _edit(good, target, _sheet(rng), lambda xml: _sub_one(rng, _NUMBER_CELL, xml, lambda m: make(m.group(1))))


def huge_string(rng, good, target):
    size = rng.choice([100_000, 1_000_000, 3_000_000])
    text = rng.choice(["A", "Ệ", "1", "<"]).replace("<", "&lt;") * size
    _edit(good, target, _sheet(rng), lambda xml: _sub_one(rng, _TEXT, xml, lambda m: f"<t>{text}</t>"))


def formula(rng, good, target):
    formulas = [
        "SUM(A1:A2)",
        'HYPERLINK("http://example.invalid","x")',
        'WEBSERVICE("http://example.invalid")',
        "1/0",
        "cmd|' /C calc'!A0",
        'INDIRECT("A"&amp;ROW())',
    ]
    f = rng.choice(formulas)
    _edit(
        good,
        target,
        _sheet(rng),
        lambda xml: _sub_one(
            rng, _NUMBER_CELL, xml, lambda m: f'<c r="{m.group(1)}"{m.group(2)}><f>{f}</f><v>{m.group(3)}</v></c>'
        ),
    )


def entity(rng, good, target):
    tricks = [
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>',
        '<!DOCTYPE x [<!ENTITY f SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE x [<!ENTITY f SYSTEM "http://example.invalid/x">]>',
        '<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;<!ENTITY f "x">]>',
    ]
    doctype = rng.choice(tricks)

    def change(xml: str) -> str:
        head, sep, rest = xml.partition("?>")
        xml = head + sep + doctype + rest if sep else doctype + xml
        return _sub_one(rng, _TEXT, xml, lambda m: "<t>&f;</t>")

    _edit(good, target, _sheet(rng), change)


def duplicated_member(rng, good, target):
    members = list(_members(good).items())
    name, data = rng.choice(members)
    other = rng.choice(members)[1] if rng.random() < 0.5 else data
    members.insert(rng.randrange(len(members) + 1), (name, other))
    _write(target, members)


def missing_member(rng, good, target):
    members = list(_members(good).items())
    members.pop(rng.randrange(len(members)))
    _write(target, members)


def xml_flip(rng, good, target):
    def change(xml: str) -> str:
        chars = list(xml)
        for _ in range(rng.randint(1, 4)):
            chars[rng.randrange(len(chars))] = rng.choice('<>&"=/ x0\u0000')
        return "".join(chars)

    _edit(good, target, _sheet(rng), change)


def extreme_number(rng, good, target):
    value = rng.choice(["1E+400", "-5", "1e308", "NaN", "inf", "9" * 40, "0.0000000001", "-0", "1,5", " 12 "])
    _edit(
        good,
        target,
        _sheet(rng),
        lambda xml: _sub_one(rng, _NUMBER_CELL, xml, lambda m: f'<c r="{m.group(1)}"{m.group(2)}><v>{value}</v></c>'),
    )


def header_text(rng, good, target):
    garbage = rng.choice(["", "x" * 5000, "2023-Q9", "../../etc", "X-1\u202e", "0", "null", "Ệ" * 300])
    _edit(good, target, DATA, lambda xml: _sub_one(rng, _TEXT, xml, lambda m: f"<t>{garbage}</t>"))


def garbage_member(rng, good, target):
    members = list(_members(good).items())
    index = rng.randrange(len(members))
    members[index] = (members[index][0], rng.randbytes(rng.randint(0, 4096)))
    _write(target, members)


KINDS: dict[str, Callable[[random.Random, Path, Path], None]] = {
    "flipped_bytes": flipped_bytes,
    "truncated": truncated,
    "wrong_type": wrong_type,
    "huge_string": huge_string,
    "formula": formula,
    "entity": entity,
    "duplicated_member": duplicated_member,
    "missing_member": missing_member,
    "xml_flip": xml_flip,
    "extreme_number": extreme_number,
    "header_text": header_text,
    "garbage_member": garbage_member,
}


def generate(kind: str, good: Path, folder: Path, count: int = PER_KIND) -> list[Path]:
    """count files of one kind, the same bytes on every run (seeded by kind and index)."""
    files = []
    for n in range(count):
        rng = random.Random(f"{kind}-{n}")
        target = folder / f"{kind}-{n:02d}.xlsx"
        KINDS[kind](rng, good, target)
        files.append(target)
    return files
