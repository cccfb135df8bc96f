"""Sign-in through the real OpenID Provider (npm oidc-provider): client authentication, claims, roles, keys."""

from __future__ import annotations

import pytest

from tests.integration.gateway.oidc_support import session_claims, sign_in


@pytest.mark.parametrize("auth", ["client_secret_basic", "client_secret_post"])
async def test_a_caseworker_signs_in_with_roles_and_name_from_userinfo(oidc_gateway, live_provider, auth):
    gateway = await oidc_gateway(auth=auth)
    agent = gateway.agent()
    status, location, _ = await sign_in(agent, gateway, "karin")
    assert (status, location) == (303, "/work")
    claims = session_claims(agent)
    assert (claims["sub"], claims["roles"], claims["name"]) == ("karin", ["caseworker"], "Karin Lind")
    assert live_provider.counts()["/me"] >= 1  # by the provider's default the roles come only from userinfo
