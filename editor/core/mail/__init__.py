"""The post as an e-mail (pure; no Qt): the message, its plain-text part, and the test send."""
