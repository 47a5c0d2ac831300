"""Trợ giúp → Giới thiệu…: the program's version, the template versions installed, where the data lives.

The facts are gathered without a display (`about_facts`); the presenter turns them into the lines
the dialog shows and the text "Chép thông tin" puts on the clipboard (for whoever gives support)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cchc_desktop import APP_NAME, __version__
from cchc_desktop.app.infra import paths
from cchc_desktop.app.usecases.templates import VersionInfo, list_versions

TITLE = "Giới thiệu CCHC Desktop"
MENU_LABEL = "Giới thiệu…"


@dataclass(frozen=True)
class AboutFacts:
    version: str
    templates: list[VersionInfo]
    template_problems: list[str]
    database: str  # a file path, or a server address whose text hides the password
    server: bool
    backups: str
    log: str
    data_folder: str


def about_facts(target, backups: Path | None) -> AboutFacts:
    """What the dialog tells about the open database `target` and its backups folder."""
    templates, problems = list_versions()
    return AboutFacts(
        version=__version__,
        templates=templates,
        template_problems=list(problems),
        database=str(target),
        server=paths.is_server(target),
        backups=str(backups) if backups is not None else "không sao lưu tự động",
        log=str(paths.log_path()),
        data_folder=str(paths.data_dir()),
    )


class AboutView(Protocol):
    def present(self, title: str, heading: str, sections: list[tuple[str, list[tuple[str, str]]]]) -> None: ...
    def put_on_clipboard(self, text: str) -> None: ...
    def say(self, text: str) -> None: ...


class AboutPresenter:
    def __init__(self, view: AboutView, facts: AboutFacts):
        self.view = view
        self.facts = facts

    def heading(self) -> str:
        return f"{APP_NAME} — phiên bản {self.facts.version}"

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        facts = self.facts
        templates = [(f"Phiên bản {t.version}", f"{t.validity} ({t.origin_label})") for t in facts.templates]
        templates += [("Không đọc được", problem) for problem in facts.template_problems]
        where = [
            ("Cơ sở dữ liệu trên máy chủ" if facts.server else "Tệp cơ sở dữ liệu", facts.database),
            ("Thư mục sao lưu", facts.backups),
            ("Nhật ký", facts.log),
            ("Thư mục dữ liệu", facts.data_folder),
        ]
        return [("Mẫu báo cáo đã cài", templates or [("", "chưa có mẫu nào")]), ("Nơi lưu dữ liệu", where)]

    def text(self) -> str:
        lines = [self.heading()]
        for title, rows in self.sections():
            lines.append("")
            lines.append(f"{title}:")
            lines += [f"- {label}: {value}" if label else f"- {value}" for label, value in rows]
        return "\n".join(lines)

    def show(self) -> None:
        self.view.present(TITLE, self.heading(), self.sections())

    def copy(self) -> None:
        self.view.put_on_clipboard(self.text())
        self.view.say("Đã chép thông tin — dán vào thư gửi người hỗ trợ.")


def workspace_facts(workspace) -> AboutFacts:
    """The facts of the database the window has open (its backups folder as the opening chose it)."""
    from db.connection import opened

    return about_facts(workspace.path, opened().backups)
