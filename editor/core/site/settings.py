"""A site's settings: its ``galley.toml`` read, checked and kept inside the site (pure; no Qt).

:func:`read_settings` reads the file at a site's root (or gives the defaults without one) into a
:class:`SiteSettings`; :func:`parse_settings` parses its text. A file that is not valid TOML, a
setting of the wrong type, or a path setting that leads outside the site (as written, or through
a symlinked folder) is refused with a :class:`SiteConfigError` naming the setting and its line.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any

from editor.core import fileio
from editor.core.errors import GalleyError
from editor.core.site.generators import GENERATOR_NAMES
from editor.core.site.generators.config import renders_emoji

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "CONFIG_NAME",
    "FOLDER_POSTS",
    "SITE_POSTS",
    "EmailSettings",
    "SiteConfigError",
    "SiteError",
    "SiteSettings",
    "address_problem",
    "default_posts",
    "parse_settings",
    "read_settings",
    "renders_emoji",
]

CONFIG_NAME = "galley.toml"
SITE_POSTS = ("content/blog/**/index.md", "content/blog/*.md")
FOLDER_POSTS = ("**/index.md", "*.md")


class SiteError(GalleyError):
    """A site could not be opened."""

    def __init__(self, summary: str, detail: str = "", *, path: Path | None = None) -> None:
        super().__init__(summary, detail)
        self.path = path


class SiteConfigError(SiteError):
    """``galley.toml`` is not valid TOML, has a setting of the wrong type, or a path setting
    that leads outside the site.

    ``line`` and ``column`` are 1-based, or None when the position is unknown.
    """

    def __init__(
        self,
        summary: str,
        detail: str = "",
        *,
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(summary, detail, path=path)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class EmailSettings:
    """The ``[email]`` table of ``galley.toml``: how a post becomes an e-mail message.

    Attributes:
        subject_key: the front-matter key whose value is the subject (``subject_key``).
        preheader_key: the key whose value is the preheader, the line inboxes show after the
            subject (``preheader_key``).
        sender: the ``From`` address (``from``), "" for a placeholder.
        recipient: the ``To`` address or addresses, comma-separated (``to``), "" for a
            placeholder.
    """

    subject_key: str = "title"
    preheader_key: str = "description"
    sender: str = ""
    recipient: str = ""


@dataclass(frozen=True)
class SiteSettings:
    """Per-site settings from ``galley.toml``; every one is optional.

    Attributes:
        posts: glob patterns, relative to the site root, of the post files (``**`` is any depth).
        assets: the folder new images go to, relative to the post's folder; a value starting
            with ``/`` is relative to the site root instead.
        date_format: strftime format for new dates, or None to copy the latest post's shape.
        pull_request_base: a URL that bare ``#1234`` references are linked against.
        templates: a folder of post templates, relative to the site root, or None.
        spelling_language: the language posts are spell-checked in ("en", "de", ...), or None
            for English; a post's ``lang:`` front matter overrides it (see editor.core.spelling).
        emoji: whether the site's renderer writes ``:shortcodes:`` as emoji: ``emoji = true``
            or ``false`` in the file, else what the site's own build configuration says
            (:func:`renders_emoji`); None only from :func:`parse_settings` without the key.
        generator: the site's generator as the file names it (``generator = "hugo"``; one of
            :data:`~editor.core.site.generators.GENERATOR_NAMES`), or None to detect it.
        email: the ``[email]`` table (see :class:`EmailSettings`).
        posts_given: the file sets ``posts``, so those patterns choose the posts rather than
            the generator's rules.
        ignored_keys: keys in the file Galley does not know (kept for a settings check).
        lines: the line of each setting in the file, for messages about it.
    """

    posts: tuple[str, ...] = SITE_POSTS
    assets: str = "."
    date_format: str | None = None
    pull_request_base: str | None = None
    templates: str | None = None
    spelling_language: str | None = None
    emoji: bool | None = None
    generator: str | None = None
    email: EmailSettings = field(default_factory=EmailSettings)
    posts_given: bool = field(default=False, compare=False)
    ignored_keys: tuple[str, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)


def default_posts(root: Path) -> tuple[str, ...]:
    """The post patterns of a site without a ``posts`` setting, chosen by its layout."""
    return SITE_POSTS if (root / "content" / "blog").is_dir() else FOLDER_POSTS


def read_settings(root: Path) -> SiteSettings:
    """The settings of the site at ``root``: its ``galley.toml`` if there is one, else defaults.

    Raises:
        SiteConfigError: the file is unreadable, not valid TOML, or has a wrong setting.
    """
    path = root / CONFIG_NAME
    defaults = default_posts(root)
    if not os.path.exists(path):  # (a dangling link counts as no file, as before)
        settings = SiteSettings(posts=defaults, emoji=renders_emoji(root))
        _confine(root, settings, None)
        return settings
    try:  # a FIFO or a link to /dev/zero in its place is refused, never read
        data = fileio.read_bytes(path, fileio.MAX_SETTINGS_BYTES, kind="settings files")
    except GalleyError as exc:
        raise SiteConfigError(
            exc.summary,
            f"{exc.detail} Without the file Galley uses its default settings.",
            path=path,
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SiteConfigError(
            f"Could not read the site settings in {path}: it is not UTF-8 text.",
            "Fix or remove the file; without it Galley uses its default settings.",
            path=path,
        ) from None
    settings = parse_settings(text, path, default_posts=defaults)
    _confine(root, settings, path)
    if settings.emoji is None:
        settings = dataclasses.replace(settings, emoji=renders_emoji(root))
    return settings


def parse_settings(
    text: str, path: Path | None = None, *, default_posts: Sequence[str] = SITE_POSTS
) -> SiteSettings:
    """Parse the TOML text of a ``galley.toml``.

    Raises:
        SiteConfigError: the text is not valid TOML or a setting has the wrong type.
    """
    name = str(path) if path is not None else CONFIG_NAME
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason, line, column = _toml_problem(exc, text)
        where = f" (line {line}, column {column})" if line is not None else ""
        raise SiteConfigError(
            f"Could not read the site settings in {name}{where}: {reason}.",
            "Fix that line (settings are TOML: 'key = value', text in quotes, lists in [ ]), "
            "or remove the file to use the default settings.",
            path=path, line=line, column=column,
        ) from None  # fmt: skip

    def wrong(key: str, expected: str, example: str) -> SiteConfigError:
        line = _key_line(text, key)
        where = f" (line {line})" if line is not None else ""
        return SiteConfigError(
            f"The setting '{key}' in {name}{where} must be {expected}.",
            f"Write it like: {example}",
            path=path, line=line, column=1 if line is not None else None,
        )  # fmt: skip

    def text_value(key: str, example: str) -> str | None:
        value = data.get(key)
        if value is None or isinstance(value, str):
            return value
        raise wrong(key, "text in quotes", example)

    def flag(key: str, example: str) -> bool | None:
        value = data.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise wrong(key, "true or false (without quotes)", example)

    def outside(key: str, value: str, rule: str, example: str) -> SiteConfigError:
        line = _key_line(text, key)
        where = f" (line {line})" if line is not None else ""
        return SiteConfigError(
            f"The setting '{key}' in {name}{where} points outside the site: '{value}'.",
            "Galley reads and writes only inside the site's folder (the one with galley.toml); "
            f"write {rule}, like: {example}",
            path=path, line=line, column=1 if line is not None else None,
        )  # fmt: skip

    from_root = "a path from the site's folder, without '..' or a leading '/'"

    posts: Any = data.get("posts", list(default_posts))
    if isinstance(posts, str):
        posts = [posts]
    if not (isinstance(posts, list) and posts and all(isinstance(p, str) and p for p in posts)):
        raise wrong("posts", "a list of file patterns", 'posts = ["content/blog/**/index.md"]')
    posts = [p.replace("\\", "/") for p in posts]
    for pattern in posts:  # ``posts = ["../../etc/*"]`` would read /etc
        if _climbs_out(pattern, root_slash=False):
            raise outside("posts", pattern, from_root, 'posts = ["content/blog/**/index.md"]')
    assets = text_value("assets", 'assets = "."') or "."
    if _climbs_out(assets, root_slash=True, relative_ok=True):  # "/x" is from the site root
        rule = "a folder relative to the post's folder, or from the site's folder after a '/'"
        raise outside("assets", assets, rule, 'assets = "images" or assets = "/static/images"')
    generator = text_value("generator", 'generator = "hugo"')
    if generator is not None and generator.strip().casefold() not in GENERATOR_NAMES:
        line = _key_line(text, "generator")
        where = f" (line {line})" if line is not None else ""
        choices = ", ".join(GENERATOR_NAMES[:-1]) + f" or {GENERATOR_NAMES[-1]}"
        raise SiteConfigError(
            f"The setting 'generator' in {name}{where} names '{generator}', a generator "
            "Galley does not know.",
            f"Write one of {choices} (like: generator = \"hugo\"), or remove the line to "
            "let Galley tell from the site's own config file.",
            path=path, line=line, column=1 if line is not None else None,
        )  # fmt: skip
    templates = text_value("templates", 'templates = "templates"')
    if templates is not None and _climbs_out(templates, root_slash=False):
        raise outside("templates", templates, from_root, 'templates = "templates"')
    mail, mail_ignored = _email_settings(data.get("email"), text, name, path)
    return SiteSettings(
        posts=tuple(posts),
        assets=assets,
        date_format=text_value("date_format", 'date_format = "%Y-%m-%dT%H:%M:%S.0Z"'),
        pull_request_base=text_value(
            "pull_request_base", 'pull_request_base = "https://github.com/owner/repo/pull/"'
        ),
        templates=templates,
        spelling_language=text_value("spelling_language", 'spelling_language = "en"'),
        emoji=flag("emoji", "emoji = true"),
        generator=generator.strip().casefold() if generator is not None else None,
        email=mail,
        posts_given="posts" in data,
        ignored_keys=tuple(k for k in data if k not in _KNOWN_KEYS) + mail_ignored,
        lines={k: line for k in data if (line := _key_line(text, k)) is not None},
    )


# [email]: the galley.toml key of each EmailSettings field
_EMAIL_KEYS = {"subject_key": "subject_key", "preheader_key": "preheader_key", "from": "sender",
               "to": "recipient"}  # fmt: skip
_EMAIL_EXAMPLES = {
    "subject_key": 'subject_key = "title"',
    "preheader_key": 'preheader_key = "description"',
    "from": 'from = "Tideline <news@example.com>"',
    "to": 'to = "Readers <readers@example.com>"',
}


def _email_settings(
    table: object, text: str, name: str, path: Path | None
) -> tuple[EmailSettings, tuple[str, ...]]:
    """The ``[email]`` table as :class:`EmailSettings`, and its keys Galley does not know
    (as ``email.KEY``).

    Raises:
        SiteConfigError: it is no table, a value is not text, a key is blank, or an address
            is none.
    """
    if table is None:
        return EmailSettings(), ()

    def wrong(key: str, expected: str, example: str) -> SiteConfigError:
        line = _table_key_line(text, "email", key)
        where = f" (line {line})" if line is not None else ""
        shown = f"email.{key}" if key else "email"
        return SiteConfigError(
            f"The setting '{shown}' in {name}{where} must be {expected}.",
            f"Write it in the [email] table, like: {example}" if key else example,
            path=path, line=line, column=1 if line is not None else None,
        )  # fmt: skip

    if not isinstance(table, dict):
        raise wrong(
            "", "a table of e-mail settings",
            'Write it as a table: a line [email], then lines like from = "Tideline '
            '<news@example.com>".',
        )  # fmt: skip
    values: dict[str, str] = {}
    for key, attribute in _EMAIL_KEYS.items():
        value = table.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise wrong(key, "text in quotes", _EMAIL_EXAMPLES[key])
        value = value.strip()
        if key.endswith("_key") and not value:
            raise wrong(key, "the name of a front-matter key", _EMAIL_EXAMPLES[key])
        if key in ("from", "to") and value and address_problem(value):
            expected = "a mail address" if key == "from" else "one or more mail addresses"
            raise wrong(
                key, f"{expected} (a name before it in <> if you like)", _EMAIL_EXAMPLES[key]
            )
        values[attribute] = value
    ignored = tuple(f"email.{key}" for key in table if key not in _EMAIL_KEYS)
    return EmailSettings(**values), ignored


def address_problem(value: str) -> bool:
    """Whether ``value`` is not one or more mail addresses (``Name <a@b.com>, c@d.org``)."""
    if "\n" in value or "\r" in value:
        return True
    import email.policy  # (only a site with [email] addresses needs the email package)

    header = email.policy.default.header_factory("To", value)
    addresses = getattr(header, "addresses", ())
    return (
        bool(header.defects)
        or not addresses
        or any("@" not in address.addr_spec for address in addresses)
    )


def _table_key_line(text: str, table: str, key: str) -> int | None:
    """The line of ``key`` in the ``[table]`` of ``text`` (or of ``table.key = …``, or the
    table's own line)."""
    header = re.search(rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\][ \t]*(?:#.*)?$", text, re.M)
    if header is not None and key:
        end = re.compile(r"^[ \t]*\[", re.M).search(text, header.end())
        stop = end.start() if end is not None else len(text)
        found = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.M).search(
            text, header.end(), stop
        )
        if found is not None:
            return text.count("\n", 0, found.start()) + 1
    dotted = _key_line(text, f"{table}.{key}") if key else None
    if dotted is not None:
        return dotted
    if header is not None:
        return text.count("\n", 0, header.start()) + 1
    return _key_line(text, table)


def _climbs_out(value: str, *, root_slash: bool, relative_ok: bool = False) -> bool:
    """Whether a path setting leaves the site as written (before any symlink is looked at).

    An absolute path or one on a drive leaves it; a leading ``/`` is the site root where
    ``root_slash`` says so (``assets``). ``..`` leaves it, except where the path is relative
    to a post's folder (``relative_ok``, again ``assets``: ``../images`` is the section's
    shared folder), which :meth:`Site.asset_folder` checks against each post.
    """
    text = value.replace("\\", "/")
    if PureWindowsPath(value).drive or text.startswith("//"):
        return True  # C:/x, //server/share
    if text.startswith("/"):
        if not root_slash:
            return True
        return _rises(text)
    return not relative_ok and _rises(text)


def _rises(text: str) -> bool:
    """Whether a relative path climbs above its start (``a/../..``), segment by segment."""
    depth = 0
    for part in text.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


# _is_inside and _split_pattern are also the listing's (editor.core.site.site), which builds on
# this module.


def _is_inside(path: Path | str, root: Path | str) -> bool:
    """Whether ``path`` is ``root`` or below it once every symlink of both is resolved."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def _split_pattern(pattern: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A pattern's literal leading folders and the rest (from its first wildcard on)."""
    parts = tuple(p for p in pattern.strip("/").split("/") if p not in ("", "."))
    for i, part in enumerate(parts):
        if part == "**" or any(c in part for c in "*?["):
            return parts[:i], parts[i:]
    return parts[:-1], parts[-1:]


def _confine(root: Path, settings: SiteSettings, config: Path | None) -> None:
    """Refuse settings whose folders are symlinks out of the site (a cloned site can carry
    ``content/blog -> /``). What the text says was checked by :func:`parse_settings`.

    Raises:
        SiteConfigError: naming the setting and its line (or the folder, for a default).
    """
    folders = [("posts", root.joinpath(*_split_pattern(p)[0])) for p in settings.posts]
    if settings.templates:
        folders.append(("templates", root / settings.templates))
    if settings.assets.startswith("/"):
        folders.append(("assets", root / settings.assets.lstrip("/")))
    for key, folder in folders:
        if _is_inside(folder, root):
            continue
        real = os.path.realpath(folder)
        if config is None or key not in settings.lines:
            raise SiteConfigError(
                f"The folder {folder} is a link to {real}, outside the site in {root}.",
                "Galley reads posts only inside the site's folder; replace the link with the "
                "real folder, or open the folder it points to.",
                path=folder,
            )
        line = settings.lines[key]
        raise SiteConfigError(
            f"The setting '{key}' in {config} (line {line}) leads outside the site: "
            f"{folder} is a link to {real}.",
            "Galley reads and writes only inside the site's folder; replace the link with the "
            "real folder, or change the setting.",
            path=config, line=line, column=1,
        )  # fmt: skip


_KNOWN_KEYS = frozenset(f.name for f in dataclasses.fields(SiteSettings)) - {
    "ignored_keys",
    "lines",
    "posts_given",
}
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def _toml_problem(exc: ValueError, text: str) -> tuple[str, int | None, int | None]:
    """The reason, line and column of a TOML error, whose message ends in its position."""
    message = str(exc)
    match = _TOML_POSITION.search(message)
    if match is None:
        return message.rstrip("."), None, None
    reason = message[: match.start()].rstrip(".")
    if match.group(1) is None:  # at the end of the document
        last_line = text[text.rfind("\n") + 1 :]
        return f"{reason} at the end of the file", text.count("\n") + 1, len(last_line) + 1
    return reason, int(match.group(1)), int(match.group(2))


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None
