"""`galley --install-desktop-entry`: Galley in the applications menu, with its icon."""

from __future__ import annotations

import configparser
import errno
import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from editor import __version__
from editor.cli import main
from editor.core import desktop

SIZES = (16, 32, 48, 64, 128, 256)


def entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def installed_files(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file() and p.name.startswith("galley"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data


def test_install_writes_a_valid_entry_and_every_icon(home: Path) -> None:
    result = desktop.install()

    desktop_file = home / "applications" / "galley.desktop"
    assert result.files[0] == desktop_file
    values = entry(desktop_file)
    assert values["Name"] == "Galley"
    assert values["Icon"] == "galley"
    assert values["Exec"].endswith(" %F")
    assert "text/markdown" in values["MimeType"].split(";")
    for size in SIZES:
        png = home / f"icons/hicolor/{size}x{size}/apps/galley.png"
        assert png in result.files
        with Image.open(png) as image:
            assert image.format == "PNG"
            assert image.size == (size, size)
    svg = home / "icons/hicolor/scalable/apps/galley.svg"
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert sorted(result.files) == installed_files(home)


def test_the_entry_passes_desktop_file_validate(home: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    # A launcher path with a space, a quote and a percent sign must still be quoted correctly.
    (odd,) = desktop.install(command=["/opt/my apps/it's 100%/galley"]).files[:1]
    result = subprocess.run([validator, str(odd)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


def test_exec_starts_the_running_galley(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    launcher = Path(sys.executable).with_name("galley")
    if launcher.is_file():  # as after 'pip install': the menu runs the same galley command
        monkeypatch.setattr(sys, "argv", [str(launcher), "--install-desktop-entry"])
        expected = [str(launcher)]
    else:
        expected = [sys.executable, "-m", "editor"]
    desktop.install(which=lambda name: None)

    values = entry(home / "applications" / "galley.desktop")
    command = shlex.split(values["Exec"].replace(" %F", ""))
    assert command == expected
    assert values["TryExec"] == expected[0]
    ran = subprocess.run(
        [*command, "--version"], cwd=home.parent, capture_output=True, text=True, check=False
    )
    assert ran.stdout.strip() == f"galley {__version__}"


def test_without_a_launcher_the_entry_runs_python_m_editor(home: Path) -> None:
    command = desktop.launcher_command(argv0="/usr/bin/pytest", which=lambda name: None)
    assert command == [os.path.abspath(sys.executable), "-m", "editor"]
    found = desktop.launcher_command(argv0="-c", which=lambda name: "/somewhere/bin/galley")
    assert found == ["/somewhere/bin/galley"]


def test_installing_twice_gives_the_same_files(home: Path) -> None:
    first = desktop.install()
    contents = {path: path.read_bytes() for path in first.files}
    second = desktop.install()
    assert second.files == first.files
    assert {path: path.read_bytes() for path in second.files} == contents
    assert installed_files(home) == sorted(first.files)
    assert not list(home.rglob("*.galley-tmp"))


def test_uninstall_removes_what_install_wrote(home: Path) -> None:
    other = home / "icons/hicolor/48x48/apps/other-app.png"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"not ours")
    written = desktop.install().files

    assert sorted(desktop.uninstall().files) == sorted(written)
    assert installed_files(home) == []
    assert other.read_bytes() == b"not ours"
    assert desktop.uninstall().files == []


def test_the_menu_learns_galley_opens_markdown(home: Path) -> None:
    if shutil.which("update-desktop-database") is None:
        pytest.skip("update-desktop-database is not installed (Debian: desktop-file-utils)")
    desktop.install()
    cache = (home / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert "text/markdown=galley.desktop;" in cache


def test_missing_cache_tools_are_not_an_error(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert len(desktop.install(command=["/usr/bin/galley"]).files) == 1 + len(SIZES) + 1
    assert not (home / "applications" / "mimeinfo.cache").exists()


def _refuse_writes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.mkdir(parents=True)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root ignores permissions: do as the
        import editor.core.fileio  # kernel would for anyone else

        def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(editor.core.fileio.tempfile, "mkstemp", refuse)


def test_a_read_only_folder_gives_an_error_a_person_can_act_on(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _refuse_writes(home / "applications", monkeypatch)
    try:
        status = main(["--install-desktop-entry"])
    finally:
        (home / "applications").chmod(0o755)
    out, err = capsys.readouterr()
    assert status == 1
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith(
        f"galley: Could not install Galley's desktop entry: could not write "
        f"{home / 'applications' / 'galley.desktop'}."
    )
    assert "Permission denied." in err
    assert "XDG_DATA_HOME" in err
    assert not list(home.rglob("*.galley-tmp"))


def test_a_file_in_the_way_gives_an_error_a_person_can_act_on(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home.mkdir()
    (home / "icons").write_text("a file where a folder should be")
    assert main(["--install-desktop-entry"]) == 1
    err = capsys.readouterr().err
    assert "could not write" in err and "move it away" in err
    assert "Traceback" not in err


def test_the_cli_prints_each_file_and_removes_them_again(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--install-desktop-entry"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == str(home / "applications" / "galley.desktop")
    assert [Path(line) for line in printed] == desktop.install().files

    assert main(["--uninstall-desktop-entry"]) == 0
    assert sorted(capsys.readouterr().out.splitlines()) == sorted(printed)
    assert installed_files(home) == []

    assert main(["--uninstall-desktop-entry"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "nothing to remove" in err


def test_the_flags_take_no_command(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--install-desktop-entry", "render", "post.md"])
    assert exit_info.value.code == 2
    assert "take no command" in capsys.readouterr().err
    assert not home.exists()
