"""The SMTP password in the system keyring (pure; no Qt), through :mod:`keyring`.

The password is kept under the service ``Galley SMTP`` and the account ``user@host`` (the login
and the server it is for), in whatever keyring the desktop has (GNOME Keyring or KWallet through
the Secret Service, macOS Keychain, Windows Credential Locker). It is never written to Galley's
settings file nor to the log. Without a usable keyring (:func:`keyring_available` is false: the
``fail`` or ``null`` backend, or none found) Galley asks for it each time it sends.

Reading never raises: a locked or broken keyring reads as "no password stored"; storing and
forgetting raise :class:`SecretsError`, whose text says what to do.
"""

from __future__ import annotations

import logging
from typing import Any

from editor.core.errors import GalleyError

SERVICE = "Galley SMTP"

_log = logging.getLogger(__name__)


class SecretsError(GalleyError):
    """The keyring could not store or forget the password."""


def account(user: str, host: str) -> str:
    """The keyring's user name for the login ``user`` on ``host``: ``user@host``."""
    return f"{user.strip()}@{host.strip().lower()}"


def _backend() -> Any | None:
    """The keyring backend in use, or None when none can keep a password."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration
        _log.debug("no keyring: %s", type(exc).__name__)
        return None
    if isinstance(backend, chainer.ChainerBackend):
        usable = any(not isinstance(b, (fail.Keyring, null.Keyring)) for b in backend.backends)
        return backend if usable else None
    return None if isinstance(backend, (fail.Keyring, null.Keyring)) else backend


def keyring_available() -> bool:
    """Whether a system keyring can keep the password ("Remember password" is offered)."""
    return _backend() is not None


def keyring_name() -> str:
    """The keyring's name as the user may know it ("SecretService Keyring"), or ""."""
    backend = _backend()
    if backend is None:
        return ""
    return str(getattr(backend, "name", "") or type(backend).__name__)


def stored_password(user: str, host: str) -> str | None:
    """The password kept for ``user`` on ``host``, or None (none kept, no keyring, or the
    keyring is locked or failed; the failure is logged without any secret)."""
    backend = _backend()
    if backend is None or not user.strip() or not host.strip():
        return None
    try:
        password = backend.get_password(SERVICE, account(user, host))
    except Exception as exc:
        _log.info("Could not read the SMTP password from the keyring: %s", type(exc).__name__)
        return None
    return password if isinstance(password, str) and password else None


def store_password(user: str, host: str, password: str) -> None:
    """Keep ``password`` for ``user`` on ``host`` in the keyring (replacing any before)."""
    backend = _backend()
    if backend is None:
        raise SecretsError(
            "Could not remember the password: this system has no keyring Galley can use.",
            "Galley will ask for it each time you send a test e-mail.",
        )
    try:
        backend.set_password(SERVICE, account(user, host), password)
    except Exception as exc:
        _log.info("Could not store the SMTP password in the keyring: %s", type(exc).__name__)
        raise SecretsError(
            f"Could not remember the password: the keyring refused it ({type(exc).__name__}).",
            "Unlock your keyring (for example GNOME Keyring or KWallet) and send again; until "
            "then Galley asks for the password each time.",
        ) from None


def forget_password(user: str, host: str) -> None:
    """Remove the password kept for ``user`` on ``host``, if any."""
    backend = _backend()
    if backend is None or not user.strip() or not host.strip():
        return
    try:
        from keyring.errors import PasswordDeleteError

        try:
            backend.delete_password(SERVICE, account(user, host))
        except PasswordDeleteError:
            return  # none was kept
    except Exception as exc:
        _log.info("Could not remove the SMTP password from the keyring: %s", type(exc).__name__)
        raise SecretsError(
            f"Could not forget the password: the keyring refused ({type(exc).__name__}).",
            "Unlock your keyring and try again, or remove the 'Galley SMTP' entry with your "
            "desktop's password manager.",
        ) from None
