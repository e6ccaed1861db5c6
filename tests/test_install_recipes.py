"""docs/install.md's recipes, applied to copies of real course repositories (``../shared/handins``).

Each test edits a hand-in's requirements file or ``pyproject.toml`` as the page says, then runs
the page's workflow (``docs/workflows/*.yml``, parsed here) on it: the install steps are checked
against what they would install (the plugin, and versions of MkDocs' packages that the wheel
environment of ``support/installed.py`` satisfies), every MkDocs command is run as the workflow runs it
with that environment's ``mkdocs``, and the report page must be in what the workflow publishes
(the ``gh-pages`` branch of a local bare repository, or the Pages artifact's folder).

Most tests run ``uv add`` with ``--frozen``: it edits ``pyproject.toml`` exactly as without, but does not
lock. The uv recipe is also run for real, as a student's project resolves it
(:func:`test_the_uv_recipe_resolves_and_builds_the_docs_of_a_project_pinning_the_old_doc_packages`):
``uv lock`` of the project's own pins, the page's ``uv add``, the workflow's ``uv sync`` and ``mkdocs``, with
our wheel where uv looks for packages (``UV_FIND_LINKS``) and PyPI for the rest.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version
from support.course import REPO
from support.handins import ABSENT, HANDINS, load, materialize
from support.installed import REPOSITORY_URL, VERSION, Environment, built, fresh_environment
from support.projects import GIT_IDENTITY

pytestmark = pytest.mark.slow

PAGE = REPO / "docs" / "install.md"
WORKFLOWS = REPO / "docs" / "workflows"
PLUGIN = "mkdocs-report-plugin"
UV = [str(Path(sys.executable).with_name("uv"))]  # from the test extra, beside the tests' python
PLUGIN_ENTRY = "  - search\n  - report:\n      path: ../reports/README.md\n"


@pytest.fixture
def environment(tmp_path_factory: pytest.TempPathFactory) -> Environment:
    if not HANDINS.is_dir():  # every recipe runs on a real hand-in: no environment to build for a skip
        pytest.skip(ABSENT)
    return fresh_environment(tmp_path_factory.getbasetemp())


@pytest.fixture
def installed_versions(environment: Environment) -> dict[str, str]:
    listing = environment.pip("list", "--format", "json")
    return {canonicalize_name(row["name"]): row["version"] for row in json.loads(listing.stdout)}


def handin_copy(handin_id: str, destination: Path) -> Path:
    """The hand-in's repository laid out, with the ``report`` entry the page shows in its docs/mkdocs.yaml."""
    if not HANDINS.is_dir():
        pytest.skip(ABSENT)
    root = materialize(load(handin_id), destination)
    config = root / "docs" / "mkdocs.yaml"
    text = config.read_text()
    assert "  - search\n" in text, "the course's config lists the search plugin; the entry goes after it"
    config.write_text(text.replace("  - search\n", PLUGIN_ENTRY, 1))
    return root


def page_commands(prefix: str) -> list[str]:
    """The page's command lines that start with ``prefix``, as a student would copy them."""
    return [line.strip() for line in PAGE.read_text().splitlines() if line.strip().startswith(prefix)]


# --- what an install step would install -----------------------------------------------------------


def assert_installs_the_plugin_here(requirements: list[str], installed: dict[str, str]) -> None:
    """The plugin is among ``requirements``, and every requirement on MkDocs' packages (``mkdocs*``)
    admits the version the wheel's environment has: the recipe installs a set the plugin works with."""
    parsed = [Requirement(line) for line in requirements]
    assert PLUGIN in {canonicalize_name(r.name) for r in parsed}, f"{PLUGIN} is not installed by {requirements}"
    for requirement in parsed:
        version = installed.get(canonicalize_name(requirement.name))
        if canonicalize_name(requirement.name).startswith("mkdocs") and version is not None:
            assert requirement.specifier.contains(version, prereleases=True), f"{requirement} excludes {version}"


def requirement_lines(file: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in file.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("-")]


def dependency_group(pyproject: Path, group: str) -> list[str]:
    return list(tomllib.loads(pyproject.read_text()).get("dependency-groups", {}).get(group, []))


