"""An image that is not found fails only a question that asks for an image."""

from __future__ import annotations

from pathlib import Path

from support.reportgen import good_answer, make_report, words

from mkdocs_report_plugin import check_report


def test_an_image_not_found_fails_only_a_question_that_asks_for_an_image(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    answers = {5: words(150) + "\n\n![gone](figures/gone.png)", 14: good_answer(14) + "\n\n![gone](figures/gone.png)"}
    (tmp_path / "README.md").write_text(make_report(answers), encoding="utf-8")
    result = check_report(tmp_path / "README.md")
    severities = {
        f.question: f.severity for f in result.findings if f.rule == "image-not-found" and f.question in (5, 14)
    }
    assert severities == {5: "warning", 14: "error"}  # the other answers' figures are missing too: errors where asked
    assert result.question(5).ok and not result.question(14).ok


def test_an_image_not_found_outside_the_answers_is_a_warning_on_the_whole_report(tmp_path: Path) -> None:
    text = make_report().replace("## Group information", "![banner](figures/banner.png)\n\n## Group information", 1)
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    for number in (14, 19, 20, 21, 29):  # the figures the complete report shows
        (tmp_path / "figures").mkdir(exist_ok=True)
        for index in range(3):
            (tmp_path / "figures" / f"q{number}_{index}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = check_report(tmp_path / "README.md")
    assert [(f.question, f.severity) for f in result.findings if f.rule == "image-not-found"] == [(None, "warning")]
    assert result.ok and not result.report_errors  # not counted as a report the course's scripts cannot read
