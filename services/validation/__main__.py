"""``python -m services.validation``: run one validation replica."""

from services.validation.app import create_app
from shared.serve import serve


def main() -> None:
    """Serve on ``LOTSEN_VALIDATION_HOST:LOTSEN_VALIDATION_PORT``."""
    serve("validation", create_app, lambda s: (s.validation_host, s.validation_port))


if __name__ == "__main__":
    main()
