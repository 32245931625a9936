"""The published site's address, read from each generator's config."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.site import detect_generator, site_address

CONFIGS = [
    ("hugo.toml", 'baseURL = "https://tides.example/"\ntitle = "Tides"\n', "https://tides.example"),
    ("_config.yml", "url: https://tides.example\nbaseurl: /blog\n", "https://tides.example/blog"),
    ("config.toml", 'base_url = "https://tides.example"\n', "https://tides.example"),
    ("pelicanconf.py", "SITEURL = 'https://tides.example'\n", "https://tides.example"),
    (
        "docusaurus.config.js",
        "module.exports = { url: 'https://tides.example', baseUrl: '/docs/' };\n",
        "https://tides.example/docs",
    ),
    (
        "gatsby-config.js",
        "module.exports = { siteMetadata: { siteUrl: `https://tides.example` } };\n",
        "https://tides.example",
    ),
    (
        "astro.config.mjs",
        "export default defineConfig({ site: 'https://tides.example' });\n",
        "https://tides.example",
    ),
]


@pytest.mark.parametrize(("name", "text", "address"), CONFIGS)
def test_the_address_is_the_configs(tmp_path: Path, name: str, text: str, address: str) -> None:
    (tmp_path / name).write_text(text)
    assert site_address(detect_generator(tmp_path)) == address


def test_no_address_or_a_local_one_is_none(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("url: http://localhost:4000\n")
    assert site_address(detect_generator(tmp_path)) is None
    (tmp_path / "_config.yml").write_text("title: Tides\n")
    assert site_address(detect_generator(tmp_path)) is None
    assert site_address(None) is None
