"""The demo builds the same report page under MkDocs, ProperDocs and Zensical, from the configs the docs tell a student
to write (demo/docs/mkdocs.yaml for the plugin, demo/docs/zensical.toml for the Markdown extension)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support.projects import run_installed

pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parents[1] / "demo"
BUILDERS = {
    "mkdocs": ["mkdocs", "build", "-f", "mkdocs.yaml"],
    "properdocs": ["properdocs", "build", "-f", "mkdocs.yaml"],
    "zensical": ["zensical", "build", "--clean", "-f", "zensical.toml"],
}
_FINDING = re.compile(r"(reports/README\.md:\d+): (?:Question \d+|warning|info|the report fails)\b")


def _demo_copy(tmp_path: Path) -> Path:
    """The demo as a student's repository: its own git work tree, so paths read from its top."""
    project = tmp_path / "demo"
    shutil.copytree(DEMO, project, symlinks=True, ignore=shutil.ignore_patterns("site", ".cache"))
    (project / ".git").mkdir()
    return project


def _build(project: Path, builder: str, config: str = "") -> subprocess.CompletedProcess[str]:
    name, *arguments = BUILDERS[builder]
    if config:
        arguments[-1] = config
    return run_installed(name, *arguments, cwd=project / "docs")


def _check(project: Path) -> subprocess.CompletedProcess[str]:
    return run_installed("mkdocs-report", "check", "reports/README.md", cwd=project)


@pytest.mark.parametrize("builder", list(BUILDERS))
def test_the_demo_publishes_the_checked_report_page(tmp_path: Path, builder: str) -> None:
    project = _demo_copy(tmp_path)

    run = _build(project, builder)

    assert run.returncode == 0, run.stdout + run.stderr
    page = (project / "docs" / "site" / "report" / "index.html").read_text(encoding="utf-8")
    check = _check(project)
    score = re.search(r"(\d+)/(\d+) questions pass", check.stdout)
    assert score is not None, check.stdout
    assert f"<strong>{score[1]}/{score[2]}</strong>" in page
    assert "report-badge" in page and "report-dashboard" in page
    for source in re.findall(r'<img[^>]*\ssrc="([^"]+)"', page):
        assert source.startswith("data:image/") or (project / "docs" / "site" / "report" / source).is_file(), source
    expected = sorted(_FINDING.findall(check.stdout))
    warnings = [line for line in (run.stdout + run.stderr).splitlines() if builder == "zensical" or "WARNING" in line]
    logged = sorted(found for line in warnings for found in _FINDING.findall(line))
    assert expected and logged == expected  # one line per finding, on the line `check` names


def test_zensical_strict_stops_the_build_on_findings(tmp_path: Path) -> None:
    project = _demo_copy(tmp_path)
    config = project / "docs" / "zensical.toml"
    config.write_text(config.read_text().replace("# strict = true", "strict = true"))

    run = _build(project, "zensical")

    assert run.returncode != 0
    assert "report: the extension's 'strict = true' option fails the build on the" in run.stdout + run.stderr


def test_zensical_without_findings_builds_in_strict_mode(tmp_path: Path) -> None:
    project = _demo_copy(tmp_path)
    config = project / "docs" / "zensical.toml"
    rules = re.findall(r"\[([a-z-]+)\]$", _check(project).stdout, flags=re.MULTILINE)
    ignored = ", ".join(f'"{rule}"' for rule in sorted(set(rules)))
    config.write_text(config.read_text().replace("# strict = true", f"strict = true\nignore = [{ignored}]"))

    run = _build(project, "zensical")

    assert run.returncode == 0, run.stdout + run.stderr
    assert "report-dashboard" in (project / "docs" / "site" / "report" / "index.html").read_text(encoding="utf-8")


