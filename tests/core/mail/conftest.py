"""Fixtures of the message tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.mail.cases import make_post


@pytest.fixture
def post_path(tmp_path: Path) -> Path:
    """A newsletter post with local, remote, WebP and SVG images, an embed and a script."""
    return make_post(tmp_path)
