"""The fixture site, opened once per module (and its one series), and a copy of it to change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from editor.core.site import Series, Site
from tests.helpers import FIXTURES

FIXTURE = FIXTURES / "site"


@pytest.fixture(scope="module")
def site() -> Site:
    return Site.open(FIXTURE)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "site"))


@pytest.fixture(scope="module")
def weekly(site: Site) -> Series:
    (series,) = site.series()
    return series
