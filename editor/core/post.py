"""A post file: YAML front matter plus a Markdown body, kept byte for byte (pure; no Qt).

``Post.load(path).dumps()`` is always the file's exact text: a BOM, CRLF line ends, a missing final
newline, trailing spaces and ``---`` lines inside the body all survive. Editing one front-matter key
rewrites only that key's value (see :mod:`~editor.core.yamltext`); the rest is never touched.

TOML front matter between ``+++`` lines (Hugo, Zola) and JSON front matter (Hugo's ``{ … }``)
are recognised and read, but not edited yet: :attr:`Post.read_only_reason` says why, the block
is kept byte for byte, and no YAML block is ever put in front of it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, MutableMapping, MutableSequence
from pathlib import Path
from typing import Any, NamedTuple, overload

from editor.core import fileio, textsniff, yamltext
from editor.core.errors import FrontMatterError, GalleyError, PostLoadError, SaveError
from editor.core.yamltext import KeyPath

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

BOM = "\ufeff"
_OPENING = re.compile(r"---[ \t]*(\r\n|\n)")
_CLOSING = re.compile(r"^---[ \t]*(?:\r\n|\n|\Z)", re.MULTILINE)
_TOML_OPENING = re.compile(r"\+\+\+[ \t]*(\r\n|\n)")
_TOML_CLOSING = re.compile(r"^\+\+\+[ \t]*(?:\r\n|\n|\Z)", re.MULTILINE)
_JSON_OPENING = re.compile(r"\{[ \t]*(\r\n|\n)")
_JSON_CLOSING = re.compile(r"^\}[ \t]*(?:\r\n|\n|\Z)", re.MULTILINE)

__all__ = [
    "FrontMatterError",
    "GalleyError",
    "MetaList",
    "MetaMap",
    "Post",
    "PostLoadError",
    "SaveError",
    "author_value",
    "new_post",
    "split_front_matter",
]


class Post:
    """One post: ``meta`` (the front matter, editable) and ``body`` (the Markdown after it)."""

    def __init__(self, text: str, path: Path | None = None) -> None:
        """Parse ``text``; prefer :meth:`load` and :meth:`parse`.

        Raises:
            FrontMatterError: the front matter is not valid YAML or has no closing ``---``.
        """
        self.path = Path(path) if path is not None else None
        self._bom = text.startswith(BOM)
        rest = text[1:] if self._bom else text
        self.newline = _first_newline(rest)
        self._opening = self._closing = self._fm = ""
        self._has_fm = False
        self._body = rest
        self.front_matter_format = "yaml"
        self.read_only_reason: str | None = None  # why the front matter cannot be edited here
        parts = split_front_matter(rest)
        if parts is None:
            foreign = _split_foreign(rest)
            if foreign is not None:
                self._read_foreign(*foreign)
                self._loaded_text = text
                return
        if parts is not None:
            if not parts.closing:
                raise FrontMatterError(
                    f"The front matter of {self._name} has no closing '---' line.",
                    "Add a line with just '---' after the last front-matter key.",
                    line=1, column=1, text=text, path=self.path,
                )  # fmt: skip
            self._has_fm = True
            self._opening, self._fm, self._closing, self._body = parts
        self._data = self._parse_front_matter(self._fm, text)
        self._loaded_text = text

    def _read_foreign(self, kind: str, parts: FrontMatterParts) -> None:
        """Take a TOML or JSON front matter block: read it for showing, keep it as it is."""
        self.front_matter_format = kind
        self._opening, self._fm, self._closing, self._body = parts
        self._has_fm = bool(parts.closing)
        name = kind.upper()
        data: Any = None
        problem = "has no closing line"
        if parts.closing:
            try:
                if kind == "toml":
                    data = tomllib.loads(self._fm.replace("\r\n", "\n"))
                else:
                    data = json.loads(parts.opening + self._fm + parts.closing)
            except (ValueError, RecursionError) as exc:
                problem = f"could not be read ({str(exc).splitlines()[0] if str(exc) else exc})"
        if isinstance(data, dict):
            self._data = data
            self.read_only_reason = (
                f"This post's front matter is {name}, which Galley shows but cannot edit yet. "
                "It is kept exactly as it is; edit it in another editor."
            )
        else:
            self._data = {}
            self.read_only_reason = (
                f"This post's {name} front matter {problem}. It is kept exactly as it is; "
                "fix it in another editor."
            )

    # -- construction and output

    @classmethod
    def parse(cls, text: str, path: Path | str | None = None) -> Post:
        """Parse a post from its text. Raises :class:`FrontMatterError`."""
        return cls(text, Path(path) if path is not None else None)

    @classmethod
    def load(cls, path: Path | str) -> Post:
        """Read a post file.

        Raises:
            PostLoadError: missing, unreadable, or not UTF-8 text.
            FrontMatterError: its front matter is malformed.
        """
        path = Path(path)
        return cls(decode(fileio.read_bytes(path), path), path)

    def dumps(self) -> str:
        """The whole file text, exactly as it would be saved."""
        bom = BOM if self._bom else ""
        return f"{bom}{self._opening}{self._fm}{self._closing}{self._body}"

    def save(
        self,
        path: Path | str | None = None,
        *,
        before_replace: Callable[[], None] | None = None,
    ) -> None:
        """Write the post atomically to ``path`` (default: where it was loaded from).

        ``before_replace`` is :func:`~editor.core.fileio.atomic_write`'s last check before renaming.

        Raises:
            SaveError: nothing was written; the message says why and what to do.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise SaveError("Could not save the post.", "It has no file yet; use Save As.")
        text = self.dumps()
        fileio.atomic_write(target, text.encode("utf-8"), before_replace=before_replace)
        self.path = target
        self._loaded_text = text

    @property
    def modified(self) -> bool:
        """Whether the text differs from what was last loaded or saved."""
        return self.dumps() != self._loaded_text

    # -- parts

    @property
    def meta(self) -> MetaMap:
        """The front matter as a live, editable mapping."""
        return MetaMap(self, ())

    @meta.setter
    def meta(self, value: Mapping[str, Any]) -> None:
        plain = yamltext.to_plain(value)
        for key in list(self._data):
            if key not in plain:
                self._delete((key,))
        for key, item in plain.items():
            self._set((key,), item)

    @property
    def body(self) -> str:
        """The Markdown after the front matter, exactly as in the file."""
        return self._body

    @body.setter
    def body(self, text: str) -> None:
        self._body = text

    @property
    def has_front_matter(self) -> bool:
        return self._has_fm

    @property
    def front_matter_text(self) -> str:
        """The raw YAML between the ``---`` lines."""
        return self._fm

    @front_matter_text.setter
    def front_matter_text(self, text: str) -> None:
        """Replace the raw YAML; raises :class:`FrontMatterError` and changes nothing if invalid."""
        self._refuse_if_read_only()
        if text and not text.endswith(("\n", "\r")):
            text += self.newline
        data = self._parse_front_matter(text, self.dumps())
        if not self._has_fm and not text:
            return
        self._ensure_front_matter()
        self._fm, self._data = text, data

    @property
    def body_start_line(self) -> int:
        """The 1-based line number in the file of the body's first line."""
        return 1 + (self._opening + self._fm + self._closing).count("\n")

    @property
    def has_bom(self) -> bool:
        return self._bom

    # -- front matter edits (used by MetaMap / MetaList)

    def _get(self, path: KeyPath) -> Any:
        node: Any = self._data
        for key in path:
            node = node[key]
        return node

    def _set(self, path: KeyPath, value: Any) -> None:
        self._refuse_if_read_only()
        self._ensure_front_matter()
        self._replace_front_matter(yamltext.set_value(self._fm, path, value, self.newline))

    def _delete(self, path: KeyPath) -> None:
        self._refuse_if_read_only()
        if self._has_fm:
            self._replace_front_matter(yamltext.delete(self._fm, path, self.newline))

    def _replace_front_matter(self, text: str) -> None:
        self._data = self._parse_front_matter(text, self.dumps())
        self._fm = text

    def _refuse_if_read_only(self) -> None:
        if self.read_only_reason is not None:
            raise GalleyError(
                f"Could not change the front matter of {self._name}.", self.read_only_reason
            )

    def _ensure_front_matter(self) -> None:
        if not self._has_fm:
            self._has_fm = True
            self._opening = self._closing = "---" + self.newline

    def _parse_front_matter(self, fm: str, whole: str) -> Any:
        try:
            data = yamltext.load(fm)
        except yamltext.YamlSyntaxError as exc:
            line, column = exc.line + 2, exc.column + 1  # the opening '---' is line 1
            raise FrontMatterError(
                f"The front matter of {self._name} is not valid YAML "
                f"(line {line}, column {column}): {exc.problem}.",
                "Fix the YAML between the '---' lines; nothing is saved until it is valid.",
                line=line, column=column, text=whole, path=self.path,
            ) from None  # fmt: skip
        if data is None:
            return {}
        if not isinstance(data, Mapping):
            raise FrontMatterError(
                f"The front matter of {self._name} is not a list of keys and values.",
                "Write it as lines like 'title: My post' between the '---' lines.",
                line=2, column=1, text=whole, path=self.path,
            )  # fmt: skip
        return data

    @property
    def _name(self) -> str:
        return self.path.name if self.path is not None else "this post"

    def __repr__(self) -> str:
        return f"Post({str(self.path) if self.path else '<unsaved>'!r})"


