"""A post as a real e-mail message: ``galley export POST --eml`` (pure; no Qt).

:func:`build_message` builds it with the standard library's :class:`~email.message.EmailMessage`
and :data:`email.policy.SMTP` (CRLF line ends, headers folded at 78 columns as RFC 5322 asks,
non-ASCII text encoded, UTF-8 throughout; :data:`SMTP_POLICY` works around one folding bug),
never by hand::

    multipart/alternative
    ├── text/plain                 the plain text (part P's plain_text, passed in)
    └── multipart/related          (text/html alone when the post has no local image)
        ├── text/html              the HTML export, its local images as cid: references
        └── image/…                each local image once, the avatar too, with a Content-ID

The HTML is the HTML export's (:func:`editor.core.export.export_page`: styles inlined, iframes
as linked cards, remote images remote, no script, handler or local path; the allow-list
sanitiser lets ``cid:`` through in ``<img src>`` only), with the images collected by
:class:`~editor.core.mail.images.ImageParts` instead of written as ``data:`` URIs, and a hidden
preheader block first in its body.

The subject is the post's title, or the value of the key ``[email] subject_key`` names in
``galley.toml``; the preheader (the grey line inboxes show after the subject) the value of
``[email] preheader_key``, by default the description. ``From`` and ``To`` come from
:class:`MailOptions`; left empty, they are placeholders that say where to set them
(:data:`PLACEHOLDER_FROM`, :data:`PLACEHOLDER_TO`, at ``example.invalid``, a domain that can
receive nothing).
"""

from __future__ import annotations

import datetime as dt
import re
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import EmailPolicy, default
from email.utils import format_datetime, make_msgid, parseaddr
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from editor.core.errors import GalleyError
from editor.core.mail.images import ImageParts, InlineImage
from editor.core.mail.options import (
    GMAIL_CLIP_BYTES,
    MailOptions,
    preheader_of,
    subject_of,
)
from editor.core.site.settings import address_problem

if TYPE_CHECKING:
    from editor.core.htmlrewrite import EmbedImage
    from editor.core.post import Post
    from editor.core.render.dialects import Dialect
    from editor.core.site import ImageResolver
    from editor.core.site.generators import Generator

__all__ = [
    "GMAIL_CLIP_BYTES",
    "PLACEHOLDER_FROM",
    "PLACEHOLDER_TO",
    "SMTP_POLICY",
    "MailError",
    "MailOptions",
    "build_message",
    "email_html",
    "html_part_size",
    "preheader_of",
    "subject_of",
]

PLACEHOLDER_FROM = '"Sender: set [email] from in galley.toml" <sender@example.invalid>'
PLACEHOLDER_TO = '"Readers: set [email] to in galley.toml" <readers@example.invalid>'
_DOMAIN = "galley.invalid"  # of Message-ID and Content-IDs when the sender has none
_PREHEADER_STYLE = (
    "display: none; max-height: 0; max-width: 0; overflow: hidden; mso-hide: all; "
    "opacity: 0; font-size: 1px; line-height: 1px; color: transparent"
)
# After the preheader, the inbox's preview line would go on with the body's first words (the
# title, the byline); a run of zero-width non-joiners and no-break spaces fills it instead.
_PREHEADER_PADDING = "&zwnj;&nbsp;" * 100

ImageMode = Literal["cid", "data", "url"]


class _MailPolicy(EmailPolicy):
    """:data:`email.policy.SMTP`, but for a header the standard library would fold so that it
    reads back otherwise, which it writes on one line (RFC 5322 allows 998 characters).

    Python 3.11 to 3.13 keep the space before a fold that precedes an encoded word: the
    subject "Happy birthday to Backstage 🎂" is folded as ``…Backstage \r\n =?utf-8?q?…?=``,
    which every client reads with two spaces; some versions also join two encoded words
    (``?==?``), which Yahoo refuses (python/cpython#144156).
    """

    def fold_binary(self, name: str, value: str) -> bytes:
        folded = super().fold_binary(name, value)
        if b"?==?" not in folded and _reads_back(name, str(value), folded):
            return folded
        return EmailPolicy.fold_binary(self.clone(max_line_length=998), name, value)


def _reads_back(name: str, value: str, folded: bytes) -> bool:
    header = BytesHeaderParser(policy=default).parsebytes(folded + b"\r\n")[name]
    return header is not None and str(header) == value


SMTP_POLICY = _MailPolicy(linesep="\r\n")
"""The message's policy: :data:`email.policy.SMTP` with the folding fix of :class:`_MailPolicy`."""


class MailError(GalleyError):
    """A message could not be built from these options (an address that is none)."""


def email_html(
    post: Post,
    options: MailOptions,
    *,
    images: ImageMode = "cid",
    emoji: bool = False,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    resolver: ImageResolver | None = None,
    domain: str = _DOMAIN,
) -> tuple[str, list[InlineImage]]:
    """The message's HTML (the whole page) and the images it names as ``cid:``.

    ``images``: ``"cid"``, local images as the parts returned (for the message); ``"data"``,
    embedded as ``data:`` URIs, as the HTML export does (nothing returned); ``"url"``, as
    their address on the site where ``options.site_url`` and the site's static folders
    (``resolver``) tell it (``/img/x.png`` → ``https://example.com/img/x.png``), else embedded
    (for pasting into a mailer's editor). ``emoji``, ``dialect``, ``generator`` and
    ``resolver`` are the site's, as for :func:`~editor.core.export.export_page` (whose
    ``images`` is ``resolver`` here).
    """
    parts = ImageParts(domain) if images == "cid" else None
    embed: EmbedImage | None = parts
    if images == "url":
        embed = _site_image_embedder(resolver, options.site_url)
    elif images not in ("cid", "data"):
        raise ValueError(f"images must be 'cid', 'data' or 'url', not {images!r}")
    page = email_page(post, options, embed, images == "cid", emoji, dialect, generator, resolver)
    if parts is None:
        return page, []
    # Only the parts the page names: the sanitiser drops an image the rewrite collected inside
    # what it removes whole (<noscript>, <template>…), and a part no one names shows as an
    # attachment.
    named = set(re.findall(r'src="cid:([^"]+)"', page))
    return page, [image for image in parts.images if image.cid in named]


