"""Debian's chromium driven by playwright: the ``browser`` fixture (registered for every test module by
conftest.py), a folder served on 127.0.0.1, a site built for the browser, and a report that carries payloads."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from support.course import REPO
from support.images import solid_png

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAYLOAD = "<img src=x onerror=window.__xss=1>"
LONG_URL = "https://console.cloud.google.com/storage/browser/leafline-data-bucket/processed/" + "a" * 120
"""A bare 200-character URL, written in an answer as students paste them: no space to break the line at."""


def report_text() -> str:
    """A 31-question report: some answers pass, some are short, three carry payloads."""
    lines = [
        "# Exam report",
        "",
        "## Overall project checklist",
        "",
        "### Week 1",
        "",
        "* [x] Create a git repository (M5)",
        "* [x] Use a dedicated environment (M2)",
        "* [ ] Use profiling to optimize your code (M12)",
        "",
        "## Group information",
        "",
    ]
    filler = " ".join(["We describe our pipeline carefully here."] * 25)
    for number in range(1, 32):
        title = f"Question {number} {PAYLOAD}" if number == 3 else f"Question {number}"
        answer = filler if number % 4 else "Too short."
        if number == 5:
            answer = f"{filler} Raw HTML follows: <script>window.__xss=1</script> {PAYLOAD}"
        if number == 14:
            answer = f"{filler}\n\n![loss curve {PAYLOAD}](figures/loss.png)"
        if number == 19:
            answer = "![our bucket](figures/bucket.png)"
        if number == 10:
            answer = f"{filler} Our data: {LONG_URL}"
        lines += [f"### {title}", "", "> **A question of the template**", ">", "> Answer:", "", answer, ""]
    return "\n".join(lines)


def write_figures(figures: Path) -> None:
    """The two figures :func:`report_text` shows, in the folder ``figures``."""
    figures.mkdir(parents=True, exist_ok=True)
    (figures / "loss.png").write_bytes(solid_png(64, 32, b"\x20\x60\xc0"))
    (figures / "bucket.png").write_bytes(solid_png(48, 48, b"\xe0\x80\x20"))


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    return next((path for path in candidates if path and Path(path).is_file()), None)


def build_site(project: Path, destination: Path) -> Path:
    """``mkdocs build`` of ``project`` into ``destination``, which must succeed."""
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(destination)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr
    return destination


@contextlib.contextmanager
def serve(folder: Path, *, html_as_utf8: bool = False) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port, in a thread, for the ``with`` block; with ``html_as_utf8``, HTML
    is sent as UTF-8, as GitHub Pages sends it (the course's hand-in names no charset)."""
    handler = functools.partial(_Utf8Handler if html_as_utf8 else _QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the stdlib names it format
        pass


class _Utf8Handler(_QuietHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium, launched once per test module, or a visible skip when it is not installed."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium, or set CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
