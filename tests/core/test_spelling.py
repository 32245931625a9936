"""Spelling: which words are checked, the site's word list, seeding, `galley check --spelling`."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from editor.cli import main
from editor.core.site import Site, parse_settings
from editor.core.spelling import (
    DICTIONARY_NAME,
    Speller,
    add_to_dictionary,
    dictionary_path,
    propose_words,
    read_dictionary,
    resolve_language,
    speller_for,
    spelling_language,
    words_in_line,
    words_in_text,
)


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller()


def checked(line: str) -> list[str]:
    return [word for _start, _end, word in words_in_line(line)]


def flagged(speller: Speller, text: str) -> list[str]:
    return [word.word for word in speller.check_text(text)]


# -- what is checked


def test_a_misspelled_word_is_flagged_with_its_columns(speller: Speller) -> None:
    assert speller.misspelled("We recieve mail.") == [(3, 10, "recieve")]


@pytest.mark.parametrize(
    "line",
    [
        "Run `recieve --fast` first",
        "Run ``a `recieve` b`` first",
        "See https://recieve.example.com/recieve/path and www.recieve.org",
        "Mail <https://recieve.example.com> or <someone@recieve.example>",
        "Mail someone@recieve.example today",
        "<span class=\"recieve\" data-x='recieve'>text</span>",
        "A [link](./recieve/index.md) and ![picture](recieve.png)",
        'A [link](https://example.com "recieve")',
        "A [reference][recieve] link",
        "A footnote[^recieve] here",
        "[recieve]: https://example.com/recieve",
        "<!-- recieve -->",
        "Edit recieve.yaml or app-config.recieve.ts",
        "Tickets #recieve and #1234, thanks @recieve",
        "K8s recieve2 v1 recieve_name",
    ],
)
def test_code_addresses_html_and_targets_are_never_checked(line: str) -> None:
    assert "recieve" not in checked(line)


def test_names_acronyms_and_hyphenated_words() -> None:
    words = checked("TechDocs, PagerDuty, iPhone and the API of GKE are well-knwon to us")
    assert words == ["and", "the", "of", "are", "well", "knwon", "to", "us"]


def test_possessives_and_contractions(speller: Speller) -> None:
    text = "Don't worry: the users' guide isn't Spotify's, they're sure it'd work."
    assert flagged(speller, text) == ["Spotify's"]
    speller_words = Speller(words=["Spotify"])
    assert flagged(speller_words, text) == []
    assert flagged(speller_words, "Spotify’s curly apostrophe") == []


def test_text_skips_front_matter_fences_indented_code_and_comments(speller: Speller) -> None:
    text = "\n".join(
        [
            "---",
            "title: Recieve",
            "tags: [recieve]",
            "---",
            "Hello.",
            "```yaml",
            "recieve: true",
            "```",
            "~~~~",
            "recieve ```",
            "~~~~",
            "",
            "    recieve indented code",
            "",
            "- a list item",
            "    - nested recieve item",
            "<!-- a comment",
            "recieve",
            "-->",
            "After definately.",
        ]
    )
    found = speller.check_text(text)
    assert [(w.line, w.word) for w in found] == [(15, "recieve"), (19, "definately")]
    assert text.splitlines()[15][found[0].start : found[0].end] == "recieve"


def test_mdx_and_nunjucks_comments_over_several_lines_are_not_checked(speller: Speller) -> None:
    text = "\n".join(
        [
            "{/* a note to",
            "",
            "the editors: recieve */}",
            "{# and a Nunjucks one, recieve",
            "still recieve #}",
            "## Heading {#custom-id}",
            "After definately.",
        ]
    )
    found = [(w.line, w.word) for w in speller.check_text(text)]
    assert found == [(6, "definately")]  # (a heading id opens no comment)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('Use {{< figur src="x" caption="misspeled" >}} here', ["Use", "here"]),
        ("{{% notise %}} and {{< /notise >}}", ["and"]),
        ("{% includ note.html %} then {{ page.titel }}", ["then"]),
        ('{{ youtub(id="x") }} nice', ["nice"]),
        ("import Tabz from '@theme/Tabz';", []),
        ("export const metta = {};", []),
        ('<Tabz groupId="oss">', []),
        ("{/* truncat */} ok", ["ok"]),
        (":::tipp Read this", ["Read", "this"]),
        ("!!! notte Mind", ["Mind"]),
        ("## Heading {#custum-id}", ["Heading"]),
        ("A para {: .clss #idd}", ["para"]),
        ("import the data from files", ["import", "the", "data", "from", "files"]),
    ],
)
def test_generator_syntax_is_never_checked(line: str, words: list[str]) -> None:
    assert checked(line) == words


def test_text_skips_code_pairs_mdx_statements_and_toml_front_matter() -> None:
    text = (
        '+++\ntitle = "Fiest"\n+++\n{% highlight ruby %}\ndef fooo\n{% endhighlight %}\n'
        "{{< highlight go >}}\nfunc barr\n{{< /highlight >}}\n"
        "export const meta = {\n  titel: 1,\n}\n\nreal wurds"
    )
    assert [word.word for word in words_in_text(text)] == ["real", "wurds"]


def test_words_in_text_has_file_lines() -> None:
    words = list(words_in_text("one\n\ntwo three"))
    assert [(w.line, w.start, w.word) for w in words] == [
        (0, 0, "one"),
        (2, 0, "two"),
        (2, 4, "three"),
    ]


def test_dictionary_words_match_in_any_case() -> None:
    speller = Speller(words=["Backstage", "scaffolder"])
    assert flagged(speller, "backstage and Backstage. Scaffolder and scaffolder.") == []
    speller.ignore("Fargate")
    assert flagged(speller, "fargate Fargate Kubernetes") == ["Kubernetes"]


def test_british_spellings_and_software_words(speller: Speller) -> None:
    text = "The organisation's colour, centred in the catalogue: a backend repo and its config."
    assert flagged(speller, text) == []


def test_suggestions_are_likeliest_first_in_the_words_case(speller: Speller) -> None:
    assert speller.suggestions("recieve")[0] == "receive"
    assert speller.suggestions("Recieve")[0] == "Receive"
    assert len(speller.suggestions("tha")) <= 5
    assert speller.suggestions("Bacsktage")[:1] == ["Backstage"]


def test_checking_a_line_is_cheap(speller: Speller) -> None:
    line = "Roadie runs Backstage for you, so we recieve questions about TechDocs and plugins."
    speller.misspelled(line)
    runs = 2000
    start = time.perf_counter()
    for _ in range(runs):
        speller.misspelled(line)
    per_line = (time.perf_counter() - start) / runs * 1e6
    print(f"\nchecking one {len(line)}-character line: {per_line:.1f} µs")


# -- languages


def test_language_from_settings_and_front_matter() -> None:
    assert resolve_language(None) == ("en", None)
    assert resolve_language("en-GB") == ("en", None)
    assert resolve_language("de_DE") == ("de", None)
    language, note = resolve_language("tlh")
    assert language == "en"
    assert note is not None and "'tlh'" in note and "English" in note
    settings = parse_settings('spelling_language = "es"\n')
    assert settings.spelling_language == "es"


def test_a_posts_language_changes_the_dictionary(tmp_path: Path) -> None:
    spanish = "---\ntitle: Hola\nlang: es\n---\n\nEl perro y la comida.\n"
    site = make_site(tmp_path, {"hola": spanish})
    assert spelling_words(site) == []
    (tmp_path / "content" / "blog" / "hola.md").write_text(
        "---\ntitle: Hi\n---\n\nEl perro y la comida.\n"
    )
    assert spelling_words(Site.open(tmp_path)) == ["perro", "comida"]


def test_a_post_in_a_language_without_a_dictionary_is_not_checked_and_one_note_says_so(
    tmp_path: Path,
) -> None:
    from editor.core.spelling import spelling_problems

    czech = "---\ntitle: Zpravodaj\nlang: cs\n---\n\nZpravodaj tento týden shrnuje diskuzi.\n"
    made_up = "---\ntitle: A\nlanguage: klingon\n---\n\nA recieve.\n"
    brazilian = "---\ntitle: Oi\nlocale: pt_BR\n---\n\nO cachorro e a comida.\n"
    site = make_site(tmp_path, {"cs": czech, "tlh": made_up, "pt": brazilian})
    problems = {p.path.stem: p for p in spelling_problems(site)}
    assert set(problems) == {"cs", "tlh"}  # one note each; the Portuguese post is checked
    note = problems["cs"]
    assert (note.code, note.severity, note.line) == ("spelling-language", "info", 3)
    assert note.message == (
        "Spelling is not checked in this post: it is in Czech (lang: cs), and Galley has no "
        "Czech dictionary."
    )
    assert "its language is 'klingon' (language: klingon)" in problems["tlh"].message


def test_an_unknown_site_language_falls_back_to_english_with_a_note(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_site(tmp_path, {"a": "---\ntitle: A\n---\n\nA recieve.\n"})
    (tmp_path / "galley.toml").write_text('spelling_language = "klingon"\n')
    with caplog.at_level(logging.INFO, logger="editor.core.spelling"):
        assert spelling_words(Site.open(tmp_path)) == ["recieve"]
    assert "no dictionary for the language 'klingon'" in caplog.text


def test_the_language_a_post_names_decides_its_dictionary() -> None:
    assert spelling_language({}, None) == ("en", "")
    assert spelling_language({"lang": "de-AT"}, "en") == ("de", "")
    assert spelling_language({"locale": "en_GB"}, "de") == ("en", "")
    language, note = spelling_language({"language": "ja"}, None)
    assert language is None and "in Japanese (language: ja)" in note


# -- the word list


def test_adding_words_keeps_the_list_sorted_and_each_word_once(tmp_path: Path) -> None:
    path = tmp_path / DICTIONARY_NAME
    assert read_dictionary(path) == []
    assert add_to_dictionary(path, ["scaffolder", "Backstage"]) == ["Backstage", "scaffolder"]
    assert add_to_dictionary(path, ["backstage", "Argo", "Argo", " "]) == [
        "Argo",
        "Backstage",
        "scaffolder",
    ]
    assert path.read_text(encoding="utf-8") == "Argo\nBackstage\nscaffolder\n"
    assert [p.name for p in tmp_path.iterdir()] == [DICTIONARY_NAME]  # no temporary file left


def test_a_hand_edited_list_is_read_without_comments(tmp_path: Path) -> None:
    path = tmp_path / DICTIONARY_NAME
    path.write_text("# product names\nKévin\n\nTechDocs\n", encoding="utf-8")
    assert read_dictionary(path) == ["Kévin", "TechDocs"]


def test_a_list_that_cannot_be_written_is_left_as_it_was(tmp_path: Path) -> None:
    from editor.core.errors import SaveError

    folder = tmp_path / "read-only"
    folder.mkdir()
    path = folder / DICTIONARY_NAME
    path.write_text("Argo\n")
    folder.chmod(0o500)
    try:
        if (folder / "probe").exists() or _writable(folder):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(SaveError):
            add_to_dictionary(path, ["Backstage"])
        assert path.read_text() == "Argo\n"
    finally:
        folder.chmod(0o700)


def _writable(folder: Path) -> bool:
    try:
        (folder / "probe").write_text("")
    except OSError:
        return False
    (folder / "probe").unlink()
    return True


def test_seeding_proposes_words_used_often(tmp_path: Path) -> None:
    posts = {
        f"post-{n}": f"---\ntitle: Post {n}\n---\n\nKubernetes and Spotify's tooling.{extra}\n"
        for n, extra in ((0, " Zyx"), (1, ""), (2, ""))
    }
    posts["long"] = "---\ntitle: Long\n---\n\n" + "Fargate. " * 5 + "Lunr once.\n"
    site = make_site(tmp_path, posts)
    proposals = propose_words(site)
    assert [(p.word, p.posts, p.count) for p in proposals] == [
        ("Kubernetes", 3, 3),
        ("Spotify", 3, 3),
        ("Fargate", 1, 5),
    ]
    add_to_dictionary(dictionary_path(site.root), ["Spotify"])
    assert [p.word for p in propose_words(site)] == ["Kubernetes", "Fargate"]


# -- galley check --spelling


def make_site(root: Path, posts: dict[str, str]) -> Site:
    (root / "content" / "blog").mkdir(parents=True, exist_ok=True)
    (root / "galley.toml").write_text("")
    for slug, text in posts.items():
        (root / "content" / "blog" / f"{slug}.md").write_text(text, encoding="utf-8")
    return Site.open(root)


def spelling_words(site: Site) -> list[str]:
    from editor.core.spelling import spelling_problems

    return [p.message.split("'")[1] for p in spelling_problems(site)]


POST = """---
title: Hello
date: 2024-05-17
description: A post.
---

