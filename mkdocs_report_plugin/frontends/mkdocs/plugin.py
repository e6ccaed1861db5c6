"""The ``report`` MkDocs plugin: check the exam report while the site builds, publish it as a page.

Hooks come first, in the order MkDocs calls them; each one delegates to a helper and is
wrapped so that a bug in this plugin costs one warning, never the site. The checking is
the engine's (``check_report`` / ``check_text``), the page decoration is ``render``'s;
this module only connects them to MkDocs.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar
from urllib.parse import quote

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.frontends.check_cache import checked_report, converted_handin, defused, hazards_of
from mkdocs_report_plugin.frontends.extension import drop_extension_entry, first_line
from mkdocs_report_plugin.frontends.mkdocs.config import ReportConfig
from mkdocs_report_plugin.frontends.mkdocs.nav import add_to_nav
from mkdocs_report_plugin.frontends.mkdocs.site_files import (
    Placement,
    SitePlan,
    apply_rewrites,
    branch_in_edit_uri,
    plan_site_files,
    publish_handin_page,
    publish_rules_page,
)
from mkdocs_report_plugin.model.report import Result, Template
from mkdocs_report_plugin.output.assets import asset
from mkdocs_report_plugin.output.formats import log_line, settings_lines
from mkdocs_report_plugin.output.page_extension import DecorateReport, PageDecoration
from mkdocs_report_plugin.reading.handin import NestedTooDeep, header_offset
from mkdocs_report_plugin.reading.repository import Remote, find_root, hidden_from, inside, relative_posix, remote_of

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger("report")
"""Messages read ``report: reports/README.md:42: ...``: the name users write under ``plugins:``."""

REPORT_PAGE_URI = "report/index.md"
HANDIN_URI = "report/handin.html"
STYLESHEET_URI = "assets/mkdocs-report/report.css"
_STYLESHEET = asset("report.css")

T = TypeVar("T")

_MKDOCS_DEFAULT_EDIT_URIS = frozenset({"edit/master/docs/", "src/default/docs/"})
"""What MkDocs fills in for ``edit_uri`` when ``repo_url`` is set: no branch anyone chose."""


@dataclass
class ReportPage:
    """One page of the site that is the exam report, checked and planned."""

    result: Result
    plan: SitePlan
    handin_url: str | None = None  # the page around the hand-in published next to the page, relative to it
    rules_href: str | None = None  # the rules reference's address from the page, less a rule's id


class ReportPlugin(BasePlugin[ReportConfig]):
    """Checks the exam report at build time and publishes it as a decorated page."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._command: Literal["build", "gh-deploy", "serve"] = "build"
        self._project_dir = Path.cwd()
        self._report_file: Path | None = None
        self._pages: dict[str, ReportPage] = {}
        self._files = Files([])
        self._violations = 0  # every line this plugin logs at WARNING level: what `strict` counts
        self._rendering: PageDecoration | None = None  # the report page Python-Markdown is rendering
        self._rendering_uri = REPORT_PAGE_URI
        self._failures = 0  # of those, the findings that fail a question (or the report)

    # --- MkDocs hooks, in the order MkDocs calls them ----------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this object across `mkdocs serve` rebuilds.
        self._command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._pages = {}
        self._violations = 0
        self._failures = 0
        config_dir = Path(os.path.abspath(os.path.dirname(config.config_file_path or "mkdocs.yml")))
        chosen = Path(self.config.project_dir) if self.config.project_dir else None
        self._project_dir = chosen or find_root(config_dir) or config_dir
        self._report_file = self._configured_report(config_dir)
        if self.config.spec is not None:
            config.watch.append(str(self.config.spec.path))
        if self._report_file is not None:
            if not inside(self._report_file, Path(config.docs_dir)):
                config.watch.append(str(self._report_file.parent))  # the report and its figures/
            if self._report_file.is_file():  # a missing report is one warning, not a nav entry to nowhere too
                add_to_nav(config, self.config.nav_title, REPORT_PAGE_URI)
        config.extra_css.append(STYLESHEET_URI)
        drop_extension_entry(config.markdown_extensions, config.mdx_configs)  # the plugin makes the page here
        extension = DecorateReport(lambda: self._rendering, on_error=self._decoration_failed)
        config.markdown_extensions.append(extension)  # type: ignore[arg-type] # MkDocs takes instances too
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._files = files
        files.append(File.generated(config, STYLESHEET_URI, abs_src_path=str(_STYLESHEET)))
        if self._report_file is not None:
            self._guarded(f"checking {self._display(self._report_file)}", None, lambda: self._add_report(files, config))
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
        self._rendering = self._decoration(report)  # the page extension decorates what MkDocs renders next
        self._rendering_uri = page.file.src_uri
        return self._guarded(f"preparing {page.file.src_uri}", markdown, lambda: self._prepare(report, markdown))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self._rendering = None
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.strict and self._violations and self._command != "serve":
            warnings = self._violations - self._failures
            raise PluginError(
                f"report: the plugin's 'strict: true' option fails the build on the {self._violations} report "
                f"line(s) logged above: {self._failures} that fail, {warnings} warning(s). Fix them, set a rule to "
                "info ('severity: {rule-id: info}') or off ('ignore: [rule-id]'), or set strict: false."
            )

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

    def _configured_report(self, config_dir: Path) -> Path | None:
        """The report given as ``path`` (relative to mkdocs.yml, as in MkDocs), if it may be read."""
        if not self.config.path:
            return None
        report = Path(os.path.normpath(config_dir / self.config.path))
        if not inside(report, self._project_dir):
            raise PluginError(
                f"report: path '{self.config.path}' is outside the project {self._project_dir}, the only folder "
                "the plugin reads and publishes. Run the build inside the git repository that holds the report, "
                "or set the plugin's project_dir option to the folder that holds both (e.g. project_dir: ..)."
            )
        if report.exists() and not inside(report.resolve(), self._project_dir.resolve()):
            raise PluginError(
                f"report: path '{self.config.path}' is a symbolic link to a file outside the project "
                f"{self._project_dir}, the only folder the plugin reads and publishes. Copy the report into it."
            )
        resolved = report.resolve()
        project = self._project_dir  # a site kept in .work/site/ works inside that hidden folder: see hidden_from
        if hidden_from(report, config_dir, project) or hidden_from(resolved, config_dir.resolve(), project.resolve()):
            raise PluginError(
                f"report: path '{self.config.path}' names a hidden file or folder (a name starting with '.'), which "
                "is never published. Give the report's markdown file, e.g. path: ../reports/README.md."
            )
        if report.suffix.lower() != ".md" or resolved.suffix.lower() != ".md":
            raise PluginError(
                f"report: path '{self.config.path}' is not a markdown file (.md). Give the report's markdown file, "
                "e.g. path: ../reports/README.md."
            )
        return report

    def _add_report(self, files: Files, config: MkDocsConfig) -> None:
        assert self._report_file is not None
        report_file = self._report_file
        if not report_file.exists():  # a pipe or a device exists: the engine says why it is not read
            shown = self._display(report_file)
            log.warning(f"{shown}: the report given as 'path' does not exist; no report page is built.")
            self._violations += 1
            return
        result = checked_report(  # once per content of the report and its files, across `serve` rebuilds
            report_file,
            spec=self._spec,
            constraints=self.config.constraints or None,
            display_path=self._display(report_file),
            project_dir=self._project_dir,
            ignore=self.config.ignore,
            severity=self.config.severity,
        )
        _refuse_unusable_spec(result)
        if result.template is None and any(finding.rule == "unreadable" for finding in result.findings):
            log.warning(log_line(result.display_path, result.findings[0]) + " No report page is built.")
            self._violations += 1
            return  # MkDocs would read the file itself: a pipe would hang the build, a huge file fill memory
        self._replace_existing(files, report_file)
        files.append(File.generated(config, REPORT_PAGE_URI, abs_src_path=str(report_file)))
        placement = self._placement(config, report_file, page_dir_uri="report/", publish_files=True)
        self._register(REPORT_PAGE_URI, result, plan_site_files(result, placement), config)
        self._pages[REPORT_PAGE_URI].rules_href = publish_rules_page(files, config)

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
        """Publish the report as the course's ``report.py html`` makes it, at report/handin.html.

        It sits in the page's folder, where the report's own files are published, so its
        image paths (``figures/a.png``) resolve as they do for the teacher in reports/.
        """
        report = self._pages.get(REPORT_PAGE_URI)
        if report is None or self._report_file is None:
            return
        shown = self._display(self._report_file)
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
            log.warning(f"{shown}: {error} The course's report.py html fails on it too, so the teacher gets no "
                        f"hand-in; {HANDIN_URI} is not published.")  # fmt: skip
            self._violations += 1
            return
        existing = files.get_file_from_path(HANDIN_URI)
        if existing is not None:
            log.warning(f"the docs file {HANDIN_URI} is replaced by the hand-in of the report given as 'path'.")
            files.remove(existing)
        files.append(File.generated(config, HANDIN_URI, content=html))
        report.handin_url = publish_handin_page(files, config, HANDIN_URI)

    # --- reports found among the docs pages (no `path`) ----------------------------

    def _check_docs_page(self, page: Page, config: MkDocsConfig) -> None:
        assert page.file.abs_src_path is not None
        source = Path(page.file.abs_src_path)
        result = check_text(
            source.read_bytes(),
            source.parent,
            spec=self._spec,
            display_path=self._display(source),
            constraints=self.config.constraints or None,
            project_dir=self._project_dir,
            ignore=self.config.ignore,
            severity=self.config.severity,
        )
        _refuse_unusable_spec(result)
        if not result.is_report:
            return  # an ordinary page: left exactly as MkDocs makes it
        folder = page.file.src_uri.rpartition("/")[0]
        page_dir_uri = folder + "/" if folder else ""
        placement = self._placement(config, source, page_dir_uri=page_dir_uri, publish_files=False)
        self._register(page.file.src_uri, result, plan_site_files(result, placement), config)

    # --- shared ----------------------------------------------------------------------

    @property
    def _spec(self) -> Template | None:
        return self.config.spec.template if self.config.spec is not None else None

    def _placement(
        self, config: MkDocsConfig, report_file: Path, *, page_dir_uri: str, publish_files: bool
    ) -> Placement:
        return Placement(
            project_dir=self._project_dir,
            report_file=report_file,
            page_dir_uri=page_dir_uri,
            publish_files=publish_files,
            docs_dir=Path(os.path.abspath(config.docs_dir)),
            file_url=self._file_url(config) if self.config.links else None,
            course_url=self.config.links_course_url,
        )

    def _file_url(self, config: MkDocsConfig) -> Callable[[str], str | None]:
        """Project path -> its page in the repository: ``links_base_url`` + path when set, else
        the file on GitHub. The repository's address costs git calls, so it is read once, and
        only when a link leaves the report's folder."""
        base = self.config.links_base_url
        if base:
            return lambda path: base.rstrip("/") + "/" + quote(path)
        remote = functools.cache(lambda: self._remote(config))
        return lambda path: remote_found.file_url(path) if (remote_found := remote()) is not None else None

    def _remote(self, config: MkDocsConfig) -> Remote | None:
        """repo_url, the origin remote or the Actions workflow's repository; on the checkout's branch,
        else the one an ``edit_uri`` names, else GitHub's default."""
        remote = remote_of(self._project_dir, repo_url=config.repo_url)
        edit_uri = config.edit_uri if config.edit_uri not in _MKDOCS_DEFAULT_EDIT_URIS else None
        written = branch_in_edit_uri(edit_uri)
        if remote is not None and remote.branch == "HEAD" and written:
            remote = dataclasses.replace(remote, branch=written)
        return remote

    def _register(self, uri: str, result: Result, plan: SitePlan, config: MkDocsConfig) -> None:
        """Publish the page's files, keep it for later hooks, and tell the student what is wrong, line by line."""
        for item in plan.publish:
            if self._files.get_file_from_path(item.uri) is None:
                self._files.append(File.generated(config, item.uri, abs_src_path=str(item.source)))
        self._pages[uri] = ReportPage(result, plan)
        for finding in sorted(result.findings, key=lambda f: (f.line, f.question or 0)):
            if finding.severity == "info":  # set to info by the user: shown, never counted by strict
                log.info(log_line(result.display_path, finding))
                continue
            log.warning(log_line(result.display_path, finding))
            self._violations += 1
            self._failures += finding.severity == "error"
        for image in plan.unreported_images(result):
            log.warning(
                f"{result.display_path}:{image.line}: the page cannot show the image '{image.target}': {image.reason}."
            )
            self._violations += 1
        for reference in plan.unlinked:
            log.info(f"{result.display_path}:{reference.line}: '{reference.target}' is shown as text: the repository's "
                     "address is not known. Set repo_url in mkdocs.yml, or add the GitHub remote 'origin'.")  # fmt: skip
        if result.template is not None:
            log.info(f"{result.passed}/{result.total} questions pass in {result.display_path}")
            log.info(f"{result.display_path}: checked against the spec {result.template.describe()}")
        for line in settings_lines(result.ignored, result.relevelled):
            log.info(f"{result.display_path}: {line}")

    def _prepare(self, report: ReportPage, markdown: str) -> str:
        """Point links where the site can show them, and defuse what would crash or stall the renderer
        (the engine's render-stop and render-slow findings say where; ``_decorate`` restores the text)."""
        start = first_line(report.result.text, markdown)
        if report.plan.rewrites:
            markdown = apply_rewrites(markdown, report.plan.rewrites, start)
        return defused(report.result.text, markdown, start)

    def _decoration(self, report: ReportPage) -> PageDecoration:
        annotate = self.config.annotate == "always" or (self.config.annotate == "serve" and self._command == "serve")
        return PageDecoration(
            report.result,
            unresolved=report.plan.unresolved,
            handin_url=report.handin_url,
            annotate=annotate,
            dashboard=self.config.dashboard,
            rules_href=report.rules_href,
        )

    def _decoration_failed(self, what: str, error: Exception) -> None:
        """A bug in the page extension: one warning, the page written sanitised and undecorated."""
        log.warning(
            f"internal error while {what} {self._rendering_uri}: {type(error).__name__}: {error}. "
            "The page is built without the report's checks; please report this bug."
        )
        self._violations += 1

    def _display(self, path: Path) -> str:
        """A path as the student knows it and GitHub names it: from the repository's top."""
        return relative_posix(path, self._project_dir) if inside(path, self._project_dir) else str(path)

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
            log.warning(
                f"internal error while {what}: {type(error).__name__}: {error}. "
                "The page is built without the report's checks; please report this bug."
            )
            self._violations += 1
            return fallback


# --- helpers ---------------------------------------------------------------------------


def _refuse_unusable_spec(result: Result) -> None:
    """A ``report-spec.yaml`` beside a report that cannot be used stops the build, as a bad ``spec:`` does:
    checking against other limits would mislead the student, and skipping the report would hide it."""
    for finding in result.findings:
        if finding.rule == "unusable-spec":
            raise PluginError(f"report: {finding.message}")
