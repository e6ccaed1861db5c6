"""Shared test set-up: the environment of every run and the session's fixtures; helpers live in ``support``."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

pytest_plugins = ["support.browser"]  # the ``browser`` fixture, for every module that drives chromium


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the imports and the collection made lives as long as the run: frozen, the collector's full passes no
    longer walk it again and again (they cost 4 s of a 70 s test-fast run, 2.5 s once frozen)."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def materialized(tmp_path_factory: pytest.TempPathFactory):
    """``materialized(handin_id)``: the hand-in laid out as its repository, once per session."""
    from support.handins import load, materialize

    laid_out: dict[str, Path] = {}

    def get(handin_id: str) -> Path:
        if handin_id not in laid_out:
            laid_out[handin_id] = materialize(load(handin_id), tmp_path_factory.mktemp(f"handin-{handin_id}"))
        return laid_out[handin_id]

    return get
