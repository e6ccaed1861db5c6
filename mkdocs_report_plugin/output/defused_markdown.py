"""A Python-Markdown extension that puts back, in the page's tree, the characters defuse.py marked.

:func:`defuse.restore` fixes the rendered HTML, but Python-Markdown builds the table of
contents (and the heading ids) from its element tree before that HTML exists; MkDocs'
navigation and the search index are then made from that table of contents. So the marks
are turned back into the characters written right after the inline syntax is read (the
only step the marks are there for) and before the table of contents is built. Kept out of
defuse.py so that ``check`` does not import Python-Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from mkdocs_report_plugin.reading.defuse import restore

_AFTER_INLINE_BEFORE_TOC = 6
"""Python-Markdown reads inline syntax at priority 20, attr_list runs at 8 and toc at 5."""


class _RestoreMarks(Treeprocessor):
    def __init__(self, md: Markdown, active: Callable[[], bool]) -> None:
        super().__init__(md)
        self.active = active

    def run(self, root: Element) -> None:
        if not self.active():
            return
        for element in root.iter():
            element.text = _restored(element.text)
            element.tail = _restored(element.tail)
            for name, value in element.attrib.items():
                if isinstance(value, str):  # attr_list can leave None on a name it read from odd text
                    element.attrib[name] = restore(value)


def _restored(text: str | None) -> str | None:
    if not text:
        return text
    restored = restore(text)
    return AtomicString(restored) if isinstance(text, AtomicString) and restored is not text else restored


def register_restore_marks(md: Markdown, active: Callable[[], bool] = lambda: True) -> None:
    """Put the marks back on the pages ``active()`` says were defused (the page extension's report page)."""
    md.treeprocessors.register(_RestoreMarks(md, active), "report_restore_marks", _AFTER_INLINE_BEFORE_TOC)


class RestoreMarks(Extension):
    """Register with any Markdown instance that renders a page :func:`defuse.defuse_page` changed."""

    def extendMarkdown(self, md: Markdown) -> None:
        register_restore_marks(md)
