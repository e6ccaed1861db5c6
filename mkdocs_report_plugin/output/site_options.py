"""The options of the report page as a student writes them, the same for every builder of the site.

The MkDocs plugin (``plugins: [report: {...}]`` in mkdocs.yml) and the Markdown extension
(``[project.markdown_extensions.report]`` in zensical.toml) take the options of :data:`SITE_OPTIONS`,
each read by one function that says what to write when the value cannot be used: the two builders
accept the same values and refuse the same mistakes with the same words (the plugin through MkDocs'
configuration errors, the extension as the error that stops Zensical). :class:`SiteSettings` holds
them once read, and makes the engine's :class:`CheckOptions` from them.

A new option of the site is one :class:`SiteOption` in the table and its field in
:class:`SiteSettings`; one the engine reads is also mapped in :meth:`SiteSettings.check_options`.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mkdocs_report_plugin.check.engine import SPEC_BESIDE_REPORT, read_spec
from mkdocs_report_plugin.check.options import CheckOptions
from mkdocs_report_plugin.model.report import Constraints, Range, Template
from mkdocs_report_plugin.output.site_plan import COURSE_FIGURES_URL
from mkdocs_report_plugin.reading.repository import find_root
from mkdocs_report_plugin.reading.spec_error import SpecError
from mkdocs_report_plugin.rules import LEVELS, Level, UnknownRuleError, ignorable_rules, rule_levels, rule_settings

__all__ = [
    "SITE_OPTIONS",
    "ConfiguredSpec",
    "OptionError",
    "OptionPlace",
    "SiteOption",
    "SiteSettings",
    "parse_range",
    "read_settings",
]

Annotate = Literal["serve", "always", "never"]


class OptionError(ValueError):
    """A value that cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class OptionPlace:
    """Where the options are written: paths in them are read from the config file's folder."""

    config_dir: Path
    config_name: str  # how the messages and the page name the config: "mkdocs.yml", "the Zensical config"


@dataclass(frozen=True)
class ConfiguredSpec:
    """The spec given as ``spec``, and its file (watched by ``mkdocs serve``)."""

    template: Template
    path: Path


@dataclass(frozen=True)
class SiteOption:
    """One option: its name, its default as a student would write it, and how a written value is read.

    ``read`` raises :class:`OptionError`; ``together`` (if any) checks the value against the other options
    once all are read, and raises the same way."""

    name: str
    default: object
    read: Callable[[Any, OptionPlace], Any]
    help: str
    together: Callable[[Any, Mapping[str, Any], OptionPlace], None] | None = None


# --- the readers ------------------------------------------------------------------------


def _boolean(value: object, _place: OptionPlace) -> bool:
    if not isinstance(value, bool):
        raise OptionError(f"write true or false, not {value!r}")
    return value


def _text(value: object, _place: OptionPlace) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OptionError(f"write a text, not {value!r}")
    return value


def _optional_text(value: object, place: OptionPlace) -> str | None:
    return None if value is None or value == "" else _text(value, place)


def _report_path(value: object, place: OptionPlace) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise OptionError(f"give the report's markdown file, relative to {place.config_name}'s folder, "
                          "e.g. path: ../reports/README.md")  # fmt: skip
    return value


def _project_dir(value: object, place: OptionPlace) -> Path | None:
    if value is None or value == "":
        return None
    folder = place.config_dir / str(value)
    if not isinstance(value, str) or not folder.is_dir():
        raise OptionError(f"'{value}' is not a folder (looked for {folder}): give the repository's top folder, "
                          f"relative to {place.config_name}'s folder, e.g. project_dir: ..")  # fmt: skip
    return Path(os.path.abspath(folder))


def _annotate(value: object, _place: OptionPlace) -> Annotate:
    """``serve``, ``always`` or ``never``; ``true`` and ``false`` (the extension's first form) are always and never."""
    if value is True or value is False:
        return "always" if value else "never"
    for choice in ("serve", "always", "never"):
        if value == choice:
            return choice
    raise OptionError(f"write serve (the findings under the answers only while previewing), always or never, "
                      f"not {value!r}")  # fmt: skip


_RANGE = re.compile(r"^\s*(\d{1,9})\s*(?:-\s*(\d{1,9}))?\s*$")


