"""The report page of a site, the same whatever builds it: MkDocs (the plugin), Zensical (the Markdown extension),
and any builder after them.

One flow, written once: the report given as ``path`` held against the project, the check (once per content of the
report, across rebuilds), the site plan (what to publish, which targets to change), the lines of the build log, the
count ``strict`` fails on, the page's markdown prepared and its decoration. A front-end says where things are (its
config's folder, the page's place in the site, how its config spells an option) and does what only it can: add
files to its site, and stop its build its own way when :class:`StopBuild` is raised.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from mkdocs_report_plugin.check.engine import check_text
from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.output.check_cache import checked_report, defused
from mkdocs_report_plugin.output.formats import log_line, settings_lines
from mkdocs_report_plugin.output.page_extension import PageDecoration, StopBuild
from mkdocs_report_plugin.output.site_options import SiteSettings
from mkdocs_report_plugin.output.site_plan import (
    Placement,
    SitePlan,
    apply_rewrites,
    branch_in_edit_uri,
    first_line,
    plan_site_files,
)
from mkdocs_report_plugin.reading.repository import Remote, hidden_from, inside, relative_posix, remote_of

__all__ = ["BuildLog", "ReportPage", "ReportSite", "Spelling", "StopBuild", "configured_report"]

if TYPE_CHECKING:  # LoggerAdapter takes a type argument from Python 3.11 on
    Log = logging.Logger | logging.LoggerAdapter[Any]


@dataclass(frozen=True)
class Spelling:
    """How a front-end's config writes what the strict message tells the student to write."""

    owner: str  # "the plugin's", "the extension's"
    strict_on: str  # "strict: true"
    strict_off: str  # "strict: false"
    info: str  # "severity: {rule-id: info}"
    off: str  # "ignore: [rule-id]"


@dataclass
class ReportPage:
    """One page of the site that is the exam report, checked and planned."""

    result: Result
    plan: SitePlan
    handin_url: str | None = None  # the page around the hand-in published next to the page, relative to it
    rules_href: str | None = None  # the rules reference's address from the page, less a rule's id


class BuildLog:
    """What a build says about its report pages, and the lines ``strict`` counts: those at WARNING level."""

    def __init__(self, log: Log, spelling: Spelling) -> None:
        self.log = log
        self.spelling = spelling
        self.warnings = 0
        self.failures = 0  # of the warnings, the findings that fail a question (or the report)

    def warn(self, message: str) -> None:
        """A line ``strict`` counts."""
        self.log.warning(message)
        self.warnings += 1

    def info(self, message: str) -> None:
        self.log.info(message)

    def failed(self, what: str, error: Exception) -> None:
        """A bug of ours: one warning, and the page is still written."""
        self.warn(f"internal error while {what}: {type(error).__name__}: {error}. "
                  "The page is built without the report's checks; please report this bug.")  # fmt: skip

    def report(self, result: Result, plan: SitePlan, config_name: str) -> None:
        """Tell the student what is wrong, line by line, and what was checked against."""
        shown = result.display_path
        for finding in sorted(result.findings, key=lambda f: (f.line, f.question or 0)):
            if finding.severity == "info":  # set to info by the user: shown, never counted by strict
                self.info(log_line(shown, finding))
                continue
            self.warn(log_line(shown, finding))
            self.failures += finding.severity == "error"
        for image in plan.unreported_images(result):
            self.warn(f"{shown}:{image.line}: the page cannot show the image '{image.target}': {image.reason}.")
        for line in plan.info_lines(shown, config_name):
            self.info(line)
        if result.template is not None:
            self.info(f"{result.passed}/{result.total} questions pass in {shown}")
            self.info(f"{shown}: checked against the spec {result.template.describe()}")
        for line in settings_lines(result.ignored, result.relevelled):
            self.info(f"{shown}: {line}")

    def strict_failure(self) -> str | None:
        """The message that stops a ``strict`` build, or None when no line was counted."""
        if not self.warnings:
            return None
        spelling = self.spelling
        return (
            f"report: {spelling.owner} '{spelling.strict_on}' option fails the build on the {self.warnings} report "
            f"line(s) logged above: {self.failures} that fail, {self.warnings - self.failures} warning(s). Fix them, "
            f"set a rule to info ('{spelling.info}') or off ('{spelling.off}'), or set {spelling.strict_off}."
        )


