"""Galley: an offline desktop editor for Markdown newsletters and blog posts."""

__version__ = "0.1.0"
