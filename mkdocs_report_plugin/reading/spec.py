"""Template specs: what the code knows about an exam template, as a YAML file instead of tables in code.

A spec is checked as a whole when it is loaded; anything that cannot be used is one
:class:`SpecError` naming the file, the line and the key, so a teacher can fix it at once. A spec
may come from a student (``report-spec.yaml`` beside their report), so reading one is bounded like
reading a report: at most 20 MB, nested at most :data:`MAX_NESTING` deep, numbers of at most
:data:`MAX_DIGITS` digits, a placeholder of at most :data:`MAX_PLACEHOLDER` characters, and a section's
range checked against the questions before it is expanded; whatever it holds, the answer is a
Template or one SpecError, never another exception.
The 02476 templates ship as specs in ``specs/`` (package data, read by shipped.py). The schema is
documented in ``docs/template-spec.md``; every key but ``spec``, ``name`` and ``questions``
has a default, so a small spec of limits alone stays valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from mkdocs_report_plugin.model.report import ChecklistSection, Constraints, Range, SpecSection, Template
from mkdocs_report_plugin.reading.repository import read_limited
from mkdocs_report_plugin.reading.spec_error import SpecError

SPEC_VERSION = 1
DEFAULT_MARKER = "Answer:"
_TOP_KEYS = {"spec", "name", "generation", "title", "marker", "placeholder", "identify", "checker", "sections",
             "checklist", "questions"}  # fmt: skip
_QUESTION_KEYS = {"number", "title", "words", "images"}
_SECTION_KEYS = {"title", "questions"}
_CHECKLIST_KEYS = {"section", "items"}
_CHECKER_KEYS = {"answers", "header_offset"}
_RANGE = re.compile(r"^\s*([0-9]+)\s*-\s*([0-9]+)\s*$")

MAX_DIGITS = 6
"""The most digits a number of a spec may have (a question, a limit, an offset): 999,999 is more than any template
needs, and Python refuses to read an integer of over 4,300 digits."""
MAX_NESTING = 100
"""How deep a spec's lists and mappings may nest (a real spec: 4 levels); past it, one SpecError."""
MAX_PLACEHOLDER = 200
"""The longest placeholder, in characters (the 02476 one has 37): its pattern is built from it."""

Mapping = dict[str, tuple[yaml.Node, yaml.Node]]


def load_spec(path: str | Path, shown: str | None = None) -> Template:
    """Read the spec at ``path`` (named ``shown`` in messages, else by its path); raise :class:`SpecError` when it
    cannot be used. Read as a report is (:func:`~.repository.read_limited`): a regular file of at most 20 MB, so a
    pipe or ``/dev/zero`` named ``report-spec.yaml`` is refused, not read forever."""
    shown = shown or str(path)
    try:
        text = read_limited(Path(path)).decode("utf-8")
    except UnicodeDecodeError as error:
        raise SpecError(f"{shown}: the template spec is not UTF-8 text; save it as UTF-8.") from error
    except OSError as error:
        raise SpecError(
            f"{shown}: cannot read the template spec ({error.strerror or type(error).__name__})."
        ) from error
    return spec_from_text(text, shown)


@dataclass(frozen=True)
class _Reader:
    """Reads one spec's nodes; every refusal names ``source`` and the line of the node at fault."""

    source: str

    def refuse(self, node: yaml.Node | None, message: str) -> SpecError:
        where = f", line {node.start_mark.line + 1}" if node is not None else ""
        return SpecError(f"{self.source}{where}: {message}")

    def mapping(self, node: yaml.Node | None, what: str, known: set[str]) -> Mapping:
        if not isinstance(node, yaml.MappingNode):
            raise self.refuse(node, f"{what} must be a mapping of keys.")
        mapping: Mapping = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise self.refuse(key, f"{what} must have plain keys (known: {', '.join(sorted(known))}).")
            if key.value not in known:
                raise self.refuse(key, f"unknown key '{key.value}' (known: {', '.join(sorted(known))}).")
            if key.value in mapping:
                raise self.refuse(key, f"key '{key.value}' is given twice.")
            mapping[key.value] = (key, value)
        return mapping

    def text(self, mapping: Mapping, key: str, parent: yaml.Node, default: str | None = None) -> str:
        if key not in mapping:
            if default is None:
                raise self.refuse(parent, f"key '{key}' is missing.")
            return default
        node = mapping[key][1]
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null") or not node.value.strip():
            raise self.refuse(node, f"key '{key}' must be a single value.")
        return str(node.value)

    def number(self, mapping: Mapping, key: str, parent: yaml.Node, default: int | None = None) -> int:
        if key not in mapping and default is not None:
            return default
        value = whole_number(self.text(mapping, key, parent))
        if value is None:
            raise self.refuse(mapping[key][1], f"key '{key}' must be a whole number of at most {MAX_DIGITS} digits.")
        return value

    def sequence(self, mapping: Mapping, key: str) -> list[yaml.Node]:
        if key not in mapping:
            return []
        node = mapping[key][1]
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.refuse(node, f"key '{key}' must be a list.")
        return list(node.value)

    def strings(self, mapping: Mapping, key: str) -> tuple[str, ...]:
        values = []
        for node in self.sequence(mapping, key):
            if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
                raise self.refuse(node, f"each entry of '{key}' must be a piece of text.")
            values.append(str(node.value))
        return tuple(values)

    def range(self, mapping: Mapping, key: str) -> Range | None:
        if key not in mapping:
            return None
        node = mapping[key][1]
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return None
        match = _RANGE.match(node.value) if isinstance(node, yaml.ScalarNode) else None
        if not match:
            raise self.refuse(node, f"key '{key}' must be a range like \"100-200\" or null.")
        low, high = whole_number(match[1]), whole_number(match[2])
        if low is None or high is None:
            raise self.refuse(node, f"key '{key}' holds a number of more than {MAX_DIGITS} digits.")
        if low > high:
            raise self.refuse(node, f"key '{key}' is {low}-{high}; write the smaller number first.")
        return Range(low, high)