class ReportSite:
    """The report pages of one build of a site."""

    def __init__(self, settings: SiteSettings, log: Log, spelling: Spelling, *, serving: bool) -> None:
        self.settings = settings
        self.options = settings.check_options()  # built once: the cache compares it whole
        self.log = BuildLog(log, spelling)
        self.serving = serving  # a preview: strict does not stop it, `annotate: serve` shows the findings

    def report_file(self) -> Path | None:
        """The report given as ``path``, if it may be read (:func:`configured_report`)."""
        return configured_report(self.settings)

    def check_file(self, report_file: Path, placement: Placement) -> ReportPage | None:
        """The report given as ``path``, checked (once per content of it and its files, across rebuilds), planned
        and logged; None, with a warning, for a report that cannot be made a page."""
        shown = self.display(report_file)
        if not report_file.exists():  # a pipe or a device exists: the engine says why it is not read
            self.log.warn(f"{shown}: the report given as 'path' does not exist; no report page is built.")
            return None
        result = checked_report(report_file, self.options, shown)
        _refuse_unusable_spec(result)
        if result.template is None and any(finding.rule == "unreadable" for finding in result.findings):
            self.log.warn(log_line(result.display_path, result.findings[0]) + " No report page is built.")
            return None  # a builder would read the file itself: a pipe would hang the build, a huge file fill memory
        return self._planned(result, placement)

    def check_page(self, source: Path, placement: Placement) -> ReportPage | None:
        """A page of the docs checked as a report (no ``path``): planned and logged when it is the exam template."""
        result = check_text(source.read_bytes(), source.parent, options=self.options, display_path=self.display(source))
        _refuse_unusable_spec(result)
        return self._planned(result, placement) if result.is_report else None  # an ordinary page stays as it is

    def placement(
        self,
        report_file: Path,
        *,
        page_dir_uri: str,
        publish_files: bool,
        docs_dir: Path,
        repo_url: str | None = None,
        edit_uri: str | None = None,
    ) -> Placement:
        """Where the page is published; links out of the report's folder go where the ``links`` options say."""
        settings = self.settings
        return Placement(
            project_dir=settings.project,
            report_file=report_file,
            page_dir_uri=page_dir_uri,
            publish_files=publish_files,
            docs_dir=docs_dir,
            file_url=_file_url(settings, repo_url, edit_uri) if settings.links else None,
            course_url=settings.links_course_url,
        )

    def prepared(self, page: ReportPage, markdown: str) -> str:
        """The page's markdown with targets pointed where the site can show them, and what would crash or stall the
        renderer defused (the engine's render-stop and render-slow findings say where; the page extension restores
        the text)."""
        start = first_line(page.result.text, markdown)
        if page.plan.rewrites:
            markdown = apply_rewrites(markdown, page.plan.rewrites, start)
        return defused(page.result.text, markdown, start)

    def decoration(self, page: ReportPage, **extras: Any) -> PageDecoration:
        """What the page shows besides the student's text; ``extras`` are the front-end's (embedded images...)."""
        annotate = self.settings.annotate == "always" or (self.settings.annotate == "serve" and self.serving)
        return PageDecoration(
            page.result,
            unresolved=page.plan.unresolved,
            embedded=page.plan.embedded_files,
            handin_url=page.handin_url,
            annotate=annotate,
            dashboard=self.settings.dashboard,
            rules_href=page.rules_href,
            **extras,
        )

    def strict_failure(self) -> str | None:
        """The message that stops the build under ``strict`` (never while serving), or None."""
        return self.log.strict_failure() if self.settings.strict and not self.serving else None

    def display(self, path: Path) -> str:
        """A path as the student knows it and GitHub names it: from the repository's top."""
        project = self.settings.project
        return relative_posix(path, project) if inside(path, project) else str(path)

    def _planned(self, result: Result, placement: Placement) -> ReportPage:
        plan = plan_site_files(result, placement)
        self.log.report(result, plan, self.settings.place.config_name)
        return ReportPage(result, plan)


def configured_report(settings: SiteSettings) -> Path | None:
    """The report given as ``path`` (relative to the config's folder), if it may be read: inside the project, not
    hidden, a markdown file, neither as written nor after symbolic links. Else the build stops, saying why."""
    written = settings.path
    if written is None:
        return None
    config_dir, project = settings.place.config_dir, settings.project
    report = Path(os.path.normpath(config_dir / written))
    if not inside(report, project):
        raise StopBuild(f"report: path '{written}' is outside the project {project}, the only folder the report "
                        "page is read and published from. Build inside the git repository that holds the report, "
                        "or set the project_dir option to the folder that holds both (e.g. project_dir: ..).")  # fmt: skip
    if report.exists() and not inside(report.resolve(), project.resolve()):
        raise StopBuild(f"report: path '{written}' is a symbolic link to a file outside the project {project}, "
                        "the only folder the report page is read and published from. Copy the report into it.")  # fmt: skip
    resolved = report.resolve()  # a site kept in .work/site/ works inside that hidden folder: see hidden_from
    if hidden_from(report, config_dir, project) or hidden_from(resolved, config_dir.resolve(), project.resolve()):
        raise StopBuild(f"report: path '{written}' names a hidden file or folder (a name starting with '.'), which "
                        "is never published. Give the report's markdown file, e.g. path: ../reports/README.md.")  # fmt: skip
    if report.suffix.lower() != ".md" or resolved.suffix.lower() != ".md":
        raise StopBuild(f"report: path '{written}' is not a markdown file (.md). Give the report's markdown file, "
                        "e.g. path: ../reports/README.md.")  # fmt: skip
    return report


def _file_url(settings: SiteSettings, repo_url: str | None, edit_uri: str | None) -> Callable[[str], str | None]:
    """Project path -> its page in the repository: ``links_base_url`` + path when set, else the file on GitHub. The
    repository's address costs git calls, so it is read once, and only when a link leaves the report's folder."""
    base = settings.links_base_url
    if base:
        return lambda path: base.rstrip("/") + "/" + quote(path)
    remote = functools.cache(lambda: _remote(settings.project, repo_url, edit_uri))
    return lambda path: found.file_url(path) if (found := remote()) is not None else None


def _remote(project: Path, repo_url: str | None, edit_uri: str | None) -> Remote | None:
    """repo_url, the origin remote or the Actions workflow's repository; on the checkout's branch, else the one an
    ``edit_uri`` the student wrote names, else GitHub's default."""
    remote = remote_of(project, repo_url=repo_url)
    written = branch_in_edit_uri(edit_uri)
    if remote is not None and remote.branch == "HEAD" and written:
        remote = dataclasses.replace(remote, branch=written)
    return remote


def _refuse_unusable_spec(result: Result) -> None:
    """A ``report-spec.yaml`` beside a report that cannot be used stops the build, as a bad ``spec`` option does:
    checking against other limits would mislead the student, and skipping the report would hide it."""
    for finding in result.findings:
        if finding.rule == "unusable-spec":
            raise StopBuild(f"report: {finding.message}")
