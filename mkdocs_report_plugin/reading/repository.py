"""What a link or image path of the report means, read the way GitHub reads it.

Students check their report on GitHub, so a path means what GitHub makes of it: relative
to the report's folder, or, with a leading ``/``, from the top folder of the repository.
The engine's rules (is the file there?) and the plugin's site plan (what to publish,
where a link goes) both ask :func:`locate`, so the CLI and the build agree.

The repository is the git work tree that holds the report (its top folder, found by
looking for ``.git`` upwards), unless the caller names a project folder. Its address on
GitHub, for links to files outside the report's folder, is read only when the plugin needs
it (:func:`remote_of`), because it costs a ``git`` call.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from mkdocs_report_plugin.model.report import is_remote_target

MAX_FILE_BYTES = 20 * 1024 * 1024
"""The largest file the checker reads or the site publishes (20 MB): a report or a figure is far smaller."""

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
"""What an image outside the report's folder may be, to be published: never a key or a config."""

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_GIT_TIMEOUT = 10


class Status(Enum):
    """What a local target turned out to be."""

    FOUND = "found"  # a file or folder inside the repository
    MISSING = "missing"  # inside the repository, but nothing is there
    WRONG_CASE = "wrong-case"  # there, but named with other capitals: GitHub tells them apart
    BACKSLASH = "backslash"  # 'figures\\a.png': GitHub reads no folder in it
    OUTSIDE = "outside"  # climbs out of the repository with '../'
    LINKED_OUT = "linked-out"  # a symbolic link to something outside the repository
    ON_DISK = "on-disk"  # a path of the student's own computer: C:\..., file://...
    HIDDEN = "hidden"  # a symbolic link on the way leads into a hidden file or folder (.git, .env)
    NOT_A_FILE = "not-a-file"  # neither a regular file nor a folder: a FIFO, a device, a socket
    TOO_LARGE = "too-large"  # a file over MAX_FILE_BYTES, which is never read or published
    UNKNOWN = "unknown"  # outside the report's folder, and no repository to look in


@dataclass(frozen=True)
class Location:
    """Where a target written in the report points."""

    target: str  # as written
    status: Status
    file: Path | None = None  # the absolute, normalised path it names (for WRONG_CASE: the file that is there)
    from_root: bool = False  # written with a leading '/': GitHub starts at the repository's top

    @property
    def found(self) -> bool:
        return self.status is Status.FOUND


@dataclass(frozen=True)
class Folders:
    """Where the paths of one report are looked up: its folder and the repository's top."""

    report_dir: Path  # absolute
    root: Path | None  # absolute; None outside a repository: only the report's folder is known

    @classmethod
    def of(cls, report_dir: Path, project_dir: str | Path | None = None) -> Folders:
        """The folders of a report in ``report_dir``: the repository is ``project_dir``, else the
        git work tree that holds the report. Absolute, whatever form the caller gave."""
        folder = Path(os.path.abspath(report_dir))
        return cls(folder, Path(os.path.abspath(project_dir)) if project_dir is not None else find_root(folder))

    def in_repository(self, file: Path) -> str:
        """``file`` as GitHub names it: from the repository's top (or from the report's folder)."""
        return relative_posix(file, self.root or self.report_dir)

    def from_report(self, file: Path) -> str:
        """``file`` as the report would write it: from the report's folder."""
        return relative_posix(file, self.report_dir)

    def hides(self, file: Path) -> bool:
        """Whether ``file`` is hidden from the site (see :func:`hiding_top`): never published."""
        return hidden_from(file, self.report_dir, self.root or self.report_dir)


