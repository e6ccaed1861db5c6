"""The two pages the site publishes beside the report page: the hand-in framed and explained, and the rules reference.

Both are small self-contained HTML pages styled by our own stylesheets (inlined, as the standalone page does), not
pages of the site's theme: MkDocs would add a theme page to the student's navigation and search, and a page of ours
must not change the student's site beyond the report. Every link stays inside the site: back to the report page, to
the hand-in next to it, to the entries on the same page.
"""

from __future__ import annotations

import functools

from mkdocs_report_plugin.output.assets import asset
from mkdocs_report_plugin.output.dashboard import escape
from mkdocs_report_plugin.output.rules_doc import rule_entries_html, rules_table_html

__all__ = ["HANDIN_PAGE_TITLE", "HANDIN_SANDBOX", "handin_page_html", "rules_page_html"]

HANDIN_PAGE_TITLE = "The hand-in as the teacher reads it"

HANDIN_SANDBOX = "allow-popups"
"""The frame's permissions. No ``allow-scripts``, no ``allow-same-origin``, no navigation of the page around it, and
no ``allow-popups-to-escape-sandbox``: with it, a link with ``target="_blank"`` to ``handin.html`` opened the hand-in
in a window of its own, unsandboxed, and its scripts ran on the site."""


def handin_page_html(report_href: str, handin_src: str) -> str:
    """The hand-in (``handin_src``, the course's ``report.py html`` output, unchanged) in a frame, under a title and
    one paragraph saying what it is, with a link back to the report page (``report_href``).

    The frame is sandboxed without scripts: the hand-in keeps the student's raw HTML as the course writes it, so a
    script in it must not run on the site. Images and links inside it work. The one permission, ``allow-popups``,
    lets a link with ``target="_blank"`` open at all (without it the click does nothing); the window it opens is
    sandboxed as the frame is, so the page it shows runs no script either (:data:`HANDIN_SANDBOX`)."""
    back = f'<a href="{escape(report_href)}">Back to the report page</a>'
    return _page(
        HANDIN_PAGE_TITLE,
        f'<p class="report-handin-intro">This is the page the course\'s <code>report.py html</code> makes of the '
        "report: Python-Markdown without extensions, on the report as it is in the repository. It is what the "
        "teacher grades. Where it shows an answer otherwise than GitHub (fenced code run into the text, a table "
        "or a list as one paragraph), the report page has a <code>handin-render</code> warning on that line. "
        f"{back}.</p>"
        f'<iframe class="report-handin-frame" src="{escape(handin_src)}" title="{escape(HANDIN_PAGE_TITLE)}" '
        f'sandbox="{HANDIN_SANDBOX}"></iframe>',
    )


@functools.lru_cache(maxsize=2)  # the registry does not change while `mkdocs serve` rebuilds
def rules_page_html(report_href: str) -> str:
    """Every rule of the checker: a table of them, then one entry each (what, why, an example, the fix), anchored
    by its id, which is where the report page's rule ids link (``rules/#image-not-found``)."""
    return _page(
        "Rules reference",
        "<p>Every finding on the report page names one of these rules. <strong>Errors</strong> fail their question "
        "(a question passes when it has no error); <strong>warnings</strong> do not, but say what the teacher or the "
        "course's checker will see. A rule can be switched off with the plugin's <code>ignore</code> option. "
        f'<a href="{escape(report_href)}">Back to the report page</a>.</p>' + rules_table_html() + rule_entries_html(),
    )


def _page(title: str, body: str) -> str:
    styles = "\n".join(asset(name).read_text(encoding="utf-8") for name in ("report.css", "standalone.css"))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{styles}\n</style>\n</head>\n<body>\n"
        f'<main class="md-typeset report-companion">\n<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n'
    )
