"""The plugin in the project layout the course hands out: docs/mkdocs.yaml, report in reports/.

Our own fixture lays the cookiecutter's layout out (a git work tree whose origin is on
GitHub, ``docs_dir: source``, a ``nav`` holding only Home) and builds it the two ways a
student does: from ``docs/`` as the course's workflow does, and with ``-f`` from the top.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.images import png
from support.projects import (
    GIT_IDENTITY,
    MKDOCS,
    check_json,
    good_answer,
    mkdocs,
    report_warnings,
    score_on_page,
    valid_report,
)
from support.reportgen import line_of
from support.serving import fetch, free_port, wait_for

pytestmark = pytest.mark.slow

ORIGIN = "git@github.com:group7/leafline.git"
DOCKERFILE_URL = "https://github.com/group7/leafline/blob/main/dockerfiles/train.dockerfile"
COURSE_CONFIG = """\
site_name: leafline
site_author: group 7
docs_dir: source

theme:
  language: en
  name: material
  features:
    - content.code.copy

plugins:
  - search
  - report:
{plugin}
nav:
  - Home: index.md
"""
ANSWERS = {
    15: good_answer(15) + "\n\nSee [our Dockerfile](../dockerfiles/train.dockerfile).",
    19: "![bucket](/reports/figures/q19_0.png)",  # from the repository's top, as GitHub reads it
}


def course_project(root: Path, *, plugin: str = "      path: ../reports/README.md\n", git: bool = True) -> Path:
    """The cookiecutter's layout with our report in it; returns the repository's top folder."""
    report = valid_report(ANSWERS)
    (root / "docs" / "source").mkdir(parents=True)
    (root / "docs" / "mkdocs.yaml").write_text(COURSE_CONFIG.format(plugin=plugin.rstrip("\n")))
    (root / "docs" / "source" / "index.md").write_text("# leafline\n\nClassifying leaves, end to end.\n")
    (root / "reports" / "figures").mkdir(parents=True)
    (root / "reports" / "README.md").write_text(report)
    for number, count in ((14, 1), (19, 1), (20, 1), (21, 1), (29, 1)):
        for index in range(count):
            (root / "reports" / "figures" / f"q{number}_{index}.png").write_bytes(png(shade=number))
    (root / "dockerfiles").mkdir()
    (root / "dockerfiles" / "train.dockerfile").write_text("FROM python:3.12-slim\n")
    if git:
        subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(root)], check=True)
        subprocess.run(["git", "-C", str(root), "remote", "add", "origin", ORIGIN], check=True)
    return root


@pytest.mark.parametrize("where", ["from docs/", "from the top with -f"])
def test_the_course_layout_builds_with_the_report_as_a_page(tmp_path: Path, where: str) -> None:
    root = course_project(tmp_path / "leafline")

    run = mkdocs(root / "docs", "build") if where == "from docs/" else mkdocs(root, "build", "-f", "docs/mkdocs.yaml")

    assert run.returncode == 0, run.stderr
    site = root / "docs" / "site"
    page = BeautifulSoup((site / "report" / "index.html").read_text(), "html.parser")
    sources = [image["src"] for image in page.select("article img")]
    assert len(sources) == 5
    for source in sources:
        assert (site / "report" / source).resolve().is_file(), source
    assert page.find("a", string="our Dockerfile")["href"] == DOCKERFILE_URL
    home = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    assert [link.get_text(strip=True) for link in home.select("nav a[href='report/']")] == ["Exam report"]


def test_the_build_warns_exactly_what_the_cli_prints_and_shows_its_score(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline")

    run = mkdocs(root / "docs", "build")

    cli = check_json(root / "reports" / "README.md")
    warnings = report_warnings(run.stderr)
    assert len(warnings) == len(cli["findings"]) == 1
    report = (root / "reports" / "README.md").read_text()
    line = line_of(report, "/reports/figures/q19_0.png")
    assert warnings[0].startswith(
        f"WARNING -  report: reports/README.md:{line}: Question 19: image '/reports/figures/q19_0.png' starts with '/'"
    )
    assert cli["findings"][0]["line"] == line and cli["findings"][0]["rule"] == "handin-image"
    page = BeautifulSoup((root / "docs" / "site" / "report" / "index.html").read_text(), "html.parser")
    assert score_on_page(page) == f"{cli['passed']}/{cli['total']}" == "31/31"


def test_strict_fails_on_a_warning_the_student_can_fix(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline")

    run = mkdocs(root / "docs", "build", "--strict")

    assert run.returncode == 1 and "Aborted with 1 warnings in strict mode" in run.stdout + run.stderr


@pytest.mark.parametrize(
    ("option", "titles"), [("      nav_title: Our report\n", ["Our report"]), ("      nav_title: false\n", [])]
)
def test_the_navigation_title_can_be_chosen_or_left_out(tmp_path: Path, option: str, titles: list[str]) -> None:
    root = course_project(tmp_path / "leafline", plugin="      path: ../reports/README.md\n" + option)

    run = mkdocs(root / "docs", "build")

    assert run.returncode == 0, run.stderr
    home = BeautifulSoup((root / "docs" / "site" / "index.html").read_text(), "html.parser")
    assert [link.get_text(strip=True) for link in home.select("nav a[href='report/']")] == titles
    assert (root / "docs" / "site" / "report" / "index.html").is_file()


def test_without_git_the_config_folder_is_the_project_and_the_message_says_what_to_set(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline", git=False)

    refused = mkdocs(root / "docs", "build")
    assert refused.returncode == 1
    assert "project_dir" in refused.stderr and "Traceback" not in refused.stderr

    (root / "docs" / "mkdocs.yaml").write_text(
        COURSE_CONFIG.format(plugin="      path: ../reports/README.md\n      project_dir: ..")
    )
    run = mkdocs(root / "docs", "build")
    assert run.returncode == 0, run.stderr
    page = BeautifulSoup((root / "docs" / "site" / "report" / "index.html").read_text(), "html.parser")
    assert page.find("a", string="our Dockerfile") is None  # no address is known to link to
    assert "our Dockerfile" in page.get_text()


def test_in_github_actions_links_go_to_the_workflow_repository(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline")
    subprocess.run(["git", "-C", str(root), "remote", "remove", "origin"], check=True)
    actions = {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com",
               "GITHUB_REPOSITORY": "group7/leafline", "GITHUB_REF_NAME": "main"}  # fmt: skip
    environment = {**os.environ, **actions, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root / "docs", env=environment,
                         capture_output=True, text=True, check=False)  # fmt: skip

    assert run.returncode == 0, run.stderr
    page = BeautifulSoup((root / "docs" / "site" / "report" / "index.html").read_text(), "html.parser")
    assert page.find("a", string="our Dockerfile")["href"] == DOCKERFILE_URL


def test_a_link_to_a_missing_file_is_one_warning_that_does_not_fail_the_question(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline")
    (root / "dockerfiles" / "train.dockerfile").unlink()

    run = mkdocs(root / "docs", "build")

    warnings = report_warnings(run.stderr)
    assert len(warnings) == len(check_json(root / "reports" / "README.md")["findings"]) == 2
    assert any("the link '../dockerfiles/train.dockerfile' leads nowhere" in warning for warning in warnings)
    page = BeautifulSoup((root / "docs" / "site" / "report" / "index.html").read_text(), "html.parser")
    assert score_on_page(page) == "31/31"


def test_gh_deploy_from_docs_publishes_the_report_with_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in GIT_IDENTITY.items():
        monkeypatch.setenv(name, value)
    root = course_project(tmp_path / "leafline")
    bare = tmp_path / "pages.git"
    subprocess.run(["git", "init", "--bare", "--quiet", str(bare)], check=True)

    run = mkdocs(root / "docs", "gh-deploy", "--force", "--remote-name", str(bare))

    assert run.returncode == 0, run.stderr
    published = subprocess.run(["git", "--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages"],
                               capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    assert {"index.html", "report/index.html", "report/figures/q19_0.png"} <= set(published)


def test_serve_from_docs_reloads_the_report_page_and_the_hand_in(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline")
    port = free_port()
    server = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root / "docs",
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(f"{base}/report/") is not None, "the server to answer")
        report = root / "reports" / "README.md"
        report.write_text(report.read_text().replace("tag29", "tag29 freshlyedited"))
        wait_for(lambda: b"freshlyedited" in (fetch(f"{base}/report/") or b""), "the edited answer on the page")
        wait_for(lambda: b"freshlyedited" in (fetch(f"{base}/report/handin.html") or b""), "the edited hand-in")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_project_one_folder_down_in_its_repository(tmp_path: Path) -> None:
    """group_project/docs/mkdocs.yaml and group_project/reports/: paths are named from the repository's top."""
    repository = tmp_path / "repository"
    course_project(repository / "group_project", git=False)
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(repository)], check=True)
    subprocess.run(["git", "-C", str(repository), "remote", "add", "origin", ORIGIN], check=True)

    run = mkdocs(repository / "group_project" / "docs", "build")

    assert run.returncode == 0, run.stderr
    # '/reports/figures/q19_0.png' starts at the repository's top, where there is no reports/: GitHub shows nothing
    assert "report: 30/31 questions pass in group_project/reports/README.md" in run.stderr
    assert "there is no 'reports/figures/q19_0.png' in the repository" in run.stderr
    assert "There is a figures/q19_0.png: write 'figures/q19_0.png'." in run.stderr
    page = BeautifulSoup((repository / "group_project" / "docs" / "site" / "report" / "index.html").read_text(),
                         "html.parser")  # fmt: skip
    assert page.find("a", string="our Dockerfile")["href"] == DOCKERFILE_URL.replace("/main/", "/main/group_project/")


