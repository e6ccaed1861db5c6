"""The plugin's options as a student writes them: ranges, overrides, mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config.base import LegacyConfig, ValidationError
from support.specs import Q14_150_250, write_spec

from mkdocs_report_plugin.frontends.mkdocs.config import CONFIG_SCHEME, NavTitle
from mkdocs_report_plugin.model.report import Constraints, Range
from mkdocs_report_plugin.output.site_options import parse_range
from mkdocs_report_plugin.output.site_plan import branch_in_edit_uri


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150-300", Range(150, 300)),
        (" 1 - 3 ", Range(1, 3)),
        (2, Range(2, 2)),
        ("5", Range(5, 5)),
        ([0, 200], Range(0, 200)),
    ],
)
def test_ranges_are_read_the_way_the_template_writes_them(value: object, expected: Range) -> None:
    assert parse_range(value) == expected


@pytest.mark.parametrize("value", ["lots", "300-150", True, [1], "1-2-3", -4])
def test_a_wrong_range_is_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_range(value)


def test_overrides_keep_the_fields_that_are_left_out(tmp_path: Path) -> None:
    config = _validate(tmp_path / "mkdocs.yml", constraints={14: {"words": "150-300"}, "29": {"images": "1-2"}})

    assert config["constraints"] == {14: Constraints(words=Range(150, 300)), 29: Constraints(images=Range(1, 2))}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"fourteen": {"words": "1-2"}}, "not a question number"),
        ({14: {"lines": "1-2"}}, "give 'words' and/or 'images'"),
        ({14: {"words": "many"}}, "question 14: expected a range"),
        (["14"], "expected a mapping"),
    ],
)
def test_a_wrong_override_says_what_is_wrong(tmp_path: Path, value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _validate(tmp_path / "mkdocs.yml", constraints=value)


@pytest.mark.parametrize(
    ("edit_uri", "branch"),
    [("edit/main/docs/", "main"), ("blob/dev/docs", "dev"), ("-/edit/main/site/docs/", "main"),
     ("", None), ("?path=/docs/", None), (None, None)],
)  # fmt: skip
def test_the_branch_written_in_edit_uri(edit_uri: str | None, branch: str | None) -> None:
    assert branch_in_edit_uri(edit_uri) == branch


@pytest.mark.parametrize(("value", "expected"), [("Exam report", "Exam report"), (" Report ", "Report"), (False, None)])
def test_nav_title_is_a_title_or_false(value: object, expected: str | None) -> None:
    assert NavTitle(default="Exam report").validate(value) == expected


@pytest.mark.parametrize("value", [True, "", 3])
def test_a_wrong_nav_title_says_what_to_write(value: object) -> None:
    with pytest.raises(ValidationError, match="or false"):
        NavTitle(default="Exam report").validate(value)


def _validate(config_file: Path, **options: object) -> LegacyConfig:
    config = LegacyConfig(CONFIG_SCHEME, config_file_path=str(config_file))
    config.load_dict(options)
    errors, _ = config.validate()
    if errors:
        raise errors[0][1]
    return config


def test_spec_option_names_a_missing_file_and_where_it_was_looked_for(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"'specs/none\.yaml' is not a file \(looked for .*specs/none\.yaml\)"):
        _validate(tmp_path / "docs" / "mkdocs.yml", spec="specs/none.yaml")
    with pytest.raises(ValidationError, match=r"e\.g\. spec: specs/2027\.yaml"):
        _validate(tmp_path / "mkdocs.yml", spec=["a.yaml"])


def test_spec_option_is_relative_to_the_config_files_folder(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "docs" / "specs" / "2027.yaml", Q14_150_250)
    config = _validate(tmp_path / "docs" / "mkdocs.yml", spec="specs/2027.yaml")
    assert config["spec"] is not None and config["spec"].path == spec
    assert config["spec"].template.constraints[14] == Q14_150_250[14]
