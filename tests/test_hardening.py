"""Hardening: whatever a student pastes into the report, the checker answers with findings.

Each test names one kind of bad input a student can produce (Windows editors, copy-paste
from a browser, a merge gone wrong, a deadline) and asserts what the student then sees:
a finding or a message, never a traceback, and every question of the template still
listed once. Bugs found while hardening have a ``test_regression_<what>`` test here.
"""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from support.fuzzing import assert_sound
from support.hangs import HANG_SECONDS, run_with_timeout
from support.reportgen import line_of, make_report

from mkdocs_report_plugin import check_report, check_text
from mkdocs_report_plugin.frontends.cli.main import main as cli
from mkdocs_report_plugin.reading.official import official_image_count
from mkdocs_report_plugin.reading.shipped import shipped_specs
from mkdocs_report_plugin.reading.template import placeholder_pattern

PLACEHOLDERS = [placeholder_pattern(known.placeholder) for known in shipped_specs().values()]


def _rules(text: str | bytes) -> set[str]:
    result = assert_sound(text)
    return {finding.rule for finding in result.findings}


# --- regressions -------------------------------------------------------------------------


def test_regression_official_abort_unknown_rule_id() -> None:
    """A deleted 'Answer:' makes the official checker abort; saying so crashed with KeyError."""
    report = make_report()
    marker = report.index("> Answer:")
    broken = report[:marker] + ">" + report[marker + len("> Answer:") :]
    result = check_text(broken)
    abort = [f for f in result.findings if "checking no question" in f.message]
    assert len(abort) == 1
    assert abort[0].rule == "checker-stops"
    assert "question 1 has no 'Answer:' line" in abort[0].message


def test_regression_huge_renumbered_question_hangs() -> None:
    """``### Question 99999999999999999999`` (a renumbered heading with its prompt) built a
    template of that many questions and never returned; it is one unknown question now."""
    text = make_report().replace("### Question 9\n", "### Question 99999999999999999999\n")
    result = run_with_timeout(check_text, text)
    assert result.template is not None and result.total == 31
    rules = {finding.rule for finding in result.findings}
    assert {"unknown-question", "missing-question"} <= rules


def test_regression_deeply_nested_quotes_traceback_in_html_command(tmp_path: Path) -> None:
    """A line of 5,000 '>' made ``mkdocs-report html`` print a RecursionError traceback.

    Quotes now make a page; so do lists nested thousands deep, defused before rendering
    (their line shows as text, see tests/test_defuse.py).
    """
    quotes, lists = tmp_path / "quotes.md", tmp_path / "lists.md"
    quotes.write_text(make_report({5: ">\t" * 5000 + "deep"}), encoding="utf-8")
    lists.write_text(make_report({5: "- " * 3000 + "deep"}), encoding="utf-8")
    made = CliRunner().invoke(cli, ["html", str(quotes), "-o", str(tmp_path / "quotes.html")])
    assert made.exit_code == 0 and "report-dashboard" in (tmp_path / "quotes.html").read_text()
    made = CliRunner().invoke(cli, ["html", str(lists), "-o", str(tmp_path / "lists.html")])
    assert made.exit_code == 0 and "Traceback" not in made.output
    assert "- - - deep" in (tmp_path / "lists.html").read_text()


@pytest.mark.parametrize("placeholder", PLACEHOLDERS, ids=list(shipped_specs()))
def test_regression_placeholder_regex_quadratic_on_a_line_of_dashes(placeholder: re.Pattern[str] | None) -> None:
    """A 50,000-dash line took minutes: the placeholder search restarted at every dash."""
    assert placeholder is not None
    assert run_with_timeout(placeholder.search, "-" * 50_000) is None
    assert placeholder.search("----- question 15 fill here -----")


# --- regular expressions: no catastrophic backtracking -------------------------------------

ADVERSARIAL_UNITS = (
    "!", "[", "(", ")", "]", "-", ">", "*", "_", " ", "\t", "`", "#", "<", "\\", "|", "?", "+", "Answer:", "answer ",
    "![", "](", "![a](", "[x]", "<img ", "<img src=", "alt=", "--", "question ", "Question 1 ", "insert ", "upload 1 ",
    "1-", "answer length: 1", "+ 1 to ", "(M1+", "\u00c3", "\u00e2\u20ac", "---\n", "> ",
)  # fmt: skip
LINE_LENGTH = 50_000


