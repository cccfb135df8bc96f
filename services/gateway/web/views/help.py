"""The help page: SFI, placements, validation, the start guarantee, appeals and interpreters, in seven languages."""

from __future__ import annotations

from aiohttp import web

from services.gateway.web.help import page_context
from services.gateway.web.render import render
from services.gateway.web.views.common import page


@page
async def help_page(request: web.Request) -> web.Response:
    """Plain-language answers, readable without signing in (texts from the ``help`` catalogue)."""
    return render(request, "help.html", page_context(request))
