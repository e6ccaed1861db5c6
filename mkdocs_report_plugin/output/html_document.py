"""The frame of every page we write as a file of its own (the standalone report, the site's companion pages,
``summary``/``grade``'s index, a group's feedback): one place for what each needs in its head."""

from __future__ import annotations

from html import escape

__all__ = ["html_document"]


def html_document(title: str, style: str, body: str, *, head: str = "") -> str:
    """A whole HTML page: UTF-8, laid out at the width of the reader's screen (a phone lays out a page without the
    viewport line 980 px wide and shrinks it), ``style`` inline, ``head`` (already HTML) before the title, and
    ``body`` (already HTML, ending in a newline)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{head}<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
