"""A post file: front matter plus a Markdown body, kept byte for byte (pure; no Qt).

``Post.load(path).dumps()`` is always the file's exact text: a BOM, CRLF line ends, a missing final
newline, trailing spaces and ``---`` lines inside the body all survive. The front matter may be
YAML (``---``), TOML (``+++``), JSON (``{ … }``) or Pelican / MultiMarkdown header lines
(``Title: …``); :mod:`~editor.core.fmtext` says how each block is found (header lines only where
the caller says the site reads them, ``header_lines=True``, or where the first line is a
``Title:`` key) and :attr:`Post.front_matter_format` names it. Editing one key rewrites only that
key's value, in the format's own syntax (:mod:`~editor.core.fmformats` dispatches to
:mod:`~editor.core.yamltext`, :mod:`~editor.core.tomltext`, :mod:`~editor.core.jsontext` and
:mod:`~editor.core.headertext`); the rest is never touched, and an edit that does not read back
as asked changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping, MutableSequence
from pathlib import Path
from typing import Any, NamedTuple, overload

from editor.core import fileio, fmtext, textsniff, yamltext
from editor.core.errors import FrontMatterError, GalleyError, PostLoadError, SaveError
from editor.core.fmformats import FORMATS
from editor.core.fmtext import BOM, Block, FrontMatterFormat, SyntaxProblem
from editor.core.yamltext import KeyPath

__all__ = [
    "BOM",
    "Block",
    "FrontMatterError",
    "GalleyError",
    "MetaList",
    "MetaMap",
    "Post",
    "PostLoadError",
    "SaveError",
    "author_value",
    "new_post",
    "split_block",
    "split_front_matter",
]

# What a person is told to fix, per format: where the block is.
_WHERE = {
    "yaml": "between the '---' lines",
    "toml": "between the '+++' lines",
    "json": "(the JSON object at the top of the post)",
    "headers": "at the top of the post (one 'Key: value' a line, up to the first blank line)",
}
_CLOSING_LINE = {"yaml": "---", "toml": "+++", "json": "}"}


class Post:
    """One post: ``meta`` (the front matter, editable) and ``body`` (the Markdown after it)."""

    def __init__(
        self, text: str, path: Path | None = None, *, header_lines: bool | None = None
    ) -> None:
        """Parse ``text``; prefer :meth:`load` and :meth:`parse`.

        ``header_lines``: True on a site whose generator reads Pelican header lines, False
        where none does, None (not known) to take them only after a ``Title:`` first line.

        Raises:
            FrontMatterError: the front matter does not parse or has no closing line.
        """
        self.path = Path(path) if path is not None else None
        self.header_lines = header_lines
        self._bom = text.startswith(BOM)
        rest = text[1:] if self._bom else text
        self.newline = _first_newline(rest)
        self._opening = self._closing = self._fm = ""
        self._has_fm = False
        self._body = rest
        self._format: FrontMatterFormat = FORMATS["yaml"]
        block = fmtext.split(rest, header_lines)
        if block is not None:
            self._format = FORMATS[block.kind]
            if not block.complete:
                line = _CLOSING_LINE[block.kind]
                raise FrontMatterError(
                    f"The front matter of {self._name} has no closing '{line}' line.",
                    f"Add a line with just '{line}' after the last front-matter key.",
                    line=1, column=1, text=text, path=self.path,
                )  # fmt: skip
            self._has_fm = True
            self._opening, self._fm, self._closing, self._body = block[1:5]
        self._data = self._parse_front_matter(self._fm, text)
        self._loaded_text = text

    # -- construction and output

    @classmethod
    def parse(
        cls, text: str, path: Path | str | None = None, *, header_lines: bool | None = None
    ) -> Post:
        """Parse a post from its text. Raises :class:`FrontMatterError`."""
        return cls(text, Path(path) if path is not None else None, header_lines=header_lines)

    @classmethod
    def load(cls, path: Path | str, *, header_lines: bool | None = None) -> Post:
        """Read a post file (``header_lines``: see :class:`Post`).

        Raises:
            PostLoadError: missing, unreadable, or not UTF-8 text.
            FrontMatterError: its front matter is malformed.
        """
        path = Path(path)
        return cls(decode(fileio.read_bytes(path), path), path, header_lines=header_lines)

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
    def front_matter_format(self) -> str:
        """``yaml``, ``toml``, ``json`` or ``headers`` (a post without front matter: ``yaml``,
        or ``headers`` where the site reads header lines)."""
        if not self._has_fm and self.header_lines:
            return "headers"
        return self._format.name

    def delimiters(self) -> tuple[str, str]:
        """The text before and after the front matter as this post writes it: its opening line
        (BOM included) and closing line, or the ones a new block of its format gets."""
        opening, closing = self._block_lines(FORMATS[self.front_matter_format])
        return (BOM if self._bom else "") + opening, closing

    @property
    def duplicate_keys(self) -> tuple[str, ...]:
        """Keys the front matter writes more than once (each read as the generator reads it:
        YAML and JSON the last value, header lines every value as one more line)."""
        return self._format.duplicate_keys(self._fm) if self._has_fm else ()

    def key_lines(self) -> dict[str, int]:
        """The 1-based file line of each top-level front matter key, in any format (header
        lines' keys lower-case, as read)."""
        if not self._has_fm:
            return {}
        first = 1 + self._opening.count("\n")
        return {key: first + line for key, line in self._format.key_lines(self._fm).items()}

    @property
    def front_matter_text(self) -> str:
        """The raw front matter in its own format: between the ``---`` or ``+++`` lines, the
        whole JSON object (braces included), or the header lines."""
        return self._fm

    @front_matter_text.setter
    def front_matter_text(self, text: str) -> None:
        """Replace the raw front matter; raises :class:`FrontMatterError` and changes nothing
        if it does not parse (or would end the block somewhere else)."""
        if text and not text.endswith(("\n", "\r")):
            text += self.newline
        if not self._has_fm and not text:
            return
        new_format = self._format if self._has_fm else FORMATS[self.front_matter_format]
        data = self._parse_front_matter(text, self.dumps(), new_format)
        opening, closing = self._block_lines(new_format)
        whole = opening + text + closing + self._body
        block = fmtext.split(whole, new_format.name == "headers")
        if text and (block is None or block.kind != new_format.name or block.front_matter != text):
            raise FrontMatterError(
                f"The front matter of {self._name} would not stay one {new_format.label} block.",
                "A line in it reads as the end of the front matter (or the start of another "
                f"kind). Keep the front matter {_WHERE[new_format.name]}; nothing was changed.",
                line=1, column=1, text=self.dumps(), path=self.path,
            )  # fmt: skip
        self._format, self._has_fm = new_format, True
        self._opening, self._closing = opening, closing
        self._fm, self._data = text, data

    @property
    def body_start_line(self) -> int:
        """The 1-based line number in the file of the body's first line."""
        return 1 + (self._opening + self._fm + self._closing).count("\n")

    @property
    def has_bom(self) -> bool:
        return self._bom

    # -- front matter edits (used by MetaMap / MetaList)

    def _key_path(self, path: KeyPath) -> KeyPath:
        if path and isinstance(path[0], str):
            return (self._format.key(path[0]), *path[1:])
        return path

    def _get(self, path: KeyPath) -> Any:
        node: Any = self._data
        for key in self._key_path(path):
            node = node[key]
        return node

    def _set(self, path: KeyPath, value: Any) -> None:
        self._ensure_front_matter()
        self._replace_front_matter(self._edit(self._format.set_value, path, value))

    def _delete(self, path: KeyPath) -> None:
        if self._has_fm:
            self._replace_front_matter(self._edit(self._format.delete, path))

    def _edit(self, edit: Callable[..., str], *args: Any) -> str:
        try:
            return edit(self._fm, *args, self.newline)
        except SyntaxProblem as problem:  # the block parsed when it was read: not expected
            raise _syntax_error(self, problem, self._format, self.dumps()) from None

    def _replace_front_matter(self, text: str) -> None:
        self._data = self._parse_front_matter(text, self.dumps())
        self._fm = text

    def _block_lines(self, fmt: FrontMatterFormat) -> tuple[str, str]:
        """The opening and closing lines a block of ``fmt`` has (its own, if it has them)."""
        if self._has_fm:
            return self._opening, self._closing
        if fmt.name == "headers":
            return "", self.newline  # the blank line that ends them
        return "---" + self.newline, "---" + self.newline

    def _ensure_front_matter(self) -> None:
        if not self._has_fm:
            self._format = FORMATS[self.front_matter_format]
            self._opening, self._closing = self._block_lines(self._format)
            self._has_fm = True

    def _parse_front_matter(self, fm: str, whole: str, fmt: FrontMatterFormat | None = None) -> Any:
        fmt = fmt or self._format
        try:
            data = fmt.load(fm)
        except SyntaxProblem as problem:
            raise _syntax_error(self, problem, fmt, whole) from None
        if not isinstance(data, Mapping):
            raise FrontMatterError(
                f"The front matter of {self._name} is not a list of keys and values.",
                f"Write it as keys and values {_WHERE[fmt.name]}, like 'title: My post'.",
                line=2, column=1, text=whole, path=self.path,
            )  # fmt: skip
        return data

    @property
    def _name(self) -> str:
        return self.path.name if self.path is not None else "this post"

    def __repr__(self) -> str:
        return f"Post({str(self.path) if self.path else '<unsaved>'!r})"


def _syntax_error(
    post: Post, problem: SyntaxProblem, fmt: FrontMatterFormat, whole: str
) -> FrontMatterError:
    """The error for front matter that does not parse, at its line and column in the file."""
    opening_lines = post._block_lines(fmt)[0].count("\n")
    line, column = problem.line + opening_lines + 1, problem.column + 1
    return FrontMatterError(
        f"The front matter of {post._name} is not valid {fmt.label} "
        f"(line {line}, column {column}): {problem.problem}.",
        f"Fix the {fmt.label} {_WHERE[fmt.name]}; nothing is saved until it is valid.",
        line=line, column=column, text=whole, path=post.path,
    )  # fmt: skip


class FrontMatterParts(NamedTuple):
    """A post's text cut at its ``---`` lines; ``opening`` keeps a BOM if the text has one."""

    opening: str
    front_matter: str
    closing: str  # "" when the closing '---' line is missing (the rest is front_matter)
    body: str


def split_front_matter(text: str) -> FrontMatterParts | None:
    """Cut ``text`` at its YAML front-matter delimiters; None when it has no YAML front matter
    (see :func:`split_block` for every format)."""
    block = fmtext.split(text, header_lines=False)
    if block is None or block.kind != "yaml":
        return None
    return FrontMatterParts(block.opening, block.front_matter, block.closing, block.body)


def split_block(text: str, header_lines: bool | None = None) -> Block | None:
    """Cut ``text`` at its front matter block in any format (:func:`editor.core.fmtext.split`)."""
    return fmtext.split(text, header_lines)


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

    def _key(self, key: str) -> str:
        """Header lines' keys are case-insensitive (``Title`` is ``title``); the others' are not."""
        return str(self._post._key_path((key,))[0]) if not self._path else key

    def __getitem__(self, key: str) -> Any:
        key = self._key(key)
        return _wrap(self._post, (*self._path, key), self._mapping()[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self._post._set((*self._path, key), value)

    def __delitem__(self, key: str) -> None:
        key = self._key(key)
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