def uv_synced_groups(arguments: list[str], pyproject: Path) -> list[str]:
    """The dependency groups ``uv sync ARGUMENTS`` (or ``uv run``) installs: those named, plus uv's default ``dev``
    unless ``--only-group``, ``--no-dev`` or ``--no-default-groups`` leaves it out; ``--only-dev`` is ``dev`` alone."""
    if "--all-groups" in arguments:
        return list(tomllib.loads(pyproject.read_text()).get("dependency-groups", {}))
    if "--only-dev" in arguments:
        return ["dev"]
    named = [arguments[index + 1] for index, word in enumerate(arguments) if word in {"--group", "--only-group"}]
    without_default = {"--only-group", "--no-dev", "--no-default-groups"} & set(arguments)
    return named if without_default else ["dev", *named]


# --- running a documented workflow ------------------------------------------------------------------


def run_workflow(workflow: Path, root: Path, environment: Environment, installed: dict[str, str]) -> set[str]:
    """Runs ``workflow``'s steps on the repository ``root``; returns the paths of the site it publishes.

    A step the runner does not know fails the test, so the page cannot show a step no test ran.
    """
    pages_remote = root.parent / "pages.git"
    published: set[str] = set()
    for job in yaml.safe_load(workflow.read_text())["jobs"].values():
        for step in job["steps"]:
            action = step.get("uses", "")
            if action.startswith("actions/upload-pages-artifact@"):
                site = root / step["with"]["path"]
                published |= {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
            elif "run" in step:
                cwd = root / step.get("working-directory", ".")
                for line in step["run"].splitlines():
                    cwd = run_line(line.strip(), root, cwd, environment, installed, pages_remote)
    if pages_remote.exists():
        tree = subprocess.run(["git", "--git-dir", str(pages_remote), "ls-tree", "-r", "--name-only", "gh-pages"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        published |= set(tree.split())
    return published


def run_line(line: str, root: Path, cwd: Path, environment: Environment, installed: dict[str, str],
             pages_remote: Path) -> Path:  # fmt: skip
    """One line of a ``run:`` step; returns the working folder for the next line."""
    words = shlex.split(line)
    if not words:
        return cwd
    if words[0] == "cd":
        return cwd / words[1]
    if words[:3] == ["pip", "install", "-r"]:
        assert_installs_the_plugin_here(requirement_lines(cwd / words[3]), installed)
    elif words[:3] == ["uv", "python", "install"]:
        pass  # the wheel environment's Python stands for the one the workflow sets up
    elif words[:2] == ["uv", "sync"]:
        pyproject = root / "pyproject.toml"
        groups = uv_synced_groups(words, pyproject)
        assert_installs_the_plugin_here([r for g in groups for r in dependency_group(pyproject, g)], installed)
    elif "mkdocs" in words:
        prefix = words[: words.index("mkdocs")]
        assert prefix in ([], ["uv", "run", "--no-sync"], ["uv", "run"]), f"{line}: would not run the installed mkdocs"
        if prefix == ["uv", "run"]:  # syncs the default groups first, as `uv sync` does
            pyproject = root / "pyproject.toml"
            groups = uv_synced_groups([], pyproject)
            assert_installs_the_plugin_here([r for g in groups for r in dependency_group(pyproject, g)], installed)
        arguments = words[words.index("mkdocs") + 1 :]
        if arguments[0] == "gh-deploy":
            if not pages_remote.exists():
                subprocess.run(["git", "init", "--bare", "--quiet", str(pages_remote)], check=True)
            arguments += ["--remote-name", str(pages_remote)]
        run = environment.run("mkdocs", *arguments, cwd=cwd, extra=GIT_IDENTITY)
        assert run.returncode == 0, f"{line}\n{run.stderr[-3000:]}"
        assert "report: " in run.stderr and "questions pass" in run.stderr, run.stderr[-3000:]
    else:
        pytest.fail(f"{line}: a step the install tests do not run")
    return cwd


# --- the recipes --------------------------------------------------------------------------------------


def test_pip_with_the_requirements_file_and_the_course_workflow_from_docs(
    tmp_path: Path, environment: Environment, installed_versions: dict[str, str]
) -> None:
    root = handin_copy("030", tmp_path / "repository")  # pins mkdocs<=1.5.3, as the course's template did
    requirements = root / "requirements_dev.txt"
    block = (WORKFLOWS / "requirements_dev.txt").read_text()
    only_added = [*requirement_lines(requirements), PLUGIN]
    with pytest.raises(AssertionError, match="excludes"):  # why the page says to replace the course's pins
        assert_installs_the_plugin_here(only_added, installed_versions)
    kept = [line for line in requirements.read_text().splitlines() if not line.strip().startswith("mkdocs")]
    requirements.write_text("\n".join(kept) + "\n" + block)  # the page: replace the docs lines with the block

    published = run_workflow(WORKFLOWS / "docs-pip.yml", root, environment, installed_versions)

    assert {"index.html", "report/index.html", "report/handin.html"} <= published


UV_RECIPE = "uv add --dev mkdocs-report-plugin"
FROZEN = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}


def uv_recipe(root: Path, *extra: str, environment: dict[str, str] = FROZEN) -> subprocess.CompletedProcess[str]:
    """The page's ``uv add`` (the one line that starts with ``UV_RECIPE``) run in ``root``, with ``extra`` options."""
    (command,) = page_commands(UV_RECIPE)
    return subprocess.run([*UV, *shlex.split(command)[1:], *extra], cwd=root, capture_output=True, text=True,
                          env=environment, check=False)  # fmt: skip


def test_uv_add_to_the_dev_group_lifts_the_templates_pins_and_gh_deploy_from_the_top(
    tmp_path: Path, environment: Environment, installed_versions: dict[str, str]
) -> None:
    root = handin_copy("081", tmp_path / "repository")  # dev pins mkdocs-material==9.4.6, mkdocstrings-python==1.12.2
    add = uv_recipe(root, "--frozen")
    assert add.returncode == 0, add.stderr

    dev = [Requirement(line) for line in dependency_group(root / "pyproject.toml", "dev")]
    assert PLUGIN in {canonicalize_name(requirement.name) for requirement in dev}
    pins = {canonicalize_name(r.name): r.specifier for r in dev if canonicalize_name(r.name).startswith("mkdocs")}
    assert pins["mkdocs-material"] == SpecifierSet(">=9.5") and pins["mkdocstrings-python"] == SpecifierSet(">=1.17")
    assert "docs" not in tomllib.loads((root / "pyproject.toml").read_text()).get("dependency-groups", {})
    published = run_workflow(WORKFLOWS / "docs-uv.yml", root, environment, installed_versions)
    assert {"index.html", "report/index.html", "report/handin.html"} <= published


def test_the_projects_own_uv_workflow_installs_the_plugin_with_no_change(
    tmp_path: Path, environment: Environment, installed_versions: dict[str, str]
) -> None:
    """The hand-in's workflow as it is (``uv sync``, then ``uv run mkdocs gh-deploy``): it installs ``dev``."""
    root = handin_copy("066", tmp_path / "repository")
    workflow = root / ".github" / "workflows" / "docs.yaml"
    assert "run: uv sync\n" in workflow.read_text()
    assert uv_recipe(root, "--frozen").returncode == 0

    published = run_workflow(workflow, root, environment, installed_versions)

    assert {"index.html", "report/index.html", "report/handin.html"} <= published


def test_the_pages_artifact_workflow_uploads_the_report_page(
    tmp_path: Path, environment: Environment, installed_versions: dict[str, str]
) -> None:
    root = handin_copy("081", tmp_path / "repository")  # a uv project with no docs workflow yet
    assert uv_recipe(root, "--frozen").returncode == 0

    published = run_workflow(WORKFLOWS / "docs-pages.yml", root, environment, installed_versions)

    assert {"index.html", "report/index.html", "report/handin.html"} <= published
    steps = [step.get("uses", "") for job in yaml.safe_load((WORKFLOWS / "docs-pages.yml").read_text())["jobs"].values()
             for step in job["steps"]]  # fmt: skip
    assert any(action.startswith("actions/deploy-pages@") for action in steps)


# --- the uv recipe resolved and installed for real --------------------------------------------------------


@pytest.fixture(scope="module")
def uv_for_real(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """uv's environment for resolving and installing as a student's machine does: PyPI, with our wheel beside it
    (the name is not published yet), the tests' Python, and one package cache for the module's tests."""
    if not HANDINS.is_dir():
        pytest.skip(ABSENT)
    base = tmp_path_factory.getbasetemp()
    environment = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    return {**environment, "UV_FIND_LINKS": str(built(base).wheel.parent), "UV_CACHE_DIR": str(base / "uv-cache"),
            "UV_PYTHON": sys.executable, "UV_PYTHON_DOWNLOADS": "never", **GIT_IDENTITY}  # fmt: skip


def lockable_here(root: Path) -> None:
    """The copy made to lock and install on this machine, its docs packages untouched: the PyTorch index its
    ``[tool.uv.sources]`` names (which the tests cannot reach) is dropped, so torch resolves from PyPI; a
    ``requires-python`` above the tests' Python is lowered to it; the empty ``uv.lock`` and ``.python-version``
    the layout leaves (the hand-ins keep no lock) are removed: the student's lock is made from their own pins."""
    pyproject = root / "pyproject.toml"
    kept, dropping = [], False
    for line in pyproject.read_text().splitlines():
        if line.startswith("["):
            dropping = line.strip() in {"[tool.uv.sources]", "[[tool.uv.index]]"}
        if not dropping:
            kept.append(line)
    text = "\n".join(kept) + "\n"
    required = tomllib.loads(text)["project"].get("requires-python", "")
    here = Version(".".join(map(str, sys.version_info[:3])))
    if here not in SpecifierSet(required):
        text = text.replace(f'requires-python = "{required}"', f'requires-python = ">={here.major}.{here.minor}"')
    pyproject.write_text(text)
    for leftover in ("uv.lock", ".python-version"):
        (root / leftover).unlink(missing_ok=True)


def locked_versions(root: Path) -> dict[str, str]:
    packages = tomllib.loads((root / "uv.lock").read_text())["package"]
    return {canonicalize_name(package["name"]): package["version"] for package in packages}


def run_for_real(workflow: Path, root: Path, uv_environment: dict[str, str]) -> set[str]:
    """Runs ``workflow``'s uv and mkdocs lines as a runner would (uv installs what they say, mkdocs runs from what it
    installed); returns the paths of the site the workflow publishes."""
    pages_remote = root.parent / "pages.git"
    published: set[str] = set()
    for job in yaml.safe_load(workflow.read_text())["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/upload-pages-artifact@"):
                site = root / step["with"]["path"]
                published |= {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
            for line in step.get("run", "").splitlines():
                words = shlex.split(line)
                assert words[0] == "uv", f"{line}: a step the real run does not run"
                if "gh-deploy" in words:
                    subprocess.run(["git", "init", "--bare", "--quiet", str(pages_remote)], check=True)
                    words += ["--remote-name", str(pages_remote)]
                cwd = root / step.get("working-directory", ".")
                run = subprocess.run([*UV, *words[1:]], cwd=cwd, env=uv_environment, capture_output=True, text=True,
                                     timeout=900, check=False)  # fmt: skip
                assert run.returncode == 0, f"{line}\n{run.stderr[-3000:]}"
    if pages_remote.exists():
        tree = subprocess.run(["git", "--git-dir", str(pages_remote), "ls-tree", "-r", "--name-only", "gh-pages"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        published |= set(tree.split())
    return published


@pytest.mark.parametrize(("handin_id", "workflow"), [("081", "docs-uv.yml"), ("069", "docs-pages.yml")])
def test_the_uv_recipe_resolves_and_builds_the_docs_of_a_project_pinning_the_old_doc_packages(
    handin_id: str, workflow: str, tmp_path: Path, uv_for_real: dict[str, str]
) -> None:
    """The issue's failure, resolved as uv resolves a student's project (every group together): the course's
    template pins mkdocs-material 9.4.6 and mkdocstrings-python 1.12.2 in ``dev``, and a plugin added beside them
    got those pins and a mkdocstrings 1.12.2 cannot load (``No module named 'mkdocstrings.extension'``)."""
    root = handin_copy(handin_id, tmp_path / "repository")  # its docs/mkdocs.yaml loads the mkdocstrings plugin
    lockable_here(root)
    lock = subprocess.run([*UV, "lock"], cwd=root, env=uv_for_real, capture_output=True, text=True, timeout=900,
                          check=False)  # fmt: skip
    assert lock.returncode == 0, lock.stderr[-3000:]
    student = locked_versions(root)
    assert (student["mkdocs-material"], student["mkdocstrings-python"]) == ("9.4.6", "1.12.2")

    add = uv_recipe(root, "--no-sync", environment=uv_for_real)  # locks; installs only what the workflow installs
    assert add.returncode == 0, add.stderr[-3000:]
    published = run_for_real(WORKFLOWS / workflow, root, uv_for_real)

    assert {"index.html", "report/index.html", "report/handin.html"} <= published
    locked = locked_versions(root)
    assert locked[PLUGIN] == VERSION and Version(locked["mkdocs-material"]) >= Version("9.5")
    assert Version(locked["mkdocstrings-python"]) >= Version("1.17")


def test_before_the_release_pip_and_uv_install_from_our_repository(tmp_path: Path) -> None:
    requirement_line, pip_command = page_commands("mkdocs-report-plugin @ git+") + page_commands('pip install "')
    assert Requirement(requirement_line).url == Requirement(shlex.split(pip_command)[2]).url == f"git+{REPOSITORY_URL}"
    root = handin_copy("066", tmp_path / "repository")
    (command,) = page_commands('uv add --dev "mkdocs-report-plugin @ git+')
    (recipe,) = page_commands(UV_RECIPE)
    assert shlex.split(command)[4:] == shlex.split(recipe)[4:]  # the same pins lifted

    add = subprocess.run([*UV, *shlex.split(command)[1:], "--frozen"], cwd=root, capture_output=True, text=True,
                         env=FROZEN, check=False)  # fmt: skip

    assert add.returncode == 0, add.stderr
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    assert PLUGIN in pyproject["dependency-groups"]["dev"]
    assert pyproject["tool"]["uv"]["sources"][PLUGIN] == {"git": REPOSITORY_URL}


@pytest.mark.parametrize("handin_id", ["030", "021"])  # 021 names its report reports/readme.md
def test_the_pre_commit_hook_checks_the_report_and_only_it(
    handin_id: str, tmp_path: Path, environment: Environment
) -> None:
    (config,) = yaml.safe_load((WORKFLOWS / "pre-commit-config.yaml").read_text())["repos"]
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert config["repo"] == REPOSITORY_URL and config["rev"] == f"v{VERSION}"
    (hook,) = [hooks[entry["id"]] for entry in config["hooks"]]
    root = handin_copy(handin_id, tmp_path / "repository")
    tracked = (HANDINS / handin_id / "files.txt").read_text(encoding="utf-8").splitlines()

    staged = [path for path in tracked if re.search(hook["files"], path)]  # what pre-commit passes the hook
    run = environment.run(*shlex.split(hook["entry"]), *staged, cwd=root)

    assert staged == [load(handin_id).report]
    assert run.returncode in (0, 1), run.stderr
    assert f"{staged[0]}:" in run.stdout and "questions pass" in run.stdout


def test_the_pages_show_each_workflow_file_as_it_is() -> None:
    page = PAGE.read_text()
    assert PLUGIN_ENTRY in page, "the tests add the report entry to docs/mkdocs.yaml as the page shows it"
    for file in sorted(WORKFLOWS.iterdir()):
        assert file.read_text() in page, f"docs/install.md does not show {file.name} as it is"
    course_project = (REPO / "docs" / "course-project.md").read_text()
    for shown in ("docs-pip.yml", "requirements_dev.txt"):
        assert (WORKFLOWS / shown).read_text() in course_project, f"course-project.md shows {shown} as it is"


def test_every_address_of_our_repository_in_the_docs_is_the_one_of_pyproject() -> None:
    texts = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md")), *sorted(WORKFLOWS.iterdir())]
    addresses = {
        match
        for text in texts
        for match in re.findall(r"https://github\.com/[^/\s]+/mkdocs-report-plugin", text.read_text())
    }

    assert addresses == {REPOSITORY_URL}
