"""Tests of the widgets (pytest-qt, offscreen)."""
