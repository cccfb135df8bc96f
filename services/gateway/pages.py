"""The web pages people use (the landing page for now)."""

from __future__ import annotations

from aiohttp import web

_LANDING = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Lotsen – en väg in</title></head>
<body><main>
<h1>Lotsen – en väg in</h1>
<p>En ingång till kommunens tjänster för validering av kunskaper och SFI (svenska för invandrare).</p>
<ul>
<li><a href="/api/sfi/v1/courses">SFI-kurser</a></li>
<li><a href="/api/validation/v1/roles">Yrken att validera mot</a></li>
<li><a href="/api/openapi.json">API (OpenAPI)</a></li>
</ul>
</main></body></html>
"""


async def landing(request: web.Request) -> web.Response:
    """The landing page: what Lotsen is and where to go."""
    return web.Response(text=_LANDING, content_type="text/html")
