"""Layer 0, the pure core: posts, rendering, sites, checks, images, journal, export.

Nothing here imports PySide6 (tests/test_pure_core.py walks the folder); it is tested without
a display and type-checked strictly.
"""
