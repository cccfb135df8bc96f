"""Signing people in through the municipality's OpenID Provider (an OIDC relying party).

``config`` reads the ``LOTSEN_OIDC_*`` settings, ``claims`` turns verified claims into a Lotsen person
(pure), ``provider`` caches the provider's discovery document and signing keys, ``tokens`` checks ID
tokens and builds the client authentication, ``flow`` runs the authorisation-code flow with PKCE.
The pages that use it are in ``services/gateway/web/views/signin.py``; docs/operations.md explains how a
municipality connects its e-legitimation broker.
"""
