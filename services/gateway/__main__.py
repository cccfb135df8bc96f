"""``python -m services.gateway``: run one gateway replica."""

from services.gateway.app import create_app
from shared.serve import serve


def main() -> None:
    """Serve on ``LOTSEN_GATEWAY_HOST:LOTSEN_GATEWAY_PORT``."""
    serve("gateway", create_app, lambda s: (s.gateway_host, s.gateway_port))


if __name__ == "__main__":
    main()
