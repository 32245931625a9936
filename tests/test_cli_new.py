"""`galley new --series NAME --dry-run` on a newsletter of each generator: the next number, the
file in the series' own naming, the series' weekday, and the front-matter values made of the
issue's date or number moved on, in the latest issue's own front-matter format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from editor.cli import main
from tests.helpers import FIXTURES

SITES = FIXTURES / "sites"
FROM = "2026-09-01"  # a Tuesday, after every fixture's latest issue

JEKYLL = """\
_posts/en/newsletters/2026-09-04-newsletter.md
Issue 43 of Tideline Newsletter, dated Friday 4 September 2026 (the series' weekday).

---
title: 'Tideline Newsletter #43'
permalink: /en/newsletters/2026/09/04/
name: 2026-09-04-newsletter
slug: 2026-09-04-newsletter
type: newsletter
layout: newsletter
lang: en
---

## News


## Releases and release candidates


## Notable code changes


"""

HUGO = """\
content/archive/010/index.md
Issue 10 of Ops Digest, dated Sunday 6 September 2026 (the series' weekday).

+++
title = "Ops Digest 010"
date = 2026-09-06
slug = "010"
aliases = ["/archive/010.html"]
author = "Kit Marlow"
description = ""
draft = false
tags = ["ops", "newsletter"]
+++

Hello, and welcome to the digest.

## People


## Process


## Tools


"""

ZOLA = """\
content/weekly/canal-weekly-15/index.md
Issue 15 of Canal Weekly, dated Thursday 3 September 2026 (the series' weekday).

+++
title = "Canal Weekly #15"
date = 2026-09-03
path = "weekly/2026/09/03/canal-weekly-15"
aliases = ["weekly/15"]

[taxonomies]
tags = ["canals"]

[extra]
issue = 15
editor = "Jo Barge"
+++

The towpath news of the week.

## Locks and weirs


## Boats for sale


"""

DOCUSAURUS = """\
website/blog/2026-09-02-frontend-kettle-33/index.mdx
Issue 33 of Frontend Kettle, dated Wednesday 2 September 2026 (the series' weekday).

---
slug: /frontend-kettle-33
title: "Frontend Kettle #33"
authors: [robin]
tags: [newsletter]
date: 09-02-2026
---

## ⚛️ React {#react}


## 📱 React Native {#react-native}


## 🔀 Other {#other}


"""

PELICAN = """\
content/2026-09-02-this-week-in-kilns.md
Issue 44 of This Week in Kilns, dated Wednesday 2 September 2026 (the series' weekday).

Title: This Week in Kilns 44
Number: 44
Date: 2026-09-02
Category: This Week in Kilns

Hello and welcome to another issue of *This Week in Kilns*!

# Updates from the Community


## News & Blog Posts


## Kiln of the Week


# Upcoming Events


"""


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def dry_run(site: Path, series: str, capsys: pytest.CaptureFixture[str]) -> str:
    before = snapshot(site)
    assert main(["new", str(site), "--series", series, "--from", FROM, "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert snapshot(site) == before  # nothing written
    return out.replace(f"{site.resolve()}/", "", 1)


@pytest.mark.parametrize(
    ("site", "series", "expected"),
    [
        # Jekyll: dated names under _posts (a date prefix is what makes a post), no date key;
        # permalink, name and slug hold the date
        ("jekyll-newsletter", "Tideline Newsletter", JEKYLL),
        # Hugo, TOML: numbered bundles zero-padded like the number in the title and slug; a
        # TOML date stays a date; the cover image named by the number is not there: left out
        ("hugo-newsletter", "Ops Digest", HUGO),
        # Zola: the path key and a number in [extra]; a native date
        ("zola-newsletter", "canal weekly", ZOLA),
        # Docusaurus: YYYY-MM-DD-slug/index.mdx folders, month-first dates; the bundle's own
        # cover image is not in the new folder: left out
        ("docusaurus-newsletter", "Frontend Kettle", DOCUSAURUS),
        # Pelican: header lines, the Number line, a file named by its date
        ("pelican-newsletter", "This Week in Kilns", PELICAN),
    ],
)
def test_dry_run_proposes_the_next_issue_in_the_series_own_naming(
    site: str, series: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert dry_run(SITES / site, series, capsys) == expected


def test_a_translation_is_its_own_series_and_the_original_is_the_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = SITES / "jekyll-newsletter"
    out = dry_run(site, "Tideline Newsletter (fr)", capsys)
    assert out.startswith("_posts/fr/newsletters/2026-09-04-newsletter-fr.md\nIssue 43 of")
    assert "\npermalink: /fr/newsletters/2026/09/04/\nname: 2026-09-04-newsletter-fr\n" in out
    assert main(["new", str(site), "--from", FROM, "--dry-run"]) == 0  # no --series
    assert capsys.readouterr().out.startswith(f"{site.resolve()}/_posts/en/newsletters/")


def test_a_jekyll_issue_named_by_its_subtitle_gets_a_dated_name_jekyll_reads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # It once proposed _posts/2026/allotment-letter-14.markdown, which Jekyll skips.
    out = dry_run(SITES / "jekyll", "Allotment Letter", capsys)
    assert out.splitlines()[:2] == [
        "_posts/2026/2026-09-04-allotment-letter-14.markdown",
        "Issue 14 of Allotment Letter, dated Friday 4 September 2026, 09:00 (the series' weekday).",
    ]
    assert "\ndate: 2026-09-04 09:00:00 +0100\n" in out


def test_new_creates_the_file_and_its_new_year_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = Path(shutil.copytree(SITES / "jekyll", tmp_path / "jekyll"))
    assert main(["new", str(site), "--series", "allotment letter", "--from", "2027-01-01"]) == 0
    created = Path(capsys.readouterr().out.strip())
    assert created == site / "_posts/2027/2027-01-01-allotment-letter-14.markdown"
    assert created.read_text(encoding="utf-8").startswith('---\ntitle: "Allotment Letter #14"\n')


def test_a_day_that_is_not_one_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["new", str(SITES / "hugo"), "--from", "2026-13-01", "--dry-run"])
    assert exited.value.code == 2
    assert "'2026-13-01' is not a day; write it as YYYY-MM-DD" in capsys.readouterr().err
