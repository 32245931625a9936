"""The newsletter as e-mail (pure; no Qt): the message, its plain text, the inbox preview, sending.

Named ``mail`` so that it never shadows the standard library's ``email`` package.
"""
