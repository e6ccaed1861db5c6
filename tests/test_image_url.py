"""An image whose address is a web page about the picture (GitHub's blob/ page, a share link) or a server on the
student's own computer: the course's checker counts it, the hand-in shows no picture."""

from __future__ import annotations

import pytest
from support.reportgen import line_of, make_report, words

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.reading.image_urls import why_no_picture

BLOB = "https://github.com/group-12/mlops/blob/main/reports/figures/loss.png"


def url_findings(text: str) -> list[tuple[int | None, str, str]]:
    return [(f.question, f.severity, f.message) for f in check_text(text).findings if f.rule == "image-url"]


def test_a_github_blob_address_fails_the_question_that_asks_for_an_image() -> None:
    text = make_report({14: words(250) + f"\n\n![loss]({BLOB})"})  # 2026's question 14 asks for 1-2 images
    result = check_text(text)
    [(question, severity, message)] = url_findings(text)
    assert (question, severity) == (14, "error") and not result.question(14).ok
    assert message.startswith(f"image '{BLOB}' is GitHub's page for the file (an address with /blob/)")
    assert "shows no picture" in message and message.endswith("write 'figures/loss.png'.")
    assert result.question(14).status.label == "fail: image address shows no picture"
    assert [f.line for f in result.findings if f.rule == "image-url"] == [line_of(text, BLOB)]


def test_in_a_question_that_asks_for_no_image_it_is_a_warning() -> None:
    text = make_report({5: words(150) + f"\n\n![loss]({BLOB})"})
    result = check_text(text)
    assert [(q, s) for q, s, _ in url_findings(text)] == [(5, "warning")] and result.question(5).ok


@pytest.mark.parametrize(
    "address",
    [
        "https://github.com/o/r/tree/main/reports/figures",
        "https://drive.google.com/file/d/1AbC/view?usp=sharing",
        "https://www.dropbox.com/s/abc/loss.png?dl=0",
        "https://imgur.com/a1B2c3",
        "https://1drv.ms/i/s!Abc",
        "https://wandb.ai/team/project/reports/Run--Vmlldzo",
        "http://localhost:8000/figures/loss.png",
        "http://127.0.0.1/loss.png",
        "http://192.168.1.20/loss.png",
    ],
)
def test_share_pages_and_own_computer_addresses_show_no_picture(address: str) -> None:
    assert why_no_picture(address) is not None
    assert [q for q, _s, _m in url_findings(make_report({14: words(250) + f"\n\n![x]({address})"}))] == [14]


@pytest.mark.parametrize(
    "address",
    [
        BLOB + "?raw=true",  # GitHub sends the file itself
        "https://raw.githubusercontent.com/o/r/main/reports/figures/loss.png",
        "https://github.com/o/r/raw/main/reports/figures/loss.png",
        "https://i.imgur.com/a1B2c3.png",
        "https://www.dropbox.com/s/abc/loss.png?raw=1",
        "https://storage.googleapis.com/bucket/loss.png",
        "https://github.com/user-attachments/assets/0f1e2d3c",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_addresses_of_image_files_are_left_alone(address: str) -> None:
    assert why_no_picture(address) is None
    assert url_findings(make_report({14: words(250) + f"\n\n![x]({address})"})) == []


def test_an_image_in_code_or_a_link_to_a_page_is_not_an_image() -> None:
    text = make_report({14: words(250) + f"\n\n![plot](figures/q14_0.png) and [the page]({BLOB}) `![x]({BLOB})`"})
    assert url_findings(text) == []


def test_above_the_first_question_it_is_a_warning_on_the_whole_report() -> None:
    text = make_report().replace("## Group information", f"![banner]({BLOB})\n\n## Group information", 1)
    assert [(q, s) for q, s, _ in url_findings(text)] == [(None, "warning")]
    assert check_text(text).ok
