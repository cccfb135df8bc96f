"""The page routes, in one table."""

from __future__ import annotations

from aiohttp import web

from services.gateway.web.views import public, signin


def add_routes(app: web.Application) -> None:
    """Every page of the web UI."""
    r = app.router
    r.add_get("/", public.landing)
    r.add_get("/lang/{code}", public.switch_language)
    r.add_get("/signin", signin.signin_page)
    r.add_post("/signin/demo", signin.demo_signin)
    r.add_get("/signin/oidc", signin.oidc_start)
    r.add_get("/signin/callback", signin.oidc_callback)
    r.add_post("/signout", signin.signout)
    r.add_get("/sfi", public.finder)
    r.add_get("/sfi/groups/{id}", public.group_page)