def build_message(
    post: Post,
    options: MailOptions,
    *,
    plain: str,
    emoji: bool = False,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    resolver: ImageResolver | None = None,
    date: dt.datetime | None = None,
) -> EmailMessage:
    """The post as a message (policy SMTP): see the module documentation for its parts.

    ``plain`` is its text part (:func:`editor.core.mail.plaintext.plain_text`); ``date`` its
    ``Date`` (now, in the local time zone, without it).

    Raises:
        MailError: ``options.sender`` or ``options.recipient`` is not a mail address.
    """
    sender = _address(options.sender, "sender", "[email] from") or PLACEHOLDER_FROM
    recipient = _address(options.recipient, "recipient", "[email] to") or PLACEHOLDER_TO
    domain = _domain_of(sender) if options.sender else _DOMAIN
    html, images = email_html(
        post,
        options,
        images="cid",
        emoji=emoji,
        dialect=dialect,
        generator=generator,
        resolver=resolver,
        domain=domain,
    )
    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = subject_of(post, options)
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(date or dt.datetime.now().astimezone())
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(plain, subtype="plain", charset="utf-8")  # adds MIME-Version: 1.0
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    html_part = list(message.iter_parts())[1]  # (after the text/plain)
    assert isinstance(html_part, EmailMessage)
    for image in images:
        maintype, _, subtype = image.mime.partition("/")
        html_part.add_related(
            image.data,
            maintype,
            subtype,
            cid=f"<{image.cid}>",
            filename=image.filename,
            disposition="inline",
        )
    for part in message.walk():  # each part added got one: it belongs to the message only
        if part is not message:
            del part["MIME-Version"]
    return message


def html_part_size(message: EmailMessage) -> int:
    """The size in bytes of a message's HTML part: its HTML decoded (as Gmail measures it),
    lines ending in LF (as built; read back from the wire they end in CRLF)."""
    part = message.get_body(preferencelist=("html",))
    if part is None:
        return 0
    content = part.get_content()
    if isinstance(content, str):
        return len(content.replace("\r\n", "\n").encode("utf-8"))
    return len(content.replace(b"\r\n", b"\n"))


# -- the parts


def email_page(
    post: Post,
    options: MailOptions,
    embed: EmbedImage | None,
    cid_images: bool,
    emoji: bool,
    dialect: Dialect | None,
    generator: Generator | None,
    resolver: ImageResolver | None,
) -> str:
    """The message's HTML page, its images by ``embed``; ``cid_images``: it writes ``cid:``."""
    from editor.core.export import export_page

    page = export_page(
        post,
        site_url=options.site_url,
        emoji=emoji,
        dialect=dialect,
        generator=generator,
        images=resolver,
        embed_image=embed,
        cid_images=cid_images,
    )
    subject = subject_of(post, options)
    page = re.sub(
        r"<title>.*?</title>",
        lambda _: f"<title>{escape(subject)}</title>",
        page,
        count=1,
        flags=re.S,
    )
    preheader = preheader_of(post, options)
    if not preheader:
        return page
    body_at = page.index("<body")
    content_at = page.index(">", body_at) + 1
    block = (
        f'\n<div class="preheader" style="{_PREHEADER_STYLE}">'
        f"{escape(preheader)}{_PREHEADER_PADDING}</div>"
    )
    return page[:content_at] + block + page[content_at:]


def _site_image_embedder(resolver: ImageResolver | None, site_url: str | None) -> EmbedImage:
    """Site images (in a static folder) as their address on the site; the others embedded."""
    from editor.core.export import image_embedder

    embedded = image_embedder()

    def embed(path: Path, classes: frozenset[str]) -> str | None:
        where = resolver.site_path(path) if resolver is not None and site_url else None
        if where is not None and site_url:
            return site_url.rstrip("/") + where
        return embedded(path, classes)

    return embed


def _address(value: str, role: str, setting: str) -> str:
    value = value.strip()
    if value and address_problem(value):
        raise MailError(
            f"Could not build the e-mail: the {role} '{value}' is not a mail address.",
            f"Write it like Tideline <news@example.com> (in galley.toml: {setting} = "
            '"Tideline <news@example.com>"), or leave it empty for a placeholder.',
        )
    return value


def _domain_of(address: str) -> str:
    domain = parseaddr(address)[1].rpartition("@")[2]
    return domain if re.fullmatch(r"[A-Za-z0-9.-]+", domain) else _DOMAIN


def compose_message(
    post: Post,
    options: MailOptions,
    *,
    emoji: bool = False,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    images: ImageResolver | None = None,
) -> EmailMessage:
    """The post's whole message, its text part made by
    :func:`~editor.core.mail.plaintext.plain_text` (``images``: the site's image resolver, as
    :func:`~editor.core.export.export_page` takes it). Raises :class:`MailError` as
    :func:`build_message` does."""
    from editor.core.mail.plaintext import plain_text

    plain = plain_text(
        post,
        site_url=options.site_url,
        emoji=emoji,
        dialect=dialect,
        generator=generator,
        images=images,
    )
    return build_message(
        post,
        options,
        plain=plain,
        emoji=emoji,
        dialect=dialect,
        generator=generator,
        resolver=images,
    )
