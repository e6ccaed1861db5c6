"""Options of the ``report`` MkDocs plugin, as a student writes them in mkdocs.yml.

They are the report page's options (:data:`~mkdocs_report_plugin.output.site_options.SITE_OPTIONS`, the same
under Zensical), each validated by MkDocs through its reader, so a value that cannot be used is one
configuration error that names the option; and ``nav_title``, which only MkDocs has (Zensical's ``nav``
is the student's own). Every default suits a student who only sets ``path``.

There is deliberately no ``enabled`` option: MkDocs itself honours ``enabled: false`` for any plugin
that does not declare one, and then does not load the plugin at all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config import base

from mkdocs_report_plugin.output.site_options import SITE_OPTIONS, OptionError, OptionPlace, SiteOption

__all__ = ["CONFIG_SCHEME", "ENTRY_NAMES", "NavTitle", "drop_extension_entry", "option_place"]


def option_place(config_file_path: str | None) -> OptionPlace:
    """Paths in the options are read from mkdocs.yml's folder; messages name the file as it is called."""
    config_file = config_file_path or "mkdocs.yml"
    return OptionPlace(Path(os.path.dirname(os.path.abspath(config_file))), os.path.basename(config_file))


class _SiteOption(base.BaseConfigOption[Any]):
    """One of the report page's options, read by its own reader while MkDocs validates the config."""

    def __init__(self, option: SiteOption) -> None:
        super().__init__()
        self.option = option
        self.default = option.default
        self._place = option_place(None)

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self._place = option_place(config.config_file_path)

    def run_validation(self, value: object) -> Any:
        try:
            return self.option.read(value, self._place)
        except OptionError as error:
            raise base.ValidationError(str(error)) from None

    def post_validation(self, config: base.Config, key_name: str) -> None:
        if self.option.together is None:
            return
        try:
            self.option.together(config[key_name], config, self._place)
        except OptionError as error:
            raise base.ValidationError(str(error)) from None


class NavTitle(base.BaseConfigOption["str | None"]):
    """The report's title in an explicit ``nav``, or ``false`` to leave ``nav`` alone (``None``)."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str | None:
        if value is False:
            return None
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError("give the report's title in the navigation, e.g. 'Exam report', or false")
        return value.strip()


CONFIG_SCHEME: tuple[tuple[str, base.BaseConfigOption[Any]], ...] = (
    *((option.name, _SiteOption(option)) for option in SITE_OPTIONS),
    ("nav_title", NavTitle(default="Exam report")),
)
"""The plugin's options: MkDocs' form of a schema made from a table (``BasePlugin.config_scheme``)."""


ENTRY_NAMES = (
    "report",
    "mkdocs_report_plugin.frontends.extension",
    "mkdocs_report_plugin.frontends.extension:ReportExtension",
)
"""How a config can name the Markdown extension: the entry point, the module, the class."""


def drop_extension_entry(extensions: list[Any], configs: dict[str, Any]) -> None:
    """The MkDocs plugin makes the page itself: the entry a student wrote for Zensical in the same config goes."""
    for name in ENTRY_NAMES:
        if name in extensions:
            extensions.remove(name)
            configs.pop(name, None)
