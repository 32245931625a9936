"""The command line: --version, --help and render."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from editor import __version__
from editor.cli import main
from tests.post_cases import CORPUS_LIKE


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "editor", *args], capture_output=True, text=True, check=False
    )


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"galley {__version__}"
    helped = run("--help")
    assert helped.returncode == 0 and "render" in helped.stdout


def test_render_prints_the_page(tmp_path: Path) -> None:
    post = tmp_path / "index.md"
    post.write_bytes(CORPUS_LIKE)
    result = run("render", str(post))
    assert result.returncode == 0
    assert "<title>Backstage Weekly 26 - Spotify&#x27;s product story</title>" in result.stdout
    assert ">Spotify published a case study.</p>" in result.stdout


def test_render_to_a_file(tmp_path: Path) -> None:
    post = tmp_path / "index.md"
    post.write_bytes(CORPUS_LIKE)
    out = tmp_path / "out.html"
    assert main(["render", str(post), "-o", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_errors_are_sentences_not_tracebacks(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [x\n---\n")
    result = run("render", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "not valid YAML (line 3" in result.stderr
    missing = run("render", str(tmp_path / "missing.md"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
