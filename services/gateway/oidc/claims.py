"""From verified claims to a Lotsen person: subject, roles and display name (pure, no I/O)."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from services.gateway.oidc.config import OidcConfig
from services.gateway.oidc.errors import SignInFailed
from services.gateway.tokens import PERSON_ROLES
from shared.normalise import ascii_numeric
from shared.personnummer import InvalidIdentityNumber, parse_identity_number

_TWELVE = re.compile(r"^[0-9]{8}[-+]?[0-9]{4}$")  # the century given: [0-9], never \d (other scripts)


@dataclass(frozen=True, slots=True)
class Person:
    """Who signed in, as Lotsen sees them; ``dropped`` counts role values no rule maps."""

    subject: str
    roles: frozenset[str]
    name: str
    dropped: int = 0


def claim_at(claims: Mapping[str, object], path: str) -> object | None:
    """The claim ``path``: a top-level name as it is (claim URIs hold dots), else a dotted path into objects."""
    if path in claims:
        return claims[path]
    node: object = claims
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def role_values(raw: object) -> list[str]:
    """A roles or groups claim as values: a string is one value (never split into letters)."""
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list | tuple):
        return [value for value in raw if isinstance(value, str)]
    return []


def map_roles(
    values: Iterable[str], *, table: Mapping[str, tuple[str, ...]], by_name: bool
) -> tuple[frozenset[str], int]:
    """Lotsen roles from claim values by the table (and by equal name when allowed); unknown values dropped."""
    roles: set[str] = set()
    dropped = 0
    for value in values:
        if value in table:
            roles.update(table[value])
        elif by_name and value in PERSON_ROLES:
            roles.add(value)
        else:
            dropped += 1
    return frozenset(roles), dropped


def person_number(raw: object, *, today: date) -> str | None:
    """A personnummer or samordningsnummer as 12 digits ``YYYYMMDDNNNC``, else None.

    The claim must carry the century (12 digits, with or without ``-``/``+``); everything else is the one parser's
    (``shared.personnummer``): a real date, the Luhn check, digits of other scripts made ASCII, so a person has
    one pseudonym however their provider writes the number. ``today``: the Swedish date of the gateway's clock
    (a number whose date of birth is after it is no number).
    """
    if not isinstance(raw, str):
        return None
    text = ascii_numeric(raw).strip()
    if not _TWELVE.match(text):
        return None
    try:
        return parse_identity_number(text, today=today).digits
    except InvalidIdentityNumber:
        return None


def pseudonym(number: str, key: bytes) -> str:
    """The subject Lotsen uses for a person known by their number: the same for every e-ID, not reversible."""
    return "pnr:" + hmac.new(key, number.encode(), hashlib.sha256).hexdigest()[:32]


def display_name(claims: Mapping[str, object]) -> str:
    """``name``, else given and family name; '' when the provider sends neither."""
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return name.strip()[:200]


def person_from_claims(claims: Mapping[str, object], config: OidcConfig, *, today: date) -> Person:
    """The Lotsen person for verified claims (ID token, completed by userinfo); ``today`` as in ``person_number``."""
    subject = str(claims["sub"])
    if config.person_number_claim and config.subject_key:
        number = person_number(claim_at(claims, config.person_number_claim), today=today)
        if number is None:
            raise SignInFailed("refused", f"claim {config.person_number_claim} is missing or not a personal number")
        subject = pseudonym(number, config.subject_key)
    values = role_values(claim_at(claims, config.roles_claim))
    roles, dropped = map_roles(values, table=config.role_map, by_name=config.roles_by_name)
    if not roles and config.resident_without_role:
        roles = frozenset({"resident"})
    return Person(subject=subject, roles=roles, name=display_name(claims), dropped=dropped)
