"""The ``report`` Markdown extension: the report page on a site whose builder runs no MkDocs plugin (Zensical).

Zensical renders every page with Python-Markdown and the ``markdown_extensions`` of its config,
and runs no MkDocs plugin. A student lists this extension there::

    [project.markdown_extensions.report]
    path = "../reports/README.md"

and puts the report into the docs as a file symlink (``docs/report.md -> ../../reports/README.md``).
On the page whose source is the report, the extension checks the report (lines as in the file,
front matter included), logs one line per finding, embeds the report's images (Zensical removes
files an extension writes into the site) and decorates the page as the MkDocs plugin does
(:mod:`..output.page_extension`). On every other page it does nothing. Under MkDocs the plugin makes
the page and drops this entry, so one ``mkdocs.yml`` serves both builders.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from markdown import Markdown

from mkdocs_report_plugin.frontends.check_cache import checked_report, defused
from mkdocs_report_plugin.frontends.mkdocs.config import COURSE_FIGURES_URL
from mkdocs_report_plugin.frontends.mkdocs.site_files import Placement, SitePlan, apply_rewrites, plan_site_files
from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.output.assets import asset
from mkdocs_report_plugin.output.formats import log_line
from mkdocs_report_plugin.output.page_extension import DecorateReport, PageDecoration
from mkdocs_report_plugin.reading.repository import find_root, inside, relative_posix, remote_of

__all__ = ["ReportExtension", "StrictReportError", "makeExtension"]

log = logging.getLogger("mkdocs_report_plugin")


class StrictReportError(Exception):
    """``strict = true`` and the report has findings: the build stops, as ``mkdocs build --strict`` does."""


class ReportExtension(DecorateReport):
    """Check the report and decorate its page, on the page whose source file is the report."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "path": ["../reports/README.md", "The report, relative to the config file's folder"],
            "strict": [False, "Stop the build when the report has findings (not under `serve`)"],
            "annotate": [True, "Show the findings after each answer on the page"],
            "dashboard": [True, "Show the dashboard on top of the page"],
            "ignore": [[], "Rule ids to switch off"],
            "project_dir": ["", "The repository's top folder (default: the git work tree)"],
        }
        super().__init__()
        self.setConfigs(kwargs)

    def page_for(self, md: Markdown, lines: list[str]) -> tuple[PageDecoration | None, list[str]]:
        context = _rendering_context(md)
        if context is None:  # not Zensical (under MkDocs with the plugin, the plugin drops this extension)
            _warn_once_outside_zensical()
            return None, lines
        page, site = context
        root_dir = Path(os.path.abspath(str(site.get("root_dir") or ".")))
        report = Path(os.path.normpath(root_dir / str(self.getConfig("path"))))
        source = Path(str(site.get("docs_dir") or root_dir / "docs"), str(getattr(page, "path", "")))
        if not source.exists() or source.resolve() != report.resolve():
            return None, lines
        chosen = str(self.getConfig("project_dir") or "")
        project = Path(os.path.normpath(root_dir / chosen)) if chosen else find_root(root_dir) or root_dir
        result = checked_report(
            report,
            spec=None,
            constraints=None,
            display_path=relative_posix(report, project) if inside(report, project) else str(report),
            project_dir=project,
            ignore=list(self.getConfig("ignore") or []),
        )
        _log_findings(result)
        if self.getConfig("strict") and result.findings and not _serving():
            raise StrictReportError(
                f"report: strict = true stops the build on the {len(result.findings)} report line(s) logged above. "
                'Fix them, switch a rule off with ignore = ["rule-id"], or set strict = false.'
            )
        plan = _plan(result, report, project)
        decoration = PageDecoration(
            result,
            unresolved=plan.unresolved,
            annotate=bool(self.getConfig("annotate")),
            dashboard=bool(self.getConfig("dashboard")),
            embed_images=True,
            image_folder=report.parent,
            stylesheet=asset("report.css").read_text(encoding="utf-8"),
        )
        return decoration, _prepared(result, plan, lines)


def makeExtension(**kwargs: Any) -> ReportExtension:
    return ReportExtension(**kwargs)


ENTRY_NAMES = (
    "report",
    "mkdocs_report_plugin.frontends.extension",
    "mkdocs_report_plugin.frontends.extension:ReportExtension",
)
"""How a config can name this extension: the entry point, the module, the class."""


def drop_extension_entry(extensions: list[Any], configs: dict[str, Any]) -> None:
    """The MkDocs plugin makes the page itself: the entry a student wrote for Zensical in the same config goes."""
    for name in ENTRY_NAMES:
        if name in extensions:
            extensions.remove(name)
            configs.pop(name, None)


def first_line(text: str, markdown: str) -> int:
    """The report's line on which the page's markdown starts: MkDocs and Zensical strip the front matter first."""
    if markdown and text.endswith(markdown):
        return text[: len(text) - len(markdown)].count("\n") + 1
    return 1


def _prepared(result: Result, plan: SitePlan, lines: list[str]) -> list[str]:
    """The page's markdown with links pointed where a reader can follow them, and render hazards defused."""
    markdown = "\n".join(lines)
    start = first_line(result.text, markdown)
    if plan.rewrites:
        markdown = apply_rewrites(markdown, plan.rewrites, start)
    return defused(result.text, markdown, start).split("\n")


def _plan(result: Result, report: Path, project: Path) -> SitePlan:
    """Links out of the report's folder go to the file on GitHub (the origin remote), else are shown as text."""
    remote = remote_of(project)
    placement = Placement(
        project_dir=project,
        report_file=report,
        page_dir_uri="",
        publish_files=True,
        docs_dir=report.parent,
        file_url=remote.file_url if remote is not None else None,
        course_url=COURSE_FIGURES_URL,
    )
    return plan_site_files(result, placement)


def _rendering_context(md: Markdown) -> tuple[Any, dict[str, Any]] | None:
    """Zensical's page and config, from the preprocessor it registers for extensions to read."""
    if "rendering_context" not in md.preprocessors:
        return None
    context = md.preprocessors["rendering_context"]
    page, config = getattr(context, "page", None), getattr(context, "config", None)
    return (page, config) if page is not None and isinstance(config, dict) else None


_WARNED: list[bool] = []


def _warn_once_outside_zensical() -> None:
    if not _WARNED:
        _WARNED.append(True)
        log.warning(
            "report: the 'report' Markdown extension makes the report page under Zensical only, and does nothing "
            "here. Under MkDocs or ProperDocs add the plugin instead: plugins: [{report: {path: ../reports/README.md}}]."
        )


def _log_findings(result: Result) -> None:
    for finding in sorted(result.findings, key=lambda f: (f.line, f.question or 0)):
        log.warning(log_line(result.display_path, finding))
    if result.template is not None:
        log.info(f"{result.passed}/{result.total} questions pass in {result.display_path}")


def _serving() -> bool:
    """``zensical serve``: strict would end the preview on the first save."""
    return len(sys.argv) > 1 and sys.argv[1] == "serve"
