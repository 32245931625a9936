"""Layer 1: the open document, settings, recovery, file watching and the session.

PySide6.QtCore only, never widgets (tests/test_pure_core.py checks it).
"""
