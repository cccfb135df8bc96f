"""``python -m services.sfi_schedule``: run one sfi_schedule replica."""

from services.sfi_schedule.app import create_app
from shared.serve import serve


def main() -> None:
    """Serve on ``LOTSEN_SFI_HOST:LOTSEN_SFI_PORT``."""
    serve("sfi_schedule", create_app, lambda s: (s.sfi_host, s.sfi_port))


if __name__ == "__main__":
    main()
