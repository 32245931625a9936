"""The command line: --version, --help and render."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor import __version__
from editor.cli import main
from tests.helpers.post_cases import CORPUS_LIKE


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
    assert missing.returncode == 2 and "does not exist" in missing.stderr  # input: bad usage


# -- an output never replaces an input


@pytest.mark.parametrize("command", ["render", "export"])
def test_an_output_that_is_the_post_or_markdown_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # 'galley export POST -o POST' once replaced the post with its HTML and exited 0.
    post = tmp_path / "content" / "blog" / "hello" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_bytes(CORPUS_LIKE)
    other = post.parent.parent / "other.md"
    other.write_bytes(b"---\ntitle: Other\n---\n")
    (tmp_path / "link.html").symlink_to(post)
    os.link(post, tmp_path / "hard.html")
    refused = {
        str(post): f"it is the post {post} itself.",
        str(tmp_path / "link.html"): f"it is the post {post} itself.",
        str(tmp_path / "hard.html"): f"it is the post {post} itself.",
        str(other): "it is a Markdown file, not a page.",
        str(tmp_path / "new.markdown"): "it is a Markdown file, not a page.",
        str(tmp_path / "new.MDX"): "it is a Markdown file, not a page.",
    }
    for output, reason in refused.items():
        assert main([command, str(post), "-o", output]) == 2
        assert capsys.readouterr().err == (
            f"galley: Could not write {output}: {reason}\n"
            "  Nothing was written and the post is unchanged; give an HTML file, "
            "like -o hello.html.\n"
        )
    assert post.read_bytes() == CORPUS_LIKE and other.read_bytes() == b"---\ntitle: Other\n---\n"
    assert not (tmp_path / "new.markdown").exists()
    assert main([command, str(post), "-o", str(tmp_path / "hello.html")]) == 0
    assert (tmp_path / "hello.html").read_text().startswith("<")


def test_an_output_that_is_another_post_of_the_site_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "galley.toml").write_text('posts = ["notes/*.txt"]\n')
    (tmp_path / "notes").mkdir()
    post, other = tmp_path / "notes" / "a.txt", tmp_path / "notes" / "b.txt"
    post.write_bytes(CORPUS_LIKE)
    other.write_bytes(CORPUS_LIKE)
    assert main(["export", str(post), "-o", str(other)]) == 2
    assert f"Could not write {other}: it is a post of the site in {tmp_path}." in (
        capsys.readouterr().err
    )
    assert other.read_bytes() == CORPUS_LIKE


@pytest.mark.parametrize("command", ["render", "export"])
def test_render_and_export_write_emoji_when_the_site_does(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "content" / "blog" / "hello"
    folder.mkdir(parents=True)
    post = folder / "index.md"
    post.write_text("---\ntitle: Hello\n---\nShipped :tada:\n")
    out = tmp_path / "out.html"
    assert main([command, str(post), "-o", str(out)]) == 0
    assert ":tada:" in out.read_text() and "🎉" not in out.read_text()
    (tmp_path / "gatsby-config.js").write_text("plugins: [`gatsby-remark-emoji`]")
    assert main([command, str(post), "-o", str(out)]) == 0
    assert "Shipped 🎉" in out.read_text()


@pytest.mark.parametrize("command", ["render", "export"])
def test_render_and_export_show_a_hugo_shortcode_as_the_site_would_not_as_prose(
    tmp_path: Path, command: str
) -> None:
    (tmp_path / "hugo.toml").write_text('title = "Tides"\n')
    folder = tmp_path / "content" / "posts" / "tides"
    folder.mkdir(parents=True)
    post = folder / "index.md"
    post.write_text('+++\ntitle = "It\'s low tide"\n+++\n\n{{< figure src="x.png" >}}\n')
    out = tmp_path / "out.html"
    assert main([command, str(post), "-o", str(out)]) == 0
    page = out.read_text()
    assert "Hugo shortcode" in page  # the placeholder's label
    assert "<p>{{&lt;" not in page and "<p>{{<" not in page
    assert "It’s low tide" in page  # Hugo's typographer, in the title too


def test_export_embeds_site_root_images_from_the_generators_static_folder(tmp_path: Path) -> None:
    from tests.helpers.site_images import hugo_site

    site = hugo_site(tmp_path)
    out = tmp_path / "out.html"
    assert main(["export", str(site.posts[0].path), "-o", str(out)]) == 0
    html = out.read_text()
    assert html.count('src="data:image/png;base64,') == 2  # the bundle's cover and /images/map.png
    assert "missing image" not in html
    assert main(["render", str(site.posts[0].path), "-o", str(out)]) == 0
    assert "missing image" not in out.read_text()
