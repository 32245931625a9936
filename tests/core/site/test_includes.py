"""A Jekyll site's includes read for the reference definitions they make: only inside the
includes folder, plain ones complete, ones with Liquid partial, each read again when it changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.core.site import IncludeFolder, Site, detect_generator, include_definitions

LINKS = "[seed library]: https://seeds.example/library\n[Compost guide]: /guides/compost/\n"


def jekyll_site(root: Path, config: str = "title: Letters\n") -> Path:
    root.mkdir(exist_ok=True)
    (root / "_config.yml").write_text(config)
    (root / "_includes").mkdir()
    (root / "_posts").mkdir()
    return root


def test_a_plain_include_defines_all_its_links(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path)
    (root / "_includes" / "links.md").write_text("Some words.\n\n" + LINKS)
    generator = detect_generator(root)
    assert generator is not None and generator.includes == IncludeFolder(root, root / "_includes")
    assert generator.includes.definitions("links.md") == (LINKS, True)
    assert generator.includes.definitions("missing.md") is None


def test_comments_are_nothing_and_other_liquid_leaves_the_include_partial() -> None:
    text = (
        "{% comment %}<!-- site links -->{% endcomment %}\n"
        "[topics]: /topics/\n"
        "{% for topic in site.topics %}\n"
        "  [topic {{ topic.title }}]: {{ topic.url }}\n"
        "  [loop only]: https://loop.example\n"
        "{% endfor %}\n"
        "[issue {{ include.n }}]: https://tracker.example/{{ include.n }}\n"
        "{% if include.v > 1 %}\n[new name]: https://new.example\n{% endif %}\n"
        "[bips repo]: https://bips.example/\n"
    )
    assert include_definitions(text) == (
        "[topics]: /topics/\n[bips repo]: https://bips.example/\n",
        False,  # the loop and the parameters may define more
    )
    commented = "{% comment %}\nnotes\n{% endcomment %}\n[a]: https://a.example\n"
    assert include_definitions(commented) == ("[a]: https://a.example\n", True)


def test_includes_are_read_only_inside_the_includes_folder(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path / "site")
    (root / "_includes" / "linkers").mkdir()
    (root / "_includes" / "linkers" / "repos.md").write_text(LINKS)
    (root / "secret.md").write_text("[secret]: https://secret.example\n")
    (tmp_path / "outside.md").write_text("[out]: https://out.example\n")
    (root / "_includes" / "escape.md").symlink_to(tmp_path / "outside.md")
    includes = IncludeFolder(root, root / "_includes")
    assert includes.definitions("linkers/repos.md") == (LINKS, True)
    for name in ("../secret.md", "/etc/hostname", "linkers/../../secret.md", "escape.md", ""):
        assert includes.definitions(name) is None, name
    assert includes.definitions("{{ page.links }}") is None  # a name only the build knows


def test_an_include_is_read_again_when_it_changes(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path)
    path = root / "_includes" / "links.md"
    path.write_text("[a]: https://a.example\n")
    includes = IncludeFolder(root, root / "_includes")
    assert includes.definitions("links.md") == ("[a]: https://a.example\n", True)
    path.write_text("[a]: https://a.example\n[b]: https://b.example\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert includes.definitions("links.md") == (
        "[a]: https://a.example\n[b]: https://b.example\n",
        True,
    )


def test_the_includes_folder_follows_the_config(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path, "source: site\nincludes_dir: partials\n")
    generator = detect_generator(root)
    assert generator is not None and generator.includes is not None
    assert generator.includes.folder == root / "site" / "partials"


@pytest.mark.parametrize("config", ["hugo.toml", "pelicanconf.py"])
def test_other_generators_read_no_includes_and_supply_no_excerpt(
    tmp_path: Path, config: str
) -> None:
    (tmp_path / config).write_text("")
    generator = detect_generator(tmp_path)
    assert generator is not None and generator.includes is None
    assert not generator.supplies_excerpt


def test_jekyll_gives_every_post_an_excerpt(tmp_path: Path) -> None:
    site = Site.open(jekyll_site(tmp_path))
    assert site.generator is not None and site.generator.supplies_excerpt
