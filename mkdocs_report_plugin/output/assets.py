"""The stylesheets shipped in the package's ``assets/`` folder: the site publishes them, the standalone page inlines them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def asset(name: str) -> Path:
    """Where the shipped asset ``name`` is, found from the package itself rather than from a module's depth."""
    return Path(str(resources.files("mkdocs_report_plugin") / "assets" / name))
