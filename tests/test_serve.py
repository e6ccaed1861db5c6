"""`mkdocs serve` rebuilds the report page when the report or a figure it uses changes.

The report lives outside docs_dir, so MkDocs would not watch it by itself. The server
runs on 127.0.0.1 on a free port; every wait is bounded and the server is always stopped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.images import png
from support.projects import MKDOCS, good_answer, make_project, valid_report
from support.serving import fetch, free_port, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A project with an image outside the report's folder, served by `mkdocs serve`."""
    report = valid_report({19: good_answer(19) + "\n\n![shot](../screenshots/shot.png)"})
    project = make_project(tmp_path / "p", report)
    (project / "screenshots").mkdir()
    (project / "screenshots" / "shot.png").write_bytes(png(shade=1))
    port = free_port()
    server = subprocess.Popen(
        [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(f"{base}/report/") is not None, "the server to answer")
        yield project, base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_editing_the_report_updates_the_served_page(served: tuple[Path, str]) -> None:
    project, base = served
    report = project / "reports" / "README.md"

    report.write_text(report.read_text().replace("tag29", "tag29 freshlyedited"))

    wait_for(lambda: b"freshlyedited" in (fetch(f"{base}/report/") or b""), "the edited answer")


def test_replacing_a_figure_updates_the_served_image(served: tuple[Path, str]) -> None:
    project, base = served
    new_image = png(width=6, shade=250)

    (project / "reports" / "figures" / "q14_0.png").write_bytes(new_image)

    wait_for(lambda: fetch(f"{base}/report/figures/q14_0.png") == new_image, "the new figure")


def test_an_image_outside_the_report_folder_is_watched_too(served: tuple[Path, str]) -> None:
    project, base = served
    new_image = png(width=7, shade=200)

    (project / "screenshots" / "shot.png").write_bytes(new_image)

    wait_for(lambda: fetch(f"{base}/report/_project/screenshots/shot.png") == new_image, "the new screenshot")


# --- click 8.3 with MkDocs 1.6.1: serve watches nothing, and the plugin says so (issue 26) ----------------


@pytest.fixture(scope="session")
def click_8_3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """click 8.3.1 alone in a folder, to put first on PYTHONPATH: the pair the course's 2026 locks pin."""
    folder = tmp_path_factory.getbasetemp() / "click-8.3.1"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(folder), "click==8.3.1"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    return folder


def serve_log(project: Path, *arguments: str, pythonpath: Path | None = None) -> str:
    """What `mkdocs serve` logs up to 'Serving on' (the first build and what it watches), then it is stopped."""
    log = project / "serve.log"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if pythonpath is not None:
        environment["PYTHONPATH"] = str(pythonpath)
    with log.open("w") as output:
        server = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{free_port()}", *arguments],
                                  cwd=project, env=environment, stdout=output, stderr=subprocess.STDOUT)  # fmt: skip
        try:
            wait_for(lambda: "Serving on" in log.read_text(), "the server to start")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return log.read_text()


def test_with_click_8_3_serve_warns_once_that_it_will_not_reload_and_how_to_fix_it(
    tmp_path: Path, click_8_3: Path
) -> None:
    project = make_project(tmp_path / "p")

    plain = serve_log(project, pythonpath=click_8_3)

    assert "Watching paths for changes:" not in plain  # the bug: nothing watched
    [warning] = [line for line in plain.splitlines() if "will not reload" in line]
    assert warning.startswith("WARNING -  report: 'mkdocs serve' will not reload: with click 8.3.1, MkDocs 1.6.1")
    assert "'mkdocs serve --livereload'" in warning and '"click!=8.3.*"' in warning

    fixed = serve_log(project, "--livereload", pythonpath=click_8_3)  # the fix the warning gives
    assert "Watching paths for changes:" in fixed and "will not reload" not in fixed


def test_with_the_click_installed_here_serve_watches_and_says_nothing(tmp_path: Path) -> None:
    logged = serve_log(make_project(tmp_path / "p"))
    assert "Watching paths for changes:" in logged and "will not reload" not in logged
