"""`cchc --version`: the program's version and the template versions (CLI.md), answered before the
argument parser is built, the log set up or a use case imported (issue 19: `--version` is how a clerk,
and the installer's check, see that the program starts). The versions come from the header of the
template cache (template_cache) when the templates did not change, else from the templates themselves."""

from __future__ import annotations

from cchc_desktop import __version__


def version_text() -> str:
    """The lines `cchc --version` prints (without the final line break)."""
    from cchc_desktop.app.infra import template_cache

    listed = template_cache.listed_versions()
    if listed is not None:
        rows = [(row[0], row[3], row[5]) for row in listed[0]]
    else:
        from cchc_desktop.app.infra.template_versions import list_versions

        rows = [(info.version, info.validity, info.origin_label) for info in list_versions()[0]]
    lines = [f"CCHC Desktop {__version__}"]
    lines += [f"Mẫu báo cáo {version}: {validity} ({origin})" for version, validity, origin in rows]
    return "\n".join(lines)