class FrontMatterParts(NamedTuple):
    """A post's text cut at its ``---`` lines; ``opening`` keeps a BOM if the text has one."""

    opening: str
    front_matter: str
    closing: str  # "" when the closing '---' line is missing (the rest is front_matter)
    body: str


def split_front_matter(text: str) -> FrontMatterParts | None:
    """Cut ``text`` at its front-matter delimiters; None when it has no front matter."""
    return _split_block(text, _OPENING, _CLOSING)


def _split_foreign(text: str) -> tuple[str, FrontMatterParts] | None:
    """A TOML (``+++``) or JSON (``{`` … ``}``) front matter block at the start of ``text``.

    As Hugo reads them: TOML between ``+++`` lines; JSON as an object whose ``{`` is alone on
    the first line and whose ``}`` is alone on a line. An opening line without its closing
    gives parts with an empty ``closing`` (the whole text is kept as the block, read-only).
    """
    for kind, opening, closing in (
        ("toml", _TOML_OPENING, _TOML_CLOSING),
        ("json", _JSON_OPENING, _JSON_CLOSING),
    ):
        parts = _split_block(text, opening, closing)
        if parts is not None:
            return kind, parts
    return None


def _split_block(
    text: str, opening_re: re.Pattern[str], closing_re: re.Pattern[str]
) -> FrontMatterParts | None:
    """Cut ``text`` at a block that opens its first line (after a BOM) and closes on a line."""
    bom = BOM if text.startswith(BOM) else ""
    opening = opening_re.match(text, len(bom))
    if opening is None:
        return None
    closing = closing_re.search(text, opening.end())
    if closing is None:
        return FrontMatterParts(text[: opening.end()], text[opening.end() :], "", "")
    return FrontMatterParts(
        text[: opening.end()],
        text[opening.end() : closing.start()],
        closing.group(0),
        text[closing.end() :],
    )


