"""Running a function where a hang shows: in a worker process, with a generous limit."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

HANG_SECONDS = 20
"""Generous: guards against exponential blow-up, not a speed requirement."""


def run_with_timeout(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in a worker process, failing the test if it never returns."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pending = pool.apply_async(function, args)
        try:
            return pending.get(HANG_SECONDS)
        except multiprocessing.TimeoutError:
            pool.terminate()
            raise AssertionError(f"{function.__name__} did not return within {HANG_SECONDS} s: it hangs") from None
