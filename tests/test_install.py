"""The release: ``python -m build`` makes an sdist and a wheel that install with pip in a clean
virtual environment and work there: the command, the checker and the MkDocs plugin.

Everything runs against the installed wheel, from folders outside this checkout, so a file the
wheel forgets (a stylesheet, a template spec) fails here as it would for a student.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tarfile
import zipfile
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from support.course import REPO, SHIPPED_YEARS
from support.installed import VERSION, Environment, built, fresh_environment

from mkdocs_report_plugin.model.report import Template
from mkdocs_report_plugin.output import companion_pages
from mkdocs_report_plugin.reading.spec import spec_from_text

pytestmark = pytest.mark.slow

BUILT = [f"mkdocs_report_plugin/_built/{name}.py" for name in ("__init__", "specs", "rules")]
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
    assert {f"mkdocs_report_plugin/reading/specs/{year}.yaml" for year in SHIPPED_YEARS} <= wheel_files
    assert set(BUILT) <= wheel_files and "build_static.py" not in wheel_files
    with tarfile.open(distributions.sdist) as sdist:
        top = f"mkdocs_report_plugin-{VERSION}/"
        sdist_files = {name.removeprefix(top) for name in sdist.getnames()}
    assert {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "build_static.py", *SHIPPED_DATA} <= sdist_files
    assert not [name for name in sdist_files if name.startswith("tests/")]  # not a suite that cannot run
    assert not set(BUILT) & sdist_files  # made anew by the wheel's build, from the sdist's own code


def test_the_installed_package_uses_what_its_build_made_and_it_equals_the_code(
    environment: Environment, tmp_path: Path
) -> None:
    """The wheel's compiled specs and rendered rules reference are what this checkout's code reads and renders, and
    the installed package takes them: it reads no YAML and renders no entry."""
    script = (
        "import json, sys; from dataclasses import asdict; "
        "from mkdocs_report_plugin.reading.shipped import shipped_specs; "
        "from mkdocs_report_plugin.output.companion_pages import rules_page_html; "
        "specs = {year: asdict(spec) for year, spec in shipped_specs().items()}; page = rules_page_html('../'); "
        "print(json.dumps({'specs': specs, 'page': page, 'yaml': 'yaml' in sys.modules, 'markdown': 'markdown' in "
        "sys.modules}))"
    )
    run = environment.run("python", "-c", script, cwd=tmp_path)

    assert run.returncode == 0, run.stderr
    installed = json.loads(run.stdout)
    assert (installed["yaml"], installed["markdown"]) == (False, False)
    assert installed["specs"] == json.loads(json.dumps({year: asdict(spec) for year, spec in _yaml_specs().items()}))
    assert installed["page"] == _page_rendered_here()


def _yaml_specs() -> dict[str, Template]:
    return {path.stem: spec_from_text(path.read_text(encoding="utf-8"), f"shipped spec {path.stem}")
            for path in sorted((REPO / "mkdocs_report_plugin" / "reading" / "specs").glob("*.yaml"))}  # fmt: skip


def _page_rendered_here() -> str:
    """The rules page as this checkout's code renders it (an editable install has no built entries)."""
    assert importlib.util.find_spec("mkdocs_report_plugin._built") is None
    return companion_pages.rules_page_html("../")


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
