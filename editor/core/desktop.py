"""Put Galley in the desktop's application menu for the current user (pure; no Qt).

:func:`install` writes the desktop entry (from ``resources/galley.desktop``, with ``Exec``
pointing at the running launcher) to ``$XDG_DATA_HOME/applications/galley.desktop`` and the
icons into ``$XDG_DATA_HOME/icons/hicolor``; :func:`uninstall` removes exactly those files. Both
refresh the desktop's caches when the tools for it are installed, and never fail for want of them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from editor.core import bundled
from editor.core.errors import GalleyError, SaveError
from editor.core.fileio import atomic_write

APP_ID = "galley"
ICON_SIZES = (16, 32, 48, 64, 128, 256)
_LAUNCHERS = ("galley", "galley-gui")
# Characters that make an Exec argument need quotes (Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")

Which = Callable[[str], "str | None"]


class DesktopEntryError(GalleyError):
    """The desktop entry or its icons could not be written or removed."""


@dataclass(frozen=True)
class Result:
    """What :func:`install` or :func:`uninstall` did."""

    files: list[Path]
    """The files written (install) or removed (uninstall), desktop entry first."""
    command: list[str] = field(default_factory=list)
    """The command the menu entry runs (install only)."""


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute (as the XDG
    Base Directory spec says)."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def launcher_command(argv0: str | None = None, which: Which = shutil.which) -> list[str]:
    """The command that starts this Galley: the ``galley`` launcher that is running (made
    absolute, but symlinks kept, so that a pipx link survives upgrades), else the one on
    ``PATH``, else this Python with ``-m editor``."""
    arg = sys.argv[0] if argv0 is None else argv0
    if arg and Path(arg).name in _LAUNCHERS:
        path = Path(arg) if os.sep in arg else Path(which(arg) or arg)
        if path.is_file() and os.access(path, os.X_OK):
            return [os.path.abspath(path)]
    found = which(APP_ID)
    if found:
        return [os.path.abspath(found)]
    return [os.path.abspath(sys.executable), "-m", "editor"]


def desktop_entry(command: Sequence[str]) -> str:
    """The text of the desktop entry whose ``Exec`` runs ``command`` with the files opened."""
    exec_value = " ".join(_exec_quote(arg) for arg in command)
    lines = []
    for line in bundled.read_text(f"{APP_ID}.desktop").splitlines():
        if line.startswith("Exec="):
            lines.append(f"TryExec={_escape(command[0])}")
            line = f"Exec={_escape(exec_value)} %F"
        lines.append(line)
    return "\n".join(lines) + "\n"


def entry_path(home: Path) -> Path:
    return home / "applications" / f"{APP_ID}.desktop"


def icon_paths(home: Path) -> dict[str, Path]:
    """Where each bundled icon goes: resource name -> installed path."""
    hicolor = home / "icons" / "hicolor"
    paths = {
        f"icons/{APP_ID}-{size}.png": hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        for size in ICON_SIZES
    }
    paths[f"icons/{APP_ID}.svg"] = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    return paths


def install(
    home: Path | None = None,
    command: Sequence[str] | None = None,
    which: Which = shutil.which,
) -> Result:
    """Install the desktop entry and icons under ``home`` (default: :func:`data_home`).

    Installing again rewrites the same files. Raises:
        DesktopEntryError: a file could not be written; the message says why and what to do.
    """
    home = data_home() if home is None else home
    command = list(launcher_command(which=which) if command is None else command)
    if any("\n" in arg or "\r" in arg for arg in command):
        raise DesktopEntryError(
            "Could not install Galley's desktop entry: the path of the galley command "
            "contains a line break.",
            "Install Galley in a folder whose path has no line breaks, then run this again.",
        )
    files = {entry_path(home): desktop_entry(command).encode("utf-8")}
    for name, target in icon_paths(home).items():
        files[target] = bundled.read_bytes(name)
    written = []
    for target, data in files.items():
        _write(target, data)
        written.append(target)
    _refresh(home, which)
    return Result(written, command)


def uninstall(home: Path | None = None, which: Which = shutil.which) -> Result:
    """Remove the desktop entry and icons that :func:`install` writes under ``home``; files
    that are not there are skipped. Raises :class:`DesktopEntryError` if one cannot be removed."""
    home = data_home() if home is None else home
    removed = []
    for target in [entry_path(home), *icon_paths(home).values()]:
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise DesktopEntryError(
                f"Could not remove {target}.", _advice(exc, target.parent, "remove")
            ) from exc
        removed.append(target)
    if removed:
        _refresh(home, which)
    return Result(removed)


def _write(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
    except (OSError, SaveError) as exc:
        cause = exc.__cause__ if isinstance(exc, SaveError) else exc
        reason = _advice(cause, target.parent, "write") if isinstance(cause, OSError) else ""
        raise DesktopEntryError(
            f"Could not install Galley's desktop entry: could not write {target}.",
            reason or "Check that the folder can be written to, then run this again.",
        ) from exc


def _advice(exc: OSError, folder: Path, verb: str) -> str:
    reason = f"{exc.strerror or exc}."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"{reason} You may not {verb} files in {folder}. Check its permissions, or set "
            "XDG_DATA_HOME to a folder of yours, then run this again."
        )
    if exc.errno == errno.EROFS:
        return f"{reason} The disk is read-only. Set XDG_DATA_HOME to a writable folder."
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{reason} Free some disk space, then run this again."
    if exc.errno == errno.ENOENT:
        return (
            f"{reason} The folder {folder} could not be made. Check that XDG_DATA_HOME names "
            "a folder of yours, then run this again."
        )
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"{reason} A file stands where a folder should be; move it away and try again."
    return f"{reason} Run this again; if it keeps failing, check the disk."


def _refresh(home: Path, which: Which) -> None:
    """Update the menu's MIME cache and the icon cache, where those tools exist.

    The icon cache is refreshed only if one exists already: creating one would hide icons that
    other programs later add without refreshing it, while a stale existing one hides ours.
    """
    hicolor = home / "icons" / "hicolor"
    commands = [["update-desktop-database", "-q", str(home / "applications")]]
    if (hicolor / "icon-theme.cache").exists():
        commands.append(["gtk-update-icon-cache", "-q", "-f", "-t", str(hicolor)])
    for name, *args in commands:
        tool = which(name)
        if tool is None:
            continue
        with contextlib.suppress(OSError, subprocess.SubprocessError):  # a cache is optional
            subprocess.run(
                [tool, *args], stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                check=False,
            )  # fmt: skip


def _exec_quote(arg: str) -> str:
    """One argument of an ``Exec`` value: quoted if it needs to be, ``%`` doubled."""
    if arg and not _RESERVED.intersection(arg):
        quoted = arg
    else:
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        quoted = f'"{escaped}"'
    return quoted.replace("%", "%%")


def _escape(value: str) -> str:
    """A desktop entry string value: backslashes doubled (the file's own escaping)."""
    return value.replace("\\", "\\\\")
