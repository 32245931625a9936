"""`galley check` and `galley new`: output, JSON and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.cli import main
from editor.core.site import site as site_module
from tests.helpers import FIXTURES
from tests.helpers.hostile_files import link_to_dev_zero, make_fifo, run_galley
from tests.helpers.post_cases import PNG_1X1

ISSUE = """---
title: 'Harbour Notes {n}{sub}'
date: '2021-05-{day:02d}T09:00:00.0Z'
description: 'Issue {n}.'
author:
  name: Ada Example
  avatar: '../../assets/ada.png'
tags: ['newsletter']
---

Hello.

## Merged last week

- A fix.
"""


def make_site(root: Path, *, broken: bool) -> Path:
    (root / "content" / "assets").mkdir(parents=True)
    (root / "content" / "assets" / "ada.png").write_bytes(PNG_1X1)
    (root / "galley.toml").write_text("")
    for n, day in ((1, 3), (2, 10), (3, 17)):
        folder = root / "content" / "blog" / f"harbour-notes-{n}"
        folder.mkdir(parents=True)
        body = ISSUE.format(n=n, day=day, sub="")
        if broken and n == 3:
            body += "\n![Gone](./cost-insights.gif)\n"
        (folder / "index.md").write_text(body)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_check_a_clean_site_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", broken=False)
    assert main(["check", str(site)]) == 0
    out, err = capsys.readouterr()
    assert "error" not in out
    assert err == "Checked 3 posts: no problems.\n"


def test_check_finds_a_broken_image_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path / "site", broken=True)
    assert main(["check", str(site)]) == 1
    out, _ = capsys.readouterr()
    line = next(row for row in out.splitlines() if "cost-insights.gif" in row)
    path, number, severity, _message = line.split(":", 3)
    assert path.endswith("harbour-notes-3/index.md")
    assert int(number) == 17 and severity == " error"


def test_check_json_parses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", broken=True)
    post = site / "content/blog/harbour-notes-3/index.md"
    assert main(["check", str(post), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["posts"] == 1 and report["errors"] >= 1
    problem = next(p for p in report["problems"] if "cost-insights.gif" in p["message"])
    assert problem["path"] == str(post) and problem["severity"] == "error"
    assert {"line", "code", "fix"} <= problem.keys()


def test_check_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_check_bad_usage_exits_2() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check"])
    assert exited.value.code == 2


def test_new_creates_the_next_issue_and_touches_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path / "site", broken=False)
    before = snapshot(site)
    assert main(["new", str(site), "--title", "Tides"]) == 0
    created = Path(capsys.readouterr().out.strip())
    assert created == site / "content/blog/harbour-notes-4-tides/index.md"
    after = snapshot(site)
    assert set(after) - set(before) == {"content/blog/harbour-notes-4-tides/index.md"}
    assert all(after[name] == data for name, data in before.items())
    text = created.read_text()
    assert "title: 'Harbour Notes 4 - Tides'" in text or "Harbour Notes 4" in text
    assert "avatar: '../../assets/ada.png'" in text
    assert "## Merged last week" in text


def test_new_dry_run_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", broken=False)
    before = snapshot(site)
    assert main(["new", str(site), "--dry-run"]) == 0
    assert "harbour-notes-4" in capsys.readouterr().out
    assert snapshot(site) == before


def test_new_unknown_series_says_which_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path / "site", broken=False)
    assert main(["new", str(site), "--series", "Nope Weekly"]) == 1
    assert "Harbour Notes" in capsys.readouterr().err


def test_new_on_a_file_is_bad_usage(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", broken=False)
    assert main(["new", str(site / "galley.toml")]) == 2


# -- what must not be read, and sites read only in part


def test_check_a_site_with_a_fifo_and_a_dev_zero_post_finishes_and_fails(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", broken=False)
    fifo = make_fifo(site / "content/blog/pipe/index.md")
    zero = link_to_dev_zero(site / "content/blog/zero/index.md")
    result = run_galley("check", str(site))  # once hung on the FIFO; /dev/zero: MemoryError
    assert result.returncode == 1, result.stderr
    assert f"{fifo}: error: Could not open {fifo}: it is a named pipe (FIFO), not a file." in (
        result.stdout
    )
    assert f"Could not open {zero}: it is a link to /dev/zero, which is a character device" in (
        result.stdout
    )
    assert "\nChecked 5 posts: 2 errors." in result.stderr
    direct = run_galley("check", str(fifo))  # the one post asked for cannot be read
    assert direct.returncode == 2 and "Checked 1 post: 1 error" in direct.stderr
    assert "it is a named pipe (FIFO), not a file" in direct.stdout


def test_check_and_new_refuse_a_site_read_in_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path / "site", broken=False)
    monkeypatch.setattr(site_module, "MAX_POSTS", 2)
    assert main(["check", str(site)]) == 1  # was "Checked 2 posts: 0 errors", exit 0
    err = capsys.readouterr().err
    assert "Checked 2 posts: no problems." in err
    assert (
        f"galley: Galley read only the first 2 posts of the site in {site}: it reads sites of "
        "up to 2 posts.\n  A site check and a new issue need every post"
    ) in err
    assert main(["check", str(site), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["truncated"].startswith("Galley read only")
    before = snapshot(site)
    assert main(["new", str(site)]) == 1
    assert "Could not plan a new issue: Galley read only part of the site" in (
        capsys.readouterr().err
    )
    assert snapshot(site) == before


@pytest.mark.parametrize(
    ("setting", "shown"),
    [
        ('posts = ["../../../etc/*"]', "The setting 'posts' in {toml} (line 2) points outside"),
        ('templates = "/etc"', "The setting 'templates' in {toml} (line 2) points outside"),
        ('assets = "/../../x"', "The setting 'assets' in {toml} (line 2) points outside"),
    ],
)
def test_check_and_new_refuse_settings_outside_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setting: str, shown: str
) -> None:
    site = make_site(tmp_path / "site", broken=False)
    toml = site / "galley.toml"
    toml.write_text(f"# paths\n{setting}\n")
    for command in ("check", "new"):
        assert main([command, str(site)]) == 2
        assert f"galley: {shown.format(toml=toml)} the site:" in capsys.readouterr().err


# -- counts, lines and paths that hold nothing (issue 19)


def test_check_summary_uses_plural_rules_and_follows_a_blank_line(tmp_path: Path) -> None:
    post = tmp_path / "content" / "blog" / "one" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text(
        "---\ntitle: One\ndate: 2024-05-17\n---\n\nSee ![a map](./missing.png).\n",
        encoding="utf-8",
    )
    (post.parent / "stray.png").write_bytes(PNG_1X1)
    result = run_galley("check", str(post))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{post}:1: warning: The post has no description" in result.stdout
    # about the post's folder: no line number ("index.md:0:" before)
    assert any(line.startswith(f"{post}: info: The image stray.png") for line in lines)
    assert f"{post}:6: error: The image ./missing.png is missing" in result.stdout
    assert result.stderr == "\nChecked 1 post: 1 error, 1 warning and 1 note.\n"


@pytest.mark.parametrize("layout", ["empty", "text-only", "typo"])
def test_check_a_path_with_no_posts_exits_2_and_says_what_it_looked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], layout: str
) -> None:
    folder = tmp_path / "site"
    if layout != "typo":
        folder.mkdir()
    if layout == "text-only":
        (folder / "notes.txt").write_text("not a post\n", encoding="utf-8")
    assert main(["check", str(folder)]) == 2  # was "Checked 0 posts", exit 0
    out, err = capsys.readouterr()
    assert out == "" and "Checked" not in err
    if layout == "typo":
        assert f"Could not check {folder}: it does not exist." in err
    else:
        assert f"galley: Could not check {folder}: it holds no posts." in err
        assert f"Galley looked in {folder} for Markdown files matching" in err
    assert main(["check", str(tmp_path / "notes.txt")]) == 2
    assert main(["export", str(folder)]) == 2 and main(["render", str(folder)]) == 2


def test_check_json_names_the_sites_generator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(FIXTURES / "sites" / "zola"), "--json"]) == 0  # warnings only
    report = json.loads(capsys.readouterr().out)
    assert (report["generator"], report["posts"]) == ("zola", 3)
    assert list(report)[:3] == ["site", "generator", "posts"]
    plain = tmp_path / "notes"
    plain.mkdir()
    (plain / "a.md").write_text("---\ntitle: A\ndate: 2026-08-14\ndescription: A.\n---\n")
    assert main(["check", str(plain), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["generator"] is None


def test_a_generators_site_without_posts_says_whose_rules_found_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "_config.yml").write_text("title: x\n")
    (tmp_path / "about.md").write_text("---\ntitle: About\n---\n")
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "**/_posts/**/* or _drafts/**/* by Jekyll's rules, and found none" in err


def test_check_one_clean_post_says_no_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "content" / "blog" / "one" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text(
        "---\ntitle: One\ndate: 2024-05-17\ndescription: The first.\n---\n\nHello.\n",
        encoding="utf-8",
    )
    assert main(["check", str(post)]) == 0
    assert capsys.readouterr() == ("", "Checked 1 post: no problems.\n")


def test_check_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    site = make_site(tmp_path / "site", broken=False)
    child = subprocess.Popen(
        [sys.executable, "-m", "editor", "check", "--json", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # as '| head' does once it has read enough
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 1
    assert "internal error" not in err and "Traceback" not in err
