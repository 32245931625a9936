"""Typed user settings on top of QSettings (layer 1: QtCore only).

One table lists every setting with its type and default; nothing is read at import time, and the
QSettings object is injected so that tests use a throwaway file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

if TYPE_CHECKING:
    from editor.core.mail.smtp import SmtpSettings


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    kind: type
    limits: tuple[int, int] | None = None  # an int is kept within these (a hand-edited file)


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("editor/wrap", True, bool),
        Setting("editor/monospace", True, bool),
        Setting("editor/font_size", 11, int, (6, 48)),
        Setting("editor/monospace_family", "", str),  # "": the system's fixed-width font
        Setting("editor/proportional_family", "", str),  # "": the system's general font
        Setting("editor/spelling", True, bool),  # underline misspelled words as you type
        Setting("appearance/theme", "system", str),  # one of THEMES
        Setting("preview/scroll_sync", True, bool),
        Setting("preview/visible", True, bool),
        Setting("preview/remote_default", False, bool),  # posts open with remote content on
        Setting("form/visible", True, bool),
        Setting("window/geometry", QByteArray(), QByteArray),
        Setting("window/state", QByteArray(), QByteArray),
        Setting("window/splitter", QByteArray(), QByteArray),
        Setting("files/recent", [], list),
        Setting("files/last_folder", "", str),
        Setting("files/backups", True, bool),
        # Unsaved text goes to the recovery journal this long after typing stops (never the post:
        # only Save writes it, see RELIABILITY.md).
        Setting("files/recovery_seconds", 1, int, (1, 60)),
        Setting("session/last_post", "", str),  # reopened by a start without arguments
        Setting("session/last_site", "", str),  # ... as part of this folder, or on its own
        Setting("window/toolbar", True, bool),
        Setting("images/scale_down", False, bool),
        Setting("images/max_width", 2000, int, (100, 20000)),
        Setting("images/strip_location", False, bool),
        Setting("new_post/author", "", str),
        Setting("new_post/avatar", "", str),
        # Word count goals, per post: JSON {"/path/to/post.md": 1000} (never in the post itself).
        Setting("posts/word_goals", "", str),
        # View ▸ Zoom: points added to the editor's font size, and the preview's zoom in percent.
        Setting("editor/zoom", 0, int, (-5, 36)),
        Setting("preview/zoom", 100, int, (30, 300)),
        # Issue 19: window and navigation.
        Setting("editor/line_numbers", False, bool),  # View ▸ Line Numbers
        Setting("files/recent_sites", [], list),  # folders opened with Open Folder, newest first
        Setting("spelling/offered_sites", [], list),  # sites offered their common words once
        # Issue 21: File ▸ Send Test E-mail (the password is in the system keyring, never here).
        Setting("mail/smtp_host", "", str),
        Setting("mail/smtp_port", 587, int, (1, 65535)),
        Setting("mail/smtp_user", "", str),
        Setting("mail/smtp_security", "starttls", str),  # one of MAIL_SECURITIES
        Setting("mail/from", "", str),  # "Name <a@b>" or a@b: the test's sender
        Setting("mail/to", "", str),  # where a test goes ("": the from-address)
        Setting("mail/remember_password", True, bool),  # in the keyring, when there is one
    )
}

THEMES = ("system", "light", "dark")
MAIL_SECURITIES = ("starttls", "ssl", "none")  # editor.core.mail.smtp.SECURITIES

MAX_RECENT = 10


class Settings(QObject):
    """Typed access to the settings table; emits ``changed(key)`` when a value is set."""

    changed = Signal(str)

    def __init__(self, store: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store

    def get(self, key: str) -> Any:
        setting = SETTINGS[key]
        value = self._store.value(key, setting.default)
        if value is None:
            return setting.default
        if setting.kind is bool:
            if isinstance(value, str):
                return value.lower() in ("true", "1", "yes")
            return bool(value)
        if setting.kind is int:
            try:
                number = int(value) if isinstance(value, (int, float, str)) else setting.default
            except ValueError:
                return setting.default
            if setting.limits is not None:
                low, high = setting.limits
                number = min(high, max(low, number))
            return number
        if setting.kind is list:
            if isinstance(value, str):
                return [value] if value else []
            return list(value) if isinstance(value, (list, tuple)) else setting.default
        if setting.kind is QByteArray:
            return value if isinstance(value, QByteArray) else setting.default
        return str(value)

    def set(self, key: str, value: Any) -> None:
        if key not in SETTINGS:
            raise KeyError(key)
        self._store.setValue(key, value)
        self.changed.emit(key)

    def limits(self, key: str) -> tuple[int, int]:
        """The range an int setting is kept in (what Preferences offers)."""
        limits = SETTINGS[key].limits
        if limits is None:
            raise KeyError(f"{key} has no limits")
        return limits

    def default(self, key: str) -> Any:
        """The value ``key`` has until it is set."""
        return SETTINGS[key].default

    def theme(self) -> str:
        """The ``appearance/theme`` setting, ``system`` for anything unknown."""
        theme = str(self.get("appearance/theme")).lower()
        return theme if theme in THEMES else "system"

    def smtp(self) -> SmtpSettings:
        """The test send's server settings (an unknown security reads as STARTTLS)."""
        from editor.core.mail.smtp import SmtpSettings

        security = str(self.get("mail/smtp_security")).lower()
        return SmtpSettings(
            host=str(self.get("mail/smtp_host")).strip(),
            port=int(self.get("mail/smtp_port")),
            user=str(self.get("mail/smtp_user")).strip(),
            security="ssl" if security == "ssl" else "none" if security == "none" else "starttls",
            sender=str(self.get("mail/from")).strip(),
        )

    def mail_recipient(self) -> str:
        """Where a test e-mail goes by default: ``mail/to``, else the from-address."""
        return str(self.get("mail/to")).strip() or str(self.get("mail/from")).strip()

    def sync(self) -> None:
        self._store.sync()

    # -- recent files

    def recent_files(self) -> list[str]:
        return [str(p) for p in self.get("files/recent")]

    def add_recent_file(self, path: str) -> None:
        recent = [p for p in self.recent_files() if p != path]
        self.set("files/recent", [path, *recent][:MAX_RECENT])

    def recent_sites(self) -> list[str]:
        """Site folders opened with File ▸ Open Folder, newest first."""
        return [str(p) for p in self.get("files/recent_sites")]

    def add_recent_site(self, folder: str) -> None:
        recent = [p for p in self.recent_sites() if p != folder]
        self.set("files/recent_sites", [folder, *recent][:MAX_RECENT])

    def clear_recent(self) -> None:
        """File ▸ Open Recent ▸ Clear Recent: forget the recent posts and sites."""
        self.set("files/recent", [])
        self.set("files/recent_sites", [])
