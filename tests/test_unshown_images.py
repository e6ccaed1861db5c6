"""Nothing silent (issue 15): every image the page shows as a note instead is one build warning on its line that
says why, the same finding as `mkdocs-report check`, wherever the report writes it: in an answer, above the first
question, in a prompt, under a question the template does not have."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.images import png
from support.projects import good_answer, make_project, mkdocs, valid_report
from support.reportgen import line_of

from mkdocs_report_plugin import check_report
from mkdocs_report_plugin.output.site_plan import Placement, plan_site_files

INTRO = "![our logo](figures/logo-missing.png) ![banner](.cache/banner.png)"
PROMPT_HIDDEN = "> ![setup](../.secret/setup.png)"
PROMPT_COURSE = "> ![course example](figures/bucket.png)"  # the course's own example: the page links the course's copy
FOLDER = "![all figures](figures)"
FOLDER_PNG = "![a folder named like a png](figures/run.png)"
PDF = "![slides](figures/slides.pdf)"
BY_REFERENCE = "![loss][loss-curve]"
DEFINITION = "[loss-curve]: figures/loss-missing.png"
EXTRA = "![extra](figures/extra-missing.png)"

UNSHOWN = {  # target -> what the warning on its line says
    "figures/logo-missing.png": "not found: there is no 'p/reports/figures/logo-missing.png' in the repository",
    ".cache/banner.png": "is in a hidden file or folder",
    "../.secret/setup.png": "is in a hidden file or folder",
    "figures": "is a folder, not an image file",
    "figures/run.png": "is a folder, not an image file",
    "figures/slides.pdf": "is a .pdf file",
    "figures/loss-missing.png": "not found",
    "figures/extra-missing.png": "not found",
}


def _report() -> str:
    text = valid_report({3: good_answer(3) + f"\n\n{FOLDER}\n\n{PDF}", 5: good_answer(5) + f"\n\n{FOLDER_PNG}",
                         6: good_answer(6) + f"\n\n{BY_REFERENCE}\n\n{DEFINITION}"})  # fmt: skip
    text = text.replace("## Group information", f"{INTRO}\n\n## Group information")
    text = text.replace("> Answer:", f"{PROMPT_HIDDEN}\n>\n{PROMPT_COURSE}\n>\n> Answer:", 1)
    return text + f"\n### Question 32\n\n> Answer:\n\n{EXTRA}\n"


def _project(tmp_path: Path) -> tuple[Path, str]:
    text = _report()
    (tmp_path / ".git").mkdir()
    project = make_project(tmp_path / "p", text)
    figures = project / "reports" / "figures"
    (figures / "slides.pdf").write_bytes(b"%PDF-1.4")
    (figures / "run.png").mkdir()
    (project / "reports" / ".cache").mkdir()
    (project / "reports" / ".cache" / "banner.png").write_bytes(png())
    (project / ".secret").mkdir()
    (project / ".secret" / "setup.png").write_bytes(png())
    return project, text


def _line(text: str, target: str) -> int:
    written = {"figures/loss-missing.png": BY_REFERENCE}.get(target, f"({target})")
    return line_of(text, written)


def test_check_names_every_image_the_site_cannot_show_on_its_line(tmp_path: Path) -> None:
    project, text = _project(tmp_path)
    result = check_report(project / "reports" / "README.md")
    placement = Placement(project, project / "reports" / "README.md", "report/", True, project / "docs",
                          lambda path: f"https://github.com/g/p/blob/main/{path}", "https://course/")  # fmt: skip

    plan = plan_site_files(result, placement)

    assert sorted(item.target for item in plan.unresolved if item.is_image) == sorted(UNSHOWN)
    for target, says in UNSHOWN.items():
        named = [found for found in result.findings if f"'{target}'" in found.message and says in found.message]
        assert [found.line for found in named] == [_line(text, target)], (target, result.findings)
    assert plan.unreported_images(result) == []
    assert not any("bucket.png" in found.message for found in result.findings)


def test_the_safety_net_names_an_image_no_finding_names(tmp_path: Path) -> None:
    project, _ = _project(tmp_path)
    result = check_report(project / "reports" / "README.md")
    placement = Placement(project, project / "reports" / "README.md", "report/", True, project / "docs", None, "")
    plan = plan_site_files(result, placement)
    for question in result.questions:  # as if a rule had not foreseen the cause
        question.findings = [found for found in question.findings if "'figures'" not in found.message]

    assert [item.target for item in plan.unreported_images(result)] == ["figures"]


def test_an_image_counts_as_named_by_the_findings_about_it_not_by_words_quoting_it(tmp_path: Path) -> None:
    """The site asks the findings which image they are about (their target), never searches their messages: a
    message that only quotes the path, as another finding's words may, leaves the image unnamed."""
    project, _ = _project(tmp_path)
    result = check_report(project / "reports" / "README.md")
    placement = Placement(project, project / "reports" / "README.md", "report/", True, project / "docs", None, "")
    plan = plan_site_files(result, placement)
    for question in result.questions:  # the same words, about no image
        question.findings = [dataclasses.replace(found, target=None) if found.target == "figures" else found
                             for found in question.findings]  # fmt: skip

    assert [item.target for item in plan.unreported_images(result)] == ["figures"]
    assert any("'figures'" in found.message for found in result.findings)


@pytest.mark.slow
def test_the_build_warns_once_per_image_the_page_shows_as_a_note(tmp_path: Path) -> None:
    project, text = _project(tmp_path)

    built = mkdocs(project, "build")

    assert built.returncode == 0, built.stderr
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    for target, says in UNSHOWN.items():
        named = [line for line in warnings if f"'{target}'" in line and says in line]
        assert len(named) == 1, (target, warnings)
        assert f"report: p/reports/README.md:{_line(text, target)}: " in named[0]
    assert len(warnings) == len(check_report(project / "reports" / "README.md").findings)
    assert "the page cannot show the image" not in built.stderr
    page = BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")
    notes = page.find_all("em", class_="report-unresolved")
    assert len(notes) == len(UNSHOWN)
    assert page.find("img", src=re.compile(r"^https://github\.com/SkafteNicki/.*bucket\.png$")) is not None
