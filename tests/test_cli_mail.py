"""``galley export --eml``: the message written, its sizes said, and the checks of an e-mail."""

from __future__ import annotations

import json
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from editor.cli import main
from tests.core.mail.cases import cids_in, folder_state, make_post

CODE = (
    "```python\n"
    + "\n".join(f"value_{n} = compute({n}, 'text')  # note" for n in range(40))
    + "\n```\n"
)


def read_message(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def test_export_eml_writes_a_message_and_says_its_sizes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = make_post(tmp_path)
    before = folder_state(post.parent)
    out = tmp_path / "issue.eml"
    assert main(["export", str(post), "--eml", "-o", str(out)]) == 0
    message = read_message(out)
    assert message["Subject"] == "Tideline 12 – Low water"
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.iter_parts()
    assert (
        plain.get_content_type() == "text/plain"
        and related.get_content_type() == "multipart/related"
    )
    text = plain.get_content()
    assert "The herons came back on Tuesday." in text and "<" not in text.replace("<https", "")
    html = next(related.iter_parts()).get_content()
    parts = {str(p["Content-ID"]).strip("<>"): p for p in list(related.iter_parts())[1:]}
    assert set(cids_in(html)) == set(parts)
    err = capsys.readouterr().err
    assert re.fullmatch(rf"{re.escape(str(out))}: \d+ KB \(HTML part \d+ KB\)\n", err), err
    size = int(err.split(": ")[1].split(" KB")[0])
    assert abs(size - out.stat().st_size / 1024) <= 1
    assert folder_state(post.parent) == before


def test_export_eml_to_standard_output(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    post = make_post(tmp_path)
    assert main(["export", str(post), "--eml"]) == 0
    captured = capsysbinary.readouterr()
    assert captured.out.startswith(b"Subject: Tideline 12 =?utf-8?")
    assert re.fullmatch(rb"standard output: \d+ KB \(HTML part \d+ KB\)\n", captured.err)


def test_the_html_export_says_its_size_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = make_post(tmp_path)
    out = tmp_path / "issue.html"
    assert main(["export", str(post), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert re.fullmatch(
        rf"{re.escape(str(out))}: \d+ (KB|bytes) \(\d+ (KB|bytes) without images\)\n", err
    )


def test_export_eml_takes_the_sites_email_settings_and_refuses_wrong_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = make_post(tmp_path)
    config = tmp_path / "galley.toml"
    config.write_text('[email]\nfrom = "Tideline <news@tideline.example>"\nto = "me@example.org"\n')
    out = tmp_path / "issue.eml"
    assert main(["export", str(post), "--eml", "-o", str(out)]) == 0
    message = read_message(out)
    assert (
        message["From"] == "Tideline <news@tideline.example>" and message["To"] == "me@example.org"
    )
    capsys.readouterr()
    config.write_text('[email]\nfrom = "nobody"\n')
    out.unlink()
    assert main(["export", str(post), "--eml", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "The setting 'email.from' in" in err and "(line 2) must be a mail address" in err
    assert "Traceback" not in err and not out.exists()


def test_export_eml_refuses_a_fragment_and_a_markdown_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = make_post(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["export", str(post), "--eml", "--fragment"])
    assert exited.value.code == 2
    assert "--fragment only goes with the HTML file" in capsys.readouterr().err
    assert main(["export", str(post), "--eml", "-o", str(post)]) == 2
    assert "give a message file, like -o tideline-12.eml." in capsys.readouterr().err


def test_an_oversized_post_gets_email_too_large_in_check_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "content" / "blog" / "long" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text(
        "---\ntitle: Long\ndate: 2024-05-17\ndescription: All of it.\n---\n" + CODE * 12,
        encoding="utf-8",
    )
    assert main(["check", "--json", str(post)]) == 0  # a warning: the check still passes
    report = json.loads(capsys.readouterr().out)
    (too_large,) = [p for p in report["problems"] if p["code"] == "email-too-large"]
    assert too_large["severity"] == "warning" and too_large["line"] == 0
    assert re.search(r"The e-mail's HTML is \d+ KB, over the 102 KB", too_large["message"])
    assert main(["export", str(post), "--eml", "-o", str(tmp_path / "long.eml")]) == 0
    shown = int(re.search(r"HTML part (\d+) KB", capsys.readouterr().err)[1])  # type: ignore[index]
    assert f"is {shown} KB" in too_large["message"]  # the check and the export agree
