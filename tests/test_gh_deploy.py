"""`mkdocs gh-deploy` publishes the report page with the rest of the site (to a local bare repository)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from support.projects import GIT_IDENTITY, make_project, mkdocs

pytestmark = pytest.mark.slow


def _git(*args: str, cwd: Path) -> str:
    run = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=True,
        env={**os.environ, **GIT_IDENTITY},
    )  # fmt: skip
    return run.stdout


def test_gh_deploy_pushes_the_report_page_to_gh_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GIT_IDENTITY.items():
        monkeypatch.setenv(name, value)
    bare = tmp_path / "remote.git"
    _git("init", "--bare", "--quiet", str(bare), cwd=tmp_path)
    project = make_project(tmp_path / "p")
    _git("init", "--quiet", cwd=project)
    _git("add", ".", cwd=project)
    _git("commit", "--quiet", "-m", "project", cwd=project)

    run = mkdocs(project, "gh-deploy", "--strict", "--force", "--remote-name", str(bare))

    assert run.returncode == 0, run.stderr
    page = _git("--git-dir", str(bare), "show", "gh-pages:report/index.html", cwd=tmp_path)
    assert "report-dashboard" in page and "tag29" in page
    published = _git("--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages", cwd=tmp_path).split()
    assert "report/figures/q14_0.png" in published
