"""The post's own ``<style>`` elements: what Galley does with them, and why (``post-style``)."""

from __future__ import annotations

from pathlib import Path

from editor.core.checks.problem import Problem
from editor.core.checks.references import Scan


def style_problems(path: Path, scan: Scan) -> list[Problem]:
    """One note, at the first ``<style>``, when the post carries its own styles."""
    if not scan.styles:
        return []
    count = len(scan.styles)
    elements = "a <style> element" if count == 1 else f"{count} <style> elements"
    return [
        Problem(
            path,
            scan.styles[0],
            "info",
            "post-style",
            f"The post carries its own styles ({elements}). Galley's preview applies them "
            "inside the post body only, and the e-mail export leaves them out, as mail "
            "clients such as Gmail strip <style>; on the "
            "published site they restyle the whole page. To style one element, give it a "
            'style="" attribute, which the export keeps.',
        )
    ]
