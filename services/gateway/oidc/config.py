"""The sign-in settings (``LOTSEN_OIDC_*``), read once and checked; a bad value stops the gateway at start."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from services.gateway.tokens import PERSON_ROLES
from shared.settings import SettingsError, env_bool, env_choice, env_parsed

CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True, slots=True)
class OidcConfig:
    """How the gateway talks to the OpenID Provider and turns its claims into a Lotsen person."""

    issuer: str
    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    redirect_url: str | None = None
    scope: str = "openid profile"
    roles_claim: str = "roles"
    client_auth: str = "client_secret_basic"
    private_key: PrivateKey | None = field(default=None, repr=False)
    private_key_id: str | None = None
    role_map: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    roles_by_name: bool = True
    resident_without_role: bool = False
    person_number_claim: str | None = None
    subject_key: bytes | None = field(default=None, repr=False)
    provider_logout: bool = True
    post_logout_redirect_url: str | None = None
    deadline_seconds: float = 5.0
    cache_seconds: float = 3600.0

    @property
    def wanted_claims(self) -> tuple[str, ...]:
        """Claims the sign-in reads; userinfo is asked when one of them is not in the ID token."""
        wanted = [self.roles_claim, "name"]
        if self.person_number_claim:
            wanted.append(self.person_number_claim)
        return tuple(wanted)


def _url(env: Mapping[str, str], name: str) -> str | None:
    value = (env.get(name) or "").strip()
    if value and not value.startswith(("https://", "http://")):
        raise SettingsError(f"{name} must be an http(s) URL")
    return value or None


def parse_role_map(raw: str) -> Mapping[str, tuple[str, ...]]:
    """A JSON object from claim values to a Lotsen role or a list of them: ``{"handlaggare": "caseworker"}``."""
    table = json.loads(raw)
    if not isinstance(table, dict):
        raise ValueError(raw)
    out: dict[str, tuple[str, ...]] = {}
    for value, roles in table.items():
        roles = (roles,) if isinstance(roles, str) else roles
        if not isinstance(roles, list | tuple) or not roles or any(r not in PERSON_ROLES for r in roles):
            raise ValueError(value)
        out[value] = tuple(roles)
    return MappingProxyType(out)


def _seconds(raw: str) -> float:
    value = float(raw)
    if not 0 < value <= 86400:
        raise ValueError(raw)
    return value


def _private_key(env: Mapping[str, str]) -> PrivateKey | None:
    path = (env.get("LOTSEN_OIDC_PRIVATE_KEY_FILE") or "").strip()
    if not path:
        return None
    try:
        key = load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        raise SettingsError(f"LOTSEN_OIDC_PRIVATE_KEY_FILE={path!r} is not a readable PEM private key") from None
    if isinstance(key, rsa.RSAPrivateKey) or (
        isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    ):
        return key
    raise SettingsError("LOTSEN_OIDC_PRIVATE_KEY_FILE must hold an RSA or P-256 EC private key")


def from_env(env: Mapping[str, str]) -> OidcConfig | None:
    """The provider settings, or None when sign-in through a provider is not configured."""
    issuer = _url(env, "LOTSEN_OIDC_ISSUER")
    client_id = (env.get("LOTSEN_OIDC_CLIENT_ID") or "").strip() or None
    if bool(issuer) != bool(client_id):
        raise SettingsError("LOTSEN_OIDC_ISSUER and LOTSEN_OIDC_CLIENT_ID must be set together")
    if not issuer or not client_id:
        return None
    scope = env.get("LOTSEN_OIDC_SCOPE") or "openid profile"
    if "openid" not in scope.split():
        raise SettingsError("LOTSEN_OIDC_SCOPE must contain openid")
    client_auth = env_choice(env, "LOTSEN_OIDC_CLIENT_AUTH", "client_secret_basic", CLIENT_AUTH_METHODS)
    secret = env.get("LOTSEN_OIDC_CLIENT_SECRET") or None
    key = _private_key(env)
    if client_auth == "private_key_jwt" and key is None:
        raise SettingsError("LOTSEN_OIDC_CLIENT_AUTH=private_key_jwt needs LOTSEN_OIDC_PRIVATE_KEY_FILE")
    if client_auth != "private_key_jwt" and not secret:
        raise SettingsError(f"LOTSEN_OIDC_CLIENT_AUTH={client_auth} needs LOTSEN_OIDC_CLIENT_SECRET")
    pnr_claim = (env.get("LOTSEN_OIDC_PERSON_NUMBER_CLAIM") or "").strip() or None
    subject_key = env.get("LOTSEN_OIDC_SUBJECT_KEY") or ""
    if pnr_claim and len(subject_key) < 32:
        raise SettingsError("LOTSEN_OIDC_PERSON_NUMBER_CLAIM needs LOTSEN_OIDC_SUBJECT_KEY of at least 32 characters")
    return OidcConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=secret,
        redirect_url=_url(env, "LOTSEN_OIDC_REDIRECT_URL"),
        scope=scope,
        roles_claim=(env.get("LOTSEN_OIDC_ROLES_CLAIM") or "roles").strip(),
        client_auth=client_auth,
        private_key=key,
        private_key_id=(env.get("LOTSEN_OIDC_PRIVATE_KEY_ID") or "").strip() or None,
        role_map=env_parsed(
            env,
            "LOTSEN_OIDC_ROLE_MAP",
            MappingProxyType({}),
            parse_role_map,
            "a JSON object from claim values to Lotsen roles",
        ),
        roles_by_name=env_bool(env, "LOTSEN_OIDC_ROLES_BY_NAME", True),
        resident_without_role=env_bool(env, "LOTSEN_OIDC_RESIDENT_WITHOUT_ROLE", False),
        person_number_claim=pnr_claim,
        subject_key=subject_key.encode() if pnr_claim else None,
        provider_logout=env_choice(env, "LOTSEN_OIDC_LOGOUT", "provider", ("provider", "local")) == "provider",
        post_logout_redirect_url=_url(env, "LOTSEN_OIDC_POST_LOGOUT_REDIRECT_URL"),
        deadline_seconds=env_parsed(env, "LOTSEN_OIDC_DEADLINE_SECONDS", 5.0, _seconds, "a number of seconds"),
        cache_seconds=env_parsed(env, "LOTSEN_OIDC_CACHE_SECONDS", 3600.0, _seconds, "a number of seconds"),
    )
