"""``python -m services.gateway``: run one gateway replica."""

from services.gateway.app import create_app
from services.gateway.server import run
from shared.serve import prepare


def main() -> None:
    """Serve on ``LOTSEN_GATEWAY_HOST:LOTSEN_GATEWAY_PORT`` (and the internal port, see server.py)."""
    settings, loop = prepare("gateway")
    run(create_app(settings), settings.gateway_host, settings.gateway_port, loop)


if __name__ == "__main__":
    main()
