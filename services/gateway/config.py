"""The gateway's own typed settings, built once from ``settings.extra`` (``LOTSEN_*``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiohttp import web

from services.gateway.clientaddr import Network, parse_networks
from shared.settings import Settings, SettingsError, env_int, env_parsed, env_port, parse_size


def parse_seconds(raw: str) -> float:
    """A positive number of seconds (decimals allowed)."""
    value = float(raw)
    if not 0 < value <= 3600:
        raise ValueError(raw)
    return value


def parse_cache_seconds(raw: str) -> float:
    """Seconds to keep a public answer: 0 (off) to 60."""
    value = float(raw)
    if not 0 <= value <= 60:
        raise ValueError(raw)
    return value


def parse_origins(raw: str) -> frozenset[str]:
    """Comma-separated ``scheme://host[:port]`` origins (or ``*``)."""
    origins = frozenset(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not re.match(r"^https?://[^/\s]+$", origin):
            raise ValueError(origin)
    return origins


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    """Limits, deadlines, breaker and CORS settings of one gateway process."""

    cors_origins: frozenset[str] = frozenset()
    key_cache_seconds: float = 5.0
    rate_anonymous: int = 50
    rate_person: int = 50
    upstream_deadline: float = 10.0
    upload_deadline: float = 120.0
    breaker_failures: int = 5
    breaker_open_seconds: float = 5.0
    replica_down_seconds: float = 3.0
    max_json_bytes: int = 1024**2
    max_upload_bytes: int = 50 * 1024**2
    jwks_refresh_seconds: float = 300.0
    trusted_proxies: tuple[Network, ...] = ()
    body_idle_seconds: float = 10.0
    body_seconds: float = 30.0
    internal_host: str = "127.0.0.1"
    internal_port: int | None = None  # metrics and readiness on their own listener (always in production)
    microcache_seconds: float = 1.0  # public answers to anonymous GETs kept this long at most (microcache.py)

    @property
    def internal_only(self) -> bool:
        """True when /metrics and /readyz live on the internal listener, not the public one."""
        return self.internal_port is not None


GATEWAY_CONFIG = web.AppKey("gateway_config", GatewayConfig)
INTERNAL_PORT = 9080


def from_settings(settings: Settings) -> GatewayConfig:
    """Read the gateway's ``LOTSEN_*`` variables; a bad value raises one line naming the variable."""
    env = settings.extra
    secs = "a number of seconds (0 < s ≤ 3600)"
    size = "a size such as 1MB, 512KB or a number of bytes"
    config = GatewayConfig(
        cors_origins=env_parsed(env, "LOTSEN_CORS_ORIGINS", frozenset(), parse_origins, "a list of http(s) origins"),
        key_cache_seconds=env_parsed(env, "LOTSEN_KEY_CACHE_SECONDS", 5.0, parse_seconds, secs),
        rate_anonymous=env_int(env, "LOTSEN_RATE_ANONYMOUS", 50, 1, 1_000_000),
        rate_person=env_int(env, "LOTSEN_RATE_PERSON", 50, 1, 1_000_000),
        upstream_deadline=env_parsed(env, "LOTSEN_UPSTREAM_DEADLINE", 10.0, parse_seconds, secs),
        upload_deadline=env_parsed(env, "LOTSEN_UPLOAD_DEADLINE", 120.0, parse_seconds, secs),
        breaker_failures=env_int(env, "LOTSEN_BREAKER_FAILURES", 5, 1, 1000),
        breaker_open_seconds=env_parsed(env, "LOTSEN_BREAKER_OPEN_SECONDS", 5.0, parse_seconds, secs),
        replica_down_seconds=env_parsed(env, "LOTSEN_REPLICA_DOWN_SECONDS", 3.0, parse_seconds, secs),
        max_json_bytes=env_parsed(env, "LOTSEN_MAX_JSON_BYTES", 1024**2, parse_size, size),
        max_upload_bytes=env_parsed(env, "LOTSEN_MAX_UPLOAD_BYTES", 50 * 1024**2, parse_size, size),
        jwks_refresh_seconds=env_parsed(env, "LOTSEN_JWKS_REFRESH_SECONDS", 300.0, parse_seconds, secs),
        trusted_proxies=env_parsed(env, "LOTSEN_TRUSTED_PROXIES", (), parse_networks, "a list of IP networks"),
        body_idle_seconds=env_parsed(env, "LOTSEN_BODY_IDLE_SECONDS", 10.0, parse_seconds, secs),
        body_seconds=env_parsed(env, "LOTSEN_BODY_SECONDS", 30.0, parse_seconds, secs),
        internal_host=env.get("LOTSEN_GATEWAY_INTERNAL_HOST") or settings.gateway_host,
        internal_port=_internal_port(settings),
        microcache_seconds=env_parsed(
            env, "LOTSEN_GATEWAY_MICROCACHE_SECONDS", 1.0, parse_cache_seconds, "a number of seconds from 0 (off) to 60"
        ),
    )
    if config.max_upload_bytes < config.max_json_bytes:
        raise SettingsError("LOTSEN_MAX_UPLOAD_BYTES is below LOTSEN_MAX_JSON_BYTES")
    if config.internal_port == settings.gateway_port:
        raise SettingsError("LOTSEN_GATEWAY_INTERNAL_PORT must differ from LOTSEN_GATEWAY_PORT")
    return config


def _internal_port(settings: Settings) -> int | None:
    """The internal listener's port: always in production (default 9080), in development only when set."""
    default = None if settings.dev else INTERNAL_PORT
    if not settings.extra.get("LOTSEN_GATEWAY_INTERNAL_PORT"):
        return default
    return env_port(settings.extra, "LOTSEN_GATEWAY_INTERNAL_PORT", INTERNAL_PORT)
