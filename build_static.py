"""The package build's own step: what the package would otherwise work out on every run, worked out once.

setuptools runs :class:`BuildPy` (``[tool.setuptools.cmdclass]`` in pyproject.toml) whenever it builds a wheel, from
this checkout or from the sdist, which carries this file. After copying the package it writes
``mkdocs_report_plugin/_built/`` into the wheel, made by the package's own code:

- ``specs.py``: the shipped template specs, compiled from ``reading/specs/*.yaml`` (``reading/shipped.py``), so a
  command reads no YAML;
- ``rules.py``: the rules reference's entries as HTML (``output/rules_doc.py``), so a site build renders none.

Both are Python modules of data, so that pip caches their bytecode at install and a command parses nothing.

An editable install gets neither: its code changes under it, and the package reads the YAML and renders the entries
itself whenever they are absent or were made from other text. The sdist leaves them out (MANIFEST.in).

The code that makes them imports the package, so ``[build-system] requires`` lists what that import needs.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUILT = Path("mkdocs_report_plugin", "_built")


def write_built(into: Path) -> None:
    """Write the built files into ``into`` (the package's ``_built`` folder in a wheel) from the package in ROOT."""
    sys.path.insert(0, str(ROOT))
    try:
        from mkdocs_report_plugin.output.rules_doc import built_rules_module
        from mkdocs_report_plugin.reading.shipped import compiled_specs

        made = {
            "__init__.py": '"""Made by build_static.py when the package was built; see its docstring."""\n',
            "specs.py": compiled_specs(),
            "rules.py": built_rules_module(),
        }
    except ModuleNotFoundError as missing:
        raise SystemExit(
            f"build_static.py: making the package's built files imports {missing.name}, which the build environment "
            "lacks: add its distribution to [build-system] requires in pyproject.toml."
        ) from missing
    finally:
        sys.path.remove(str(ROOT))
    shutil.rmtree(into, ignore_errors=True)  # setuptools reuses build/lib: nothing of an older build may stay
    into.mkdir(parents=True)
    for name, text in made.items():
        (into / name).write_text(text, encoding="utf-8")


class BuildPy(build_py):
    """setuptools' ``build_py``, then the built files beside the copied package (none for an editable install)."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            write_built(Path(self.build_lib) / BUILT)
