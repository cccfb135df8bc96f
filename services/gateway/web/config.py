"""The web pages' own typed settings (sign-in and cookies), built once from ``settings.extra``."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from services.gateway.oidc.config import OidcConfig
from services.gateway.oidc.config import from_env as oidc_from_env
from shared.settings import Settings, SettingsError, env_int, env_parsed, parse_size

SESSION_COOKIE = "lotsen_session"
CSRF_COOKIE = "lotsen_csrf"
LANG_COOKIE = "lotsen_lang"
OIDC_COOKIE = "lotsen_oidc"


@dataclass(frozen=True, slots=True)
class WebConfig:
    """How people sign in to the pages, and how the cookies are set."""

    dev: bool
    secure_cookies: bool
    session_hours: int
    session_idle_minutes: int = 60
    oidc: OidcConfig | None = None
    # The validation service's per-file limit (the same variable it reads), so the page promises what it takes.
    max_file_bytes: int = 10 * 1024**2

    @property
    def oidc_enabled(self) -> bool:
        """True when an identity provider is configured."""
        return self.oidc is not None


WEB_CONFIG = web.AppKey("web_config", WebConfig)


def from_settings(settings: Settings) -> WebConfig:
    """Read ``LOTSEN_OIDC_*`` and ``LOTSEN_SESSION_*``; a bad value raises one line naming the variable."""
    env = dict(settings.extra)
    hours = env_int(env, "LOTSEN_SESSION_HOURS", 8, 1, 24 * 14)
    idle = env_int(env, "LOTSEN_SESSION_IDLE_MINUTES", 60, 5, 24 * 14 * 60)
    if idle > hours * 60:
        raise SettingsError(f"LOTSEN_SESSION_IDLE_MINUTES={idle} is longer than LOTSEN_SESSION_HOURS={hours}")
    max_file = env_parsed(env, "LOTSEN_VALIDATION_MAX_FILE_SIZE", 10 * 1024**2, parse_size, "a size such as 10MB")
    return WebConfig(dev=settings.dev, secure_cookies=not settings.dev, session_hours=hours,
                     session_idle_minutes=idle, oidc=oidc_from_env(env), max_file_bytes=max_file)  # fmt: skip
