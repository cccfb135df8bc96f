"""Container health check: exit 0 when this container's Lotsen service answers ``/healthz`` with 200.

One image runs every service, so the check asks each configured service port on loopback; a container
runs exactly one service, so whichever port answers is its own. Standard library only (no curl in the
image). Usage: ``python healthcheck.py`` (the image's HEALTHCHECK and the compose file call it).
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

PORTS = (("LOTSEN_GATEWAY_PORT", "8080"), ("LOTSEN_VALIDATION_PORT", "8081"), ("LOTSEN_SFI_PORT", "8082"))


def healthy(port: str, timeout: float = 2.0) -> bool:
    """True when ``http://127.0.0.1:<port>/healthz`` answers 200 within ``timeout`` seconds."""
    try:
        url = f"http://127.0.0.1:{int(port)}/healthz"
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def main() -> int:
    """Check every configured service port; 0 if one is healthy, else 1 (Docker's "unhealthy")."""
    ports = {os.environ.get(name) or default for name, default in PORTS}
    return 0 if any(healthy(port) for port in sorted(ports)) else 1


if __name__ == "__main__":
    sys.exit(main())
