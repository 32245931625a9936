"""Spelling: which words of a post to check, a cached checker, the site's word list (pure; no Qt).

Newsletter posts are full of product names, code and addresses, so a spell checker that reads
every word is worse than none. :func:`words_in_line` and :func:`words_in_text` find only the
prose words: never code spans, fenced or indented code, URLs, autolinks and e-mail addresses,
HTML tags and their attributes, HTML comments, front matter, link and image targets, reference
definitions and footnote labels, file names and dotted names (``app-config.yaml``, ``roadie.io``),
hashtags and ``#1234`` references, ``@mentions``, words with digits or underscores (``K8s``),
ALL-CAPS acronyms (``API``) and words with inner capitals (``TechDocs``, ``PagerDuty``,
``iPhone``). Hyphenated words are checked part by part. Generator syntax is never checked:
Hugo and Zola shortcodes, Liquid tags and output, kramdown attribute lists and heading ids,
admonition markers, MDX ``import``/``export`` statements, JSX tags and comments (see
:data:`editor.core.render.syntax.SPELLING_MASKS`), and in a whole post the code of
``{% highlight %}`` and ``{{< highlight >}}`` pairs and TOML ``+++`` front matter.

:class:`Speller` checks those words with pyspellchecker (English unless the site's
``spelling_language`` in ``galley.toml`` or a post's ``lang:``/``language:``/``locale:`` front
matter says otherwise; a post in a language Galley has no dictionary for, ``lang: cs``, is not
checked, and one note says so: :func:`spelling_language`), plus the site's own word list:
:data:`DICTIONARY_NAME` at the site root, one word per
line, sorted, UTF-8, meant to be committed with the site. Matching ignores case, so once
``Backstage`` is listed, ``backstage`` at the start of a sentence is accepted too. Possessives
(``Spotify's``, ``users'``) and contractions (``don't``, ``they're``) are checked by their stem.
Every verdict is cached per word, so checking a line as the author types costs microseconds.

:func:`propose_words` seeds the word list on request: the unknown words a site's posts use
often, for the author to accept. :func:`spelling_problems` reports misspellings as ``info``
problems for ``galley check --spelling``.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from editor.core import fileio
from editor.core.errors import GalleyError
from editor.core.languages import language_name
from editor.core.lexicon import lexicon_cache_path, load_lexicon
from editor.core.render.syntax import ESM_STATEMENT, SPELLING_MASKS

__all__ = [
    "DEFAULT_LANGUAGE",
    "DICTIONARY_NAME",
    "LANGUAGE_KEYS",
    "Proposal",
    "Speller",
    "SpellingError",
    "Word",
    "add_to_dictionary",
    "dictionary_path",
    "indented_code",
    "post_language",
    "post_language_key",
    "propose_words",
    "read_dictionary",
    "resolve_language",
    "speller_for",
    "spelling_language",
    "spelling_problems",
    "user_dictionary_path",
    "words_in_line",
    "words_in_text",
]

log = logging.getLogger(__name__)

DICTIONARY_NAME = "galley-words.txt"  # at the site root, next to galley.toml
DEFAULT_LANGUAGE = "en"
MAX_SUGGESTIONS = 5
COMMON_WORDS = 40_000  # suggestions more than one edit away come from these commonest words
SEED_MIN_POSTS = 3  # a word used in this many posts is proposed for the word list ...
SEED_MIN_COUNT = 5  # ... and so is one used this many times in all


class SpellingError(GalleyError):
    """A word list could not be read or written."""


class Word(NamedTuple):
    """A word to check: its 0-based line in the text, its columns ``[start, end)``, the word."""

    line: int
    start: int
    end: int
    word: str


# ---------------------------------------------------------------------------------------------
# Finding the words to check

# Spans that hide what is inside them, each pass only when its trigger is in the line.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_OPEN_CODE_SPAN = re.compile(r"(?<!`)`+(?!`).*$")  # being typed: no closing backticks yet
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][\w+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s(?:\"[^\"]*\"|'[^']*'|[^'\"<>])*)?/?>")
_OPEN_HTML_TAG = re.compile(r"<[A-Za-z][\w:-]*\s(?:\"[^\"]*\"|'[^']*'|[^'\"<>])*$")
_LINK_TARGET = re.compile(r"\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+[^)]*)?\)")
_REFERENCE_LABEL = re.compile(r"\]\[[^\]]*\]")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_URL = re.compile(r"(?:\b[A-Za-z][\w+.-]*://|\bwww\.|\bmailto:)\S*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MASKS = (
    *SPELLING_MASKS,  # generator syntax (shortcodes, Liquid, attribute lists…) first
    ("`", _CODE_SPAN),
    ("`", _OPEN_CODE_SPAN),
    ("<!--", _HTML_COMMENT),
    ("<", _AUTOLINK),
    ("<", _HTML_TAG),
    ("<", _OPEN_HTML_TAG),
    ("](", _LINK_TARGET),
    ("][", _REFERENCE_LABEL),
    ("[^", _FOOTNOTE),
    (":", _URL),
    ("www.", _URL),
    ("@", _EMAIL),
)
_REFERENCE_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:")  # the whole line is a target
_CHUNK = re.compile(r"\S+")
_LEADING = "!\"'“‘«([{*_~>¡¿"
_TRAILING = "\"'”’»)]}*_~.,;:!?…"
_NOT_PROSE = re.compile(r"[\d/\\@_=<>{}\[\]|$%^&+#~*:.`]")  # a code-like chunk: skip it whole
_HYPHENS = re.compile(r"[-‐‑–—]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_INDENTED = re.compile(r"(?: {4}|\t| {0,3}\t)")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_FRONT_MATTER_END = re.compile(r"(?:---|\.\.\.)[ \t]*$")
_TOML_FRONT_MATTER_END = re.compile(r"\+\+\+[ \t]*$")
_CODE_PAIR = re.compile(r"\s*(?:\{%-?\s*highlight\b.*%\}|\{\{<\s*highlight\b.*>\}\})\s*$")
_CODE_PAIR_END = re.compile(r"\{%-?\s*endhighlight\s*-?%\}|\{\{<\s*/\s*highlight\s*>\}\}")


def _masked(text: str) -> str:
    """``text`` with every span that is not prose turned into spaces (columns kept)."""
    for trigger, pattern in _MASKS:
        if trigger in text:
            text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def words_in_line(text: str) -> list[tuple[int, int, str]]:
    """The words to check in one line of prose, as ``(start, end, word)`` columns.

    The line is taken as prose (not code, front matter or an HTML comment's inside: that is
    for :func:`words_in_text` or the editor's highlighter to know). Words shaped like names or
    code are left out here; the dictionaries are :class:`Speller`'s business.
    """
    if _REFERENCE_DEFINITION.match(text) or ESM_STATEMENT.match(text):
        return []
    found: list[tuple[int, int, str]] = []
    for chunk in _CHUNK.finditer(_masked(text)):
        raw = chunk.group()
        start = chunk.start()
        if raw.isalpha():  # most chunks: a plain word, no punctuation around it
            if len(raw) > 1 and _plain_shape(raw):
                found.append((start, chunk.end(), raw))
            continue
        stripped = raw.lstrip(_LEADING)
        start += len(raw) - len(stripped)
        stripped = stripped.rstrip(_TRAILING)
        if not stripped or _NOT_PROSE.search(stripped):
            continue  # paths, domains, versions, #1234, @someone, k8s, snake_case
        offset = 0
        for part in _HYPHENS.split(stripped):
            part_start = start + offset
            offset += len(part) + 1
            if len(part) > 1 and _WORD.fullmatch(part) and _plain_shape(part):
                found.append((part_start, part_start + len(part), part))
    return found


def _plain_shape(word: str) -> bool:
    """Whether a word is shaped like an ordinary word: no capitals after the first letter
    (``API``, ``TechDocs``, ``iPhone`` are names) and a letter before any apostrophe."""
    return word[1:] == word[1:].lower()


def indented_code(line: str, previous: str | None) -> bool:
    """Whether ``line`` is part of an indented code block, judged from the line before it.

    A line indented by four spaces (or a tab) that is not a list item, after a blank line or
    another such line. (A list item's indented paragraph after a blank line counts as code
    too: one skipped paragraph is better than a line of code full of red.)
    """
    if not _INDENTED.match(line) or not line.strip() or _LIST_ITEM.match(line):
        return False
    if previous is None or not previous.strip():
        return True
    return bool(_INDENTED.match(previous)) and not _LIST_ITEM.match(previous)


_COMMENTS = (("<!--", "-->"), ("{/*", "*/}"), ("{#", "#}"))  # HTML, MDX, Nunjucks
_HEADING_ID = re.compile(r"\{#[^{}]*\}")


def _comment_left_open(line: str) -> str:
    """What closes a comment that ``line`` opens and does not close ("" for none): an HTML
    comment, MDX's ``{/* … */}`` or Nunjucks' ``{# … #}`` may run over several lines."""
    found, end = -1, ""
    for opener, closer in _COMMENTS:
        at = line.rfind(opener)
        if at <= found or closer in line[at + len(opener) :]:
            continue
        if opener == "{#" and _HEADING_ID.match(line, at):  # "## Title {#custom-id}"
            continue
        found, end = at, closer
    return end


def words_in_text(text: str) -> Iterator[Word]:
    """The words to check in a whole post (front matter included, which is skipped)."""
    lines = text.splitlines()
    fence: str | None = None
    comment_end = ""  # what closes the comment the line is in: "-->", "*/}", "#}"
    in_code_pair = in_statement = False
    first = 0
    if lines and lines[0].rstrip() in ("---", "+++"):
        fm_end = _FRONT_MATTER_END if lines[0].rstrip() == "---" else _TOML_FRONT_MATTER_END
        closing = (i for i in range(1, len(lines)) if fm_end.match(lines[i]))
        first = next(closing, len(lines)) + 1
    previous: str | None = None
    for number in range(first, len(lines)):
        line = lines[number]
        if fence is not None:
            stripped = line.strip()
            if len(stripped) >= len(fence) and stripped == fence[0] * len(stripped):
                fence = None
        elif comment_end:
            comment_end = "" if comment_end in line else comment_end
        elif in_code_pair:
            in_code_pair = _CODE_PAIR_END.search(line) is None
        elif in_statement:  # an MDX import/export statement runs to a blank line
            in_statement = bool(line.strip())
        elif (opening := _FENCE.match(line)) is not None and (
            opening.group(1)[0] == "~" or "`" not in line[opening.end() :]
        ):
            fence = opening.group(1)
        elif _CODE_PAIR.match(line):
            in_code_pair = True
        elif ESM_STATEMENT.match(line):
            in_statement = True
        elif not indented_code(line, previous):
            for start, end, word in words_in_line(line):
                yield Word(number, start, end, word)
            masked = _CODE_SPAN.sub("", line) if "`" in line else line
            comment_end = _comment_left_open(masked)
        previous = line


# ---------------------------------------------------------------------------------------------
# Languages


def resolve_language(value: object) -> tuple[str, str | None]:
    """The dictionary language for a setting's ``value`` ("en", "en-GB", "de_DE", None), and a
    note to log when it is not one pyspellchecker has (English is used then)."""
    from spellchecker import SpellChecker

    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_LANGUAGE, None
    text = str(value).strip()
    code = re.split(r"[-_.@]", text, maxsplit=1)[0].lower()
    if code in SpellChecker.languages():
        return code, None
    known = ", ".join(sorted(SpellChecker.languages()))
    return DEFAULT_LANGUAGE, (
        f"Spelling is checked in English: there is no dictionary for the language '{text}'. "
        f"Galley has dictionaries for {known}."
    )


LANGUAGE_KEYS = ("lang", "language", "locale")
"""The front-matter keys a post names its language with (Jekyll's ``lang``, Hugo's ``locale``)."""


def post_language(meta: Mapping[str, Any]) -> object:
    """The language a post's front matter sets with ``lang:``, ``language:`` or ``locale:``,
    or None."""
    return post_language_key(meta)[1]


def post_language_key(meta: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The front-matter key a post's language is set with (:data:`LANGUAGE_KEYS`) and its
    value; (None, None) when it sets none."""
    for key in LANGUAGE_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return key, value.strip()
    return None, None


def spelling_language(meta: Mapping[str, Any], site_language: object) -> tuple[str | None, str]:
    """The dictionary a post with front matter ``meta`` is spell-checked with, and a note.

    A post that names its language is checked in that language's dictionary; when Galley has
    none (``lang: cs``), it is not checked at all (None), and the note says why, for the
    user: checked in English, every word of it would be flagged. A post that names none is
    checked in the site's ``spelling_language`` (English when that is not one Galley has:
    then the note is for the log)."""
    key, value = post_language_key(meta)
    if key is None or value is None:
        language, note = resolve_language(site_language)
        return language, note or ""
    language, note = resolve_language(value)
    if note is None:
        return language, ""
    name = language_name(value)
    if name is None:
        return None, (
            f"Spelling is not checked in this post: its language is '{value}' ({key}: {value}), "
            "which Galley has no dictionary for."
        )
    return None, (
        f"Spelling is not checked in this post: it is in {name} ({key}: {value}), and Galley "
        f"has no {name} dictionary."
    )


# ---------------------------------------------------------------------------------------------
# The checker

_CONTRACTIONS = ("n't", "'re", "'ve", "'ll", "'d", "'m", "'s")
# British spellings as the American ones pyspellchecker's English list holds ("organisation",
# "colour", "centre", "catalogue", "licence", "modelling").
_BRITISH = (
    ("isation", "ization"), ("ise", "ize"), ("isi", "izi"), ("yse", "yze"), ("our", "or"),
    ("tre", "ter"), ("tred", "tered"), ("ogue", "og"), ("ence", "ense"), ("ll", "l"),
)  # fmt: skip
# Everyday words of software writing that pyspellchecker's English list lacks (measured on a
# 49-post engineering blog: without them a third of all flags were words like these), and the
# prefixes of hyphenated words (the parts are checked one by one: "multi-cloud").
_SOFTWARE_WORDS = """
    app apps async auth backend backends blog blogs blogpost boolean changelog checkbox codebase
    codebases config configs composability composable dataset datasets dev devs dropdown
    dropdowns emoji emojis etc filesystem filesystems frontend frontends hostname hostnames
    lifecycle lifecycles localhost login logins meetup meetups metadata microservice
    microservices middleware monorepo monorepos multirepo namespace namespaces onboard
    onboarding prefilled queueing readme repo repos roadmap roadmaps rollout rollouts runtime
    runtimes screenshot screenshots shoutout sidebar signup subnet subnets templated timestamp
    timestamps todo todos toolchain toolchains unconference username usernames versioning
    webhook webhooks workflow workflows discoverability analytics admin admins autocomplete
    autocompletion checkboxes customizable env fintech hackathon hackathons hardcoded iframe
    iframes learnings leaderboard mitigations org orgs params playlist playlists quickstart
    readonly refactor refactored refactoring refactors tech templating tooltip tooltips
    unregister uptime virtualization intro intros
    anti co de mis multi non pre re sub
"""
SOFTWARE_WORDS = frozenset(_SOFTWARE_WORDS.split())


def _one_edit(word: str, letters: str) -> set[str]:
    """Every string one edit from ``word``: a letter left out, two swapped, changed or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    left_out = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changed = {a + c + b[1:] for a, b in splits if b for c in letters}
    added = {a + c + b for a, b in splits for c in letters}
    return left_out | swapped | changed | added


class Speller:
    """A spell checker for one language, with the site's words, ignored words and a cache.

    Loading a language's dictionary takes about 0.6 s; after that :meth:`is_correct` is a
    cached lookup in a :class:`~editor.core.lexicon.Lexicon`.
    """

    def __init__(self, language: str = DEFAULT_LANGUAGE, words: Iterable[str] = ()) -> None:
        """``language``: a code :func:`resolve_language` returned; ``words``: accepted words
        (the site's and the user's lists)."""
        self.language = language
        self._known = load_lexicon(language, lexicon_cache_path(language))
        self._accepted: set[str] = set()
        self._ignored: set[str] = set()
        self._verdicts: dict[str, bool] = {}
        self._suggestions: dict[str, list[str]] = {}
        self._common: defaultdict[tuple[str, int], list[str]] | None = None
        self.accept(words)

    def accept(self, words: Iterable[str]) -> None:
        """Accept ``words`` (in any case) from now on."""
        self._accepted.update(word.strip().casefold() for word in words if word.strip())
        self._verdicts.clear()

    def set_accepted(self, words: Iterable[str]) -> None:
        """Replace the accepted words (another site's list, or the list read again)."""
        self._accepted = set()
        self.accept(words)

    def ignore(self, word: str) -> None:
        """Accept ``word`` for as long as this checker lives (the editor's Ignore)."""
        self._ignored.add(word.casefold())
        self._verdicts.clear()

    def is_correct(self, word: str) -> bool:
        """Whether ``word`` (as :func:`words_in_line` finds it) is spelled right."""
        verdict = self._verdicts.get(word)
        if verdict is None:
            verdict = self._verdicts[word] = self._judge(word)
        return verdict

    def _judge(self, word: str) -> bool:
        folded = word.replace("’", "'").casefold()
        if self._ok(folded):
            return True
        if folded.endswith("'"):  # the users' guide
            return self._ok(folded[:-1])
        for ending in _CONTRACTIONS:
            if folded.endswith(ending) and len(folded) > len(ending):
                stem = folded[: -len(ending)]
                return self._ok(stem) or (ending == "n't" and self._ok(stem + "n"))  # can't
        return False

    def _ok(self, folded: str) -> bool:
        if folded in self._known or folded in self._accepted or folded in self._ignored:
            return True
        if self.language != "en":
            return False
        if folded in SOFTWARE_WORDS:
            return True
        return any(
            british in folded and folded.replace(british, american, 1) in self._known
            for british, american in _BRITISH
        )

    def misspelled(self, text: str) -> list[tuple[int, int, str]]:
        """The misspelled words of one line of prose, as ``(start, end, word)``."""
        return [found for found in words_in_line(text) if not self.is_correct(found[2])]

    def check_text(self, text: str) -> list[Word]:
        """The misspelled words of a whole post, with their 0-based lines."""
        return [word for word in words_in_text(text) if not self.is_correct(word.word)]

    def suggestions(self, word: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
        """Up to ``limit`` corrections, likeliest first, in the word's case."""
        folded = word.replace("’", "'").casefold()
        found = self._suggestions.get(folded)
        if found is None:
            # Words one edit away (a letter added, left out, changed or two swapped), commonest
            # first; else similar common words. (pyspellchecker's two-edit search takes 0.3-2 s
            # a word.)
            near = {c for c in _one_edit(folded, self._known.letters) if c in self._known}
            near.discard(folded)
            found = sorted(near, key=lambda c: (-self._known.count(c), c)) or self._similar(folded)
            self._suggestions[folded] = found
        return [_same_case(word, s) for s in found[:limit]]

    def _similar(self, folded: str) -> list[str]:
        """Common words that look like ``folded``: same first letter, length within two."""
        if self._common is None:
            common = self._known.commonest(COMMON_WORDS)
            self._common = defaultdict(list)
            for word in common:
                self._common[word[:1], len(word)].append(word)
        pool = [
            word
            for size in range(len(folded) - 2, len(folded) + 3)
            for word in self._common.get((folded[:1], size), ())
        ]
        return difflib.get_close_matches(folded, pool, n=MAX_SUGGESTIONS, cutoff=0.75)


def _same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_SPELLERS: dict[str, Speller] = {}


def speller_for(language: str) -> Speller:
    """A shared checker for ``language`` (a resolved code), loaded on first use."""
    speller = _SPELLERS.get(language)
    if speller is None:
        speller = _SPELLERS[language] = Speller(language)
    return speller


# ---------------------------------------------------------------------------------------------
# Word lists


def dictionary_path(root: Path) -> Path:
    """The site's word list: :data:`DICTIONARY_NAME` in the site's root folder."""
    return root / DICTIONARY_NAME


def user_dictionary_path() -> Path:
    """The word list for posts outside any site, in the user's data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("galley", appauthor=False)) / "words.txt"


def read_dictionary(path: Path) -> list[str]:
    """The words of a word list (one a line; blank lines and ``#`` comments skipped); a list
    that does not exist yet is empty.

    Raises:
        SpellingError: the file cannot be read or is not UTF-8.
    """
    if not os.path.lexists(path):
        return []
    try:  # a FIFO or a link to /dev/zero in its place is refused, never read
        data = fileio.read_bytes(path, kind="word lists")
    except GalleyError as exc:
        raise SpellingError(
            exc.summary, f"{exc.detail} Until then its words are marked as misspelled."
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpellingError(
            f"Could not read the word list {path}: it is not UTF-8 text.",
            "Save it as UTF-8, one word per line.",
        ) from None
    words = (line.strip() for line in text.splitlines())
    return [word for word in words if word and not word.startswith("#")]


def add_to_dictionary(path: Path, words: Iterable[str]) -> list[str]:
    """Add ``words`` to the word list at ``path`` (created if missing, with its folder) and
    return the whole list: sorted regardless of case, each word once (a word already there in
    another case is not added again). The file is replaced atomically.

    Raises:
        SpellingError: the list cannot be read.
        SaveError: the list cannot be written (nothing changed on disk).
    """
    existing = read_dictionary(path)
    seen = {word.casefold() for word in existing}
    merged = list(existing)
    for word in words:
        word = word.strip()
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            merged.append(word)
    merged = sorted(dict.fromkeys(merged), key=lambda w: (w.casefold(), w))
    path.parent.mkdir(parents=True, exist_ok=True)
    fileio.atomic_write(path, "".join(f"{word}\n" for word in merged).encode("utf-8"))
    return merged


# ---------------------------------------------------------------------------------------------
# A site's posts: seeding the word list, and `galley check --spelling`


@dataclass(frozen=True)
class Proposal:
    """A word proposed for the site's word list: how it is usually written, in how many posts
    and how many times it appears."""

    word: str
    posts: int
    count: int


def _post_texts(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None, str]]:
    """(path, error, text) of each post; the error says why a post could not be read."""
    from editor.core.post import decode

    for path in paths:
        try:
            yield path, None, decode(fileio.read_bytes(path), path)
        except GalleyError as exc:
            yield path, f"{exc.summary} {exc.detail}".strip(), ""


def _speller_of(
    text: str, site_language: object, accepted: Sequence[str]
) -> tuple[Speller | None, str, int]:
    """The checker of a post (None: not checked, see :func:`spelling_language`), the note on
    its language, and the line of the key that names it."""
    meta, line = _front_matter_language(text)
    language, note = spelling_language(meta, site_language)
    if language is None:
        return None, note, line
    if note:
        log.info("%s", note)
    speller = speller_for(language)
    speller.set_accepted(accepted)
    return speller, "", line


def _front_matter_language(text: str) -> tuple[dict[str, Any], int]:
    """The language keys a post's front matter sets, and the line of the first."""
    from editor.core.post import Post

    if not any(key in text[:4000] for key in ("lang", "locale")):
        return {}, 0
    try:
        post = Post.parse(text)
    except GalleyError:
        return {}, 0
    meta = post.meta.to_dict()
    key, _value = post_language_key(meta)
    return {k: meta[k] for k in LANGUAGE_KEYS if k in meta}, post.key_lines().get(key or "", 0)


_POSSESSIVE = re.compile(r"['’]s$")


def propose_words(
    site: Any,
    *,
    min_posts: int = SEED_MIN_POSTS,
    min_count: int = SEED_MIN_COUNT,
) -> list[Proposal]:
    """Unknown words the posts of ``site`` (a ``Site``) use often: in at least
    ``min_posts`` posts, or ``min_count`` times in all. Words already in the site's list are
    not proposed. Most widely used first."""
    accepted = read_dictionary(dictionary_path(site.root))
    counts: Counter[str] = Counter()
    posts: defaultdict[str, set[Path]] = defaultdict(set)
    forms: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for path, error, text in _post_texts(post.path for post in site.posts):
        if error is not None:
            continue
        speller, _note, _line = _speller_of(text, site.settings.spelling_language, accepted)
        if speller is None:
            continue  # in a language Galley has no dictionary for
        for word in speller.check_text(text):
            form = _POSSESSIVE.sub("", word.word)  # Spotify's: propose Spotify
            key = form.replace("’", "'").casefold()
            if speller.is_correct(form):
                continue  # a possessive of a known word: don't, users'
            counts[key] += 1
            posts[key].add(path)
            forms[key][form] += 1
    found = [
        Proposal(forms[key].most_common(1)[0][0], len(posts[key]), count)
        for key, count in counts.items()
        if len(posts[key]) >= min_posts or count >= min_count
    ]
    return sorted(found, key=lambda p: (-p.posts, -p.count, p.word.casefold()))


def spelling_problems(site: Any, posts: Iterable[Path] | None = None) -> list[Any]:
    """Misspellings in the posts of ``site`` (all, or just ``posts``) as ``info`` problems
    (:class:`editor.core.checks.Problem`, code ``spelling``), one per word, with suggestions."""
    from editor.core.checks import Problem

    try:
        accepted = read_dictionary(dictionary_path(site.root))
    except SpellingError as exc:
        log.warning("%s %s", exc.summary, exc.detail)
        accepted = []
    paths = [p.path for p in site.posts] if posts is None else list(posts)
    problems = []
    for path, error, text in _post_texts(paths):
        if error is not None:
            continue  # the other checks report unreadable posts
        speller, note, line = _speller_of(text, site.settings.spelling_language, accepted)
        if speller is None:
            problems.append(Problem(path, line, "info", "spelling-language", note))
            continue
        for word in speller.check_text(text):
            problems.append(
                Problem(path, word.line + 1, "info", "spelling", _message(speller, word.word))
            )
    return problems


def _message(speller: Speller, word: str) -> str:
    suggestions = speller.suggestions(word)
    if not suggestions:
        hint = "no suggestions"
    elif len(suggestions) == 1:
        hint = f"did you mean {suggestions[0]}?"
    else:
        hint = f"did you mean {', '.join(suggestions[:-1])} or {suggestions[-1]}?"
    return (
        f"'{word}' may be misspelled ({hint}). If it is right, add it to {DICTIONARY_NAME} at "
        "the site's root."
    )
