"""The real hand-ins of ``../shared/handins``, laid out as the students' repositories were.

Each hand-in folder holds ``SOURCE`` (repository, commit, report path, MkDocs config path),
``files.txt`` (every path of the repository) and ``tree/`` (the report's folder, the
config's folder, workflows). The course's ``materialize.py`` lays one out as a work tree;
:func:`materialize` runs it and then mends what it leaves out (see there).
"""

from __future__ import annotations

import codecs
import importlib.util
import os
import re
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.course import SHARED

HANDINS = SHARED / "handins"
ABSENT = f"real hand-ins not found at {HANDINS} (../shared sits beside the checkout in CI)"
API_DIRECTIVE = re.compile(r"^:::\s", re.MULTILINE)


@dataclass(frozen=True)
class Handin:
    id: str
    repository: str  # owner/name on GitHub
    report: str  # the report's path in the repository
    mkdocs: str | None  # the MkDocs config's path in the repository, if the group had one

    @property
    def folder(self) -> Path:
        return HANDINS / self.id

    @property
    def report_in_tree(self) -> Path:
        """The report as handed in, without laying the repository out."""
        return self.folder / "tree" / self.report


def load(handin_id: str) -> Handin:
    fields = dict(line.split(" ", 1) for line in (HANDINS / handin_id / "SOURCE").read_text().splitlines())
    config = fields["mkdocs"].strip()
    return Handin(handin_id, fields["repository"].strip(), fields["report"].strip(), None if config == "-" else config)


def handin_ids(*, with_mkdocs: bool = False) -> list[object]:
    """Every hand-in's id as a pytest parameter; one skipped parameter when the data is absent."""
    if not HANDINS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=ABSENT))]
    ids = sorted(path.parent.name for path in HANDINS.glob("*/SOURCE"))
    return [handin_id for handin_id in ids if not with_mkdocs or load(handin_id).mkdocs]


def materialize(handin: Handin, destination: Path, *, git: bool = True) -> Path:
    """Lay ``handin`` out under ``destination`` as a git work tree whose ``origin`` is its
    GitHub repository; returns ``destination``.

    Two things are mended after the course's script: paths that git quoted in
    ``files.txt`` (non-ASCII names such as ``"reports/Sk\\303\\246rmbillede.png"``) are
    created under their real names, and the copied tree is made writable, as a clone is.
    """
    script = importlib.util.spec_from_file_location("materialize", HANDINS / "materialize.py")
    assert script is not None and script.loader is not None
    module = importlib.util.module_from_spec(script)
    script.loader.exec_module(module)
    module.materialize(handin.folder, destination)
    for line in (handin.folder / "files.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith('"') and line.endswith('"'):
            _create_quoted(destination, line, module.PNG)
    for path in [destination, *destination.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    if git:
        _git_init(destination, f"https://github.com/{handin.repository}.git")
    return destination


def _create_quoted(destination: Path, quoted: str, png: bytes) -> None:
    """Create a path written in git's C-style quoting, and remove what materialize.py made of it."""
    real = destination / codecs.escape_decode(quoted[1:-1].encode("ascii"))[0].decode("utf-8")
    real.parent.mkdir(parents=True, exist_ok=True)
    if not real.exists():
        real.write_bytes(png if real.suffix.lower() in {".png", ".jpg", ".jpeg", ".gif"} else b"")
    wrong = destination / quoted
    wrong.unlink(missing_ok=True)
    for folder in wrong.parents:
        if folder == destination or any(folder.iterdir()):
            break
        folder.rmdir()


def _git_init(folder: Path, origin: str) -> None:
    def git(*arguments: str) -> None:
        subprocess.run(["git", "-C", str(folder), *arguments], check=True, capture_output=True)

    git("init", "--quiet", "--initial-branch=main")
    git("remote", "add", "origin", origin)


def with_the_plugin(config: str, report_path: str) -> str:
    """The config with the two lines a student writes under ``plugins:``."""
    lines = config.split("\n")
    start = next(index for index, line in enumerate(lines) if line.startswith("plugins:"))
    item = lines[start + 1]
    indent = item[: len(item) - len(item.lstrip())]
    lines[start + 1 : start + 1] = [f"{indent}- report:", f"{indent}    path: {report_path}"]
    return "\n".join(lines)


def without_plugin(config: str, name: str) -> str:
    """The config without the plugin ``name`` and the options nested under it."""
    kept, dropping, depth = [], False, 0
    for line in config.split("\n"):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if stripped.startswith(f"- {name}"):
            dropping, depth = True, indent
            continue
        if dropping and stripped and indent <= depth:
            dropping = False
        if not dropping:
            kept.append(line)
    return "\n".join(kept)


def laid_out_with_the_plugin(handin: Handin, root: Path) -> Path:
    """The hand-in's repository with the plugin added; returns its config's path.

    The laid-out repository's Python files are empty, so where the docs pages ask
    mkdocstrings for the API (``::: package.module``), there is nothing to collect and
    mkdocstrings stops the build whatever our plugin does: it is left out there.
    """
    materialize(handin, root)
    assert handin.mkdocs is not None
    config = root / handin.mkdocs
    text = with_the_plugin(config.read_text(), os.path.relpath(root / handin.report, config.parent))
    pages = config.parent.rglob("*.md")
    if any(API_DIRECTIVE.search(page.read_text(errors="replace")) for page in pages):
        text = without_plugin(text, "mkdocstrings")
    config.write_text(text)
    return config
