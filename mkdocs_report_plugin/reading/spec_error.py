"""The one error a template spec can raise, in a module of its own so that catching it imports no YAML reader."""

from __future__ import annotations


class SpecError(ValueError):
    """A spec that cannot be used; the message names the file, the line and the key."""
