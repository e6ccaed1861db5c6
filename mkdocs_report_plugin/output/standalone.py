"""``mkdocs-report html``: the report as one self-contained page, styled, its images embedded, needing no
other file and no network.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from markdown.extensions import Extension

from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.output.assets import standalone_styles
from mkdocs_report_plugin.output.html_document import html_document
from mkdocs_report_plugin.output.page_extension import DecorateReport, PageDecoration
from mkdocs_report_plugin.output.rules_doc import rules_named_html
from mkdocs_report_plugin.reading.defuse import defuse_page
from mkdocs_report_plugin.reading.handin import python_markdown
from mkdocs_report_plugin.reading.markdown_events import front_matter_length

__all__ = ["standalone_html"]

_STANDALONE_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html"]


def standalone_html(result: Result, *, embed_images: bool = True) -> str:
    """A complete HTML document of the report that needs no other file and no network.

    Raises :class:`~.handin.NestedTooDeep` on text nested too deeply for Python-Markdown.

    Local images are embedded as ``data:`` URIs when ``embed_images`` is true; only files
    inside the report's folder tree are ever read. Images that cannot be embedded stay
    as written and are listed in the dashboard.
    """
    lines = result.text.split("\n")
    front = front_matter_length(lines)
    decoration = PageDecoration(
        result, embed_images=embed_images, image_folder=_report_folder(result), rules_href="#rule-"
    )
    extensions, configs = _markdown_extensions(decoration)
    page = defuse_page(result.text, "\n".join(lines[front:]), front + 1)
    body = python_markdown(page, extensions=extensions, extension_configs=configs)
    main = f'<main class="md-typeset">\n{body}\n{rules_named_html(result)}</main>\n'
    return html_document(f"Exam report — {result.display_path}", f"\n{standalone_styles()}\n", main)


def _markdown_extensions(decoration: PageDecoration) -> tuple[list[str | Extension], dict[str, dict[str, object]]]:
    """The course's extensions, with pymdownx's fences and task lists when installed, and their settings;
    the page extension decorates the page (and puts defused text back before the table of contents)."""
    extensions: list[str | Extension] = [*_STANDALONE_EXTENSIONS, DecorateReport(decoration)]
    configs: dict[str, dict[str, object]] = {}
    if find_spec("pymdownx") and all(find_spec(name) for name in ("pymdownx.superfences", "pymdownx.tasklist")):
        extensions[extensions.index("fenced_code")] = "pymdownx.superfences"
        extensions.append("pymdownx.tasklist")
        configs["pymdownx.tasklist"] = {"custom_checkbox": True}
    return extensions, configs


def _report_folder(result: Result) -> Path | None:
    if result.path is None:
        return None
    return result.path if result.path.is_dir() else result.path.parent
