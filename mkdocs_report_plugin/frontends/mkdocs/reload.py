"""Whether ``mkdocs serve`` will reload: with click 8.3, MkDocs 1.6.1's ``serve`` watches nothing.

MkDocs 1.6.1 declares ``--livereload`` and ``--no-livereload`` as two flags of one parameter, the first
(``--no-livereload``, ``False``) without a default and the second with ``default=True``. Up to click 8.2.1 the
parameter's default was ``True``; click 8.3.0 to 8.3.3 take the first flag's and pass ``livereload=False`` when
neither is given (pallets/click#3403, mkdocs/mkdocs#4032), so ``serve`` registers no watch: no "Watching paths
for changes" line, no rebuild on save, no reload script in the page. Click 8.4.0 restores the default.
``mkdocs serve --livereload`` works with every click. ProperDocs declares the two as separate flags and is not
affected.

The check reads what the running ``serve`` command was actually given (click's context), so it warns exactly
when nothing will be watched though nobody asked for that, whatever the versions; the versions only name the
cause in the message.
"""

from __future__ import annotations

from importlib import metadata

import click
from click.core import ParameterSource

__all__ = ["reload_warning"]


def reload_warning() -> str | None:
    """The warning to log when the ``serve`` command running now will watch no file though ``--no-livereload`` was
    not given; None when it will reload (or this is not MkDocs' ``serve`` command line)."""
    context = click.get_current_context(silent=True)
    if context is None or context.info_name != "serve" or "livereload" not in context.params:
        return None
    if "no_livereload" in context.params:  # two separate flags (ProperDocs): the command works out the value itself
        return None
    if context.params["livereload"] or context.get_parameter_source("livereload") is ParameterSource.COMMANDLINE:
        return None
    return (
        f"'mkdocs serve' will not reload: with click {_version('click')}, MkDocs {_version('mkdocs')} reads no "
        "--livereload as off, so it watches no file (no 'Watching paths for changes' line) and the page stays as it "
        "is when you save the report. Run 'mkdocs serve --livereload', or install a click that reads it right: "
        'pip install "click!=8.3.*" (with uv: uv add --dev "click!=8.3.*").'
    )


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "(version unknown)"
