"""Domain errors: raised anywhere, turned into RFC 9457 problem details by one middleware."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class FieldError:
    """One bad field: a JSON pointer into the request and a message."""

    pointer: str
    message: str


class DomainError(Exception):
    """Base of every error that maps to a 4xx/5xx problem; ``slug`` names the problem type."""

    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


class BadRequest(DomainError):
    """The request could not be read (malformed JSON, bad token, bad query)."""


class Unauthorized(DomainError):
    """No valid credentials."""

    status, slug, title = 401, "unauthorized", "Authentication required"


class Forbidden(DomainError):
    """Authenticated, but not allowed."""

    status, slug, title = 403, "forbidden", "Not allowed"


class NotFound(DomainError):
    """No such resource, or one the caller may not know exists."""

    status, slug, title = 404, "not-found", "Not found"


class Conflict(DomainError):
    """The request collides with the current state of the resource."""

    status, slug, title = 409, "conflict", "Conflict"


class PreconditionFailed(DomainError):
    """``If-Match`` named a version that is no longer current."""

    status, slug, title = 412, "precondition-failed", "Precondition failed"


class PreconditionRequired(DomainError):
    """An update arrived without ``If-Match``."""

    status, slug, title = 428, "precondition-required", "If-Match required"


class PayloadTooLarge(DomainError):
    """The body is larger than this route accepts."""

    status, slug, title = 413, "payload-too-large", "Payload too large"


class UnsupportedMediaType(DomainError):
    """The body is not of a media type this route accepts."""

    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"


class ValidationFailed(DomainError):
    """One or more fields are invalid; each is named by a JSON pointer."""

    status, slug, title = 422, "validation-error", "Invalid request"

    def __init__(self, errors: Iterable[FieldError], detail: str | None = None) -> None:
        self.errors = list(errors)
        self.detail_from_errors = detail is None  # rebuilt from the translated messages on the way out
        if detail is None:
            detail = errors_detail(self.errors)
        super().__init__(detail)

    @classmethod
    def field(cls, pointer: str, message: str) -> ValidationFailed:
        """Shorthand for one bad field."""
        return cls([FieldError(pointer, message)])


class RateLimited(DomainError):
    """Too many requests for this consumer."""

    status, slug, title = 429, "rate-limited", "Too many requests"


class ServiceUnavailable(DomainError):
    """A dependency (database, upstream) is down; retry later."""

    status, slug, title = 503, "service-unavailable", "Service unavailable"


class GatewayTimeout(DomainError):
    """An upstream did not answer within the route's deadline."""

    status, slug, title = 504, "gateway-timeout", "Upstream timed out"


def errors_detail(errors: Iterable[FieldError]) -> str:
    """The problem ``detail`` summing up field errors: the first five, ``pointer: message``."""
    return "; ".join(f"{e.pointer or '/'}: {e.message}" for e in list(errors)[:5])


def pointer(*parts: str | int) -> str:
    """Build an RFC 6901 JSON pointer from path parts, escaping ``~`` and ``/``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def marshmallow_errors(messages: Any, prefix: tuple[str | int, ...] = ()) -> list[FieldError]:
    """Flatten marshmallow's nested error dict into pointer/message pairs."""
    out: list[FieldError] = []
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if key == "_schema":
                out.extend(marshmallow_errors(value, prefix))
            else:
                out.extend(marshmallow_errors(value, (*prefix, key)))
    elif isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            out.extend(FieldError(pointer(*prefix), m) for m in messages)
        else:
            for item in messages:
                out.extend(marshmallow_errors(item, prefix))
    else:
        out.append(FieldError(pointer(*prefix), str(messages)))
    return out
