"""``python -m services.gateway``: run one gateway replica."""

from services.gateway.app import create_app
from services.gateway.server import run
from shared.serve import prepare, startup_errors_as_one_line


def main() -> None:
    """Serve on ``LOTSEN_GATEWAY_HOST:LOTSEN_GATEWAY_PORT`` (and the internal port, see server.py)."""
    settings, app, loop = prepare("gateway", create_app)
    with startup_errors_as_one_line("gateway", settings.gateway_host, settings.gateway_port):
        run(app, settings.gateway_host, settings.gateway_port, loop)


if __name__ == "__main__":
    main()