def relative_posix(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder``, with '/' between folders, as links and messages write it."""
    return Path(os.path.relpath(path, folder)).as_posix()


def path_part(target: str) -> str:
    """The target without its ``?query`` or ``#anchor``."""
    return re.split(r"[?#]", target, maxsplit=1)[0]


def local_path(target: str) -> str:
    """The file part of a local target, URL-decoded (``figures/my%20plot.png`` -> ``figures/my plot.png``)."""
    return unquote(path_part(target))


def locate(target: str, report_dir: Path, root: Path | None) -> Location | None:
    """Where ``target`` points; ``None`` for a URL or an anchor on the page itself.

    Without a repository (``root`` is None), only the report's folder can be looked in:
    anything outside it, or written from the top, is ``UNKNOWN``.
    """
    if not path_part(target) or is_remote_target(target):
        return None
    path = local_path(target)
    if target.lower().startswith("file:") or _WINDOWS_DRIVE.match(path) or path.startswith("\\"):
        return Location(target, Status.ON_DISK)
    from_root = path.startswith("/")
    if from_root and root is None:
        return Location(target, Status.UNKNOWN, from_root=True)
    base = root if from_root and root is not None else report_dir
    file = Path(os.path.abspath(base / path.lstrip("/")))  # absolute, as root is: a report given as reports/README.md
    limit = root or report_dir
    if "\\" in path:  # a separator on Windows only; GitHub reads it as part of one name
        return Location(target, Status.BACKSLASH, Path(os.path.abspath(base / path.lstrip("/").replace("\\", "/"))))
    if not inside(file, limit):
        return Location(target, Status.OUTSIDE if root else Status.UNKNOWN, file, from_root)
    if not os.path.lexists(file):
        named = _named_otherwise(file, limit)
        return Location(target, Status.WRONG_CASE if named else Status.MISSING, named or file, from_root)
    resolved = file.resolve()  # the target's own links are followed anew each time: a student may change them
    real_limit = _real(limit)
    if not inside(resolved, real_limit):
        return Location(target, Status.LINKED_OUT, file, from_root)
    named = _named_otherwise(file, limit)
    if named is not None:
        return Location(target, Status.WRONG_CASE, named, from_root)
    if not file.exists():
        return Location(target, Status.MISSING, file, from_root)
    return Location(target, _what_is_there(file, resolved, report_dir, limit, real_limit), file, from_root)


def _what_is_there(file: Path, resolved: Path, report_dir: Path, limit: Path, real_limit: Path) -> Status:
    """What an existing path inside the repository resolves to: only a regular file or folder of a
    sensible size, not made hidden by a symbolic link, is FOUND (and may be published)."""
    folder = Path(os.path.abspath(report_dir))
    if hidden_from(resolved, _real(folder), real_limit) and not hidden_from(file, folder, limit):
        return Status.HIDDEN
    kind = file_kind(resolved)
    if kind is Status.NOT_A_FILE or kind is Status.TOO_LARGE:
        return kind
    return Status.FOUND


def _real(folder: Path) -> Path:
    """The real path of the report's folder or the repository's top, where every target of a report is looked
    up: found once per folder and the folder it leads to (a ``resolve`` asks the disk about every folder on the
    way; one ``stat`` tells whether a link on the way now leads elsewhere)."""
    try:
        facts = os.stat(folder)
    except OSError:
        return folder.resolve()
    return _real_path(folder, facts.st_dev, facts.st_ino)


@functools.lru_cache(maxsize=256)
def _real_path(folder: Path, _device: int, _inode: int) -> Path:
    return folder.resolve()


def file_kind(path: Path) -> Status:
    """FOUND for a folder or a regular file up to MAX_FILE_BYTES; else why it may not be read.

    Asked with ``os.stat`` before any ``open``: opening a FIFO blocks, and ``/dev/zero`` never ends.
    """
    try:
        facts = os.stat(path)
    except OSError:
        return Status.MISSING
    if stat.S_ISDIR(facts.st_mode):
        return Status.FOUND
    if not stat.S_ISREG(facts.st_mode):
        return Status.NOT_A_FILE
    return Status.TOO_LARGE if facts.st_size > MAX_FILE_BYTES else Status.FOUND


class RefusedFile(OSError):
    """A path that is not read: not a regular file, or over MAX_FILE_BYTES. ``strerror`` says why."""


def read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; ``RefusedFile`` (an OSError) otherwise.

    Opened without blocking, and checked on the open file: a FIFO named README.md does not hang,
    a link to ``/dev/zero`` is not read forever, and nothing can swap the file in between.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        facts = os.fstat(file.fileno())
        if stat.S_ISDIR(facts.st_mode):
            raise RefusedFile(errno.EISDIR, "it is a folder")
        if not stat.S_ISREG(facts.st_mode):
            raise RefusedFile(errno.EINVAL, "it is not a regular file (a pipe, a device or a socket)")
        data = file.read(MAX_FILE_BYTES + 1)
    if facts.st_size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise RefusedFile(errno.EFBIG, f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data


def is_hidden(path: Path, top: Path) -> bool:
    """Whether ``path`` is, or is in, a dot-file or dot-folder (.git, .env, .dvc ...) below ``top``."""
    return any(part.startswith(".") for part in Path(os.path.relpath(path, top)).parts if part not in (".", ".."))


def hiding_top(folder: Path, top: Path) -> Path:
    """The folder below which a name starting with '.' hides a file, for a report (or config) in ``folder``.

    That is ``top``, the repository's top folder, unless ``folder`` itself lies in a hidden folder of it (a
    project kept in ``.work/site/``): then the deepest such folder, since the student works in it and its name
    hides nothing of theirs. Only the dot-names below it (``.env``, ``.git``, ``.cache/``) hide a file."""
    parts = Path(os.path.relpath(folder, top)).parts
    hidden = [index for index, part in enumerate(parts) if part.startswith(".") and part not in (".", "..")]
    if not hidden or parts[0] == "..":
        return top
    return top.joinpath(*parts[: hidden[-1] + 1])


def hidden_from(path: Path, folder: Path, top: Path) -> bool:
    """Whether ``path`` is hidden for a report (or config) in ``folder`` of the repository ``top``: see
    :func:`hiding_top`. Give all three as written, or all three resolved."""
    return is_hidden(path, hiding_top(folder, top))


def _named_otherwise(file: Path, top: Path) -> Path | None:
    """The file below ``top`` whose name differs from ``file``'s only in capitals, if any.

    On macOS and Windows disks ``figures/Loss.png`` opens ``figures/loss.png``; on GitHub and
    on Linux it is another name, which does not exist.
    """
    actual, changed = Path(os.path.abspath(top)), False
    for part in file.relative_to(actual).parts:
        names = _names(actual)
        if names is None:
            return None
        if part in names:
            actual = actual / part
            continue
        matches = [name for name in names if name.lower() == part.lower()]
        if len(matches) != 1:
            return None
        actual, changed = actual / matches[0], True
    return actual if changed else None


def _names(folder: Path) -> frozenset[str] | None:
    """The names in ``folder`` (None when it cannot be listed), listed again only when it may have changed.

    The targets of a report share a few folders, and the check, the site plan and ``serve``'s rebuilds ask
    again. A listing is kept while the folder's modification time is the one it had, and only if it was made
    well after that time: file systems stamp changes with a coarse clock, so a change made in the same tick as
    the one before would keep the stamp (git's "racy" index entries)."""
    try:
        changed = os.stat(folder).st_mtime_ns
    except OSError:
        return None
    kept = _LISTINGS.get(folder)
    if kept is not None and kept[0] == changed and kept[1] - changed > _SETTLED_NS:
        return kept[2]
    listed = time.time_ns()
    try:
        names = frozenset(os.listdir(folder))
    except OSError:
        return None
    if len(_LISTINGS) >= _LISTINGS_KEPT:
        del _LISTINGS[next(iter(_LISTINGS))]
    _LISTINGS[folder] = (changed, listed, names)
    return names


_LISTINGS: dict[Path, tuple[int, int, frozenset[str]]] = {}
"""Folder -> (its modification time, when it was listed, its names); the oldest goes first past the bound."""
_LISTINGS_KEPT = 256
_SETTLED_NS = 50_000_000
"""A listing made 50 ms after the folder's last change is kept until the folder changes again."""


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies below it (both made absolute, links not followed)."""
    absolute, top = os.path.abspath(path), os.path.abspath(folder)
    return absolute == top or absolute.startswith(top.rstrip(os.sep) + os.sep)


def find_root(start: Path) -> Path | None:
    """The top folder of the git work tree holding ``start`` (what ``git rev-parse
    --show-toplevel`` prints), found without running git: the nearest folder with a ``.git``."""
    folder = Path(os.path.abspath(start))
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


# --- the repository's address on GitHub ---------------------------------------------


@dataclass(frozen=True)
class Remote:
    """Where the repository's files are shown on the web."""

    web_url: str  # e.g. https://github.com/group7/project
    branch: str  # the checkout's branch, else the default branch, else HEAD

    def file_url(self, path_in_repository: str) -> str:
        """The page that shows one file (or folder) of the repository."""
        blob = "-/blob" if "gitlab" in urlsplit(self.web_url).netloc else "blob"
        return f"{self.web_url}/{blob}/{quote(self.branch)}/{quote(path_in_repository)}"


def remote_of(
    root: Path | None, *, repo_url: str | None = None, environ: Mapping[str, str] | None = None
) -> Remote | None:
    """The repository's address: ``repo_url`` when set, else the ``origin`` remote, else, in
    GitHub Actions, ``GITHUB_SERVER_URL``/``GITHUB_REPOSITORY``; None when none is known."""
    environ = os.environ if environ is None else environ
    web_url = (
        _web_url(repo_url)
        or (_web_url(_git(root, "config", "--get", "remote.origin.url")) if root else None)
        or _actions_url(environ)
    )
    if web_url is None:
        return None
    return Remote(web_url, _branch(root, environ))


def _actions_url(environ: Mapping[str, str]) -> str | None:
    server, repository = environ.get("GITHUB_SERVER_URL"), environ.get("GITHUB_REPOSITORY")
    return f"{server.rstrip('/')}/{repository}" if server and repository else None


_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w-]+(?:\.[\w-]+)+):(?!//)(?P<path>.+)$")
"""``git@github.com:owner/name.git``: git's scp-like form (the host has a dot, unlike ``C:``)."""


def _web_url(remote: str | None) -> str | None:
    """``https://host/owner/name`` from a remote URL in any of git's forms, without
    credentials, port or ``.git``; None for a remote on disk."""
    if not remote:
        return None
    remote = remote.strip()
    parts = urlsplit(remote)
    if parts.scheme in ("http", "https", "ssh", "git", "git+ssh") and parts.hostname:
        host, path = parts.hostname, parts.path
    elif scp := _SCP_LIKE.match(remote):
        host, path = scp["host"], scp["path"]
    else:
        return None
    path = path.strip("/").removesuffix(".git").strip("/")
    return f"https://{host}/{path}" if path else None


def _branch(root: Path | None, environ: Mapping[str, str]) -> str:
    """The branch the site is built from; GitHub's ``HEAD`` (the default branch) when unknown."""
    checkout = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD") if root else None  # None when detached
    if checkout:
        return checkout
    in_actions = environ.get("GITHUB_HEAD_REF") or environ.get("GITHUB_REF_NAME")
    if in_actions:
        return in_actions
    default = _git(root, "symbolic-ref", "--short", "refs/remotes/origin/HEAD") if root else None
    return default.removeprefix("origin/") if default else "HEAD"


def _git(root: Path, *arguments: str) -> str | None:
    """One line of git's output, or None when git is missing or the command fails."""
    import subprocess  # here, not on top: the check command never runs git, and starts faster

    try:
        done = subprocess.run(
            ["git", "-C", str(root), *arguments], capture_output=True, text=True, timeout=_GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    output = done.stdout.strip()
    return output if done.returncode == 0 and output else None
