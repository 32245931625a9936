"""The fixture site and its problems, read once for all the checks' tests (as when they were
one module)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from editor.core.checks import Problem, check_site
from editor.core.site import Site
from tests.core.checks.cases import FIXTURE


@pytest.fixture(scope="package")
def site() -> Site:
    return Site.open(FIXTURE)


@pytest.fixture(scope="package")
def problems(site: Site) -> list[Problem]:
    return check_site(site)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "site"))
