"""The report page made by one Python-Markdown extension: the same page under MkDocs, ProperDocs, Zensical
and ``mkdocs-report html``, decorated while Python-Markdown makes it, with no second reading of the HTML.

One processor per job, in the order Python-Markdown runs them:

0. ``report_neutralise_stash`` (tree, after inline syntax): the student's raw HTML, which
   Python-Markdown holds aside, with what could run code shown as text;
1. ``report_restore_marks`` (tree, after inline syntax, before ``toc``): the text defuse.py marked put back;
2. ``report_prefix_ids`` (tree, after attr_list, before ``toc``): the ids the student chose prefixed
   (:mod:`.page_ids`), so ``toc`` puts the prefixed ids in the table of contents;
3. ``report_decorate`` (tree, after ``toc``): unresolved images and links shown for what they are, the
   elements Markdown made that could run code shown as text, images embedded when asked, then the task
   lists, badges, findings and the dashboard, as markers (:class:`.render.Slots`); the ids on the tree kept;
4. ``report_sanitise`` (last): the page and its table of contents through nh3's allow-list, then our
   markup in place of the markers.

Which page is the report, and what it holds, comes from the front-end (:class:`PageDecoration`); on
any other page the extension does nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from mkdocs_report_plugin.model.report import Result
from mkdocs_report_plugin.output.dashboard import ImageProblem
from mkdocs_report_plugin.output.defused_markdown import register_restore_marks
from mkdocs_report_plugin.output.embed import embed_images, embed_planned
from mkdocs_report_plugin.output.page_ids import PageIds
from mkdocs_report_plugin.output.render import Slots, decorate_tree
from mkdocs_report_plugin.output.sanitise import (
    ACTIVE_ELEMENTS,
    neutralise_active_content,
    neutralise_fragment,
    sanitise,
    sanitise_toc,
)
from mkdocs_report_plugin.output.unresolved import Unresolved, show_unresolved
from mkdocs_report_plugin.reading.defuse import restore

__all__ = ["DecorateReport", "PageDecoration", "StopBuild"]

_AFTER_TOC = 4
"""toc gives the headings their ids at 5; our badges must not enter the table of contents."""
_BEFORE_TOC = 5.5
"""After attr_list (8) and the marks restored (6): every id the student chose is on the tree."""
_AFTER_INLINE = 7
"""Inline raw HTML is held aside by the inline processor (20); toc (5) runs the postprocessors over headings."""
_LAST = 0.5
"""After every postprocessor of Python-Markdown (the lowest, amp_substitute, is 20) and pymdownx."""


@dataclass
class PageDecoration:
    """What the report page shows besides the student's text, given by the front-end for one page."""

    result: Result
    unresolved: list[Unresolved] = field(default_factory=list)
    handin_url: str | None = None
    rules_href: str | None = None
    """A rule's entry in the rules reference is ``rules_href`` + its id (None: rule ids are not links)."""
    annotate: bool = True
    dashboard: bool = True
    embed_images: bool = False
    """Local images embedded as ``data:`` URIs, read from ``image_folder``'s tree only."""
    image_folder: Path | None = None
    embedded: list[Path] = field(default_factory=list)
    """The files of the page's ``report-embed:N`` images (SVGs the site shows inside the page, by N)."""
    image_problems: list[ImageProblem] = field(default_factory=list)
    """The images that could not be embedded; filled while the page is made, listed in the dashboard."""
    stylesheet: str = ""
    """CSS put on top of the page, for a site that cannot add our stylesheet to its pages (Zensical)."""


ErrorHandler = Callable[[str, Exception], None]


class StopBuild(Exception):
    """The build stops, on purpose, with this message (``strict``, an option or a spec that cannot be used): the
    front-end stops it its own way, and the page's guard lets it through rather than making it a warning."""


class DecorateReport(Extension):
    """Register with any Markdown instance that may render a report page.

    ``decoration`` is what to decorate the page being rendered with (None: not a report page,
    nothing is done): the front-end sets it before the page is rendered and clears it after.
    ``on_error`` is told of a bug in the decoration: the page is then written sanitised but
    undecorated, and the front-end warns once.
    """

    def __init__(self, decoration: PageDecoration | None = None, on_error: ErrorHandler | None = None) -> None:
        super().__init__()
        self.decoration = decoration
        self.on_error = on_error

    def page_for(self, md: Markdown, lines: list[str]) -> tuple[PageDecoration | None, list[str]]:
        """The decoration of the page whose markdown is ``lines``, and the lines to render.

        A front-end that prepares the markdown itself (the MkDocs plugin) sets ``decoration``;
        one that only has this extension (Zensical) overrides this."""
        return self.decoration, lines

    def extendMarkdown(self, md: Markdown) -> None:
        conversion = _Conversion(self)
        register_restore_marks(md, lambda: conversion.decoration is not None)
        md.preprocessors.register(_Begin(md, conversion), "report_begin", 1000)
        md.treeprocessors.register(_PrefixIds(md, conversion), "report_prefix_ids", _BEFORE_TOC)
        md.treeprocessors.register(_Decorate(md, conversion), "report_decorate", _AFTER_TOC)
        md.treeprocessors.register(_NeutraliseStash(md, conversion), "report_neutralise_stash", _AFTER_INLINE)
        md.postprocessors.register(_SanitiseAndFill(md, conversion), "report_sanitise", _LAST)


