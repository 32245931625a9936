"""The SMTP password in the system keyring: kept as "Galley SMTP" / user@host when a keyring is
there, and "not available" (asked each time) with keyring's fail and null backends."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail, null

from editor.core.mail import secrets
from editor.core.mail.secrets import SecretsError
from tests.helpers.memory_keyring import MemoryKeyring, memory_keyring

SECRET = "correct horse battery staple"


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


@pytest.fixture(params=[fail.Keyring, null.Keyring])
def no_keyring(request: pytest.FixtureRequest) -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(request.param())
    yield
    keyring.set_keyring(before)


def test_the_password_is_kept_under_galley_smtp_and_user_at_host(memory: MemoryKeyring) -> None:
    assert secrets.keyring_available()
    assert secrets.stored_password("me@example.org", "smtp.example.org") is None
    secrets.store_password("me@example.org", "SMTP.example.org", SECRET)
    assert memory.kept == {("Galley SMTP", "me@example.org@smtp.example.org"): SECRET}
    assert secrets.stored_password("me@example.org", "smtp.example.org") == SECRET
    assert secrets.stored_password("someone-else", "smtp.example.org") is None
    secrets.forget_password("me@example.org", "smtp.example.org")
    assert memory.kept == {}
    secrets.forget_password("me@example.org", "smtp.example.org")  # none kept: nothing to do


def test_without_a_keyring_it_is_not_available(no_keyring: None) -> None:
    assert not secrets.keyring_available()
    assert secrets.keyring_name() == ""
    assert secrets.stored_password("me", "smtp.example.org") is None
    with pytest.raises(SecretsError) as caught:
        secrets.store_password("me", "smtp.example.org", SECRET)
    assert "ask for it each time" in str(caught.value)
    secrets.forget_password("me", "smtp.example.org")  # no error


def test_a_locked_keyring_reads_as_none_and_says_so_without_the_secret(
    memory: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    memory.kept[("Galley SMTP", "me@smtp.example.org")] = SECRET
    memory.locked = True
    assert secrets.stored_password("me", "smtp.example.org") is None
    with pytest.raises(SecretsError) as caught:
        secrets.store_password("me", "smtp.example.org", SECRET)
    assert caught.value.summary.startswith("Could not remember the password")
    assert caught.value.detail.startswith("Unlock your keyring")
    assert SECRET not in caplog.text and SECRET not in str(caught.value)
