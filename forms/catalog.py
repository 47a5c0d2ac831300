"""The report template: load and validate forms/<version>/*.toml into plain objects."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from forms.errors import TemplateError, ValueInputError

FORMS_DIR = Path(__file__).resolve().parent
DEFAULT_VERSION = "2023.1"

TYPES = ("int", "decimal", "percent", "date", "text")
TIMES = ("sum", "last", "first", "derived")
UNITS = ("sum", "none")
OPS = ("=", "<=", ">=")
IMPORTANCES = ("error", "warning")
RULE_KINDS = ("compare", "per_row", "carry", "outlier", "ytd")
PLACEHOLDER = re.compile(r"\{([^{}:]+)(?::n)?\}")
SPECIAL_PLACEHOLDERS = {"period", "unit_short", "unit_name"}


@dataclass(frozen=True)
class Indicator:
    """One value the form holds: a plain field, a narrative or a table cell."""

    code: str
    label: str
    unit: str
    type: str
    time: str
    units: str
    section: str
    group: str | None = None
    help: str = ""
    indent: int = 0
    table: str | None = None
    cap: str | None = None
    row: str | None = None
    column: str | None = None
    opening: str = ""
    flow: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    def applies(self, level: str | None) -> bool:
        """True when a unit of this level reports the indicator (no levels = every level)."""
        return not self.levels or level is None or level in self.levels

    @property
    def is_numeric(self) -> bool:
        return self.type in ("int", "decimal", "percent")


@dataclass(frozen=True)
class Group:
    """A block of indicators on screen and one sentence in the report."""

    id: str
    title: str
    sentence: str
    codes: tuple[str, ...]
    total_sentence: str = ""
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str
    type: str


@dataclass(frozen=True)
class Table:
    """A grid of (cấp, list item) rows × columns, e.g. the TTHC review."""

    id: str
    title: str
    section: str
    rows_list: str
    caps: tuple[str, ...]
    time: str
    units: str
    columns: tuple[Column, ...]
    sentence: str = ""

    def cell_code(self, column: str, cap: str, row: str) -> str:
        return f"{self.id}.{column}@{cap}/{row}"


@dataclass(frozen=True)
class Computed:
    """A value the program computes: a rate (percent) or a sum."""

    code: str
    label: str
    kind: str
    num: tuple[str, ...]
    den: tuple[str, ...]
    unit: str
    section: str


@dataclass(frozen=True)
class Rule:
    """One consistency check (several checks may share an id)."""

    id: str
    importance: str
    kind: str
    message: str
    section: str
    left: tuple[str, ...] = ()
    op: str = "="
    right: tuple[str, ...] = ()
    empty_as_zero: bool = False
    when_any: str = ""
    table: str = ""
    patterns: tuple[str, ...] = ()
    params: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Section:
    id: str
    key: str
    title: str
    short_title: str
    narrative: str
    narrative_label: str
    groups: tuple[Group, ...]
    tables: tuple[Table, ...]
    file: str


@dataclass
class Template:
    """A whole template version: sections, indicators, computed values and rules."""

    version: str
    title: str
    sections: tuple[Section, ...]
    caps: dict[str, str]
    lists: dict[str, dict[str, str]]
    indicators: dict[str, Indicator]
    computed: dict[str, Computed]
    rules: tuple[Rule, ...]
    tables: dict[str, Table]
    _matches: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def indicator(self, code: str) -> Indicator:
        """The indicator of a code, or a Vietnamese error naming the unknown code."""
        try:
            return self.indicators[code]
        except KeyError:
            raise ValueInputError(f'Mã chỉ tiêu "{code}" không có trong mẫu báo cáo {self.version}.') from None

    def label_of(self, code: str) -> str:
        if code in self.indicators:
            return self.indicators[code].label
        if code in self.computed:
            return self.computed[code].label
        return code

    def unit_of(self, code: str) -> str:
        if code in self.indicators:
            return self.indicators[code].unit
        if code in self.computed:
            return self.computed[code].unit
        return ""

    def section(self, key_or_id: str) -> Section:
        for section in self.sections:
            if key_or_id in (section.key, section.id):
                return section
        raise KeyError(key_or_id)

    def applies(self, code: str, level: str | None) -> bool:
        """Whether a unit of `level` (xa, huyen, tinh) reports `code`; a computed value applies
        when any of its operands does. Unknown codes and `level=None` apply everywhere."""
        if code in self.indicators:
            return self.indicators[code].applies(level)
        if code in self.computed:
            return any(self.applies(operand, level) for operand in self.computed[code].num)
        return True

    def row_label(self, indicator: Indicator) -> str:
        table = self.tables[indicator.table]
        return f"{self.caps[indicator.cap]} / {self.lists[table.rows_list][indicator.row]}"

    def codes_matching(self, pattern: str) -> list[str]:
        """Stored codes matching a pattern where `*` stands for any rest of a code."""
        if pattern not in self._matches:
            regex = re.compile("^" + re.escape(pattern).replace(r"\*", ".*") + "$")
            self._matches[pattern] = [code for code in self.indicators if regex.match(code)]
        return self._matches[pattern]


class _Source:
    """A TOML file's text, to point a mistake at its line."""

    def __init__(self, path: Path):
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.lines = self.text.splitlines()

    def line_of(self, *needles: str) -> int:
        for needle in needles:
            quoted = f'"{needle}"'
            for number, line in enumerate(self.lines, start=1):
                if quoted in line:
                    return number
        return 1

    def fail(self, message: str, *needles: str) -> TemplateError:
        line = self.line_of(*needles) if needles else 1
        return TemplateError(f"Lỗi trong tệp mẫu {self.path.name}, dòng {line}: {message}")

    def parse(self) -> dict:
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)", str(exc))
            line = match.group(1) if match else "?"
            raise TemplateError(f"Lỗi trong tệp mẫu {self.path.name}, dòng {line}: sai cú pháp TOML ({exc}).") from None
        _check_nfc(data, self)
        return data