def parse_range(value: object) -> Range:
    """``"150-300"``, ``150`` (exactly 150) or ``[150, 300]`` as a Range."""
    if isinstance(value, bool):
        raise ValueError(f"expected a range such as 100-200, got {value!r}")
    if isinstance(value, int):
        low, high = value, value
    elif isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
        low, high = value
    else:
        match = _RANGE.match(str(value)) if str(value).isascii() else None  # \d also matches '²' and '٣'
        if match is None:
            raise ValueError(f"expected a range such as 100-200, got {value!r}")
        low = int(match[1])
        high = int(match[2]) if match[2] is not None else low
    if low < 0:
        raise ValueError(f"a count cannot be negative, got {low}")
    if low > high:
        raise ValueError(f"the range {low}-{high} ends before it starts")
    return Range(low, high)


def _constraints(value: object, _place: OptionPlace) -> dict[int, Constraints]:
    """Per-question limits that replace the template's, e.g. ``{14: {words: 150-300}}``; a field left out keeps
    the template's own limit for that question."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise OptionError("expected a mapping of question numbers to {words: ..., images: ...}")
    return {_question_number(key): _question_limits(key, limits) for key, limits in value.items()}


def _question_number(key: object) -> int:
    text = str(key).strip()
    if isinstance(key, bool) or not re.fullmatch(r"[0-9]{1,4}", text) or int(text) < 1:  # '²'.isdigit() is True
        raise OptionError(f"{key!r} is not a question number: write it in digits, e.g. 14: {{words: 1-9}}")
    return int(text)


def _question_limits(key: object, limits: Any) -> Constraints:
    if not isinstance(limits, Mapping) or not set(limits) <= {"words", "images"} or not limits:
        raise OptionError(f"question {key}: give 'words' and/or 'images', e.g. {{words: 100-200}}")
    try:
        words = parse_range(limits["words"]) if "words" in limits else None
        images = parse_range(limits["images"]) if "images" in limits else None
    except ValueError as error:
        raise OptionError(f"question {key}: {error}") from None
    return Constraints(words=words, images=images)


def _ignored_rules(value: object, _place: OptionPlace) -> frozenset[str]:
    """Checked here, so a mistyped id is an error that names it and the ids close to it, never a rule left on."""
    if value is None:
        return frozenset()
    if isinstance(value, str):  # ignore: handin-render, one id written without the list's brackets
        value = [value]
    if not isinstance(value, (list, frozenset)) or not all(isinstance(rule_id, str) for rule_id in value):
        raise OptionError("give a list of rule ids, e.g. ignore: [handin-render]")
    try:
        return ignorable_rules(rule_id.strip() for rule_id in value)
    except UnknownRuleError as error:
        raise OptionError(str(error)) from None


def _rule_levels(value: object, _place: OptionPlace) -> dict[str, Level]:
    """Checked here, so a mistyped id or level names it and the valid ones. YAML reads a bare ``off`` as ``false``
    (and ``on`` as ``true``), so ``false`` is taken for ``off``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(rule_id, str) for rule_id in value):
        raise OptionError(
            f"give rule ids and their levels ({', '.join(LEVELS)}), e.g. severity: {{handin-render: info}}"
        )
    written = {rule_id.strip(): "off" if level is False else str(level) for rule_id, level in value.items()}
    try:
        return rule_levels(written)
    except UnknownRuleError as error:
        raise OptionError(str(error)) from None


def _not_also_ignored(levels: Mapping[str, Level], values: Mapping[str, Any], _place: OptionPlace) -> None:
    both = sorted(set(levels) & set(values.get("ignore") or ()))
    if both:
        raise OptionError(f"the rule '{both[0]}' is in 'ignore' and in 'severity': keep one of the two.")


