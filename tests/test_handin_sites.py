"""Every real hand-in with a MkDocs config, built with the plugin as its group would add it.

Each repository is laid out (a git work tree whose origin is the group's GitHub
repository), gets the two lines a student adds under ``plugins:``, and is built from its
config's folder, as the course's docs workflow runs it. What the site says must be what
``mkdocs-report check`` says: the same findings as warnings, the same score on the page.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from support.handins import handin_ids, laid_out_with_the_plugin, load
from support.projects import GIT_IDENTITY, check_json, mkdocs, report_warnings, score_on_page

pytestmark = pytest.mark.slow

DEPLOYED = "018"  # the hand-in that also goes through gh-deploy


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