def test_the_extension_listed_in_mkdocs_yaml_leaves_the_page_to_the_plugin(tmp_path: Path) -> None:
    """One mkdocs.yml for both builders: the plugin under MkDocs, the extension under Zensical."""
    project = _demo_copy(tmp_path)
    config = project / "docs" / "mkdocs.yaml"
    config.write_text(config.read_text() + "\nmarkdown_extensions:\n  - report:\n      path: ../reports/README.md\n")

    run = _build(project, "mkdocs")

    assert run.returncode == 0, run.stderr
    page = (project / "docs" / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="report-dashboard') == 1
    warnings = [line for line in run.stderr.splitlines() if "WARNING" in line and _FINDING.search(line)]
    assert len(warnings) == len(_FINDING.findall(_check(project).stdout))


def test_zensical_checks_the_reports_source_so_a_link_pointed_to_github_is_still_a_missing_page(
    tmp_path: Path,
) -> None:
    """Zensical's own link check reads the page's markdown as written, in Rust, apart from the Markdown extensions
    (this one included) that make the HTML: a link to a `.md` file outside the docs, which the extension points to the
    file on GitHub, is reported as "page does not exist" all the same (docs/zensical.md says so, and what to do)."""
    project = _demo_copy(tmp_path)
    subprocess.run(["git", "init", "--quiet", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "remote", "add", "origin", "https://github.com/leafline/leafline.git"],
                   check=True)  # fmt: skip
    (project / "README.md").write_text("# leafline\n")
    report = project / "reports" / "README.md"
    text = report.read_text(encoding="utf-8")
    anchor = "[train.dockerfile](../dockerfiles/train.dockerfile)"
    report.write_text(text.replace(anchor, anchor + " (see [our readme](../README.md))", 1), encoding="utf-8")
    line = next(number for number, written in enumerate(text.splitlines(), 1) if anchor in written)

    run = _build(project, "zensical")

    page = (project / "docs" / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/leafline/leafline/blob/' in page and 'README.md"' in page
    output = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout + run.stderr)
    assert "page does not exist" in output and f"report/index.md:{line}:" in output
    config = project / "docs" / "zensical.toml"
    config.write_text(
        config.read_text().replace(
            "[project.theme]", "[project.validation]\ninvalid_links = false\n\n[project.theme]", 1
        )
    )
    quiet = _build(project, "zensical")
    assert "page does not exist" not in quiet.stdout + quiet.stderr and quiet.returncode == 0


SHIPPED_2026 = Path(__file__).resolve().parents[1] / "mkdocs_report_plugin" / "reading" / "specs" / "2026.yaml"
SAME_SETTINGS = {
    "strict-fails": {"strict": True, "spec": "q7.yaml", "severity": {"heading-cuts-answer": "info"}},
    "strict-passes": {"strict": True, "spec": "q7.yaml", "severity": {"heading-cuts-answer": "info"},
                      "ignore": ["image-not-found", "unanswered", "leftover-marker", "placeholder-dashes",
                                 "template-drift"]},
}  # fmt: skip
"""The same options for both builders: a spec of ours (the 2026 spec with question 7 from 10 words, so the demo's
12 pass), a rule set to info (logged, never counted), and strict, which fails on what is left, or passes once the
rest is ignored."""
_OURS = re.compile(r"^((?:WARNING|INFO) +- +report: .*)$")
_STRICT = re.compile(r"fails the build on the (\d+) report line\(s\) logged above: (\d+) that fail, (\d+) warning")


def _with_settings(project: Path, settings: dict[str, object]) -> None:
    """The settings under the plugin in mkdocs.yaml and under the extension in zensical.toml (JSON is TOML's and
    YAML's inline form of these values)."""
    spec = SHIPPED_2026.read_text(encoding="utf-8").replace('words: "50-100"}', 'words: "10-100"}', 1)
    (project / "docs" / "q7.yaml").write_text(spec.replace('"02476 (2026)"', '"02476 (2026, q7)"'), encoding="utf-8")
    mkdocs_yaml = project / "docs" / "mkdocs.yaml"
    lines = "".join(f"      {name}: {json.dumps(value)}\n" for name, value in settings.items())
    mkdocs_yaml.write_text(mkdocs_yaml.read_text().replace("      path: ../reports/README.md\n",
                                                           "      path: ../reports/README.md\n" + lines))  # fmt: skip
    toml = project / "docs" / "zensical.toml"
    table = "".join(f"{name} = {_toml(value)}\n" for name, value in settings.items())
    toml.write_text(toml.read_text().replace("# strict = true", table))


def _toml(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(key)} = {json.dumps(item)}" for key, item in value.items()) + " }"
    return json.dumps(value)


def _report_lines(run: subprocess.CompletedProcess[str], builder: str) -> list[str]:
    """What the build logged about the report, line by line with its level, as both builders write it; each builder
    names its own config file."""
    said = [match[1] for line in (run.stdout + run.stderr).splitlines() if (match := _OURS.match(line))]
    return [re.sub(r" in (?:mkdocs\.yaml|the Zensical config)\b", " in CONFIG", line) for line in said]


@pytest.mark.parametrize("name", list(SAME_SETTINGS))
def test_mkdocs_and_zensical_log_the_same_lines_and_stop_alike(tmp_path: Path, name: str) -> None:
    project = _demo_copy(tmp_path)
    _with_settings(project, SAME_SETTINGS[name])

    mkdocs, zensical = _build(project, "mkdocs"), _build(project, "zensical")

    assert mkdocs.returncode == zensical.returncode == (1 if name == "strict-fails" else 0), mkdocs.stderr
    logged = {builder: _report_lines(run, builder) for builder, run in (("mkdocs", mkdocs), ("zensical", zensical))}
    assert logged["mkdocs"] == logged["zensical"]
    assert any(
        re.match(r"INFO +- +report: reports/README.md:\d+: Question 3: the heading", line) for line in logged["mkdocs"]
    )  # severity honoured
    assert not any("Question 7 fails" in line for line in logged["mkdocs"])  # the spec honoured: 12 words pass
    counts = [_STRICT.findall(run.stdout + run.stderr) for run in (mkdocs, zensical)]
    assert counts[0] == counts[1] and bool(counts[0]) == (name == "strict-fails")