def _check_nfc(node, source: _Source) -> None:
    if isinstance(node, str):
        if not unicodedata.is_normalized("NFC", node):
            raise source.fail("văn bản chưa chuẩn hóa Unicode NFC (hãy lưu lại tệp ở dạng NFC).", node[:20])
    elif isinstance(node, dict):
        for key, value in node.items():
            _check_nfc(key, source)
            _check_nfc(value, source)
    elif isinstance(node, list):
        for item in node:
            _check_nfc(item, source)


def split_expr(expr: str) -> tuple[str, ...]:
    """Operands of a `+`-separated expression of codes."""
    return tuple(part.strip() for part in expr.split("+") if part.strip())


def _required(entry: dict, key: str, source: _Source, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise source.fail(f'thiếu khóa "{key}" (chuỗi) trong {where}.', where)
    return value


def _choice(entry: dict, key: str, allowed: tuple, source: _Source, where: str, default=None) -> str:
    value = entry.get(key, default)
    if value not in allowed:
        raise source.fail(
            f'giá trị "{key} = {value}" của {where} không hợp lệ; chỉ được dùng: {", ".join(allowed)}.',
            where,
        )
    return value


class _Builder:
    def __init__(self, version: str, folder: Path):
        self.version = version
        self.folder = folder
        self.indicators: dict[str, Indicator] = {}
        self.computed: dict[str, Computed] = {}
        self.rules: list[tuple[Rule, _Source]] = []
        self.tables: dict[str, Table] = {}
        self.sentences: list[tuple[str, str, _Source]] = []
        self.computed_sources: dict[str, _Source] = {}
        self.caps: dict[str, str] = {}
        self.lists: dict[str, dict[str, str]] = {}

    def add_indicator(self, indicator: Indicator, source: _Source) -> None:
        if indicator.code in self.indicators:
            raise source.fail(f'mã chỉ tiêu "{indicator.code}" bị khai báo hai lần.', indicator.code)
        self.indicators[indicator.code] = indicator

    def build(self) -> Template:
        main = _Source(self.folder / "template.toml")
        data = main.parse()
        if data.get("version") != self.version:
            raise main.fail(
                f"phiên bản trong tệp ({data.get('version')}) khác tên thư mục ({self.version}).", "version"
            )
        self.caps = dict(data.get("caps", {}))
        self.lists = {name: dict(items) for name, items in data.get("lists", {}).items()}
        sections = []
        for key in data.get("sections", []):
            path = self.folder / f"{key}.toml"
            if not path.exists():
                raise main.fail(f'không tìm thấy tệp phần "{key}.toml" được liệt kê trong sections.', key)
            sections.append(self.section(_Source(path), key))
        self.check_references()
        return Template(
            version=self.version,
            title=data.get("title", ""),
            sections=tuple(sections),
            caps=self.caps,
            lists=self.lists,
            indicators=self.indicators,
            computed=self.computed,
            rules=tuple(rule for rule, _ in self.rules),
            tables=self.tables,
        )

    def section(self, source: _Source, key: str) -> Section:
        data = source.parse()
        head = data.get("section")
        if not isinstance(head, dict):
            raise source.fail("thiếu bảng [section].")
        section_id = _required(head, "id", source, "[section]")
        if head.get("key", key) != key:
            raise source.fail(f'khóa phần "{head.get("key")}" phải trùng tên tệp "{key}".', "key")
        narrative = head.get("narrative", "")
        if narrative:
            self.add_indicator(
                Indicator(
                    code=narrative,
                    label=head.get("narrative_label") or f"Nhận xét, đánh giá: {head.get('title', '')}",
                    unit="",
                    type="text",
                    time="last",
                    units="none",
                    section=section_id,
                ),
                source,
            )
        groups = tuple(self.group(entry, section_id, source) for entry in data.get("group", []))
        tables = tuple(self.table(entry, section_id, source) for entry in data.get("table", []))
        for entry in data.get("computed", []):
            self.add_computed(entry, section_id, source)
        for entry in data.get("rule", []):
            self.rules.append((self.rule(entry, section_id, source), source))
        return Section(
            id=section_id,
            key=key,
            title=_required(head, "title", source, "[section]"),
            short_title=head.get("short_title") or head["title"],
            narrative=narrative,
            narrative_label=head.get("narrative_label", ""),
            groups=groups,
            tables=tables,
            file=source.path.name,
        )

    def levels(self, entry: dict, source: _Source, where: str) -> tuple[str, ...]:
        """The optional `levels = ["huyen", "tinh"]` of a group or an indicator, checked against [caps]."""
        value = entry.get("levels", [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise source.fail(f'"levels" của {where} phải là danh sách cấp, ví dụ levels = ["huyen", "tinh"].', where)
        for level in value:
            if level not in self.caps:
                raise source.fail(
                    f'cấp "{level}" trong levels của {where} không có trong [caps] của template.toml; '
                    f"chỉ được dùng: {', '.join(self.caps)}.",
                    level,
                    where,
                )
        return tuple(value)

    def group(self, entry: dict, section_id: str, source: _Source) -> Group:
        group_id = _required(entry, "id", source, "[[group]]")
        group_levels = self.levels(entry, source, group_id)
        codes = []
        for item in entry.get("indicator", []):
            code = _required(item, "code", source, f"nhóm {group_id}")
            where = code
            kind = _choice(item, "type", TYPES, source, where)
            self.add_indicator(
                Indicator(
                    code=code,
                    label=_required(item, "label", source, where),
                    unit=item.get("unit", ""),
                    type=kind,
                    time=_choice(item, "time", TIMES, source, where, "last" if kind == "text" else None),
                    units=_choice(item, "units", UNITS, source, where, "none" if kind == "text" else None),
                    section=section_id,
                    group=group_id,
                    help=item.get("help", ""),
                    indent=int(item.get("indent", 0)),
                    opening=item.get("opening", ""),
                    flow=split_expr(item.get("flow", "")),
                    levels=self.levels(item, source, where) or group_levels,
                ),
                source,
            )
            if kind != "text" and item.get("time") == "derived" and not (item.get("opening") and item.get("flow")):
                raise source.fail(
                    f'chỉ tiêu "{code}" có time = "derived" phải khai báo opening (số đầu kỳ) và flow (số phát sinh).',
                    code,
                )
            codes.append(code)
        sentence = entry.get("sentence", "")
        total_sentence = entry.get("total_sentence", "")
        for text in (sentence, total_sentence):
            if text:
                self.sentences.append((text, group_id, source))
        return Group(
            id=group_id,
            title=entry.get("title", ""),
            sentence=sentence,
            codes=tuple(codes),
            total_sentence=total_sentence,
            levels=group_levels,
        )

    def table(self, entry: dict, section_id: str, source: _Source) -> Table:
        table_id = _required(entry, "id", source, "[[table]]")
        rows_list = _required(entry, "rows", source, table_id)
        if rows_list not in self.lists:
            raise source.fail(f'bảng {table_id} dùng danh sách "{rows_list}" không có trong template.toml.', rows_list)
        caps = tuple(entry.get("caps", []))
        for cap in caps:
            if cap not in self.caps:
                raise source.fail(f'bảng {table_id}: cấp "{cap}" không có trong [caps].', cap)
        columns = tuple(
            Column(
                key=_required(col, "key", source, table_id),
                label=_required(col, "label", source, table_id),
                unit=col.get("unit", ""),
                type=_choice(col, "type", TYPES, source, table_id, "int"),
            )
            for col in entry.get("column", [])
        )
        table = Table(
            id=table_id,
            title=entry.get("title", ""),
            section=section_id,
            rows_list=rows_list,
            caps=caps,
            time=_choice(entry, "time", TIMES, source, table_id, "last"),
            units=_choice(entry, "units", UNITS, source, table_id, "sum"),
            columns=columns,
            sentence=entry.get("sentence", ""),
        )
        self.tables[table_id] = table
        for column in columns:
            for cap in caps:
                for row, row_label in self.lists[rows_list].items():
                    self.add_indicator(
                        Indicator(
                            code=table.cell_code(column.key, cap, row),
                            label=f"{column.label} ({self.caps[cap].lower()}, lĩnh vực {row_label})",
                            unit=column.unit,
                            type=column.type,
                            time=table.time,
                            units=table.units,
                            section=section_id,
                            group=table_id,
                            table=table_id,
                            cap=cap,
                            row=row,
                            column=column.key,
                        ),
                        source,
                    )
                self.computed[f"sum.{table_id}.{column.key}@{cap}"] = Computed(
                    code=f"sum.{table_id}.{column.key}@{cap}",
                    label=f"{column.label} — {self.caps[cap].lower()}",
                    kind="sum",
                    num=tuple(table.cell_code(column.key, cap, row) for row in self.lists[rows_list]),
                    den=(),
                    unit=column.unit,
                    section=section_id,
                )
            self.computed[f"sum.{table_id}.{column.key}"] = Computed(
                code=f"sum.{table_id}.{column.key}",
                label=f"{column.label} — tổng cộng",
                kind="sum",
                num=tuple(f"sum.{table_id}.{column.key}@{cap}" for cap in caps),
                den=(),
                unit=column.unit,
                section=section_id,
            )
        if table.sentence:
            self.sentences.append((table.sentence, table_id, source))
        return table

    def add_computed(self, entry: dict, section_id: str, source: _Source) -> None:
        code = _required(entry, "code", source, "[[computed]]")
        if not code.startswith(("rate.", "sum.")):
            raise source.fail(f'mã giá trị tính toán "{code}" phải bắt đầu bằng "rate." hoặc "sum.".', code)
        if code in self.computed:
            raise source.fail(f'mã "{code}" bị khai báo hai lần.', code)
        kind = _choice(entry, "kind", ("rate", "sum"), source, code)
        den = split_expr(entry.get("den", ""))
        if kind == "rate" and not den:
            raise source.fail(f'tỷ lệ "{code}" thiếu mẫu số (den).', code)
        self.computed_sources[code] = source
        self.computed[code] = Computed(
            code=code,
            label=_required(entry, "label", source, code),
            kind=kind,
            num=split_expr(_required(entry, "num", source, code)),
            den=den,
            unit=entry.get("unit", "%" if kind == "rate" else ""),
            section=section_id,
        )

    def rule(self, entry: dict, section_id: str, source: _Source) -> Rule:
        rule_id = _required(entry, "id", source, "[[rule]]")
        kind = _choice(entry, "kind", RULE_KINDS, source, rule_id, "compare")
        params = {key: entry[key] for key in ("factor", "history", "min_periods", "min_mean") if key in entry}
        return Rule(
            id=rule_id,
            importance=_choice(entry, "importance", IMPORTANCES, source, rule_id),
            kind=kind,
            message=_required(entry, "message", source, rule_id),
            section=section_id,
            left=split_expr(entry.get("left", "")),
            op=_choice(entry, "op", OPS, source, rule_id, "="),
            right=split_expr(entry.get("right", "")),
            empty_as_zero=bool(entry.get("empty_as_zero", False)),
            when_any=entry.get("when_any", ""),
            table=entry.get("table", ""),
            patterns=tuple(entry.get("codes", [])),
            params=params,
        )

    def known(self, code: str) -> bool:
        return code in self.indicators or code in self.computed

    def check_references(self) -> None:
        for indicator in self.indicators.values():
            for code in ((indicator.opening,) if indicator.opening else ()) + indicator.flow:
                if code not in self.indicators:
                    raise TemplateError(
                        f"Lỗi trong mẫu báo cáo {self.version}: chỉ tiêu "
                        f'"{indicator.code}" dùng mã không tồn tại "{code}".'
                    )
        for computed in self.computed.values():
            for code in computed.num + computed.den:
                if not self.known(code):
                    source = self.computed_sources.get(computed.code) or _Source(self.folder / "template.toml")
                    raise source.fail(
                        f'giá trị tính toán "{computed.code}" dùng mã không tồn tại "{code}".', computed.code
                    )
            if computed.kind == "sum" and not computed.unit:
                object.__setattr__(computed, "unit", self._unit(computed.num[0]))
        importance: dict[str, str] = {}
        for rule, source in self.rules:
            if importance.setdefault(rule.id, rule.importance) != rule.importance:
                raise source.fail(f'quy tắc "{rule.id}" khai báo hai mức độ khác nhau.', rule.id)
            if rule.kind in ("compare", "carry"):
                if not rule.left or not rule.right:
                    raise source.fail(f'quy tắc "{rule.id}" thiếu vế trái hoặc vế phải.', rule.id)
                for code in rule.left + rule.right:
                    if not self.known(code):
                        raise source.fail(f'quy tắc "{rule.id}" dùng mã không tồn tại "{code}".', rule.id)
            elif rule.kind == "per_row":
                table = self.tables.get(rule.table)
                if table is None:
                    raise source.fail(f'quy tắc "{rule.id}" dùng bảng không tồn tại "{rule.table}".', rule.id)
                keys = {column.key for column in table.columns}
                for key in rule.left + rule.right:
                    if key not in keys:
                        raise source.fail(f'quy tắc "{rule.id}": bảng {table.id} không có cột "{key}".', rule.id)
            elif rule.kind == "ytd":
                for pattern in rule.patterns:
                    if not any(
                        re.match("^" + re.escape(pattern).replace(r"\*", ".*") + "$", c) for c in self.indicators
                    ):
                        raise source.fail(f'quy tắc "{rule.id}": mẫu mã "{pattern}" không khớp chỉ tiêu nào.', rule.id)
        for sentence, owner, source in self.sentences:
            for code in PLACEHOLDER.findall(sentence):
                if code not in SPECIAL_PLACEHOLDERS and not self.known(code):
                    raise source.fail(f'câu mẫu của "{owner}" dùng mã không tồn tại "{code}".', owner)

    def _unit(self, code: str) -> str:
        if code in self.indicators:
            return self.indicators[code].unit
        return self.computed[code].unit if code in self.computed else ""


def available_versions() -> list[str]:
    """Template versions shipped with the program."""
    return sorted(p.parent.name for p in FORMS_DIR.glob("*/template.toml"))


@lru_cache(maxsize=8)
def load_template(version: str = DEFAULT_VERSION, folder: str | None = None) -> Template:
    """Load and validate a template version; a mistake raises TemplateError naming file and line."""
    base = Path(folder) if folder else FORMS_DIR / version
    if not (base / "template.toml").exists():
        raise TemplateError(
            f"Không tìm thấy mẫu báo cáo phiên bản {version} (thư mục {base}). "
            f"Các phiên bản có sẵn: {', '.join(available_versions()) or 'không có'}."
        )
    return _Builder(version, base).build()
