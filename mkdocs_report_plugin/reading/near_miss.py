"""A file spelt almost like one a path names that is not there: the "did you mean" of a missing image or link."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from mkdocs_report_plugin.reading.repository import IMAGE_SUFFIXES, Folders, inside

_NEIGHBOURS_READ = 2000
"""Entries of a folder compared with a missing file's name: a folder of a student's repository may hold any number."""

_NEAR_MISS_SCORE = 85
"""RapidFuzz's ratio (0-100) of two names without their suffix from which a file is offered as the one meant: a
letter or two apart in a name of a dozen (test-coverage / test-converage is 96), not two names that only share
letters (loss / lost is 75, api / train 50)."""


def near_miss(missing: Path, folders: Folders, *, images_only: bool) -> str | None:
    """The name of a file beside the ``missing`` one that is spelt almost like it (a typo), if one is: the same name
    with another suffix (architecture.jpg for architecture.png), or a name a letter or two apart with the same suffix."""
    from rapidfuzz import fuzz  # only for a path that names nothing

    folder, wanted = missing.parent, Path(missing.name.lower())
    if not folder.is_dir() or not inside(folder, folders.root or folders.report_dir) or folders.hides(folder):
        return None
    best, best_score = None, 0.0
    with os.scandir(folder) as entries:
        for entry in itertools.islice(entries, _NEIGHBOURS_READ):
            name = Path(entry.name.lower())
            if entry.name.startswith(".") or (images_only and name.suffix not in IMAGE_SUFFIXES) or not entry.is_file():
                continue
            same_stem = name.stem == wanted.stem
            if not same_stem and name.suffix != wanted.suffix:
                continue
            score = 100.0 if same_stem else fuzz.ratio(name.stem, wanted.stem, score_cutoff=_NEAR_MISS_SCORE)
            if score > best_score:
                best, best_score = entry.name, score
    return best
