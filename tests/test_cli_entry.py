"""The ``mkdocs-report`` command reads a plain ``check`` without click, and says and exits exactly as click would.

Each command line runs twice as a process: through the console script's entry (``frontends/cli/entry.py``) and
through click alone (``frontends/cli/main.py``); the two must print the same and exit the same. The reader's own
rule is checked against click's parser on any line: it reads a line as click does, or leaves it to click.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support.reportgen import make_report, words, write_report

from mkdocs_report_plugin.frontends.cli.entry import PlainCheck, plain_check
from mkdocs_report_plugin.frontends.cli.main import main
from mkdocs_report_plugin.reading.shipped import compiled_specs
from mkdocs_report_plugin.rules import rule_settings

THROUGH_ENTRY = "from mkdocs_report_plugin.frontends.cli.entry import main; main()"
THROUGH_CLICK = "from mkdocs_report_plugin.frontends.cli.main import main; main()"


def command(*arguments: str, cwd: Path, click: bool = False) -> subprocess.CompletedProcess[str]:
    """The command run as a process (``-c``, so that click names the program alike both ways)."""
    return subprocess.run([sys.executable, "-c", THROUGH_CLICK if click else THROUGH_ENTRY, *arguments], cwd=cwd,
                          capture_output=True, text=True, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with a report that fails question 14 and warns on question 6, a spec, a note, a class of two."""
    top = tmp_path_factory.mktemp("project")
    (top / ".git").mkdir()
    write_report(top / "reports", make_report({14: "Zebra " + words(160), 6: words(120) + " TODO"}))
    write_report(top / "failing", make_report({14: "Zebra " + words(160)}))  # no spec beside it: question 14 fails
    (top / "reports" / "report-spec.yaml").write_text("spec: 1\nname: x\nquestions:\n  - {number: 1}\n")
    (top / "bad-spec.yaml").write_text("spec: 2\nname: x\nquestions:\n  - {number: 1}\n")
    (top / "notes.md").write_text("# Notes\n\nNothing to see.\n")
    write_report(top / "class" / "group-1" / "reports", make_report())
    write_report(top / "class" / "group-2" / "reports", make_report({3: "short"}))
    return top


LINES = [
    ["check", "reports/README.md"],
    ["check", "reports"],
    ["check"],
    ["check", "--format", "json", "reports/README.md"],
    ["check", "reports/README.md", "--format=csv"],
    ["check", "--format", "github", "reports/README.md", "notes.md"],
    ["check", "class", "-j", "1", "--timeout", "30"],
    ["check", "class", "--format", "json", "-j1"],
    ["check", "--ignore", "handin-render", "--severity", "words=warning", "reports/README.md"],
    ["check", "--severity=todo=off", "--", "reports/README.md"],
    ["check", "--spec", "bad-spec.yaml", "reports/README.md"],
    ["check", "notes.md"],
    ["check", "absent.md"],
    ["check", "--format", "yaml", "reports/README.md"],
    ["check", "--ignore", "no-such-rule", "reports/README.md"],
    ["check", "--severity", "words", "reports/README.md"],
    ["check", "-j", "0", "class"],
    ["check", "--project-dir", "class", "reports/README.md"],
    ["check", "--help"],
    ["--version"],
]


@pytest.mark.slow
@pytest.mark.parametrize("line", LINES, ids=[" ".join(line) for line in LINES])
def test_every_line_prints_and_exits_as_click_makes_it(line: list[str], project: Path) -> None:
    ours, clicks = command(*line, cwd=project), command(*line, cwd=project, click=True)

    assert (ours.returncode, ours.stdout, ours.stderr) == (clicks.returncode, clicks.stdout, clicks.stderr)
    assert "Traceback" not in ours.stderr


def test_the_lines_read_without_click_are_the_usual_ones(project: Path) -> None:
    """The test above compares what matters only if most of its lines take the way without click."""
    read = [line for line in LINES if plain_check(line) is not None]
    assert ["check", "reports/README.md"] in read and len(read) >= 10


