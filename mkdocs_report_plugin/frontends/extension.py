"""The ``report`` Markdown extension: the report page on a site whose builder runs no MkDocs plugin (Zensical).

Zensical renders every page with Python-Markdown and the ``markdown_extensions`` of its config,
and runs no MkDocs plugin. A student lists this extension there::

    [project.markdown_extensions.report]
    path = "../reports/README.md"

and puts the report into the docs as a file symlink (``docs/report.md -> ../../reports/README.md``).
An adapter: the options are the report page's (the plugin's, read and refused the same way), and on the
page whose source is the report the flow is :class:`~mkdocs_report_plugin.output.site_page.ReportSite`'s,
as under MkDocs: the check, the log lines (lines as in the file, front matter included), ``strict``, the
page decorated. Only what Zensical allows differs: images are embedded and the stylesheet inlined (an
extension cannot add a file to the site), and ``strict`` stops the build from the report page (Zensical
has no end-of-build hook). On every other page it does nothing; under MkDocs the plugin makes the page and
drops this entry, so one ``mkdocs.yml`` serves both builders.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from markdown import Markdown

from mkdocs_report_plugin.output.assets import asset
from mkdocs_report_plugin.output.page_extension import DecorateReport, PageDecoration, StopBuild
from mkdocs_report_plugin.output.site_options import SITE_OPTIONS, OptionError, OptionPlace, read_settings
from mkdocs_report_plugin.output.site_page import ReportSite, Spelling

__all__ = ["ReportExtension", "StopBuild", "makeExtension"]

log = logging.getLogger("mkdocs_report_plugin")

ZENSICAL_DEFAULTS = {"path": "../reports/README.md", "annotate": "always"}
"""Where the extension's defaults differ from the plugin's: it needs a ``path`` (it does not look for the template
among the pages), and it showed the findings under the answers on every build from its first version."""

_SPELLING = Spelling(
    "the extension's", "strict = true", "strict = false", 'severity = { rule-id = "info" }', 'ignore = ["rule-id"]'
)


class ReportExtension(DecorateReport):
    """Check the report and decorate its page, on the page whose source file is the report."""

    def __init__(self, **written: Any) -> None:
        super().__init__(on_error=self._failed)
        self.config = {option.name: [ZENSICAL_DEFAULTS.get(option.name, option.default), option.help]
                       for option in SITE_OPTIONS}  # fmt: skip # what Python-Markdown lists of an extension
        self._written = {**ZENSICAL_DEFAULTS, **written}
        self._site: ReportSite | None = None

    def page_for(self, md: Markdown, lines: list[str]) -> tuple[PageDecoration | None, list[str]]:
        context = _rendering_context(md)
        if context is None:  # not Zensical (under MkDocs with the plugin, the plugin drops this extension)
            _warn_once_outside_zensical()
            return None, lines
        page, site_config = context
        root_dir = Path(os.path.abspath(str(site_config.get("root_dir") or ".")))
        report = Path(os.path.normpath(root_dir / str(self._written.get("path") or "")))
        source = root_dir / str(site_config.get("docs_dir") or "docs") / str(getattr(page, "path", ""))
        if not source.exists() or source.resolve() != report.resolve():
            return None, lines
        site = self._site = self._report_site(root_dir)
        report_file = site.report_file()
        if report_file is None:
            return None, lines
        placement = site.placement(report_file, page_dir_uri="", publish_files=True, docs_dir=report_file.parent,
                                   repo_url=site_config.get("repo_url"))  # fmt: skip
        checked = site.check_file(report_file, placement)
        stop = site.strict_failure()
        if stop is not None:
            raise StopBuild(stop)
        if checked is None:
            return None, lines
        stylesheet = asset("report.css").read_text(encoding="utf-8")
        decoration = site.decoration(checked, embed_images=True, image_folder=report_file.parent, stylesheet=stylesheet)
        return decoration, site.prepared(checked, "\n".join(lines)).split("\n")

    def _report_site(self, root_dir: Path) -> ReportSite:
        """The options read from the config's folder (an error names the option and stops the build, as a
        configuration error stops MkDocs), for this rendering of the report page."""
        try:
            settings = read_settings(self._written, OptionPlace(root_dir, "the Zensical config"))
        except OptionError as error:
            raise StopBuild(f"report: {error}") from None
        _show_info_lines()
        return ReportSite(settings, log, _SPELLING, serving=_serving())

    def _failed(self, what: str, error: Exception) -> None:
        """A bug of ours: one warning (counted by ``strict`` where it is still to be judged), the page written."""
        if self._site is None:
            raise error
        self._site.log.failed(what, error)


def makeExtension(**kwargs: Any) -> ReportExtension:
    return ReportExtension(**kwargs)


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


def _show_info_lines() -> None:
    """Zensical sets up no logging, so Python shows only warnings, without their level: the report's lines, INFO
    ones too (the score, the spec, rules set to info), are shown as MkDocs shows them, the level named once, unless
    someone already handles this logger's lines."""
    if not log.hasHandlers():
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  report: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def _serving() -> bool:
    """``zensical serve``: strict would end the preview on the first save, and ``annotate: serve`` shows the findings.

    Zensical tells Python nothing of its command: its ``serve`` hands the options to its Rust runtime, which renders
    pages on threads of its own (where click's context of the command is not visible), and the config it gives an
    extension is the same for both commands. The command line is the one witness, read when a page is rendered."""
    return len(sys.argv) > 1 and sys.argv[1] == "serve"
