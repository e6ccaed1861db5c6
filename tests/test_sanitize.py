"""No student HTML runs on the decorated page or in the standalone export (issue 18, item 1).

Every payload of ``payloads.py`` is put in an answer, a checklist item and a question's
heading of a passing report, then checked with the engine and rendered as the report page
(``decorate_page``, as the plugin and a teacher's site do) and as ``mkdocs-report html``
(``standalone_html``). The rendered HTML must hold nothing active, and what the student
wrote must stay readable. The same pages in a real browser: ``tests/test_browser_payloads.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from support.images import png
from support.payloads import PAYLOADS, assert_inert, report_with_every_payload, visible_text
from support.projects import make_project, mkdocs, valid_report

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.output.render import decorate_page
from mkdocs_report_plugin.output.standalone import standalone_html

PLACES = ("answer", "checklist item", "heading")
PAGE_EXTENSIONS = [
    "toc",
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "footnotes",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.tasklist",
]


def report_holding(payload: str, place: str) -> str:
    if place == "answer":
        return valid_report({5: f"{valid_report_answer(5)} Raw HTML: {payload} end of answer."})
    text = valid_report()
    if place == "checklist item":
        return text.replace("* [ ] Use profiling to optimize the code (M12)", f"* [ ] Use profiling {payload}")
    return text.replace("### Question 3\n", f"### Question 3 {payload}\n")


def valid_report_answer(number: int) -> str:
    from support.projects import good_answer

    return good_answer(number)


def page_html(text: str) -> str:
    return markdown.markdown(
        text,
        extensions=PAGE_EXTENSIONS,
        extension_configs={"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}},
    )


def main_of(document: str) -> str:
    """The standalone document's body: its own <head> holds our <style> and <meta> tags."""
    return document.split('<main class="md-typeset">', 1)[1].rsplit("</main>", 1)[0]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("payload", "shown"), PAYLOADS, ids=[payload[:40] for payload, _ in PAYLOADS])
def test_no_payload_is_active_on_the_page_or_in_the_export(payload: str, shown: str, place: str) -> None:
    text = report_holding(payload, place)
    assert payload in text
    result = check_text(text, display_path="reports/README.md")
    for rendered in (decorate_page(result, page_html(text)), main_of(standalone_html(result, embed_images=False))):
        assert_inert(rendered)
        seen = visible_text(rendered)
        assert shown in seen, f"{shown!r} is no longer visible"
        assert ("Use profiling" in seen and "Question 3" in seen and "end of answer." in seen) or place != "answer"


def test_a_heading_with_a_payload_is_still_decorated_as_its_question() -> None:
    text = report_holding("<!--><img src=x onerror=alert(1)>-->", "heading")
    result = check_text(text, display_path="reports/README.md")
    page = decorate_page(result, page_html(text))
    heading = re.search(r"<h3[^>]*>Question 3.*?</h3>", page, re.S)
    assert heading is not None and "report-badge--pass" in heading[0]


def test_our_decoration_is_added_after_sanitising_and_kept_whole() -> None:
    text = valid_report({4: "Too short."})
    result = check_text(text, display_path="reports/README.md")
    page = decorate_page(result, page_html(text), handin_url="handin.html")
    assert re.search(r'<span class="report-progress__bar" style="width: [\d.]+%"></span>', page)
    assert '<div class="report-findings" data-question="4">' in page
    assert 'data-rule="words"' in page and "report-badge--fail" in page
    assert 'role="progressbar"' in page and 'aria-valuemax="31"' in page


def test_the_handin_link_says_its_raw_html_is_not_made_safe() -> None:
    result = check_text(valid_report(), display_path="reports/README.md")
    page = decorate_page(result, page_html(valid_report()), handin_url="handin.html")
    link = re.search(r'<p class="report-handin">.*?</p>', page, re.S)
    assert link is not None and "exactly as the course makes it" in link[0]
    assert "raw HTML in it is not made safe" in link[0]


MATERIAL_SHAPES = """\
!!! note "A note"
    Inside the **note**.

??? tip "Folded"
    Inside the details.

| Left | Right |
|:-----|------:|
| a    | b     |

```python
print("hi")
```

Footnote here[^1]. Link to [mail](mailto:a@b.dk), [web](https://example.org/x), [page](other.md#part),
[anchor](#question-1). ![relative](figures/a.png) ![web](https://example.org/a.png)
![inline](data:image/png;base64,iVBORw0KGgo=)

- [x] done item
- [ ] open item

<details><summary>More</summary>Hidden text</details>

[^1]: The footnote.
"""


