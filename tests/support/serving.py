"""Waiting on a server the test started: a free port, a fetch that may fail, a bounded wait."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable

WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> bytes | None:
    """The body at ``url``, or None while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError):
        return None


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Until ``condition()`` holds, at most :data:`WAIT_SECONDS`; then the test fails naming ``what``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"gave up after {WAIT_SECONDS}s waiting for {what}")