def _with_answer(root: Path, number: int, answer: str) -> str:
    report = valid_report({**ANSWERS, number: answer})
    (root / "reports" / "README.md").write_text(report)
    return report


def test_a_reference_style_link_goes_to_github_without_a_warning_from_mkdocs(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline")
    _with_answer(
        root, 15, good_answer(15) + "\n\nSee [the Dockerfile][train].\n\n[train]: ../dockerfiles/train.dockerfile"
    )

    run = mkdocs(root / "docs", "build")

    assert not [line for line in run.stderr.splitlines() if line.startswith("WARNING") and "report:" not in line]
    page = BeautifulSoup((root / "docs" / "site" / "report" / "index.html").read_text(), "html.parser")
    assert page.find("a", string="the Dockerfile")["href"] == DOCKERFILE_URL


def test_a_missing_figure_below_a_sub_heading_is_a_note_not_a_course_example(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline")
    report = _with_answer(root, 14, good_answer(14) + "\n\n### More runs\n\n![sweep](figures/wandb.png)")

    run = mkdocs(root / "docs", "build")

    assert (
        f"reports/README.md:{line_of(report, '![sweep]')}: Question 14 fails: image 'figures/wandb.png' not found"
        in run.stderr
    )
    page = BeautifulSoup((root / "docs" / "site" / "report" / "index.html").read_text(), "html.parser")
    assert "[image not shown: sweep (figures/wandb.png)]" in page.get_text()
    assert not page.select("img[src*='SkafteNicki']")  # the template's prompts link there; answers do not


@pytest.mark.parametrize("target", ["../.secrets/key.png", "../credentials.json"])
def test_hidden_files_and_files_that_are_not_images_are_never_published(tmp_path: Path, target: str) -> None:
    root = course_project(tmp_path / "leafline")
    (root / target.removeprefix("../")).parent.mkdir(parents=True, exist_ok=True)
    (root / target.removeprefix("../")).write_text("secret")
    _with_answer(root, 29, good_answer(29) + f"\n\n![x]({target})")

    run = mkdocs(root / "docs", "build")

    assert run.returncode == 0, run.stderr
    published = [path.read_bytes() for path in (root / "docs" / "site").rglob("*") if path.is_file()]
    assert b"secret" not in published


def test_a_report_that_links_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline")
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text(valid_report())
    (root / "reports" / "README.md").unlink()
    (root / "reports" / "README.md").symlink_to(elsewhere)

    run = mkdocs(root / "docs", "build")

    assert run.returncode == 1 and "is a symbolic link to a file outside the project" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_missing_report_is_one_warning_and_no_entry_in_the_navigation(tmp_path: Path) -> None:
    root = course_project(tmp_path / "leafline")
    (root / "reports" / "README.md").unlink()

    run = mkdocs(root / "docs", "build")

    assert run.returncode == 0
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "the report given as 'path' does not exist" in warnings[0]