def _spec_file(value: object, place: OptionPlace) -> ConfiguredSpec | None:
    """Read while the options are read, so a spec that cannot be used is an error naming the file, the line and
    the key, before any page is made."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise OptionError(f"give the template spec's file, relative to {place.config_name}, e.g. spec: specs/2027.yaml")
    path = place.config_dir / value
    if not path.is_file():
        raise OptionError(f"'{value}' is not a file (looked for {path}): give the template spec's path relative to "
                          f"{place.config_name}'s folder, or make it with `mkdocs-report spec`.")  # fmt: skip
    template = dataclasses.replace(_loaded(path, value), source=f"spec: {value} in {place.config_name}")
    return ConfiguredSpec(template, Path(os.path.abspath(path)))


def _spec_beside_report(spec: ConfiguredSpec | None, values: Mapping[str, Any], place: OptionPlace) -> None:
    """Without ``spec``, the engine uses a ``report-spec.yaml`` beside the report given as ``path``: a broken one
    stops the build the same way, never skipped."""
    report = values.get("path")
    if spec is not None or not isinstance(report, str):
        return
    beside = Path(os.path.normpath(place.config_dir / report)).parent / SPEC_BESIDE_REPORT
    if beside.is_file():
        _loaded(beside, os.path.relpath(beside, place.config_dir))


def _loaded(path: Path, shown: str) -> Template:
    try:
        return read_spec(path, shown)
    except SpecError as error:
        raise OptionError(str(error)) from None


# --- the table ------------------------------------------------------------------------------


SITE_OPTIONS: tuple[SiteOption, ...] = (
    SiteOption("path", None, _report_path, "The report, relative to the config file's folder"),
    SiteOption("project_dir", None, _project_dir, "The repository's top folder (default: the git work tree)"),
    SiteOption("annotate", "serve", _annotate, "The findings after each answer: serve, always or never"),
    SiteOption("dashboard", True, _boolean, "The dashboard on top of the page"),
    SiteOption("strict", False, _boolean, "Stop the build when the report has findings (not while serving)"),
    SiteOption("spec", None, _spec_file, "The template spec to check against", _spec_beside_report),
    SiteOption("constraints", {}, _constraints, "Per-question limits that replace the template's"),
    SiteOption("ignore", [], _ignored_rules, "Rule ids to switch off"),
    SiteOption(
        "severity", {}, _rule_levels, "Rules set to another level: off, info, warning, error", _not_also_ignored
    ),
    SiteOption("links", True, _boolean, "Point links out of the report's folder at the file on GitHub"),
    SiteOption("links_base_url", None, _optional_text, "The URL put before a path of the repository"),
    SiteOption("links_course_url", COURSE_FIGURES_URL, _text, "Where the template's example figures are"),
)
"""Every option of the report page, in the order the docs list them."""


@dataclass(frozen=True)
class SiteSettings:
    """The options of one site, read."""

    place: OptionPlace
    path: str | None
    project_dir: Path | None
    annotate: Annotate
    dashboard: bool
    strict: bool
    spec: ConfiguredSpec | None
    constraints: Mapping[int, Constraints]
    ignore: frozenset[str]
    severity: Mapping[str, Level]
    links: bool
    links_base_url: str | None
    links_course_url: str

    @classmethod
    def of(cls, values: Mapping[str, Any], place: OptionPlace) -> SiteSettings:
        """The settings from values each option's ``read`` has made (as MkDocs' validation leaves them)."""
        return cls(place, **{option.name: values[option.name] for option in SITE_OPTIONS})

    @functools.cached_property
    def project(self) -> Path:
        """The folder the page is read and published from: ``project_dir``, else the git work tree that holds the
        config, else the config's folder."""
        return self.project_dir or find_root(self.place.config_dir) or self.place.config_dir

    def check_options(self) -> CheckOptions:
        """What the engine is asked, made once for the site."""
        return CheckOptions(
            spec=self.spec.template if self.spec is not None else None,
            constraints=self.constraints,
            levels=rule_settings(self.ignore, self.severity),
            project_dir=self.project,
        )


def read_settings(written: Mapping[str, object], place: OptionPlace) -> SiteSettings:
    """Read the options as written (a default for each one left out); :class:`OptionError` names the option."""
    unknown = sorted(set(written) - {option.name for option in SITE_OPTIONS})
    if unknown:
        names = ", ".join(option.name for option in SITE_OPTIONS)
        raise OptionError(
            f"option '{unknown[0]}': there is no such option of the report page; the options are {names}."
        )
    values: dict[str, Any] = {}
    for option in SITE_OPTIONS:
        with _naming(option):
            values[option.name] = option.read(written.get(option.name, option.default), place)
    for option in SITE_OPTIONS:
        if option.together is not None:
            with _naming(option):
                option.together(values[option.name], values, place)
    return SiteSettings.of(values, place)


@contextmanager
def _naming(option: SiteOption) -> Iterator[None]:
    """The option's name before the message of the error its reader raises."""
    try:
        yield
    except OptionError as error:
        raise OptionError(f"option '{option.name}': {error}") from None
