"""Image addresses (URLs) a browser shows no picture for: a web page about the file, not the file.

A student who copies the address from the browser's bar while looking at a figure gets the page
that shows it: GitHub's ``github.com/OWNER/REPO/blob/main/reports/figures/loss.png``, a Google
Drive or Dropbox share link, an Imgur post. The course's checker counts ``![loss](that address)``
as an image, but the hand-in the teacher grades (and the site) asks the address for a picture,
gets an HTML page, and shows none. An address on the student's own computer (``localhost``)
shows nothing anywhere else either. Read from the address alone: nothing is fetched.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import parse_qs, urlsplit

__all__ = ["why_no_picture"]

_DROPBOX_DIRECT = {"dl": "1", "raw": "1"}


def why_no_picture(address: str) -> str | None:
    """Why a browser asked for the image ``address`` gets no picture, in words for a student
    (``is GitHub's page for the file, not the file``); None when nothing in the address says so."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:  # an address urllib cannot split (a bad IPv6 literal): not ours to judge
        return None
    if parts.scheme.lower() not in ("http", "https", ""):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    path = [step for step in parts.path.split("/") if step]
    query = parse_qs(parts.query)
    if _on_own_computer(host):
        return f"points at '{host}', a server on your own computer that nobody else can reach"
    if host == "github.com":
        return _github(path, query)
    return _sharing_page(host, path, query)


def _on_own_computer(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified or address.is_link_local


def _github(path: list[str], query: dict[str, list[str]]) -> str | None:
    """A file's page (``blob/``) or a folder's (``tree/``) on GitHub; ``?raw=true`` makes a blob address the file."""
    if len(path) < 3 or path[2] not in ("blob", "tree"):
        return None
    if path[2] == "blob" and query.get("raw", [""])[0].lower() in ("true", "1"):
        return None
    if path[2] == "tree":
        return "is GitHub's page for a folder, not an image"
    return "is GitHub's page for the file (an address with /blob/), not the image file itself"


def _sharing_page(host: str, path: list[str], query: dict[str, list[str]]) -> str | None:
    """The share links of the services students keep figures in: each opens a page with the picture in it."""
    if host == "drive.google.com" and path[:1] in (["file"], ["open"], ["drive"]):
        return "is a Google Drive page that shows the file, not the image file"
    if host == "docs.google.com":
        return "is a Google Docs page, not an image file"
    if host == "dropbox.com" and not any(query.get(key, [""])[0] == value for key, value in _DROPBOX_DIRECT.items()):
        return "is a Dropbox page that shows the file (a share link), not the image file"
    if host == "imgur.com":
        return "is an Imgur page that shows the picture, not the image file (those are on i.imgur.com)"
    if host in ("onedrive.live.com", "1drv.ms") or host.endswith(".sharepoint.com"):
        return "is a OneDrive or SharePoint page that shows the file, not the image file"
    if host == "wandb.ai":
        return "is a Weights & Biases page, not an image file"
    if host == "console.cloud.google.com":
        return "is a Google Cloud console page, which only people signed in to your project can open"
    return None
