"""The post as an e-mail (pure; no Qt): the message, its plain-text part, and the test send."""

from editor.core.mail.plaintext import html_to_text, plain_text

__all__ = ["html_to_text", "plain_text"]
