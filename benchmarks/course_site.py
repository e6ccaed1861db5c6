"""A real course site, laid out twice: publishing its report with the plugin, and with the report copied in as
a plain page. Also run as a child process that simulates ``mkdocs serve``'s rebuilds of one of them.

The hand-ins of ``../shared/handins`` are laid out by ``tests/support/handins.py`` (the course's
``materialize.py``), which also adds the plugin the way ``tests/test_handin_sites.py`` does, with the two lines
a student writes.

    python benchmarks/course_site.py serve CONFIG OTHER_PAGE REPORT ROUNDS   # prints JSON timings
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class CourseSite:
    """One hand-in's MkDocs project, as published with the plugin or with the report as a plain page."""

    config: Path
    other_page: Path  # a page of the site that is not the report: what "editing another page" edits
    report: Path  # the file a student edits to change the report page


def lay_out(handin_id: str, root: Path) -> tuple[CourseSite, CourseSite]:
    """The hand-in laid out under ``root/with-plugin`` and ``root/plain``: the same repository, the same config
    (mkdocstrings left out where it has nothing to collect), one with the plugin publishing the report, one with
    the report and its folder copied into the docs as ``report/index.md`` and listed in the nav."""
    load, laid_out_with_the_plugin, without_plugin = _course_helpers()
    handin = load(handin_id)
    with_plugin = laid_out_with_the_plugin(handin, root / "with-plugin")
    plain_root = root / "plain"
    shutil.copytree(root / "with-plugin", plain_root, symlinks=True)
    plain_config = plain_root / handin.mkdocs  # type: ignore[operator]  # every site benchmarked has a config
    plain_config.write_text(_as_plain_page(without_plugin(plain_config.read_text(), "report")))
    docs = plain_config.parent / _docs_dir(plain_config.read_text())
    report = plain_root / handin.report
    shutil.copytree(report.parent, docs / "report", symlinks=True)
    (docs / "report" / report.name).rename(docs / "report" / "index.md")
    other = with_plugin.parent / _docs_dir(with_plugin.read_text()) / "index.md"
    return (
        CourseSite(with_plugin, other, root / "with-plugin" / handin.report),
        CourseSite(plain_config, docs / "index.md", docs / "report" / "index.md"),
    )


def _course_helpers() -> tuple[Any, Any, Any]:
    """``tests/support/handins.py``'s ``load`` and the two helpers that add and remove a plugin in a config, as the
    tests use them. ``tests/`` is on the path only while they are imported: the benchmarks have a ``handins`` too."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from support.handins import laid_out_with_the_plugin, load, without_plugin
    finally:
        sys.path.remove(str(REPO / "tests"))
    return load, laid_out_with_the_plugin, without_plugin


def _docs_dir(config: str) -> str:
    for line in config.splitlines():
        if line.startswith("docs_dir:"):
            return line.split(":", 1)[1].strip().strip("'\"")
    return "docs"


def _as_plain_page(config: str) -> str:
    """The config with the copied report listed in its nav, where the plugin would add it."""
    if "\nnav:" not in config:
        return config
    return config.rstrip("\n") + "\n  - Report: report/index.md\n"


def serve_rebuilds(site: CourseSite, rounds: int) -> dict[str, list[float]]:
    """What ``mkdocs serve`` does, in this process: the config loaded, ``on_startup`` once, a first build, then
    per round a rebuild after editing another page and one after editing the report, each with a config loaded
    anew and the plugin instances MkDocs keeps across rebuilds (those with ``on_startup``). CPU seconds of each."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site_dir = site.config.parent / "served-site"
    serve_url = "http://127.0.0.1:8000/"

    def rebuild() -> float:
        config = load_config(config_file=str(site.config), site_dir=str(site_dir))
        config.site_url = serve_url
        start = time.process_time()
        build(config, serve_url=serve_url, dirty=False)
        return time.process_time() - start

    config = load_config(config_file=str(site.config), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    spent: dict[str, list[float]] = {"first": [rebuild()], "other": [], "report": []}
    for number in range(rounds):
        _append(site.other_page, f"\n\nEdited {number}.\n")
        spent["other"].append(rebuild())
        _append(site.report, f"\n\nEdited {number}.\n")
        spent["report"].append(rebuild())
    config.plugins.on_shutdown()
    return spent


def _append(page: Path, text: str) -> None:
    with page.open("a", encoding="utf-8") as file:
        file.write(text)


if __name__ == "__main__" and sys.argv[1:2] == ["serve"]:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_path, other_page, report_path, rounds = sys.argv[2:6]
    timings = serve_rebuilds(CourseSite(Path(config_path), Path(other_page), Path(report_path)), int(rounds))
    sys.stdout.write(json.dumps(timings) + "\n")
