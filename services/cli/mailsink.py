"""The demo's mail sink: an SMTP server (aiosmtpd) that keeps what arrives, and a page that shows it.

``lotsen up --demo`` starts it as a child process and points both services' ``LOTSEN_SMTP_*`` at it, so the
receipts, offers, reminders and decisions that Lotsen sends can be read at ``http://localhost:8026/``.
Nothing leaves the machine; mail is kept in memory (the newest ``KEEP``) and is gone when the suite stops.
This is for demonstrations only: a deployment points ``LOTSEN_SMTP_HOST`` at the municipality's relay
(docs/operations.md).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import html
import os
import signal
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage

from aiohttp import web

SMTP_PORT, PAGE_PORT = 8025, 8026
KEEP = 200


@dataclass(frozen=True, slots=True)
class Received:
    """One message as it arrived."""

    at: datetime
    rcpt: tuple[str, ...]
    message: EmailMessage

    def json(self) -> dict[str, object]:
        """What the page's JSON form shows of it."""
        m = self.message
        return {
            "receivedAt": self.at.isoformat(), "to": list(self.rcpt), "from": m["From"], "subject": m["Subject"],
            "language": m["Content-Language"], "messageId": m["Message-ID"], "text": _text(m),
        }  # fmt: skip


@dataclass
class Mailbox:
    """What has arrived, newest last."""

    messages: deque[Received] = field(default_factory=lambda: deque(maxlen=KEEP))

    async def handle_DATA(self, server, session, envelope) -> str:
        """Keep the message (aiosmtpd calls this for every message the relay accepts)."""
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(Received(datetime.now(UTC), tuple(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK: kept by the Lotsen demo mail sink"


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def page(box: Mailbox, smtp_port: int) -> str:
    """The demo page: every message, newest first, in its own language and direction."""
    items = []
    for r in reversed(box.messages):
        lang = html.escape(r.message["Content-Language"] or "sv")
        items.append(
            f'<article lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">'
            f"<h2>{html.escape(r.message['Subject'] or '')}</h2>"
            f'<p class="meta" lang="en" dir="ltr">To {html.escape(", ".join(r.rcpt))} · '
            f"{r.at.astimezone().strftime('%Y-%m-%d %H:%M:%S')} · language {lang}</p>"
            f"<pre>{html.escape(_text(r.message))}</pre></article>"
        )
    body = "\n".join(items) or "<p>No mail yet. Submit an application or withdraw from a full group to see some.</p>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lotsen demo mail ({len(box.messages)})</title>
<style>body{{font-family:system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem;color:#1b1b1b}}
article{{border:1px solid #767676;border-radius:.3rem;padding:0 1rem;margin:1rem 0}}
pre{{white-space:pre-wrap;font-family:inherit}} .meta{{color:#4a4a4a}}</style></head>
<body><main><h1>Lotsen demo mail</h1>
<p>Every e-mail Lotsen sent in this demo (SMTP on 127.0.0.1:{smtp_port}; nothing leaves this machine).
Reload to see new mail. <a href="messages.json">As JSON</a>.</p>
{body}
</main></body></html>"""


def web_app(box: Mailbox, smtp_port: int) -> web.Application:
    """The page, its JSON form and a readiness probe for ``lotsen up``."""

    async def index(request: web.Request) -> web.Response:
        return web.Response(text=page(box, smtp_port), content_type="text/html")

    async def as_json(request: web.Request) -> web.Response:
        return web.json_response([r.json() for r in reversed(box.messages)])

    async def ready(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/", index)
    app.router.add_get("/messages.json", as_json)
    app.router.add_get("/readyz", ready)
    app.router.add_get("/healthz", ready)
    return app


async def serve(smtp_port: int, page_port: int, *, stop: asyncio.Event) -> None:
    """Run the SMTP server and the page on loopback until ``stop`` is set."""
    from aiosmtpd.smtp import SMTP  # a development dependency: only the demo needs it

    box = Mailbox()
    loop = asyncio.get_running_loop()
    smtp = await loop.create_server(lambda: SMTP(box, hostname="lotsen-demo-sink"), "127.0.0.1", smtp_port)
    runner = web.AppRunner(web_app(box, smtp_port), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", page_port).start()
    print(f"demo mail sink: SMTP 127.0.0.1:{smtp_port}, page http://127.0.0.1:{page_port}/", flush=True)
    try:
        await stop.wait()
    finally:
        smtp.close()
        await smtp.wait_closed()
        await runner.cleanup()


def main() -> None:
    """``python -m services.cli.mailsink``: ports from ``LOTSEN_DEMO_SMTP_PORT`` and ``LOTSEN_DEMO_MAIL_PORT``."""
    from shared.settings import SettingsError, env_port

    try:
        smtp_port = env_port(os.environ, "LOTSEN_DEMO_SMTP_PORT", SMTP_PORT)
        page_port = env_port(os.environ, "LOTSEN_DEMO_MAIL_PORT", PAGE_PORT)
    except SettingsError as exc:
        raise SystemExit(str(exc)) from None

    async def run() -> None:
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set)
        await serve(smtp_port, page_port, stop=stop)

    asyncio.run(run())


if __name__ == "__main__":
    main()
