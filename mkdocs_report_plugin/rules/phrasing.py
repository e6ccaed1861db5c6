"""Wording that several rules' messages share."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """``1 word``, ``2 words``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
