"""Galley's bundled data files (installed as ``editor.resources``).

Read them via ``editor.core.bundled``.
"""
