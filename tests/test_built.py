"""What the package build works out once (build_static.py): the shipped specs compiled, the rules reference rendered.

Each is used only while it equals what the code in use makes of its source: these tests build the files into a
temporary folder, point the package at them, and compare with what the package reads and renders without them.
tests/test_install.py checks that the wheel carries them and that the installed package uses them.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomllib
from support.course import REPO

from mkdocs_report_plugin import check_text
from mkdocs_report_plugin.output import companion_pages, rules_doc
from mkdocs_report_plugin.reading import shipped
from mkdocs_report_plugin.reading.spec import spec_from_text
from mkdocs_report_plugin.rules import RULES

sys.path.insert(0, str(REPO))
from build_static import write_built  # the build step, at the repository's top

sys.path.remove(str(REPO))


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The built modules of this checkout, in a package of their own that the package reads them from, and a copy
    of ``specs/`` beside it."""
    name = re.sub(r"\W", "_", f"built_{tmp_path.name}")
    write_built(tmp_path / name)
    monkeypatch.syspath_prepend(str(tmp_path))
    specs = tmp_path / "specs"
    shutil.copytree(shipped.SPECS_FOLDER, specs)
    monkeypatch.setattr(shipped, "SPECS_FOLDER", specs)
    monkeypatch.setattr(shipped, "BUILT_SPECS", f"{name}.specs")
    monkeypatch.setattr(rules_doc, "BUILT_RULES", f"{name}.rules")
    _forget()
    yield tmp_path / name
    _forget()
    for module in [module for module in sys.modules if module.startswith(name)]:
        del sys.modules[module]


def _forget() -> None:
    shipped.shipped_specs.cache_clear()
    rules_doc._built_html.cache_clear()
    companion_pages.rules_page_html.cache_clear()


def _yaml_specs() -> dict[str, object]:
    return {
        path.stem: spec_from_text(path.read_text(encoding="utf-8"), f"shipped spec {path.stem}")
        for path in sorted(shipped.SPECS_FOLDER.glob("*.yaml"))
    }


def test_the_compiled_specs_are_what_their_yaml_says_and_no_yaml_is_read(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _yaml_specs()
    monkeypatch.setattr(shipped, "_read_yaml", lambda text, year: pytest.fail(f"{year} was read from its YAML"))

    assert dict(shipped.shipped_specs()) == expected
    assert list(shipped.shipped_specs()) == sorted(expected)  # oldest first: the newest wins a tie


def test_a_spec_edited_or_added_since_the_build_is_read_from_its_yaml(built: Path) -> None:
    edited = shipped.SPECS_FOLDER / "2024.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace('"02476 (2024)"', '"02476 (2024, edited)"'))
    shutil.copy(shipped.SPECS_FOLDER / "2026.yaml", shipped.SPECS_FOLDER / "2027.yaml")

    specs = shipped.shipped_specs()

    assert specs["2024"].name == "02476 (2024, edited)"
    assert specs["2027"] == spec_from_text((shipped.SPECS_FOLDER / "2027.yaml").read_text(), "shipped spec 2027")
    assert specs["2026"].name == "02476 (2026)"


def test_without_built_files_the_specs_are_read_from_their_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shipped, "BUILT_SPECS", "no_such_built.specs")
    shipped.shipped_specs.cache_clear()
    try:
        assert dict(shipped.shipped_specs()) == _yaml_specs()
    finally:
        shipped.shipped_specs.cache_clear()


def _rendered_pages() -> tuple[str, str]:
    """The rules page and the standalone page's entries for a report that names several rules."""
    result = check_text((REPO / "demo" / "reports" / "README.md").read_bytes())
    assert len({finding.rule for finding in result.findings}) >= 2
    return companion_pages.rules_page_html("../"), rules_doc.rules_named_html(result)


def test_the_built_rules_reference_is_what_the_code_renders_and_nothing_is_rendered(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rules_doc, "BUILT_RULES", "no_such_built.rules")
    _forget()
    rendered = _rendered_pages()
    monkeypatch.setattr(rules_doc, "BUILT_RULES", f"{built.name}.rules")
    monkeypatch.setattr(rules_doc, "_renderer", lambda: pytest.fail("an entry was rendered"))
    _forget()

    assert _rendered_pages() == rendered


def test_an_entry_changed_since_the_build_is_rendered_anew(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = dict(importlib.import_module(f"{built.name}.rules").HTML)
    words = rules_doc._body(RULES["words"])
    html[words.replace("Why", "Reason")] = html.pop(words)  # built from the rule's older text
    (built / "rules.py").write_text(f"FORMAT = 1\nHTML = {html!r}\n", encoding="utf-8")
    del sys.modules[f"{built.name}.rules"]
    rendered: list[str] = []
    real = rules_doc._rendered
    monkeypatch.setattr(rules_doc, "_rendered", lambda text: rendered.append(text) or real(text))

    page = companion_pages.rules_page_html("../")

    assert rendered == [words]
    assert real(words) in page


@pytest.mark.slow
def test_the_build_environment_has_what_the_build_step_imports(tmp_path: Path) -> None:
    """``[build-system] requires`` lists each of the package's dependencies that the build step imports: a wheel
    built in a clean environment (the release's, tests/test_install.py's) would fail without it."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from build_static import write_built; "
        "from pathlib import Path; write_built(Path(sys.argv[2])); print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", script, str(REPO), str(tmp_path)], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})  # fmt: skip
    from importlib.metadata import packages_distributions

    distributions = packages_distributions()
    imported = {_normal(dist) for name in done.stdout.split() for dist in distributions.get(name.split(".")[0], [])}
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    dependencies = {_name(requirement) for requirement in pyproject["project"]["dependencies"]}
    listed = {_name(requirement) for requirement in pyproject["build-system"]["requires"]}
    assert imported & dependencies <= listed, (imported & dependencies) - listed
    assert {"pyyaml", "markdown"} <= imported & dependencies  # the test sees the imports it is about
    assert {path.name for path in tmp_path.iterdir()} >= {"__init__.py", "specs.py", "rules.py"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name(requirement: str) -> str:
    return _normal(re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0])
