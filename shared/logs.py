"""JSON logging: one line per event, the request id on every line, never personal data."""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import sys
import time
from typing import Any, TextIO

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class JsonFormatter(logging.Formatter):
    """Format a log record as one compact JSON object."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        """Render the record; exceptions become a single ``exc`` string."""
        doc: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "svc": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        extra = getattr(record, "fields", None)
        if isinstance(extra, dict):
            doc.update(extra)
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False, default=str)


def setup_logging(service: str, level: str = "INFO") -> None:
    """Send every log record to stderr as JSON."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, root.level))


class AccessLog:
    """A cheap access log: one pre-built JSON line per request, written out in batches.

    Stdlib logging with a formatter per request halves the throughput of a small service, and one write
    system call per line costs more than building it, so lines are collected and written together: when
    ``batch`` lines are waiting, or ``delay`` seconds after the first one, and at shutdown (``flush``).
    A line is therefore at most ``delay`` seconds late; a process killed hard may lose that much.
    """

    __slots__ = ("_batch", "_delay", "_pending", "_routes", "_service", "_stream", "_timer")

    def __init__(self, service: str, stream: TextIO | None = None, *, batch: int = 256, delay: float = 0.25) -> None:
        self._service = json.dumps(service)
        self._stream = stream or sys.stdout
        self._pending: list[str] = []
        self._batch, self._delay = batch, delay
        self._timer: asyncio.TimerHandle | None = None
        self._routes: dict[str, str] = {}  # route template -> its JSON string (templates are few)

    def write(self, *, request_id: str, method: str, route: str, status: int, ms: float) -> None:
        """Record one finished request (route template, never the raw path or query).

        ``request_id`` is one ``observe`` checked or made (letters, digits, ``._:-``): nothing to escape.
        """
        route_json = self._routes.get(route)
        if route_json is None:
            if len(self._routes) >= 1000:
                self._routes.clear()
            route_json = self._routes[route] = json.dumps(route)
        self._pending.append(
            f'{{"ts":{time.time():.3f},"level":"info","svc":{self._service},"msg":"request",'
            f'"request_id":"{request_id}","method":"{method}","route":{route_json},'
            f'"status":{status},"ms":{ms:.2f}}}\n'
        )
        if len(self._pending) >= self._batch:
            self.flush()
        elif self._timer is None:
            try:
                self._timer = asyncio.get_running_loop().call_later(self._delay, self.flush)
            except RuntimeError:  # no event loop (a script or test): write at once
                self.flush()

    def flush(self) -> None:
        """Write every waiting line now."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._pending:
            lines, self._pending = "".join(self._pending), []
            self._stream.write(lines)
            self._stream.flush()
