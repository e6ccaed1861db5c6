"""Where a report's links point, and the repository's address on GitHub for links out of reports/."""

from __future__ import annotations

import os
import subprocess
import time
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


def _settled(folder: Path) -> None:
    """Date the folder's last change an hour back, as for a figure saved long before the check."""
    os.utime(folder, ns=(time.time_ns() - 3_600 * 10**9,) * 2)


def test_a_figure_renamed_between_two_checks_is_seen_at_once(work_tree: Path) -> None:
    """Folder listings are kept across checks (serve, a batch): a rename changes the folder, and is read anew."""
    figures = work_tree / "reports" / "figures"
    (figures / "a.png").rename(figures / "Loss.png")
    _settled(figures)
    assert locate("figures/loss.png", work_tree / "reports", work_tree).status is Status.WRONG_CASE  # type: ignore[union-attr]
    assert locate("figures/loss.png", work_tree / "reports", work_tree).status is Status.WRONG_CASE  # type: ignore[union-attr]

    (figures / "Loss.png").rename(figures / "loss.png")

    assert locate("figures/loss.png", work_tree / "reports", work_tree).status is Status.FOUND  # type: ignore[union-attr]


def test_a_change_in_the_same_tick_as_the_listing_is_not_missed(work_tree: Path) -> None:
    """A listing made right after the folder changed is not kept: a second change may carry the same stamp."""
    figures = work_tree / "reports" / "figures"
    (figures / "a.png").rename(figures / "Loss.png")
    assert locate("figures/loss.png", work_tree / "reports", work_tree).status is Status.WRONG_CASE  # type: ignore[union-attr]
    stamp = os.stat(figures).st_mtime_ns

    (figures / "Loss.png").rename(figures / "loss.png")
    os.utime(figures, ns=(stamp, stamp))  # the coarse clock of a file system: the same stamp as before

    assert locate("figures/loss.png", work_tree / "reports", work_tree).status is Status.FOUND  # type: ignore[union-attr]


def test_a_repository_reached_through_a_link_that_is_moved_is_looked_up_where_it_now_leads(tmp_path: Path) -> None:
    """The real path of the report's folder is kept per folder it leads to: a link moved to another copy of the
    project (a worktree, a new clone) is followed anew."""
    for name, linked in (("one", True), ("two", False)):
        (tmp_path / name / "reports" / "figures").mkdir(parents=True)
        (tmp_path / name / "reports" / "figures" / "a.png").write_bytes(b"png")
        if linked:  # the figure is a link out of this copy only
            (tmp_path / name / "reports" / "figures" / "b.png").symlink_to(
                tmp_path / "two" / "reports" / "figures" / "a.png"
            )
        else:
            (tmp_path / name / "reports" / "figures" / "b.png").write_bytes(b"png")
    project = tmp_path / "project"
    project.symlink_to(tmp_path / "one")
    assert locate("figures/b.png", project / "reports", project).status is Status.LINKED_OUT  # type: ignore[union-attr]

    project.unlink()
    project.symlink_to(tmp_path / "two")

    assert locate("figures/b.png", project / "reports", project).status is Status.FOUND  # type: ignore[union-attr]