def _engine_patterns() -> list[str]:
    """Every compiled regex at the top of every module of the package, as ``module.NAME``."""
    import importlib
    import pkgutil
    import re

    import mkdocs_report_plugin

    names = []
    modules = pkgutil.walk_packages(mkdocs_report_plugin.__path__, "mkdocs_report_plugin.")
    for module in (found for found in modules if not found.name.endswith("__main__")):  # that one runs the CLI
        for name, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, re.Pattern):
                names.append(f"{module.name.removeprefix('mkdocs_report_plugin.')}.{name}")
    return names


def _run_pattern_on_adversarial_lines(qualified: str) -> int:
    """Every search of one engine pattern over every adversarial line; returns the match count."""
    import importlib

    module, _, name = qualified.rpartition(".")
    pattern = getattr(importlib.import_module(f"mkdocs_report_plugin.{module}"), name)
    found = 0
    for unit in ADVERSARIAL_UNITS:
        line = (unit * (LINE_LENGTH // len(unit) + 1))[:LINE_LENGTH]
        found += sum(1 for _ in pattern.finditer(line)) + bool(pattern.match(line))
    return found


def test_engine_patterns_are_collected() -> None:
    patterns = _engine_patterns()
    assert "reading.template._PLACEHOLDER_PARTS" in patterns and len(patterns) >= 15
    assert any(name.endswith("._MARKDOWN_IMAGE") for name in patterns)


@pytest.mark.slow
def test_no_engine_regex_backtracks_catastrophically() -> None:
    """Each regex of the engine, on 50,000-character lines made to trip it, finishes.

    Every pattern runs in its own process with a generous limit: a hang detector for
    exponential backtracking, not a speed test (that is the benchmark's job).
    """
    hung = []
    with multiprocessing.get_context("spawn").Pool() as pool:
        pending = {name: pool.apply_async(_run_pattern_on_adversarial_lines, (name,)) for name in _engine_patterns()}
        for name, job in pending.items():
            try:
                job.get(HANG_SECONDS)
            except multiprocessing.TimeoutError:
                hung.append(name)
        pool.terminate()
    assert not hung, f"these patterns do not finish on adversarial lines: {hung}"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="![]()\nab ", max_size=60))
def test_regression_official_image_regex_quadratic(text: str) -> None:
    """The official checker's image regex took minutes on a long line of '!['; the linear
    count that replaces it finds exactly what that regex finds."""
    assert official_image_count(text) == len(re.findall(r"!\[.*?\]\(.*?\)", text))


def test_regression_official_image_count_on_a_long_line() -> None:
    assert run_with_timeout(official_image_count, "![" * 25_000) == 0
    assert official_image_count("![a](b) ![c](d) `![e](f)`\n![x]\n(y)") == 3


# --- bad input a student produces: a finding, never a traceback -----------------------------


def _report_bytes() -> bytes:
    return make_report().encode("utf-8")


BAD_INPUTS: dict[str, str | bytes] = {
    "empty": b"",
    "only-whitespace": " \n\t\r\n",
    "not-the-template": "# My project\n\nInstall with pip.\n\n## Usage\n\nRun it.\n",
    "binary-junk": bytes(range(256)) * 40,
    "png-file": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "utf-16": make_report().encode("utf-16"),
    "tabs": make_report().replace("    ", "\t").replace("> ", ">\t"),
    "cr-only": make_report().replace("\n", "\r"),
    "mixed-endings": "".join(line + ("\r\n", "\n", "\r")[index % 3] for index, line in enumerate(make_report().split("\n"))),
    "other-front-matter": "+++\ntitle = 'hugo'\n+++\n" + make_report(),
    "headings-out-of-order": make_report().replace("### Question 3\n", "### Question 4\n", 1).replace("### Question 4\n", "### Question 3\n", 1),
    "unterminated-fence": make_report({6: "We ran:\n\n```bash\nuv run train\n"}),
    "nested-quotes": make_report({8: "> > > quoted\n> > still\n>\n>>> deeper " + "word " * 120}),
    "html-blocks-and-comments": make_report({9: "<div>\n\n**bold**\n\n</div>\n<!-- hidden Answer: ### -->\n" + "word " * 120}),
    "unclosed-html-comment": make_report({9: "<!-- never closed\n" + "word " * 120}),
    "very-long-line": make_report({11: "word " * 200_000}),
    "null-bytes": make_report({7: "\x00" * 100 + " word" * 60}),
}  # fmt: skip


