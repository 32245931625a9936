"""``galley send-test``: delivers a post to a real SMTP server on 127.0.0.1, reports every refusal
as two sentences with exit 1, bad arguments with exit 2, and never prints the password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.cli import main
from tests.helpers.memory_keyring import memory_keyring
from tests.helpers.post_cases import write_site_post
from tests.helpers.smtp_server import (
    PASSWORD,
    REFUSED_RECIPIENT,
    USER,
    Certificates,
    free_port,
    smtp_server,
)

TITLE = "Backstage Weekly 26 - Spotify's product story"
ME = "me@example.org"


@pytest.fixture
def post(tmp_path: Path) -> Path:
    return write_site_post(tmp_path)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return Certificates(tmp_path_factory.mktemp("certs"))


def two_sentences(stderr: str) -> tuple[str, str]:
    summary, detail = stderr.rstrip("\n").split("\n")
    assert summary.startswith("galley: ") and summary.endswith(".")
    assert detail.startswith("  ") and detail.endswith(".")
    assert "Traceback" not in stderr
    return summary.removeprefix("galley: "), detail.strip()


def test_a_post_is_delivered_to_a_local_relay(
    post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = post.read_bytes()
    with smtp_server() as server:
        where = f"127.0.0.1:{server.port}"
        status = main(["send-test", str(post), "--to", ME, "--smtp", where,
                       "--security", "none", "--from", "Tideline <news@example.org>"])  # fmt: skip
    out = capsys.readouterr()
    assert status == 0, out.err
    assert out.out == f"galley: the server {where} accepted the test e-mail for {ME}.\n"
    [got] = server.received
    assert got.recipients == [ME] and got.sender == "news@example.org"
    message = got.message
    assert message["Subject"] == TITLE
    assert message["To"] == ME
    assert "Spotify published a case study." in message.get_body(("html",)).get_content()
    # the whole message goes out: its own plain-text part, not a stand-in
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith(TITLE.replace("'", "\u2019") + "\n===")
    assert "Spotify published a case study." in text and "<" not in text
    assert post.read_bytes() == before


def test_starttls_with_a_login_from_the_environment(
    post: Path,
    certificates: Certificates,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GALLEY_SMTP_PASSWORD", PASSWORD)
    with smtp_server(security="starttls", certificates=certificates, auth=True) as server:
        status = main(["send-test", str(post), "--to", ME, "--smtp", f"127.0.0.1:{server.port}",
                       "--user", USER, "--from", ME, "--cafile", str(server.cafile)])  # fmt: skip
    out = capsys.readouterr()
    assert status == 0, out.err
    assert server.handler.logins == [(USER, PASSWORD)]
    assert PASSWORD not in out.out + out.err


def test_ssl_with_the_password_from_the_keyring(
    post: Path, certificates: Certificates, capsys: pytest.CaptureFixture[str]
) -> None:
    with (
        smtp_server(security="ssl", certificates=certificates, auth=True) as server,
        memory_keyring() as keyring,
    ):
        keyring.kept[("Galley SMTP", f"{USER}@127.0.0.1")] = PASSWORD
        status = main(["send-test", str(post), "--to", ME, "--smtp", f"127.0.0.1:{server.port}",
                       "--security", "ssl", "--user", USER, "--from", ME,
                       "--cafile", str(server.cafile)])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    assert [r.message["Subject"] for r in server.received] == [TITLE]


def test_a_refused_login_is_exit_1_and_a_sentence_without_the_password(
    post: Path, certificates: Certificates, tmp_path: Path
) -> None:
    """As a user runs it: the installed command, the password in the environment."""
    wrong = "wrong-Pa55word-7"
    env = {**os.environ, "GALLEY_SMTP_PASSWORD": wrong}
    with smtp_server(security="starttls", certificates=certificates, auth=True) as server:
        result = subprocess.run(
            [sys.executable, "-m", "editor", "send-test", str(post), "--to", ME,
             "--smtp", f"127.0.0.1:{server.port}", "--user", USER, "--from", ME,
             "--cafile", str(server.cafile)],
            capture_output=True, text=True, env=env, check=False, timeout=60,
        )  # fmt: skip
    assert result.returncode == 1
    summary, detail = two_sentences(result.stderr)
    assert summary.startswith(f"The server 127.0.0.1 refused the login for {USER} (535")
    assert detail.startswith("Check the user name and the password")
    assert wrong not in result.stdout + result.stderr
    assert server.received == []


def test_a_refused_recipient_is_exit_1(post: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with smtp_server() as server:
        status = main(["send-test", str(post), "--to", REFUSED_RECIPIENT, "--from", ME,
                       "--smtp", f"127.0.0.1:{server.port}", "--security", "none"])  # fmt: skip
    assert status == 1
    summary, _detail = two_sentences(capsys.readouterr().err)
    assert summary.startswith(f"The server 127.0.0.1 refused the recipient {REFUSED_RECIPIENT}")


def test_nothing_listening_is_exit_1(post: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    status = main(["send-test", str(post), "--to", ME, "--from", ME,
                   "--smtp", f"127.0.0.1:{port}", "--security", "none"])  # fmt: skip
    assert status == 1
    summary, detail = two_sentences(capsys.readouterr().err)
    assert summary == (
        f"Could not connect to 127.0.0.1:{port}: nothing is listening on port {port} "
        "(the connection was refused)."
    )


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--to", "me at example"], "is not an e-mail address"),
        (["--to", ME, "--smtp", "127.0.0.1:99999"], "is not a port number"),
        (["--to", ME, "--security", "carrier-pigeon"], "invalid choice"),
        ([], "the following arguments are required: --to"),
    ],
)
def test_bad_arguments_are_exit_2(
    post: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], words: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["send-test", str(post), *arguments])
    assert caught.value.code == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "summary"),
    [
        (["--user", "me"], "Could not send {post}: the test e-mail needs a from-address."),
        (["--user", ME], f"Could not log in to localhost as {ME}: no password was given."),
        (
            ["--from", ME, "--smtp", "smtp.example.org", "--security", "none", "--user", ME],
            "Galley will not send your password unencrypted to smtp.example.org.",
        ),
    ],
)
def test_what_is_missing_is_said_with_exit_2(
    post: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    summary: str,
) -> None:
    if "unencrypted" in summary:
        monkeypatch.setenv("GALLEY_SMTP_PASSWORD", "pw")
    else:
        monkeypatch.delenv("GALLEY_SMTP_PASSWORD", raising=False)
    status = main(["send-test", str(post), "--to", ME, *arguments])
    assert status == 2
    said, _detail = two_sentences(capsys.readouterr().err)
    assert said == summary.format(post=post)


def test_a_missing_post_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["send-test", str(tmp_path / "nowhere.md"), "--to", ME, "--from", ME])
    assert status == 2
    assert "nowhere.md" in capsys.readouterr().err


def test_the_command_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "send-test" in capsys.readouterr().out
