"""The demo's mail sink as ``lotsen up --demo`` runs it: a real process that takes SMTP and shows what arrived."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import aiohttp
import aiosmtplib

from services.cli.up import demo_mail
from tests.waiting import until

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_points_both_services_at_the_sink_unless_a_relay_is_named(tmp_path):
    env = {"LOTSEN_DEMO_SMTP_PORT": "2525", "LOTSEN_DEMO_MAIL_PORT": "2526"}
    child = demo_mail(env, tmp_path)
    assert child is not None and child.module == "services.cli.mailsink" and child.port == 2526
    assert (env["LOTSEN_SMTP_HOST"], env["LOTSEN_SMTP_PORT"], env["LOTSEN_SMTP_TLS"]) == ("127.0.0.1", "2525", "off")
    assert env["LOTSEN_SMTP_FROM"] and env["LOTSEN_SFI_ADMIN_EMAILS"]
    relay = {"LOTSEN_SMTP_HOST": "smtp.kommun.example.se"}
    assert demo_mail(relay, tmp_path) is None and relay == {"LOTSEN_SMTP_HOST": "smtp.kommun.example.se"}


async def test_the_sink_keeps_what_arrives_and_shows_it_on_a_page(tmp_path):
    smtp_port, page_port = free_port(), free_port()
    env = {**os.environ, "LOTSEN_DEMO_SMTP_PORT": str(smtp_port), "LOTSEN_DEMO_MAIL_PORT": str(page_port)}
    log = tmp_path / "mailsink.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "services.cli.mailsink"], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    page = f"http://127.0.0.1:{page_port}"
    try:
        async with aiohttp.ClientSession() as http:

            async def ready() -> bool:
                if proc.poll() is not None:
                    raise AssertionError(log.read_text())
                try:
                    async with http.get(f"{page}/readyz") as resp:
                        return resp.status == 200
                except aiohttp.ClientError:
                    return False

            await until(ready, "the mail sink answers")
            mail = EmailMessage()
            mail["From"], mail["To"] = "lotsen@kommun.example.se", "nour@example.org"
            mail["Subject"] = "مقعد في SFI A <förmiddag> لك"
            mail.set_content("مرحبًا،\n\nيوجد مقعد شاغر لك.")
            mail["Content-Language"] = "ar"
            await aiosmtplib.send(mail, hostname="127.0.0.1", port=smtp_port, start_tls=False, use_tls=False)
            async with http.get(f"{page}/") as resp:
                assert resp.status == 200 and resp.content_type == "text/html"
                text = await resp.text()
            async with http.get(f"{page}/messages.json") as resp:
                [kept] = await resp.json()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    assert '<article lang="ar" dir="rtl">' in text and "SFI A &lt;förmiddag&gt;" in text
    assert "يوجد مقعد شاغر لك." in text and "nour@example.org" in text
    assert kept["to"] == ["nour@example.org"] and kept["language"] == "ar" and "مقعد شاغر" in kept["text"]
