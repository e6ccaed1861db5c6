"""The published report page in a real browser: Debian's chromium driven by playwright.

A small Material site is built in a temporary folder with the ``report`` plugin pointing
at ``support.browser.report_text()`` (two generated PNGs, and script payloads in a question title,
an answer and an image's alt text), served on 127.0.0.1 and opened in chromium. The
project's own docs site (its demo report page), the standalone page and the hand-in framed
next to a report page (``report/handin.html``) are opened too, and the report
page on a phone's screen.
Screenshots of the light and dark schemes are saved under ``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser import ARTIFACTS, LONG_URL, build_site, report_text, serve, write_figures

pytestmark = pytest.mark.browser

MATERIAL_9_4_WRAPPING = ".md-typeset { overflow-wrap: normal; }\n"
"""Material 9.4.6, which the course's template pins, does not break long words in a page's text (9.5 does): the
site is built with that rule, so the page is tested as those students' sites show it."""

MKDOCS_YML = """\
site_name: Report in a browser
theme:
  name: material
  font: false
  palette:
    - scheme: default
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - scheme: slate
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
markdown_extensions:
  - toc:
      permalink: true
  - tables
  - attr_list
extra_css:
  - material-9.4.css
plugins:
  - report:
      path: reports/README.md
      annotate: always
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report_site(tmp_path_factory.mktemp("site"), report_text())


def build_report_site(project: Path, report: str) -> Path:
    """A Material site around ``report`` as reports/README.md, with its two figures, built."""
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n\nThe [report](report/index.md).\n")
    write_figures(project / "reports" / "figures")
    (project / "reports" / "README.md").write_text(report, encoding="utf-8")
    (project / "docs" / "material-9.4.css").write_text(MATERIAL_9_4_WRAPPING, encoding="utf-8")
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return build_site(project, project / "site")


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture
def report_page(browser, base_url: str):  # type: ignore[no-untyped-def]
    """The report page, loaded, with what went wrong while loading it recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = {"console": [], "dialogs": [], "external": []}
    page.on("console", lambda message: message.type == "error" and page.problems["console"].append(message.text))
    page.on("pageerror", lambda error: page.problems["console"].append(str(error)))
    page.on("dialog", lambda dialog: (page.problems["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on(
        "request",
        lambda request: not request.url.startswith(base_url) and page.problems["external"].append(request.url),
    )
    page.goto(base_url + "report/", wait_until="load")
    yield page
    context.close()


def test_dashboard_is_visible_with_the_score(report_page) -> None:  # type: ignore[no-untyped-def]
    dashboard = report_page.locator(".report-dashboard")
    assert dashboard.is_visible()
    assert "questions pass" in dashboard.locator(".report-score").inner_text()
    assert dashboard.locator(".report-table tbody tr").count() == 31


def test_every_image_loads(report_page) -> None:  # type: ignore[no-untyped-def]
    images = report_page.eval_on_selector_all(
        "img", "images => images.map(i => [i.getAttribute('src'), i.complete && i.naturalWidth])"
    )
    assert len(images) == 2
    assert [src for src, width in images if not width] == []


def test_page_loads_without_errors_or_outside_requests(report_page) -> None:  # type: ignore[no-untyped-def]
    assert report_page.problems["console"] == []
    assert report_page.problems["external"] == []


def test_payloads_in_the_report_do_not_run(report_page) -> None:  # type: ignore[no-untyped-def]
    report_page.wait_for_timeout(300)  # let any onerror handler fire
    assert report_page.evaluate("typeof window.__xss") == "undefined"
    assert report_page.problems["dialogs"] == []
    title = report_page.locator("h3", has_text="Question 3 <img").inner_text()
    assert "onerror=window.__xss=1" in title  # shown as the student wrote it
    assert "<script>window.__xss=1</script>" in report_page.locator("article").inner_text()


def test_findings_and_badges_are_shown(report_page) -> None:  # type: ignore[no-untyped-def]
    assert report_page.locator("#question-4 .report-badge--fail").is_visible()
    assert report_page.locator("#question-1 .report-badge--pass").is_visible()
    assert report_page.locator('.report-findings[data-question="4"] .admonition').first.is_visible()


@pytest.fixture
def phone_page(browser, base_url: str):  # type: ignore[no-untyped-def]
    """The report page on a phone's screen (390 x 844 CSS pixels, as an iPhone 14's)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(base_url + "report/", wait_until="load")
    yield page
    context.close()


def test_on_a_phone_every_questions_status_is_in_view_without_sideways_scrolling(phone_page) -> None:  # type: ignore[no-untyped-def]
    width = phone_page.viewport_size["width"]
    phone_page.locator("details.report-table > summary").click()  # the full table, folded below the list
    for where in ("article h3 .report-badge", ".report-table tbody .report-badge"):
        badges = phone_page.locator(where)
        assert badges.count() == 31
        for index in range(31):
            badge = badges.nth(index)
            box = badge.bounding_box()  # not scrolled into view: that would scroll a too-wide table sideways
            assert badge.is_visible() and box is not None, f"{where} #{index + 1} is not shown"
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{where} #{index + 1} is off-screen: {box}"
    assert phone_page.evaluate("document.scrollingElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    phone_page.evaluate("window.scrollTo(0, 0)")
    phone_page.wait_for_timeout(400)
    phone_page.screenshot(path=str(ARTIFACTS / "report-phone-dashboard.png"))


def test_on_a_phone_a_long_url_in_an_answer_breaks_instead_of_widening_the_page(phone_page) -> None:  # type: ignore[no-untyped-def]
    width = phone_page.viewport_size["width"]
    assert len(LONG_URL) == 200 and phone_page.get_by_text(LONG_URL, exact=False).count() == 1

    assert phone_page.evaluate("document.scrollingElement.scrollWidth") <= width


def test_on_a_phone_the_markdown_a_finding_suggests_stays_on_one_line(phone_page) -> None:  # type: ignore[no-untyped-def]
    """``![description](figures/name.png)`` is set as code that never wraps: the ``!`` stays with its ``[``."""
    snippets = phone_page.locator(".report-findings .report-snippet", has_text="![description](figures/name.png)")
    assert snippets.count() >= 2  # questions 20 and 21 show too few images
    for index in range(snippets.count()):
        snippet = snippets.nth(index)
        snippet.scroll_into_view_if_needed()
        assert snippet.evaluate("element => element.getClientRects().length") == 1
        box = snippet.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= phone_page.viewport_size["width"]


def test_the_first_thing_to_fix_leads_to_its_question(phone_page) -> None:  # type: ignore[no-untyped-def]
    first = phone_page.locator(".report-fix-list--fail > li").first
    link = first.locator("a").first
    target = link.get_attribute("href")
    assert target is not None and target.startswith("#")
    heading = phone_page.locator(f"[id='{target[1:]}']")
    assert heading.count() == 1 and heading.evaluate("h => h.tagName") in ("H2", "H3")
    assert heading.inner_text().startswith(link.inner_text() + " ")  # "Question 4" leads to Question 4
    link.click()
    phone_page.wait_for_function(f"location.hash === '{target}'")
    phone_page.wait_for_timeout(300)
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < phone_page.viewport_size["height"]


def test_a_rule_id_opens_its_entry_in_the_rules_reference(report_page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    link = report_page.locator(".report-fix-list--fail a.report-rule-link").first
    rule_id = link.inner_text()
    link.click()
    report_page.wait_for_url(f"{base_url}report/rules/#{rule_id}", wait_until="load")
    entry = report_page.locator(f"[id='{rule_id}']")
    assert entry.is_visible() and entry.locator("h2").inner_text() == rule_id
    assert report_page.evaluate("document.querySelector(':target').id") == rule_id


def test_palette_toggle_switches_to_a_dark_background(report_page) -> None:  # type: ignore[no-untyped-def]
    _screenshots(report_page, "light")
    assert _body_luminance(report_page) > 0.8
    report_page.locator("label[for=__palette_1]").click()
    report_page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    report_page.wait_for_timeout(300)  # Material fades the colours
    assert _body_luminance(report_page) < 0.2
    _screenshots(report_page, "dark")


def _screenshots(page, scheme: str) -> None:  # type: ignore[no-untyped-def]
    """The dashboard and a failing question with its findings, as a reader sees them."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(400)  # Material swaps the header title while scrolling
    page.screenshot(path=str(ARTIFACTS / f"report-{scheme}-dashboard.png"))
    page.evaluate("window.scrollTo(0, document.getElementById('question-4').offsetTop - 80)")
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / f"report-{scheme}-question.png"))


def _body_luminance(page) -> float:  # type: ignore[no-untyped-def]
    """Relative brightness (0 black, 1 white) of the body's computed background colour."""
    red, green, blue = page.evaluate(
        "getComputedStyle(document.body).backgroundColor.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number)"
    )
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.fixture(scope="module")
def standalone_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs_report_plugin import check_report
    from mkdocs_report_plugin.output.standalone import standalone_html

    folder = tmp_path_factory.mktemp("standalone") / "reports"
    write_figures(folder / "figures")
    (folder / "README.md").write_text(report_text(), encoding="utf-8")
    page = folder.parent / "report.html"
    page.write_text(standalone_html(check_report(folder / "README.md")), encoding="utf-8")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_standalone_page_follows_the_system_scheme_offline(
    browser,
    standalone_file: Path,  # type: ignore[no-untyped-def]
    scheme: str,
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: not request.url.startswith(("file:", "data:")) and requests.append(request.url))
    page.goto(standalone_file.as_uri(), wait_until="load")
    try:
        widths = page.eval_on_selector_all("img", "images => images.map(i => i.naturalWidth)")
        assert len(widths) == 2 and all(widths)
        assert requests == []
        assert page.locator(".report-dashboard").is_visible()
        assert (_body_luminance(page) < 0.2) == (scheme == "dark")
        assert page.evaluate("typeof window.__xss") == "undefined"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"standalone-{scheme}-dashboard.png"))
        page.evaluate("window.scrollTo(0, document.getElementById('question-14').offsetTop - 20)")
        page.screenshot(path=str(ARTIFACTS / f"standalone-{scheme}-question.png"))
    finally:
        context.close()


