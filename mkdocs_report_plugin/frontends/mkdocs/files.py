"""The pages of ours that the plugin publishes beside the report page: the rules reference and the page that carries
the hand-in in its frame (with, at the hand-in's old address, a page that opens it), added to MkDocs' files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from mkdocs_report_plugin.output.companion_pages import (
    HANDIN_PAGE_TITLE,
    handin_inline_page_html,
    moved_page_html,
    rules_page_html,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger("report")


RULES_PAGE_URI = "report/rules/index.html"
HANDIN_URI = "report/handin.html"
"""The hand-in's page, in the report page's folder, where the report's figures are published: the hand-in's image
paths (``figures/a.png``) resolve from there as they do from the report's folder for the teacher."""
MOVED_HANDIN_URI = "report/handin/index.html"
"""Where the framed hand-in was until the frame carried it (``report/handin/``): a page that opens ``HANDIN_URI``."""


def publish_rules_page(files: Files, config: MkDocsConfig) -> str:
    """Publish the rules reference beside the report page; return where a rule's entry is from that page, less the
    rule's id (``rules/#``), for the page's rule ids to link to."""
    _publish_page(files, config, RULES_PAGE_URI, rules_page_html(_from_companion_to_report(config)))
    return _from_report_to(config, "rules/") + "#"


def publish_handin_page(files: Files, config: MkDocsConfig, handin: str) -> str:
    """Publish the page that carries the hand-in (``handin``, the course's output of the report) in its frame and says
    what it is, and the page at its old address; return its address from the report page."""
    back = "./" if config.use_directory_urls else "index.html"
    _publish_page(files, config, HANDIN_URI, handin_inline_page_html(back, handin))
    _publish_page(files, config, MOVED_HANDIN_URI, moved_page_html(HANDIN_PAGE_TITLE, "../handin.html"))
    return "handin.html"


def _publish_page(files: Files, config: MkDocsConfig, uri: str, html: str) -> None:
    """Add a page of ours to the site; a docs file published at the same place gives way, with a warning."""
    for existing in [file for file in files if file.dest_uri == uri]:
        log.warning(f"the docs file {existing.src_uri} is replaced by the plugin's page {uri}.")
        files.remove(existing)
    files.append(File.generated(config, uri, content=html))


def _from_report_to(config: MkDocsConfig, folder: str) -> str:
    """A folder beside the report page, from that page: ``rules/``, or its index file when the site is read from
    disk (``use_directory_urls: false``)."""
    return folder if config.use_directory_urls else folder + "index.html"


def _from_companion_to_report(config: MkDocsConfig) -> str:
    return "../" if config.use_directory_urls else "../index.html"
