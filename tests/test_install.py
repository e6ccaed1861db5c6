"""The release: ``python -m build`` makes an sdist and a wheel that install with pip in a clean
virtual environment and work there: the command, the checker and the MkDocs plugin.

Everything runs against the installed wheel, from folders outside this checkout, so a file the
wheel forgets (a stylesheet, a template spec) fails here as it would for a student.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO
from installed import VERSION, Environment, built, fresh_environment

pytestmark = pytest.mark.slow

SHIPPED_DATA = [
    "mkdocs_report_plugin/py.typed",
    "mkdocs_report_plugin/assets/report.css",
    "mkdocs_report_plugin/assets/standalone.css",
    "mkdocs_report_plugin/reading/specs/2026.yaml",
]


@pytest.fixture
def environment(tmp_path_factory: pytest.TempPathFactory) -> Environment:
    return fresh_environment(tmp_path_factory.getbasetemp())


def demo_copy(destination: Path) -> Path:
    """The demo project (docs/mkdocs.yaml, reports/) as its own git repository, outside this checkout."""
    shutil.copytree(REPO / "demo", destination)
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(destination)], check=True)
    return destination


def test_the_sdist_and_the_wheel_carry_the_files_the_package_reads(tmp_path_factory: pytest.TempPathFactory) -> None:
    distributions = built(tmp_path_factory.getbasetemp())

    assert distributions.wheel.name == f"mkdocs_report_plugin-{VERSION}-py3-none-any.whl"
    wheel_files = set(zipfile.ZipFile(distributions.wheel).namelist())
    assert set(SHIPPED_DATA) <= wheel_files
    assert {f"mkdocs_report_plugin/reading/specs/{year}.yaml" for year in ("2023", "2024", "2025")} <= wheel_files
    with tarfile.open(distributions.sdist) as sdist:
        top = f"mkdocs_report_plugin-{VERSION}/"
        sdist_files = {name.removeprefix(top) for name in sdist.getnames()}
    assert {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", *SHIPPED_DATA} <= sdist_files
    assert not [name for name in sdist_files if name.startswith("tests/")]  # not a suite that cannot run


def test_the_installed_command_prints_the_version_of_pyproject(environment: Environment, tmp_path: Path) -> None:
    run = environment.run("mkdocs-report", "--version", cwd=tmp_path)

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"mkdocs-report, version {VERSION}"


def test_the_installed_package_is_the_wheel_not_this_checkout(environment: Environment, tmp_path: Path) -> None:
    run = environment.run(
        "python", "-c", "import mkdocs_report_plugin; print(mkdocs_report_plugin.__file__)", cwd=tmp_path
    )

    assert Path(run.stdout.strip()).is_relative_to(environment.folder), run.stdout + run.stderr


def test_the_installed_command_checks_a_report_with_the_shipped_spec(environment: Environment, tmp_path: Path) -> None:
    project = demo_copy(tmp_path / "leafline")

    run = environment.run("mkdocs-report", "check", cwd=project / "docs")

    assert run.returncode == 1, run.stderr  # the demo leaves three questions failing, on purpose
    assert "Question 28 fails: not answered yet" in run.stdout
    assert "from the shipped specs" in run.stdout
    assert run.stdout.rstrip().endswith("28/31 questions pass")


def test_mkdocs_build_of_the_demo_publishes_the_styled_report_page(environment: Environment, tmp_path: Path) -> None:
    project = demo_copy(tmp_path / "leafline")

    run = environment.run("mkdocs", "build", cwd=project / "docs")

    assert run.returncode == 0, run.stderr
    assert "report: 28/31 questions pass in reports/README.md" in run.stderr
    report_folder = project / "docs" / "site" / "report"
    page = BeautifulSoup((report_folder / "index.html").read_text(), "html.parser")
    assert page.select_one(".report-score strong").get_text() == "28/31"
    stylesheets = [link["href"] for link in page.select("link[rel=stylesheet]") if "report" in link["href"]]
    assert stylesheets and all((report_folder / href).resolve().is_file() for href in stylesheets), stylesheets
    assert (report_folder / "handin.html").is_file()


def release_step(name: str) -> dict[str, str]:
    jobs = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text())["jobs"]
    (step,) = [step for job in jobs.values() for step in job.get("steps", []) if step.get("name") == name]
    return step


@pytest.mark.parametrize(("tag", "published"), [(f"v{VERSION}", True), ("v9.9.9", False), (VERSION, False)])
def test_the_release_workflow_publishes_only_the_tag_of_the_version_in_pyproject(tag: str, published: bool) -> None:
    guard = release_step("The tag is the version of pyproject.toml")["run"]

    run = subprocess.run(["bash", "-e", "-c", guard], cwd=REPO, env={**os.environ, "GITHUB_REF_NAME": tag},
                         capture_output=True, text=True, check=False)  # fmt: skip

    assert (run.returncode == 0) is published, run.stdout + run.stderr
    if not published:
        assert f"the tag {tag} is not v{VERSION}, the version in pyproject.toml" in run.stdout
