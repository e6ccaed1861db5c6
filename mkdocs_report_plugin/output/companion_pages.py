"""The pages the site publishes beside the report page: the hand-in framed and explained, and the rules reference.

They are small self-contained HTML pages styled by our own stylesheets (inlined, as the standalone page does), not
pages of the site's theme: MkDocs would add a theme page to the student's navigation and search, and a page of ours
must not change the student's site beyond the report. Every link stays inside the site: back to the report page, to
the hand-in next to it, to the entries on the same page.

The hand-in keeps the student's raw HTML as the course writes it, so the site never publishes it as a page of its
own (opened directly, on the site's address, its scripts would run there): our page carries it whole in its frame's
``srcdoc``, and the frame runs no script. ``grade``, on the teacher's disk, frames its own copy of the file by
address (:func:`handin_page_html`).
"""

from __future__ import annotations

import functools

from mkdocs_report_plugin.output.assets import standalone_styles
from mkdocs_report_plugin.output.dashboard import escape
from mkdocs_report_plugin.output.html_document import html_document
from mkdocs_report_plugin.output.rules_doc import rule_entries_html, rules_table_html

__all__ = [
    "HANDIN_PAGE_TITLE",
    "HANDIN_SANDBOX",
    "handin_inline_page_html",
    "handin_page_html",
    "moved_page_html",
    "rules_page_html",
]

HANDIN_PAGE_TITLE = "The hand-in as the teacher reads it"

HANDIN_SANDBOX = "allow-popups"
"""The frame's permissions. No ``allow-scripts``, no ``allow-same-origin``, no navigation of the page around it, and
no ``allow-popups-to-escape-sandbox``: with it, a link with ``target="_blank"`` opened what it points to in a window of
its own, unsandboxed, where scripts ran on the site."""

_HANDIN_INTRO = (
    "This is the page the course's <code>report.py html</code> makes of the report: Python-Markdown without "
    "extensions, on the report as it is in the repository. It is what the teacher grades."
)
_HANDIN_DIFFERENCES = (
    "Where it shows an answer otherwise than GitHub (fenced code run into the text, a table or a list as one "
    "paragraph), the report page has a <code>handin-render</code> warning on that line."
)


def handin_inline_page_html(report_href: str, handin: str) -> str:
    """The site's page of the hand-in: ``handin`` (the course's ``report.py html`` output, unchanged) carried whole
    in the frame's ``srcdoc``, under a title and one paragraph saying what it is and where the same file comes from,
    with a link back to the report page (``report_href``).

    A ``srcdoc`` document resolves its relative addresses against the page around it, so the hand-in's images
    (``figures/a.png``, relative to the report's folder) load when this page is published in the folder where the
    report's files are. The frame is sandboxed as :data:`HANDIN_SANDBOX` says.

    Escaped, the attribute reads back as ``handin``, every character of it but two that a browser's HTML parser
    changes in any attribute and a hand-in never or seldom holds: a carriage return (read as a line feed; the course
    reads the report with universal newlines, so its output has none) and NUL (read as U+FFFD; Python-Markdown keeps
    one the report holds)."""
    return _handin_page(
        report_href,
        f'srcdoc="{escape(handin)}"',
        "The frame holds that file byte for byte; <code>mkdocs-report handin</code>, run in the repository, writes "
        "the same file as <code>report.html</code> beside the report.",
    )


def handin_page_html(report_href: str, handin_src: str, *, sandbox: str = HANDIN_SANDBOX) -> str:
    """The hand-in at the address ``handin_src`` in the same frame, under the same title and paragraph: ``grade``'s
    page for a group's copy of the file on the teacher's disk, whose frame ``sandbox`` may allow more."""
    return _handin_page(report_href, f'src="{escape(handin_src)}"', "", sandbox)


def _handin_page(report_href: str, frame_source: str, where: str, sandbox: str = HANDIN_SANDBOX) -> str:
    """The frame is sandboxed without scripts: the hand-in keeps the student's raw HTML as the course writes it, so a
    script in it must not run. Images and links inside it work. The one permission, ``allow-popups``, lets a link with
    ``target="_blank"`` open at all (without it the click does nothing); the window it opens is sandboxed as the frame
    is, so the page it shows runs no script either (:data:`HANDIN_SANDBOX`)."""
    back = f'<a href="{escape(report_href)}">Back to the report page</a>'
    said = " ".join(part for part in (_HANDIN_INTRO, where, _HANDIN_DIFFERENCES, back) if part)
    return _page(
        HANDIN_PAGE_TITLE,
        f'<p class="report-handin-intro">{said}.</p>'
        f'<iframe class="report-handin-frame" {frame_source} title="{escape(HANDIN_PAGE_TITLE)}" '
        f'sandbox="{sandbox}"></iframe>',
    )


def moved_page_html(title: str, target_href: str) -> str:
    """A page of ours, titled ``title``, at an address the site no longer uses: it opens ``target_href`` at once
    (no script needed), and links to it for a browser that does not."""
    target = escape(target_href)
    return _page(
        title,
        f'<p>This page has moved: <a href="{target}">open it at its new address</a>.</p>',
        head=f'<meta http-equiv="refresh" content="0; url={target}">\n',
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


def _page(title: str, body: str, *, head: str = "") -> str:
    main = f'<main class="md-typeset report-companion">\n<h1>{escape(title)}</h1>\n{body}\n</main>\n'
    return html_document(title, f"\n{standalone_styles()}\n", main, head=head)
