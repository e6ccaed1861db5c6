"""Ids and names on the report page that no theme or plugin can mistake for its own (DOM clobbering).

A theme finds its parts by id: Material reads its settings from ``#__config`` with ``querySelector``, which
returns the first match in the document, and the report comes before the theme's own script. A student's
``<div id="__config">`` would set the site's ``base`` and make the version selector fetch a file of the
student's choosing and show it as HTML. So, as GitHub does with ``user-content-``, every ``id`` and ``name``
the student chose (raw HTML, attr_list's ``{#id}``) is prefixed, and every in-page link (``#id``) and
label (``for``) that points to one is rewritten to match.

The ids the page's own extensions make are kept, so the dashboard's links, the table of contents and a
link copied from GitHub (``#question-4``, ``#our-setup``) keep working: ``toc``'s heading ids, made of the
heading's words, unless such an id is one a theme looks up (:data:`THEME_IDS`, or any id starting with
``__``, Material's and Zensical's convention): that one is prefixed too, in the table of contents as well.

How the ids are told apart: the student's are prefixed on the page's tree before ``toc`` runs
(:meth:`PageIds.prefix_ids`); once the tree is complete, every id on it is ours to keep and is marked with
a token nobody can guess (:meth:`PageIds.keep_ids`); the sanitiser, which reads the whole page as a
browser does (:mod:`.sanitise`), takes the token off the marked ids and prefixes every other id and
name, which can only be raw HTML the tree never saw (:meth:`PageIds.attribute`).

A ``title`` is shown by Material's and Zensical's tooltips (``content.tooltips``) as HTML: each ``<`` in it
is followed by a zero-width space, so no tag can start there and the title reads the same either way.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element

__all__ = ["THEME_IDS", "USER_CONTENT", "PageIds", "is_theme_id", "safe_title"]

USER_CONTENT = "user-content-"
"""GitHub's prefix for the ids of user content; no theme looks up an id that starts with it."""

THEME_IDS = frozenset(
    {
        # MkDocs' own themes (mkdocs, readthedocs) and its search plugin
        "mkdocs-search-query",
        "mkdocs-search-results",
        "mkdocs_search_modal",
        "mkdocs_keyboard_modal",
        "searchModalLabel",
        "keyboardModalLabel",
        "theme-menu",
        "navbar-collapse",
        "toc-collapse",
        "main-content",
        "hljs-light",
        "hljs-dark",
        "search",
        "content_search",
        "404-page-not-found",
    }
)
"""Ids that MkDocs' themes and search look up and that do not start with ``__``.

Every id Material (9.8) and Zensical (0.0.73) look up starts with ``__``: ``__config``, ``__drawer``,
``__search``, ``__toc``, ``__settings``, ``__consent``, ``__analytics``, ``__skip``, ``__palette_N``,
``__nav_N``, ``__tabbed_N_M``, ``__codelineno-...``, ``__tooltip_N``, ``__ref_N``. Read from their
templates and scripts (``grep -o 'id="[^"]*"'`` and ``getElementById``/``querySelector("#...")``)."""


def is_theme_id(value: str) -> bool:
    """Whether a theme may look up an element by this id."""
    return value.startswith("__") or value in THEME_IDS


def safe_title(title: str) -> str:
    """``title`` that reads the same as text and as HTML: each ``<`` followed by a zero-width space.

    HTML reads ``<`` followed by anything but a letter, ``/``, ``!`` or ``?`` as the character itself, so
    no element can start; a character reference (``&lt;``) only ever makes text."""
    return title.replace("<", "<\u200b")


class PageIds:
    """The ids of one page: which are kept as they are, which are prefixed."""

    def __init__(self) -> None:
        self._mark = f"report-kept-{secrets.token_hex(8)}-"
        self.kept: set[str] = set()
        """The ids on the page as the tree made them (after :meth:`keep_ids`, without the mark)."""

    def prefix_ids(self, root: Element, keep: Callable[[Element], bool] = lambda element: False) -> None:
        """Prefix every id on the tree but those ``keep`` accepts: on the page, before ``toc`` runs, all of
        them are the student's (attr_list, md_in_html) or made in the student's name (footnotes, tabs)."""
        for element in root.iter():
            value = element.get("id")
            if value and not keep(element):
                element.set("id", USER_CONTENT + value)

    def rename_theme_ids(self, root: Element, toc_tokens: Iterable[dict[str, Any]] = ()) -> None:
        """Prefix the ids left on the tree that a theme looks up (a heading ``## __config`` gets the id
        ``__config`` from ``toc``), and the same ids in the table of contents the theme shows."""
        renamed: dict[str, str] = {}
        for element in root.iter():
            value = element.get("id")
            if value and is_theme_id(value):
                renamed[value] = USER_CONTENT + value
                element.set("id", renamed[value])
        if renamed:
            _rename_in_toc(toc_tokens, renamed)

    def keep_ids(self, root: Element) -> None:
        """Keep every id now on the tree: marked for the sanitiser, which takes the mark off."""
        for element in root.iter():
            value = element.get("id")
            if value:
                self.kept.add(value)
                element.set("id", self._mark + value)

    def attribute(self, element: str, attribute: str, value: str) -> str:
        """The value the page gets for one attribute of the sanitised page (see the module's docstring)."""
        if attribute == "id":
            return value.removeprefix(self._mark) if value.startswith(self._mark) else USER_CONTENT + value
        if attribute == "name":
            return USER_CONTENT + value
        if attribute == "for":
            return value if value in self.kept else USER_CONTENT + value
        if attribute == "href" and value.startswith("#") and len(value) > 1:
            fragment = value[1:]
            return value if fragment in self.kept or unquote(fragment) in self.kept else f"#{USER_CONTENT}{fragment}"
        if attribute == "title":
            return safe_title(value)
        return value


def _rename_in_toc(tokens: Iterable[dict[str, Any]], renamed: dict[str, str]) -> None:
    for token in tokens:
        if token.get("id") in renamed:
            token["id"] = renamed[token["id"]]
        _rename_in_toc(token.get("children", []), renamed)