class _Conversion:
    """One page's state, from its first preprocessor to its last postprocessor."""

    def __init__(self, extension: DecorateReport) -> None:
        self.extension = extension
        self.decoration: PageDecoration | None = None
        self.slots = Slots()
        self.ids = PageIds()
        self.tree_done = False
        """Set once the page's tree is decorated: ``toc`` runs the postprocessors over each heading before that."""

    def begin(self, md: Markdown, lines: list[str]) -> list[str]:
        self.decoration, self.tree_done = None, False
        try:
            self.decoration, lines = self.extension.page_for(md, lines)
        except StopBuild:
            raise
        except Exception as error:  # noqa: BLE001 - a bug costs a warning, never the page
            self.failed("checking the report page", error)
        if self.decoration is not None:
            self.slots, self.ids = Slots(), PageIds()
        return lines

    def failed(self, what: str, error: Exception) -> None:
        if self.extension.on_error is None:
            raise error
        self.extension.on_error(what, error)


class _Begin(Preprocessor):
    """Asks the front-end, once per page and before any other preprocessor, whether it is the report."""

    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, lines: list[str]) -> list[str]:
        return self.conversion.begin(self.md, lines)


class _PrefixIds(Treeprocessor):
    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, root: Element) -> None:
        if self.conversion.decoration is not None:
            self.conversion.ids.prefix_ids(root)


class _Decorate(Treeprocessor):
    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, root: Element) -> None:
        decoration = self.conversion.decoration
        if decoration is None:
            return
        self.conversion.tree_done = True
        try:
            self.conversion.ids.rename_theme_ids(root, getattr(self.md, "toc_tokens", []))
            show_unresolved(root, decoration.unresolved)
            neutralise_active_content(root)
            problems = embed_planned(root, decoration.embedded)
            if decoration.embed_images:
                problems += embed_images(root, decoration.image_folder)
            decoration.image_problems = problems
            decorate_tree(
                root,
                decoration.result,
                self.conversion.slots,
                annotate=decoration.annotate,
                dashboard=decoration.dashboard,
                image_problems=decoration.image_problems,
                handin_url=decoration.handin_url,
                rules_href=decoration.rules_href,
            )
            if decoration.stylesheet:
                root.text = self.conversion.slots.hold(f"<style>{decoration.stylesheet}</style>") + (root.text or "")
        except Exception as error:  # noqa: BLE001 - a bug in the decoration costs a warning, never the page
            self.conversion.slots.empty()  # the markers already placed are filled with nothing
            self.conversion.failed("decorating the report page", error)
        self.conversion.ids.keep_ids(root)


class _NeutraliseStash(Treeprocessor):
    """The student's raw HTML, held aside by Python-Markdown, with what could run code shown as text.

    A treeprocessor, not a postprocessor: ``toc`` runs every postprocessor over each heading's
    text, which would judge an inline ``<svg>``'s tags one by one before the page is whole.
    """

    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, root: Element) -> None:
        if self.conversion.decoration is None:
            return
        stash = self.md.htmlStash.rawHtmlBlocks
        if any(isinstance(block, str) and _OPENS_HELD_ELEMENT.match(block) for block in stash):
            for element in root.iter():
                element.text = self._join_inline_elements(element.text)
                element.tail = self._join_inline_elements(element.tail)
        for index, block in enumerate(stash):
            if isinstance(block, str):
                stash[index] = neutralise_fragment(restore(block))
            else:  # md_in_html holds elements: judged under a root of their own, so the block itself can be shown too
                holder = Element("div")
                holder.append(block)
                neutralise_active_content(holder)
                stash[index] = holder[0]

    def _join_inline_elements(self, text: str | None) -> str | None:
        """One stash entry per inline ``<svg>...</svg>`` or ``<script>...</script>``, so it is judged, and shown, whole.

        Python-Markdown holds each inline tag aside on its own. A script's text belongs to it; an
        active element inside an SVG must show the whole SVG as text (a ``<code>`` inside it would
        end it for a browser, and the SVG's text after it would be lost). So the tags and the
        text between them become one entry.
        """
        if not text or "\x02" not in text:
            return text
        stash = self.md.htmlStash.rawHtmlBlocks
        pieces: list[str] = []
        held: list[str] = []  # the open element's source so far
        name, depth, position = "", 0, 0
        for match in _PLACEHOLDER.finditer(text):
            block = stash[int(match.group(1))]
            source = block.lower() if isinstance(block, str) else ""
            if depth == 0:
                opening = _OPENS_HELD_ELEMENT.match(source)
                if opening is None:
                    continue
                name = opening.group(1)
                pieces.append(text[position : match.start()])
            else:
                held.append(text[position : match.start()])
            depth += source.count(f"<{name}") - source.count(f"</{name}")
            held.append(block if isinstance(block, str) else "")
            stash[int(match.group(1))] = ""
            position = match.end()
            if depth <= 0:
                pieces.append(self.md.htmlStash.store("".join(held)))
                held, depth = [], 0
        if held:  # never closed in this text: held aside whole all the same
            pieces.append(self.md.htmlStash.store("".join(held)))
        pieces.append(text[position:])
        return "".join(pieces)


_OPENS_HELD_ELEMENT = re.compile(f"(?i)<({'|'.join(('svg', 'math', *ACTIVE_ELEMENTS))})\\b(?![^<>]*/>)")
_PLACEHOLDER = re.compile(HTML_PLACEHOLDER % r"(\d+)")


class _SanitiseAndFill(Postprocessor):
    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, text: str) -> str:
        if self.conversion.decoration is None or not self.conversion.tree_done:
            return text
        sanitise_toc(getattr(self.md, "toc_tokens", []), self.conversion.ids)
        return self.conversion.slots.fill(sanitise(restore(text), self.conversion.ids))
