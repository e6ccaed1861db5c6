"""The ``report`` MkDocs plugin: check the exam report while the site builds, publish it as a page.

An adapter: the report page's flow is :class:`~mkdocs_report_plugin.output.site_page.ReportSite`'s (the same
under Zensical); this module says where MkDocs keeps things and does what only MkDocs can, adding files to
the site (:mod:`.files`) and stopping the build with a ``PluginError``. Hooks come in the order MkDocs
calls them; each is wrapped so that a bug in this plugin costs one warning, never the site.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from mkdocs.config.base import LegacyConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from mkdocs_report_plugin.frontends.mkdocs.config import CONFIG_SCHEME, drop_extension_entry, option_place
from mkdocs_report_plugin.frontends.mkdocs.files import HANDIN_URI, publish_handin_page, publish_rules_page
from mkdocs_report_plugin.frontends.mkdocs.nav import add_to_nav
from mkdocs_report_plugin.frontends.mkdocs.reload import reload_warning
from mkdocs_report_plugin.output.assets import asset
from mkdocs_report_plugin.output.check_cache import converted_handin, hazards_of
from mkdocs_report_plugin.output.formats import strict_mode_line
from mkdocs_report_plugin.output.page_extension import DecorateReport, StopBuild
from mkdocs_report_plugin.output.site_options import SiteSettings
from mkdocs_report_plugin.output.site_page import ReportPage, ReportSite, Spelling
from mkdocs_report_plugin.output.site_plan import Placement, SitePlan
from mkdocs_report_plugin.reading.handin import NestedTooDeep, header_offset
from mkdocs_report_plugin.reading.repository import inside

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger("report")
"""Messages read ``report: reports/README.md:42: ...``: the name users write under ``plugins:``."""

REPORT_PAGE_URI = "report/index.md"
STYLESHEET_URI = "assets/mkdocs-report/report.css"
_STYLESHEET = asset("report.css")

T = TypeVar("T")

_SPELLING = Spelling("the plugin's", "strict: true", "strict: false", "severity: {rule-id: info}", "ignore: [rule-id]")

_MKDOCS_DEFAULT_EDIT_URIS = frozenset({"edit/master/docs/", "src/default/docs/"})
"""What MkDocs fills in for ``edit_uri`` when ``repo_url`` is set: no branch anyone chose."""


class ReportPlugin(BasePlugin[LegacyConfig]):  # the options are a table (config_scheme), read as one SiteSettings
    """Checks the exam report at build time and publishes it as a decorated page."""

    config_scheme = CONFIG_SCHEME
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._command: Literal["build", "gh-deploy", "serve"] = "build"
        self._site: ReportSite | None = None
        self._report_file: Path | None = None
        self._pages: dict[str, ReportPage] = {}
        self._files = Files([])
        self._extension = DecorateReport(on_error=self._decoration_failed)
        self._rendering_uri = REPORT_PAGE_URI  # the page Python-Markdown is rendering, for a bug's warning

    # --- MkDocs hooks, in the order MkDocs calls them ----------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this object across `mkdocs serve` rebuilds.
        self._command = command
        if (no_reload := reload_warning()) is not None:  # click 8.3 with MkDocs 1.6.1: serve watches nothing
            log.warning(no_reload)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._pages = {}
        settings = SiteSettings.of(self.config, option_place(config.config_file_path))
        self._site = site = ReportSite(settings, log, _SPELLING, serving=self._command == "serve")
        self._report_file = self._stopping(site.report_file)
        if settings.spec is not None:
            config.watch.append(str(settings.spec.path))
        if self._report_file is not None:
            if not inside(self._report_file, Path(config.docs_dir)):
                config.watch.append(str(self._report_file.parent))  # the report and its figures/
            if self._report_file.is_file():  # a missing report is one warning, not a nav entry to nowhere too
                add_to_nav(config, self.config["nav_title"], REPORT_PAGE_URI)
        config.extra_css.append(STYLESHEET_URI)
        drop_extension_entry(config.markdown_extensions, config.mdx_configs)  # the plugin makes the page here
        self._extension.decoration = None
        config.markdown_extensions.append(self._extension)  # type: ignore[arg-type] # MkDocs takes instances too
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._files = files
        files.append(File.generated(config, STYLESHEET_URI, abs_src_path=str(_STYLESHEET)))
        if self._report_file is not None:
            shown = self._report.display(self._report_file)
            self._guarded(f"checking {shown}", None, lambda: self._add_report(files, config))
            self._guarded(f"publishing {HANDIN_URI}", None, lambda: self._add_handin(files, config))
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Give MkDocs the engine's decoded text of a report, so any encoding builds."""
        if self._report_file is None and page.file.abs_src_path and page.file.src_uri.endswith(".md"):
            self._guarded(f"checking {page.file.src_uri}", None, lambda: self._check_docs_page(page, config))
        report = self._pages.get(page.file.src_uri)
        return report.result.text if report is not None else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        report = self._pages.get(page.file.src_uri)
        if report is None:
            return markdown
        self._extension.decoration = self._report.decoration(report)  # the extension decorates what MkDocs renders
        self._rendering_uri = page.file.src_uri
        return self._guarded(
            f"preparing {page.file.src_uri}", markdown, lambda: self._report.prepared(report, markdown)
        )

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self._extension.decoration = None
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        counted = self._report.log
        if config.strict and counted.warnings:  # MkDocs' own strict mode aborts next, saying only how many warnings
            log.info(strict_mode_line(counted.warnings, counted.failures))
        message = self._report.strict_failure()
        if message is not None:
            raise PluginError(message)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        """Also reload when a published image outside the report's folder changes."""
        report = self._pages.get(REPORT_PAGE_URI)
        if report is not None and self._report_file is not None:
            for item in report.plan.publish:
                if not inside(item.source, self._report_file.parent):
                    server.watch(str(item.source), recursive=False)
        return server

    # --- the report given by `path` ---------------------------------------------------

    def _add_report(self, files: Files, config: MkDocsConfig) -> None:
        report_file = self._report_file
        assert report_file is not None
        placement = self._placement(config, report_file, page_dir_uri="report/", publish_files=True)
        report = self._stopping(lambda: self._report.check_file(report_file, placement))
        if report is None:
            return
        self._replace_existing(files, report_file)
        files.append(File.generated(config, REPORT_PAGE_URI, abs_src_path=str(report_file)))
        self._publish(report.plan, config)
        self._pages[REPORT_PAGE_URI] = report
        report.rules_href = publish_rules_page(files, config)

    def _replace_existing(self, files: Files, report_file: Path) -> None:
        """The report page replaces a page at report/, and the report's own copy in docs_dir (a symlink to it too:
        the one a Zensical build of the same docs needs)."""
        report = report_file.resolve()
        for file in list(files):
            markdown_page = file.abs_src_path is not None and file.src_uri.endswith(".md")  # resolve() only those
            same_source = markdown_page and Path(str(file.abs_src_path)).resolve() == report
            if file.src_uri == REPORT_PAGE_URI or same_source:
                if file.src_uri == REPORT_PAGE_URI and not same_source:
                    log.warning(f"the docs page {file.src_uri} is replaced by the report given as 'path'.")
                files.remove(file)

    # --- the hand-in next to the report page -----------------------------------------

    def _add_handin(self, files: Files, config: MkDocsConfig) -> None:
        """Publish the report as the course's ``report.py html`` makes it, carried in the frame of our page at
        report/handin.html (:mod:`.files`): never a page of its own, where its raw HTML would run on the site."""
        report = self._pages.get(REPORT_PAGE_URI)
        if report is None or self._report_file is None:
            return
        shown = self._report.display(self._report_file)
        if any(hazard.kind == "brackets" for hazard in hazards_of(report.result.text)):
            log.info(f"{shown}: the course's report.py html would take minutes on this report (see the render-slow "
                     f"warning), so the build does not make {HANDIN_URI}.")  # fmt: skip
            return
        try:
            html = converted_handin(self._report_file, header_offset(report.result))
        except UnicodeDecodeError:  # the engine's 'checker-stops' finding already tells the student
            log.info(
                f"{shown} is not UTF-8, so the course's report.py html fails on it: {HANDIN_URI} is not published."
            )
            return
        except NestedTooDeep as error:
            self._report.log.warn(f"{shown}: {error} The course's report.py html fails on it too, so the teacher gets "
                                  f"no hand-in; {HANDIN_URI} is not published.")  # fmt: skip
            return
        report.handin_url = publish_handin_page(files, config, html)

    # --- reports found among the docs pages (no `path`) ----------------------------

    def _check_docs_page(self, page: Page, config: MkDocsConfig) -> None:
        assert page.file.abs_src_path is not None
        source = Path(page.file.abs_src_path)
        folder = page.file.src_uri.rpartition("/")[0]
        placement = self._placement(config, source, page_dir_uri=folder + "/" if folder else "", publish_files=False)
        report = self._stopping(lambda: self._report.check_page(source, placement))
        if report is not None:
            self._publish(report.plan, config)
            self._pages[page.file.src_uri] = report

    # --- shared ----------------------------------------------------------------------

    @property
    def _report(self) -> ReportSite:
        assert self._site is not None, "on_config made it"
        return self._site

    def _publish(self, plan: SitePlan, config: MkDocsConfig) -> None:
        """The files the page shows or links to, published beside it (once each)."""
        for item in plan.publish:
            if self._files.get_file_from_path(item.uri) is None:
                self._files.append(File.generated(config, item.uri, abs_src_path=str(item.source)))

    def _placement(
        self, config: MkDocsConfig, report_file: Path, *, page_dir_uri: str, publish_files: bool
    ) -> Placement:
        edit_uri = config.edit_uri if config.edit_uri not in _MKDOCS_DEFAULT_EDIT_URIS else None
        return self._report.placement(
            report_file,
            page_dir_uri=page_dir_uri,
            publish_files=publish_files,
            docs_dir=Path(os.path.abspath(config.docs_dir)),
            repo_url=config.repo_url,
            edit_uri=edit_uri,
        )

    def _decoration_failed(self, what: str, error: Exception) -> None:
        """A bug in the page extension: one warning, the page written sanitised and undecorated."""
        self._report.log.failed(f"{what} {self._rendering_uri}", error)

    @staticmethod
    def _stopping(action: Callable[[], T]) -> T:
        """The flow's reasons to stop the build, as MkDocs stops one."""
        try:
            return action()
        except StopBuild as stop:
            raise PluginError(str(stop)) from None

    def _guarded(self, what: str, fallback: T, action: Callable[[], T]) -> T:
        """Run ``action``; on a bug, warn once and carry on with ``fallback``.

        A student's site must build whatever the report contains, so an internal error
        becomes a warning that names the page and the page is still written.
        """
        try:
            return action()
        except PluginError:
            raise
        except Exception as error:  # noqa: BLE001 - see the docstring
            self._report.log.failed(what, error)
            return fallback
