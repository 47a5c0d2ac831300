"""Loading a template version: its TOML files checked and turned into a Template."""

from __future__ import annotations

import re
from decimal import Decimal

from forms import codes, patterns
from forms.errors import TemplateError
from forms.model import (
    IMPORTANCES,
    MISSING,
    OPS,
    RULE_KINDS,
    TIMES,
    TYPES,
    UNITS,
    Column,
    Computed,
    Group,
    Indicator,
    Rule,
    Section,
    Table,
    Template,
)
from forms.template_facts import check_head, read_head
from forms.template_schema import SECTION as SECTION_KINDS
from forms.template_schema import check_kinds, is_version, section_keys
from forms.toml_source import Folder, Source, choice, required, split_expr

PLACEHOLDER = re.compile(r"\{([^{}:]+)(?::n)?\}")
SPECIAL_PLACEHOLDERS = set(codes.WORDS)


class _Builder:
    def __init__(self, folder: Folder, version: str | None, label: str):
        self.version = version or ""
        self.expected = version
        self.folder = folder
        self.label = label
        self.indicators: dict[str, Indicator] = {}
        self.computed: dict[str, Computed] = {}
        self.rules: list[tuple[Rule, Source]] = []
        self.tables: dict[str, Table] = {}
        self.sentences: list[tuple[str, str, Source]] = []
        self.computed_sources: dict[str, Source] = {}
        self.caps: dict[str, str] = {}
        self.lists: dict[str, dict[str, str]] = {}
        self.levels: dict[str, str] = {}

    def add_indicator(self, indicator: Indicator, source: Source) -> None:
        if indicator.code in self.indicators:
            raise source.fail(f'mã chỉ tiêu "{indicator.code}" bị khai báo hai lần.', indicator.code)
        self.indicators[indicator.code] = indicator

    def build(self) -> Template:
        main = self.source("template.toml")
        data = main.parse()
        keys = section_keys(data, main)
        version = data.get("version")
        if not is_version(version):
            raise main.fail(f'"version" phải là tên phiên bản dạng "2024.1" (đang là {version!r}).', "version")
        if self.expected is not None and version != self.expected:
            raise main.fail(f"phiên bản trong tệp ({version}) khác tên thư mục ({self.expected}).", "version")
        self.version = version
        head = read_head(data, main)
        self.caps, self.levels, self.lists = head.caps, head.levels, head.lists
        sections = []
        for key in keys:
            path = self.folder / f"{key}.toml"
            if not path.is_file():
                raise main.fail(f'không tìm thấy tệp phần "{key}.toml" được liệt kê trong sections.', key)
            sections.append(self.section(self.source(f"{key}.toml"), key))
        self.check_references()
        template = Template(
            version=self.version,
            title=data.get("title", ""),
            sections=tuple(sections),
            caps=self.caps,
            lists=self.lists,
            indicators=self.indicators,
            computed=self.computed,
            rules=tuple(rule for rule, _ in self.rules),
            tables=self.tables,
            valid_from=head.valid_from,
            renamed=head.renamed,
            levels=head.levels,
            parts=head.parts,
            report=head.report,
            annex=head.annex,
            level_subjects=head.level_subjects,
        )
        check_head(template, main)
        return template

    def source(self, name: str) -> Source:
        return Source(self.folder / name, f"{self.label}/{name}" if self.label else name)

    def section(self, source: Source, key: str) -> Section:
        data = source.parse()
        check_kinds(data, SECTION_KINDS, source)
        head = data.get("section")
        if not isinstance(head, dict):
            raise source.fail("thiếu bảng [section].")
        section_id = required(head, "id", source, "[section]")
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
            title=required(head, "title", source, "[section]"),
            short_title=head.get("short_title") or head["title"],
            narrative=narrative,
            narrative_label=head.get("narrative_label", ""),
            groups=groups,
            tables=tables,
            file=source.path.name,
        )

    def levels_of(self, entry: dict, source: Source, where: str) -> tuple[str, ...]:
        """The optional `levels = ["huyen", "tinh"]` of a group or an indicator, checked against [caps]."""
        value = entry.get("levels", [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise source.fail(f'"levels" của {where} phải là danh sách cấp, ví dụ levels = ["huyen", "tinh"].', where)
        for level in value:
            if level not in self.levels:
                raise source.fail(
                    f'cấp "{level}" trong levels của {where} không có trong [levels] của template.toml; '
                    f"chỉ được dùng: {', '.join(self.levels)}.",
                    level,
                    where,
                )
        return tuple(value)

    def group(self, entry: dict, section_id: str, source: Source) -> Group:
        group_id = required(entry, "id", source, "[[group]]")
        group_levels = self.levels_of(entry, source, group_id)
        codes = []
        for item in entry.get("indicator", []):
            code = required(item, "code", source, f"nhóm {group_id}")
            where = code
            kind = choice(item, "type", TYPES, source, where)
            self.add_indicator(
                Indicator(
                    code=code,
                    label=required(item, "label", source, where),
                    unit=item.get("unit", ""),
                    type=kind,
                    time=choice(item, "time", TIMES, source, where, "last" if kind == "text" else None),
                    units=choice(item, "units", UNITS, source, where, "none" if kind == "text" else None),
                    section=section_id,
                    group=group_id,
                    help=item.get("help", ""),
                    indent=int(item.get("indent", 0)),
                    opening=item.get("opening", ""),
                    flow=split_expr(item.get("flow", "")),
                    levels=self.levels_of(item, source, where) or group_levels,
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
            by_level=bool(entry.get("by_level", False)),
        )

    def table(self, entry: dict, section_id: str, source: Source) -> Table:
        table_id = required(entry, "id", source, "[[table]]")
        rows_list = required(entry, "rows", source, table_id)
        if rows_list not in self.lists:
            raise source.fail(f'bảng {table_id} dùng danh sách "{rows_list}" không có trong template.toml.', rows_list)
        caps = tuple(entry.get("caps", []))
        for cap in caps:
            if cap not in self.caps:
                raise source.fail(f'bảng {table_id}: cấp "{cap}" không có trong [caps].', cap)
        columns = tuple(
            Column(
                key=required(col, "key", source, table_id),
                label=required(col, "label", source, table_id),
                unit=col.get("unit", ""),
                type=choice(col, "type", TYPES, source, table_id, "int"),
            )
            for col in entry.get("column", [])
        )
        table = Table(
            id=table_id,
            title=entry.get("title", ""),
            section=section_id,
            rows_list=rows_list,
            caps=caps,
            time=choice(entry, "time", TIMES, source, table_id, "last"),
            units=choice(entry, "units", UNITS, source, table_id, "sum"),
            columns=columns,
            sentence=entry.get("sentence", ""),
            cap_sentence=entry.get("cap_sentence", ""),
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
                self.computed[table.sum_code(column.key, cap)] = Computed(
                    code=table.sum_code(column.key, cap),
                    label=f"{column.label} — {self.caps[cap].lower()}",
                    kind="sum",
                    num=tuple(table.cell_code(column.key, cap, row) for row in self.lists[rows_list]),
                    den=(),
                    unit=column.unit,
                    section=section_id,
                    table=table_id,
                    column=column.key,
                    cap=cap,
                )
            self.computed[table.sum_code(column.key)] = Computed(
                code=table.sum_code(column.key),
                label=f"{column.label} — tổng cộng",
                kind="sum",
                num=tuple(table.sum_code(column.key, cap) for cap in caps),
                den=(),
                unit=column.unit,
                section=section_id,
                table=table_id,
                column=column.key,
            )
        for text in (table.sentence, table.cap_sentence):
            if text:
                self.sentences.append((text, table_id, source))
        return table

    def add_computed(self, entry: dict, section_id: str, source: Source) -> None:
        code = required(entry, "code", source, "[[computed]]")
        if not codes.is_computed(code):
            raise source.fail(f'mã giá trị tính toán "{code}" phải bắt đầu bằng "rate." hoặc "sum.".', code)
        if code in self.computed:
            raise source.fail(f'mã "{code}" bị khai báo hai lần.', code)
        kind = choice(entry, "kind", ("rate", "sum"), source, code)
        den = split_expr(entry.get("den", ""))
        if kind == "rate" and not den:
            raise source.fail(f'tỷ lệ "{code}" thiếu mẫu số (den).', code)
        self.computed_sources[code] = source
        self.computed[code] = Computed(
            code=code,
            label=required(entry, "label", source, code),
            kind=kind,
            num=split_expr(required(entry, "num", source, code)),
            den=den,
            unit=entry.get("unit", "%" if kind == "rate" else ""),
            section=section_id,
            share=_flag(entry, "share", True, source, code),
        )

    def rule(self, entry: dict, section_id: str, source: Source) -> Rule:
        rule_id = required(entry, "id", source, "[[rule]]")
        kind = choice(entry, "kind", RULE_KINDS, source, rule_id, "compare")
        params = {key: entry[key] for key in ("factor", "history", "min_periods", "min_mean") if key in entry}
        # `empty_as_zero` (templates before 2026) is read as the default: an unknown figure is never 0.
        missing = choice(entry, "missing", MISSING, source, rule_id, "parts")
        tolerance = entry.get("tolerance", 0)
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
            raise source.fail(f'quy tắc "{rule_id}": "tolerance" phải là một số không âm.', rule_id)
        optional = split_expr(entry.get("optional", ""))
        return Rule(
            id=rule_id,
            importance=choice(entry, "importance", IMPORTANCES, source, rule_id),
            kind=kind,
            message=required(entry, "message", source, rule_id),
            section=section_id,
            left=split_expr(entry.get("left", "")),
            op=choice(entry, "op", OPS, source, rule_id, "="),
            right=split_expr(entry.get("right", "")),
            missing=missing,
            derive=_flag(entry, "derive", False, source, rule_id),
            optional=optional,
            tolerance=Decimal(str(tolerance)),
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
                    source = self.computed_sources.get(computed.code) or self.source("template.toml")
                    raise source.fail(
                        f'giá trị tính toán "{computed.code}" dùng mã không tồn tại "{code}".', computed.code
                    )
            if computed.kind == "sum" and not computed.unit:
                object.__setattr__(computed, "unit", self._unit(computed.num[0]))
        importance: dict[str, str] = {}
        for rule, source in self.rules:
            if importance.setdefault(rule.id, rule.importance) != rule.importance:
                raise source.fail(f'quy tắc "{rule.id}" khai báo hai mức độ khác nhau.', rule.id)
            if rule.derive and (rule.kind not in ("compare", "per_row") or rule.op != "="):
                raise source.fail(
                    f'quy tắc "{rule.id}": chỉ đẳng thức (op = "=") mới suy ra được số (derive).', rule.id
                )
            for code in rule.optional:
                if code not in rule.left + rule.right:
                    raise source.fail(
                        f'quy tắc "{rule.id}": "optional" nêu mã "{code}" không có trong quy tắc.', rule.id
                    )
            if rule.kind in ("compare", "carry"):
                if not rule.left or not rule.right:
                    raise source.fail(f'quy tắc "{rule.id}" thiếu vế trái hoặc vế phải.', rule.id)
                for code in rule.left + rule.right:
                    if not self.known(code):
                        raise source.fail(f'quy tắc "{rule.id}" dùng mã không tồn tại "{code}".', rule.id)
                    if rule.derive and code not in self.indicators:
                        raise source.fail(
                            f'quy tắc "{rule.id}": đẳng thức suy ra số (derive) chỉ dùng chỉ tiêu nhập, '
                            f'không dùng "{code}".',
                            rule.id,
                        )
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
            try:
                patterns.parse(sentence)
            except patterns.PatternError as exc:
                raise source.fail(f'câu mẫu của "{owner}": {exc}.', owner) from None
            for code in PLACEHOLDER.findall(sentence):
                if codes.word_of(code) is None and not self.known(code):
                    raise source.fail(f'câu mẫu của "{owner}" dùng mã không tồn tại "{code}".', owner)

    def _unit(self, code: str) -> str:
        if code in self.indicators:
            return self.indicators[code].unit
        return self.computed[code].unit if code in self.computed else ""


def _flag(entry: dict, key: str, default: bool, source: Source, owner: str) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise source.fail(f'"{owner}": "{key}" phải là true hoặc false.', owner)
    return value


def build_template(folder: Folder, version: str | None = None, label: str = "") -> Template:
    """Read and check the template in `folder` (a Path or a Traversable holding template.toml).

    version: the version the folder must hold (its name), or None to take the file's (a pack).
    label: how files are named in messages (`2024.1/tthc.toml`); a mistake raises TemplateError
    naming the file and line."""
    if not (folder / "template.toml").is_file():
        raise TemplateError(f"Không tìm thấy tệp template.toml trong {label or folder}.")
    return _Builder(folder, version, label).build()
