"""The package as a user gets it: the sdist and the wheel built from this checkout, the wheel
installed with pip into a fresh virtual environment, once per test session.

Both install test modules share them (``functools.cache`` on the session's temporary folder):
building takes about 10 s and the environment about 30 s, so no test pays for them twice.
The environment also holds what the course's ``docs/mkdocs.yaml`` uses (Material and
mkdocstrings), as every documented recipe installs them beside the plugin.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import tomllib

from support.course import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
VERSION: str = PYPROJECT["project"]["version"]
REPOSITORY_URL: str = PYPROJECT["project"]["urls"]["Repository"]
THEME_AND_API_DOCS = ["mkdocs-material>=9.5", "mkdocstrings[python]>=0.26"]
INSTALL_TIMEOUT = 600  # pip may download the dependencies on a cold cache


@dataclass(frozen=True)
class Distributions:
    sdist: Path
    wheel: Path


@dataclass(frozen=True)
class Environment:
    """A virtual environment holding the installed wheel; ``run`` runs one of its commands."""

    folder: Path

    def command(self, name: str) -> str:
        return str(self.folder / "bin" / name)

    def pip(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """pip, run by the tests' python, acting on this environment."""
        return subprocess.run([sys.executable, "-m", "pip", "--python", self.command("python"), *arguments],
                              capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)  # fmt: skip

    def run(
        self, name: str, *arguments: str, cwd: Path, extra: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra or {})}
        environment.pop("PYTHONPATH", None)  # nothing of this checkout may leak into the installed package
        return subprocess.run([self.command(name), *arguments], cwd=cwd, env=environment,
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


@functools.cache
def built(base: Path) -> Distributions:
    """``python -m build`` of this checkout, as the release workflow runs it (sdist, then the wheel from it)."""
    out = base / "dist"
    run = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
                         capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Distributions(sdist, wheel)


@functools.cache
def fresh_environment(base: Path) -> Environment:
    """A new venv (no packages of ours) with the built wheel and the course's MkDocs packages, by pip.

    The tests' own pip installs into it (``pip --python``): the venv needs no pip of its own, which
    saves seeding one on every session."""
    folder = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=INSTALL_TIMEOUT)
    environment = Environment(folder)
    install = environment.pip("install", "--quiet", "--no-compile", str(built(base).wheel), *THEME_AND_API_DOCS)
    assert install.returncode == 0, install.stderr[-3000:]
    return environment
