"""The web pages people use, served by the gateway: ``setup_web(app, settings, pools_key)``."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from services.gateway.oidc.flow import oidc_context
from services.gateway.web import errors, help, render, session
from services.gateway.web.client import POOLS_OF
from services.gateway.web.config import WEB_CONFIG, from_settings
from services.gateway.web.i18n import CATALOGUES, load_catalogues
from services.gateway.web.routes import add_routes
from shared.settings import Settings

HERE = Path(__file__).parent
STATIC = (HERE / "static").resolve()


async def static_file(request: web.Request) -> web.StreamResponse:
    """A file of ``static/``; anything else is a 404 that the error pages turn into the site's page.

    (aiohttp's own static route answers a missing file with an empty, already-sent 404 that no middleware can
    replace; a ``FileResponse`` is only made for a file that is there.)
    """
    path = (STATIC / request.match_info["path"]).resolve()
    if not path.is_relative_to(STATIC) or not path.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(path)


def setup_web(app: web.Application, settings: Settings, pools_key: web.AppKey) -> None:
    """Install templates, catalogues, cookie sessions, static files and every page route on ``app``."""
    app[WEB_CONFIG] = config = from_settings(settings)
    if config.oidc is not None:
        app.cleanup_ctx.append(oidc_context(config.oidc))  # the client session to the identity provider
    app[CATALOGUES] = load_catalogues()
    app[POOLS_OF] = lambda a: a[pools_key]
    session.configure(app, settings.jwt_secret, settings.jwt_issuer)
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(("html",), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.ChainableUndefined,
    )
    help.configure(app, env, settings.extra)  # the help catalogue in every template, whom to contact
    env.filters["tuple_pair"] = lambda v: (v, v)
    env.filters["pick"] = lambda item, key, label: (item[key], item[label])
    env.filters["translate_pair"] = lambda pair, gettext: (pair[0], gettext(pair[1]))
    # Bidi isolation (right-to-left pages), also inside imported macros: render.ltr / bdi / isolate_numbers.
    env.globals.update(ltr=render.ltr, bdi=render.bdi)
    env.filters["isolated"] = render.isolate_numbers
    app.router.add_get("/static/{path:.+}", static_file, name="static")
    add_routes(app)
    errors.install(app)  # HTML error pages for browsers, problem+json for API clients
