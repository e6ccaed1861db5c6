"""Text put into Markdown we write (the feedback a group is sent) that must show as the text it is.

A group's folder name, a heading or image path quoted in a finding, a teacher's comment: any of
them may hold ``*``, ``[link](...)``, ``<img src=x onerror=...>``, ``{: onclick=...}`` (an attribute
list, which Python-Markdown's ``attr_list`` applies), or ``# ``, ``1.`` and ``---`` at a line's
start. :func:`escape_markdown` makes each show literally under both renderers the feedback may meet:
CommonMark/GitHub and Python-Markdown (what MkDocs and the course use), and escapes
only what can mean something where it stands, so the Markdown stays readable as plain text. A
backslash where both renderers take one; a character reference for what Python-Markdown has no
escape for (``<``, ``~``, ``|``, an ``&`` that would start an entity, a ``=`` opening a line).
"""

from __future__ import annotations

import re

__all__ = ["escape_markdown"]

_ANYWHERE = re.compile(r"[\\`*_{}\[\]#]")
"""Marks that mean something wherever they stand (emphasis, code, links, attribute lists, a heading's end)."""
_REFERENCES = {"<": "&lt;", "~": "&#126;", "|": "&#124;"}
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(?:[-+>]|=|\d+[.)])")
"""What opens a list, a quote, a rule or a setext underline at a line's start."""


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that renders to exactly ``text`` (spaces at a line's start dropped, so that no line
    becomes code); line breaks are kept as hard breaks (two spaces), paragraphs as paragraphs."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = [_line(line.lstrip(" \t")) for line in lines]
    return "\n".join(line + "  " if line and following else line
                     for line, following in zip(escaped, [*escaped[1:], ""], strict=True))  # fmt: skip


def _line(line: str) -> str:
    line = _ENTITY.sub("&amp;", line)
    line = _ANYWHERE.sub(lambda mark: "\\" + mark[0], line)
    line = "".join(_REFERENCES.get(character, character) for character in line)
    opening = _LINE_START.match(line)
    if opening is None:
        return line
    mark = opening[0]
    if mark == "=":
        return "&#61;" + line[1:]
    return mark[:-1] + "\\" + mark[-1] + line[len(mark) :]
