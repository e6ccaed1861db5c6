"""`mkdocs serve` rebuilds the report page when the report or a figure it uses changes.

The report lives outside docs_dir, so MkDocs would not watch it by itself. The server
runs on 127.0.0.1 on a free port; every wait is bounded and the server is always stopped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_plugin_support import MKDOCS, good_answer, make_project, png, valid_report

pytestmark = pytest.mark.slow

WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError):
        return None


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"gave up after {WAIT_SECONDS}s waiting for {what}")


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
