"""A post's own <style> applies inside the post body only (the preview)."""

from __future__ import annotations

import pytest

from editor.core.scopecss import scope_stylesheet

SCOPE = "#galley-body"


@pytest.mark.parametrize(
    ("css", "scoped"),
    [
        ("body{background:red}", "#galley-body {background:red}"),
        ("html { color: red }", "#galley-body { color: red }"),
        (":root { --accent: red }", "#galley-body { --accent: red }"),
        ("p { color: green }", "#galley-body p { color: green }"),
        ("h2, .x > p { margin: 0 }", "#galley-body h2, #galley-body .x > p { margin: 0 }"),
        ("html body > p { x: 1 }", "#galley-body > p { x: 1 }"),
        ("body.dark p { x: 1 }", "#galley-body.dark p { x: 1 }"),
        ("body p { x: 1 }", "#galley-body p { x: 1 }"),
        ("bodyguard { x: 1 }", "#galley-body bodyguard { x: 1 }"),
        ("a:hover { x: 1 }", "#galley-body a:hover { x: 1 }"),
        ("* { x: 1 }", "#galley-body * { x: 1 }"),
        ("#galley-body p { x: 1 }", "#galley-body p { x: 1 }"),  # scoping twice: no change
    ],
)
def test_every_selector_is_kept_to_the_post_body(css: str, scoped: str) -> None:
    assert scope_stylesheet(css, SCOPE) == scoped + "\n"


def test_media_and_supports_are_scoped_inside_and_what_loads_is_dropped() -> None:
    css = (
        "@import url(theme.css);\n"
        "@font-face { font-family: X; src: url(x.woff) }\n"
        "@media (max-width: 600px) { body { margin: 0 } h2 { color: blue } }\n"
        "@supports (display: grid) { @media print { p { x: 1 } } }\n"
        "@keyframes spin { from { opacity: 0 } to { opacity: 1 } }\n"
        "@page { margin: 0 }\n"
    )
    assert scope_stylesheet(css, SCOPE) == (
        "@media (max-width: 600px) {\n"
        "#galley-body { margin: 0 }\n#galley-body h2 { color: blue }\n}\n"
        "@supports (display: grid) {\n@media print {\n#galley-body p { x: 1 }\n}\n}\n"
        "@keyframes spin { from { opacity: 0 } to { opacity: 1 } }\n"
    )
