"""Frozen, validated process settings built once from ``LOTSEN_*`` environment variables."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")


class SettingsError(Exception):
    """A bad setting; the message is one line naming the variable."""


def _int(name: str, raw: str, lo: int, hi: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name}={value} is outside {lo}..{hi}")
    return value


def env_int(env: Mapping[str, str], name: str, default: int, lo: int = 0, hi: int = 2**31) -> int:
    """Read an integer setting within ``lo..hi``."""
    raw = env.get(name)
    return default if raw in (None, "") else _int(name, raw, lo, hi)


def env_port(env: Mapping[str, str], name: str, default: int) -> int:
    """Read a TCP port (1..65535)."""
    return env_int(env, name, default, 1, 65535)


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    """Read a yes/no setting."""
    raw = env.get(name)
    if raw in (None, ""):
        return default
    low = raw.strip().lower()
    if low in ("1", "true", "yes", "on"):
        return True
    if low in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}={raw!r} is not a yes/no value (true/false)")


def env_choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    """Read one of a fixed set of words."""
    raw = env.get(name) or default
    if raw not in choices:
        raise SettingsError(f"{name}={raw!r} must be one of {', '.join(choices)}")
    return raw


def env_parsed(env: Mapping[str, str], name: str, default: T, parse: Callable[[str], T], what: str) -> T:
    """Read a setting with a custom parser; any parser error becomes one clear line."""
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return parse(raw)
    except (ValueError, TypeError):
        raise SettingsError(f"{name}={raw!r} is not {what}") from None


_SIZE = re.compile(r"^\s*(\d+)\s*(B|KB|MB|GB)?\s*$", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def parse_size(raw: str) -> int:
    """``10MB``, ``512KB`` or plain bytes → bytes (binary units); for ``env_parsed``."""
    match = _SIZE.match(raw)
    if not match:
        raise ValueError(raw)
    value = int(match.group(1)) * _UNITS[(match.group(2) or "B").upper()]
    if value <= 0:
        raise ValueError(raw)
    return value


def _urls(name: str, raw: str) -> tuple[str, ...]:
    urls = tuple(u.strip().rstrip("/") for u in raw.split(",") if u.strip())
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise SettingsError(f"{name} has {url!r}, which is not an http(s) URL")
    if not urls:
        raise SettingsError(f"{name} is empty")
    return urls


def _dsn(raw: str) -> str:
    # The value is never echoed: it may hold the password.
    if not raw.startswith(("postgres://", "postgresql://")):
        raise SettingsError("DATABASE_URL must start with postgresql:// or postgres://")
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise SettingsError(f"DATABASE_URL is not a valid PostgreSQL URL ({exc})") from None
    return raw


def load_secret(home: Path, filename: str) -> bytes:
    """Return a secret kept in ``home``; create it (mode 0600) the first time, safely under races."""
    path = home / "secrets" / filename
    try:
        return path.read_text().strip().encode()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip().encode()
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return value.encode()


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a Lotsen process is configured with; built once by :func:`load_settings`."""

    home: Path
    database_url: str | None
    env: str
    gateway_host: str
    gateway_port: int
    validation_host: str
    validation_port: int
    sfi_host: str
    sfi_port: int
    validation_urls: tuple[str, ...]
    sfi_urls: tuple[str, ...]
    internal_secret: bytes = field(repr=False)
    jwt_secret: bytes = field(repr=False)
    jwks_url: str | None
    jwt_issuer: str
    jwt_audience: str
    db_pool_min: int
    db_pool_max: int
    access_log: bool
    log_level: str
    scheduler_enabled: bool
    idempotency_hours: int
    extra: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def dev(self) -> bool:
        """True outside production: dev secrets, demo sign-in, non-Secure cookies."""
        return self.env != "production"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build settings from the environment; raise :class:`SettingsError` with one line on a bad value."""
    env = os.environ if env is None else env
    home = Path(env.get("LOTSEN_HOME") or "./.lotsen").resolve()
    validation_port = env_port(env, "LOTSEN_VALIDATION_PORT", 8081)
    sfi_port = env_port(env, "LOTSEN_SFI_PORT", 8082)
    internal = env.get("LOTSEN_INTERNAL_SECRET")
    if internal is not None and len(internal) < 32:
        raise SettingsError("LOTSEN_INTERNAL_SECRET must be at least 32 characters")
    jwt_secret = env.get("LOTSEN_JWT_SECRET")
    if jwt_secret is not None and len(jwt_secret) < 32:
        raise SettingsError("LOTSEN_JWT_SECRET must be at least 32 characters")
    jwks_url = env.get("LOTSEN_JWKS_URL") or None
    if jwks_url is not None:
        _urls("LOTSEN_JWKS_URL", jwks_url)
    pool_min = env_int(env, "LOTSEN_DB_POOL_MIN", 2, 0, 100)
    pool_max = env_int(env, "LOTSEN_DB_POOL_MAX", 10, 1, 500)
    if pool_max < pool_min:
        raise SettingsError(f"LOTSEN_DB_POOL_MAX={pool_max} is below LOTSEN_DB_POOL_MIN={pool_min}")
    return Settings(
        home=home,
        database_url=_dsn(env["DATABASE_URL"]) if env.get("DATABASE_URL") else None,
        env=env_choice(env, "LOTSEN_ENV", "development", ("development", "production")),
        gateway_host=env.get("LOTSEN_GATEWAY_HOST") or "0.0.0.0",  # noqa: S104 - the one public listener
        gateway_port=env_port(env, "LOTSEN_GATEWAY_PORT", 8080),
        validation_host=env.get("LOTSEN_VALIDATION_HOST") or "127.0.0.1",
        validation_port=validation_port,
        sfi_host=env.get("LOTSEN_SFI_HOST") or "127.0.0.1",
        sfi_port=sfi_port,
        validation_urls=_urls(
            "LOTSEN_VALIDATION_URL", env.get("LOTSEN_VALIDATION_URL") or f"http://127.0.0.1:{validation_port}"
        ),
        sfi_urls=_urls("LOTSEN_SFI_URL", env.get("LOTSEN_SFI_URL") or f"http://127.0.0.1:{sfi_port}"),
        internal_secret=internal.encode() if internal else load_secret(home, "internal_secret"),
        jwt_secret=jwt_secret.encode() if jwt_secret else load_secret(home, "jwt_secret"),
        jwks_url=jwks_url,
        jwt_issuer=env.get("LOTSEN_JWT_ISSUER") or "lotsen-dev",
        jwt_audience=env.get("LOTSEN_JWT_AUDIENCE") or "lotsen",
        db_pool_min=pool_min,
        db_pool_max=pool_max,
        access_log=env_bool(env, "LOTSEN_ACCESS_LOG", True),
        log_level=env_choice(env, "LOTSEN_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
        scheduler_enabled=env_bool(env, "LOTSEN_SCHEDULER", True),
        idempotency_hours=env_int(env, "LOTSEN_IDEMPOTENCY_HOURS", 24, 1, 24 * 90),
        extra={k: v for k, v in env.items() if k.startswith("LOTSEN_")},
    )
