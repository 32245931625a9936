"""Config files read as text or data, never run: JavaScript searched without its comments,
Python's literal settings parsed, YAML with Jekyll's duplicate keys, nothing read outside the
site."""

from __future__ import annotations

import os
from pathlib import Path

from editor.core.site.generators.config import (
    js_code,
    js_objects,
    js_strings,
    load_data,
    py_settings,
    read_text,
)
from editor.core.site.generators.profiles import docusaurus_blogs


def test_comments_are_blanked_and_strings_kept() -> None:
    text = "a: 'x // y', // path: 'old'\n/* path: \"gone\" */ b: `z`\n"
    code = js_code(text)
    assert len(code) == len(text) and code.count("\n") == 2
    assert "old" not in code and "gone" not in code
    assert "'x // y'" in code and "`z`" in code


def test_string_literals_of_a_key_in_each_quote_and_call_shape() -> None:
    code = js_code(
        'path: \'blog\', "path": "news", path = `${__dirname}/content/blog`, '
        "path: `${other}/x`, setInputDirectory('src'), subpath: 'no'"
    )
    assert js_strings(code, "path") == ["blog", "news", "content/blog"]  # not ${other}
    assert js_strings(code, "setInputDirectory") == ["src"]


def test_objects_after_a_name_are_balanced_through_strings() -> None:
    code = "blog: { path: 'a', x: { y: '}' } }, docs: {}"
    assert list(js_objects(code, r"blog\s*:")) == ["{ path: 'a', x: { y: '}' } }"]


def test_docusaurus_blogs_from_the_preset_and_plugins_and_off() -> None:
    assert docusaurus_blogs(js_code("presets: [['classic', {blog: {showReadingTime: true}}]]")) == [
        "blog"
    ]
    two = (
        "blog: { path: 'newsletter', feedOptions: { path: 'x' } }, "
        "['@docusaurus/plugin-content-blog', { id: 'a', path: './articles' }]"
    )
    assert docusaurus_blogs(js_code(two)) == ["newsletter", "articles"]
    off = "blog: false, plugins: [['@docusaurus/plugin-content-blog', { path: 'news' }]]"
    assert docusaurus_blogs(js_code(off)) == ["news"]
    assert docusaurus_blogs(js_code("docs: false, blog: false")) == []


def test_python_settings_are_parsed_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = (
        f"import os\nopen({str(marker)!r}, 'w').write('x')\n"
        "PATH = 'posts'\nTYPOGRIFY: bool = True\nDERIVED = os.getcwd()\n"
        "MARKDOWN = {'extensions': ['markdown.extensions.toc']}\n"
    )
    assert py_settings(text) == {
        "PATH": "posts",
        "TYPOGRIFY": True,
        "MARKDOWN": {"extensions": ["markdown.extensions.toc"]},
    }
    assert not marker.exists()
    assert py_settings("PATH = (\n") == {}  # a file that does not parse reads as no settings


def test_yaml_with_duplicate_keys_keeps_the_last_as_jekyll_does(tmp_path: Path) -> None:
    path = tmp_path / "_config.yml"
    assert load_data(path, "title: a\ntitle: b\n") == {"title": "b"}
    assert load_data(path, "- a list\n") is None
    assert load_data(path, "key: [unclosed\n") is None
    assert load_data(tmp_path / "hugo.json", "[1]") is None


def test_a_config_that_is_a_link_out_of_the_site_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text('base_url = "x"\n')
    site = tmp_path / "site"
    site.mkdir()
    os.symlink(outside, site / "config.toml")
    assert read_text(site / "config.toml", site) is None
    assert read_text(outside, tmp_path) == 'base_url = "x"\n'
