"""The docs' screenshots, taken from the demo course project in headless chromium.

Usage (from the repository root, with the project's environment)::

    .venv/bin/python scripts/screenshots.py

The demo (``demo/``: ``docs/mkdocs.yaml`` with ``docs_dir: source``, the report in
``reports/``) is copied into a temporary folder as a git repository of its own, so the
page names the report ``reports/README.md`` as it does in a student's project, built
from its ``docs/`` folder, served on 127.0.0.1 and opened in Debian's chromium
(``/usr/bin/chromium``, or ``$CHROMIUM``) as the tests open it. Written:

- ``docs/images/course-project-report.png``: the top of the report page, light scheme:
  the navigation that leads to it, the score and what to fix first (the failing questions,
  then the warnings), down to the end of that list or of the first screen.

The same page gives the same picture: a fixed viewport and scale, animations finished,
and every request that leaves the site (Material's Google Fonts) answered empty, so
the text is in the machine's fallback font and nothing waits on the network.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.browser import CHROMIUM_ARGS, build_site, chromium_path, serve  # noqa: E402

IMAGES = REPO / "docs" / "images"
VIEWPORT = {"width": 1280, "height": 900}


def main() -> int:
    executable = chromium_path()
    if executable is None:
        print("chromium is not installed (apt-get install chromium, or set CHROMIUM)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="screenshots-") as folder:
        project = demo_repository(Path(folder) / "demo")
        site = build_site(project / "docs", Path(folder) / "site")
        with serve(site) as url:
            IMAGES.mkdir(exist_ok=True)
            target = IMAGES / "course-project-report.png"
            shoot_report(executable, url, target)
            print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KB")
    return 0


def demo_repository(destination: Path) -> Path:
    """The demo copied to ``destination`` as the top of a git work tree, as a student has it."""
    shutil.copytree(REPO / "demo", destination, ignore=shutil.ignore_patterns("site", "__pycache__"))
    subprocess.run(["git", "init", "--quiet", str(destination)], check=True)
    return destination


def shoot_report(executable: str, url: str, target: Path) -> None:
    """Write the top of ``url``'s report page to ``target``, cut below the dashboard's list of what to fix."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1, color_scheme="light")
        page.route(lambda address: not address.startswith(url), lambda route: route.fulfill(status=200, body=""))
        page.goto(url + "report/", wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        fix_first = page.locator(".report-dashboard .report-fixfirst").bounding_box()
        assert fix_first is not None, "the report page's dashboard has no list of what to fix"
        bottom = min(fix_first["y"] + fix_first["height"] + 16, VIEWPORT["height"])  # one screen at most
        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": bottom}
        page.screenshot(path=str(target), clip=clip, animations="disabled", caret="hide")
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
