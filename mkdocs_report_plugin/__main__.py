"""``python -m mkdocs_report_plugin`` is the ``mkdocs-report`` command."""

from .cli import main

main()
