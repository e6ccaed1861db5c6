"""`mkdocs serve` with click 8.3 and MkDocs 1.6.1 watches nothing: the plugin says so once, with the fix (issue 26).

These tests read MkDocs' own ``serve`` command line as click parses it; click 8.3's reading of it (``livereload``
False when neither flag is given, mkdocs/mkdocs#4032) is set by hand where the installed click reads it right.
tests/test_serve.py runs a real ``mkdocs serve`` with click 8.3.1.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata

import click
import pytest
from mkdocs.__main__ import cli as mkdocs_cli
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from support.course import REPO

from mkdocs_report_plugin.frontends.mkdocs import reload
from mkdocs_report_plugin.frontends.mkdocs.reload import reload_warning


@contextmanager
def serving(*arguments: str, command: click.Group = mkdocs_cli, as_click_8_3: bool = False) -> Iterator[None]:
    """The ``serve`` command's context, as while its callback runs (and the plugin's on_startup with it)."""
    with command.commands["serve"].make_context("serve", list(arguments)) as context:
        if as_click_8_3 and context.get_parameter_source("livereload") is click.core.ParameterSource.DEFAULT:
            context.params["livereload"] = False
        yield


def test_with_click_8_3_a_plain_serve_is_warned_once_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    versions = {"click": "8.3.1", "mkdocs": "1.6.1"}
    monkeypatch.setattr(reload.metadata, "version", versions.__getitem__)
    with serving(as_click_8_3=True):
        warning = reload_warning()
    assert warning is not None
    assert warning.startswith("'mkdocs serve' will not reload: with click 8.3.1, MkDocs 1.6.1 reads no --livereload")
    assert "Run 'mkdocs serve --livereload'" in warning and 'pip install "click!=8.3.*"' in warning


@pytest.mark.parametrize("arguments", [("--livereload",), ("--no-livereload",), ("--dirty", "--livereload")])
def test_a_serve_told_whether_to_reload_is_not_warned(arguments: tuple[str, ...]) -> None:
    with serving(*arguments, as_click_8_3=True):
        assert reload_warning() is None


def test_the_click_installed_here_is_judged_by_what_it_parses() -> None:
    """Click 8.4 and later (and 8.2.1 and earlier) read MkDocs' serve right: nothing is said; 8.3 is warned."""
    broken = Version(metadata.version("click")) in SpecifierSet("==8.3.*")
    with serving():
        assert (reload_warning() is not None) == broken


@pytest.fixture
def properdocs_cli() -> Iterator[click.Group]:
    """ProperDocs' command line, imported without leaving its stand-in for ``mkdocs`` in this process's modules
    (importing it puts a finder first on ``sys.meta_path`` that makes ``mkdocs`` an alias of ``properdocs`` for
    whatever is imported next)."""
    modules, finders = dict(sys.modules), list(sys.meta_path)
    from properdocs.__main__ import cli

    yield cli
    sys.meta_path[:] = finders
    sys.modules.clear()
    sys.modules.update(modules)


def test_properdocs_and_other_commands_are_not_warned(properdocs_cli: click.Group) -> None:
    with serving(command=properdocs_cli):
        assert reload_warning() is None
    with mkdocs_cli.commands["build"].make_context("build", []):
        assert reload_warning() is None
    assert reload_warning() is None  # no command line at all: the Python API


def test_the_docs_show_the_warning_a_student_on_click_8_3_sees(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reload.metadata, "version", {"click": "8.3.1", "mkdocs": "1.6.1"}.__getitem__)
    with serving(as_click_8_3=True):
        logged = f"WARNING -  report: {reload_warning()}"
    for page in ("install.md", "course-project.md"):
        text = (REPO / "docs" / page).read_text(encoding="utf-8")
        assert logged in text and "mkdocs serve --livereload" in text and "click!=8.3.*" in text, page
