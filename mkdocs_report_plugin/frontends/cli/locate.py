"""Which report ``mkdocs-report`` checks when no path is given: the one the plugin publishes.

Students run the command where they run ``mkdocs serve``: the repository's top, or ``docs/``
(the course's cookiecutter keeps ``docs/mkdocs.yaml``). So the report is found as the plugin
finds it: the ``report`` plugin's ``path`` in the nearest MkDocs config (resolved from that
config's folder), else ``reports/README.md`` in the current folder or the folders above it.
The search stops at the top of the git work tree, so a config outside the project never
decides.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_report_plugin.reading.repository import find_root

if TYPE_CHECKING:
    import yaml

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "docs/mkdocs.yaml")
REPORT_NAME = Path("reports/README.md")
PLUGIN_NAME = "report"


class NotFound(Exception):
    """No report could be chosen; the message says where the search looked and what to pass."""


@dataclass(frozen=True)
class Located:
    """The report chosen, and why it was chosen, in words a student reads (``""`` when obvious)."""

    path: Path
    reason: str


@functools.cache
def _tolerant_loader() -> type[yaml.SafeLoader]:
    """A safe loader that reads MkDocs' ``!!python/name:`` and ``!ENV`` tags as nothing; made (and PyYAML imported)
    only where there is a config to read.

    The values behind them never matter here, and a safe loader must not import or run code.
    """
    import yaml

    class TolerantLoader(yaml.SafeLoader):
        pass

    TolerantLoader.add_multi_constructor("!", _ignore_tag)
    TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
    return TolerantLoader


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def find_report(start: Path) -> Located:
    """The report the plugin publishes, seen from ``start``; ``NotFound`` says where it looked."""
    folders = _folders_up(start)
    notes: list[str] = []
    for folder in folders:
        for name in CONFIG_NAMES:
            config = folder / name
            if config.is_file():
                located = _from_config(config, start, notes)
                if located is not None:
                    return located
    for folder in folders:
        report = folder / REPORT_NAME
        if report.is_file():
            shown = _shown(report, start)
            reason = "" if shown == REPORT_NAME else f"{REPORT_NAME} found above this folder"
            return Located(shown, "; ".join(filter(None, [reason, *notes])))
    looked = f"{folders[0]}" if len(folders) == 1 else f"{folders[0]} and the folders up to {folders[-1]}"
    raise NotFound(
        f"no report found here: looked in {looked} for the report plugin's path in "
        f"{', '.join(CONFIG_NAMES)} and for {REPORT_NAME}{''.join(f' ({note})' for note in notes)}. "
        "Pass the report's path, for example: mkdocs-report check reports/README.md"
    )


def _folders_up(start: Path) -> list[Path]:
    """``start`` and its parents, up to the git work tree's top (or the file system's)."""
    folder = Path(os.path.abspath(start))
    top = find_root(folder)
    folders = [folder]
    for parent in folder.parents:
        if folders[-1] == top:
            break
        folders.append(parent)
    return folders


def _from_config(config: Path, start: Path, notes: list[str]) -> Located | None:
    """The report a config's ``report`` plugin names, or None (noted) when it names none."""
    import yaml

    shown_config = _shown(config, start)
    try:
        settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_tolerant_loader())  # a SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        notes.append(f"{shown_config} could not be read as YAML")
        return None
    path = _plugin_path(settings)
    if path is None:
        return None
    report = Path(os.path.normpath(config.parent / path))
    if report.is_dir():
        report = report / "README.md"
    shown = _shown(report, start)
    if not report.is_file():
        raise NotFound(
            f"{shown_config} gives the report plugin the path {path}, but {shown} does not exist: "
            f"fix that path, or pass the report's path to mkdocs-report."
        )
    return Located(shown, "" if shown == REPORT_NAME else f"the report plugin's path in {shown_config}")


def _plugin_path(settings: object) -> str | None:
    """``plugins: [report: {path: ...}]`` or ``plugins: {report: {path: ...}}``; None when absent."""
    if not isinstance(settings, dict):
        return None
    plugins = settings.get("plugins")
    entries = plugins.items() if isinstance(plugins, dict) else _list_entries(plugins)
    for name, options in entries:
        if name == PLUGIN_NAME and isinstance(options, dict) and isinstance(options.get("path"), str):
            return str(options["path"])
    return None


def _list_entries(plugins: object) -> list[tuple[object, object]]:
    """A list of plugins as (name, options): ``- search`` has none, ``- report: {...}`` has its own."""
    if not isinstance(plugins, list):
        return []
    entries: list[tuple[object, object]] = []
    for entry in plugins:
        if isinstance(entry, dict):
            entries.extend(entry.items())
        else:
            entries.append((entry, None))
    return entries


def _shown(path: Path, start: Path) -> Path:
    """``path`` as the student would type it from ``start`` (relative, ``../`` when above)."""
    try:
        return Path(os.path.relpath(path, os.path.abspath(start)))
    except ValueError:  # another drive on Windows
        return path
