"""Titles made to fit a narrow list: an issue of a series shows what tells it apart.

In the Posts panel every "Backstage Weekly 26 - Plugins galore" would be cut to
"Backstage Weekly …" by the panel's width; the list shows "…26 · Plugins galore" instead (the
full title is its tooltip).
"""

from __future__ import annotations

SHARED = "…"  # stands for the series name every issue shares


def distinguishing_title(title: str, series: str | None) -> str:
    """``title`` without the series name it shares with its siblings, ``…26 · Subtitle``; a
    title that is only the name and number is short already, and any other title is kept."""
    if not series:
        return title
    from editor.core.site import title_parts  # (a site is read after the first paint)

    parts = title_parts(title)
    if parts is None or parts.name.casefold() != series.casefold() or not parts.subtitle.strip():
        return title
    return f"{SHARED}{parts.number} · {parts.subtitle.strip()}"
