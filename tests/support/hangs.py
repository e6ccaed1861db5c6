"""Running a function where a hang shows: in a worker process, with a generous limit."""

from __future__ import annotations

import atexit
import functools
import multiprocessing
import multiprocessing.pool
from collections.abc import Callable
from typing import Any

HANG_SECONDS = 20
"""Generous: guards against exponential blow-up, not a speed requirement."""


def run_with_timeout(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in a worker process, failing the test if it never returns.

    One worker serves the session (starting one costs a fresh interpreter and the package's import, about 0.4 s);
    a worker that hung is ended, and the next call starts another.
    """
    pending = _worker().apply_async(function, args)
    try:
        return pending.get(HANG_SECONDS)
    except multiprocessing.TimeoutError:
        _worker().terminate()
        _worker.cache_clear()
        raise AssertionError(f"{function.__name__} did not return within {HANG_SECONDS} s: it hangs") from None


@functools.cache
def _worker() -> multiprocessing.pool.Pool:
    """A pool of one spawned process (not forked: nothing of the test process' threads or state comes along),
    ended when the session's interpreter exits."""
    pool = multiprocessing.get_context("spawn").Pool(1)
    atexit.register(pool.terminate)
    return pool
