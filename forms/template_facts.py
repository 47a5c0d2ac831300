"""The facts of `template.toml` beyond its sections: validity, levels, renamed codes, report parts,
the report's own sentences and the annexes' layout (Biểu II.06a columns, PL3 rates)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from forms.model import AnnexFacts, ColumnGroup, DossierColumn, ReportFacts, ReviewRate, Template
from forms.toml_source import Source, required, text_table

VALID_FROM = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")  # fullmatch: no trailing newline
REPORT_WORDS = re.compile(r"\{([^{}]*)\}")


@dataclass
class HeadFacts:
    valid_from: str
    levels: dict[str, str]
    caps: dict[str, str]
    renamed: dict[str, str]
    parts: dict[str, str]
    report: ReportFacts
    annex: AnnexFacts
    lists: dict[str, dict[str, str]] = field(default_factory=dict)
    level_subjects: dict[str, str] = field(default_factory=dict)


def read_head(data: dict, source: Source) -> HeadFacts:
    """Everything of template.toml but its sections, checked on its own."""
    valid_from = data.get("valid_from")
    if not isinstance(valid_from, str) or not VALID_FROM.fullmatch(valid_from):
        raise source.fail(
            f'"valid_from" phải là tháng bắt đầu áp dụng dạng "2023-01" (đang là {valid_from!r}).', "valid_from"
        )
    caps = text_table(data, "caps", source)
    levels = text_table(data, "levels", source) or {key: label.lower() for key, label in caps.items()}
    for cap in caps:
        if cap not in levels:
            raise source.fail(f'cấp "{cap}" của [caps] không có trong [levels].', cap)
    report = data.get("report", {})
    facts = ReportFacts(
        subject=report.get("subject", ""),
        closing=report.get("closing", ""),
        all_units=report.get("all_units", ReportFacts.all_units),
    )
    for name in REPORT_WORDS.findall(facts.closing):
        if name not in ("period", "unit_name", "unit_short"):
            raise source.fail(f'câu kết của báo cáo dùng "{{{name}}}" không hợp lệ.', name)
    subjects = text_table(data, "level_subjects", source)
    for level in subjects:
        if level not in levels:
            raise source.fail(f'cấp "{level}" của [level_subjects] không có trong [levels].', level)
    return HeadFacts(
        valid_from=valid_from,
        levels=levels,
        caps=caps,
        renamed=text_table(data, "renamed", source),
        parts=text_table(data, "parts", source),
        report=facts,
        level_subjects=subjects,
        annex=_annex(data.get("annex", {}), source),
        lists={name: dict(items) for name, items in data.get("lists", {}).items()},
    )


def _annex(data: dict, source: Source) -> AnnexFacts:
    dossier = data.get("dossier", {})
    review = data.get("review", {})
    columns = []
    for entry in dossier.get("column", []):
        columns.append(
            DossierColumn(
                code=required(entry, "code", source, "[[annex.dossier.column]]"),
                number=required(entry, "number", source, "[[annex.dossier.column]]"),
            )
        )
    groups = []
    for entry in dossier.get("group", []):
        title = required(entry, "title", source, "[[annex.dossier.group]]")
        first, last = entry.get("first"), entry.get("last")
        if not isinstance(first, int) or not isinstance(last, int) or first > last:
            raise source.fail(f'nhóm cột "{title}": first và last phải là số cột, first ≤ last.', title)
        groups.append(ColumnGroup(first, last, title))
    rates = []
    for entry in review.get("rate", []):
        label = required(entry, "label", source, "[[annex.review.rate]]")
        parts = entry.get("parts", [])
        if not isinstance(parts, list) or not parts or not all(isinstance(p, str) for p in parts):
            raise source.fail(f'tỷ lệ "{label}": parts phải là danh sách khóa cột.', label)
        rates.append(ReviewRate(label, tuple(parts), required(entry, "total", source, label)))
    return AnnexFacts(
        dossier_title=dossier.get("title", ""),
        dossier_form=dossier.get("form", ""),
        dossier_columns=tuple(columns),
        dossier_groups=tuple(groups),
        review_table=review.get("table", ""),
        review_title=review.get("title", ""),
        review_rates=tuple(rates),
    )


def check_head(template: Template, source: Source) -> None:
    """References of template.toml's facts to the template's codes, tables and parts."""
    for old, new in template.renamed.items():
        if not template.knows(new):
            raise source.fail(f'[renamed]: mã mới "{new}" (thay cho "{old}") không có trong mẫu này.', new, old)
        if template.knows(old):
            raise source.fail(f'[renamed]: mã cũ "{old}" vẫn còn trong mẫu này; mã không được dùng lại.', old)
    for column in template.annex.dossier_columns:
        if column.code not in template.indicators:
            raise source.fail(f'cột Biểu II.06a dùng mã không tồn tại "{column.code}".', column.code)
    review = template.annex.review_table
    if review:
        table = template.tables.get(review)
        if table is None:
            raise source.fail(f'[annex.review]: bảng "{review}" không có trong mẫu.', review)
        keys = {column.key for column in table.columns}
        for rate in template.annex.review_rates:
            for key in (*rate.parts, rate.total):
                if key not in keys:
                    raise source.fail(f'tỷ lệ "{rate.label}": bảng {review} không có cột "{key}".', rate.label)
    for section in template.sections:
        part, number = template.part_and_number(section)
        if number and part not in template.parts:
            raise source.fail(f'phần "{part}" của mục {section.id} chưa có tiêu đề trong [parts].', section.key)