def whole_number(text: str) -> int | None:
    """``text`` as a whole number when it is ASCII digits, at most :data:`MAX_DIGITS` of them (not ``²``, which
    ``isdigit`` accepts and ``int`` refuses, nor a 5,000-digit number, which ``int`` refuses too)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS else None


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text``, by libyaml when PyYAML has it: the pure-Python composer took
    about 25 ms per spec (a spec beside each report of a batch; a shipped spec the build did not compile).

    A text libyaml refuses is read again by the pure-Python composer, whose messages the refusal quotes,
    once its nesting is known to be within :data:`MAX_NESTING` (that composer recurses once per level).
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    _refuse_deep_nesting(text)
    return yaml.compose(text)


def _refuse_deep_nesting(text: str) -> None:
    """Raise a YAMLError, at its line, where the collections of ``text`` open deeper than :data:`MAX_NESTING`:
    told by PyYAML's scanner, which reads tokens without recursion."""
    depth = 0
    for token in yaml.scan(text):
        if isinstance(token, (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
                              yaml.FlowSequenceStartToken)):  # fmt: skip
            depth += 1
            if depth > MAX_NESTING:
                raise yaml.MarkedYAMLError(problem=f"nested more than {MAX_NESTING} levels deep",
                                           problem_mark=token.start_mark)  # fmt: skip
        elif isinstance(token, (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)):
            depth -= 1


def spec_from_text(text: str, source: str) -> Template:
    """Build a :class:`Template` from the YAML ``text``; ``source`` names it in messages."""
    try:
        root = _compose(text)
    except RecursionError as error:  # the scan above bounds nesting; a Python built without it still ends here
        raise SpecError(f"{source}: nested too deep to be a template spec.") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise SpecError(f"{source}{where}: not valid YAML ({getattr(error, 'problem', error)}).") from error
    reader = _Reader(source)
    mapping = reader.mapping(root, "the spec", _TOP_KEYS)
    assert root is not None  # a mapping was read from it
    if reader.text(mapping, "spec", root) != str(SPEC_VERSION):
        raise reader.refuse(mapping["spec"][1], f"key 'spec' must be {SPEC_VERSION}.")
    name = reader.text(mapping, "name", root)
    constraints, titles = _questions(reader, mapping, root)
    answers, header_offset = _checker(reader, mapping)
    return Template(
        reader.text(mapping, "generation", root, default=name),
        len(constraints),
        constraints,
        name=name,
        source=source,
        title=reader.text(mapping, "title", root, default=""),
        marker=reader.text(mapping, "marker", root, default=DEFAULT_MARKER),
        placeholder=_placeholder(reader, mapping, root),
        identify=reader.strings(mapping, "identify"),
        sections=_sections(reader, mapping, set(constraints)),
        question_titles=titles,
        checklist=_checklist(reader, mapping),
        expected_answers=answers,
        header_offset=header_offset,
    )


def _questions(reader: _Reader, mapping: Mapping, root: yaml.Node) -> tuple[dict[int, Constraints], dict[int, str]]:
    if "questions" not in mapping:
        raise reader.refuse(root, "key 'questions' is missing.")
    key, node = mapping["questions"]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise reader.refuse(node, "key 'questions' must be a list of questions.")
    constraints: dict[int, Constraints] = {}
    titles: dict[int, str] = {}
    for item in node.value:
        question = reader.mapping(item, "each entry of 'questions'", _QUESTION_KEYS)
        number = whole_number(reader.text(question, "number", item))
        if number is None or number < 1:
            raise reader.refuse(item, f"key 'number' must be a whole number from 1, of at most {MAX_DIGITS} digits.")
        if number in constraints:
            raise reader.refuse(item, f"question {number} is listed twice.")
        constraints[number] = Constraints(
            words=reader.range(question, "words"), images=reader.range(question, "images")
        )
        if "title" in question:
            titles[number] = reader.text(question, "title", item)
    if sorted(constraints) != list(range(1, len(constraints) + 1)):
        raise reader.refuse(key, f"'questions' must number 1 to {len(constraints)}, each once.")
    return dict(sorted(constraints.items())), titles


