"""Where a report's links point, and the repository's address on GitHub for links out of reports/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mkdocs_report_plugin.reading.repository import Remote, Status, find_root, locate, remote_of


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", "-C", str(folder), *arguments], check=True, capture_output=True)


@pytest.fixture
def work_tree(tmp_path: Path) -> Path:
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    (tmp_path / "reports" / "figures").mkdir(parents=True)
    (tmp_path / "reports" / "figures" / "a.png").write_bytes(b"png")
    (tmp_path / "dockerfiles").mkdir()
    (tmp_path / "dockerfiles" / "train.dockerfile").write_text("FROM python\n")
    return tmp_path


def test_the_repository_is_the_nearest_work_tree_holding_the_report(work_tree: Path) -> None:
    assert find_root(work_tree / "reports" / "figures") == work_tree
    assert find_root(work_tree.parent) != work_tree  # a folder above is not in it
    git(work_tree / "reports", "init", "--quiet")  # a repository inside the repository: the inner one holds it
    assert find_root(work_tree / "reports" / "figures") == work_tree / "reports"


def test_a_path_with_spaces_is_a_valid_address_on_github() -> None:
    remote = Remote("https://github.com/group7/project", "main")
    assert (
        remote.file_url("notebooks/our plots.ipynb")
        == "https://github.com/group7/project/blob/main/notebooks/our%20plots.ipynb"
    )


@pytest.mark.parametrize(
    ("target", "status", "from_root"),
    [
        ("figures/a.png", Status.FOUND, False),
        ("./figures/a.png#top", Status.FOUND, False),
        ("/reports/figures/a.png", Status.FOUND, True),
        ("../dockerfiles/train.dockerfile", Status.FOUND, False),
        ("/dockerfiles/train.dockerfile", Status.FOUND, True),
        ("figures/b.png", Status.MISSING, False),
        ("../../elsewhere.png", Status.OUTSIDE, False),
        ("C:\\Users\\me\\a.png", Status.ON_DISK, False),
        ("file:///home/me/a.png", Status.ON_DISK, False),
    ],
)
def test_paths_mean_what_github_makes_of_them(work_tree: Path, target: str, status: Status, from_root: bool) -> None:
    where = locate(target, work_tree / "reports", work_tree)
    assert where is not None and (where.status, where.from_root) == (status, from_root)


@pytest.mark.parametrize("target", ["https://example.com/a.png", "#question-3", "mailto:a@b.dk", ""])
def test_web_addresses_and_anchors_are_not_files(work_tree: Path, target: str) -> None:
    assert locate(target, work_tree / "reports", work_tree) is None


def test_without_a_repository_only_the_report_folder_is_known(work_tree: Path) -> None:
    report_dir = work_tree / "reports"
    assert locate("figures/a.png", report_dir, None).status is Status.FOUND
    assert locate("../dockerfiles/train.dockerfile", report_dir, None).status is Status.UNKNOWN
    assert locate("/reports/figures/a.png", report_dir, None).status is Status.UNKNOWN


def test_a_symbolic_link_out_of_the_repository_is_not_followed(
    work_tree: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("outside") / "secret.png"
    secret.write_bytes(b"png")
    (work_tree / "reports" / "figures" / "link.png").symlink_to(secret)
    assert locate("figures/link.png", work_tree / "reports", work_tree).status is Status.LINKED_OUT


@pytest.mark.parametrize(
    "remote",
    [
        "https://github.com/group7/project.git",
        "https://github.com/group7/project",
        "https://x-access-token:secret@github.com/group7/project.git",
        "git@github.com:group7/project.git",
        "ssh://git@github.com/group7/project.git",
        "ssh://git@github.com:22/group7/project",
    ],
)
def test_every_form_of_the_origin_remote_gives_the_repository_page(work_tree: Path, remote: str) -> None:
    git(work_tree, "remote", "add", "origin", remote)
    found = remote_of(work_tree, environ={})
    assert found == Remote("https://github.com/group7/project", "main")
    assert (
        found.file_url("dockerfiles/train.dockerfile")
        == "https://github.com/group7/project/blob/main/dockerfiles/train.dockerfile"
    )


def test_the_branch_is_the_checkout(work_tree: Path) -> None:
    git(work_tree, "remote", "add", "origin", "git@github.com:group7/project.git")
    git(work_tree, "checkout", "--quiet", "-b", "report-draft")
    assert remote_of(work_tree, environ={}).branch == "report-draft"


def test_repo_url_wins_over_the_remote(work_tree: Path) -> None:
    git(work_tree, "remote", "add", "origin", "git@github.com:someone/fork.git")
    assert remote_of(work_tree, repo_url="https://github.com/group7/project/", environ={}).web_url == (
        "https://github.com/group7/project"
    )


def test_in_github_actions_without_a_remote_the_workflow_names_the_repository(work_tree: Path) -> None:
    environ = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "group7/project"}
    assert remote_of(None, environ={**environ, "GITHUB_REF_NAME": "main"}) == Remote(
        "https://github.com/group7/project", "main"
    )
    assert remote_of(None, environ=environ).branch == "HEAD"  # GitHub's name for the default branch


def test_a_detached_checkout_in_a_pull_request_uses_its_branch(work_tree: Path) -> None:
    git(work_tree, "remote", "add", "origin", "https://github.com/group7/project")
    (work_tree / "a.txt").write_text("a")
    git(work_tree, "add", "a.txt")
    git(work_tree, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "a")
    git(work_tree, "checkout", "--quiet", "--detach")
    assert remote_of(work_tree, environ={"GITHUB_HEAD_REF": "feature"}).branch == "feature"
    assert remote_of(work_tree, environ={}).branch == "HEAD"


def test_no_address_is_made_up(work_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert remote_of(work_tree, environ={}) is None
    git(work_tree, "remote", "add", "origin", str(tmp_path_factory.mktemp("bare")))
    assert remote_of(work_tree, environ={}) is None  # a remote on disk has no web page


def test_gitlab_shows_files_under_its_own_path() -> None:
    assert Remote("https://gitlab.com/g/p", "main").file_url("a.py") == "https://gitlab.com/g/p/-/blob/main/a.py"
