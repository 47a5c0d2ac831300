"""The report's own header and closing, per report period: number, date, trích yếu, preamble, who signs and
Nơi nhận (CLI.md `report set` / `report show`; the window's Báo cáo → Thông tin văn bản…).

What is left empty prints as a blank for the Văn thư ("Số:      /BC-UBND", "ngày …… tháng …… năm ……"); the
signer and Nơi nhận left empty fall back to the unit's settings. Stored as settings `report.<period>.<key>`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from cchc_desktop.app.usecases.context import Context, as_period
from cchc_desktop.app.usecases.maintenance import Settings
from cchc_desktop.app.usecases.report_fields import BY_KEY, FIELDS, STORED, HeaderField, clean_recipients, setting_key
from forms.errors import UserError
from forms.periods import Period

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"^[0-9A-Za-zĐđ.\-]{1,12}$")
MAX_RECIPIENTS = 40


class ReportHeader:
    """Reads and sets a report period's header fields (see the module's docstring)."""

    def __init__(self, ctx: Context, settings: Settings):
        self.ctx = ctx
        self.settings = settings

    def report_period(self, period: Period | str) -> Period:
        parsed = as_period(period)
        self.ctx.require_report_period(parsed, "Thông tin văn bản", "đặt thông tin văn bản cho")
        return parsed

    def show(self, period: Period | str) -> dict[str, str]:
        """Each field as the clerk would type it again ("" when unset)."""
        report = self.report_period(period)
        stored = self.settings.starting(setting_key(report, ""))

        def get(name: str) -> str:
            return stored.get(setting_key(report, name), "")

        result = {}
        for key, names in STORED.items():
            if key == "ngay":
                parts = [get(name) for name in names]
                result[key] = "/".join(part or BLANK_PART for part in parts) if any(parts) else ""
            else:
                result[key] = get(names[0])
        return result

    def set(self, period: Period | str, typed: dict[str, str]) -> dict[str, str]:
        """Store the fields typed ({key: text}, "" clears): every one checked first, then all stored in one
        transaction; a bad one is refused with the reason and nothing is stored. Returns what is now set."""
        report = self.report_period(period)
        unknown = [key for key in typed if key not in BY_KEY]
        if unknown:
            names = ", ".join(field.key for field in FIELDS)
            raise UserError(f"Không có mục “{unknown[0]}” trong thông tin văn bản; các mục: {names}.")
        values: dict[str, str] = {}
        problems = []
        for key, text in typed.items():
            try:
                values.update(_stored(report, BY_KEY[key], text))
            except ValueError as exc:
                problems.append(f"{BY_KEY[key].label}: {exc}")
        if len(problems) == 1:
            raise UserError(f"Chưa lưu gì — {problems[0]}")
        if problems:
            raise UserError(f"Chưa lưu gì — {len(problems)} mục chưa đúng:", problems)
        self.settings.put_many(values)
        return self.show(report)


def _stored(report: Period, field: HeaderField, text: str) -> dict[str, str]:
    """The settings a typed field becomes; ValueError (in Vietnamese) when it cannot be one."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL.search(text):
        raise ValueError("có ký tự điều khiển không in được.")
    if "\n" in text and not field.lines:
        raise ValueError("chỉ được một dòng.")
    if len(text) > field.limit:
        raise ValueError(f"dài quá {field.limit} ký tự.")
    names = STORED[field.key]
    if field.key == "so":
        number = re.sub(r"\s*/\s*BC.*$", "", text, flags=re.IGNORECASE).removeprefix("Số:").strip()
        if text and not _NUMBER.match(number):
            raise ValueError(f"“{text}” không phải số văn bản (ví dụ: 31).")
        return {setting_key(report, names[0]): number}
    if field.key == "ngay":
        if not text:
            return {setting_key(report, name): "" for name in names}
        return {setting_key(report, name): part for name, part in zip(names, _date(text), strict=True)}
    if field.key == "noi_nhan":
        items = clean_recipients(text.replace(";", "\n"))  # one a line, or a `;` between them
        if len(items) > MAX_RECIPIENTS:
            raise ValueError(f"nhiều quá {MAX_RECIPIENTS} nơi nhận.")
        return {setting_key(report, names[0]): "\n".join(items)}
    if field.key == "can_cu":
        text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    return {setting_key(report, names[0]): text}


BLANK_PART = "…"


def _date(text: str) -> tuple[str, str, str]:
    """(day, month, year) of a typed date, "" for a part left for the Văn thư (`…/9/2023`): the parts given are
    numbers in bounds, a whole date a real one."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    parts = [iso[3], iso[2], iso[1]] if iso else [part.strip() for part in re.split(r"[/.-]", text)]
    if len(parts) != 3:
        raise ValueError(f"“{text}” không phải ngày (gõ ngày/tháng/năm, ví dụ 07/3/2025; phần chưa có gõ …).")
    parts = ["" if set(part) <= set(".…") else part for part in parts]
    if not all(part.isascii() and part.isdigit() for part in parts if part):
        raise ValueError(f"“{text}” không phải ngày (gõ ngày/tháng/năm, ví dụ 07/3/2025).")
    day, month, year = parts
    if not year or (day and not month):
        raise ValueError(f"“{text}”: cần có năm, và có tháng khi đã có ngày.")
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"“{text}” không phải ngày có thật.") from None
    if not 1900 <= int(year) <= 9999:
        raise ValueError(f"năm {year} không hợp lệ.")
    return (str(int(day)) if day else "", str(int(month)) if month else "", str(int(year)))