@pytest.mark.parametrize("data", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_gives_findings_not_a_traceback(data: str | bytes) -> None:
    result = assert_sound(data)
    assert result.findings or result.ok


@pytest.mark.parametrize("name", ["empty", "not-the-template", "binary-junk", "png-file"])
def test_what_is_not_a_report_says_so_once(name: str) -> None:
    assert _rules(BAD_INPUTS[name]) == {"not-a-report"}


def test_invalid_utf8_is_an_encoding_finding_on_its_line() -> None:
    text = make_report({5: "caf\xe9 " * 120})
    result = assert_sound(text.encode("cp1252"))
    encoding = [f for f in result.findings if f.rule == "checker-stops"]
    assert encoding and encoding[0].line == line_of(text, "caf\xe9") and encoding[0].question is None
    assert result.question(5).words == 120 and "caf\xe9" in result.question(5).answer


def test_mojibake_is_an_encoding_finding() -> None:
    result = assert_sound(make_report({5: "We didn\u00e2\u20ac\u2122t use Docker. " * 30}))
    assert any(f.rule == "encoding" and "\u2019" in f.message and f.question == 5 for f in result.findings)


def test_bom_and_line_endings_change_nothing() -> None:
    plain = assert_sound(make_report({4: "one\ttwo three"}))
    for variant in (b"\xef\xbb\xbf" + _report_bytes(), make_report().replace("\n", "\r\n"), BAD_INPUTS["cr-only"],
                    BAD_INPUTS["mixed-endings"]):  # fmt: skip
        result = assert_sound(variant)
        assert [(q.number, q.line, q.words, q.ok) for q in result.questions][5:] == \
            [(q.number, q.line, q.words, q.ok) for q in plain.questions][5:]  # fmt: skip
        assert not result.text.startswith("\ufeff") and "\r" not in result.text


def test_yaml_front_matter_keeps_true_line_numbers() -> None:
    text = "---\ntitle: Our report\nauthors: [a, b]\n---\n" + make_report()
    result = assert_sound(text)
    assert result.question(7).line == line_of(text, "### Question 7") and result.passed == 31


def test_deleted_duplicated_and_renumbered_headings_keep_every_question_once() -> None:
    deleted = assert_sound(make_report(omit=(12,)))
    assert deleted.question(12) is not None and not deleted.question(12).present
    duplicated = assert_sound(make_report() + "\n### Question 5\n\n> Answer:\n\nagain\n")
    assert any(f.rule == "duplicate-question" for f in duplicated.findings)
    renumbered = assert_sound(make_report().replace("### Question 20\n", "### Question 200\n"))
    assert {"unknown-question", "missing-question"} <= {f.rule for f in renumbered.findings}


def test_answer_marker_inside_an_answer_is_the_checker_stopping() -> None:
    rules = _rules(make_report({9: "word " * 120 + "\n\n### Setup\n\nAnswer: we did it."}))
    assert "checker-stops" in rules  # the course's checker finds 32 answers and stops: an error, since issue 16


def test_images_with_spaces_encoded_names_references_and_remote_urls(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "my plot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    answer = ("![a](<figures/my plot.png>)\n\n![b](figures/my%20plot.png)\n\n![c][plot]\n\n"
              "[plot]: <figures/my plot.png>\n")  # fmt: skip
    result = assert_sound(make_report({14: "word " * 250 + "\n\n" + answer,
                                       19: "![remote](https://example.com/bucket.png)"}), tmp_path)  # fmt: skip
    assert result.question(14).rendered_images == 3 and result.question(19).rendered_images == 1
    assert not [f for f in result.findings if f.rule == "image-not-found" and f.question in (14, 19)]


@pytest.mark.slow
def test_a_10_mb_report_is_checked() -> None:
    text = make_report({11: ("word " * 20 + "\n") * 100_000})
    assert len(text.encode()) > 10_000_000
    result = run_with_timeout(check_text, text)
    assert result.question(11).words == 2_000_000 and result.total == 31


def test_source_files_are_byte_identical_after_check_and_cli(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "q19_0.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "README.md").write_bytes(b"\xef\xbb\xbf" + make_report().replace("\n", "\r\n").encode())
    before = _snapshot(tmp_path)
    check_report(tmp_path)
    check_report(tmp_path / "README.md")
    for arguments in (["check", str(tmp_path)], ["check", "--format", "json", str(tmp_path)]):
        CliRunner().invoke(cli, arguments)
    assert _snapshot(tmp_path) == before


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()
    }


# --- the CLI: exit status 0, 1 or 2, never a traceback -------------------------------------


CLI_CASES = ["empty", "binary-junk", "utf-16", "cr-only", "unterminated-fence", "null-bytes"]


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_on_bad_input_exits_cleanly(tmp_path: Path, name: str) -> None:
    data = BAD_INPUTS[name]
    report = tmp_path / "README.md"
    report.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    for fmt in ("text", "json", "github"):
        outcome = CliRunner().invoke(cli, ["check", "--format", fmt, str(report)])
        assert outcome.exit_code in (0, 1, 2) and "Traceback" not in outcome.output
        assert outcome.exception is None or isinstance(outcome.exception, SystemExit)


@pytest.mark.slow
@pytest.mark.parametrize("arguments", [
    ["check", "{missing}"], ["check", "{folder}"], ["check", "{junk}"], ["html", "{junk}", "-o", "{out}"],
    ["html", "{report}", "-o", "{folder}"], ["check", "--format", "xml", "{report}"], ["nonsense"],
])  # fmt: skip
def test_cli_subprocess_exits_0_1_or_2_without_traceback(tmp_path: Path, arguments: list[str]) -> None:
    places = {"missing": tmp_path / "nope.md", "folder": tmp_path, "junk": tmp_path / "junk.md",
              "report": tmp_path / "r.md", "out": tmp_path / "out.html"}  # fmt: skip
    places["junk"].write_bytes(BAD_INPUTS["binary-junk"])
    places["report"].write_text(make_report({5: "short"}))
    command = [sys.executable, "-c", "from mkdocs_report_plugin.frontends.cli.main import main; main()"]
    run = subprocess.run([*command, *(a.format(**places) for a in arguments)], capture_output=True, text=True,
                         timeout=120, check=False)  # fmt: skip
    assert run.returncode in (0, 1, 2), run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stdout or run.stderr  # it always says something


# --- the plugin, through real `mkdocs build`s ------------------------------------------------

PAYLOAD = "<script>window.__xss=1</script><img src=x onerror=window.__xss=2>"


def _sources(project: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(project)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in project.rglob("*")
        if path.is_file() and not path.relative_to(project).parts[0].startswith("site")
    }


@pytest.mark.slow
def test_plugin_builds_leave_sources_identical_and_give_the_same_page(tmp_path: Path) -> None:
    from support.projects import make_project, mkdocs, valid_report

    report = b"\xef\xbb\xbf" + valid_report({5: "caf\xe9 " * 150}).replace("\n", "\r\n").encode("cp1252")
    project = make_project(tmp_path / "p", report, images=["figures/" + n for n in ("a.png", "b.png")])
    before = _sources(project)
    first, second = mkdocs(project, "build", "-d", "site"), mkdocs(project, "build", "-d", "site2")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "Traceback" not in first.stderr + second.stderr
    assert _sources(project) == before
    page = (project / "site" / "report" / "index.html").read_bytes()
    assert page == (project / "site2" / "report" / "index.html").read_bytes()


@pytest.mark.slow
def test_plugin_copies_no_file_from_outside_the_project(tmp_path: Path) -> None:
    from support.projects import make_project, mkdocs, valid_report

    secret = b"\x89PNG\r\n\x1a\nSECRET-OUTSIDE-THE-PROJECT" + bytes(64)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(secret)
    answer = ("![up](../../outside/secret.png) ![abs](" + str(outside / "secret.png") + ") ![link](figures/link.png) "
              "![dir](figures/out/secret.png) [file](../../outside/secret.png) ![uri](file://" + str(outside) + "/secret.png)")  # fmt: skip
    project = make_project(tmp_path / "p", valid_report({19: answer}), images=[])
    (project / "reports" / "figures" / "link.png").symlink_to(outside / "secret.png")
    (project / "reports" / "figures" / "out").symlink_to(outside, target_is_directory=True)
    run = mkdocs(project, "build")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    site = project / "site"
    leaked = [
        str(p) for p in site.rglob("*") if p.is_symlink() or (p.is_file() and b"SECRET-OUTSIDE" in p.read_bytes())
    ]
    assert not leaked
    assert (outside / "secret.png").read_bytes() == secret


@pytest.mark.slow
def test_plugin_markup_shows_student_payloads_only_escaped(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup
    from support.projects import make_project, mkdocs, valid_report

    report = valid_report({
        4: "short " + PAYLOAD,  # too short: its finding quotes nothing, but the page shows the answer
        14: "word " * 250 + f"\n\n![alt {PAYLOAD}](figures/q14.png)\n\n![x](figures/{PAYLOAD}.svg)",
        19: f"![{PAYLOAD}](figures/missing {PAYLOAD}.png)",
    }).replace("### Question 3\n", f"### Question 3 {PAYLOAD}\n")  # fmt: skip
    project = make_project(tmp_path / "p", report, plugin="      path: reports/README.md\n      annotate: always\n",
                           images=["figures/q14.png"])  # fmt: skip
    run = mkdocs(project, "build")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    soup = BeautifulSoup((project / "site" / "report" / "index.html").read_text(), "html.parser")
    assert not [s for s in soup.find_all("script") if "__xss" in s.get_text()]
    assert not [
        t.name for t in soup.find_all(True) if any("__xss" in str(v) for k, v in t.attrs.items() if k.startswith("on"))
    ]
    plugin_made = soup.select("[class*=report-], .admonition")
    assert plugin_made, "the plugin added no markup: the test would prove nothing"
    for element in plugin_made:
        assert not element.find_all(["script"]) and not element.find_all(attrs={"onerror": True})


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 1717, 90210])
def test_plugin_builds_any_damaged_report(tmp_path: Path, seed: int) -> None:
    import random

    from support.fuzzing import full_corpus, mutate
    from support.projects import make_project, mkdocs

    corpus = full_corpus()
    rng = random.Random(seed)
    data = mutate(rng.choice(corpus), rng)
    project = make_project(tmp_path / "p", data, images=[])
    before = _sources(project)
    run = mkdocs(project, "build")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert "internal error" not in run.stderr, run.stderr
    assert (project / "site" / "report" / "index.html").is_file()
    assert _sources(project) == before