def handin_report_text() -> str:
    """A report without payloads: the two figures, and a fenced code block the hand-in runs together."""
    lines = ["# Exam report", "", "## Group information", ""]
    filler = " ".join(["We describe our pipeline carefully here."] * 25)
    answers = {
        6: f"{filler}\n\n```bash\ndocker build -f train.dockerfile .\n```",
        14: f"{filler}\n\n![loss curve](figures/loss.png)",
        19: "![our bucket](figures/bucket.png)",
    }
    for number in range(1, 32):
        lines += [
            f"### Question {number}",
            "",
            "> **A question of the template**",
            ">",
            "> Answer:",
            "",
            answers.get(number, filler),
            "",
        ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def handin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report_site(tmp_path_factory.mktemp("handin-site"), handin_report_text())


def test_the_handin_opens_from_the_dashboard_with_its_images(browser, handin_site: Path) -> None:  # type: ignore[no-untyped-def]
    """The hand-in framed at report/handin.html is the page the teacher grades: its figures/ paths resolve on the site
    too."""
    with serve(handin_site) as url:
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        # A page without an icon link, as report.py html writes it, makes chromium ask the server for
        # /favicon.ico; the teacher's copy opened from disk does not.
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and not message.location["url"].endswith("/favicon.ico")
                and errors.append(message.text)
            ),
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            page.goto(url + "report/", wait_until="load")
            page.get_by_role("link", name="The hand-in as the teacher reads it").click()
            page.wait_for_url(url + "report/handin.html", wait_until="load")
            assert page.locator("h1").inner_text() == "The hand-in as the teacher reads it"
            handin = page.frame_locator("iframe.report-handin-frame")
            handin.locator("h3", has_text="Question 19").wait_for()
            frame = next(frame for frame in page.frames if frame.url == "about:srcdoc")
            frame.wait_for_load_state("load")
            widths = frame.eval_on_selector_all("img", "images => images.map(i => i.complete && i.naturalWidth)")
            assert len(widths) == 2 and all(widths)
            assert errors == []
            assert handin.locator("pre").count() == 0  # the fenced code runs into the text, as the teacher sees it
            assert "docker build -f train.dockerfile" in handin.locator("body").inner_text()
            ARTIFACTS.mkdir(exist_ok=True)
            handin.locator("h3", has_text="Question 6").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "handin-question-6.png"))
            page.get_by_role("link", name="Back to the report page").click()
            page.wait_for_url(url + "report/", wait_until="load")
        finally:
            context.close()


def test_the_projects_own_demo_report_page(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The docs site at the repository root, with its demo report, as a visitor sees it."""
    root = Path(__file__).resolve().parents[1]
    if not (root / "mkdocs.yml").is_file():
        pytest.skip(f"no mkdocs.yml at {root}: the project's docs site is not there")
    with serve(build_site(root, tmp_path / "site")) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        # Offline: Material's web fonts get an empty answer instead of a network error.
        page.route(lambda address: not address.startswith(url), lambda route: route.fulfill(status=200, body=""))
        try:
            page.goto(url + "report/", wait_until="load")
            assert page.locator(".report-dashboard").is_visible()
            widths = page.eval_on_selector_all("img", "images => images.map(i => i.naturalWidth)")
            assert widths and all(widths)
            assert errors == []
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "docs-report-light.png"))
            page.locator("label[for=__palette_1]").click()
            page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
            page.wait_for_timeout(300)
            assert _body_luminance(page) < 0.2
            page.screenshot(path=str(ARTIFACTS / "docs-report-dark.png"))
        finally:
            context.close()
