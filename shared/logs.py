"""JSON logging: one line per event, the request id on every line, never personal data."""

from __future__ import annotations

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
    """A cheap access log: one pre-built JSON line per request, written to a buffered stream.

    Stdlib logging with a formatter per request halves the throughput of a small service, so the
    access log bypasses it and writes directly; the stream's buffer is flushed by the OS or at exit.
    """

    __slots__ = ("_service", "_stream")

    def __init__(self, service: str, stream: TextIO | None = None) -> None:
        self._service = json.dumps(service)
        self._stream = stream or sys.stdout

    def write(self, *, request_id: str, method: str, route: str, status: int, ms: float) -> None:
        """Record one finished request (route template, never the raw path or query)."""
        self._stream.write(
            f'{{"ts":{time.time():.3f},"level":"info","svc":{self._service},"msg":"request",'
            f'"request_id":{json.dumps(request_id)},"method":"{method}","route":{json.dumps(route)},'
            f'"status":{status},"ms":{ms:.2f}}}\n'
        )