def decode(data: bytes, path: Path | None = None, encoding: str = "utf-8") -> str:
    """Decode a post's bytes as UTF-8 (a BOM is kept as U+FEFF), or raise :class:`PostLoadError`.

    The error's ``reason`` is ``"binary"`` for a file that is no text at all (a picture named
    ``.md``) and ``"legacy-encoding"`` for Windows-1252 (Latin-1) text, which ``encoding=``
    :data:`~editor.core.textsniff.LEGACY_ENCODING` then reads as it is (to convert it).
    """
    name = str(path) if path is not None else "The post"
    binary = textsniff.binary_type(data)
    if binary is not None:
        raise _not_text(name, binary, path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        found = textsniff.sniff(data)
        if found.kind != "legacy":
            raise _not_text(name, found, path) from None
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        shown = path.name if path is not None else "POST.md"
        raise PostLoadError(
            f"Could not open {name} as it is: it is not UTF-8 text, but looks like Latin-1 "
            f"(Windows-1252) text (byte 0x{data[exc.start]:02X} at line {line}, "
            f"column {column}).",
            "Galley edits UTF-8 text. Open it in the Galley window, which offers to convert "
            "it (nothing is written until you save), or convert a copy with "
            f"'iconv -f windows-1252 -t utf-8 {shown} > converted.md'.",
            path=path,
            reason="legacy-encoding",
        ) from None
    if "\x00" in text:  # past the 8 KiB that binary_type reads
        raise _not_text(name, textsniff.Sniffed("binary"), path)
    return text


def _not_text(name: str, found: textsniff.Sniffed, path: Path | None) -> PostLoadError:
    what = f" (it looks like {found.what})" if found.what else ""
    if found.extension:
        detail = (
            "Galley opens Markdown posts, which are text. If the file was renamed to "
            f"{path.suffix if path is not None else '.md'} by mistake, give it back a name "
            f"ending in {found.extension}"
            + ("; to show it in a post, drop it into the editor." if "image" in found.what else ".")
        )
    else:
        detail = (
            "Galley opens Markdown posts, which are text; this file holds bytes that text "
            "never has. Open the post's .md file instead."
        )
    return PostLoadError(
        f"Could not open {name}: it is not a text file{what}.", detail, path=path, reason="binary"
    )


def _first_newline(text: str) -> str:
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _wrap(post: Post, path: KeyPath, value: Any) -> Any:
    if isinstance(value, Mapping):
        return MetaMap(post, path)
    if isinstance(value, list):
        return MetaList(post, path)
    return yamltext.to_plain(value)


class MetaMap(MutableMapping[str, Any]):
    """A live view of a mapping in a post's front matter; writes go straight to the post text."""

    def __init__(self, post: Post, path: KeyPath) -> None:
        self._post = post
        self._path = path

    def _mapping(self) -> Mapping[Any, Any]:
        data = self._post._get(self._path)
        if not isinstance(data, Mapping):
            raise KeyError(self._path)
        return data

    def __getitem__(self, key: str) -> Any:
        return _wrap(self._post, (*self._path, key), self._mapping()[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self._post._set((*self._path, key), value)

    def __delitem__(self, key: str) -> None:
        if key not in self._mapping():
            raise KeyError(key)
        self._post._delete((*self._path, key))

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._mapping()))

    def __len__(self) -> int:
        return len(self._mapping())

    def to_dict(self) -> dict[str, Any]:
        """A plain, detached copy."""
        plain: dict[str, Any] = yamltext.to_plain(self._mapping())
        return plain

    def __repr__(self) -> str:
        return f"MetaMap({self.to_dict()!r})"


class MetaList(MutableSequence[Any]):
    """A live view of a list in a post's front matter; any change rewrites that list's value."""

    def __init__(self, post: Post, path: KeyPath) -> None:
        self._post = post
        self._path = path

    def _list(self) -> list[Any]:
        data = self._post._get(self._path)
        if not isinstance(data, list):
            raise KeyError(self._path)
        return data

    def _index(self, index: int) -> int:
        size = len(self._list())
        if not -size <= index < size:
            raise IndexError("front matter list index out of range")
        return index % size

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return yamltext.to_plain(self._list()[index])
        i = self._index(index)
        return _wrap(self._post, (*self._path, i), self._list()[i])

    def __setitem__(self, index: Any, value: Any) -> None:
        items = self.to_list()
        items[index] = value
        self._post._set(self._path, items)

    def __delitem__(self, index: Any) -> None:
        items = self.to_list()
        del items[index]
        self._post._set(self._path, items)

    def insert(self, index: int, value: Any) -> None:
        items = self.to_list()
        items.insert(index, value)
        self._post._set(self._path, items)

    def __len__(self) -> int:
        return len(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, MetaList)):
            return bool(self.to_list() == yamltext.to_plain(other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: list[Any]) -> list[Any]:
        return self.to_list() + list(other)

    def __radd__(self, other: list[Any]) -> list[Any]:
        return list(other) + self.to_list()

    def to_list(self) -> list[Any]:
        """A plain, detached copy."""
        plain: list[Any] = yamltext.to_plain(self._list())
        return plain

    def __repr__(self) -> str:
        return f"MetaList({self.to_list()!r})"


def author_value(name: str, avatar: str = "") -> str | dict[str, str]:
    """The ``author`` front matter for a name and avatar: ``{name, avatar}``, or just the name
    when there is no avatar (both shapes are what sites write)."""
    name, avatar = name.strip(), avatar.strip()
    return {"name": name, "avatar": avatar} if avatar else name


def new_post(author: str = "", avatar: str = "") -> Post:
    """A new, untitled post: empty, or with just its ``author`` when one is given."""
    post = Post.parse("")
    if author.strip():
        post.meta["author"] = author_value(author, avatar)
    return post
