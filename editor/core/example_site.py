"""The bundled example newsletter, copied to a folder of the user's before it is opened (pure).

The site ships inside the package (``resources/example-site``); an installed package is never
edited, so the first "Open the Example Newsletter" copies it to the user's data folder and later
ones open that copy as it is (with whatever the user changed in it).
"""

from __future__ import annotations

import shutil
from importlib.abc import Traversable
from pathlib import Path

import platformdirs

from editor.core import bundled
from editor.core.errors import GalleyError

RESOURCE = "example-site"
FOLDER_NAME = "Example Newsletter"


def default_folder() -> Path:
    """Where the copy lives: ``<user data dir>/galley/Example Newsletter``."""
    return Path(platformdirs.user_data_dir("galley", appauthor=False)) / FOLDER_NAME


def ensure_copy(folder: Path | None = None) -> Path:
    """Return the user's copy of the example site, copying the bundled one first if needed.

    Raises:
        GalleyError: the copy could not be written (what failed, then why).
    """
    target = folder if folder is not None else default_folder()
    if (target / "galley.toml").is_file():
        return target
    partial = target.with_name(target.name + ".partial")
    try:
        if target.exists():  # a folder without galley.toml: the user's, leave it alone
            raise FileExistsError(f"{target} exists but is not Galley's example site")
        shutil.rmtree(partial, ignore_errors=True)
        _copy_tree(bundled.resource(RESOURCE), partial)
        partial.rename(target)  # all or nothing: a half copy is never taken for the site
    except OSError as error:
        shutil.rmtree(partial, ignore_errors=True)
        raise GalleyError(
            f"Could not copy the example newsletter to {target}.",
            f"{error.strerror or error}. Check that the folder can be written to, or move "
            "what is in the way.",
        ) from error
    return target


def _copy_tree(source: Traversable, target: Path) -> None:
    """Copy a resource folder (a real folder or one inside a zip) to ``target``."""
    target.mkdir(parents=True)
    for child in source.iterdir():
        if child.name == "__pycache__":
            continue
        if child.is_dir():
            _copy_tree(child, target / child.name)
        else:
            (target / child.name).write_bytes(child.read_bytes())
