"""The pages of ours that the plugin publishes beside the report page: the rules reference and the page around the
hand-in, added to MkDocs' files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from mkdocs_report_plugin.output.companion_pages import handin_page_html, rules_page_html

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger("report")


RULES_PAGE_URI = "report/rules/index.html"
HANDIN_PAGE_URI = "report/handin/index.html"


def publish_rules_page(files: Files, config: MkDocsConfig) -> str:
    """Publish the rules reference beside the report page; return where a rule's entry is from that page, less the
    rule's id (``rules/#``), for the page's rule ids to link to."""
    _publish_page(files, config, RULES_PAGE_URI, rules_page_html(_from_companion_to_report(config)))
    return _from_report_to(config, "rules/") + "#"


def publish_handin_page(files: Files, config: MkDocsConfig, handin_uri: str) -> str:
    """Publish the page that frames the hand-in (``handin_uri``, beside the report page) and says what it is; return
    its address from the report page."""
    page = handin_page_html(_from_companion_to_report(config), "../" + handin_uri.rpartition("/")[2])
    _publish_page(files, config, HANDIN_PAGE_URI, page)
    return _from_report_to(config, "handin/")


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
