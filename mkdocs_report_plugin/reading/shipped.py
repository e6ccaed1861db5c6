"""The template specs that ship with the package: one YAML file per template year in ``specs/``.

A year is its file: the specs are found by listing the folder (``2027.yaml`` is the 2027 template, with
nothing else to edit) and read on first use, not at import, oldest first by name. Reading YAML costs
PyYAML's import and a parse of every spec on every command, so the package build compiles them
(:func:`compiled_specs`, run by ``build_static.py``) into the module ``_built/specs.py``, whose
bytecode pip caches at install (a JSON file cost the ``json`` import and a parse on every command); a
spec is taken from there only when the YAML it was compiled from is the file in ``specs/`` now, and
read from its YAML otherwise (an editable install, which the build does not compile, or a year added since).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs_report_plugin.model.report import ChecklistSection, Constraints, Range, SpecSection, Template

SPECS_FOLDER = Path(__file__).with_name("specs")
"""The shipped specs, beside this module (package data, installed as files): reading them through
``importlib.resources`` imported zipfile, tempfile and shutil on every command, a tenth of ``check``'s imports."""

BUILT_SPECS = "mkdocs_report_plugin._built.specs"
"""The module the package build writes the compiled specs into (absent from a source checkout)."""

_FORMAT = 1
"""The layout of that module's ``SPECS``; a module of another layout is not read."""


@functools.cache
def shipped_specs() -> Mapping[str, Template]:
    """Every shipped spec by its year (the file's name), oldest first: where two match a report equally well,
    the newest wins."""
    built = _built_specs()
    specs: dict[str, Template] = {}
    for year in shipped_years():
        text = (SPECS_FOLDER / f"{year}.yaml").read_text(encoding="utf-8")
        compiled = built.get(year)
        if compiled is not None and compiled["yaml"] == text:
            specs[year] = template_from_data(compiled["template"])
        else:
            specs[year] = _read_yaml(text, year)
    return specs


def shipped_years() -> list[str]:
    """The years the package ships a spec for, oldest first: the names of the YAML files in ``specs/``."""
    return sorted(name.removesuffix(".yaml") for name in os.listdir(SPECS_FOLDER) if name.endswith(".yaml"))


def compiled_specs() -> str:
    """The source of ``_built/specs.py``: every shipped spec as read from its YAML, with that YAML, as Python data."""
    specs = {}
    for year in shipped_years():
        text = (SPECS_FOLDER / f"{year}.yaml").read_text(encoding="utf-8")
        specs[year] = {"yaml": text, "template": dataclasses.asdict(_read_yaml(text, year))}
    return (f'"""The shipped template specs, compiled from reading/specs/*.yaml by build_static.py."""\n\n'
            f"FORMAT = {_FORMAT}\nSPECS = {specs!r}\n")  # fmt: skip


def template_from_data(data: Mapping[str, Any]) -> Template:
    """The :class:`Template` that ``dataclasses.asdict`` made ``data`` of, after a round trip through JSON."""
    return Template(
        data["generation"],
        data["question_count"],
        {int(number): _constraints(limits) for number, limits in data["constraints"].items()},
        name=data["name"],
        source=data["source"],
        title=data["title"],
        marker=data["marker"],
        placeholder=data["placeholder"],
        identify=tuple(data["identify"]),
        sections=tuple(SpecSection(section["title"], tuple(section["questions"])) for section in data["sections"]),
        question_titles={int(number): title for number, title in data["question_titles"].items()},
        checklist=tuple(ChecklistSection(part["title"], tuple(part["items"])) for part in data["checklist"]),
        expected_answers=data["expected_answers"],
        header_offset=data["header_offset"],
    )


def _constraints(limits: Mapping[str, Any]) -> Constraints:
    def limit(values: Mapping[str, int] | None) -> Range | None:
        return Range(values["minimum"], values["maximum"]) if values is not None else None

    return Constraints(words=limit(limits["words"]), images=limit(limits["images"]))


def _built_specs() -> dict[str, dict[str, Any]]:
    """The compiled specs by year; none when the package was not built (a source checkout)."""
    try:
        built = importlib.import_module(BUILT_SPECS)
    except ImportError:
        return {}
    return dict(built.SPECS) if getattr(built, "FORMAT", None) == _FORMAT else {}


def _read_yaml(text: str, year: str) -> Template:
    from mkdocs_report_plugin.reading.spec import spec_from_text  # PyYAML: only when a spec was not compiled

    return spec_from_text(text, f"shipped spec {year}")
