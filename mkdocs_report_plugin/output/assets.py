"""The stylesheets shipped in the package's ``assets/`` folder: the site publishes them, the standalone page inlines them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def asset(name: str) -> Path:
    """Where the shipped asset ``name`` is, found from the package itself rather than from a module's depth."""
    return Path(str(resources.files("mkdocs_report_plugin") / "assets" / name))


def standalone_styles() -> str:
    """The style of a page of ours outside a site: the report page's own and what a theme would give it."""
    return "\n".join(asset(name).read_text(encoding="utf-8") for name in ("report.css", "standalone.css"))
