"""Template specs: the limits of an exam template as a YAML file instead of tables in code.

A spec is checked as a whole when it is loaded; anything that cannot be used is one
:class:`SpecError` naming the file, the line and the key, so a teacher can fix it at once.
The four 02476 generations ship as specs in ``specs/`` (package data).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml

from .model import Constraints, Range, Template

SPEC_VERSION = 1
_TOP_KEYS = {"spec", "name", "generation", "questions"}
_QUESTION_KEYS = {"number", "words", "images"}
_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


class SpecError(ValueError):
    """A spec that cannot be used; the message names the file, the line and the key."""


def load_spec(path: str | Path) -> Template:
    """Read the spec at ``path``; raise :class:`SpecError` when it cannot be used."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SpecError(f"{path}: cannot read the template spec ({error.strerror}).") from error
    return spec_from_text(text, str(path))


def shipped_spec(generation: str) -> Template:
    """One of the specs that ship with the package (``"2023"`` ... ``"2026"``)."""
    resource = resources.files(__package__).joinpath("specs").joinpath(f"{generation}.yaml")
    return spec_from_text(resource.read_text(encoding="utf-8"), f"shipped spec {generation}")


def spec_from_text(text: str, source: str) -> Template:
    """Build a :class:`Template` from the YAML ``text``; ``source`` names it in messages."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise SpecError(f"{source}{where}: not valid YAML ({getattr(error, 'problem', error)}).") from error
    mapping = _mapping(root, source, "the spec")
    assert root is not None  # _mapping refused anything but a mapping
    _refuse_unknown(mapping, _TOP_KEYS, source)
    version = _scalar(mapping, "spec", source, root)
    if version != str(SPEC_VERSION):
        raise SpecError(f"{source}, line {_line(mapping['spec'][0])}: key 'spec' must be {SPEC_VERSION}.")
    generation = _scalar(mapping, "generation", source, root)
    name = _scalar(mapping, "name", source, root)
    constraints = _questions(mapping, source, root)
    return Template(generation, len(constraints), constraints, name=name, source=source)


def _questions(mapping: dict[str, tuple[yaml.Node, yaml.Node]], source: str, root: yaml.Node) -> dict[int, Constraints]:
    key, node = _required(mapping, "questions", source, root)
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise SpecError(f"{source}, line {_line(node)}: key 'questions' must be a list of questions.")
    constraints: dict[int, Constraints] = {}
    for item in node.value:
        question = _mapping(item, source, "each entry of 'questions'")
        _refuse_unknown(question, _QUESTION_KEYS, source)
        number_text = _scalar(question, "number", source, item)
        if not number_text.isdigit() or int(number_text) < 1:
            raise SpecError(f"{source}, line {_line(item)}: key 'number' must be a whole number from 1.")
        number = int(number_text)
        if number in constraints:
            raise SpecError(f"{source}, line {_line(item)}: question {number} is listed twice.")
        constraints[number] = Constraints(
            words=_range(question, "words", source), images=_range(question, "images", source)
        )
    expected = list(range(1, len(constraints) + 1))
    if sorted(constraints) != expected:
        raise SpecError(f"{source}, line {_line(key)}: 'questions' must number 1 to {len(constraints)}, each once.")
    return dict(sorted(constraints.items()))


def _range(question: dict[str, tuple[yaml.Node, yaml.Node]], key: str, source: str) -> Range | None:
    if key not in question:
        return None
    node = question[key][1]
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return None
    match = _RANGE.match(node.value) if isinstance(node, yaml.ScalarNode) else None
    if not match:
        raise SpecError(f"{source}, line {_line(node)}: key '{key}' must be a range like \"100-200\" or null.")
    low, high = int(match[1]), int(match[2])
    if low > high:
        raise SpecError(f"{source}, line {_line(node)}: key '{key}' is {low}-{high}; write the smaller number first.")
    return Range(low, high)


def _mapping(node: yaml.Node | None, source: str, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        line = f", line {_line(node)}" if node is not None else ""
        raise SpecError(f"{source}{line}: {what} must be a mapping of keys.")
    return {key.value: (key, value) for key, value in node.value}


def _refuse_unknown(mapping: dict[str, tuple[yaml.Node, yaml.Node]], known: set[str], source: str) -> None:
    for name, (key, _value) in mapping.items():
        if name not in known:
            raise SpecError(f"{source}, line {_line(key)}: unknown key '{name}' (known: {', '.join(sorted(known))}).")


def _required(
    mapping: dict[str, tuple[yaml.Node, yaml.Node]], key: str, source: str, parent: yaml.Node
) -> tuple[yaml.Node, yaml.Node]:
    if key not in mapping:
        raise SpecError(f"{source}, line {_line(parent)}: key '{key}' is missing.")
    return mapping[key]


def _scalar(mapping: dict[str, tuple[yaml.Node, yaml.Node]], key: str, source: str, parent: yaml.Node) -> str:
    _key, node = _required(mapping, key, source, parent)
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        raise SpecError(f"{source}, line {_line(node)}: key '{key}' must be a single value.")
    return str(node.value)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def spec_to_yaml(template: Template, name: str) -> str:
    """The spec of ``template`` as YAML that :func:`spec_from_text` reads back to an equal template."""
    lines = [f"spec: {SPEC_VERSION}", f"name: {_quoted(name)}", f"generation: {_quoted(template.generation)}"]
    lines.append("questions:")
    for number, constraints in sorted(template.constraints.items()):
        limits = [f"number: {number}"]
        limits += [f'{key}: "{value}"' for key, value in constraints.to_dict().items() if value is not None]
        lines.append("  - {" + ", ".join(limits) + "}")
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