We recieve questions about `instal` and https://exmaple.com every week.
"""


def test_check_spelling_reports_notes_and_still_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_site(tmp_path, {"hello": POST})
    assert main(["check", str(tmp_path)]) == 0
    assert "recieve" not in capsys.readouterr().out  # only with --spelling
    assert main(["check", "--spelling", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(
        "hello.md:7: info: 'recieve' may be misspelled (did you mean receive or relieve?). "
        f"If it is right, add it to {DICTIONARY_NAME} at the site's root."
    )
    assert "1 note" in captured.err


def test_check_spelling_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_site(tmp_path, {"hello": POST})
    assert main(["check", "--spelling", "--json", str(tmp_path / "content/blog/hello.md")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["info"] == 1 and report["errors"] == 0
    [problem] = report["problems"]
    assert (problem["line"], problem["severity"], problem["code"]) == (7, "info", "spelling")


def test_check_spelling_respects_the_site_word_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_site(tmp_path, {"hello": POST})
    (tmp_path / DICTIONARY_NAME).write_text("recieve\n")
    assert main(["check", "--spelling", str(tmp_path)]) == 0
    assert "may be misspelled" not in capsys.readouterr().out


def test_seed_dictionary_prints_and_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = {f"p{n}": f"---\ntitle: P{n}\n---\n\nOur Fargate tasks.\n" for n in range(3)}
    make_site(tmp_path, posts)
    assert main(["check", "--seed-dictionary", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Fargate\t3 posts, 3 times\n"
    assert "--write" in captured.err
    assert not (tmp_path / DICTIONARY_NAME).exists()
    assert main(["check", "--seed-dictionary", "--write", str(tmp_path)]) == 0
    assert (tmp_path / DICTIONARY_NAME).read_text() == "Fargate\n"
    assert "added 1 word to" in capsys.readouterr().err
    assert main(["check", "--seed-dictionary", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


def test_write_without_seed_is_bad_usage(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--write", str(tmp_path)])
    assert exit_info.value.code == 2


def test_shared_spellers_are_loaded_once() -> None:
    assert speller_for("en") is speller_for("en")
