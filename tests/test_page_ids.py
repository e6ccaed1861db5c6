"""No id, name or title of the student's that the theme's scripts can mistake for their own (issue 23).

Material reads its settings from ``#__config`` with ``querySelector``, which finds the first such element, and
the report comes before the theme's own: a student's ``<div id="__config">`` set the site's ``base`` and made
the version selector fetch and show a file of the student's choosing. With ``content.tooltips`` a ``title`` is
shown as HTML; the table of contents in the sidebar shows each heading's name or HTML as it is. Each shape is
rendered here as the site renders the report page (the page extension, with the extensions sites enable); the
same shapes in a real browser, under MkDocs and Zensical: ``tests/test_browser_clobbering.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from support.payloads import CLOBBERING, CONFIG_JSON, assert_inert
from support.projects import good_answer, make_project, mkdocs, valid_report

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.output.page_extension import DecorateReport, PageDecoration
from mkdocs_report_plugin.output.page_ids import THEME_IDS, is_theme_id
from mkdocs_report_plugin.output.render import decorate_page
from mkdocs_report_plugin.output.unresolved import Unresolved

SITE_EXTENSIONS = ["toc", "attr_list", "md_in_html", "abbr", "footnotes", "tables", "admonition", "pymdownx.tabbed"]
ZWSP = "\u200b"


def site_page(answer: str, *, unresolved: list[Unresolved] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The report page with ``answer`` below question 5's, and its table of contents, made as the site makes them."""
    text = valid_report({5: f"{good_answer(5)}\n\n{answer}\n"})
    result = check_text(text, display_path="reports/README.md")
    decoration = PageDecoration(result, unresolved=unresolved or [])
    md = markdown.Markdown(
        extensions=[*SITE_EXTENSIONS, DecorateReport(decoration)],
        extension_configs={"toc": {"permalink": True}},
    )
    return md.convert(text), md.toc_tokens


def values(page: str, attribute: str) -> list[str]:
    return re.findall(rf'\s{attribute}="([^"]*)"', page)


def toc_ids(tokens: list[dict[str, Any]]) -> list[str]:
    return [found for token in tokens for found in [token["id"], *toc_ids(token["children"])]]


# --- ids and names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("shape", "tries"), CLOBBERING, ids=[tries for _, tries in CLOBBERING])
def test_no_shape_leaves_an_id_or_name_a_theme_looks_up(shape: str, tries: str) -> None:
    page, tokens = site_page(shape)

    assert_inert(page)
    assert not [value for value in values(page, "id") + values(page, "name") if is_theme_id(value)]
    assert not [value for value in toc_ids(tokens) if is_theme_id(value)]


def test_the_students_config_element_keeps_its_words_under_a_prefixed_id() -> None:
    page, _ = site_page(f'<div id="__config">{CONFIG_JSON}</div>\n\n{CONFIG_JSON}\n{{: #__config }}')

    assert values(page, "id").count("user-content-__config") == 2
    assert page.count("payload.invalid/config/") == 2  # not a word lost: the text stays, only the id changes


def test_names_get_the_prefix_so_no_form_or_window_property_is_the_themes() -> None:
    page, _ = site_page('<p><a name="__drawer">named</a> <input type="checkbox" name="__palette"></p>')

    assert "user-content-__drawer" in values(page, "name") and "user-content-__palette" in values(page, "name")


@pytest.mark.parametrize("heading", ["__search", "Search", "Main content", "__config {#__drawer}"])
def test_a_heading_whose_id_a_theme_looks_up_is_prefixed_in_the_page_and_its_table_of_contents(heading: str) -> None:
    page, tokens = site_page(f"#### {heading}")

    made = next(token for token in toc_ids(tokens) if token.startswith("user-content-"))
    assert made.removeprefix("user-content-") in THEME_IDS or made.startswith("user-content-__")
    assert f'<h4 id="{made}">' in page and f'href="#{made}"' in page  # the heading and its permalink agree


def test_in_page_links_follow_the_ids_they_point_to() -> None:
    answer = (
        '<span id="setup">Our setup</span> and <a name="top">the top</a>.\n\n'
        "Paragraph with an id.\n{: #results }\n\n"
        "See [setup](#setup), [top](#top), [results](#results), [question 4](#question-4), [ours](#our-heading).\n\n"
        "Footnote[^1].\n\n#### Our heading\n\n[^1]: The note."
    )
    page, _ = site_page(answer)

    assert 'href="#user-content-setup"' in page and 'id="user-content-setup"' in page
    assert 'href="#user-content-top"' in page and 'name="user-content-top"' in page
    assert 'href="#user-content-results"' in page and 'id="user-content-results"' in page
    assert 'href="#question-4"' in page and 'href="#our-heading"' in page  # toc's ids: kept, as GitHub writes them
    anchors = set(values(page, "id")) | set(values(page, "name"))
    dangling = {target for target in re.findall(r'href="#([^"]+)"', page) if target not in anchors}
    assert dangling == set()  # the dashboard's, the permalinks, the footnotes' and the student's links all land


