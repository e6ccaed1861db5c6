"""Options of the ``report`` MkDocs plugin, as a student writes them in mkdocs.yml.

Every default suits a student who only sets ``path``: the project is the git repository,
the report joins an explicit ``nav``, findings are shown while previewing with
``mkdocs serve``, the published page stays clean, and links that leave the report's
folder go to the file on GitHub.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_report_plugin.check.engine import SPEC_BESIDE_REPORT, read_spec
from mkdocs_report_plugin.model.report import Constraints, Range, Template
from mkdocs_report_plugin.reading.spec_error import SpecError
from mkdocs_report_plugin.rules import LEVELS, Level, UnknownRuleError, ignorable_rules, rule_levels

COURSE_FIGURES_URL = "https://github.com/SkafteNicki/dtu_mlops/blob/main/reports/"
"""Where the course keeps the example figures its template prompts link to."""

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


class ConstraintOverrides(base.BaseConfigOption[dict[int, Constraints]]):
    """Per-question limits that replace the template's, e.g. ``{14: {words: 150-300}}``.

    A field left out keeps the template's own limit for that question.
    """

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[int, Constraints] = {}

    def run_validation(self, value: object) -> dict[int, Constraints]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise base.ValidationError("expected a mapping of question numbers to {words: ..., images: ...}")
        return {self._number(key): self._constraints(key, limits) for key, limits in value.items()}

    @staticmethod
    def _number(key: object) -> int:
        text = str(key).strip()
        if isinstance(key, bool) or not re.fullmatch(r"[0-9]{1,4}", text) or int(text) < 1:  # '²'.isdigit() is True
            raise base.ValidationError(f"{key!r} is not a question number: write it in digits, e.g. 14: {{words: 1-9}}")
        return int(text)

    @staticmethod
    def _constraints(key: object, limits: Any) -> Constraints:
        if not isinstance(limits, Mapping) or not set(limits) <= {"words", "images"} or not limits:
            raise base.ValidationError(f"question {key}: give 'words' and/or 'images', e.g. {{words: 100-200}}")
        try:
            words = parse_range(limits["words"]) if "words" in limits else None
            images = parse_range(limits["images"]) if "images" in limits else None
        except ValueError as error:
            raise base.ValidationError(f"question {key}: {error}") from None
        return Constraints(words=words, images=images)


class NavTitle(base.BaseConfigOption["str | None"]):
    """The report's title in an explicit ``nav``, or ``false`` to leave ``nav`` alone (``None``)."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str | None:
        if value is False:
            return None
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError("give the report's title in the navigation, e.g. 'Exam report', or false")
        return value.strip()


class IgnoredRules(base.BaseConfigOption[frozenset[str]]):
    """Rules switched off, ``ignore: [handin-render]``: checked here, so a mistyped id is a configuration
    error that names it and the ids close to it, never a rule silently left on."""

    def __init__(self) -> None:
        super().__init__()
        self.default: frozenset[str] = frozenset()

    def run_validation(self, value: object) -> frozenset[str]:
        if value is None:
            return frozenset()
        if isinstance(value, str):  # ignore: handin-render, one id written without the list's brackets
            value = [value]
        if not isinstance(value, (list, frozenset)) or not all(isinstance(rule_id, str) for rule_id in value):
            raise base.ValidationError("give a list of rule ids, e.g. ignore: [handin-render]")
        try:
            return ignorable_rules(rule_id.strip() for rule_id in value)
        except UnknownRuleError as error:
            raise base.ValidationError(str(error)) from None


