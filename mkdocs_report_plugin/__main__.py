"""``python -m mkdocs_report_plugin`` is the ``mkdocs-report`` command."""

from mkdocs_report_plugin.frontends.cli.entry import main

main()
