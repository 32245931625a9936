"""The published site's address, as its generator's config gives it (pure; no Qt).

Where a link or an image of a post leaves Galley (Edit ▸ Copy as E-mail HTML), a site-root
path such as ``/img/x.png`` becomes ``https://example.com/img/x.png`` when the address is known:
Hugo's ``baseURL``, Jekyll's ``url`` and ``baseurl``, Zola's ``base_url``, Docusaurus's ``url``
and ``baseUrl``, Pelican's ``SITEURL``, Gatsby's ``siteMetadata.siteUrl``, Astro's ``site``,
Eleventy's ``_data/metadata.json`` ``url`` (its starter's convention). The config is read as
text or data, never run.
"""

from __future__ import annotations

import json
from typing import Any

from editor.core.site.generators.base import Generator
from editor.core.site.generators.config import js_code, js_strings, lookup, py_settings, read_text

__all__ = ["site_address"]


def site_address(generator: Generator | None) -> str | None:
    """``https://example.com/blog`` (no trailing slash), or None when the config gives none
    (or only a local or relative one)."""
    if generator is None:
        return None
    try:
        found = _address(generator)
    except (OSError, ValueError, TypeError):  # a config Galley cannot read: no address
        return None
    if not isinstance(found, str) or not found.startswith(("https://", "http://")):
        return None
    if "//localhost" in found or "//127.0.0.1" in found:
        return None
    return found.rstrip("/")


def _address(generator: Generator) -> Any:
    config, root = generator.config_path, generator.root
    text = read_text(config, root) if config is not None else None
    name = generator.name
    if name == "eleventy":
        metadata = read_text(root / "_data" / "metadata.json", root)
        return json.loads(metadata).get("url") if metadata else None
    if text is None or config is None:
        return None
    if name in ("hugo", "jekyll", "zola"):
        from editor.core.site.generators.config import load_data
        from editor.core.site.generators.profiles import _hugo_data as hugo_data

        data = hugo_data(root, config, text) if name == "hugo" else load_data(config, text)
        if name == "hugo":
            return lookup(data, "baseURL", fold=True)
        if name == "zola":
            return lookup(data, "base_url")
        url, base = lookup(data, "url"), lookup(data, "baseurl")
        return _joined(url, base)
    if name == "pelican":
        return py_settings(text).get("SITEURL")
    code = js_code(text)
    key = {"docusaurus": "url", "gatsby": "siteUrl", "astro": "site"}.get(name)
    if key is None:
        return None
    found = next(iter(js_strings(code, key)), None)
    if name == "docusaurus":
        return _joined(found, next(iter(js_strings(code, "baseUrl")), None))
    return found


def _joined(url: object, base: object) -> str | None:
    if not isinstance(url, str):
        return None
    if isinstance(base, str) and base.strip("/"):
        return url.rstrip("/") + "/" + base.strip("/")
    return url
