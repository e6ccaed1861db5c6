"""The plugin and a template spec: ``spec:`` in mkdocs.yml, ``report-spec.yaml`` beside the report,
and a spec that cannot be used, as a student sees them in real `mkdocs build`s."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.projects import answer_words, images_for, make_project, mkdocs, valid_report
from support.specs import BAD_SPEC, Q14_150_250, write_spec

pytestmark = pytest.mark.slow

Q14_170 = answer_words(14, 170) + "".join(f"\n\n![figure]({path})" for path in images_for(14, 1))


def _dashboard_spec_line(project: Path) -> str:
    page = BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")
    line = page.select_one(".report-dashboard .report-spec")
    assert line is not None
    return line.get_text()


def test_spec_option_is_read_from_mkdocs_yml_folder_and_named_in_log_and_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({14: Q14_170}),
                           plugin="      path: reports/README.md\n      spec: specs/2027.yaml\n")  # fmt: skip
    write_spec(project / "specs" / "2027.yaml", Q14_150_250)

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    named = "02476 (2027), from spec: specs/2027.yaml in mkdocs.yml"
    assert f"INFO    -  report: reports/README.md: checked against the spec {named}" in run.stderr
    assert "report: 31/31 questions pass" in run.stderr, "question 14 is checked against 150-250 words"
    assert _dashboard_spec_line(project) == f"Checked against the spec {named}."


def test_a_spec_beside_the_report_is_picked_up_without_configuration(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", valid_report({14: Q14_170}))
    write_spec(project / "reports" / "report-spec.yaml", Q14_150_250)

    run = mkdocs(project, "build")

    assert run.returncode == 0, run.stderr
    assert "report: 31/31 questions pass" in run.stderr
    assert "02476 (2027), from reports/report-spec.yaml (beside the report)" in _dashboard_spec_line(project)


@pytest.mark.parametrize("where", ["option", "beside"])
def test_a_spec_that_cannot_be_used_is_a_configuration_error(tmp_path: Path, where: str) -> None:
    option = "      spec: bad.yaml\n" if where == "option" else ""
    project = make_project(tmp_path / "p", plugin=f"      path: reports/README.md\n{option}")
    (project / ("bad.yaml" if where == "option" else "reports/report-spec.yaml")).write_text(BAD_SPEC)

    run = mkdocs(project, "build")

    shown = "bad.yaml" if where == "option" else "reports/report-spec.yaml"
    assert run.returncode == 1
    assert (f"ERROR   -  Config value 'plugins': Plugin 'report' option 'spec': {shown}, line 4: unknown key 'colour'"
            in run.stderr), run.stderr  # fmt: skip
    assert "Aborted with a configuration error!" in run.stdout and "Traceback" not in run.stderr


def test_a_bad_spec_beside_a_report_among_the_docs_stops_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", plugin="      nav_title: false\n")
    (project / "docs" / "report").mkdir()
    (project / "docs" / "report" / "README.md").write_text(valid_report())
    (project / "docs" / "report" / "report-spec.yaml").write_text(BAD_SPEC)

    run = mkdocs(project, "build")

    assert run.returncode == 1
    assert "report: docs/report/report-spec.yaml, line 4: unknown key 'colour'" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
