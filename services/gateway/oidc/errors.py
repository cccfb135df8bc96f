"""Why a sign-in stopped: a kind that picks the page and status, and a reason for the one log line."""

from __future__ import annotations

from typing import Literal

FailureKind = Literal["interrupted", "refused", "denied", "no_access", "unavailable"]

# interrupted: the browser came back without the flow we started (state, expired cookie, used code);
# refused: what the provider sent does not pass the checks; denied: the person said no at the provider;
# no_access: signed in, but no Lotsen role; unavailable: the provider is down or misbehaving.
STATUS: dict[FailureKind, int] = {
    "interrupted": 400,
    "refused": 400,
    "denied": 403,
    "no_access": 403,
    "unavailable": 503,
}


class SignInFailed(Exception):
    """A sign-in that cannot go on. ``reason`` goes to the log and never holds personal data."""

    def __init__(self, kind: FailureKind, reason: str) -> None:
        super().__init__(reason)
        self.kind: FailureKind = kind
        self.reason = reason

    @property
    def status(self) -> int:
        """The HTTP status of the page the person sees (4xx, or 503 when the provider is down)."""
        return STATUS[self.kind]
