"""Galley's bundled data files (installed as ``editor.resources``); read them via ``editor.bundled``."""