def test_a_students_element_cannot_take_the_anchor_of_a_question() -> None:
    page, _ = site_page('<div id="question-4">a box named like question 4</div>')

    assert re.search(r'<h3 id="question-4">Question 4', page)
    assert 'id="user-content-question-4"' in page
    assert values(page, "id").count("question-4") == 1


def test_tabs_keep_working_with_their_ids_and_labels_prefixed_together() -> None:
    page, _ = site_page('=== "One"\n    first\n\n=== "Two"\n    second')

    ids = [value for value in values(page, "id") if "tabbed" in value]
    assert ids == ["user-content-__tabbed_1_1", "user-content-__tabbed_1_2"]
    assert values(page, "for") == ids and set(values(page, "name")) == {"user-content-__tabbed_1"}


def test_decorate_page_keeps_heading_ids_and_prefixes_the_rest() -> None:
    result = check_text(valid_report(), display_path="reports/README.md")
    html = markdown.markdown(result.text, extensions=["toc"]) + '<div id="__config">x</div><h4 id="__search">s</h4>'

    page = decorate_page(result, html)

    assert '<h3 id="question-4">' in page and 'href="#question-4"' in page
    assert 'id="user-content-__config"' in page and 'id="user-content-__search"' in page
    assert_inert(page)


# --- titles --------------------------------------------------------------------------------------------------


def test_every_title_reads_as_text_even_where_a_theme_shows_it_as_html() -> None:
    answer = (
        '<p title="&lt;img src=x onerror=alert(1)&gt;">raw</p>\n\n'
        '[link](https://example.org "&lt;b&gt;bold&lt;/b&gt;") ![figure](figures/q5.png "&lt;script&gt;")\n\n'
        "*[HTML]: </p><img src=x onerror=alert(1)>\n\nHTML abbreviated.\n\n"
        "![missing](figures/<i>.png)"
    )
    missing = Unresolved("figures/<i>.png", True, "the image 'figures/<i>.png' is not in the repository")
    page, _ = site_page(answer.replace("figures/<i>.png", "report-unresolved:0"), unresolved=[missing])

    titles = [title.replace("&lt;", "<").replace("&gt;", ">") for title in values(page, "title")]
    assert f"<{ZWSP}img src=x onerror=alert(1)>" in titles
    assert f"<{ZWSP}b>bold<{ZWSP}/b>" in titles and f"<{ZWSP}script>" in titles
    assert f"<{ZWSP}/p><{ZWSP}img src=x onerror=alert(1)>" in titles
    assert any(f"figures/<{ZWSP}i>.png" in title for title in titles)  # our own note quotes the student's path
    assert_inert(page)


# --- the table of contents the theme shows ---------------------------------------------------------------------


def test_the_table_of_contents_holds_nothing_active() -> None:
    _, tokens = site_page(
        "#### Heading <!--><img src=x onerror=alert(1)>-->\n\n"
        '#### Labelled {data-toc-label="<img src=x onerror=alert(2)>"}\n\n'
        "#### Escaped &lt;img src=x onerror=alert(3)&gt;"
    )
    shown = [token for token in _flat(tokens) if token["level"] == 4]

    assert len(shown) == 3
    for token in shown:
        for key in ("name", "html", "data-toc-label"):
            assert_inert(token[key])
            assert "<img" not in token[key] or "onerror" not in token[key], (key, token[key])
    assert "&lt;img src=x onerror=alert(3)&gt;" in shown[2]["name"]  # the student's words, as text


def _flat(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [found for token in tokens for found in [token, *_flat(token["children"])]]


# --- a real build --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_built_page_has_the_themes_config_alone_and_a_sidebar_without_markup(tmp_path: Path) -> None:
    shapes = "\n\n".join(shape for shape, _ in CLOBBERING)
    extra = "markdown_extensions:\n  - attr_list\n  - md_in_html\n  - toc:\n      permalink: true\n"
    project = make_project(tmp_path / "p", valid_report({5: f"{good_answer(5)}\n\n{shapes}"}))
    config = (project / "mkdocs.yml").read_text().replace("markdown_extensions:\n", extra, 1)
    (project / "mkdocs.yml").write_text(config)

    build = mkdocs(project, "build")

    assert build.returncode == 0, build.stderr
    page = (project / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert page.count('id="__config"') == 1 and page.index('id="__config"') > page.index("</article>")
    sidebar = page.split('data-md-component="toc"', 1)[1].split("</nav>", 1)[0]
    assert "<img" not in sidebar and "<!--" not in sidebar
    assert 'href="#user-content-__search"' in page and '<h4 id="user-content-__search">' in page
    assert_inert(page.split("<article", 1)[1].split("</article>", 1)[0])