def _placeholder(reader: _Reader, mapping: Mapping, root: yaml.Node) -> str:
    placeholder = reader.text(mapping, "placeholder", root, default="")
    if len(placeholder) > MAX_PLACEHOLDER:
        raise reader.refuse(mapping["placeholder"][1], f"key 'placeholder' is longer than {MAX_PLACEHOLDER} "
                            "characters; a template's placeholder is one short line.")  # fmt: skip
    return placeholder


def _checker(reader: _Reader, mapping: Mapping) -> tuple[int, int]:
    if "checker" not in mapping:
        return 0, 0
    node = mapping["checker"][1]
    checker = reader.mapping(node, "key 'checker'", _CHECKER_KEYS)
    return reader.number(checker, "answers", node, default=0), reader.number(checker, "header_offset", node, default=0)


def _sections(reader: _Reader, mapping: Mapping, numbers: set[int]) -> tuple[SpecSection, ...]:
    sections: list[SpecSection] = []
    placed: set[int] = set()
    for node in reader.sequence(mapping, "sections"):
        section = reader.mapping(node, "each entry of 'sections'", _SECTION_KEYS)
        held = _question_numbers(reader, section, numbers)
        for number in held:
            if number not in numbers:
                raise reader.refuse(node, f"question {number} is in a section but not in 'questions'.")
            if number in placed:
                raise reader.refuse(node, f"question {number} is in two sections.")
        placed.update(held)
        sections.append(SpecSection(reader.text(section, "title", node), held))
    return tuple(sections)


def _question_numbers(reader: _Reader, section: Mapping, numbers: set[int]) -> tuple[int, ...]:
    """``questions: "4-6"``, ``questions: 7`` or ``questions: [1, 3]``; none for a section without questions.

    A range is checked against the spec's questions before it is expanded: ``1-1000000000`` is one message, not a
    billion numbers."""
    if "questions" not in section:
        return ()
    node = section["questions"][1]
    if isinstance(node, yaml.SequenceNode):
        values = [whole_number(item.value) if isinstance(item, yaml.ScalarNode) else None for item in node.value]
        if all(value is not None for value in values):
            return tuple(value for value in values if value is not None)
    elif isinstance(node, yaml.ScalarNode) and whole_number(node.value) is not None:
        return (int(node.value),)
    else:
        limits = reader.range(section, "questions")
        if limits is not None:
            if limits.maximum not in numbers:
                raise reader.refuse(node, f"question {limits.maximum} is in a section but not in 'questions'.")
            return tuple(range(limits.minimum, limits.maximum + 1))
    raise reader.refuse(
        node, "key 'questions' of a section must be a range like \"4-6\", a number or a list of numbers."
    )


def _checklist(reader: _Reader, mapping: Mapping) -> tuple[ChecklistSection, ...]:
    sections = []
    for node in reader.sequence(mapping, "checklist"):
        section = reader.mapping(node, "each entry of 'checklist'", _CHECKLIST_KEYS)
        sections.append(ChecklistSection(reader.text(section, "section", node), reader.strings(section, "items")))
    return tuple(sections)


def spec_to_yaml(template: Template, name: str) -> str:
    """The spec of ``template`` as YAML that :func:`spec_from_text` reads back to an equal template."""
    return "\n".join(_yaml_lines(template, name)) + "\n"


def _yaml_lines(template: Template, name: str) -> Iterator[str]:
    yield f"spec: {SPEC_VERSION}"
    yield f"name: {_quoted(name)}"
    yield f"generation: {_quoted(template.generation)}"
    if template.title:
        yield f"title: {_quoted(template.title)}"
    yield f"marker: {_quoted(template.marker)}"
    if template.placeholder:
        yield f"placeholder: {_quoted(template.placeholder)}"
    yield "identify:" + ("" if template.identify else " []")
    yield from (f"  - {_quoted(phrase)}" for phrase in template.identify)
    yield "checker:"
    yield f"  answers: {template.answers_expected}"
    yield f"  header_offset: {template.header_offset}"
    if template.sections:
        yield "sections:"
    for section in template.sections:
        held = f", questions: {_numbers_text(section.questions)}" if section.questions else ""
        yield f"  - {{title: {_quoted(section.title)}{held}}}"
    if template.checklist:
        yield "checklist:"
    for part in template.checklist:
        yield f"  - section: {_quoted(part.title)}"
        yield "    items:"
        yield from (f"      - {_quoted(item)}" for item in part.items)
    yield "questions:"
    for number, constraints in sorted(template.constraints.items()):
        fields = [f"number: {number}"]
        if number in template.question_titles:
            fields.append(f"title: {_quoted(template.question_titles[number])}")
        fields += [f'{key}: "{value}"' for key, value in constraints.to_dict().items() if value is not None]
        yield "  - {" + ", ".join(fields) + "}"


def _numbers_text(numbers: tuple[int, ...]) -> str:
    """``"4-6"`` for a run of questions, ``7`` for one, ``[1, 3]`` otherwise."""
    if len(numbers) == 1:
        return str(numbers[0])
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f'"{numbers[0]}-{numbers[-1]}"'
    return "[" + ", ".join(str(number) for number in numbers) + "]"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
