"""Text of anyone's, put into Markdown we write, so that it shows as written and nothing more.

The feedback ``grade`` writes for each group (``feedback/GROUP.md``) quotes what the group wrote: a heading, an
image's path, a folder's name. Quoted as is, ``**`` would embolden, ``[x](javascript:...)`` would be a link,
``<img onerror=...>`` raw HTML, a line break a new block. :func:`markdown_text` makes such text inert in the
renderers a teacher may paste it into: GitHub's (CommonMark) and Python-Markdown's (the course's own, and an LMS).
"""

from __future__ import annotations

import re

__all__ = ["markdown_text"]

_MARKUP = re.compile(r"[\\`*_\[\]~#]")
"""What can open emphasis, code, a link or an image, strikethrough or a heading's closing marks: each escaped
with a backslash, which CommonMark and Python-Markdown both read as the character itself."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders as the same text on one line: line breaks become spaces (no new block
    can start), ``&`` and ``<`` become entities (no raw HTML, no entity of theirs), and every other character
    that can open markup is backslash-escaped."""
    inline = _LINE_BREAK.sub(" ", text).replace("&", "&amp;").replace("<", "&lt;")
    return _MARKUP.sub(lambda found: "\\" + found[0], inline)
