"""References and tracking codes for applications made without signing in (validation, SFI enrolment).

The applicant gets a reference (not secret: printed on the receipt, said on the phone) and a tracking code
(the secret: shown once, stored only as a hash, sent back in the ``X-Tracking-Code`` header, never in a URL).
A wrong code and an unknown reference must answer alike, so a caller learns nothing by guessing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from shared.normalise import ascii_numeric

TRACKING_HEADER = "X-Tracking-Code"
# Crockford base32: no I, L, O, U, so codes survive being read aloud or written by hand.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
TRACKING_CODE_CHARS = 20  # 100 bits
_MAX_CODE = 64
# Compared against when there is no row, so an unknown reference costs the same as a wrong code.
_NO_HASH = hashlib.sha256(b"no such application").digest()


def new_reference(prefix: str, year: int) -> str:
    """A reference that reveals neither order nor volume: ``VAL-2025-7K3M9QXD`` (40 random bits)."""
    return f"{prefix}-{year}-" + "".join(secrets.choice(ALPHABET) for _ in range(8))


def new_tracking_code() -> str:
    """A fresh one-time tracking code, shown once and stored only as a hash."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(TRACKING_CODE_CHARS))
    return "-".join(raw[i : i + 4] for i in range(0, TRACKING_CODE_CHARS, 4))


def normalise_code(code: str) -> str:
    """A code as typed (lower case, spaces, dashes, O for 0, Arabic-Indic digits) in its canonical form."""
    return ascii_numeric(code).upper().replace("-", "").replace(" ", "").translate(_CONFUSABLE)


def hash_tracking_code(code: str) -> bytes:
    """SHA-256 of the normalised code (100 random bits need no slow hash)."""
    return hashlib.sha256(normalise_code(code).encode()).digest()


def tracking_code_matches(code: str | None, stored: bytes | None) -> bool:
    """Constant-time check of a presented code against the stored hash (False for a missing row or code)."""
    if not code or len(code) > _MAX_CODE:
        return False
    matches = hmac.compare_digest(hash_tracking_code(code), bytes(stored) if stored else _NO_HASH)
    return matches and bool(stored)
