"""Files we write where a student may have put a symbolic link: never followed, never half-written.

Students commit everything under their repository, symbolic links included, and teachers run
``grade`` and ``handin`` over repositories they did not write. A committed
``reports/report.html -> ~/.bashrc`` must not make ``mkdocs-report handin`` write into the
teacher's shell profile, and a ``reports -> /etc`` folder link must not lead a write elsewhere.

So every file the package writes goes through :func:`write_file`: the content is written to a
new file in the destination's folder (opened with ``O_EXCL | O_NOFOLLOW``) and renamed over the
destination, so a reader never sees half a file and a link is never written through. A
destination that is a symbolic link, or a folder on the way that is one (below the folder the
caller trusts), is refused with :class:`UnsafeWrite`, whose message says what to do.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["UnsafeWrite", "make_folders", "write_file"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has no symbolic links to refuse this way


class UnsafeWrite(OSError):
    """A file or folder the package was asked to write is a symbolic link, or lies behind one."""


def write_file(path: Path, content: str | bytes, *, trusted: Path | None = None, newline: str | None = None) -> None:
    """Write ``content`` to ``path`` whole or not at all, never through a symbolic link.

    ``trusted`` is the folder the caller vouches for (a teacher's output folder, the folder of a
    report they named): every folder from there down to ``path``'s is checked to be a real folder.
    Without it, only the destination itself is checked. Text is written as UTF-8, its line
    endings translated as ``open(newline=...)`` does. An existing file keeps its permissions; a
    new one gets the default ones. Raises :class:`UnsafeWrite` for a link, ``OSError`` otherwise.
    """
    path = Path(os.path.abspath(path))
    _refuse_links(path, trusted)
    mode = _existing_mode(path)
    temporary = path.with_name(f".{path.name}.{_random_name()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
    try:
        if isinstance(content, str):
            with open(descriptor, "w", encoding="utf-8", newline=newline) as text_file:
                text_file.write(content)
        else:
            with open(descriptor, "wb") as binary_file:
                binary_file.write(content)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)  # a rename: replaces the name, follows nothing
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _random_name() -> str:
    """Twelve hex digits from the OS: a temporary name no student can plant in advance (``secrets`` costs a
    ``check`` 4 ms of imports for the same bytes)."""
    return os.urandom(6).hex()


def make_folders(folder: Path, *, trusted: Path) -> None:
    """Create ``folder`` and the folders above it down from ``trusted``, refusing any that is a symbolic link."""
    folder = Path(os.path.abspath(folder))
    for step in _steps_below(folder, trusted):
        try:
            os.mkdir(step)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(step).st_mode):
                raise _refusal(step, "is not a real folder") from None


def _refuse_links(path: Path, trusted: Path | None) -> None:
    for step in _steps_below(path.parent, trusted) if trusted is not None else ():
        try:
            status = os.lstat(step)
        except FileNotFoundError:
            raise FileNotFoundError(f"{step}: no such folder") from None
        if not stat.S_ISDIR(status.st_mode):
            raise _refusal(step, "is not a real folder")
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(status.st_mode):
        raise _refusal(path, "is a symbolic link")
    if not stat.S_ISREG(status.st_mode):
        raise _refusal(path, "is not a regular file")


def _steps_below(folder: Path, trusted: Path) -> list[Path]:
    """The folders from just below ``trusted`` down to ``folder``; ``trusted`` itself is the caller's."""
    top = Path(os.path.abspath(trusted))
    try:
        parts = folder.relative_to(top).parts
    except ValueError:
        raise _refusal(folder, f"is outside {top}") from None
    return [top.joinpath(*parts[: index + 1]) for index in range(len(parts))]


def _existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None


def _refusal(path: Path, why: str) -> UnsafeWrite:
    return UnsafeWrite(
        f"{path} {why}: nothing was written there. Write to another place (-o), or replace it with a real "
        "file or folder first."
    )