def test_what_material_and_pymdownx_make_for_a_report_survives() -> None:
    text = valid_report({5: f"{valid_report_answer(5)}\n\n{MATERIAL_SHAPES}"})
    result = check_text(text, display_path="reports/README.md")
    page = decorate_page(result, page_html(text))
    assert '<div class="admonition note">' in page and '<details class="tip">' in page
    assert '<td style="text-align:left">a</td>' in page.replace("text-align: left;", "text-align:left")
    assert '<td style="text-align:right">b</td>' in page.replace("text-align: right;", "text-align:right")
    assert '<div class="highlight"><pre><span></span><code>' in page and '<span class="nb">print</span>' in page
    # footnotes' ids are made in the student's name: prefixed like theirs, the links with them (docs/hardening.md)
    assert re.search(r'<sup id="user-content-fnref:1"><a class="footnote-ref" href="#user-content-fn:1"', page)
    assert '<li id="user-content-fn:1">' in page and 'href="#user-content-fnref:1"' in page
    for href in ("mailto:a@b.dk", "https://example.org/x", "other.md#part", "#question-1"):
        assert f'href="{href}"' in page
    for src in ("figures/a.png", "https://example.org/a.png", "data:image/png;base64,iVBORw0KGgo="):
        assert f'src="{src}"' in page
    boxes = re.findall(r'<label class="task-list-control"><input ([^>]*)>', page)
    assert len(boxes) >= 2 and all('type="checkbox"' in box and 'disabled=""' in box for box in boxes)
    assert '<a class="headerlink" href="#question-1"' in page
    assert "<details><summary>More</summary>Hidden text</details>" in page


@pytest.mark.slow
def test_a_teachers_site_without_path_sanitises_every_group_page(tmp_path: Path) -> None:
    """Without ``path`` every page that is the template is decorated: each one goes through the sanitiser."""
    project = make_project(tmp_path / "class", plugin="      annotate: always\n")
    for group in ("group1", "group2"):
        (project / "docs" / group / "figures").mkdir(parents=True)
        (project / "docs" / group / "README.md").write_text(report_with_every_payload(), encoding="utf-8")
        for number in (14, 19, 20, 21, 29):
            (project / "docs" / group / "figures" / f"q{number}_0.png").write_bytes(png())
    build = mkdocs(project, "build")
    assert build.returncode == 0 and "Traceback" not in build.stderr, build.stderr[-2000:]
    for group in ("group1", "group2"):
        page = (project / "site" / group / "index.html").read_text(encoding="utf-8")
        content = page.split("<article", 1)[1].split("</article>", 1)[0]
        assert "report-dashboard" in content
        assert_inert(content)
        assert "<script>alert(1)</script>" in visible_text(content)


def test_regression_a_lone_surrogate_given_to_check_text_renders_as_a_replacement_character() -> None:
    # Found by the fuzzing of render safety once it judged with assert_inert: nh3 raised UnicodeEncodeError.
    result = check_text(valid_report({5: f"{valid_report_answer(5)} broken \ud800 character"}))
    for rendered in (
        decorate_page(result, page_html(result.text)),
        main_of(standalone_html(result, embed_images=False)),
    ):
        assert_inert(rendered)
        assert "broken \ufffd character" in rendered


def test_the_judge_of_inert_accepts_payload_text_quoted_in_a_label_and_still_catches_a_load() -> None:
    # The long run (input 48300) put '<link href=http://payload.invalid/...>' in a checklist heading; our
    # progress bar quotes the heading, escaped, in aria-label. Text there loads nothing.
    assert_inert(
        '<div role="progressbar" aria-label="Extra &lt;link href=&quot;http://payload.invalid/l.css&quot;&gt;">'
        '</div><img alt="http://payload.invalid/x.png" src="figures/a.png">'
    )
    for active in (
        '<img src="http://payload.invalid/x.png">',
        '<span style="background:url(x.png)">',
        '<div aria-label="x" onclick="alert(1)">',
        '<a href="javascript:alert(1)">',
    ):
        with pytest.raises(AssertionError):
            assert_inert(active)
