"""Pre-publish checks: what a reader would trip over, found before the post goes out (pure; no Qt).

:func:`check_site` checks posts on disk (the ``galley check`` command); :func:`check_post` checks
one post from the text in the editor, fast enough to run as the author types. Each finding is a
:class:`Problem` at a 1-based line of the post file (the opening ``---`` is line 1; line 0 means
the whole post), with a message that says what is wrong and what to do, and sometimes a
:class:`Fix`.

One module per concept, each importing only :mod:`.problem` (the :class:`Problem` and
:class:`Fix` types) and the modules above it in this list: :mod:`.site_index` (what the checks
know of the site), :mod:`.front_matter`, :mod:`.references` (the body scan; images and links),
:mod:`.images` (unused images), :mod:`.series`, :mod:`.pull_requests`, :mod:`.styles` (the
post's own ``<style>``), :mod:`.mail` (the post as an e-mail), and :mod:`.run`, which runs them
all.

Checks, by code (severity):

Front matter
    ``invalid-front-matter`` (error): the YAML does not parse; at the YAML error's line, and no
    other check runs on that post. ``unreadable-post`` (error): not UTF-8, or not readable.
    ``missing-title``, ``missing-date`` (error), ``missing-description`` (warning): absent or
    blank (at the key's line, or line 1 when the key is absent). ``invalid-date`` (error): a date
    :func:`editor.core.dates.parse` cannot read. ``long-title`` (warning): over 70 characters.
    ``long-description`` (warning): over 160 characters. No "missing" problem for what the
    generator supplies (a Jekyll title from the file name, a date from it, a description from
    the excerpt every Jekyll post has: ``Generator.supplies_excerpt``).

Images and links (Markdown, reference definitions, and ``<img src>``/``<a href>`` in HTML)
    ``broken-image`` (error): a relative image path with no file there (``%20`` and other
    escapes decoded), one that leads outside the site's folder, or a site-root path
    (``/img/x.png``) that none of the site's static folders has (where the generator profile
    knows them: see :class:`editor.core.site.ImageResolver`). ``image-path-spaces`` (error):
    ``![alt](./a b.png)`` — a path with a space that is not written ``<./a b.png>`` shows as
    text, not as a picture. ``missing-alt``
    (warning): ``![](x.png)``, or ``<img>`` without ``alt`` (``alt=""`` marks a decorative image
    and is fine). ``broken-link`` (warning): a relative link to a file or folder that does not
    exist. ``link-path-spaces`` (warning): a link to a file path with a space, not in ``<…>``.
    ``broken-site-link`` (warning): a link like ``/blog/<slug>/`` to no post of this site (for
    sites whose posts are in ``content/<section>/``). Remote URLs, ``mailto:``, ``#anchors`` and
    other absolute paths (site-root images too, on a site whose static folders are unknown)
    cannot be checked offline and are left alone, and so is an address that holds template
    syntax the build expands (``{{ page.url }}``; a Jekyll post's ``{% assign %}`` string is
    written in first). The reference definitions of a Jekyll post's includes define its links
    too, and are the include's to check, not the post's.
    ``post-style`` (info): the post carries its own ``<style>`` (at the first); the note says that
    the preview keeps it to the post body and the e-mail export leaves it out.

Site
    ``unused-image`` (info): an image file in a bundle post's folder (``<slug>/index.md``) that no
    post mentions (a site-root reference such as ``/blog/slug/x.png`` mentions it too; the site's
    shared static folders are no post's to judge); its fix ``delete-file`` names the file (the
    window asks, then moves it to the trash). ``bare-pull-request`` (warning), only when
    ``pull_request_base`` is set: a plain-text ``#5392`` (three digits or more) outside links, code
    and HTML; one problem per line, with the fix ``link-pull-requests`` (see
    :func:`link_pull_requests`).

E-mail (the post as the message ``galley export --eml`` writes; see :mod:`.mail`)
    ``email-too-large`` (warning): the message's HTML part passes 102 KB, where Gmail clips a
    message ("[Message clipped]"); the message gives the size. ``email-missing-preheader``
    (info): no preheader (``[email] preheader_key``, by default the description) for the line
    inboxes show after the subject. ``email-image-too-large`` (warning): a local image over
    1 MB, which the message would carry. ``email-image-format`` (info): a WebP image (the
    message carries a PNG or JPEG copy) or an SVG one (carried as it is; Gmail and Outlook
    show its alt text), at its first reference.

Series (see :mod:`editor.core.site`)
    ``duplicate-issue-number`` (error): on each issue whose number another issue also uses.
    ``issue-number-mismatch`` (error): the title's number is not the slug's; on the title line.
    ``missing-issue-numbers`` (info): numbers skipped between the first and the last issue, once
    per series, on the title line of its latest issue.
    Checking some posts (``galley check POST``, the window's live check) reports only their
    problems: no other issue's mismatch, and a gap only when it lies just before the checked
    issue and that issue is the latest. ``issue-number-elsewhere`` (info): another issue's
    folder (or file) name carries the checked issue's number while its title says another;
    on the checked issue's title line, naming the other issue.
"""

from __future__ import annotations

from editor.core.checks.problem import SEVERITIES, Fix, Problem
from editor.core.checks.pull_requests import link_pull_requests
from editor.core.checks.run import apply_fix, check_post, check_site

__all__ = [
    "SEVERITIES",
    "Fix",
    "Problem",
    "apply_fix",
    "check_post",
    "check_site",
    "link_pull_requests",
]