class RuleLevels(base.BaseConfigOption[dict[str, Level]]):
    """Rules set to another level, ``severity: {handin-render: info, words: warning}``: checked here, so a
    mistyped id or level is a configuration error that names it and the valid ones, never a setting left out.

    YAML reads a bare ``off`` as ``false`` (and ``on`` as ``true``), so ``false`` is taken for ``off``."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, Level] = {}

    def run_validation(self, value: object) -> dict[str, Level]:
        if value is None:
            return {}
        if not isinstance(value, Mapping) or not all(isinstance(rule_id, str) for rule_id in value):
            raise base.ValidationError(
                f"give rule ids and their levels ({', '.join(LEVELS)}), e.g. severity: {{handin-render: info}}"
            )
        written = {rule_id.strip(): "off" if level is False else str(level) for rule_id, level in value.items()}
        try:
            return rule_levels(written)
        except UnknownRuleError as error:
            raise base.ValidationError(str(error)) from None

    def post_validation(self, config: base.Config, key_name: str) -> None:
        both = sorted(set(config[key_name]) & set(config.get("ignore") or ()))
        if both:
            raise base.ValidationError(f"the rule '{both[0]}' is in 'ignore' and in '{key_name}': keep one of the two.")


@dataclasses.dataclass(frozen=True)
class ConfiguredSpec:
    """The spec given as ``spec``, and its file (watched by ``mkdocs serve``)."""

    template: Template
    path: Path


class SpecFile(base.BaseConfigOption["ConfiguredSpec | None"]):
    """The template spec to check against, ``spec: specs/2027.yaml`` (relative to mkdocs.yml's folder).

    The spec is read while MkDocs validates its configuration, so a spec that cannot be used
    is a configuration error that names the file, the line and the key. Without ``spec``, a
    ``report-spec.yaml`` beside the report given as ``path`` is checked here too: the engine
    uses it, and a broken one must stop the build the same way, never be skipped.
    """

    def __init__(self) -> None:
        super().__init__()
        self.default = None
        self._config_dir = Path.cwd()

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self._config_dir = Path(os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml")))

    def run_validation(self, value: object) -> ConfiguredSpec | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError("give the template spec's file, relative to mkdocs.yml, e.g. spec: "
                                       "specs/2027.yaml")  # fmt: skip
        path = self._config_dir / value
        if not path.is_file():
            raise base.ValidationError(f"'{value}' is not a file (looked for {path}): give the template spec's path "
                                       "relative to mkdocs.yml's folder, or make it with `mkdocs-report spec`.")  # fmt: skip
        template = dataclasses.replace(_loaded(path, value), source=f"spec: {value} in mkdocs.yml")
        return ConfiguredSpec(template, Path(os.path.abspath(path)))

    def post_validation(self, config: base.Config, key_name: str) -> None:
        report = config.get("path")
        if config[key_name] is not None or not isinstance(report, str):
            return
        beside = Path(os.path.normpath(self._config_dir / report)).parent / SPEC_BESIDE_REPORT
        if beside.is_file():
            _loaded(beside, os.path.relpath(beside, self._config_dir))


def _loaded(path: Path, shown: str) -> Template:
    try:
        return read_spec(path, shown)
    except SpecError as error:
        raise base.ValidationError(str(error)) from None


class ReportConfig(base.Config):
    """The ``report`` plugin's options.

    There is deliberately no ``enabled`` option: MkDocs itself honours ``enabled: false``
    for any plugin that does not declare one, and then does not load the plugin at all.
    """

    # The report page
    path = c.Optional(c.Type(str))
    nav_title = NavTitle(default="Exam report")

    # What may be read and published: the git work tree by default, else mkdocs.yml's folder
    project_dir = c.Optional(c.Dir(exists=True))

    # What the page shows
    annotate = c.Choice(("serve", "always", "never"), default="serve")
    dashboard = c.Type(bool, default=True)

    # Checking
    strict = c.Type(bool, default=False)
    spec = SpecFile()
    constraints = ConstraintOverrides()
    ignore = IgnoredRules()
    severity = RuleLevels()

    # Links that leave the report's folder
    links = c.Type(bool, default=True)
    links_base_url = c.Optional(c.Type(str))
    links_course_url = c.Type(str, default=COURSE_FIGURES_URL)