@pytest.mark.slow
def test_a_plain_check_imports_neither_click_nor_yaml_nor_markdown_it(project: Path, tmp_path: Path) -> None:
    """With the shipped specs compiled, as the wheel has them (tests/test_install.py runs the wheel's command); the
    report has a fence, so the check works out handin-render's fix on the report's one parse."""
    (tmp_path / "compiled_for_the_test.py").write_text(compiled_specs(), encoding="utf-8")
    write_report(project / "plain", make_report({5: words(110) + "\n```bash\nuv sync\n```"}))
    script = (
        f"import atexit, sys; sys.path.insert(0, {str(tmp_path)!r}); from mkdocs_report_plugin.reading import shipped; "
        "shipped.BUILT_SPECS = 'compiled_for_the_test'; "
        "atexit.register(lambda: print(sorted({'click', 'yaml', 'markdown_it'} & set(sys.modules)), file=sys.stderr)); "
        "sys.argv = ['mkdocs-report', 'check', 'plain/README.md']; " + THROUGH_ENTRY
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    assert "handin-render" in done.stdout and "mkdocs-report fix" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
@pytest.mark.parametrize("line", [["check", "reports/README.md"], ["rules"]], ids=["check", "click's way"])
def test_the_command_freezes_what_it_made_as_it_ends(line: list[str], project: Path) -> None:
    """The package's one garbage-collector policy: the exit collects none of what the imports made."""
    script = (
        "import atexit, gc, sys; atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr)); "
        f"sys.argv = ['mkdocs-report', *{line!r}]; " + THROUGH_ENTRY
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, check=False)

    frozen = done.stderr.strip().splitlines()[-1]
    assert frozen.startswith("frozen ") and int(frozen.split()[1]) > 10_000


@pytest.mark.slow
def test_on_a_terminal_the_colours_are_kept_as_click_keeps_them(project: Path) -> None:
    failing = "failing/README.md"  # question 14 fails: an error in red
    for path in ("reports/README.md", failing):
        assert _on_a_terminal(path, project) == _on_a_terminal(path, project, click=True)
    assert b"\x1b[31m" in _on_a_terminal(failing, project)


def _on_a_terminal(path: str, cwd: Path, click: bool = False) -> bytes:
    primary, secondary = pty.openpty()
    entry = THROUGH_CLICK if click else THROUGH_ENTRY
    with subprocess.Popen([sys.executable, "-c", entry, "check", path], cwd=cwd, stdout=secondary,
                          stderr=secondary) as child:  # fmt: skip
        os.close(secondary)
        output = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            output += chunk
        child.wait()
    os.close(primary)
    return output


# --- the reader against click's parser ------------------------------------------------------


def clicks_reading(arguments: list[str]) -> PlainCheck | None:
    """What click's ``check`` would be given for ``arguments``, or None where click refuses them."""
    import click

    command = main.commands["check"]
    try:
        context = command.make_context("check", list(arguments), resilient_parsing=False)
    except (click.exceptions.Exit, click.ClickException):
        return None
    params = context.params
    try:
        levels = rule_settings(params["ignore"], params["severity"])
    except ValueError:
        return None
    return PlainCheck(
        params["paths"], params["output_format"], params["jobs"], params["timeout"], params["spec"], levels
    )


OPTIONS = ["--format", "-j", "--jobs", "--timeout", "--spec", "--ignore", "--severity"]
VALUES = ["json", "csv", "text", "yaml", "2", "0", "-1", " 4", "1.5", "nan", "1e3", "spec.yaml", "absent.yaml",
          "handin-render", "words", "words=info", "words=loud", "handin-render=off", "words=", "", "-x"]  # fmt: skip
OPTION = st.tuples(st.sampled_from(OPTIONS), st.sampled_from(VALUES), st.booleans()).map(
    lambda option: [f"{option[0]}={option[1]}"] if option[2] else [option[0], option[1]]
)
PATH = st.sampled_from(["README.md", "reports", "-", "--", "json"]).map(lambda path: [path])
OTHER = st.sampled_from(["-h", "--help", "--fromat", "-x", "--project-dir", "-j2", "-jx", ""]).map(
    lambda token: [token]
)
LINE = st.lists(st.one_of(OPTION, OPTION, PATH, OTHER), max_size=6).map(
    lambda pieces: [token for piece in pieces for token in piece]
)


@settings(max_examples=400, deadline=None)
@given(LINE)
@example(["-j", "0"])
@example(["--jobs=1", "-j", " 4"])
@example(["--timeout", "0", "README.md"])
@example(["--timeout=nan"])
@example(["--format", "csv", "--format=json", "--", "-j"])
@example(["--spec", "absent.yaml"])
@example(["--spec=spec.yaml", "reports", "-"])
@example(["--severity", "words", "--ignore", "handin-render"])
@example(["--ignore", "words", "--severity", "words=info"])
@example(["--severity", "words=loud"])
def test_the_reader_reads_a_line_as_click_does_or_leaves_it_to_click(
    tmp_path_factory: pytest.TempPathFactory, tokens: list[str]
) -> None:
    folder = tmp_path_factory.getbasetemp()
    (folder / "spec.yaml").write_text("spec: 1\nname: x\nquestions:\n  - {number: 1}\n")
    previous = Path.cwd()
    os.chdir(folder)
    try:
        ours = plain_check(["check", *tokens])
        if ours is not None:
            assert ours == clicks_reading(tokens)
    finally:
        os.chdir(previous)


@pytest.mark.parametrize("colour", ["red", "green", "yellow", "cyan"])
def test_the_text_formats_colours_are_the_codes_click_writes(colour: str) -> None:
    import click

    from mkdocs_report_plugin.output import formats

    assert formats._styled("27/31", colour) == click.style("27/31", fg=colour)


@pytest.mark.slow
def test_a_closed_pipe_ends_the_command_as_click_ends_it(project: Path) -> None:
    """``mkdocs-report check | head`` with the reader gone: exit status 1 and not a word on stderr, both ways."""
    ended = []
    for entry in (THROUGH_ENTRY, THROUGH_CLICK):
        with subprocess.Popen([sys.executable, "-c", entry, "check", "reports/README.md"], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:  # fmt: skip
            assert child.stdout is not None and child.stderr is not None
            child.stdout.close()  # before the command prints its first line
            ended.append((child.wait(), child.stderr.read()))
    assert ended[0] == ended[1] and ended[0][0] == 1 and b"Traceback" not in ended[0][1]


def test_ctrl_c_ends_the_command_as_click_ends_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mkdocs_report_plugin.frontends.cli import checking, entry
    from mkdocs_report_plugin.frontends.cli import main as click_main

    def interrupted(*arguments: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(checking, "check_command", interrupted)
    monkeypatch.setattr(click_main, "check_command", interrupted)
    ended = []
    for run in (lambda: entry._run(entry.plain_check(["check", "README.md"])),  # type: ignore[arg-type]
                lambda: main.main(["check", "README.md"])):  # fmt: skip
        with pytest.raises(SystemExit) as exit_:
            run()
        ended.append((exit_.value.code, capsys.readouterr().err))
    assert ended[0] == ended[1] == (1, "\nAborted!\n")