def test_regression_deeply_nested_quotes_are_decorated() -> None:
    """A line of 5,000 '>' (nested quotes) still gets its dashboard; bs4's structural tag
    comparison recursed once per level (found by the long fuzz run, input 47500)."""
    import markdown

    from mkdocs_report_plugin.output.render import decorate_page

    result = check_text(make_report({5: ">\t" * 5000 + "deep"}))
    page = decorate_page(result, markdown.markdown(result.text))
    assert "report-dashboard" in page


def _visible_words(answer: str) -> set[str]:
    """Words of an answer a reader must see (alt texts included): image and link targets,
    HTML tags and comments left out."""
    answer = re.sub(r"<!--.*?(-->|$)", " ", answer, flags=re.DOTALL)
    answer = re.sub(r"!\[([^\]\n]*)\]\([^)\n]*\)", r" \1 ", answer)
    answer = re.sub(r"^[ \t>]*(```|~~~)[^\n]*", " ", answer, flags=re.MULTILINE)  # fence lines and their language
    answer = re.sub(r"\]\([^)]*\)|<[^>\n]*>|^\s*\[[^\]]+\]:.*$", " ", answer, flags=re.MULTILINE)
    return set(re.findall(r"[A-Za-z]{4,}", answer))


@pytest.mark.slow
def test_every_answer_of_every_report_is_on_its_built_page(tmp_path: Path) -> None:
    """Nothing lost: seeds, templates and generated reports built as pages of one site."""
    from bs4 import BeautifulSoup
    from support.fuzzing import full_corpus
    from support.projects import make_project, mkdocs

    project = make_project(tmp_path / "p", plugin="      annotate: always\n")
    samples = {f"r{index}": sample for index, sample in enumerate(full_corpus())}
    for name, sample in samples.items():
        (project / "docs" / f"{name}.md").write_text(sample.text, encoding="utf-8")
    run = mkdocs(project, "build")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    lost = {}
    for name, sample in samples.items():
        page = BeautifulSoup((project / "site" / name / "index.html").read_text(), "html.parser")
        content = page.find("article") or page
        alts = " ".join(str(image.get("alt", "")) for image in content.find_all("img"))
        shown = set(re.findall(r"[A-Za-z]{4,}", content.get_text() + " " + alts))
        for question in check_text(sample.text).questions:
            missing = _visible_words(question.answer) - shown
            if missing:
                lost[f"{sample.name} question {question.number}"] = sorted(missing)[:5]
    assert not lost, lost


@pytest.mark.slow
def test_regression_plugin_build_survives_lists_nested_thousands_deep(tmp_path: Path) -> None:
    """Python-Markdown recursed once per list level and `mkdocs build` ended in a traceback."""
    from support.projects import make_project, mkdocs, valid_report

    project = make_project(tmp_path / "p", valid_report({5: "- " * 3000 + "deep"}), images=[])
    run = mkdocs(project, "build")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-500:]
    page = (project / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert "- - - - deep" in page and "crash the markdown renderer; the line is shown as text" in run.stderr
