"""``mkdocs-report html``: the report as one self-contained page, styled, its images embedded, needing no
other file and no network.
"""

from __future__ import annotations

import base64
import mimetypes
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from markdown.extensions import Extension

from mkdocs_report_plugin.model.report import Result, is_remote_target
from mkdocs_report_plugin.output.assets import asset
from mkdocs_report_plugin.output.dashboard import ImageProblem, escape
from mkdocs_report_plugin.output.defused_markdown import RestoreMarks
from mkdocs_report_plugin.output.render import decorated_html
from mkdocs_report_plugin.output.rules_doc import rules_named_html
from mkdocs_report_plugin.output.sanitise import neutralise_active_content, parse_html
from mkdocs_report_plugin.reading.defuse import defuse_page, restore
from mkdocs_report_plugin.reading.handin import python_markdown
from mkdocs_report_plugin.reading.markdown_tokens import front_matter_length
from mkdocs_report_plugin.reading.repository import RefusedFile, read_limited

__all__ = ["standalone_html"]

_STANDALONE_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html"]


def standalone_html(result: Result, *, embed_images: bool = True) -> str:
    """A complete HTML document of the report that needs no other file and no network.

    Raises :class:`~.handin.NestedTooDeep` on text nested too deeply for Python-Markdown.

    Local images are embedded as ``data:`` URIs when ``embed_images`` is true; only files
    inside the report's folder tree are ever read. Images that cannot be embedded stay
    as written and are listed in the dashboard.
    """
    lines = result.text.split("\n")
    front = front_matter_length(lines)
    extensions, configs = _markdown_extensions()
    page = defuse_page("\n".join(lines[front:]), front + 1)
    body = restore(python_markdown(page, extensions=extensions, extension_configs=configs))
    soup = parse_html(body)
    neutralise_active_content(soup)
    problems = _embed_images(soup, _report_folder(result)) if embed_images else []
    styles = (
        asset("report.css").read_text(encoding="utf-8") + "\n" + asset("standalone.css").read_text(encoding="utf-8")
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Exam report — {escape(result.display_path)}</title>\n"
        f"<style>\n{styles}\n</style>\n</head>\n<body>\n"
        f'<main class="md-typeset">\n{decorated_html(soup, result, image_problems=problems, rules_href="#rule-")}\n'
        f"{rules_named_html(result)}</main>\n</body>\n</html>\n"
    )


def _markdown_extensions() -> tuple[list[str | Extension], dict[str, dict[str, object]]]:
    """The course's extensions, with pymdownx's fences and task lists when installed, and their settings;
    ``RestoreMarks`` puts defused text back before the table of contents is made."""
    extensions: list[str | Extension] = [*_STANDALONE_EXTENSIONS, RestoreMarks()]
    configs: dict[str, dict[str, object]] = {}
    if find_spec("pymdownx") and all(find_spec(name) for name in ("pymdownx.superfences", "pymdownx.tasklist")):
        extensions[extensions.index("fenced_code")] = "pymdownx.superfences"
        extensions.append("pymdownx.tasklist")
        configs["pymdownx.tasklist"] = {"custom_checkbox": True}
    return extensions, configs


def _report_folder(result: Result) -> Path | None:
    if result.path is None:
        return None
    return result.path if result.path.is_dir() else result.path.parent


def _embed_images(soup: BeautifulSoup, folder: Path | None) -> list[ImageProblem]:
    problems: list[ImageProblem] = []
    for image in soup.find_all("img"):
        source = str(image.get("src") or "")
        if not source or source.startswith("data:"):
            continue
        data_uri = None
        if is_remote_target(source):
            reason = "a web address; the page needs the network to show it"
        elif folder is None:
            reason = "the report has no folder to read images from"
        else:
            data_uri, reason = _read_image(folder, source)
        if data_uri is None:
            problems.append(ImageProblem(source, reason))
        else:
            image["src"] = data_uri
    return problems


def _read_image(folder: Path, source: str) -> tuple[str | None, str]:
    """(data URI, "") for a readable image inside ``folder``'s tree, else (None, reason)."""
    root = folder.resolve()
    target = (root / unquote(urlsplit(source).path)).resolve()
    if not target.is_relative_to(root):
        return None, "outside the report's folder, so it is not read"
    mime, _ = mimetypes.guess_type(target.name)
    if mime is None or not mime.startswith("image/"):
        return None, "not an image file (use .png, .jpg or .jpeg)"
    try:
        data = read_limited(target)  # a regular file of at most 20 MB: never a pipe, a device or a 2 GB file
    except FileNotFoundError:
        return None, "file not found"
    except OSError as error:
        refused = error.strerror if isinstance(error, RefusedFile) else None
        return None, refused or "file could not be read"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", ""
