"""Every real hand-in with a MkDocs config, built with the plugin as its group would add it.

Each repository is laid out (a git work tree whose origin is the group's GitHub
repository), gets the two lines a student adds under ``plugins:``, and is built from its
config's folder, as the course's docs workflow runs it. What the site says must be what
``mkdocs-report check`` says: the same findings as warnings, the same score on the page.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from handins import Handin, handin_ids, load, materialize
from test_course_projects import check_json, report_warnings, score_on_page
from test_gh_deploy import GIT_IDENTITY
from test_plugin_support import mkdocs

pytestmark = pytest.mark.slow

API_DIRECTIVE = re.compile(r"^:::\s", re.MULTILINE)
DEPLOYED = "018"  # the hand-in that also goes through gh-deploy


def with_the_plugin(config: str, report_path: str) -> str:
    """The config with the two lines a student writes under ``plugins:``."""
    lines = config.split("\n")
    start = next(index for index, line in enumerate(lines) if line.startswith("plugins:"))
    item = lines[start + 1]
    indent = item[: len(item) - len(item.lstrip())]
    lines[start + 1 : start + 1] = [f"{indent}- report:", f"{indent}    path: {report_path}"]
    return "\n".join(lines)


def without_plugin(config: str, name: str) -> str:
    """The config without the plugin ``name`` and the options nested under it."""
    kept, dropping, depth = [], False, 0
    for line in config.split("\n"):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if stripped.startswith(f"- {name}"):
            dropping, depth = True, indent
            continue
        if dropping and stripped and indent <= depth:
            dropping = False
        if not dropping:
            kept.append(line)
    return "\n".join(kept)


def laid_out_with_the_plugin(handin: Handin, root: Path) -> Path:
    """The hand-in's repository with the plugin added; returns its config's path.

    The laid-out repository's Python files are empty, so where the docs pages ask
    mkdocstrings for the API (``::: package.module``), there is nothing to collect and
    mkdocstrings stops the build whatever our plugin does: it is left out there.
    """
    materialize(handin, root)
    assert handin.mkdocs is not None
    config = root / handin.mkdocs
    text = with_the_plugin(config.read_text(), os.path.relpath(root / handin.report, config.parent))
    pages = config.parent.rglob("*.md")
    if any(API_DIRECTIVE.search(page.read_text(errors="replace")) for page in pages):
        text = without_plugin(text, "mkdocstrings")
    config.write_text(text)
    return config


@pytest.mark.parametrize("handin_id", handin_ids(with_mkdocs=True))
def test_a_real_course_project_builds_with_its_report_page(handin_id: str, tmp_path: Path) -> None:
    handin = load(handin_id)
    config = laid_out_with_the_plugin(handin, tmp_path / "repository")
    site = tmp_path / "site"

    run = mkdocs(config.parent, "build", "--config-file", config.name, "--site-dir", str(site))

    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    about_the_report = [line for line in run.stderr.splitlines()
                        if line.startswith("WARNING") and "report:" not in line and "report/" in line]  # fmt: skip
    assert about_the_report == [], handin_id  # MkDocs itself finds nothing wrong with the page we made
    page = BeautifulSoup((site / "report" / "index.html").read_text(), "html.parser")
    for image in page.select("article img"):
        assert (site / "report" / unquote(image["src"])).resolve().is_file(), f"{handin_id}: {image['src']}"
    home = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    assert home.select("a[href='report/']"), f"{handin_id}: the home page does not link to the report"
    cli = check_json(tmp_path / "repository" / handin.report)
    assert len(report_warnings(run.stderr)) == len(cli["findings"]), handin_id
    assert score_on_page(page) == f"{cli['passed']}/{cli['total']}", handin_id


def test_a_real_course_project_is_published_by_gh_deploy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if DEPLOYED not in handin_ids(with_mkdocs=True):
        pytest.skip(f"hand-in {DEPLOYED} not found (../shared sits beside the checkout in CI)")
    for name, value in GIT_IDENTITY.items():
        monkeypatch.setenv(name, value)
    config = laid_out_with_the_plugin(load(DEPLOYED), tmp_path / "repository")
    bare = tmp_path / "pages.git"
    subprocess.run(["git", "init", "--bare", "--quiet", str(bare)], check=True)

    run = mkdocs(config.parent, "gh-deploy", "--force", "--config-file", config.name, "--remote-name", str(bare))

    assert run.returncode == 0, run.stderr[-3000:]
    published = subprocess.run(["git", "--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages"],
                               capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    assert "report/index.html" in published and any(path.startswith("report/figures/") for path in published)
