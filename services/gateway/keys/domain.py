"""API key rules: the key format, hashing, and when a key may be used (no I/O)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

KEY_SCOPES = (
    "schedule:read",
    "schedule:write",
    "enrolment:write",
    "validation:read",
    "validation:write",
    "webhooks:manage",
    "ss12000:persons",  # SS 12000 learners (persons, group memberships); see docs/sfi-schedule.md
    "ss12000:civicNo",  # their personal identity numbers too, with ss12000:persons
    "statistics:read",  # the follow-up figures (aggregates only); see docs/follow-up.md
    "outcomes:write",  # record what learners are doing (outcome records and follow-up facts)
    "admin",
)
KEY_PREFIX = "lsk"
_KEY = re.compile(r"^lsk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored key: never the secret, only its hash and the lookup prefix."""

    id: UUID
    prefix: str
    key_hash: str
    name: str
    scopes: frozenset[str]
    rate_per_second: int
    daily_quota: int
    expires_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime
    created_by: str

    def status(self, now: datetime) -> str:
        """``active``, ``revoked`` or ``expired`` at ``now``."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"

    @property
    def consumer(self) -> str:
        """The consumer id used for limits, quotas and idempotency."""
        return f"key:{self.id}"


def new_key() -> tuple[str, str]:
    """A fresh ``(prefix, full key)``: 48 bits of lookup prefix and 256 bits of secret."""
    prefix = secrets.token_hex(6)
    return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def hash_key(full_key: str) -> str:
    """SHA-256 of the whole key.

    A slow password hash (bcrypt, argon2) protects low-entropy secrets people choose; these keys carry
    256 random bits, so a fast hash is as safe against brute force and keeps the hot path in microseconds.
    """
    return hashlib.sha256(full_key.encode()).hexdigest()


def prefix_of(raw: str) -> str | None:
    """The lookup prefix of a well-formed key, or None for anything else."""
    match = _KEY.match(raw)
    return match.group(1) if match else None


def key_matches(key: ApiKey, full_key: str) -> bool:
    """Constant-time comparison of the presented key with the stored hash."""
    return hmac.compare_digest(key.key_hash, hash_key(full_key))
