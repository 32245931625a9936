"""The newsletter as an e-mail (pure; no Qt): its plain-text part, the message, sending.

Named ``mail``, not ``email``, so that it is never confused with the standard library's
``email`` package.
"""

from editor.core.mail.plaintext import html_to_text, plain_text

__all__ = ["html_to_text", "plain_text"]
