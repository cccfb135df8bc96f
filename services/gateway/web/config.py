"""The web pages' own typed settings (sign-in and cookies), built once from ``settings.extra``."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from shared.settings import Settings, SettingsError, env_int

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
    oidc_issuer: str | None
    oidc_client_id: str | None
    oidc_client_secret: str | None = None
    oidc_redirect_url: str | None = None
    oidc_scope: str = "openid profile"
    oidc_roles_claim: str = "roles"

    @property
    def oidc_enabled(self) -> bool:
        """True when an identity provider is configured."""
        return bool(self.oidc_issuer and self.oidc_client_id)


WEB_CONFIG = web.AppKey("web_config", WebConfig)


def _url(env: dict, name: str) -> str | None:
    value = (env.get(name) or "").strip()
    if value and not value.startswith(("https://", "http://")):
        raise SettingsError(f"{name} must be an http(s) URL")
    return value or None


def from_settings(settings: Settings) -> WebConfig:
    """Read ``LOTSEN_OIDC_*`` and ``LOTSEN_SESSION_HOURS``; a bad value raises one line naming the variable."""
    env = dict(settings.extra)
    config = WebConfig(
        dev=settings.dev,
        secure_cookies=not settings.dev,
        session_hours=env_int(env, "LOTSEN_SESSION_HOURS", 8, 1, 24 * 14),
        oidc_issuer=_url(env, "LOTSEN_OIDC_ISSUER"),
        oidc_client_id=(env.get("LOTSEN_OIDC_CLIENT_ID") or "").strip() or None,
        oidc_client_secret=env.get("LOTSEN_OIDC_CLIENT_SECRET") or None,
        oidc_redirect_url=_url(env, "LOTSEN_OIDC_REDIRECT_URL"),
        oidc_scope=env.get("LOTSEN_OIDC_SCOPE") or "openid profile",
        oidc_roles_claim=env.get("LOTSEN_OIDC_ROLES_CLAIM") or "roles",
    )
    if bool(config.oidc_issuer) != bool(config.oidc_client_id):
        raise SettingsError("LOTSEN_OIDC_ISSUER and LOTSEN_OIDC_CLIENT_ID must be set together")
    return config
