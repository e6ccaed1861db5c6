"""The report page in the site's navigation."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig


def add_to_nav(config: MkDocsConfig, title: str | None, page_uri: str) -> None:
    """Put the report page in an explicit ``nav`` (the course's lists only Home), unless it is
    there already or ``nav_title: false``; without ``nav``, MkDocs lists every page itself."""
    if title is None or not isinstance(config.nav, list) or _in_nav(config.nav, page_uri):
        return
    config.nav.append({title: page_uri})


def _in_nav(items: object, page_uri: str) -> bool:
    if isinstance(items, str):
        return items.strip("/") in (page_uri, page_uri.split("/")[0])
    if isinstance(items, list):
        return any(_in_nav(item, page_uri) for item in items)
    if isinstance(items, dict):
        return any(_in_nav(value, page_uri) for value in items.values())
    return False
