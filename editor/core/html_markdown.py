"""Rich text from the clipboard (a web page, a mail) as Markdown.

Browsers and mail clients put ``text/html`` on the clipboard beside the plain text: Chrome
wraps the selection in ``<html><body><!--StartFragment-->…<!--EndFragment-->``, Firefox starts
with ``<meta charset>``, Windows adds a ``Version:0.9 StartHTML:…`` header, Gmail and Google Docs
write bold and italics as inline styles on ``<span>`` (and wrap a whole Docs selection in
``<b style="font-weight:normal">``). :func:`html_to_markdown` reads all of these with
`markdownify <https://pypi.org/project/markdownify/>`_ (on BeautifulSoup's html.parser) and
gives Markdown as Galley writes it: ATX headings, ``-`` bullets, ``*emphasis*``, ``**strong**``,
fenced code with the language a page's ``class="language-x"`` names, remote images kept as
references (nothing is downloaded). Scripts, styles and the page's head are dropped.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Comment, Tag
from markdownify import MarkdownConverter

# Elements whose content is never text the user meant to copy.
_DROPPED = ("script", "style", "head", "title", "meta", "link", "noscript", "template", "svg")
_WINDOWS_HEADER = re.compile(r"\AVersion:\d[^<]*", re.DOTALL)
_FRAGMENT = re.compile(r"<!--\s*StartFragment\s*-->(.*)<!--\s*EndFragment\s*-->", re.DOTALL)
_LANGUAGE = re.compile(r"^(?:language|lang|highlight-source|highlight)-([\w+#.-]+)$")
_BOLD = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)\b", re.IGNORECASE)
_NOT_BOLD = re.compile(r"font-weight\s*:\s*(normal|lighter|[1-4]00)\b", re.IGNORECASE)
_ITALIC = re.compile(r"font-style\s*:\s*(italic|oblique)\b", re.IGNORECASE)
_MONOSPACE = re.compile(r"font-family\s*:[^;]*\bmono", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_BREAK = "  \n"  # markdownify's hard line break (two spaces)


def _language(element: Tag) -> str:
    """The language a code block names in its classes (``language-python``), if any."""
    for tag in (element, element.find("code")):
        if isinstance(tag, Tag):
            for name in tag.get_attribute_list("class"):
                match = _LANGUAGE.match(name or "")
                if match:
                    return match.group(1)
    return ""


# markdownify makes its inline conversions at class creation: reach them through the class.
_CONVERSIONS = vars(MarkdownConverter)


class _Converter(MarkdownConverter):
    """markdownify with the inline styles mail clients and Google Docs use for emphasis."""

    def convert_span(self, el: Tag, text: str, parent_tags: Any) -> str:
        style = str(el.get("style") or "")
        if _MONOSPACE.search(style) and text.strip() and "\n" not in text.strip():
            return str(_CONVERSIONS["convert_code"](self, el, text, parent_tags))
        if _ITALIC.search(style):
            text = str(_CONVERSIONS["convert_em"](self, el, text, parent_tags))
        if _BOLD.search(style):
            text = str(self.convert_b(el, text, parent_tags))
        return text

    def convert_b(self, el: Tag, text: str, parent_tags: Any) -> str:
        if _NOT_BOLD.search(str(el.get("style") or "")):
            return text  # Google Docs wraps the whole selection in <b style="font-weight:normal">
        return str(_CONVERSIONS["convert_b"](self, el, text, parent_tags))

    convert_strong = convert_b


def _fragment(html: str) -> str:
    html = _WINDOWS_HEADER.sub("", html, count=1)
    match = _FRAGMENT.search(html)
    return match.group(1) if match else html


def html_to_markdown(html: str) -> str:
    """Markdown for a clipboard's ``text/html`` (an empty string when it holds no text)."""
    soup = BeautifulSoup(_fragment(html), "html.parser")
    for element in soup.find_all(_DROPPED):
        element.decompose()
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    converter = _Converter(
        heading_style="ATX",
        bullets="-",
        strong_em_symbol="*",
        code_language_callback=_language,
        escape_underscores=False,  # snake_case words stay readable; mid-word _ is not emphasis
    )
    markdown = converter.convert_soup(soup)
    markdown = _TRAILING.sub(lambda m: m.group(0) if m.group(0) == "  " else "", markdown)
    markdown = _BLANK_LINES.sub("\n\n", markdown).strip("\n")
    while markdown.endswith(_BREAK.rstrip("\n")):
        markdown = markdown[:-2]
    return markdown


def _bare(text: str) -> str:
    """Text with Markdown's escapes and all whitespace differences removed."""
    return "".join(re.sub(r"\\(.)", r"\1", text).split())


def adds_formatting(markdown: str, plain: str) -> bool:
    """Whether the Markdown says more than the plain text beside it on the clipboard (links,
    emphasis, lists, headings…): when it does not, the plain text is pasted as it is."""
    return _bare(markdown) != _bare(plain)
